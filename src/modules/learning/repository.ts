// The learning module's SQL. Every function takes the tenant scope and filters by it.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import type { Addressee, LearningReviewType, RecommendationStatus } from './tables.ts'
// The agency and people pickers are the platform directory's, shared by every module.
export { activeAgencies as agencyOptions } from '../../platform/directory.ts'

type Db = Kysely<Tables>
type Trx = Transaction<Tables>

// ---------------------------------------------------------------------------------------------
// Themes.

export interface ThemeRow {
  readonly id: string
  readonly name: string
  readonly description: string | null
  readonly position: number
  readonly retiredAt: Date | null
}

const themeColumns = ['id', 'name', 'description', 'position', 'retired_at as retiredAt'] as const

export async function countThemes(db: Db, scope: TenantScope): Promise<number> {
  const row = await db
    .selectFrom('learning_theme')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  return row?.n ?? 0
}

/** Inserts themes by name, skipping any the partnership already has; returns the new ones. */
export async function insertThemes(
  trx: Trx,
  scope: TenantScope,
  themes: readonly { name: string; description: string | null; position: number }[],
  now: Date,
): Promise<{ id: string; name: string }[]> {
  if (themes.length === 0) return []
  return trx
    .insertInto('learning_theme')
    .values(
      themes.map((t) => ({
        partnership_id: scope.partnershipId,
        name: t.name,
        description: t.description,
        position: t.position,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'name'])
    .execute()
}

export async function listThemes(
  db: Db,
  scope: TenantScope,
  options: { includeRetired: boolean },
): Promise<ThemeRow[]> {
  let query = db
    .selectFrom('learning_theme')
    .select(themeColumns)
    .where('partnership_id', '=', scope.partnershipId)
  if (!options.includeRetired) query = query.where('retired_at', 'is', null)
  return query.orderBy('position').orderBy('name').execute()
}

export async function findTheme(
  db: Db,
  scope: TenantScope,
  themeId: string,
): Promise<ThemeRow | undefined> {
  return db
    .selectFrom('learning_theme')
    .select(themeColumns)
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', themeId)
    .executeTakeFirst()
}

export async function themeNameTaken(
  db: Db,
  scope: TenantScope,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom('learning_theme')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export async function nextThemePosition(trx: Trx, scope: TenantScope): Promise<number> {
  const row = await trx
    .selectFrom('learning_theme')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  return (row?.max ?? 0) + 1
}

export async function updateTheme(
  trx: Trx,
  scope: TenantScope,
  themeId: string,
  change: { name?: string; description?: string | null; retiredAt?: Date | null; now: Date },
): Promise<void> {
  await trx
    .updateTable('learning_theme')
    .set({
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.description === undefined ? {} : { description: change.description }),
      ...(change.retiredAt === undefined ? {} : { retired_at: change.retiredAt }),
      updated_at: change.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', themeId)
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Learning reviews (the module's own finding source).

export interface ReviewRow {
  readonly id: string
  readonly title: string
  readonly reviewType: LearningReviewType
  readonly heldOn: string
  readonly summary: string | null
}

export async function insertReview(
  trx: Trx,
  scope: TenantScope,
  values: { title: string; reviewType: LearningReviewType; heldOn: string; summary: string | null },
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('learning_review')
    .values({
      partnership_id: scope.partnershipId,
      title: values.title,
      review_type: values.reviewType,
      held_on: values.heldOn,
      summary: values.summary,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

function selectReviews(db: Db, scope: TenantScope) {
  return db
    .selectFrom('learning_review')
    .select(['id', 'title', 'review_type as reviewType', 'held_on as heldOn', 'summary'])
    .where('partnership_id', '=', scope.partnershipId)
}

export async function findReview(
  db: Db,
  scope: TenantScope,
  reviewId: string,
): Promise<ReviewRow | undefined> {
  return selectReviews(db, scope).where('id', '=', reviewId).executeTakeFirst()
}

export async function listReviews(db: Db, scope: TenantScope): Promise<ReviewRow[]> {
  return selectReviews(db, scope).orderBy('held_on', 'desc').orderBy('title').execute()
}

// ---------------------------------------------------------------------------------------------
// Findings.

export interface FindingRow {
  readonly id: string
  readonly sourceType: string
  readonly sourceId: string
  readonly title: string
  readonly detail: string | null
  readonly identifiedOn: string
  readonly themes: readonly { id: string; name: string }[]
}

export async function insertFinding(
  trx: Trx,
  scope: TenantScope,
  values: {
    sourceType: string
    sourceId: string
    title: string
    detail: string | null
    identifiedOn: string
    createdByUserId: string | null
    themeIds: readonly string[]
  },
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('learning_finding')
    .values({
      partnership_id: scope.partnershipId,
      source_type: values.sourceType,
      source_id: values.sourceId,
      title: values.title,
      detail: values.detail,
      identified_on: values.identifiedOn,
      created_by_user_id: values.createdByUserId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (values.themeIds.length > 0)
    await trx
      .insertInto('learning_finding_theme')
      .values(
        values.themeIds.map((themeId) => ({
          partnership_id: scope.partnershipId,
          finding_id: row.id,
          theme_id: themeId,
        })),
      )
      .execute()
  return row.id
}

export interface FindingFilter {
  readonly ids?: readonly string[]
  readonly sourceType?: string
  readonly sourceId?: string
  readonly themeId?: string
}

export async function listFindings(
  db: Db,
  scope: TenantScope,
  filter: FindingFilter = {},
): Promise<FindingRow[]> {
  let query = db
    .selectFrom('learning_finding as f')
    .select([
      'f.id',
      'f.source_type as sourceType',
      'f.source_id as sourceId',
      'f.title',
      'f.detail',
      'f.identified_on as identifiedOn',
    ])
    .where('f.partnership_id', '=', scope.partnershipId)
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return []
    query = query.where('f.id', 'in', filter.ids)
  }
  if (filter.sourceType !== undefined) query = query.where('f.source_type', '=', filter.sourceType)
  if (filter.sourceId !== undefined) query = query.where('f.source_id', '=', filter.sourceId)
  const themeId = filter.themeId
  if (themeId !== undefined)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('learning_finding_theme as ft')
          .select('ft.theme_id')
          .whereRef('ft.partnership_id', '=', 'f.partnership_id')
          .whereRef('ft.finding_id', '=', 'f.id')
          .where('ft.theme_id', '=', themeId),
      ),
    )
  const findings = await query.orderBy('f.identified_on', 'desc').orderBy('f.title').execute()
  if (findings.length === 0) return []
  const tags = await db
    .selectFrom('learning_finding_theme as ft')
    .innerJoin('learning_theme as t', (j) =>
      j.onRef('t.partnership_id', '=', 'ft.partnership_id').onRef('t.id', '=', 'ft.theme_id'),
    )
    .select(['ft.finding_id as findingId', 't.id', 't.name'])
    .where('ft.partnership_id', '=', scope.partnershipId)
    .where(
      'ft.finding_id',
      'in',
      findings.map((f) => f.id),
    )
    .orderBy('t.position')
    .orderBy('t.name')
    .execute()
  const byFinding = new Map<string, { id: string; name: string }[]>()
  for (const tag of tags) {
    const list = byFinding.get(tag.findingId) ?? []
    list.push({ id: tag.id, name: tag.name })
    byFinding.set(tag.findingId, list)
  }
  return findings.map((f) => ({ ...f, themes: byFinding.get(f.id) ?? [] }))
}

export async function findFinding(
  db: Db,
  scope: TenantScope,
  findingId: string,
): Promise<FindingRow | undefined> {
  return (await listFindings(db, scope, { ids: [findingId] }))[0]
}

// ---------------------------------------------------------------------------------------------
// Recommendations.

export interface RecommendationRow {
  readonly id: string
  readonly findingId: string
  readonly findingTitle: string
  readonly title: string
  readonly detail: string | null
  readonly addressedTo: Addressee
  readonly agencyId: string | null
  readonly agencyName: string | null
  readonly status: RecommendationStatus
  readonly signedOffOn: string | null
  readonly signedOffByName: string | null
  readonly signOffNote: string | null
  readonly impactNote: string | null
  readonly impactIndicator: string | null
  readonly impactIndicatorId: string | null
  /** "CODE: title" of the linked catalogue indicator. */
  readonly impactIndicatorName: string | null
  readonly impactReaudit: string | null
  readonly impactRecordedOn: string | null
  readonly impactRecordedByName: string | null
}

function selectRecommendations(db: Db, scope: TenantScope) {
  return db
    .selectFrom('learning_recommendation as r')
    .innerJoin('learning_finding as f', (j) =>
      j.onRef('f.partnership_id', '=', 'r.partnership_id').onRef('f.id', '=', 'r.finding_id'),
    )
    .leftJoin('agency as ag', (j) =>
      j.onRef('ag.partnership_id', '=', 'r.partnership_id').onRef('ag.id', '=', 'r.agency_id'),
    )
    .leftJoin('app_user as signer', (j) =>
      j
        .onRef('signer.partnership_id', '=', 'r.partnership_id')
        .onRef('signer.id', '=', 'r.signed_off_by_user_id'),
    )
    .leftJoin('app_user as impact', (j) =>
      j
        .onRef('impact.partnership_id', '=', 'r.partnership_id')
        .onRef('impact.id', '=', 'r.impact_recorded_by_user_id'),
    )
    .leftJoin('perf_indicator as ind', (j) =>
      j
        .onRef('ind.partnership_id', '=', 'r.partnership_id')
        .onRef('ind.id', '=', 'r.impact_indicator_id'),
    )
    .where('r.partnership_id', '=', scope.partnershipId)
    .select([
      'r.id',
      'r.finding_id as findingId',
      'f.title as findingTitle',
      'r.title',
      'r.detail',
      'r.addressed_to as addressedTo',
      'r.agency_id as agencyId',
      'ag.name as agencyName',
      'r.status',
      'r.signed_off_on as signedOffOn',
      'signer.display_name as signedOffByName',
      'r.sign_off_note as signOffNote',
      'r.impact_note as impactNote',
      'r.impact_indicator as impactIndicator',
      'r.impact_indicator_id as impactIndicatorId',
      sql<string | null>`ind.code || ': ' || ind.title`.as('impactIndicatorName'),
      'r.impact_reaudit as impactReaudit',
      'r.impact_recorded_on as impactRecordedOn',
      'impact.display_name as impactRecordedByName',
    ])
}

export async function findRecommendation(
  db: Db,
  scope: TenantScope,
  recommendationId: string,
): Promise<RecommendationRow | undefined> {
  return selectRecommendations(db, scope).where('r.id', '=', recommendationId).executeTakeFirst()
}

export async function lockRecommendation(
  trx: Trx,
  scope: TenantScope,
  recommendationId: string,
): Promise<RecommendationRow | undefined> {
  await trx
    .selectFrom('learning_recommendation')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', recommendationId)
    .forUpdate()
    .executeTakeFirst()
  return findRecommendation(trx, scope, recommendationId)
}

export async function listRecommendations(
  db: Db,
  scope: TenantScope,
  filter: { findingIds?: readonly string[]; ids?: readonly string[] } = {},
): Promise<RecommendationRow[]> {
  let query = selectRecommendations(db, scope)
  if (filter.findingIds !== undefined) {
    if (filter.findingIds.length === 0) return []
    query = query.where('r.finding_id', 'in', filter.findingIds)
  }
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return []
    query = query.where('r.id', 'in', filter.ids)
  }
  return query.orderBy('r.created_at').orderBy('r.title').execute()
}

export async function insertRecommendation(
  trx: Trx,
  scope: TenantScope,
  values: {
    findingId: string
    title: string
    detail: string | null
    addressedTo: Addressee
    agencyId: string | null
    createdByUserId: string | null
  },
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('learning_recommendation')
    .values({
      partnership_id: scope.partnershipId,
      finding_id: values.findingId,
      title: values.title,
      detail: values.detail,
      addressed_to: values.addressedTo,
      agency_id: values.agencyId,
      status: 'open',
      created_by_user_id: values.createdByUserId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateRecommendation(
  trx: Trx,
  scope: TenantScope,
  recommendationId: string,
  change: {
    status: RecommendationStatus
    signedOffOn?: string
    signedOffByUserId?: string
    signOffNote?: string | null
    impactNote?: string
    impactIndicator?: string | null
    impactIndicatorId?: string | null
    impactReaudit?: string | null
    impactRecordedOn?: string
    impactRecordedByUserId?: string
    now: Date
  },
): Promise<void> {
  await trx
    .updateTable('learning_recommendation')
    .set({
      status: change.status,
      ...(change.signedOffOn === undefined ? {} : { signed_off_on: change.signedOffOn }),
      ...(change.signedOffByUserId === undefined
        ? {}
        : { signed_off_by_user_id: change.signedOffByUserId }),
      ...(change.signOffNote === undefined ? {} : { sign_off_note: change.signOffNote }),
      ...(change.impactNote === undefined ? {} : { impact_note: change.impactNote }),
      ...(change.impactIndicator === undefined ? {} : { impact_indicator: change.impactIndicator }),
      ...(change.impactIndicatorId === undefined
        ? {}
        : { impact_indicator_id: change.impactIndicatorId }),
      ...(change.impactReaudit === undefined ? {} : { impact_reaudit: change.impactReaudit }),
      ...(change.impactRecordedOn === undefined
        ? {}
        : { impact_recorded_on: change.impactRecordedOn }),
      ...(change.impactRecordedByUserId === undefined
        ? {}
        : { impact_recorded_by_user_id: change.impactRecordedByUserId }),
      updated_at: change.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', recommendationId)
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

// ---------------------------------------------------------------------------------------------
// Briefings.

export interface BriefingRow {
  readonly id: string
  readonly subject: 'source' | 'theme'
  readonly sourceType: string | null
  readonly sourceId: string | null
  readonly themeId: string | null
  readonly themeName: string | null
  readonly title: string
  readonly whatHappened: string
  readonly whatWeLearned: string
  readonly whatToDoDifferently: string
  readonly questionsForReflection: string
  readonly publishedAt: Date | null
  readonly updatedAt: Date
}

export interface BriefingContent {
  readonly title: string
  readonly whatHappened: string
  readonly whatWeLearned: string
  readonly whatToDoDifferently: string
  readonly questionsForReflection: string
}

function selectBriefings(db: Db, scope: TenantScope) {
  return db
    .selectFrom('learning_briefing as b')
    .leftJoin('learning_theme as t', (j) =>
      j.onRef('t.partnership_id', '=', 'b.partnership_id').onRef('t.id', '=', 'b.theme_id'),
    )
    .where('b.partnership_id', '=', scope.partnershipId)
    .select([
      'b.id',
      'b.subject',
      'b.source_type as sourceType',
      'b.source_id as sourceId',
      'b.theme_id as themeId',
      't.name as themeName',
      'b.title',
      'b.what_happened as whatHappened',
      'b.what_we_learned as whatWeLearned',
      'b.what_to_do_differently as whatToDoDifferently',
      'b.questions_for_reflection as questionsForReflection',
      'b.published_at as publishedAt',
      'b.updated_at as updatedAt',
    ])
}

export async function findBriefing(
  db: Db,
  scope: TenantScope,
  briefingId: string,
): Promise<BriefingRow | undefined> {
  return selectBriefings(db, scope).where('b.id', '=', briefingId).executeTakeFirst()
}

export async function listBriefings(
  db: Db,
  scope: TenantScope,
  options: {
    publishedOnly: boolean
    /** Only briefings about these records of one source type. */
    source?: { readonly type: string; readonly ids: readonly string[] }
  },
): Promise<BriefingRow[]> {
  let query = selectBriefings(db, scope)
  if (options.publishedOnly) query = query.where('b.published_at', 'is not', null)
  if (options.source !== undefined) {
    if (options.source.ids.length === 0) return []
    query = query
      .where('b.subject', '=', 'source')
      .where('b.source_type', '=', options.source.type)
      .where('b.source_id', 'in', options.source.ids)
  }
  return query.orderBy('b.published_at', 'desc').orderBy('b.title').execute()
}

export async function insertBriefing(
  trx: Trx,
  scope: TenantScope,
  values: BriefingContent & {
    subject: 'source' | 'theme'
    sourceType: string | null
    sourceId: string | null
    themeId: string | null
  },
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('learning_briefing')
    .values({
      partnership_id: scope.partnershipId,
      subject: values.subject,
      source_type: values.sourceType,
      source_id: values.sourceId,
      theme_id: values.themeId,
      title: values.title,
      what_happened: values.whatHappened,
      what_we_learned: values.whatWeLearned,
      what_to_do_differently: values.whatToDoDifferently,
      questions_for_reflection: values.questionsForReflection,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateBriefing(
  trx: Trx,
  scope: TenantScope,
  briefingId: string,
  change: Partial<BriefingContent> & { publishedAt?: Date | null; now: Date },
): Promise<void> {
  await trx
    .updateTable('learning_briefing')
    .set({
      ...(change.title === undefined ? {} : { title: change.title }),
      ...(change.whatHappened === undefined ? {} : { what_happened: change.whatHappened }),
      ...(change.whatWeLearned === undefined ? {} : { what_we_learned: change.whatWeLearned }),
      ...(change.whatToDoDifferently === undefined
        ? {}
        : { what_to_do_differently: change.whatToDoDifferently }),
      ...(change.questionsForReflection === undefined
        ? {}
        : { questions_for_reflection: change.questionsForReflection }),
      ...(change.publishedAt === undefined ? {} : { published_at: change.publishedAt }),
      updated_at: change.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', briefingId)
    .execute()
}
