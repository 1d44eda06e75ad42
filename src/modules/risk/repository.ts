// The risk register's SQL. Every function takes the tenant scope and filters by it.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import type { RiskCategory, RiskStatus } from './tables.ts'
// The agency and people pickers are the platform directory's, shared by every module.
export {
  activeAgencies as agencyOptions,
  activePeople as personOptions,
} from '../../platform/directory.ts'

type Db = Kysely<Tables>
type Trx = Transaction<Tables>

export interface RiskRow {
  readonly id: string
  readonly reference: number
  readonly title: string
  readonly description: string
  readonly category: RiskCategory
  readonly likelihood: number
  readonly impact: number
  readonly ownerAgencyId: string
  readonly ownerAgencyName: string
  readonly ownerUserId: string | null
  readonly ownerUserName: string | null
  readonly reviewDate: string
  readonly status: RiskStatus
  readonly closedOn: string | null
  readonly closureNote: string | null
  readonly createdAt: Date
  readonly updatedAt: Date
}

function selectRisks(db: Db, scope: TenantScope) {
  return db
    .selectFrom('risk as r')
    .innerJoin('agency as ag', (j) =>
      j
        .onRef('ag.partnership_id', '=', 'r.partnership_id')
        .onRef('ag.id', '=', 'r.owner_agency_id'),
    )
    .leftJoin('app_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'r.partnership_id').onRef('u.id', '=', 'r.owner_user_id'),
    )
    .where('r.partnership_id', '=', scope.partnershipId)
    .select([
      'r.id',
      'r.reference',
      'r.title',
      'r.description',
      'r.category',
      'r.likelihood',
      'r.impact',
      'r.owner_agency_id as ownerAgencyId',
      'ag.name as ownerAgencyName',
      'r.owner_user_id as ownerUserId',
      'u.display_name as ownerUserName',
      'r.review_date as reviewDate',
      'r.status',
      'r.closed_on as closedOn',
      'r.closure_note as closureNote',
      'r.created_at as createdAt',
      'r.updated_at as updatedAt',
    ])
}

export interface RiskFilter {
  readonly status?: RiskStatus
  readonly ownerAgencyId?: string
  readonly ids?: readonly string[]
}

export async function listRisks(
  db: Db,
  scope: TenantScope,
  filter: RiskFilter = {},
): Promise<RiskRow[]> {
  let query = selectRisks(db, scope)
  if (filter.status !== undefined) query = query.where('r.status', '=', filter.status)
  if (filter.ownerAgencyId !== undefined)
    query = query.where('r.owner_agency_id', '=', filter.ownerAgencyId)
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return []
    query = query.where('r.id', 'in', filter.ids)
  }
  return query.orderBy('r.reference').execute()
}

export async function findRisk(
  db: Db,
  scope: TenantScope,
  riskId: string,
): Promise<RiskRow | undefined> {
  return selectRisks(db, scope).where('r.id', '=', riskId).executeTakeFirst()
}

/** Reads the risk and holds it until the transaction ends, so two changes cannot interleave. */
export async function lockRisk(
  trx: Trx,
  scope: TenantScope,
  riskId: string,
): Promise<RiskRow | undefined> {
  await trx
    .selectFrom('risk')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', riskId)
    .forUpdate()
    .executeTakeFirst()
  return findRisk(trx, scope, riskId)
}

export interface RiskValues {
  readonly title: string
  readonly description: string
  readonly category: RiskCategory
  readonly likelihood: number
  readonly impact: number
  readonly ownerAgencyId: string
  readonly ownerUserId: string | null
  readonly reviewDate: string
}

export async function insertRisk(
  trx: Trx,
  scope: TenantScope,
  values: RiskValues & { now: Date; createdByUserId: string | null },
): Promise<{ id: string; reference: number }> {
  // References are handed out one at a time per partnership.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`risk-reference:${scope.partnershipId}`}, 0))`.execute(
    trx,
  )
  const max = await trx
    .selectFrom('risk')
    .select((eb) => eb.fn.max('reference').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  const reference = (max?.max ?? 0) + 1
  const row = await trx
    .insertInto('risk')
    .values({
      partnership_id: scope.partnershipId,
      reference,
      title: values.title,
      description: values.description,
      category: values.category,
      likelihood: values.likelihood,
      impact: values.impact,
      owner_agency_id: values.ownerAgencyId,
      owner_user_id: values.ownerUserId,
      review_date: values.reviewDate,
      status: 'open',
      created_at: values.now,
      created_by_user_id: values.createdByUserId,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, reference }
}

export async function updateRisk(
  trx: Trx,
  scope: TenantScope,
  riskId: string,
  values: Partial<RiskValues> & {
    status?: RiskStatus
    closedOn?: string | null
    closureNote?: string | null
    now: Date
  },
): Promise<void> {
  await trx
    .updateTable('risk')
    .set({
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(values.description === undefined ? {} : { description: values.description }),
      ...(values.category === undefined ? {} : { category: values.category }),
      ...(values.likelihood === undefined ? {} : { likelihood: values.likelihood }),
      ...(values.impact === undefined ? {} : { impact: values.impact }),
      ...(values.ownerAgencyId === undefined ? {} : { owner_agency_id: values.ownerAgencyId }),
      ...(values.ownerUserId === undefined ? {} : { owner_user_id: values.ownerUserId }),
      ...(values.reviewDate === undefined ? {} : { review_date: values.reviewDate }),
      ...(values.status === undefined ? {} : { status: values.status }),
      ...(values.closedOn === undefined ? {} : { closed_on: values.closedOn }),
      ...(values.closureNote === undefined ? {} : { closure_note: values.closureNote }),
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', riskId)
    .execute()
}

export interface RiskLinkIds {
  readonly indicatorIds: readonly string[]
  readonly challengeIds: readonly string[]
}

/** The indicators and challenges linked to each risk. */
export async function listLinks(
  db: Db,
  scope: TenantScope,
  riskIds: readonly string[],
): Promise<Map<string, RiskLinkIds>> {
  const links = new Map<string, { indicatorIds: string[]; challengeIds: string[] }>()
  if (riskIds.length === 0) return links
  for (const id of riskIds) links.set(id, { indicatorIds: [], challengeIds: [] })
  const indicators = await db
    .selectFrom('risk_indicator')
    .select(['risk_id', 'indicator_id'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('risk_id', 'in', riskIds)
    .execute()
  for (const r of indicators) links.get(r.risk_id)?.indicatorIds.push(r.indicator_id)
  const challenges = await db
    .selectFrom('risk_challenge')
    .select(['risk_id', 'challenge_id'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('risk_id', 'in', riskIds)
    .execute()
  for (const r of challenges) links.get(r.risk_id)?.challengeIds.push(r.challenge_id)
  return links
}

/** Replaces a risk's links with these. */
export async function setLinks(
  trx: Trx,
  scope: TenantScope,
  riskId: string,
  links: RiskLinkIds,
): Promise<void> {
  await trx
    .deleteFrom('risk_indicator')
    .where('partnership_id', '=', scope.partnershipId)
    .where('risk_id', '=', riskId)
    .execute()
  await trx
    .deleteFrom('risk_challenge')
    .where('partnership_id', '=', scope.partnershipId)
    .where('risk_id', '=', riskId)
    .execute()
  const indicatorIds = [...new Set(links.indicatorIds)]
  const challengeIds = [...new Set(links.challengeIds)]
  if (indicatorIds.length > 0)
    await trx
      .insertInto('risk_indicator')
      .values(
        indicatorIds.map((id) => ({
          partnership_id: scope.partnershipId,
          risk_id: riskId,
          indicator_id: id,
        })),
      )
      .execute()
  if (challengeIds.length > 0)
    await trx
      .insertInto('risk_challenge')
      .values(
        challengeIds.map((id) => ({
          partnership_id: scope.partnershipId,
          risk_id: riskId,
          challenge_id: id,
        })),
      )
      .execute()
}

/** Ids of the risks linked to an indicator. */
export async function riskIdsForIndicator(
  db: Db,
  scope: TenantScope,
  indicatorId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('risk_indicator')
    .select('risk_id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('indicator_id', '=', indicatorId)
    .execute()
  return rows.map((r) => r.risk_id)
}

export interface ReviewRow {
  readonly id: string
  readonly reviewedOn: string
  readonly previousLikelihood: number
  readonly previousImpact: number
  readonly likelihood: number
  readonly impact: number
  readonly note: string
  readonly nextReviewDate: string
  readonly reviewedAt: Date
  readonly reviewedBy: string | null
}

export async function insertReview(
  trx: Trx,
  scope: TenantScope,
  values: {
    riskId: string
    reviewedOn: string
    dueOn: string
    previousLikelihood: number
    previousImpact: number
    likelihood: number
    impact: number
    note: string
    nextReviewDate: string
    reviewedAt: Date
    reviewedByUserId: string | null
    reviewedByLabel: string | null
  },
): Promise<string> {
  const row = await trx
    .insertInto('risk_review')
    .values({
      partnership_id: scope.partnershipId,
      risk_id: values.riskId,
      reviewed_on: values.reviewedOn,
      due_on: values.dueOn,
      previous_likelihood: values.previousLikelihood,
      previous_impact: values.previousImpact,
      likelihood: values.likelihood,
      impact: values.impact,
      note: values.note,
      next_review_date: values.nextReviewDate,
      reviewed_at: values.reviewedAt,
      reviewed_by_user_id: values.reviewedByUserId,
      reviewed_by_label: values.reviewedByLabel,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A risk's reviews, newest first. */
export async function listReviews(
  db: Db,
  scope: TenantScope,
  riskId: string,
): Promise<ReviewRow[]> {
  return db
    .selectFrom('risk_review as v')
    .leftJoin('app_user as u', (j) =>
      j
        .onRef('u.partnership_id', '=', 'v.partnership_id')
        .onRef('u.id', '=', 'v.reviewed_by_user_id'),
    )
    .where('v.partnership_id', '=', scope.partnershipId)
    .where('v.risk_id', '=', riskId)
    .select((eb) => [
      'v.id',
      'v.reviewed_on as reviewedOn',
      'v.previous_likelihood as previousLikelihood',
      'v.previous_impact as previousImpact',
      'v.likelihood',
      'v.impact',
      'v.note',
      'v.next_review_date as nextReviewDate',
      'v.reviewed_at as reviewedAt',
      eb.fn.coalesce('u.display_name', 'v.reviewed_by_label').as('reviewedBy'),
    ])
    .orderBy('v.reviewed_at', 'desc')
    .execute()
}

export async function agencyExists(db: Db, scope: TenantScope, agencyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', agencyId)
    .executeTakeFirst()
  return row !== undefined
}

export async function userExists(db: Db, scope: TenantScope, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .where('kind', '=', 'person')
    .executeTakeFirst()
  return row !== undefined
}

/** One review due date of one risk, for the deadline register (reviewedOn null while it is open). */
export interface ReviewDeadlineRow {
  readonly riskId: string
  readonly reference: number
  readonly title: string
  readonly ownerAgencyId: string
  readonly ownerAgencyName: string
  readonly dueOn: string
  readonly reviewedOn: string | null
}

/** The next review of every open risk (optionally one agency's, or due between two days). */
export async function openReviewDeadlines(
  db: Db,
  scope: TenantScope,
  filter: { ownerAgencyId?: string; from?: string; to?: string } = {},
): Promise<ReviewDeadlineRow[]> {
  let query = selectRisks(db, scope).where('r.status', '=', 'open')
  if (filter.ownerAgencyId !== undefined)
    query = query.where('r.owner_agency_id', '=', filter.ownerAgencyId)
  if (filter.from !== undefined) query = query.where('r.review_date', '>=', filter.from)
  if (filter.to !== undefined) query = query.where('r.review_date', '<=', filter.to)
  const rows = await query.orderBy('r.review_date').orderBy('r.reference').execute()
  return rows.map((r) => ({
    riskId: r.id,
    reference: r.reference,
    title: r.title,
    ownerAgencyId: r.ownerAgencyId,
    ownerAgencyName: r.ownerAgencyName,
    dueOn: r.reviewDate,
    reviewedOn: null,
  }))
}

/** Reviews done whose review date (the one each answered) falls between two days. */
export async function reviewsDueBetween(
  db: Db,
  scope: TenantScope,
  from: string,
  to: string,
  ownerAgencyId?: string,
): Promise<ReviewDeadlineRow[]> {
  let query = db
    .selectFrom('risk_review as v')
    .innerJoin('risk as r', (j) =>
      j.onRef('r.partnership_id', '=', 'v.partnership_id').onRef('r.id', '=', 'v.risk_id'),
    )
    .innerJoin('agency as ag', (j) =>
      j
        .onRef('ag.partnership_id', '=', 'r.partnership_id')
        .onRef('ag.id', '=', 'r.owner_agency_id'),
    )
    .where('v.partnership_id', '=', scope.partnershipId)
    .where('v.due_on', '>=', from)
    .where('v.due_on', '<=', to)
  if (ownerAgencyId !== undefined) query = query.where('r.owner_agency_id', '=', ownerAgencyId)
  return query
    .select([
      'r.id as riskId',
      'r.reference',
      'r.title',
      'r.owner_agency_id as ownerAgencyId',
      'ag.name as ownerAgencyName',
      sql<string>`v.due_on`.as('dueOn'),
      'v.reviewed_on as reviewedOn',
    ])
    .orderBy('v.due_on')
    .orderBy('r.reference')
    .execute()
}
