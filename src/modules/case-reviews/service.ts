// Case reviews' use cases: serious incident notifications, rapid reviews (information returns,
// chronology, meeting and decision), reviews (milestones, hold, publication) and the public
// register. Every use case: authorise, guard the state, write in one transaction with its audit
// entry; every view of a case-level record writes a 'view' entry. Mail goes after the commit.
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { auditActorLabel, type Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { WorkingDayCalendar } from '../../platform/calendar/working-days.ts'
import { ValidationError, conflict, forbidden, notFound } from '../../platform/errors.ts'
import { randomToken, sha256 } from '../../platform/identity/crypto.ts'
import type { Role } from '../../platform/access/roles.ts'
import {
  readFile,
  saveFile,
  type AcceptedUpload,
  type StoredFileContent,
} from '../../platform/files/file-store.ts'
import { partnershipScopes } from '../../platform/jobs/partnerships.ts'
import { londonDate, longDate } from '../../platform/london-time.ts'
import { messages } from '../../platform/messages.ts'
import type { AttentionItem } from '../../platform/module.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid, tenantScope, type TenantScope } from '../../platform/tenancy.ts'
import { fromLegacyContext, viewRecord } from '../../platform/use-case.ts'
import { listPublishedBriefings } from '../learning/index.ts'
import { caseReviewPaths } from './paths.ts'
import {
  addMonths,
  formatIncidentReference,
  plannedMeeting,
  plural,
  statutoryClock,
  type PlannedMeeting,
  type StatutoryClock,
} from './presenter.ts'
import * as repo from './repository.ts'
import type {
  EntryRow,
  IncidentRow,
  MilestoneRow,
  PublishedReviewRow,
  ReturnRow,
  ReviewRow,
} from './repository.ts'
import { currentRules } from './rules.ts'
import { caseReviewFindingSource } from './sources.ts'
import type { AgeBand, HarmKind, MilestoneKind, RapidReviewDecision, ReviewKind } from './tables.ts'

export type { EntryRow, IncidentRow, MilestoneRow, ReturnRow, ReviewRow }

export const CASE_REVIEW_PERMISSIONS = {
  /** See serious incidents, rapid reviews and unpublished reviews (the case review team). */
  read: 'case_reviews.read',
  /** Record and change them (the case review team). */
  manage: 'case_reviews.manage',
  /** See and answer information returns: all, or (agency leads) those addressed to their agency. */
  returns: 'case_reviews.returns',
  /** The partnership's own extra non-working days (the team and partnership administrators). */
  holidays: 'case_reviews.holidays',
} as const

export interface CaseReviewContext {
  readonly scope: TenantScope
  readonly actor: Actor
  readonly requestId?: string
  readonly ip?: string
}

export function todayIn(services: Services): string {
  return londonDate(services.clock.now())
}

/** The partnership's working-day calendar: England and Wales bank holidays and its own extras. */
export async function calendarFor(
  services: Services,
  scope: TenantScope,
): Promise<WorkingDayCalendar> {
  return new WorkingDayCalendar({
    extraHolidays: await repo.partnershipHolidays(services.db, scope),
  })
}

function who(ctx: CaseReviewContext) {
  return {
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor.userId,
    actorLabel: auditActorLabel(ctx.actor),
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  }
}

async function auditView(
  services: Services,
  ctx: CaseReviewContext,
  recordType: string,
  recordId: string | null,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, { ...who(ctx), action: 'view', recordType, recordId })
  })
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }])
}

// ---------------------------------------------------------------------------------------------
// Clocks.

export interface IncidentClocks {
  /** Notification to the national panel: 5 working days from awareness. */
  readonly notification: StatutoryClock
  /** Rapid review sent to the panel: 15 working days from awareness. */
  readonly rapidReview: StatutoryClock
}

export function clocksOf(
  calendar: WorkingDayCalendar,
  incident: IncidentRow,
  today: string,
): IncidentClocks {
  return {
    notification: statutoryClock(
      calendar,
      incident.awareOn,
      currentRules.notificationWorkingDays,
      incident.notifiedOn,
      today,
    ),
    rapidReview: statutoryClock(
      calendar,
      incident.awareOn,
      currentRules.rapidReviewWorkingDays,
      incident.sentToPanelOn,
      today,
    ),
  }
}

// ---------------------------------------------------------------------------------------------
// Overview.

export interface Overview {
  readonly incidents: readonly (IncidentRow & { clocks: IncidentClocks })[]
  readonly reviews: readonly ReviewRow[]
  readonly today: string
}

export async function overview(services: Services, ctx: CaseReviewContext): Promise<Overview> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.read)
  const today = todayIn(services)
  const calendar = await calendarFor(services, ctx.scope)
  const incidents = await repo.listIncidents(services.db, ctx.scope)
  const reviews = await repo.listReviews(services.db, ctx.scope)
  await auditView(services, ctx, 'case_review_list', null)
  return {
    incidents: incidents.map((i) => ({ ...i, clocks: clocksOf(calendar, i, today) })),
    reviews,
    today,
  }
}

export async function agencyOptions(services: Services, scope: TenantScope) {
  return repo.agencyOptions(services.db, scope)
}

// ---------------------------------------------------------------------------------------------
// Serious incidents.

export interface IncidentInput {
  readonly childPseudonym: string
  readonly ageBand: AgeBand
  readonly harm: HarmKind
  readonly awareOn: string
  readonly whatHappened: string
  readonly agencyIds: readonly string[]
}

export async function recordIncident(
  services: Services,
  ctx: CaseReviewContext,
  input: IncidentInput,
): Promise<string> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  const today = todayIn(services)
  if (input.awareOn > today)
    throw invalid('awareOn', messages.notInFuture('the date the local authority became aware'))
  return services.db.transaction().execute(async (trx) => {
    const agencies = new Set((await repo.agencyOptions(trx, ctx.scope)).map((a) => a.id))
    const agencyIds = [...new Set(input.agencyIds)]
    if (agencyIds.some((id) => !agencies.has(id)))
      throw invalid('agencyIds', 'Select the agencies involved from the list')
    const now = services.clock.now()
    const reference = await repo.nextIncidentReference(trx, ctx.scope)
    const { incidentId, rapidReviewId } = await repo.insertIncident(trx, ctx.scope, {
      reference,
      childPseudonym: input.childPseudonym,
      ageBand: input.ageBand,
      harm: input.harm,
      awareOn: input.awareOn,
      whatHappened: input.whatHappened,
      agencyIds,
      createdByUserId: ctx.actor.userId,
      now,
    })
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'create',
      recordType: 'serious_incident',
      recordId: incidentId,
      changes: { after: { reference, ...input, agencyIds, rapidReviewId } },
    })
    return incidentId
  })
}

/** An incident, locked in the transaction of a change to it (the change's own entry audits it). */
async function incidentOrNotFound(
  ctx: CaseReviewContext,
  incidentId: string,
  trx: Transaction<Tables>,
): Promise<IncidentRow> {
  if (!isUuid(incidentId)) throw notFound()
  const incident = await repo.lockIncident(trx, ctx.scope, incidentId)
  if (incident === undefined) throw notFound()
  return incident
}

/** What a page shows of an incident, as the view entry names it. */
export type IncidentView = 'serious_incident' | 'rapid_review' | 'chronology'

/**
 * The one way to read an incident for display: loading it writes the view entry, in the same
 * transaction (viewRecord), so no page can show an incident without the audit trail saying who
 * saw it. Rapid review views name the rapid review, as they always have.
 */
async function viewIncident(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  recordType: IncidentView,
): Promise<IncidentRow> {
  const incident = await viewRecord(
    fromLegacyContext(services, ctx),
    recordType,
    incidentId,
    (db) => repo.findIncident(db, ctx.scope, incidentId),
    (row) => (recordType === 'serious_incident' ? row.id : row.rapidReviewId),
  )
  if (incident === undefined) throw notFound()
  return incident
}

export interface IncidentDetail {
  readonly incident: IncidentRow
  readonly agencies: readonly { id: string; name: string }[]
  readonly clocks: IncidentClocks
  /** The planned meeting against the rapid review deadline, until the meeting is held. */
  readonly plannedMeeting: PlannedMeeting | undefined
  readonly returns: readonly ReturnRow[]
  readonly reviews: readonly ReviewRow[]
  readonly today: string
  readonly canManage: boolean
}

async function incidentDetail(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  recordType: 'serious_incident' | 'rapid_review',
): Promise<IncidentDetail> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.read)
  const incident = await viewIncident(services, ctx, incidentId, recordType)
  const today = todayIn(services)
  const calendar = await calendarFor(services, ctx.scope)
  const clocks = clocksOf(calendar, incident, today)
  const detail: IncidentDetail = {
    incident,
    agencies: await repo.incidentAgencies(services.db, ctx.scope, incident.id),
    clocks,
    plannedMeeting:
      incident.meetingPlannedOn === null || incident.meetingOn !== null
        ? undefined
        : plannedMeeting(
            calendar,
            incident.awareOn,
            incident.meetingPlannedOn,
            clocks.rapidReview.deadline,
            currentRules.rapidReviewWorkingDays,
          ),
    returns: await repo.listReturns(services.db, ctx.scope, {
      rapidReviewId: incident.rapidReviewId,
    }),
    reviews: (await repo.listReviews(services.db, ctx.scope)).filter(
      (r) => r.incidentId === incident.id,
    ),
    today,
    canManage: services.policy.can(ctx.actor, CASE_REVIEW_PERMISSIONS.manage),
  }
  return detail
}

export async function getIncident(services: Services, ctx: CaseReviewContext, incidentId: string) {
  return incidentDetail(services, ctx, incidentId, 'serious_incident')
}

export async function getRapidReview(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
) {
  return incidentDetail(services, ctx, incidentId, 'rapid_review')
}

/** For forms: the incident, audited as a view of what the form works on (its heading names the child). */
export async function incidentForForm(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  recordType: 'serious_incident' | 'rapid_review',
): Promise<IncidentRow> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  return viewIncident(services, ctx, incidentId, recordType)
}

export async function recordNotification(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  input: { notifiedOn: string; panelReference: string | null },
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const incident = await incidentOrNotFound(ctx, incidentId, trx)
    if (input.notifiedOn > todayIn(services))
      throw invalid('notifiedOn', messages.notInFuture('the date the national panel was notified'))
    if (input.notifiedOn < incident.awareOn)
      throw invalid(
        'notifiedOn',
        'The date the national panel was notified must be the same as or after the date the local authority became aware',
      )
    await repo.updateNotification(trx, ctx.scope, incident.id, {
      ...input,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'serious_incident',
      recordId: incident.id,
      changes: changedFields(
        { notifiedOn: incident.notifiedOn, panelReference: incident.panelReference },
        { notifiedOn: input.notifiedOn, panelReference: input.panelReference },
      ),
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Rapid reviews.

function guardRapidReviewOpen(incident: IncidentRow): void {
  if (incident.sentToPanelOn !== null)
    throw conflict('This rapid review has been sent to the national panel and is closed.')
}

/** Working days after a return's due date that a secure link to answer it stays valid. */
export const LINK_GRACE_WORKING_DAYS = 5

export interface ReturnRequestInput {
  readonly agencyId: string
  readonly contactName: string
  readonly contactEmail: string
  readonly dueOn: string | null
  /** The person confirmed a due date after the rapid review's deadline or planned meeting. */
  readonly confirmLate?: boolean
}

/**
 * Why a due date is too late for the rapid review to use the return: after its 15-working-day
 * deadline, or after the planned meeting. Undefined when it is in time.
 */
export function lateReturnWarning(
  calendar: WorkingDayCalendar,
  incident: IncidentRow,
  dueOn: string,
): string | undefined {
  const deadline = calendar.addWorkingDays(incident.awareOn, currentRules.rapidReviewWorkingDays)
  const problems: string[] = []
  if (dueOn > deadline) problems.push(`after the rapid review’s deadline of ${longDate(deadline)}`)
  if (
    incident.meetingOn === null &&
    incident.meetingPlannedOn !== null &&
    dueOn > incident.meetingPlannedOn
  )
    problems.push(
      `after the rapid review meeting planned for ${longDate(incident.meetingPlannedOn)}`,
    )
  if (problems.length === 0) return undefined
  return `The return would be due on ${longDate(dueOn)}, ${problems.join(' and ')}. Choose an earlier date, or confirm that it should be due then.`
}

export async function requestReturn(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  input: ReturnRequestInput,
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  const today = todayIn(services)
  const calendar = await calendarFor(services, ctx.scope)
  await services.db.transaction().execute(async (trx) => {
    const incident = await incidentOrNotFound(ctx, incidentId, trx)
    guardRapidReviewOpen(incident)
    const agency = (await repo.agencyOptions(trx, ctx.scope)).find((a) => a.id === input.agencyId)
    if (agency === undefined) throw invalid('agencyId', messages.select('the agency'))
    if (input.dueOn !== null && input.dueOn < today)
      throw invalid('dueOn', messages.notInPast('the date the return is due'))
    const computed =
      input.dueOn ??
      calendar.addWorkingDays(incident.awareOn, currentRules.informationReturnWorkingDays)
    const dueOn = computed < today ? today : computed
    const warning = lateReturnWarning(calendar, incident, dueOn)
    if (warning !== undefined && input.confirmLate !== true) throw invalid('confirmLate', warning)
    const returnId = await repo.insertReturn(trx, ctx.scope, {
      rapidReviewId: incident.rapidReviewId,
      agencyId: agency.id,
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      requestedOn: today,
      dueOn,
      now: services.clock.now(),
    })
    if (returnId === '')
      throw invalid(
        'agencyId',
        'This agency has already been asked for information for this rapid review',
      )
    const answer = await answerRoute(services, trx, ctx.scope, {
      returnId,
      agencyId: agency.id,
      contactEmail: input.contactEmail,
      expiresOn: calendar.addWorkingDays(dueOn, LINK_GRACE_WORKING_DAYS),
    })
    const { confirmLate: _confirmLate, ...fields } = input
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'create',
      recordType: 'information_return',
      recordId: returnId,
      changes: {
        after: {
          rapidReviewId: incident.rapidReviewId,
          ...fields,
          dueOn,
          ...(warning === undefined ? {} : { confirmedLate: warning }),
          answeredBy: answer.kind === 'account' ? 'account' : 'secure link',
          ...(answer.kind === 'link' ? { linkExpiresOn: answer.expiresOn } : {}),
        },
      },
    })
    const mail = returnMail(services, ctx.scope, {
      to: input.contactEmail,
      contactName: input.contactName,
      agencyName: agency.name,
      incidentReference: incident.reference,
      dueOn,
      returnId,
      chase: false,
      answer,
    })
    await services.mail.queue(trx, mail)
  })
}

/** How the contact answers: signed in to their account, or through a secure link. */
type AnswerRoute =
  | { readonly kind: 'account' }
  | { readonly kind: 'link'; readonly token: string; readonly expiresOn: string }

/**
 * A contact whose email is an active account that may answer this agency's return signs in;
 * anyone else gets a new secure link (the token only stored as its hash). An email never tells
 * someone to sign in to an account they do not have.
 */
async function answerRoute(
  services: Services,
  trx: Transaction<Tables>,
  scope: TenantScope,
  details: { returnId: string; agencyId: string; contactEmail: string; expiresOn: string },
): Promise<AnswerRoute> {
  const account = await repo.activeAccountByEmail(trx, scope, details.contactEmail)
  if (account !== undefined) {
    const actor: Actor = {
      userId: account.id,
      partnershipId: scope.partnershipId,
      displayName: account.displayName,
      email: account.email,
      agencyId: account.agencyId,
      roles: new Set(account.roles as Role[]),
      via: { kind: 'session', sessionId: '' },
    }
    if (services.policy.can(actor, CASE_REVIEW_PERMISSIONS.returns, { agencyId: details.agencyId }))
      return { kind: 'account' }
  }
  const token = randomToken()
  await repo.insertReturnLink(trx, scope, {
    tokenHash: sha256(token),
    returnId: details.returnId,
    expiresOn: details.expiresOn,
    now: services.clock.now(),
  })
  return { kind: 'link', token, expiresOn: details.expiresOn }
}

/**
 * The request (and each chase): no case-level detail in the mail itself — it names the incident
 * reference and links to the return: signed in for a contact with an account that may answer it,
 * otherwise a secure link (a secret: the outbox keeps it sealed, readable copies masked).
 */
function returnMail(
  services: Services,
  scope: TenantScope,
  details: {
    to: string
    contactName: string
    agencyName: string
    incidentReference: number
    dueOn: string
    returnId: string
    chase: boolean
    answer: AnswerRoute
  },
) {
  const reference = formatIncidentReference(details.incidentReference)
  const subject = details.chase
    ? `Reminder: rapid review information for ${reference} is due`
    : `Rapid review information request: ${reference}`
  const how =
    details.answer.kind === 'account'
      ? [
          `Sign in to Assure to add your agency's chronology: ${new URL(
            caseReviewPaths.informationReturn({ returnId: details.returnId }),
            services.config.baseUrl,
          ).toString()}`,
        ]
      : [
          `Add your agency's chronology through this secure link (no account is needed): ${new URL(
            caseReviewPaths.linkReturn({ token: details.answer.token }),
            services.config.baseUrl,
          ).toString()}`,
          '',
          `The link is for you alone: do not forward it. It works until you submit the return, or until ${longDate(details.answer.expiresOn)}.`,
        ]
  const text = [
    `Dear ${details.contactName},`,
    '',
    details.chase
      ? `We have not yet received ${details.agencyName}'s information and chronology for the rapid review of serious incident ${reference}. It was due on ${longDate(details.dueOn)}.`
      : `The safeguarding partnership is carrying out a rapid review of serious incident ${reference}. Please provide ${details.agencyName}'s information and chronology by ${longDate(details.dueOn)}.`,
    '',
    ...how,
  ].join('\n')
  return {
    to: details.to,
    subject,
    text,
    partnershipId: scope.partnershipId,
    ...(details.answer.kind === 'link' ? { secrets: [details.answer.token] } : {}),
  }
}

export interface ChronologyView {
  readonly incident: IncidentRow
  readonly entries: readonly EntryRow[]
  readonly agencies: readonly { id: string; name: string }[]
}

export async function chronology(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  filter: { agencyId?: string; order: 'asc' | 'desc' },
): Promise<ChronologyView> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.read)
  const incident = await viewIncident(services, ctx, incidentId, 'chronology')
  const all = await repo.listEntries(services.db, ctx.scope, incident.rapidReviewId, {
    order: filter.order,
  })
  const agencies = new Map(all.map((e) => [e.agencyId, e.agencyName]))
  return {
    incident,
    entries:
      filter.agencyId === undefined ? all : all.filter((e) => e.agencyId === filter.agencyId),
    agencies: [...agencies.entries()]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }
}

export async function recordDecision(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  input: { meetingOn: string; decision: RapidReviewDecision; decisionRationale: string },
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const incident = await incidentOrNotFound(ctx, incidentId, trx)
    guardRapidReviewOpen(incident)
    if (input.meetingOn > todayIn(services))
      throw invalid('meetingOn', messages.notInFuture('the date of the rapid review meeting'))
    if (input.meetingOn < incident.awareOn)
      throw invalid(
        'meetingOn',
        'The date of the rapid review meeting must be the same as or after the date the local authority became aware',
      )
    await repo.updateRapidReview(trx, ctx.scope, incident.rapidReviewId, {
      ...input,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'rapid_review',
      recordId: incident.rapidReviewId,
      changes: changedFields(
        {
          meetingOn: incident.meetingOn,
          decision: incident.decision,
          decisionRationale: incident.decisionRationale,
        },
        { ...input },
      ),
    })
  })
}

/** Schedules the rapid review meeting: any date from awareness on, the future included. */
export async function planMeeting(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  input: { plannedOn: string },
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const incident = await incidentOrNotFound(ctx, incidentId, trx)
    guardRapidReviewOpen(incident)
    if (incident.meetingOn !== null)
      throw conflict('The rapid review meeting has already been held.')
    if (input.plannedOn < incident.awareOn)
      throw invalid(
        'plannedOn',
        'The date of the meeting must be the same as or after the date the local authority became aware',
      )
    await repo.updateRapidReview(trx, ctx.scope, incident.rapidReviewId, {
      meetingPlannedOn: input.plannedOn,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'rapid_review',
      recordId: incident.rapidReviewId,
      changes: changedFields(
        { meetingPlannedOn: incident.meetingPlannedOn },
        { meetingPlannedOn: input.plannedOn },
      ),
    })
  })
}

export async function recordSentToPanel(
  services: Services,
  ctx: CaseReviewContext,
  incidentId: string,
  input: { sentOn: string; outstandingReason?: string | null },
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const incident = await incidentOrNotFound(ctx, incidentId, trx)
    guardRapidReviewOpen(incident)
    // A rapid review cannot be sent without a prior notification (statutory-rules.md §2.1).
    if (incident.notifiedOn === null)
      throw conflict(
        'Record the notification to the national panel before sending the rapid review.',
      )
    if (incident.decision === null || incident.meetingOn === null)
      throw conflict('Record the rapid review meeting and decision before sending it.')
    if (input.sentOn > todayIn(services))
      throw invalid('sentOn', messages.notInFuture('the date the rapid review was sent'))
    if (input.sentOn < incident.meetingOn)
      throw invalid('sentOn', 'The date it was sent must be the same as or after the meeting')
    // Sending closes the rapid review: agencies still owing information can no longer add it.
    const outstanding = await repo.listReturns(trx, ctx.scope, {
      rapidReviewId: incident.rapidReviewId,
      outstanding: true,
    })
    const reason = outstanding.length === 0 ? null : (input.outstandingReason ?? null)
    if (outstanding.length > 0 && reason === null)
      throw invalid('outstandingReason', outstandingReasonMessage(outstanding))
    await repo.updateRapidReview(trx, ctx.scope, incident.rapidReviewId, {
      sentToPanelOn: input.sentOn,
      sentWithOutstandingReason: reason,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'rapid_review',
      recordId: incident.rapidReviewId,
      changes: changedFields(
        { sentToPanelOn: null, sentWithOutstandingReason: null },
        {
          sentToPanelOn: input.sentOn,
          sentWithOutstandingReason: reason,
          ...(outstanding.length === 0
            ? {}
            : { outstandingReturns: outstanding.map((r) => r.agencyName) }),
        },
      ),
    })
  })
}

export function outstandingReasonMessage(outstanding: readonly ReturnRow[]): string {
  return `Give the reason for sending the rapid review while ${plural(outstanding.length, 'information return')} ${outstanding.length === 1 ? 'is' : 'are'} outstanding (${outstanding.map((r) => r.agencyName).join(', ')})`
}

/** The returns still owed to a rapid review (for the form that sends it to the panel). */
export async function outstandingReturns(
  services: Services,
  ctx: CaseReviewContext,
  incident: IncidentRow,
): Promise<ReturnRow[]> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  return repo.listReturns(services.db, ctx.scope, {
    rapidReviewId: incident.rapidReviewId,
    outstanding: true,
  })
}

// ---------------------------------------------------------------------------------------------
// Information returns, for the agencies they are addressed to.

/** Returns the person may answer: every one (the team), or their own agency's (agency leads). */
export async function listReturnsFor(
  services: Services,
  ctx: CaseReviewContext,
): Promise<ReturnRow[]> {
  const scope = services.policy.scopeOf(ctx.actor, CASE_REVIEW_PERMISSIONS.returns)
  if (scope === undefined) throw forbidden()
  if (scope === 'own_agency' && ctx.actor.agencyId === null) return []
  const rows = await repo.listReturns(services.db, ctx.scope, {
    ...(scope === 'own_agency' && ctx.actor.agencyId !== null
      ? { agencyId: ctx.actor.agencyId }
      : {}),
  })
  await auditView(services, ctx, 'information_return_list', null)
  return rows
}

async function loadReturn(
  services: Services,
  ctx: CaseReviewContext,
  returnId: string,
  db: Kysely<Tables>,
): Promise<ReturnRow | undefined> {
  if (!isUuid(returnId)) return undefined
  const row = await repo.findReturn(db, ctx.scope, returnId)
  if (row === undefined) return undefined
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.returns, { agencyId: row.agencyId })
  return row
}

/** A return, before a change to it (the change's own entry audits it). */
async function returnOrNotFound(
  services: Services,
  ctx: CaseReviewContext,
  returnId: string,
): Promise<ReturnRow> {
  const row = await loadReturn(services, ctx, returnId, services.db)
  if (row === undefined) throw notFound()
  return row
}

export interface ReturnDetail {
  readonly item: ReturnRow
  readonly entries: readonly EntryRow[]
  readonly open: boolean
}

export async function getReturn(
  services: Services,
  ctx: CaseReviewContext,
  returnId: string,
): Promise<ReturnDetail> {
  // Loading the return writes its view entry (viewRecord); one the person may not see rolls back.
  const item = await viewRecord(
    fromLegacyContext(services, ctx),
    'information_return',
    returnId,
    (db) => loadReturn(services, ctx, returnId, db),
  )
  if (item === undefined) throw notFound()
  const entries = await repo.listEntries(services.db, ctx.scope, item.rapidReviewId, {
    agencyId: item.agencyId,
    order: 'asc',
  })
  const incident = await repo.findIncident(services.db, ctx.scope, item.incidentId)
  // Entries can be added while the rapid review is open and the return is not yet received.
  return { item, entries, open: incident?.sentToPanelOn === null && item.returnedOn === null }
}

export async function addChronologyEntry(
  services: Services,
  ctx: CaseReviewContext,
  returnId: string,
  input: { entryDate: string; whatHappened: string },
): Promise<void> {
  const item = await returnOrNotFound(services, ctx, returnId)
  if (item.returnedOn !== null)
    throw conflict(
      `This agency's return was marked received on ${longDate(item.returnedOn)}, so its chronology can no longer be added to. Tell the case review team if something was missed.`,
    )
  if (input.entryDate > todayIn(services))
    throw invalid('entryDate', messages.notInFuture('the date of the entry'))
  await services.db.transaction().execute(async (trx) => {
    const incident = await incidentOrNotFound(ctx, item.incidentId, trx)
    guardRapidReviewOpen(incident)
    const id = await repo.insertEntry(trx, ctx.scope, {
      rapidReviewId: item.rapidReviewId,
      agencyId: item.agencyId,
      entryDate: input.entryDate,
      whatHappened: input.whatHappened,
      recordedByUserId: ctx.actor.userId,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'create',
      recordType: 'chronology_entry',
      recordId: id,
      changes: { after: { returnId: item.id, agencyId: item.agencyId, ...input } },
    })
  })
}

export async function markReturnReceived(
  services: Services,
  ctx: CaseReviewContext,
  returnId: string,
): Promise<void> {
  const item = await returnOrNotFound(services, ctx, returnId)
  if (item.returnedOn !== null) throw conflict('This information return has already been received.')
  const today = todayIn(services)
  await services.db.transaction().execute(async (trx) => {
    if (!(await repo.markReturned(trx, ctx.scope, item.id, today)))
      throw conflict('This information return has already been received.')
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'information_return',
      recordId: item.id,
      changes: changedFields({ returnedOn: null }, { returnedOn: today }),
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Secure links: an agency contact without an account answers their return through a link that
// works until the return is submitted or the link expires. The token is never stored (only its
// hash), never logged (the path parameter is named `token`) and never audited; every view and
// change through it is audited as "Secure link for <contact>".

export interface LinkedReturn {
  readonly scope: TenantScope
  readonly item: ReturnRow
  readonly entries: readonly EntryRow[]
  readonly expiresOn: string
}

/** The live link's return, or undefined (unknown, expired, spent, received or closed). */
async function liveLinkReturn(
  services: Services,
  db: Kysely<Tables>,
  token: string,
): Promise<{ scope: TenantScope; item: ReturnRow; expiresOn: string } | undefined> {
  if (token.length < 20 || token.length > 200) return undefined
  const link = await repo.findReturnLink(db, sha256(token))
  if (link === undefined || link.usedAt !== null || link.expiresOn < todayIn(services))
    return undefined
  const scope = tenantScope(link.partnershipId)
  const item = await repo.findReturn(db, scope, link.returnId)
  if (item === undefined || item.returnedOn !== null) return undefined
  const incident = await repo.findIncident(db, scope, item.incidentId)
  if (incident === undefined || incident.sentToPanelOn !== null) return undefined
  return { scope, item, expiresOn: link.expiresOn }
}

function linkWho(scope: TenantScope, item: ReturnRow) {
  return {
    partnershipId: scope.partnershipId,
    actorUserId: null,
    actorLabel: `Secure link for ${item.contactName}`,
    requestId: null,
    ip: null,
  }
}

/** The return a secure link opens, audited as a view through the link; undefined when dead. */
export async function viewReturnByLink(
  services: Services,
  token: string,
  request: { requestId?: string; ip?: string } = {},
): Promise<LinkedReturn | undefined> {
  return services.db.transaction().execute(async (trx) => {
    const live = await liveLinkReturn(services, trx, token)
    if (live === undefined) return undefined
    await services.audit.record(trx, {
      ...linkWho(live.scope, live.item),
      requestId: request.requestId ?? null,
      ip: request.ip ?? null,
      action: 'view',
      recordType: 'information_return',
      recordId: live.item.id,
    })
    const entries = await repo.listEntries(trx, live.scope, live.item.rapidReviewId, {
      agencyId: live.item.agencyId,
      order: 'asc',
    })
    return { ...live, entries }
  })
}

/** Adds a chronology entry through a secure link; false when the link is dead. */
export async function addEntryByLink(
  services: Services,
  token: string,
  input: { entryDate: string; whatHappened: string },
  request: { requestId?: string; ip?: string } = {},
): Promise<boolean> {
  if (input.entryDate > todayIn(services))
    throw invalid('entryDate', messages.notInFuture('the date of the entry'))
  return services.db.transaction().execute(async (trx) => {
    const live = await liveLinkReturn(services, trx, token)
    if (live === undefined) return false
    const { scope, item } = live
    const incident = await repo.lockIncident(trx, scope, item.incidentId)
    if (incident === undefined || incident.sentToPanelOn !== null) return false
    const id = await repo.insertEntry(trx, scope, {
      rapidReviewId: item.rapidReviewId,
      agencyId: item.agencyId,
      entryDate: input.entryDate,
      whatHappened: input.whatHappened,
      recordedByUserId: null,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...linkWho(scope, item),
      requestId: request.requestId ?? null,
      ip: request.ip ?? null,
      action: 'create',
      recordType: 'chronology_entry',
      recordId: id,
      changes: { after: { returnId: item.id, agencyId: item.agencyId, ...input } },
    })
    return true
  })
}

/** Submits the return through its link, which spends every link to it; false when dead. */
export async function submitReturnByLink(
  services: Services,
  token: string,
  request: { requestId?: string; ip?: string } = {},
): Promise<boolean> {
  const today = todayIn(services)
  return services.db.transaction().execute(async (trx) => {
    const live = await liveLinkReturn(services, trx, token)
    if (live === undefined) return false
    const { scope, item } = live
    if (!(await repo.markReturned(trx, scope, item.id, today))) return false
    await repo.spendReturnLinks(trx, scope, item.id, services.clock.now())
    await services.audit.record(trx, {
      ...linkWho(scope, item),
      requestId: request.requestId ?? null,
      ip: request.ip ?? null,
      action: 'update',
      recordType: 'information_return',
      recordId: item.id,
      changes: changedFields({ returnedOn: null }, { returnedOn: today }),
    })
    return true
  })
}

/**
 * The daily chaser: every outstanding return that is due, on a working day, at most every
 * chaseEveryWorkingDays working days, gets a reminder to its contact. Idempotent within a day.
 */
export async function chaseReturns(services: Services, scope: TenantScope): Promise<number> {
  const today = todayIn(services)
  const calendar = await calendarFor(services, scope)
  if (!calendar.isWorkingDay(today)) return 0
  const outstanding = await repo.listReturns(services.db, scope, { outstanding: true })
  let chased = 0
  for (const item of outstanding) {
    if (item.dueOn > today) continue
    if (
      item.lastChasedOn !== null &&
      calendar.workingDaysBetween(item.lastChasedOn, today) < currentRules.chaseEveryWorkingDays
    )
      continue
    const incident = await repo.findIncident(services.db, scope, item.incidentId)
    if (incident === undefined || incident.sentToPanelOn !== null) continue
    const recorded = await services.db.transaction().execute(async (trx) => {
      if (!(await repo.recordChase(trx, scope, item.id, today))) return false
      // A contact without an account gets a fresh link, valid for the grace period from today.
      const answer = await answerRoute(services, trx, scope, {
        returnId: item.id,
        agencyId: item.agencyId,
        contactEmail: item.contactEmail,
        expiresOn: calendar.addWorkingDays(today, LINK_GRACE_WORKING_DAYS),
      })
      await services.mail.queue(
        trx,
        returnMail(services, scope, {
          to: item.contactEmail,
          contactName: item.contactName,
          agencyName: item.agencyName,
          incidentReference: item.incidentReference,
          dueOn: item.dueOn,
          returnId: item.id,
          chase: true,
          answer,
        }),
      )
      await services.audit.record(trx, {
        partnershipId: scope.partnershipId,
        actorUserId: null,
        actorLabel: 'Information return chaser',
        action: 'update',
        recordType: 'information_return',
        recordId: item.id,
        changes: changedFields(
          { lastChasedOn: item.lastChasedOn, chaseCount: item.chaseCount },
          { lastChasedOn: today, chaseCount: item.chaseCount + 1 },
        ),
      })
      return true
    })
    if (!recorded) continue
    chased += 1
  }
  return chased
}

export async function chaseReturnsEverywhere(services: Services): Promise<number> {
  let chased = 0
  for (const scope of await partnershipScopes(services.db))
    chased += await chaseReturns(services, scope)
  return chased
}

// ---------------------------------------------------------------------------------------------
// Reviews.

export async function createReview(
  services: Services,
  ctx: CaseReviewContext,
  input: { kind: ReviewKind; title: string; initiatedOn: string; incidentId: string | null },
): Promise<string> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  if (input.initiatedOn > todayIn(services))
    throw invalid('initiatedOn', messages.notInFuture('the date the review was initiated'))
  return services.db.transaction().execute(async (trx) => {
    if (
      input.incidentId !== null &&
      (await repo.findIncident(trx, ctx.scope, input.incidentId)) === undefined
    )
      throw invalid('incidentId', 'Select the serious incident from the list')
    const reference = await repo.nextReviewReference(trx, ctx.scope)
    const id = await repo.insertReview(trx, ctx.scope, {
      ...input,
      reference,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'create',
      recordType: 'case_review',
      recordId: id,
      changes: { after: { reference, ...input } },
    })
    return id
  })
}

/** A review, locked in the transaction of a change to it (the change's own entry audits it). */
async function reviewOrNotFound(
  ctx: CaseReviewContext,
  reviewId: string,
  trx: Transaction<Tables>,
): Promise<ReviewRow> {
  if (!isUuid(reviewId)) throw notFound()
  const review = await repo.lockReview(trx, ctx.scope, reviewId)
  if (review === undefined) throw notFound()
  return review
}

/**
 * The one way to read a review for display: loading it writes the view entry in the same
 * transaction (viewRecord), so no page can show a review's terms without the audit saying who
 * saw them.
 */
async function viewReview(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
  recordType = 'case_review',
): Promise<ReviewRow> {
  const review = await viewRecord(fromLegacyContext(services, ctx), recordType, reviewId, (db) =>
    repo.findReview(db, ctx.scope, reviewId),
  )
  if (review === undefined) throw notFound()
  return review
}

export interface ReviewDetail {
  readonly review: ReviewRow
  readonly milestones: readonly MilestoneRow[]
  readonly incident: IncidentRow | undefined
  readonly publicationDueBy: string
  readonly today: string
  readonly canManage: boolean
}

export async function getReview(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
): Promise<ReviewDetail> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.read)
  const review = await viewReview(services, ctx, reviewId)
  const detail: ReviewDetail = {
    review,
    milestones: await repo.listMilestones(services.db, ctx.scope, review.id),
    incident:
      review.incidentId === null
        ? undefined
        : await repo.findIncident(services.db, ctx.scope, review.incidentId),
    publicationDueBy: addMonths(review.initiatedOn, currentRules.publicationMonths),
    today: todayIn(services),
    canManage: services.policy.can(ctx.actor, CASE_REVIEW_PERMISSIONS.manage),
  }
  return detail
}

async function changeReview(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
  change: (review: ReviewRow, trx: Transaction<Tables>) => Promise<repo.ReviewPatch>,
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const review = await reviewOrNotFound(ctx, reviewId, trx)
    const patch = await change(review, trx)
    await repo.updateReview(trx, ctx.scope, review.id, patch, services.clock.now())
    const before: Record<string, unknown> = {}
    for (const key of Object.keys(patch)) before[key] = review[key as keyof ReviewRow]
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'case_review',
      recordId: review.id,
      changes: changedFields(before, patch as Record<string, unknown>),
    })
  })
}

function guardNotPublished(review: ReviewRow): void {
  if (review.publishedOn !== null) throw conflict('This review has been published.')
}

export async function updateReviewDetails(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
  input: {
    reviewerName: string | null
    reviewerAppointedOn: string | null
    termsOfReference: string | null
  },
): Promise<void> {
  await changeReview(services, ctx, reviewId, async (review) => {
    guardNotPublished(review)
    if (input.reviewerAppointedOn !== null && input.reviewerName === null)
      throw invalid('reviewerName', messages.enter('the reviewer’s name'))
    if (input.reviewerAppointedOn !== null && input.reviewerAppointedOn > todayIn(services))
      throw invalid(
        'reviewerAppointedOn',
        messages.notInFuture('the date the reviewer was appointed'),
      )
    return Promise.resolve({ ...input })
  })
}

export async function saveMilestones(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
  milestones: readonly { kind: MilestoneKind; plannedOn: string | null; actualOn: string | null }[],
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.manage)
  const today = todayIn(services)
  const late = milestones.find((m) => m.actualOn !== null && m.actualOn > today)
  if (late !== undefined)
    throw invalid(`${late.kind}-actual`, messages.notInFuture('the actual date'))
  await services.db.transaction().execute(async (trx) => {
    const review = await reviewOrNotFound(ctx, reviewId, trx)
    const before = await repo.listMilestones(trx, ctx.scope, review.id)
    await repo.saveMilestones(trx, ctx.scope, review.id, milestones)
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'case_review_milestones',
      recordId: review.id,
      changes: { before: { milestones: before }, after: { milestones } },
    })
  })
}

/** Hold publication while criminal proceedings run (or lift the hold). */
export async function setPublicationHold(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
  input: { held: true; reason: string } | { held: false },
): Promise<void> {
  await changeReview(services, ctx, reviewId, async (review) => {
    guardNotPublished(review)
    return Promise.resolve(
      input.held
        ? { publicationHeld: true, holdReason: input.reason }
        : { publicationHeld: false, holdReason: null },
    )
  })
}

/**
 * Does the text name the child? Their pseudonym as written, or a distinctive word of it (a name
 * such as "Zoë" in "Child Zoë"), as a whole word, whatever the case.
 */
export function namesChild(text: string, pseudonym: string): boolean {
  const generic = new Set([
    'child',
    'baby',
    'infant',
    'sibling',
    'siblings',
    'young',
    'person',
    'the',
    'and',
  ])
  const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const words = pseudonym
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter((w) => w.length >= 2 && !generic.has(w.toLowerCase()))
  const terms = [pseudonym.trim(), ...words].filter((t) => t.length > 0)
  return terms.some((term) =>
    new RegExp(
      `(?<![\\p{L}\\p{N}])${escape(term).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`,
      'iu',
    ).test(text),
  )
}

export async function publishReview(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
  input: {
    publicTitle: string
    publicSummary: string
    publishedOn: string
    report: AcceptedUpload
    briefing: AcceptedUpload
  },
): Promise<void> {
  if (input.publishedOn > todayIn(services))
    throw invalid('publishedOn', messages.notInFuture('the date of publication'))
  await changeReview(services, ctx, reviewId, async (review, trx) => {
    guardNotPublished(review)
    if (review.publicationHeld)
      throw conflict('Publication of this review is held. Lift the hold before publishing.')
    if (input.publishedOn < review.initiatedOn)
      throw invalid('publishedOn', 'The date of publication must be after the review was initiated')
    // What goes on the public register must not name the child.
    const incident =
      review.incidentId === null
        ? undefined
        : await repo.findIncident(trx, ctx.scope, review.incidentId)
    if (incident !== undefined) {
      const errors = (
        [
          ['publicTitle', input.publicTitle, 'title'],
          ['publicSummary', input.publicSummary, 'summary'],
        ] as const
      )
        .filter(([, text]) => namesChild(text, incident.childPseudonym))
        .map(([field, , what]) => ({
          field,
          message: `The ${what} to publish must not name the child (“${incident.childPseudonym}”): everything published is public`,
        }))
      if (errors.length > 0) throw new ValidationError(errors)
    }
    const now = services.clock.now()
    const report = await saveFile(trx, ctx.scope, input.report, ctx.actor.userId, now)
    const briefing = await saveFile(trx, ctx.scope, input.briefing, ctx.actor.userId, now)
    // Publishing is the publication milestone reached, on the date of publication.
    const milestonesBefore = await repo.listMilestones(trx, ctx.scope, review.id)
    await repo.completeMilestone(trx, ctx.scope, review.id, 'publication', input.publishedOn)
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'update',
      recordType: 'case_review_milestones',
      recordId: review.id,
      changes: {
        before: { milestones: milestonesBefore },
        after: { milestones: await repo.listMilestones(trx, ctx.scope, review.id) },
      },
    })
    return {
      publicTitle: input.publicTitle,
      publicSummary: input.publicSummary,
      publishedOn: input.publishedOn,
      reportFileId: report.id,
      briefingFileId: briefing.id,
    }
  })
}

export type ReviewFileKind = 'report' | 'briefing'

export async function reviewFile(
  services: Services,
  ctx: CaseReviewContext,
  reviewId: string,
  file: string,
): Promise<StoredFileContent> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.read)
  if (file !== 'report' && file !== 'briefing') throw notFound()
  if (!isUuid(reviewId)) throw notFound()
  const review = await repo.findReview(services.db, ctx.scope, reviewId)
  if (review === undefined) throw notFound()
  const fileId = file === 'report' ? review.reportFileId : review.briefingFileId
  // Reading the file writes the view entry (file-store.ts), as for every case-level record.
  const content =
    fileId == null
      ? undefined
      : await readFile(services.db, ctx.scope, fileId, {
          audit: services.audit,
          by: who(ctx),
          of: { recordType: `case_review_${file}`, recordId: review.id },
        })
  if (content === undefined) throw notFound()
  return content
}

// ---------------------------------------------------------------------------------------------
// The public register: published and not held, public fields only, no sign-in.

async function publicScope(
  services: Services,
  partnershipId: string,
): Promise<{ scope: TenantScope; name: string }> {
  if (!isUuid(partnershipId)) throw notFound()
  const name = await repo.partnershipName(services.db, partnershipId)
  if (name === undefined) throw notFound()
  return { scope: tenantScope(partnershipId), name }
}

/** A learning briefing as the public sees it: its five parts, nothing else. */
export interface PublicBriefing {
  readonly title: string
  readonly whatHappened: string
  readonly whatWeLearned: string
  readonly whatToDoDifferently: string
  readonly questionsForReflection: string
}

export type PublicReview = PublishedReviewRow & { readonly briefings: readonly PublicBriefing[] }

/**
 * The published (never draft) learning briefings written about these reviews. Only reviews that
 * are themselves on the register are ever passed in, so a briefing reaches the public when its
 * review does.
 */
async function withBriefings(
  services: Services,
  scope: TenantScope,
  reviews: readonly PublishedReviewRow[],
): Promise<PublicReview[]> {
  const briefings = await listPublishedBriefings(services.db, scope, {
    type: caseReviewFindingSource.type,
    ids: reviews.map((r) => r.id),
  })
  return reviews.map((review) => ({
    ...review,
    briefings: briefings
      .filter((b) => b.sourceId === review.id)
      .map((b) => ({
        title: b.title,
        whatHappened: b.whatHappened,
        whatWeLearned: b.whatWeLearned,
        whatToDoDifferently: b.whatToDoDifferently,
        questionsForReflection: b.questionsForReflection,
      })),
  }))
}

export async function publicRegister(services: Services, partnershipId: string) {
  const { scope, name } = await publicScope(services, partnershipId)
  const reviews = await repo.listPublished(services.db, scope)
  return { partnershipName: name, reviews: await withBriefings(services, scope, reviews) }
}

export async function publicReview(services: Services, partnershipId: string, reviewId: string) {
  const { scope, name } = await publicScope(services, partnershipId)
  if (!isUuid(reviewId)) throw notFound()
  const review = await repo.findPublished(services.db, scope, reviewId)
  if (review === undefined) throw notFound()
  const [withBriefing] = await withBriefings(services, scope, [review])
  return { partnershipName: name, review: withBriefing ?? { ...review, briefings: [] } }
}

export async function publicFile(
  services: Services,
  partnershipId: string,
  reviewId: string,
  file: string,
  request: { requestId: string; ip: string },
): Promise<StoredFileContent> {
  const { review } = await publicReview(services, partnershipId, reviewId)
  const fileId =
    file === 'report' ? review.reportFileId : file === 'briefing' ? review.briefingFileId : null
  const content =
    fileId === null
      ? undefined
      : await readFile(services.db, tenantScope(partnershipId), fileId, {
          audit: services.audit,
          by: { actorUserId: null, actorLabel: 'public register', ...request },
          of: { recordType: `case_review_${file}`, recordId: review.id },
        })
  if (content === undefined) throw notFound()
  return content
}

// ---------------------------------------------------------------------------------------------
// The home page: information requests for an agency lead. The statutory clocks (notification,
// rapid review) reach the home page through the deadline register (deadlines.ts).

export async function attention(services: Services, actor: Actor): Promise<AttentionItem[]> {
  const items: AttentionItem[] = []
  const scope = tenantScope(actor.partnershipId)
  if (
    actor.agencyId !== null &&
    services.policy.scopeOf(actor, CASE_REVIEW_PERMISSIONS.returns) === 'own_agency'
  ) {
    const outstanding = await repo.listReturns(services.db, scope, {
      agencyId: actor.agencyId,
      outstanding: true,
    })
    if (outstanding.length > 0)
      items.push({
        text: `${plural(outstanding.length, 'rapid review information request')} for your agency`,
        href: caseReviewPaths.returns(),
        count: outstanding.length,
        severity: outstanding.some((r) => r.dueOn < todayIn(services)) ? 'overdue' : 'due',
      })
  }
  return items
}

// ---------------------------------------------------------------------------------------------
// The partnership's own extra non-working days (a new proclamation before a release knows it).

export interface HolidayList {
  readonly years: readonly {
    year: number
    holidays: { date: string; name: string; own: boolean }[]
  }[]
  readonly own: readonly { date: string; name: string }[]
}

export async function listHolidays(
  services: Services,
  ctx: CaseReviewContext,
): Promise<HolidayList> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.holidays)
  const own = await repo.partnershipHolidays(services.db, ctx.scope)
  const ownDates = new Set(own.map((h) => h.date))
  const calendar = new WorkingDayCalendar({ extraHolidays: own })
  const year = Number(todayIn(services).slice(0, 4))
  return {
    years: [year, year + 1].map((y) => ({
      year: y,
      holidays: calendar.holidays(y).map((h) => ({ ...h, own: ownDates.has(h.date) })),
    })),
    own,
  }
}

export async function addHoliday(
  services: Services,
  ctx: CaseReviewContext,
  input: { date: string; name: string },
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.holidays)
  const calendar = await calendarFor(services, ctx.scope)
  if (!calendar.isWorkingDay(input.date))
    throw invalid('date', 'That date is already a weekend or bank holiday')
  await services.db.transaction().execute(async (trx) => {
    if (!(await repo.insertHoliday(trx, ctx.scope, input)))
      throw invalid('date', 'That date is already one of the partnership’s extra days')
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'create',
      recordType: 'partnership_holiday',
      changes: { after: input },
    })
  })
}

export async function removeHoliday(
  services: Services,
  ctx: CaseReviewContext,
  date: string,
): Promise<void> {
  services.policy.authorize(ctx.actor, CASE_REVIEW_PERMISSIONS.holidays)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw notFound()
  await services.db.transaction().execute(async (trx) => {
    const removed = await repo.deleteHoliday(trx, ctx.scope, date)
    if (removed === undefined) throw notFound()
    await services.audit.record(trx, {
      ...who(ctx),
      action: 'delete',
      recordType: 'partnership_holiday',
      changes: { before: removed },
    })
  })
}
