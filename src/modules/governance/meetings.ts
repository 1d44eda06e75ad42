// Meetings: scheduling (single and recurring), agendas with standing and escalated items, papers,
// declarations of interest, attendance and quoracy, minutes and decisions, actions raised in the
// meeting, publishing the pack and sending calendar invitations. Mail goes after the commit.
import { fromLegacyContext } from '../../platform/use-case.ts'
import { randomUUID } from 'node:crypto'
import type { Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import {
  ValidationError,
  conflict,
  forbidden,
  notFound,
  type FieldError,
} from '../../platform/errors.ts'
import {
  readFile,
  saveFile,
  type AcceptedUpload,
  type StoredFileContent,
} from '../../platform/files/file-store.ts'
import {
  addDays,
  londonDate,
  londonInstant,
  longDate,
  longDateTime,
  shortTime,
} from '../../platform/london-time.ts'
import { messages } from '../../platform/messages.ts'
import type { Services } from '../../platform/services.ts'
import { tenantScope, type TenantScope } from '../../platform/tenancy.ts'
import { listActionsForSource, raiseAction, type RaiseActionForm } from '../actions/index.ts'
import { attendanceReport, type AttendanceReport } from './attendance-report.ts'
import {
  calendarInvitation,
  calendarUid,
  organiserFromAddress,
} from '../../platform/calendar/ics.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS } from './permissions.ts'
import { assessQuorum, describeRule, type QuorumResult } from './quorum.ts'
import * as repo from './repository.ts'
import type { MeetingForm } from './schemas.ts'
import { auditBy, checkId, type Ctx } from './service.ts'
import type { AttendanceStatus } from './tables.ts'

export const MEETING_ITEM_SOURCE = 'meeting_item'

// ---------------------------------------------------------------------------------------------
// Scheduling.

/** The dates of a series: the first, then every week or on the same day of each month. */
export function seriesDates(
  first: string,
  repeat: 'none' | 'weekly' | 'monthly',
  occurrences: number,
): string[] {
  if (repeat === 'none') return [first]
  const dates: string[] = []
  const [y, m, d] = first.split('-').map(Number) as [number, number, number]
  for (let i = 0; i < occurrences; i += 1) {
    if (repeat === 'weekly') dates.push(addDays(first, 7 * i))
    else {
      const monthIndex = m - 1 + i
      const year = y + Math.floor(monthIndex / 12)
      const month = (monthIndex % 12) + 1
      const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
      const day = Math.min(d, lastDay)
      dates.push(
        `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      )
    }
  }
  return dates
}

export async function scheduleMeetings(
  services: Services,
  ctx: Ctx,
  groupId: string,
  form: MeetingForm,
): Promise<string[]> {
  checkId(groupId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  const problems: FieldError[] = []
  if (form.endTime <= form.startTime)
    problems.push({
      field: 'endTime',
      message: messages.dateAfter('the end time', 'the start time'),
    })
  if (form.repeat !== 'none' && form.occurrences === null)
    problems.push({ field: 'occurrences', message: messages.enter('the number of meetings') })
  if (problems.length > 0) throw new ValidationError(problems)
  const dates = seriesDates(form.date, form.repeat, form.occurrences ?? 1)
  return services.db.transaction().execute(async (trx) => {
    if ((await repo.findGroup(trx, ctx.scope, groupId)) === undefined) throw notFound()
    const seriesId = dates.length > 1 ? randomUUID() : null
    const ids = await repo.insertMeetings(
      trx,
      ctx.scope,
      dates.map((date) => ({
        groupId,
        seriesId,
        startsAt: londonInstant(date, form.startTime),
        endsAt: londonInstant(date, form.endTime),
        location: form.location,
      })),
    )
    const standing = await repo.standingItems(trx, ctx.scope, groupId)
    await repo.insertStandingItemsForMeetings(trx, ctx.scope, ids, standing)
    for (const [i, id] of ids.entries())
      await services.audit.record(trx, {
        ...auditBy(ctx),
        action: 'create',
        recordType: 'meeting',
        recordId: id,
        changes: {
          after: {
            groupId,
            seriesId,
            date: dates[i],
            startTime: form.startTime,
            endTime: form.endTime,
            location: form.location,
          },
        },
      })
    return ids
  })
}

// ---------------------------------------------------------------------------------------------
// Reading a meeting.

async function meetingOr404(services: Services, scope: TenantScope, meetingId: string) {
  checkId(meetingId)
  const meeting = await repo.findMeeting(services.db, scope, meetingId)
  if (meeting === undefined) throw notFound()
  return meeting
}

/** The business unit runs meetings: it sees everything, papers included before publication. */
function runsMeetings(services: Services, actor: Actor): boolean {
  return services.policy.can(actor, GOVERNANCE_PERMISSIONS.manage)
}

/** May this person see restricted (exempt) items of the group's meetings? */
async function clearedForRestricted(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
  groupId: string,
): Promise<boolean> {
  if (services.policy.can(ctx.actor, GOVERNANCE_PERMISSIONS.manage)) return true
  const personIds = await repo.personIdsForUser(services.db, ctx.scope, ctx.actor.userId)
  for (const personId of personIds) {
    const membership = await repo.currentMembershipOf(services.db, ctx.scope, groupId, personId)
    if (membership?.clearedForRestricted === true) return true
  }
  return false
}

export interface MeetingDetail {
  readonly meeting: repo.MeetingRow
  readonly items: readonly (repo.AgendaItemRow & { hidden: boolean })[]
  readonly papers: readonly repo.PaperRow[]
  readonly declarations: readonly repo.DeclarationRow[]
  readonly attendance: readonly repo.AttendanceRow[]
  readonly members: readonly repo.MemberRow[]
  readonly quorumRule: string | null
  readonly quorum: QuorumResult
  readonly actions: Awaited<ReturnType<typeof listActionsForSource>>
  readonly canSeeRestricted: boolean
}

/**
 * Loads a meeting as the person may see it: restricted items redacted unless they are cleared, and
 * papers hidden until the pack is published unless they run meetings (the business unit).
 */
async function loadMeeting(
  services: Services,
  scope: TenantScope,
  meeting: repo.MeetingRow,
  canSeeRestricted: boolean,
  canSeeUnpublishedPapers: boolean,
): Promise<MeetingDetail> {
  const [items, papers, decls, attendance, members] = await Promise.all([
    repo.agendaItems(services.db, scope, meeting.id),
    repo.meetingPapers(services.db, scope, meeting.id),
    repo.declarations(services.db, scope, meeting.id),
    repo.attendanceFor(services.db, scope, [meeting.id]),
    repo.groupMembers(services.db, scope, meeting.groupId, { includeEnded: true }),
  ])
  const meetingDate = londonDate(meeting.startsAt)
  const expected = members.filter(
    (m) => m.startedOn <= meetingDate && (m.endedOn === null || m.endedOn >= meetingDate),
  )
  const hiddenItems = new Set(
    items.filter((i) => i.restricted && !canSeeRestricted).map((i) => i.id),
  )
  const actions = await listActionsForSource(
    fromLegacyContext(services, { scope: scope }),
    MEETING_ITEM_SOURCE,
    items.filter((i) => !hiddenItems.has(i.id)).map((i) => i.id),
  )
  return {
    meeting,
    items: items.map((i) =>
      hiddenItems.has(i.id)
        ? {
            ...i,
            title: 'Restricted item',
            presenterName: null,
            minutes: null,
            decisions: null,
            hidden: true,
          }
        : { ...i, hidden: false },
    ),
    papers:
      meeting.packPublishedAt === null && !canSeeUnpublishedPapers
        ? []
        : papers.filter((p) => !hiddenItems.has(p.agendaItemId)),
    declarations: decls.filter((d) => !hiddenItems.has(d.agendaItemId)),
    attendance,
    members: expected,
    quorumRule: describeRule(meeting),
    quorum: assessQuorum(meeting, expected, attendance),
    actions,
    canSeeRestricted,
  }
}

export async function getMeeting(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
  meetingId: string,
): Promise<MeetingDetail> {
  const meeting = await meetingOr404(services, ctx.scope, meetingId)
  const cleared = await clearedForRestricted(services, ctx, meeting.groupId)
  return loadMeeting(services, ctx.scope, meeting, cleared, runsMeetings(services, ctx.actor))
}

export async function listUpcoming(services: Services, scope: TenantScope) {
  const now = services.clock.now()
  return repo.listMeetings(services.db, scope, { from: addHours(now, -12) })
}

function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000)
}

// ---------------------------------------------------------------------------------------------
// Agenda, papers, declarations, minutes.

export async function managedMeeting(services: Services, ctx: Ctx, meetingId: string) {
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  return meetingOr404(services, ctx.scope, meetingId)
}

/** Says why nothing more can be recorded against a cancelled meeting, and what to do. */
export function cancelledMessage(meeting: repo.MeetingRow): string {
  return `This meeting was cancelled${meeting.cancelledAt === null ? '' : ` on ${longDate(meeting.cancelledAt)}`}, so nothing more can be recorded against it. Reinstate the meeting first if it is going ahead.`
}

/**
 * A meeting the business unit may still change: every write on a cancelled meeting is refused
 * (409) until it is reinstated, so nothing is recorded against a meeting that did not happen.
 */
export async function writableMeeting(services: Services, ctx: Ctx, meetingId: string) {
  const meeting = await managedMeeting(services, ctx, meetingId)
  if (meeting.status === 'cancelled') throw conflict(cancelledMessage(meeting))
  return meeting
}

/** An agenda item that may still be changed: not withdrawn. */
export async function writableItem(
  services: Services,
  scope: TenantScope,
  meetingId: string,
  itemId: string,
) {
  const item = await itemOr404(services, scope, meetingId, itemId)
  if (item.withdrawnAt !== null)
    throw conflict(
      `“${item.title}” was withdrawn from the agenda on ${longDate(item.withdrawnAt)}, so nothing more can be recorded against it.`,
    )
  return item
}

export async function itemOr404(
  services: Services,
  scope: TenantScope,
  meetingId: string,
  itemId: string,
) {
  checkId(itemId)
  const item = await repo.findAgendaItem(services.db, scope, meetingId, itemId)
  if (item === undefined) throw notFound()
  return item
}

export async function getItem(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
): Promise<{ meeting: repo.MeetingRow; item: repo.AgendaItemRow; members: repo.MemberRow[] }> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  const members = await repo.groupMembers(services.db, ctx.scope, meeting.groupId)
  return { meeting, item, members }
}

export async function addAgendaItem(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  form: { title: string; presenterName: string | null; restricted: boolean },
): Promise<string> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  return services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const [id] = await repo.insertAgendaItems(trx, ctx.scope, meeting.id, [form])
    if (id === undefined) throw new Error('The agenda item was not saved')
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'agenda_item',
      recordId: id,
      changes: { after: { meetingId: meeting.id, ...form } },
    })
    return id
  })
}

export async function addPaper(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  input: { title: string; upload: AcceptedUpload },
): Promise<string> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  return services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    const file = await saveFile(trx, ctx.scope, input.upload, ctx.actor.userId, now)
    const id = await repo.insertPaper(trx, ctx.scope, {
      meetingId: meeting.id,
      agendaItemId: item.id,
      fileId: file.id,
      title: input.title,
      addedAt: now,
      addedByUserId: ctx.actor.userId,
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
          fileId: file.id,
          filename: file.filename,
          sizeBytes: file.sizeBytes,
        },
      },
    })
    return id
  })
}

export async function addDeclaration(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  form: { personId: string; interest: string },
): Promise<void> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  await services.db.transaction().execute(async (trx) => {
    if ((await repo.findPerson(trx, ctx.scope, form.personId)) === undefined)
      throw new ValidationError([
        { field: 'personId', message: messages.select('who is declaring an interest') },
      ])
    const id = await repo.insertDeclaration(trx, ctx.scope, {
      meetingId: meeting.id,
      agendaItemId: item.id,
      personId: form.personId,
      interest: form.interest,
      recordedAt: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'declaration_of_interest',
      recordId: id,
      changes: { after: { meetingId: meeting.id, agendaItemId: item.id, ...form } },
    })
  })
}

export async function recordMinutes(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  form: { minutes: string | null; decisions: string | null },
): Promise<void> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  await services.db.transaction().execute(async (trx) => {
    await repo.updateMinutes(trx, ctx.scope, item.id, { ...form, now: services.clock.now() })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'agenda_item',
      recordId: item.id,
      changes: changedFields(
        { minutes: item.minutes, decisions: item.decisions },
        { minutes: form.minutes, decisions: form.decisions },
      ),
    })
  })
}

/** An action agreed under an agenda item, raised in the action tracker (same transaction). */
export async function raiseMeetingAction(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  form: RaiseActionForm,
): Promise<{ id: string; reference: string }> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const item = await writableItem(services, ctx.scope, meeting.id, itemId)
  return services.db.transaction().execute(async (trx) =>
    raiseAction(fromLegacyContext(services, ctx, trx), {
      source: { type: MEETING_ITEM_SOURCE, id: item.id },
      title: form.title,
      description: form.description,
      ownerAgencyId: form.ownerAgencyId,
      ownerUserId: form.ownerUserId,
      dueDate: form.dueDate,
      raisedByGroupId: meeting.groupId,
      raisedOn:
        londonDate(meeting.startsAt) <= londonDate(services.clock.now())
          ? londonDate(meeting.startsAt)
          : londonDate(services.clock.now()),
    }),
  )
}

// ---------------------------------------------------------------------------------------------
// Attendance.

export interface AttendanceEntry {
  readonly personId: string
  readonly status: AttendanceStatus
  /** For 'substitute': who came in the member's place. */
  readonly substitutePersonId: string | null
}

export async function recordAttendance(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  entries: readonly AttendanceEntry[],
): Promise<void> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  if (meeting.startsAt > services.clock.now())
    throw conflict(
      `This meeting has not happened yet. Record attendance on or after ${longDateTime(meeting.startsAt)}.`,
    )
  await services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const members = await repo.groupMembers(trx, ctx.scope, meeting.groupId, { includeEnded: true })
    const byPerson = new Map(members.map((m) => [m.personId, m]))
    const problems: FieldError[] = []
    const rows: Parameters<typeof repo.replaceAttendance>[3][number][] = []
    const seen = new Set<string>()
    for (const entry of entries) {
      const member = byPerson.get(entry.personId)
      if (member === undefined) continue
      seen.add(entry.personId)
      if (entry.status === 'substitute') {
        const substitute =
          entry.substitutePersonId === null
            ? undefined
            : await repo.findPerson(trx, ctx.scope, entry.substitutePersonId)
        if (substitute === undefined || byPerson.has(substitute.id)) {
          problems.push({
            field: `substitute-${entry.personId}`,
            message: `Select who came in place of ${member.fullName}`,
          })
          continue
        }
        rows.push({
          personId: member.personId,
          status: 'apologies',
          substituteForPersonId: null,
          agencyId: member.agencyId,
          role: member.role,
        })
        rows.push({
          personId: substitute.id,
          status: 'substitute',
          substituteForPersonId: member.personId,
          agencyId: member.agencyId,
          role: member.role,
        })
      } else {
        rows.push({
          personId: member.personId,
          status: entry.status,
          substituteForPersonId: null,
          agencyId: member.agencyId,
          role: member.role,
        })
      }
    }
    const people = rows.map((r) => r.personId)
    if (new Set(people).size !== people.length)
      problems.push({ field: 'form', message: 'A person can be recorded only once' })
    if (problems.length > 0) throw new ValidationError(problems)
    const before = await repo.attendanceFor(trx, ctx.scope, [meeting.id])
    await repo.replaceAttendance(trx, ctx.scope, meeting.id, rows, services.clock.now())
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'meeting_attendance',
      recordId: meeting.id,
      changes: {
        before: { attendance: before.map((r) => [r.personId, r.status, r.substituteForPersonId]) },
        after: { attendance: rows.map((r) => [r.personId, r.status, r.substituteForPersonId]) },
      },
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Publishing the pack and invitations (mail queued in the same transaction).

function meetingTitle(meeting: repo.MeetingRow): string {
  return `${meeting.groupName}, ${longDateTime(meeting.startsAt)}`
}

function recipients(members: readonly repo.MemberRow[]): { name: string; email: string }[] {
  return members
    .filter((m): m is repo.MemberRow & { email: string } => m.email !== null)
    .map((m) => ({ name: m.fullName, email: m.email }))
}

export async function publishPack(
  services: Services,
  ctx: Ctx,
  meetingId: string,
): Promise<number> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  return services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const now = services.clock.now()
    await repo.markPackPublished(trx, ctx.scope, meeting.id, now)
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'meeting',
      recordId: meeting.id,
      changes: {
        before: { packPublishedAt: meeting.packPublishedAt },
        after: { packPublishedAt: now },
      },
    })
    const members = await repo.groupMembers(trx, ctx.scope, meeting.groupId)
    const link = `${services.config.baseUrl}${governancePaths.myMeeting({ meetingId: meeting.id })}`
    const to = recipients(members)
    for (const person of to)
      await services.mail.queue(trx, {
        to: person.email,
        subject: `Meeting papers published: ${meetingTitle(meeting)}`,
        text: `Dear ${person.name},\n\nThe papers for the ${meeting.groupName} meeting on ${longDateTime(meeting.startsAt)} have been published.\n\nRead the agenda and papers: ${link}\n`,
        partnershipId: ctx.scope.partnershipId,
      })
    return to.length
  })
}

export function invitationFor(
  services: Services,
  meeting: repo.MeetingRow,
  attendees: readonly { name: string; email: string }[],
  options: { cancelled?: boolean } = {},
): string {
  const cancelled = options.cancelled === true
  return calendarInvitation({
    method: cancelled ? 'CANCEL' : 'REQUEST',
    uid: calendarUid(meeting.id),
    // A cancellation must outrank any invitation sent in the same second.
    sequence: Math.floor(services.clock.now().getTime() / 1000) + (cancelled ? 1 : 0),
    stamp: services.clock.now(),
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: meeting.groupName,
    location: meeting.location,
    description: `Agenda and papers: ${services.config.baseUrl}${governancePaths.myMeeting({ meetingId: meeting.id })}`,
    organiser: organiserFromAddress(services.config.mail.from),
    attendees,
  })
}

export async function sendInvitations(
  services: Services,
  ctx: Ctx,
  meetingId: string,
): Promise<number> {
  const meeting = await writableMeeting(services, ctx, meetingId)
  const to = recipients(await repo.groupMembers(services.db, ctx.scope, meeting.groupId))
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'meeting',
      recordId: meeting.id,
      changes: { after: { invitationsSentTo: to.length } },
    })
    const ics = invitationFor(services, meeting, to)
    for (const person of to)
      await services.mail.queue(trx, {
        to: person.email,
        subject: `Invitation: ${meetingTitle(meeting)}`,
        text: `Dear ${person.name},\n\nYou are invited to the ${meeting.groupName} meeting on ${longDate(meeting.startsAt)} from ${shortTime(meeting.startsAt)} to ${shortTime(meeting.endsAt)}${meeting.location === null ? '' : ` at ${meeting.location}`}. The calendar invitation is attached.\n`,
        attachments: [
          {
            filename: 'invitation.ics',
            contentType: 'text/calendar; charset=utf-8; method=REQUEST',
            content: ics,
          },
        ],
        partnershipId: ctx.scope.partnershipId,
      })
  })
  return to.length
}

/**
 * Cancels a scheduled meeting: its status, an audit entry, and (queued with them) a message to each
 * member with a calendar cancellation (METHOD:CANCEL, the invitation's UID) so calendars drop it.
 */
export async function cancelMeeting(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  reason: string,
): Promise<number> {
  const meeting = await managedMeeting(services, ctx, meetingId)
  return services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const current = await repo.findMeeting(trx, ctx.scope, meeting.id)
    if (current === undefined) throw notFound()
    if (current.status === 'cancelled') throw conflict('This meeting has already been cancelled.')
    await repo.markCancelled(trx, ctx.scope, meeting.id, services.clock.now(), reason)
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'meeting',
      recordId: meeting.id,
      changes: {
        before: { status: current.status },
        after: { status: 'cancelled', cancellationReason: reason },
      },
    })
    const to = recipients(await repo.groupMembers(trx, ctx.scope, meeting.groupId))
    const ics = invitationFor(services, meeting, to, { cancelled: true })
    for (const person of to)
      await services.mail.queue(trx, {
        to: person.email,
        subject: `Cancelled: ${meetingTitle(meeting)}`,
        text: `Dear ${person.name},\n\nThe ${meeting.groupName} meeting on ${longDateTime(meeting.startsAt)} has been cancelled. The attached calendar update removes it from your calendar.\n`,
        attachments: [
          {
            filename: 'cancellation.ics',
            contentType: 'text/calendar; charset=utf-8; method=CANCEL',
            content: ics,
          },
        ],
        partnershipId: ctx.scope.partnershipId,
      })
    return to.length
  })
}

/** A cancelled meeting that can still be reinstated: it was due to start later than now. */
export async function reinstatableMeeting(services: Services, ctx: Ctx, meetingId: string) {
  const meeting = await managedMeeting(services, ctx, meetingId)
  requireReinstatable(services, meeting)
  return meeting
}

function requireReinstatable(services: Services, meeting: repo.MeetingRow): void {
  if (meeting.status !== 'cancelled') throw conflict('This meeting has not been cancelled.')
  if (meeting.startsAt <= services.clock.now())
    throw conflict(
      `This meeting was due on ${longDateTime(meeting.startsAt)}, so it can no longer be reinstated. Schedule a new meeting instead.`,
    )
}

/**
 * Reinstates a cancelled meeting before it was due to start: its status, and an audit entry with
 * the reason. Members are not mailed here; the meeting page offers to send invitations again.
 */
export async function reinstateMeeting(
  services: Services,
  ctx: Ctx,
  meetingId: string,
  reason: string,
): Promise<void> {
  const meeting = await managedMeeting(services, ctx, meetingId)
  await services.db.transaction().execute(async (trx) => {
    await repo.lockMeeting(trx, ctx.scope, meeting.id)
    const current = await repo.findMeeting(trx, ctx.scope, meeting.id)
    if (current === undefined) throw notFound()
    requireReinstatable(services, current)
    await repo.markReinstated(trx, ctx.scope, meeting.id, services.clock.now())
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'meeting',
      recordId: meeting.id,
      changes: {
        before: { status: 'cancelled', cancellationReason: current.cancellationReason },
        after: { status: 'scheduled', reinstatementReason: reason },
      },
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Paper downloads.

export async function paperFile(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor; requestId?: string; ip?: string },
  meetingId: string,
  paperId: string,
): Promise<StoredFileContent> {
  checkId(paperId)
  const detail = await getMeeting(services, ctx, meetingId)
  const paper = detail.papers.find((p) => p.id === paperId)
  if (paper === undefined) throw notFound()
  const file = await readFile(services.db, ctx.scope, paper.fileId, {
    audit: services.audit,
    by: { actorUserId: ctx.actor.userId, requestId: ctx.requestId ?? null, ip: ctx.ip ?? null },
    of: { recordType: 'meeting_paper', recordId: paper.id },
  })
  if (file === undefined) throw notFound()
  return file
}

// ---------------------------------------------------------------------------------------------
// Members' view: the meetings of the groups a person sits on, here or in a partnership that
// shares a joint group with theirs. Nothing else of the other partnership is reachable.

export interface MemberMeetingSummary {
  readonly meeting: repo.MeetingRow
  readonly partnershipName: string | null
}

export async function myMeetings(
  services: Services,
  actor: Actor,
): Promise<MemberMeetingSummary[]> {
  const home = tenantScope(actor.partnershipId)
  const from = addHours(services.clock.now(), -12)
  const own = await repo.listMeetings(services.db, home, {
    from,
    groupIds: await repo.groupIdsForUser(services.db, home, actor.userId),
  })
  const result: MemberMeetingSummary[] = own.map((meeting) => ({ meeting, partnershipName: null }))
  const joint = await repo.jointMembershipsFor(services.db, home, actor.email)
  for (const membership of joint) {
    const scope = tenantScope(membership.ownerPartnershipId)
    const meetings = await repo.listMeetings(services.db, scope, {
      from,
      groupId: membership.groupId,
    })
    for (const meeting of meetings)
      result.push({ meeting, partnershipName: membership.ownerPartnershipName })
  }
  return result.sort((a, b) => a.meeting.startsAt.getTime() - b.meeting.startsAt.getTime())
}

/**
 * A meeting as a member sees it: in the person's own partnership (members of the group, or anyone
 * who may read governance), or in a partnership that shares the meeting's group with theirs and
 * lists them as a member. Anything else is not found.
 */
export async function memberMeeting(
  services: Services,
  actor: Actor,
  meetingId: string,
): Promise<MeetingDetail & { partnershipName: string | null; scope: TenantScope }> {
  checkId(meetingId)
  const home = tenantScope(actor.partnershipId)
  const own = await repo.findMeeting(services.db, home, meetingId)
  if (own !== undefined) {
    const groups = await repo.groupIdsForUser(services.db, home, actor.userId)
    const member = groups.includes(own.groupId)
    if (!member && !services.policy.can(actor, GOVERNANCE_PERMISSIONS.read)) throw forbidden()
    const cleared = await clearedForRestricted(services, { scope: home, actor }, own.groupId)
    return {
      ...(await loadMeeting(services, home, own, cleared, runsMeetings(services, actor))),
      partnershipName: null,
      scope: home,
    }
  }
  const joint = await repo.jointMembershipsFor(services.db, home, actor.email)
  const owner = await repo.meetingOwner(services.db, meetingId, [
    ...new Set(joint.map((j) => j.ownerPartnershipId)),
  ])
  if (owner === undefined) throw notFound()
  const scope = tenantScope(owner)
  const meeting = await repo.findMeeting(services.db, scope, meetingId)
  const membership = joint.find(
    (j) => j.ownerPartnershipId === owner && j.groupId === meeting?.groupId,
  )
  if (meeting === undefined || membership === undefined) throw notFound()
  return {
    // Their partnership's business unit does not run this one's meetings.
    ...(await loadMeeting(services, scope, meeting, membership.clearedForRestricted, false)),
    partnershipName: membership.ownerPartnershipName,
    scope,
  }
}

export async function memberPaper(
  services: Services,
  actor: Actor,
  meetingId: string,
  paperId: string,
  request: { requestId?: string; ip?: string } = {},
): Promise<StoredFileContent> {
  checkId(paperId)
  // Before publication the detail holds no papers for anyone but the business unit.
  const detail = await memberMeeting(services, actor, meetingId)
  const paper = detail.papers.find((p) => p.id === paperId)
  if (paper === undefined) throw notFound()
  // Audited in the paper's own partnership, which may not be the reader's (a joint group).
  const file = await readFile(services.db, detail.scope, paper.fileId, {
    audit: services.audit,
    by: { actorUserId: actor.userId, requestId: request.requestId ?? null, ip: request.ip ?? null },
    of: { recordType: 'meeting_paper', recordId: paper.id },
  })
  if (file === undefined) throw notFound()
  return file
}

// ---------------------------------------------------------------------------------------------
// The attendance report.

/** The report's period: a year to today unless given; the end may not be before the start. */
export function attendanceRange(
  today: string,
  from: string | null,
  to: string | null,
): { range: { from: string; to: string }; errors: FieldError[] } {
  const range = { from: from ?? addDays(today, -365), to: to ?? today }
  const errors: FieldError[] =
    range.to < range.from
      ? [{ field: 'to', message: 'The end of the period must be after the start' }]
      : []
  return { range, errors }
}

export async function groupAttendance(
  services: Services,
  scope: TenantScope,
  groupId: string,
  range: { from: string; to: string },
): Promise<{ group: repo.GroupRow; report: AttendanceReport; meetings: repo.MeetingRow[] }> {
  checkId(groupId)
  const group = await repo.findGroup(services.db, scope, groupId)
  if (group === undefined) throw notFound()
  const now = services.clock.now()
  const meetings = (
    await repo.listMeetings(services.db, scope, {
      groupId,
      from: londonInstant(range.from, '00:00'),
      before: londonInstant(addDays(range.to, 1), '00:00'),
    })
  ).filter((m) => m.status === 'scheduled' && m.startsAt <= now)
  const [members, attendance] = await Promise.all([
    repo.groupMembers(services.db, scope, groupId, { includeEnded: true }),
    repo.attendanceFor(
      services.db,
      scope,
      meetings.map((m) => m.id),
    ),
  ])
  const agencies = new Map(
    (await repo.listAgencies(services.db, scope)).map((a) => [a.id, a.shortName ?? a.name]),
  )
  const report = attendanceReport(
    meetings.map((m) => ({ id: m.id, date: londonDate(m.startsAt) })),
    members.map((m) => ({
      personId: m.personId,
      role: m.role,
      agencyId: m.agencyId,
      agencyName: m.agencyId === null ? null : (agencies.get(m.agencyId) ?? m.agencyName),
      startedOn: m.startedOn,
      endedOn: m.endedOn,
    })),
    attendance,
  )
  return { group, report, meetings }
}

/** Writes the 'export' audit entry for a download of a meeting's or group's records. */
export async function auditExport(
  services: Services,
  ctx: Ctx,
  recordId: string,
  what: string,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'export',
      recordType: what.startsWith('attendance')
        ? 'group_attendance'
        : what.startsWith('decisions')
          ? 'decision_register'
          : 'meeting',
      recordId,
      changes: { format: what },
    })
  })
}
