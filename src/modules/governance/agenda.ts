// Managing an agenda (issue 13.1): reordering, editing and withdrawing items, replacing a paper
// with a new version while the earlier one is kept (and stays downloadable), and approving the
// previous meeting's minutes. Every change is refused on a cancelled meeting or a withdrawn item,
// and audited.
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { conflict, notFound } from '../../platform/errors.ts'
import { saveFile, type AcceptedUpload } from '../../platform/files/file-store.ts'
import { longDate, longDateTime } from '../../platform/london-time.ts'
import type { Services } from '../../platform/services.ts'
import { writableItem, writableMeeting } from './meetings.ts'
import * as repo from './repository.ts'
import { auditBy, checkId, type Ctx } from './service.ts'

export async function moveAgendaItem(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  direction: 'up' | 'down',
): Promise<void> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  await services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const items = await repo.agendaItems(trx, ctx.scope, meeting.id)
    const onAgenda = items.filter((i) => i.withdrawnAt === null)
    const at = onAgenda.findIndex((i) => i.id === item.id)
    const other = onAgenda[direction === 'up' ? at - 1 : at + 1]
    if (at < 0 || other === undefined)
      throw conflict(
        `“${item.title}” is already ${direction === 'up' ? 'first' : 'last'} on the agenda.`,
      )
    // Swap the two in the full list (withdrawn items keep their places in the history).
    const order = items.map((i) => i.id)
    const a = order.indexOf(item.id)
    const b = order.indexOf(other.id)
    order[a] = other.id
    order[b] = item.id
    await repo.renumberAgendaItems(trx, ctx.scope, order, services.clock.now())
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'agenda_item',
      recordId: item.id,
      changes: {
        before: { position: at + 1 },
        after: { position: direction === 'up' ? at : at + 2 },
      },
    })
  })
}

export interface AgendaItemForm {
  readonly title: string
  readonly presenterName: string | null
  readonly restricted: boolean
}

export async function editAgendaItem(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  form: AgendaItemForm,
): Promise<void> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  await services.db.transaction().execute(async (trx) => {
    await repo.updateAgendaItem(trx, ctx.scope, item.id, { ...form, now: services.clock.now() })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'agenda_item',
      recordId: item.id,
      changes: changedFields(
        { title: item.title, presenterName: item.presenterName, restricted: item.restricted },
        { ...form },
      ),
    })
  })
}

/** Withdraws an item: kept (struck through) in the meeting's history, left out of the pack. */
export async function withdrawAgendaItem(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
): Promise<void> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    await repo.markItemWithdrawn(trx, ctx.scope, item.id, now)
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'agenda_item',
      recordId: item.id,
      changes: { before: { withdrawnAt: null }, after: { withdrawnAt: now } },
    })
  })
}

/** The current version of a paper, for replacing: refused once it has itself been replaced. */
export async function replaceablePaper(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  paperId: string,
): Promise<{ meeting: repo.MeetingRow; item: repo.AgendaItemRow; paper: repo.PaperRow }> {
  checkId(paperId)
  const meeting = await writableMeeting(services, ctx, meetingId)
  const papers = await repo.meetingPapers(services.db, ctx.scope, meeting.id)
  const paper = papers.find((p) => p.id === paperId)
  if (paper === undefined) throw notFound()
  const item = await writableItem(services, ctx.scope, meeting.id, paper.agendaItemId)
  if (paper.replacedAt !== null)
    throw conflict(
      `Version ${String(paper.version)} of “${paper.title}” has already been replaced. Replace the current version instead.`,
    )
  return { meeting, item, paper }
}

/** Adds a new version of a paper; the earlier one is kept and marked replaced. */
export async function replacePaper(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  paperId: string,
  input: { title: string; upload: AcceptedUpload },
): Promise<string> {
  const { meeting, item, paper } = await replaceablePaper(services, ctx, meetingId, paperId)
  return services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const now = services.clock.now()
    const current = (await repo.meetingPapers(trx, ctx.scope, meeting.id)).find(
      (p) => p.id === paper.id,
    )
    if (current?.replacedAt !== null)
      throw conflict(`“${paper.title}” has just been replaced by someone else. Reload the meeting.`)
    const file = await saveFile(trx, ctx.scope, input.upload, ctx.actor.userId, now)
    await repo.markPaperReplaced(trx, ctx.scope, paper.id, now)
    const id = await repo.insertPaper(trx, ctx.scope, {
      meetingId: meeting.id,
      agendaItemId: item.id,
      fileId: file.id,
      title: input.title,
      addedAt: now,
      addedByUserId: ctx.actor.userId,
      version: paper.version + 1,
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'meeting_paper',
      recordId: id,
      changes: {
        after: {
          meetingId: meeting.id,
          agendaItemId: item.id,
          title: input.title,
          version: paper.version + 1,
          replaces: paper.id,
          fileId: file.id,
          filename: file.filename,
          sizeBytes: file.sizeBytes,
        },
      },
    })
    return id
  })
}

// ---------------------------------------------------------------------------------------------
// Approving the previous meeting's minutes: a decision of the next meeting of the same group.

export interface MinutesStatus {
  /** Where this meeting's own minutes were approved, if they have been. */
  readonly approvedAt: { meetingId: string; startsAt: Date; groupName: string } | null
  /** The group's previous meeting that went ahead, and whether its minutes await approval. */
  readonly previous: repo.MeetingRow | null
  readonly previousAwaitsApproval: boolean
}

export async function minutesStatus(
  services: Services,
  ctx: Ctx,
  meeting: repo.MeetingRow,
): Promise<MinutesStatus> {
  const [approvedAt, previous] = await Promise.all([
    repo.minutesApprovalOf(services.db, ctx.scope, meeting.id),
    repo.previousMeetingOf(services.db, ctx.scope, meeting.groupId, meeting.startsAt),
  ])
  const previousApproval =
    previous === undefined
      ? undefined
      : await repo.minutesApprovalOf(services.db, ctx.scope, previous.id)
  return {
    approvedAt: approvedAt ?? null,
    previous: previous ?? null,
    previousAwaitsApproval: previous !== undefined && previousApproval === undefined,
  }
}

/**
 * Records that this meeting approved the minutes of the group's previous meeting: an agenda item
 * of this meeting with the decision, linked to the meeting whose minutes it approves. Only at (or
 * after) this meeting, only for the meeting just before it, and only once.
 */
export async function approvePreviousMinutes(
  services: Services,
  ctx: Ctx,
  meetingId: string,
): Promise<string> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  if (meeting.startsAt > services.clock.now())
    throw conflict(
      `The minutes are approved at the meeting. Record the approval on or after ${longDateTime(meeting.startsAt)}.`,
    )
  return services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const previous = await repo.previousMeetingOf(trx, ctx.scope, meeting.groupId, meeting.startsAt)
    if (previous === undefined)
      throw conflict(`${meeting.groupName} has no earlier meeting whose minutes could be approved.`)
    await repo.lockMeeting(trx, ctx.scope, previous.id)
    const already = await repo.minutesApprovalOf(trx, ctx.scope, previous.id)
    if (already !== undefined)
      throw conflict(
        `The minutes of the meeting on ${longDate(previous.startsAt)} were already approved at the meeting on ${longDate(already.startsAt)}.`,
      )
    const decision = `The minutes of the meeting on ${longDate(previous.startsAt)} were approved as a true record.`
    const [id] = await repo.insertAgendaItems(trx, ctx.scope, meeting.id, [
      {
        title: `Minutes of the previous meeting (${longDate(previous.startsAt)})`,
        presenterName: null,
        restricted: false,
        approvesMinutesOfMeetingId: previous.id,
        decisions: decision,
      },
    ])
    if (id === undefined) throw new Error('The approval was not saved')
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'agenda_item',
      recordId: id,
      changes: { after: { meetingId: meeting.id, approvesMinutesOf: previous.id, decision } },
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'meeting',
      recordId: previous.id,
      changes: { after: { minutesApprovedAtMeeting: meeting.id } },
    })
    return id
  })
}
