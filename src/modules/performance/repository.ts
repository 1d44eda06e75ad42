// The performance module's SQL. Every function takes the tenant scope and filters by it.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import type { Frequency } from './rules/periods.ts'
import type { Polarity } from './rules/rag.ts'
import type { Unit } from './rules/rates.ts'
import type { ComparatorKind, Confidence, Measure, ValueStatus } from './tables.ts'
// The agency and people pickers are the platform directory's, shared by every module.
export { activeAgencies as agencyOptions } from '../../platform/directory.ts'

export type Db = Kysely<Tables>

// ---------------------------------------------------------------------------------------------
// Areas and population.

export interface AreaRow {
  readonly id: string
  readonly name: string
  readonly kind: 'partnership' | 'district'
}

export async function listAreas(db: Db, scope: TenantScope): Promise<AreaRow[]> {
  return db
    .selectFrom('perf_area')
    .select(['id', 'name', 'kind'])
    .where('partnership_id', '=', scope.partnershipId)
    .orderBy(sql`kind = 'district'`)
    .orderBy('sort_order')
    .orderBy('name')
    .execute()
}

export async function insertAreas(
  db: Db,
  scope: TenantScope,
  areas: readonly { name: string; kind: 'partnership' | 'district'; sortOrder: number }[],
): Promise<AreaRow[]> {
  if (areas.length === 0) return []
  return db
    .insertInto('perf_area')
    .values(
      areas.map((a) => ({
        partnership_id: scope.partnershipId,
        name: a.name,
        kind: a.kind,
        sort_order: a.sortOrder,
      })),
    )
    .returning(['id', 'name', 'kind'])
    .execute()
}

export interface PopulationRow {
  readonly areaId: string
  readonly year: number
  readonly population: number
}

export async function listPopulation(db: Db, scope: TenantScope): Promise<PopulationRow[]> {
  return db
    .selectFrom('perf_population')
    .select(['area_id as areaId', 'year', 'population'])
    .where('partnership_id', '=', scope.partnershipId)
    .orderBy('year')
    .execute()
}

export async function upsertPopulation(
  db: Db,
  scope: TenantScope,
  rows: readonly PopulationRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('perf_population')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          partnership_id: scope.partnershipId,
          area_id: r.areaId,
          year: r.year,
          population: r.population,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['partnership_id', 'area_id', 'year'])
          .doUpdateSet({ population: (eb) => eb.ref('excluded.population') }),
      )
      .execute()
  }
}

// ---------------------------------------------------------------------------------------------
// The catalogue.

export interface IndicatorFields {
  readonly code: string
  readonly title: string
  readonly definition: string
  readonly numeratorDefinition: string | null
  readonly denominatorDefinition: string | null
  readonly unit: Unit
  readonly polarity: Polarity
  readonly frequency: Frequency
  readonly measure: Measure
  readonly ownerAgencyId: string
  readonly source: string | null
  readonly priority: string | null
  readonly subGroup: string | null
  readonly target: number | null
  readonly tolerance: number | null
  readonly byArea: boolean
  readonly daysToSubmit: number
}

export interface IndicatorRow extends IndicatorFields {
  readonly id: string
  readonly version: number
  readonly ownerAgencyName: string
  readonly active: boolean
}

function selectIndicators(db: Db, scope: TenantScope) {
  return db
    .selectFrom('perf_indicator as i')
    .innerJoin('agency as ag', (j) =>
      j
        .onRef('ag.partnership_id', '=', 'i.partnership_id')
        .onRef('ag.id', '=', 'i.owner_agency_id'),
    )
    .where('i.partnership_id', '=', scope.partnershipId)
    .select([
      'i.id',
      'i.code',
      'i.version',
      'i.title',
      'i.definition',
      'i.numerator_definition as numeratorDefinition',
      'i.denominator_definition as denominatorDefinition',
      'i.unit',
      'i.polarity',
      'i.frequency',
      'i.measure',
      'i.owner_agency_id as ownerAgencyId',
      sql<string>`coalesce(ag.short_name, ag.name)`.as('ownerAgencyName'),
      'i.source',
      'i.priority',
      'i.sub_group as subGroup',
      'i.target',
      'i.tolerance',
      'i.by_area as byArea',
      'i.days_to_submit as daysToSubmit',
      'i.active',
    ])
}

export interface IndicatorFilter {
  readonly priority?: string
  readonly subGroup?: string
  readonly agencyId?: string
  readonly activeOnly?: boolean
}

export async function listIndicators(
  db: Db,
  scope: TenantScope,
  filter: IndicatorFilter = {},
): Promise<IndicatorRow[]> {
  let q = selectIndicators(db, scope)
  if (filter.priority !== undefined) q = q.where('i.priority', '=', filter.priority)
  if (filter.subGroup !== undefined) q = q.where('i.sub_group', '=', filter.subGroup)
  if (filter.agencyId !== undefined) q = q.where('i.owner_agency_id', '=', filter.agencyId)
  if (filter.activeOnly === true) q = q.where('i.active', '=', true)
  return q.orderBy('i.priority').orderBy('i.code').execute()
}

export async function findIndicator(
  db: Db,
  scope: TenantScope,
  id: string,
): Promise<IndicatorRow | undefined> {
  return selectIndicators(db, scope).where('i.id', '=', id).executeTakeFirst()
}

export async function lockIndicator(
  trx: Transaction<Tables>,
  scope: TenantScope,
  id: string,
): Promise<IndicatorRow | undefined> {
  await trx
    .selectFrom('perf_indicator')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return findIndicator(trx, scope, id)
}

export async function codeTaken(
  db: Db,
  scope: TenantScope,
  code: string,
  exceptId?: string,
): Promise<boolean> {
  let q = db
    .selectFrom('perf_indicator')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('code', '=', code)
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId)
  return (await q.executeTakeFirst()) !== undefined
}

function indicatorColumns(f: IndicatorFields) {
  return {
    code: f.code,
    title: f.title,
    definition: f.definition,
    numerator_definition: f.numeratorDefinition,
    denominator_definition: f.denominatorDefinition,
    unit: f.unit,
    polarity: f.polarity,
    frequency: f.frequency,
    measure: f.measure,
    owner_agency_id: f.ownerAgencyId,
    source: f.source,
    priority: f.priority,
    sub_group: f.subGroup,
    target: f.target,
    tolerance: f.tolerance,
    by_area: f.byArea,
    days_to_submit: f.daysToSubmit,
  }
}

export async function insertIndicators(
  db: Db,
  scope: TenantScope,
  rows: readonly IndicatorFields[],
  now: Date,
): Promise<{ id: string; code: string }[]> {
  if (rows.length === 0) return []
  return db
    .insertInto('perf_indicator')
    .values(
      rows.map((f) => ({
        partnership_id: scope.partnershipId,
        ...indicatorColumns(f),
        created_at: now,
        updated_at: now,
      })),
    )
    .returning(['id', 'code'])
    .execute()
}

export async function updateIndicator(
  trx: Transaction<Tables>,
  scope: TenantScope,
  id: string,
  f: IndicatorFields,
  version: number,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('perf_indicator')
    .set({ ...indicatorColumns(f), version, updated_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', id)
    .execute()
}

export interface VersionRow {
  readonly indicatorId: string
  readonly version: number
  readonly effectiveFrom: string
  readonly title: string
  readonly definition: string
  readonly numeratorDefinition: string | null
  readonly denominatorDefinition: string | null
  readonly unit: Unit
  readonly reason: string | null
  readonly createdAt: Date
}

export async function insertVersions(
  db: Db,
  scope: TenantScope,
  rows: readonly (Omit<VersionRow, 'createdAt'> & { createdByUserId: string | null })[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('perf_indicator_version')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          partnership_id: scope.partnershipId,
          indicator_id: r.indicatorId,
          version: r.version,
          effective_from: r.effectiveFrom,
          title: r.title,
          definition: r.definition,
          numerator_definition: r.numeratorDefinition,
          denominator_definition: r.denominatorDefinition,
          unit: r.unit,
          reason: r.reason,
          created_at: now,
          created_by_user_id: r.createdByUserId,
        })),
      )
      .execute()
  }
}

export async function listVersions(
  db: Db,
  scope: TenantScope,
  indicatorIds?: readonly string[],
): Promise<VersionRow[]> {
  if (indicatorIds?.length === 0) return []
  let q = db
    .selectFrom('perf_indicator_version')
    .where('partnership_id', '=', scope.partnershipId)
    .select([
      'indicator_id as indicatorId',
      'version',
      'effective_from as effectiveFrom',
      'title',
      'definition',
      'numerator_definition as numeratorDefinition',
      'denominator_definition as denominatorDefinition',
      'unit',
      'reason',
      'created_at as createdAt',
    ])
  if (indicatorIds !== undefined) q = q.where('indicator_id', 'in', indicatorIds)
  return q.orderBy('indicator_id').orderBy('version').execute()
}

// ---------------------------------------------------------------------------------------------
// Values.

export interface ValueRow {
  readonly id: string
  readonly indicatorId: string
  readonly areaId: string
  readonly periodStart: string
  readonly numerator: number | null
  readonly denominator: number | null
  readonly value: number | null
  readonly status: ValueStatus
  readonly confidence: Confidence
  readonly note: string | null
  readonly revision: number
  readonly submittedAt: Date
  readonly submittedBy: string | null
}

function selectValues(db: Db, scope: TenantScope) {
  return db
    .selectFrom('perf_value as v')
    .leftJoin('app_user as u', (j) =>
      j
        .onRef('u.partnership_id', '=', 'v.partnership_id')
        .onRef('u.id', '=', 'v.submitted_by_user_id'),
    )
    .where('v.partnership_id', '=', scope.partnershipId)
    .select([
      'v.id',
      'v.indicator_id as indicatorId',
      'v.area_id as areaId',
      'v.period_start as periodStart',
      'v.numerator',
      'v.denominator',
      'v.value',
      'v.status',
      'v.confidence',
      'v.note',
      'v.revision',
      'v.submitted_at as submittedAt',
      sql<string | null>`coalesce(u.display_name, v.submitted_by_label)`.as('submittedBy'),
    ])
}

/** The current values at these (indicator, area, period) keys. */
export async function findValues(
  db: Db,
  scope: TenantScope,
  keys: readonly { indicatorId: string; areaId: string; periodStart: string }[],
): Promise<ValueRow[]> {
  if (keys.length === 0) return []
  const out: ValueRow[] = []
  for (let i = 0; i < keys.length; i += 20000) {
    const chunk = keys.slice(i, i + 20000)
    // The keys as three arrays (three parameters, however many keys): a hash semi-join.
    const ids = chunk.map((k) => k.indicatorId)
    const areas = chunk.map((k) => k.areaId)
    const periods = chunk.map((k) => k.periodStart)
    out.push(
      ...(await selectValues(db, scope)
        .where(
          sql<boolean>`(v.indicator_id, v.area_id, v.period_start) in (select * from unnest(${ids}::uuid[], ${areas}::uuid[], ${periods}::date[]))`,
        )
        .execute()),
    )
  }
  return out
}

export async function listValuesForIndicator(
  db: Db,
  scope: TenantScope,
  indicatorId: string,
): Promise<ValueRow[]> {
  return selectValues(db, scope)
    .where('v.indicator_id', '=', indicatorId)
    .orderBy('v.period_start')
    .execute()
}

export interface NewValue {
  readonly indicatorId: string
  readonly areaId: string
  readonly periodStart: string
  readonly numerator: number | null
  readonly denominator: number | null
  readonly value: number
  readonly status: ValueStatus
  readonly confidence: Confidence
  readonly note: string | null
  readonly submittedAt: Date
  readonly submittedByUserId: string | null
  readonly submittedByLabel: string | null
}

export async function insertValues(
  db: Db,
  scope: TenantScope,
  rows: readonly NewValue[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insertInto('perf_value')
      .values(
        rows.slice(i, i + 2000).map((r) => ({
          partnership_id: scope.partnershipId,
          indicator_id: r.indicatorId,
          area_id: r.areaId,
          period_start: r.periodStart,
          numerator: r.numerator,
          denominator: r.denominator,
          value: r.value,
          status: r.status,
          confidence: r.confidence,
          note: r.note,
          first_submitted_at: r.submittedAt,
          submitted_at: r.submittedAt,
          submitted_by_user_id: r.submittedByUserId,
          submitted_by_label: r.submittedByLabel,
        })),
      )
      .execute()
  }
}

/** Keeps the current values of these rows as revisions, then replaces them. */
export async function reviseValues(
  trx: Transaction<Tables>,
  scope: TenantScope,
  revisions: readonly { valueId: string; next: NewValue }[],
  replacedByUserId: string | null,
  now: Date,
): Promise<void> {
  for (let i = 0; i < revisions.length; i += 1000) {
    const chunk = revisions.slice(i, i + 1000)
    const ids = chunk.map((r) => r.valueId)
    await trx
      .insertInto('perf_value_revision')
      .columns([
        'partnership_id',
        'value_id',
        'revision',
        'numerator',
        'denominator',
        'value',
        'status',
        'confidence',
        'note',
        'submitted_at',
        'submitted_by_user_id',
        'submitted_by_label',
        'replaced_at',
        'replaced_by_user_id',
      ])
      .expression((eb) =>
        eb
          .selectFrom('perf_value')
          .select([
            'partnership_id',
            'id',
            'revision',
            'numerator',
            'denominator',
            'value',
            'status',
            'confidence',
            'note',
            'submitted_at',
            'submitted_by_user_id',
            'submitted_by_label',
            sql<Date>`${now}::timestamptz`.as('replaced_at'),
            sql<string | null>`${replacedByUserId}::uuid`.as('replaced_by_user_id'),
          ])
          .where('partnership_id', '=', scope.partnershipId)
          .where('id', 'in', ids),
      )
      .execute()
    for (const { valueId, next } of chunk) {
      await trx
        .updateTable('perf_value')
        .set((eb) => ({
          numerator: next.numerator,
          denominator: next.denominator,
          value: next.value,
          status: next.status,
          confidence: next.confidence,
          note: next.note,
          revision: eb('revision', '+', 1),
          submitted_at: next.submittedAt,
          submitted_by_user_id: next.submittedByUserId,
          submitted_by_label: next.submittedByLabel,
        }))
        .where('partnership_id', '=', scope.partnershipId)
        .where('id', '=', valueId)
        .execute()
    }
  }
}

export interface RevisionRow {
  readonly valueId: string
  readonly areaId: string
  readonly periodStart: string
  readonly revision: number
  readonly value: number | null
  readonly status: ValueStatus
  readonly submittedAt: Date
  readonly submittedBy: string | null
  readonly replacedAt: Date
  readonly replacedBy: string | null
  readonly currentValue: number | null
}

export async function listRevisions(
  db: Db,
  scope: TenantScope,
  indicatorId: string,
): Promise<RevisionRow[]> {
  return db
    .selectFrom('perf_value_revision as r')
    .innerJoin('perf_value as v', (j) =>
      j.onRef('v.partnership_id', '=', 'r.partnership_id').onRef('v.id', '=', 'r.value_id'),
    )
    .leftJoin('app_user as s', (j) =>
      j
        .onRef('s.partnership_id', '=', 'r.partnership_id')
        .onRef('s.id', '=', 'r.submitted_by_user_id'),
    )
    .leftJoin('app_user as x', (j) =>
      j
        .onRef('x.partnership_id', '=', 'r.partnership_id')
        .onRef('x.id', '=', 'r.replaced_by_user_id'),
    )
    .where('r.partnership_id', '=', scope.partnershipId)
    .where('v.indicator_id', '=', indicatorId)
    .select([
      'r.value_id as valueId',
      'v.area_id as areaId',
      'v.period_start as periodStart',
      'r.revision',
      'r.value',
      'r.status',
      'r.submitted_at as submittedAt',
      sql<string | null>`coalesce(s.display_name, r.submitted_by_label)`.as('submittedBy'),
      'r.replaced_at as replacedAt',
      'x.display_name as replacedBy',
      'v.value as currentValue',
    ])
    .orderBy('r.replaced_at', 'desc')
    .orderBy('r.revision', 'desc')
    .execute()
}

/**
 * The partnership-level series: per indicator and period, the whole-area value if one was given,
 * and the sums over districts (for indicators reported by area), so the caller can aggregate from
 * numerators and denominators. This is the scorecard's own SQL (the benchmark's floor runs it too).
 */
export interface SeriesRow {
  readonly indicatorId: string
  readonly periodStart: string
  readonly wholeNumerator: number | null
  readonly wholeDenominator: number | null
  readonly wholeValue: number | null
  readonly districtNumerator: number | null
  readonly districtDenominator: number | null
  readonly districtCount: number
  /** Districts whose numerator or denominator is missing (their sum cannot be trusted). */
  readonly districtIncomplete: number
  readonly provisional: boolean
  readonly lowestConfidence: Confidence
}

export function seriesQuery(
  db: Db,
  scope: TenantScope,
  from: string,
  to: string,
  indicatorIds?: readonly string[],
) {
  let q = db
    .selectFrom('perf_value as v')
    .innerJoin('perf_area as a', (j) =>
      j.onRef('a.partnership_id', '=', 'v.partnership_id').onRef('a.id', '=', 'v.area_id'),
    )
    .where('v.partnership_id', '=', scope.partnershipId)
    .where('v.period_start', '>=', from)
    .where('v.period_start', '<=', to)
    .groupBy(['v.indicator_id', 'v.period_start'])
    .select([
      'v.indicator_id as indicatorId',
      'v.period_start as periodStart',
      sql<number | null>`max(v.numerator) filter (where a.kind = 'partnership')`.as(
        'wholeNumerator',
      ),
      sql<number | null>`max(v.denominator) filter (where a.kind = 'partnership')`.as(
        'wholeDenominator',
      ),
      sql<number | null>`max(v.value) filter (where a.kind = 'partnership')`.as('wholeValue'),
      sql<number | null>`sum(coalesce(v.numerator, v.value)) filter (where a.kind = 'district')`.as(
        'districtNumerator',
      ),
      sql<number | null>`sum(v.denominator) filter (where a.kind = 'district')`.as(
        'districtDenominator',
      ),
      sql<number>`count(*) filter (where a.kind = 'district')`.as('districtCount'),
      sql<number>`count(*) filter (where a.kind = 'district' and (v.numerator is null or v.denominator is null))`.as(
        'districtIncomplete',
      ),
      sql<boolean>`bool_or(v.status = 'provisional')`.as('provisional'),
      sql<Confidence>`(array['low','medium','high'])[min(case v.confidence when 'low' then 1 when 'medium' then 2 else 3 end)]`.as(
        'lowestConfidence',
      ),
    ])
  if (indicatorIds !== undefined) q = q.where('v.indicator_id', 'in', indicatorIds)
  return q
}

export async function listSeries(
  db: Db,
  scope: TenantScope,
  from: string,
  to: string,
  indicatorIds?: readonly string[],
): Promise<SeriesRow[]> {
  if (indicatorIds?.length === 0) return []
  return seriesQuery(db, scope, from, to, indicatorIds).execute()
}

/** The latest period with any value (to choose the scorecard's default period). */
export async function latestPeriodWithData(db: Db, scope: TenantScope): Promise<string | null> {
  const row = await db
    .selectFrom('perf_value')
    .select(sql<string | null>`max(period_start)`.as('latest'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  return row?.latest ?? null
}

// ---------------------------------------------------------------------------------------------
// Comparators, commentary, challenges raised, uploads, reminders.

export interface ComparatorRow {
  readonly indicatorId: string
  readonly year: number
  readonly kind: ComparatorKind
  readonly name: string
  readonly value: number
}

export async function upsertComparators(
  db: Db,
  scope: TenantScope,
  rows: readonly ComparatorRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('perf_comparator')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          partnership_id: scope.partnershipId,
          indicator_id: r.indicatorId,
          year: r.year,
          kind: r.kind,
          name: r.name,
          value: r.value,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['partnership_id', 'indicator_id', 'year', 'kind', 'name'])
          .doUpdateSet({ value: (eb) => eb.ref('excluded.value') }),
      )
      .execute()
  }
}

export async function listComparators(
  db: Db,
  scope: TenantScope,
  indicatorIds?: readonly string[],
): Promise<ComparatorRow[]> {
  if (indicatorIds?.length === 0) return []
  let q = db
    .selectFrom('perf_comparator')
    .select(['indicator_id as indicatorId', 'year', 'kind', 'name', 'value'])
    .where('partnership_id', '=', scope.partnershipId)
  if (indicatorIds !== undefined) q = q.where('indicator_id', 'in', indicatorIds)
  return q.orderBy('year').orderBy('kind').orderBy('name').execute()
}

export interface CommentaryRow {
  readonly indicatorId: string
  readonly periodStart: string
  readonly whatItTellsUs: string
  readonly whatWeAreDoing: string | null
  readonly writtenAt: Date
  readonly writtenBy: string | null
}

export async function listCommentary(
  db: Db,
  scope: TenantScope,
  indicatorIds?: readonly string[],
): Promise<CommentaryRow[]> {
  if (indicatorIds?.length === 0) return []
  let q = db
    .selectFrom('perf_commentary as c')
    .leftJoin('app_user as u', (j) =>
      j
        .onRef('u.partnership_id', '=', 'c.partnership_id')
        .onRef('u.id', '=', 'c.written_by_user_id'),
    )
    .where('c.partnership_id', '=', scope.partnershipId)
    .select([
      'c.indicator_id as indicatorId',
      'c.period_start as periodStart',
      'c.what_it_tells_us as whatItTellsUs',
      'c.what_we_are_doing as whatWeAreDoing',
      'c.written_at as writtenAt',
      'u.display_name as writtenBy',
    ])
  if (indicatorIds !== undefined) q = q.where('c.indicator_id', 'in', indicatorIds)
  return q.orderBy('c.period_start', 'desc').execute()
}

export async function upsertCommentary(
  db: Db,
  scope: TenantScope,
  rows: readonly {
    indicatorId: string
    periodStart: string
    whatItTellsUs: string
    whatWeAreDoing: string | null
    writtenAt: Date
    writtenByUserId: string | null
  }[],
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('perf_commentary')
    .values(
      rows.map((r) => ({
        partnership_id: scope.partnershipId,
        indicator_id: r.indicatorId,
        period_start: r.periodStart,
        what_it_tells_us: r.whatItTellsUs,
        what_we_are_doing: r.whatWeAreDoing,
        written_at: r.writtenAt,
        written_by_user_id: r.writtenByUserId,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'indicator_id', 'period_start']).doUpdateSet((eb) => ({
        what_it_tells_us: eb.ref('excluded.what_it_tells_us'),
        what_we_are_doing: eb.ref('excluded.what_we_are_doing'),
        written_at: eb.ref('excluded.written_at'),
        written_by_user_id: eb.ref('excluded.written_by_user_id'),
      })),
    )
    .execute()
}

export async function insertIndicatorChallenge(
  db: Db,
  scope: TenantScope,
  link: { indicatorId: string; challengeId: string; raisedAt: Date; raisedByUserId: string | null },
): Promise<void> {
  await db
    .insertInto('perf_indicator_challenge')
    .values({
      partnership_id: scope.partnershipId,
      indicator_id: link.indicatorId,
      challenge_id: link.challengeId,
      raised_at: link.raisedAt,
      raised_by_user_id: link.raisedByUserId,
    })
    .execute()
}

/** The challenges raised from an indicator, newest first. */
export async function listIndicatorChallengeIds(
  db: Db,
  scope: TenantScope,
  indicatorId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('perf_indicator_challenge')
    .select('challenge_id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('indicator_id', '=', indicatorId)
    .orderBy('raised_at', 'desc')
    .execute()
  return rows.map((r) => r.challenge_id)
}

/** When each indicator's values for each period were first given (for the data calendar). */
export async function submissionTimes(
  db: Db,
  scope: TenantScope,
  from: string,
): Promise<{ indicatorId: string; periodStart: string; firstSubmittedAt: Date }[]> {
  return db
    .selectFrom('perf_value')
    .where('partnership_id', '=', scope.partnershipId)
    .where('period_start', '>=', from)
    .groupBy(['indicator_id', 'period_start'])
    .select([
      'indicator_id as indicatorId',
      'period_start as periodStart',
      sql<Date>`min(first_submitted_at)`.as('firstSubmittedAt'),
    ])
    .execute()
}

export async function agencyExists(db: Db, scope: TenantScope, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row !== undefined
}

/** Agency leads to remind, by agency. */
export async function agencyLeads(
  db: Db,
  scope: TenantScope,
): Promise<{ agencyId: string; email: string; displayName: string }[]> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', (j) =>
      j.onRef('r.partnership_id', '=', 'u.partnership_id').onRef('r.user_id', '=', 'u.id'),
    )
    .where('u.partnership_id', '=', scope.partnershipId)
    .where('r.role', '=', 'agency_lead')
    .where('u.status', '=', 'active')
    .where('u.agency_id', 'is not', null)
    .select([sql<string>`u.agency_id`.as('agencyId'), 'u.email', 'u.display_name as displayName'])
    .execute()
}

/** Records reminders; returns only those not sent before (so each goes once). */
export async function recordReminders(
  trx: Transaction<Tables>,
  scope: TenantScope,
  rows: readonly { agencyId: string; dueDate: string; kind: 'due_soon' | 'overdue' }[],
  now: Date,
): Promise<{ agencyId: string; dueDate: string; kind: 'due_soon' | 'overdue' }[]> {
  if (rows.length === 0) return []
  const inserted = await trx
    .insertInto('perf_reminder')
    .values(
      rows.map((r) => ({
        partnership_id: scope.partnershipId,
        agency_id: r.agencyId,
        due_date: r.dueDate,
        kind: r.kind,
        sent_at: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['agency_id as agencyId', 'due_date as dueDate', 'kind'])
    .execute()
  return inserted
}
