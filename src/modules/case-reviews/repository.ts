// Case reviews' SQL. Every function takes the tenant scope and filters by it. The public register's
// queries (listPublished, findPublished) select only the public columns of a published, unheld
// review: nothing case-level can reach the register through them.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import type { AgeBand, HarmKind, MilestoneKind, RapidReviewDecision, ReviewKind } from './tables.ts'
// The agency and people pickers are the platform directory's, shared by every module.
export { activeAgencies as agencyOptions } from '../../platform/directory.ts'

type Db = Kysely<Tables>

// ---------------------------------------------------------------------------------------------
// Incidents and rapid reviews.

export interface IncidentRow {
  readonly id: string
  readonly reference: number
  readonly childPseudonym: string
  readonly ageBand: AgeBand
  readonly harm: HarmKind
  readonly awareOn: string
  readonly whatHappened: string
  readonly notifiedOn: string | null
  readonly panelReference: string | null
  readonly rapidReviewId: string
  readonly meetingOn: string | null
  readonly meetingPlannedOn: string | null
  readonly decision: RapidReviewDecision | null
  readonly decisionRationale: string | null
  readonly sentToPanelOn: string | null
  /** Why it was sent with information returns still outstanding. */
  readonly sentWithOutstandingReason: string | null
}

function selectIncidents(db: Db, scope: TenantScope) {
  return db
    .selectFrom('serious_incident as i')
    .innerJoin('rapid_review as r', (j) =>
      j.onRef('r.partnership_id', '=', 'i.partnership_id').onRef('r.incident_id', '=', 'i.id'),
    )
    .where('i.partnership_id', '=', scope.partnershipId)
    .select([
      'i.id',
      'i.reference',
      'i.child_pseudonym as childPseudonym',
      'i.age_band as ageBand',
      'i.harm',
      'i.aware_on as awareOn',
      'i.what_happened as whatHappened',
      'i.notified_on as notifiedOn',
      'i.panel_reference as panelReference',
      'r.id as rapidReviewId',
      'r.meeting_on as meetingOn',
      'r.meeting_planned_on as meetingPlannedOn',
      'r.decision',
      'r.decision_rationale as decisionRationale',
      'r.sent_to_panel_on as sentToPanelOn',
      'r.sent_with_outstanding_reason as sentWithOutstandingReason',
    ])
}

export async function findIncident(
  db: Db,
  scope: TenantScope,
  incidentId: string,
): Promise<IncidentRow | undefined> {
  return selectIncidents(db, scope).where('i.id', '=', incidentId).executeTakeFirst()
}

export async function lockIncident(
  trx: Transaction<Tables>,
  scope: TenantScope,
  incidentId: string,
): Promise<IncidentRow | undefined> {
  await trx
    .selectFrom('serious_incident')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', incidentId)
    .forUpdate()
    .executeTakeFirst()
  return findIncident(trx, scope, incidentId)
}

export async function listIncidents(db: Db, scope: TenantScope): Promise<IncidentRow[]> {
  return selectIncidents(db, scope)
    .orderBy('i.aware_on', 'desc')
    .orderBy('i.reference', 'desc')
    .execute()
}

/** Incidents whose notification or rapid review is not yet done (for the clocks on the home page). */
export async function listOpenIncidents(db: Db, scope: TenantScope): Promise<IncidentRow[]> {
  return selectIncidents(db, scope)
    .where((eb) => eb.or([eb('i.notified_on', 'is', null), eb('r.sent_to_panel_on', 'is', null)]))
    .execute()
}

export async function incidentAgencies(
  db: Db,
  scope: TenantScope,
  incidentId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('serious_incident_agency as sa')
    .innerJoin('agency as a', (j) =>
      j.onRef('a.partnership_id', '=', 'sa.partnership_id').onRef('a.id', '=', 'sa.agency_id'),
    )
    .where('sa.partnership_id', '=', scope.partnershipId)
    .where('sa.incident_id', '=', incidentId)
    .select(['a.id', 'a.name'])
    .orderBy('a.name')
    .execute()
}

export async function nextIncidentReference(
  trx: Transaction<Tables>,
  scope: TenantScope,
): Promise<number> {
  // One numbering per partnership; the advisory lock serialises concurrent creations.
  await sql`select pg_advisory_xact_lock(hashtext(${`serious_incident:${scope.partnershipId}`}))`.execute(
    trx,
  )
  const row = await trx
    .selectFrom('serious_incident')
    .select((eb) => eb.fn.max('reference').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  return (row?.max ?? 0) + 1
}

export async function insertIncident(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: {
    reference: number
    childPseudonym: string
    ageBand: AgeBand
    harm: HarmKind
    awareOn: string
    whatHappened: string
    agencyIds: readonly string[]
    createdByUserId: string | null
    now: Date
  },
): Promise<{ incidentId: string; rapidReviewId: string }> {
  const { id } = await trx
    .insertInto('serious_incident')
    .values({
      partnership_id: scope.partnershipId,
      reference: values.reference,
      child_pseudonym: values.childPseudonym,
      age_band: values.ageBand,
      harm: values.harm,
      aware_on: values.awareOn,
      what_happened: values.whatHappened,
      created_by_user_id: values.createdByUserId,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (values.agencyIds.length > 0)
    await trx
      .insertInto('serious_incident_agency')
      .values(
        values.agencyIds.map((agencyId) => ({
          partnership_id: scope.partnershipId,
          incident_id: id,
          agency_id: agencyId,
        })),
      )
      .execute()
  const rapid = await trx
    .insertInto('rapid_review')
    .values({
      partnership_id: scope.partnershipId,
      incident_id: id,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { incidentId: id, rapidReviewId: rapid.id }
}

export async function updateNotification(
  trx: Transaction<Tables>,
  scope: TenantScope,
  incidentId: string,
  values: { notifiedOn: string; panelReference: string | null; now: Date },
): Promise<void> {
  await trx
    .updateTable('serious_incident')
    .set({
      notified_on: values.notifiedOn,
      panel_reference: values.panelReference,
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', incidentId)
    .execute()
}

export async function updateRapidReview(
  trx: Transaction<Tables>,
  scope: TenantScope,
  rapidReviewId: string,
  values: {
    meetingOn?: string
    meetingPlannedOn?: string
    decision?: RapidReviewDecision
    decisionRationale?: string
    sentToPanelOn?: string
    sentWithOutstandingReason?: string | null
    now: Date
  },
): Promise<void> {
  await trx
    .updateTable('rapid_review')
    .set({
      ...(values.meetingOn === undefined ? {} : { meeting_on: values.meetingOn }),
      ...(values.meetingPlannedOn === undefined
        ? {}
        : { meeting_planned_on: values.meetingPlannedOn }),
      ...(values.decision === undefined ? {} : { decision: values.decision }),
      ...(values.decisionRationale === undefined
        ? {}
        : { decision_rationale: values.decisionRationale }),
      ...(values.sentToPanelOn === undefined ? {} : { sent_to_panel_on: values.sentToPanelOn }),
      ...(values.sentWithOutstandingReason === undefined
        ? {}
        : { sent_with_outstanding_reason: values.sentWithOutstandingReason }),
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', rapidReviewId)
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Information returns and the chronology.

export interface ReturnRow {
  readonly id: string
  readonly rapidReviewId: string
  readonly incidentId: string
  readonly incidentReference: number
  readonly childPseudonym: string
  readonly agencyId: string
  readonly agencyName: string
  readonly contactName: string
  readonly contactEmail: string
  readonly requestedOn: string
  readonly dueOn: string
  readonly returnedOn: string | null
  readonly lastChasedOn: string | null
  readonly chaseCount: number
}

function selectReturns(db: Db, scope: TenantScope) {
  return db
    .selectFrom('information_return as ir')
    .innerJoin('rapid_review as r', (j) =>
      j
        .onRef('r.partnership_id', '=', 'ir.partnership_id')
        .onRef('r.id', '=', 'ir.rapid_review_id'),
    )
    .innerJoin('serious_incident as i', (j) =>
      j.onRef('i.partnership_id', '=', 'r.partnership_id').onRef('i.id', '=', 'r.incident_id'),
    )
    .innerJoin('agency as a', (j) =>
      j.onRef('a.partnership_id', '=', 'ir.partnership_id').onRef('a.id', '=', 'ir.agency_id'),
    )
    .where('ir.partnership_id', '=', scope.partnershipId)
    .select([
      'ir.id',
      'ir.rapid_review_id as rapidReviewId',
      'i.id as incidentId',
      'i.reference as incidentReference',
      'i.child_pseudonym as childPseudonym',
      'ir.agency_id as agencyId',
      'a.name as agencyName',
      'ir.contact_name as contactName',
      'ir.contact_email as contactEmail',
      'ir.requested_on as requestedOn',
      'ir.due_on as dueOn',
      'ir.returned_on as returnedOn',
      'ir.last_chased_on as lastChasedOn',
      'ir.chase_count as chaseCount',
    ])
}

export async function findReturn(
  db: Db,
  scope: TenantScope,
  returnId: string,
): Promise<ReturnRow | undefined> {
  return selectReturns(db, scope).where('ir.id', '=', returnId).executeTakeFirst()
}

export async function listReturns(
  db: Db,
  scope: TenantScope,
  filter: { rapidReviewId?: string; agencyId?: string; outstanding?: boolean },
): Promise<ReturnRow[]> {
  let query = selectReturns(db, scope)
  if (filter.rapidReviewId !== undefined)
    query = query.where('ir.rapid_review_id', '=', filter.rapidReviewId)
  if (filter.agencyId !== undefined) query = query.where('ir.agency_id', '=', filter.agencyId)
  if (filter.outstanding === true) query = query.where('ir.returned_on', 'is', null)
  return query.orderBy('ir.due_on').orderBy('a.name').execute()
}

export async function insertReturn(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: {
    rapidReviewId: string
    agencyId: string
    contactName: string
    contactEmail: string
    requestedOn: string
    dueOn: string
    now: Date
  },
): Promise<string> {
  const row = await trx
    .insertInto('information_return')
    .values({
      partnership_id: scope.partnershipId,
      rapid_review_id: values.rapidReviewId,
      agency_id: values.agencyId,
      contact_name: values.contactName,
      contact_email: values.contactEmail,
      requested_on: values.requestedOn,
      due_on: values.dueOn,
      created_at: values.now,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'rapid_review_id', 'agency_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id ?? ''
}

export async function markReturned(
  trx: Transaction<Tables>,
  scope: TenantScope,
  returnId: string,
  returnedOn: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('information_return')
    .set({ returned_on: returnedOn })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', returnId)
    .where('returned_on', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Records a chase, once a day at most (a second run of the job the same day changes nothing). */
export async function recordChase(
  trx: Transaction<Tables>,
  scope: TenantScope,
  returnId: string,
  today: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('information_return')
    .set((eb) => ({ last_chased_on: today, chase_count: eb('chase_count', '+', 1) }))
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', returnId)
    .where('returned_on', 'is', null)
    .where((eb) => eb.or([eb('last_chased_on', 'is', null), eb('last_chased_on', '<', today)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Records a secure link sent to a contact (the token itself is never stored). */
export async function insertReturnLink(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: { tokenHash: string; returnId: string; expiresOn: string; now: Date },
): Promise<void> {
  await trx
    .insertInto('information_return_link')
    .values({
      token_hash: values.tokenHash,
      partnership_id: scope.partnershipId,
      return_id: values.returnId,
      expires_on: values.expiresOn,
      created_at: values.now,
    })
    .execute()
}

export interface ReturnLinkRow {
  readonly partnershipId: string
  readonly returnId: string
  readonly expiresOn: string
  readonly usedAt: Date | null
}

/**
 * The link a token's hash names, in whichever partnership: the hash is the credential, as a
 * session's is, and the row found decides the partnership everything after is scoped to.
 */
export async function findReturnLink(
  db: Db,
  tokenHash: string,
): Promise<ReturnLinkRow | undefined> {
  return db
    .selectFrom('information_return_link')
    .where('token_hash', '=', tokenHash)
    .select([
      'partnership_id as partnershipId',
      'return_id as returnId',
      'expires_on as expiresOn',
      'used_at as usedAt',
    ])
    .executeTakeFirst()
}

/** Spends every link to a return (it has been submitted: none may change it again). */
export async function spendReturnLinks(
  trx: Transaction<Tables>,
  scope: TenantScope,
  returnId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('information_return_link')
    .set({ used_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('return_id', '=', returnId)
    .where('used_at', 'is', null)
    .execute()
}

/** An active person's account in the partnership with this email (any case), and its roles. */
export async function activeAccountByEmail(
  db: Db,
  scope: TenantScope,
  email: string,
): Promise<
  | {
      id: string
      email: string
      displayName: string
      agencyId: string | null
      roles: string[]
    }
  | undefined
> {
  const user = await db
    .selectFrom('app_user')
    .where('partnership_id', '=', scope.partnershipId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('status', '=', 'active')
    .where('kind', '=', 'person')
    .select(['id', 'email', 'display_name as displayName', 'agency_id as agencyId'])
    .executeTakeFirst()
  if (user === undefined) return undefined
  const roles = await db
    .selectFrom('user_role')
    .where('partnership_id', '=', scope.partnershipId)
    .where('user_id', '=', user.id)
    .select('role')
    .execute()
  return { ...user, roles: roles.map((r) => r.role) }
}

export interface EntryRow {
  readonly id: string
  readonly agencyId: string
  readonly agencyName: string
  readonly entryDate: string
  readonly whatHappened: string
}

export async function listEntries(
  db: Db,
  scope: TenantScope,
  rapidReviewId: string,
  filter: { agencyId?: string; order: 'asc' | 'desc' },
): Promise<EntryRow[]> {
  let query = db
    .selectFrom('chronology_entry as e')
    .innerJoin('agency as a', (j) =>
      j.onRef('a.partnership_id', '=', 'e.partnership_id').onRef('a.id', '=', 'e.agency_id'),
    )
    .where('e.partnership_id', '=', scope.partnershipId)
    .where('e.rapid_review_id', '=', rapidReviewId)
    .select([
      'e.id',
      'e.agency_id as agencyId',
      'a.name as agencyName',
      'e.entry_date as entryDate',
      'e.what_happened as whatHappened',
    ])
  if (filter.agencyId !== undefined) query = query.where('e.agency_id', '=', filter.agencyId)
  return query.orderBy('e.entry_date', filter.order).orderBy('e.seq', filter.order).execute()
}

export async function insertEntry(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: {
    rapidReviewId: string
    agencyId: string
    entryDate: string
    whatHappened: string
    recordedByUserId: string | null
    now: Date
  },
): Promise<string> {
  const row = await trx
    .insertInto('chronology_entry')
    .values({
      partnership_id: scope.partnershipId,
      rapid_review_id: values.rapidReviewId,
      agency_id: values.agencyId,
      entry_date: values.entryDate,
      what_happened: values.whatHappened,
      recorded_by_user_id: values.recordedByUserId,
      recorded_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

// ---------------------------------------------------------------------------------------------
// Reviews.

export interface ReviewRow {
  readonly id: string
  readonly reference: number
  readonly kind: ReviewKind
  readonly title: string
  readonly incidentId: string | null
  readonly initiatedOn: string
  readonly reviewerName: string | null
  readonly reviewerAppointedOn: string | null
  readonly termsOfReference: string | null
  readonly publicationHeld: boolean
  readonly holdReason: string | null
  readonly publicTitle: string | null
  readonly publicSummary: string | null
  readonly publishedOn: string | null
  readonly reportFileId: string | null
  readonly briefingFileId: string | null
}

function selectReviews(db: Db, scope: TenantScope) {
  return db
    .selectFrom('case_review')
    .where('partnership_id', '=', scope.partnershipId)
    .select([
      'id',
      'reference',
      'kind',
      'title',
      'incident_id as incidentId',
      'initiated_on as initiatedOn',
      'reviewer_name as reviewerName',
      'reviewer_appointed_on as reviewerAppointedOn',
      'terms_of_reference as termsOfReference',
      'publication_held as publicationHeld',
      'hold_reason as holdReason',
      'public_title as publicTitle',
      'public_summary as publicSummary',
      'published_on as publishedOn',
      'report_file_id as reportFileId',
      'briefing_file_id as briefingFileId',
    ])
}

export async function findReview(
  db: Db,
  scope: TenantScope,
  reviewId: string,
): Promise<ReviewRow | undefined> {
  return selectReviews(db, scope).where('id', '=', reviewId).executeTakeFirst()
}

export async function lockReview(
  trx: Transaction<Tables>,
  scope: TenantScope,
  reviewId: string,
): Promise<ReviewRow | undefined> {
  return selectReviews(trx, scope).where('id', '=', reviewId).forUpdate().executeTakeFirst()
}

export async function listReviews(db: Db, scope: TenantScope): Promise<ReviewRow[]> {
  return selectReviews(db, scope)
    .orderBy('initiated_on', 'desc')
    .orderBy('reference', 'desc')
    .execute()
}

export async function nextReviewReference(
  trx: Transaction<Tables>,
  scope: TenantScope,
): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext(${`case_review:${scope.partnershipId}`}))`.execute(
    trx,
  )
  const row = await trx
    .selectFrom('case_review')
    .select((eb) => eb.fn.max('reference').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  return (row?.max ?? 0) + 1
}

export async function insertReview(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: {
    reference: number
    kind: ReviewKind
    title: string
    incidentId: string | null
    initiatedOn: string
    now: Date
  },
): Promise<string> {
  const row = await trx
    .insertInto('case_review')
    .values({
      partnership_id: scope.partnershipId,
      reference: values.reference,
      kind: values.kind,
      title: values.title,
      incident_id: values.incidentId,
      initiated_on: values.initiatedOn,
      publication_held: false,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface ReviewPatch {
  reviewerName?: string | null
  reviewerAppointedOn?: string | null
  termsOfReference?: string | null
  publicationHeld?: boolean
  holdReason?: string | null
  publicTitle?: string
  publicSummary?: string
  publishedOn?: string
  reportFileId?: string
  briefingFileId?: string
}

export async function updateReview(
  trx: Transaction<Tables>,
  scope: TenantScope,
  reviewId: string,
  patch: ReviewPatch,
  now: Date,
): Promise<void> {
  const set: Record<string, unknown> = { updated_at: now }
  const columns: Record<keyof ReviewPatch, string> = {
    reviewerName: 'reviewer_name',
    reviewerAppointedOn: 'reviewer_appointed_on',
    termsOfReference: 'terms_of_reference',
    publicationHeld: 'publication_held',
    holdReason: 'hold_reason',
    publicTitle: 'public_title',
    publicSummary: 'public_summary',
    publishedOn: 'published_on',
    reportFileId: 'report_file_id',
    briefingFileId: 'briefing_file_id',
  }
  for (const [key, column] of Object.entries(columns))
    if (key in patch) set[column] = patch[key as keyof ReviewPatch]
  await trx
    .updateTable('case_review')
    .set(set)
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', reviewId)
    .execute()
}

export interface MilestoneRow {
  readonly kind: MilestoneKind
  readonly plannedOn: string | null
  readonly actualOn: string | null
}

export async function listMilestones(
  db: Db,
  scope: TenantScope,
  reviewId: string,
): Promise<MilestoneRow[]> {
  return db
    .selectFrom('review_milestone')
    .where('partnership_id', '=', scope.partnershipId)
    .where('review_id', '=', reviewId)
    .select(['kind', 'planned_on as plannedOn', 'actual_on as actualOn'])
    .execute()
}

export async function saveMilestones(
  trx: Transaction<Tables>,
  scope: TenantScope,
  reviewId: string,
  milestones: readonly MilestoneRow[],
): Promise<void> {
  await trx
    .deleteFrom('review_milestone')
    .where('partnership_id', '=', scope.partnershipId)
    .where('review_id', '=', reviewId)
    .execute()
  const rows = milestones.filter((m) => m.plannedOn !== null || m.actualOn !== null)
  if (rows.length > 0)
    await trx
      .insertInto('review_milestone')
      .values(
        rows.map((m) => ({
          partnership_id: scope.partnershipId,
          review_id: reviewId,
          kind: m.kind,
          planned_on: m.plannedOn,
          actual_on: m.actualOn,
        })),
      )
      .execute()
}

/** Sets one milestone's actual date, keeping its planned date. */
export async function completeMilestone(
  trx: Transaction<Tables>,
  scope: TenantScope,
  reviewId: string,
  kind: MilestoneKind,
  actualOn: string,
): Promise<void> {
  await trx
    .insertInto('review_milestone')
    .values({
      partnership_id: scope.partnershipId,
      review_id: reviewId,
      kind,
      planned_on: null,
      actual_on: actualOn,
    })
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'review_id', 'kind']).doUpdateSet({ actual_on: actualOn }),
    )
    .execute()
}

// ---------------------------------------------------------------------------------------------
// The public register: published, not held, public columns only.

export interface PublishedReviewRow {
  readonly id: string
  readonly kind: ReviewKind
  readonly publicTitle: string
  readonly publicSummary: string
  readonly publishedOn: string
  readonly reportFileId: string
  readonly briefingFileId: string
}

function selectPublished(db: Db, scope: TenantScope) {
  return db
    .selectFrom('case_review')
    .where('partnership_id', '=', scope.partnershipId)
    .where('published_on', 'is not', null)
    .where('publication_held', '=', false)
    .where('public_title', 'is not', null)
    .where('public_summary', 'is not', null)
    .where('report_file_id', 'is not', null)
    .where('briefing_file_id', 'is not', null)
    .select([
      'id',
      'kind',
      'public_title as publicTitle',
      'public_summary as publicSummary',
      'published_on as publishedOn',
      'report_file_id as reportFileId',
      'briefing_file_id as briefingFileId',
    ])
    .$narrowType<{
      publicTitle: string
      publicSummary: string
      publishedOn: string
      reportFileId: string
      briefingFileId: string
    }>()
}

export async function listPublished(db: Db, scope: TenantScope): Promise<PublishedReviewRow[]> {
  return selectPublished(db, scope)
    .orderBy('published_on', 'desc')
    .orderBy('reference', 'desc')
    .execute()
}

export async function findPublished(
  db: Db,
  scope: TenantScope,
  reviewId: string,
): Promise<PublishedReviewRow | undefined> {
  return selectPublished(db, scope).where('id', '=', reviewId).executeTakeFirst()
}

export async function partnershipName(db: Db, partnershipId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('partnership')
    .select('name')
    .where('id', '=', partnershipId)
    .executeTakeFirst()
  return row?.name
}

// ---------------------------------------------------------------------------------------------
// Shared look-ups.

export async function partnershipHolidays(
  db: Db,
  scope: TenantScope,
): Promise<{ date: string; name: string }[]> {
  return db
    .selectFrom('partnership_holiday')
    .where('partnership_id', '=', scope.partnershipId)
    .select(['holiday_date as date', 'name'])
    .orderBy('holiday_date')
    .execute()
}

export async function reviewTitles(
  db: Db,
  scope: TenantScope,
  ids: readonly string[],
): Promise<{ id: string; reference: number; kind: ReviewKind; title: string }[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('case_review')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', 'in', ids)
    .select(['id', 'reference', 'kind', 'title'])
    .execute()
}

export async function insertHoliday(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: { date: string; name: string },
): Promise<boolean> {
  const row = await trx
    .insertInto('partnership_holiday')
    .values({ partnership_id: scope.partnershipId, holiday_date: values.date, name: values.name })
    .onConflict((oc) => oc.columns(['partnership_id', 'holiday_date']).doNothing())
    .returning('holiday_date')
    .executeTakeFirst()
  return row !== undefined
}

export async function deleteHoliday(
  trx: Transaction<Tables>,
  scope: TenantScope,
  date: string,
): Promise<{ date: string; name: string } | undefined> {
  return trx
    .deleteFrom('partnership_holiday')
    .where('partnership_id', '=', scope.partnershipId)
    .where('holiday_date', '=', date)
    .returning(['holiday_date as date', 'name'])
    .executeTakeFirst()
}
