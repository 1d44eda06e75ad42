// Background work: overdue actions escalate to the next meeting of the raising group's parent, and
// each person gets a daily digest of their actions due within 7 days or overdue and of meeting
// papers published. Both are safe to run twice at once: escalation takes a lock per meeting and a
// unique index backs it; the digest claims (partnership, person, day) before sending, and gives
// the claim back if the mail cannot be sent.
import { fromLegacyContext } from '../../platform/use-case.ts'
import { partnershipScopes } from '../../platform/jobs/partnerships.ts'
import { londonDate, longDate, longDateTime } from '../../platform/london-time.ts'
import type { Services } from '../../platform/services.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import {
  actionsDueForOwner,
  formatReference,
  overdueActionsRaisedByGroups,
  recordEscalation,
  actionPaths,
} from '../actions/index.ts'
import { governancePaths } from './paths.ts'
import * as repo from './repository.ts'

const ESCALATION = 'Overdue escalation'

/** Puts each overdue action raised by a group on its parent group's next meeting (once). */
export async function escalateOverdueActions(
  services: Services,
  scope: TenantScope,
): Promise<number> {
  const now = services.clock.now()
  const overdue = await overdueActionsRaisedByGroups(fromLegacyContext(services, { scope: scope }))
  let added = 0
  for (const action of overdue) {
    if (action.raisedByGroupId === null) continue
    const group = await repo.findGroup(services.db, scope, action.raisedByGroupId)
    if (group === undefined) continue
    const target = group.parentGroupId ?? group.id
    const meeting = await repo.nextMeetingOf(services.db, scope, target, now)
    if (meeting === undefined) continue
    const done = await services.db.transaction().execute(async (trx) => {
      await repo.lockMeeting(trx, scope, meeting.id)
      if (await repo.escalationPending(trx, scope, action.id, now)) return false
      const [itemId] = await repo.insertAgendaItems(trx, scope, meeting.id, [
        {
          title: `Overdue action ${formatReference(action.reference)}: ${action.title} (${action.ownerAgencyName}, due ${longDate(action.dueDate)}, raised by ${group.name})`,
          presenterName: null,
          restricted: false,
          escalatedActionId: action.id,
        },
      ])
      await services.audit.record(trx, {
        partnershipId: scope.partnershipId,
        actorUserId: null,
        actorLabel: ESCALATION,
        action: 'create',
        recordType: 'agenda_item',
        recordId: itemId ?? null,
        changes: { after: { meetingId: meeting.id, escalatedActionId: action.id } },
      })
      await recordEscalation(
        fromLegacyContext(services, { scope, systemLabel: ESCALATION }, trx),
        action.id,
        `Added to the agenda of ${meeting.groupName} on ${longDate(meeting.startsAt)}.`,
      )
      return true
    })
    if (done) added += 1
  }
  return added
}

export async function escalateEverywhere(services: Services): Promise<number> {
  let added = 0
  for (const scope of await partnershipScopes(services.db))
    added += await escalateOverdueActions(services, scope)
  return added
}

export interface DigestSummary {
  readonly sent: number
}

/** Today's digest for every person who has something in it; at most one per person per day. */
export async function sendDigests(services: Services, scope: TenantScope): Promise<number> {
  const now = services.clock.now()
  const digestDate = londonDate(now)
  const since = new Date(now.getTime() - 24 * 3_600_000)
  let sent = 0
  for (const user of await repo.activeUsers(services.db, scope)) {
    const { overdue, dueSoon } = await actionsDueForOwner(
      fromLegacyContext(services, { scope: scope }),
      user.userId,
    )
    const packs = await repo.packsPublishedFor(services.db, scope, user.userId, since)
    if (overdue.length + dueSoon.length + packs.length === 0) continue
    const base = services.config.baseUrl
    const line = (a: (typeof overdue)[number]) =>
      `- ${formatReference(a.reference)} ${a.title} (due ${longDate(a.dueDate)}): ${base}${actionPaths.action({ actionId: a.id })}`
    const sections: string[] = []
    if (overdue.length > 0) sections.push(`Overdue actions:\n${overdue.map(line).join('\n')}`)
    if (dueSoon.length > 0)
      sections.push(`Actions due in the next 7 days:\n${dueSoon.map(line).join('\n')}`)
    if (packs.length > 0)
      sections.push(
        `Meeting papers published:\n${packs
          .map(
            (m) =>
              `- ${m.groupName}, ${longDateTime(m.startsAt)}: ${base}${governancePaths.myMeeting({ meetingId: m.id })}`,
          )
          .join('\n')}`,
      )
    // The claim and the mail commit together; the mail job delivers it, retrying if need be.
    const claimed = await services.db.transaction().execute(async (trx) => {
      const fresh = await repo.claimDigest(trx, scope, {
        userId: user.userId,
        digestDate,
        sentAt: now,
        overdue: overdue.length,
        dueSoon: dueSoon.length,
        papers: packs.length,
      })
      if (fresh)
        await services.mail.queue(trx, {
          to: user.email,
          subject: 'Your actions and meeting papers',
          text: `Dear ${user.displayName},\n\n${sections.join('\n\n')}\n`,
          partnershipId: scope.partnershipId,
        })
      return fresh
    })
    if (!claimed) continue
    sent += 1
  }
  return sent
}

export async function sendDigestsEverywhere(services: Services): Promise<number> {
  let sent = 0
  for (const scope of await partnershipScopes(services.db))
    sent += await sendDigests(services, scope)
  return sent
}
