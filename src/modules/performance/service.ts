// The performance module's use cases: the catalogue, areas and population, comparators, agency
// submissions (upload → check → preview → confirm; form; API), the data calendar and reminders,
// the scorecard and drill-down, and raising actions, risks and challenges from indicators. Every
// change: authorise, check, write in a transaction, audit in the same transaction.
import { fromLegacyContext } from '../../platform/use-case.ts'
import { readCsvTable } from '../../platform/files/spreadsheets.ts'
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { auditActorLabel, type Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { ValidationError, conflict, forbidden, notFound } from '../../platform/errors.ts'
import { partnershipScopes } from '../../platform/jobs/partnerships.ts'
import { addDays, londonDate, longDate } from '../../platform/london-time.ts'
import type { OutgoingMail } from '../../platform/mail/mailer.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid, type TenantScope } from '../../platform/tenancy.ts'
import {
  listActionsForSource,
  raiseAction,
  type ActionRow,
  type RaiseActionForm,
} from '../actions/index.ts'
import * as repo from './repository.ts'
import type {
  AreaRow,
  ComparatorRow,
  CommentaryRow,
  IndicatorFields,
  IndicatorRow,
  NewValue,
  RevisionRow,
  ValueRow,
  VersionRow,
} from './repository.ts'
import { buildLine, buildScorecard, scorecardFrom, type ScorecardLine } from './scorecard.ts'
import {
  dueDate,
  latestPeriodEndedBy,
  parsePeriodCode,
  periodCode,
  periodContaining,
  periodEnd,
  periodsBetween,
  addMonths,
} from './rules/periods.ts'
import {
  checkRows,
  type CatalogueEntry,
  type CheckContext,
  type CleanRow,
  type RawRow,
  type RowProblem,
} from './upload-rules.ts'
import { comparatorKinds, type ComparatorKind } from './tables.ts'

export const PERFORMANCE_PERMISSIONS = {
  /** See the scorecard, the catalogue and drill-downs. */
  read: 'performance.read',
  /** Submit values and commentary: any agency's, or (agency leads) your own agency's. */
  submit: 'performance.submit',
  /** Keep the catalogue, areas, population and comparators (the business unit). */
  manage: 'performance.manage',
  /** Raise actions, risks and challenges from indicators. */
  raise: 'performance.raise',
} as const

/** The action tracker's source type for actions raised from indicators. */
export const INDICATOR_SOURCE = 'indicator'

export const WHOLE_AREA_NAME = 'Whole partnership'

export interface PerfContext {
  readonly scope: TenantScope
  /** Undefined when the system acts (a scheduled job, the demo seed). */
  readonly actor?: Actor
  readonly systemLabel?: string
  readonly requestId?: string
  readonly ip?: string
}

function auditActor(ctx: PerfContext) {
  return {
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor?.userId ?? null,
    actorLabel:
      ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : auditActorLabel(ctx.actor),
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  }
}

export function todayIn(services: Services): string {
  return londonDate(services.clock.now())
}

function actorOf(ctx: PerfContext): Actor {
  if (ctx.actor === undefined) throw forbidden()
  return ctx.actor
}

/** People need the permission; the system (the demo seed, jobs) acts without an actor. */
function authorizeIfPerson(services: Services, ctx: PerfContext, permission: string): void {
  if (ctx.actor !== undefined) services.policy.authorize(ctx.actor, permission)
}

// ---------------------------------------------------------------------------------------------
// Areas and population.

/** The partnership's areas, making the whole-partnership area on first use. */
export async function areas(services: Services, scope: TenantScope): Promise<AreaRow[]> {
  const rows = await repo.listAreas(services.db, scope)
  if (rows.some((a) => a.kind === 'partnership')) return rows
  await services.db
    .insertInto('perf_area')
    .values({ partnership_id: scope.partnershipId, name: WHOLE_AREA_NAME, kind: 'partnership' })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return repo.listAreas(services.db, scope)
}

export async function addArea(services: Services, ctx: PerfContext, name: string): Promise<void> {
  authorizeIfPerson(services, ctx, PERFORMANCE_PERMISSIONS.manage)
  const existing = await areas(services, ctx.scope)
  if (existing.some((a) => a.name.toLowerCase() === name.toLowerCase()))
    throw new ValidationError([
      { field: 'name', message: 'There is already an area with that name' },
    ])
  await services.db.transaction().execute(async (trx) => {
    const [row] = await repo.insertAreas(trx, ctx.scope, [
      { name, kind: 'district', sortOrder: existing.length },
    ])
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'perf_area',
      recordId: row?.id ?? null,
      changes: { after: { name } },
    })
  })
}

export interface AreasPage {
  readonly areas: readonly AreaRow[]
  readonly years: readonly number[]
  readonly population: ReadonlyMap<string, number>
}

export async function areasPage(services: Services, ctx: PerfContext): Promise<AreasPage> {
  const list = await areas(services, ctx.scope)
  const population = await repo.listPopulation(services.db, ctx.scope)
  const years = [...new Set(population.map((p) => p.year))].sort((a, b) => a - b)
  return {
    areas: list,
    years,
    population: new Map(population.map((p) => [`${p.areaId}|${p.year}`, p.population])),
  }
}

export interface CsvProblem {
  readonly row: number
  readonly column: string
  readonly message: string
}

export type ImportResult =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly fileError?: string; readonly problems: readonly CsvProblem[] }

/** Rows after the header in a population or comparator file; refused while read if more. */
const MAX_CSV_ROWS = 50_000

function readCsv(
  data: Buffer,
  expected: readonly string[],
): { ok: true; rows: Record<string, string>[] } | { ok: false; message: string } {
  const csv = readCsvTable(data, { maxRows: MAX_CSV_ROWS })
  if (!csv.ok) return csv
  const [header, ...body] = csv.table
  if (header === undefined) return { ok: false, message: 'The selected file is empty' }
  const index = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]))
  const missing = expected.filter((e) => !index.has(e.toLowerCase()))
  if (missing.length > 0)
    return {
      ok: false,
      message: `The selected file must have a header row with ${expected.join(', ')}: it has no ${missing.join(', ')} column`,
    }
  return {
    ok: true,
    rows: body.map((cells) =>
      Object.fromEntries(
        expected.map((e) => [e, (cells[index.get(e.toLowerCase()) ?? -1] ?? '').trim()]),
      ),
    ),
  }
}

/** Mid-year estimates of children aged 0–17: columns Area, Year, Population. */
export async function importPopulation(
  services: Services,
  ctx: PerfContext,
  data: Buffer,
): Promise<ImportResult> {
  authorizeIfPerson(services, ctx, PERFORMANCE_PERMISSIONS.manage)
  const csv = readCsv(data, ['Area', 'Year', 'Population'])
  if (!csv.ok) return { ok: false, fileError: csv.message, problems: [] }
  const byName = new Map((await areas(services, ctx.scope)).map((a) => [a.name.toLowerCase(), a]))
  const problems: CsvProblem[] = []
  const rows: repo.PopulationRow[] = []
  const seen = new Set<string>()
  csv.rows.forEach((r, i) => {
    const row = i + 2
    if (Object.values(r).every((v) => v === '')) return
    const area =
      byName.get((r.Area ?? '').toLowerCase()) ??
      (r.Area === '' ? byName.get(WHOLE_AREA_NAME.toLowerCase()) : undefined)
    if (area === undefined)
      problems.push({ row, column: 'Area', message: `There is no area called ${r.Area ?? ''}` })
    const year = Number(r.Year)
    if (!/^\d{4}$/.test(r.Year ?? '') || year < 1990 || year > 2100)
      problems.push({ row, column: 'Year', message: 'Year must be a year like 2024' })
    const population = Number((r.Population ?? '').replace(/,/g, ''))
    if (!/^\d[\d,]*$/.test(r.Population ?? ''))
      problems.push({ row, column: 'Population', message: 'Population must be a whole number' })
    if (area === undefined || problems.some((p) => p.row === row)) return
    const key = `${area.id}|${year}`
    if (seen.has(key)) {
      problems.push({ row, column: 'Area', message: 'This area and year appear more than once' })
      return
    }
    seen.add(key)
    rows.push({ areaId: area.id, year, population })
  })
  if (problems.length > 0) return { ok: false, problems }
  if (rows.length === 0)
    return { ok: false, fileError: 'The selected file has no rows', problems: [] }
  await services.db.transaction().execute(async (trx) => {
    await repo.upsertPopulation(trx, ctx.scope, rows)
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'perf_population',
      changes: { after: { rows: rows.length, years: [...new Set(rows.map((r) => r.year))] } },
    })
  })
  return { ok: true, count: rows.length }
}

/** Population lookup for rates: the area's estimate for the period's year, or the latest before. */
export function populationLookup(
  rows: readonly repo.PopulationRow[],
): (areaId: string, periodStart: string) => number | null {
  const byArea = new Map<string, repo.PopulationRow[]>()
  for (const r of rows) {
    const list = byArea.get(r.areaId) ?? []
    list.push(r)
    byArea.set(r.areaId, list)
  }
  for (const list of byArea.values()) list.sort((a, b) => a.year - b.year)
  return (areaId, periodStart) => {
    const year = Number(periodStart.slice(0, 4))
    const list = byArea.get(areaId) ?? []
    let found: number | null = null
    for (const r of list) if (r.year <= year) found = r.population
    return found ?? list[0]?.population ?? null
  }
}

// ---------------------------------------------------------------------------------------------
// The catalogue.

export async function listCatalogue(
  services: Services,
  ctx: PerfContext,
  filter: repo.IndicatorFilter = {},
): Promise<IndicatorRow[]> {
  return repo.listIndicators(services.db, ctx.scope, filter)
}

export async function getIndicator(
  services: Services,
  ctx: PerfContext,
  id: string,
): Promise<IndicatorRow> {
  if (!isUuid(id)) throw notFound()
  const row = await repo.findIndicator(services.db, ctx.scope, id)
  if (row === undefined) throw notFound()
  return row
}

const definitionFields = [
  'title',
  'definition',
  'numeratorDefinition',
  'denominatorDefinition',
  'unit',
] as const

async function checkIndicatorFields(
  services: Services,
  scope: TenantScope,
  f: IndicatorFields,
  exceptId?: string,
): Promise<void> {
  const problems: { field: string; message: string }[] = []
  if (await repo.codeTaken(services.db, scope, f.code, exceptId))
    problems.push({ field: 'code', message: 'There is already an indicator with this code' })
  if (!(await repo.agencyExists(services.db, scope, f.ownerAgencyId)))
    problems.push({ field: 'ownerAgencyId', message: 'Select the agency that owns the indicator' })
  if (f.unit === 'percentage' && f.target !== null && (f.target < 0 || f.target > 100))
    problems.push({ field: 'target', message: 'A percentage target must be between 0 and 100' })
  if (problems.length > 0) throw new ValidationError(problems)
}

export async function createIndicator(
  services: Services,
  ctx: PerfContext,
  f: IndicatorFields,
  effectiveFrom?: string,
): Promise<string> {
  authorizeIfPerson(services, ctx, PERFORMANCE_PERMISSIONS.manage)
  await checkIndicatorFields(services, ctx.scope, f)
  const now = services.clock.now()
  return services.db.transaction().execute(async (trx) => {
    const [row] = await repo.insertIndicators(trx, ctx.scope, [f], now)
    if (row === undefined) throw new Error('The indicator was not created')
    await repo.insertVersions(
      trx,
      ctx.scope,
      [
        {
          indicatorId: row.id,
          version: 1,
          effectiveFrom: effectiveFrom ?? periodContaining(f.frequency, '2000-04-01'),
          title: f.title,
          definition: f.definition,
          numeratorDefinition: f.numeratorDefinition,
          denominatorDefinition: f.denominatorDefinition,
          unit: f.unit,
          reason: null,
          createdByUserId: ctx.actor?.userId ?? null,
        },
      ],
      now,
    )
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'perf_indicator',
      recordId: row.id,
      changes: { after: { ...f } },
    })
    return row.id
  })
}

/**
 * Changes an indicator. A change to what is counted (title, definitions, unit) starts a new
 * version from the given period, and the scorecard marks the break in the series there; a new
 * target, owner or grouping does not.
 */
export async function updateIndicator(
  services: Services,
  ctx: PerfContext,
  id: string,
  f: IndicatorFields,
  change: { effectiveFrom: string | null; reason: string | null },
): Promise<{ newVersion: boolean }> {
  authorizeIfPerson(services, ctx, PERFORMANCE_PERMISSIONS.manage)
  const before = await getIndicator(services, ctx, id)
  await checkIndicatorFields(services, ctx.scope, f, id)
  const definitionChanged = definitionFields.some((k) => before[k] !== f[k])
  let effectiveFrom: string | null = null
  if (definitionChanged) {
    const problems: { field: string; message: string }[] = []
    if (change.effectiveFrom === null)
      problems.push({
        field: 'effectiveFrom',
        message: 'Enter the period the new definition applies from',
      })
    else {
      effectiveFrom = parsePeriodCode(f.frequency, change.effectiveFrom)
      if (effectiveFrom === null)
        problems.push({
          field: 'effectiveFrom',
          message: `Enter the period like ${periodCode(f.frequency, '2026-01-01')}`,
        })
    }
    if (change.reason === null)
      problems.push({ field: 'reason', message: 'Enter why the definition changed' })
    if (problems.length > 0) throw new ValidationError(problems)
  }
  const now = services.clock.now()
  await services.db.transaction().execute(async (trx) => {
    const locked = await repo.lockIndicator(trx, ctx.scope, id)
    if (locked === undefined) throw notFound()
    if (locked.version !== before.version) throw conflict()
    const version = definitionChanged ? before.version + 1 : before.version
    await repo.updateIndicator(trx, ctx.scope, id, f, version, now)
    if (definitionChanged && effectiveFrom !== null)
      await repo.insertVersions(
        trx,
        ctx.scope,
        [
          {
            indicatorId: id,
            version,
            effectiveFrom,
            title: f.title,
            definition: f.definition,
            numeratorDefinition: f.numeratorDefinition,
            denominatorDefinition: f.denominatorDefinition,
            unit: f.unit,
            reason: change.reason,
            createdByUserId: ctx.actor?.userId ?? null,
          },
        ],
        now,
      )
    const { id: _id, ownerAgencyName: _n, version: _v, active: _a, ...beforeFields } = before
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'perf_indicator',
      recordId: id,
      changes: {
        ...changedFields(beforeFields, { ...f }),
        ...(definitionChanged ? { version, effectiveFrom, reason: change.reason } : {}),
      },
    })
  })
  return { newVersion: definitionChanged }
}

export async function agencyOptions(services: Services, scope: TenantScope) {
  return repo.agencyOptions(services.db, scope)
}

// ---------------------------------------------------------------------------------------------
// Comparators: Indicator code, Year, Type, Name, Value.

const comparatorTypeNames: Record<string, ComparatorKind> = {
  england: 'england',
  region: 'region',
  regional: 'region',
  neighbour: 'neighbour',
  'statistical neighbour': 'neighbour',
}

export async function importComparators(
  services: Services,
  ctx: PerfContext,
  data: Buffer,
): Promise<ImportResult> {
  authorizeIfPerson(services, ctx, PERFORMANCE_PERMISSIONS.manage)
  const csv = readCsv(data, ['Indicator code', 'Year', 'Type', 'Name', 'Value'])
  if (!csv.ok) return { ok: false, fileError: csv.message, problems: [] }
  const indicators = new Map(
    (await repo.listIndicators(services.db, ctx.scope)).map((i) => [i.code, i]),
  )
  const problems: CsvProblem[] = []
  const rows: ComparatorRow[] = []
  const seen = new Set<string>()
  csv.rows.forEach((r, i) => {
    const row = i + 2
    if (Object.values(r).every((v) => v === '')) return
    const before = problems.length
    const indicator = indicators.get((r['Indicator code'] ?? '').toUpperCase())
    if (indicator === undefined)
      problems.push({
        row,
        column: 'Indicator code',
        message: `There is no indicator with the code ${r['Indicator code'] ?? ''}`,
      })
    const yearText = r.Year ?? ''
    const fy = /^(\d{4})-(\d{2})$/.exec(yearText)
    const year = fy !== null ? Number(fy[1]) + 1 : /^\d{4}$/.test(yearText) ? Number(yearText) : NaN
    if (!(year >= 1990 && year <= 2100))
      problems.push({
        row,
        column: 'Year',
        message: 'Year must be the year ending 31 March, like 2025 or 2024-25',
      })
    const kind = comparatorTypeNames[(r.Type ?? '').toLowerCase()]
    if (kind === undefined)
      problems.push({
        row,
        column: 'Type',
        message: 'Type must be England, Region or Statistical neighbour',
      })
    const name = (r.Name ?? '') || (kind === 'england' ? 'England' : '')
    if (name === '')
      problems.push({ row, column: 'Name', message: 'Enter the name of the region or neighbour' })
    const valueText = (r.Value ?? '').replace(/,/g, '')
    if (!/^-?\d+(\.\d+)?$/.test(valueText))
      problems.push({ row, column: 'Value', message: 'Value must be a number' })
    if (problems.length > before || indicator === undefined || kind === undefined) return
    const key = `${indicator.id}|${year}|${kind}|${name.toLowerCase()}`
    if (seen.has(key)) {
      problems.push({ row, column: 'Name', message: 'This comparator appears more than once' })
      return
    }
    seen.add(key)
    rows.push({ indicatorId: indicator.id, year, kind, name, value: Number(valueText) })
  })
  if (problems.length > 0) return { ok: false, problems }
  if (rows.length === 0)
    return { ok: false, fileError: 'The selected file has no rows', problems: [] }
  await services.db.transaction().execute(async (trx) => {
    await repo.upsertComparators(trx, ctx.scope, rows)
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'perf_comparator',
      changes: { after: { rows: rows.length } },
    })
  })
  return { ok: true, count: rows.length }
}

export { comparatorKinds }

// ---------------------------------------------------------------------------------------------
// Submissions.

function catalogueEntry(i: IndicatorRow): CatalogueEntry {
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    unit: i.unit,
    frequency: i.frequency,
    byArea: i.byArea,
    ownerAgencyId: i.ownerAgencyId,
  }
}

export function maySubmitFor(services: Services, actor: Actor, ownerAgencyId: string): boolean {
  return services.policy.can(actor, PERFORMANCE_PERMISSIONS.submit, { agencyId: ownerAgencyId })
}

export async function checkContext(services: Services, ctx: PerfContext): Promise<CheckContext> {
  const actor = ctx.actor
  const indicators = await repo.listIndicators(services.db, ctx.scope, { activeOnly: true })
  const areaRows = await areas(services, ctx.scope)
  const areaMap = new Map<string, AreaRow>()
  for (const a of areaRows) {
    areaMap.set(a.name.toLowerCase(), a)
    if (a.kind === 'partnership') areaMap.set('', a)
  }
  return {
    indicators: new Map(indicators.map((i) => [i.code, catalogueEntry(i)])),
    areas: areaMap,
    maySubmit: (i) => actor === undefined || maySubmitFor(services, actor, i.ownerAgencyId),
    population: populationLookup(await repo.listPopulation(services.db, ctx.scope)),
    today: todayIn(services),
  }
}

export type ChangeKind = 'new' | 'revised' | 'unchanged'

export interface PlannedChange {
  readonly row: CleanRow
  readonly kind: ChangeKind
  readonly current: ValueRow | undefined
}

function sameValue(current: ValueRow, row: CleanRow): boolean {
  const close = (a: number | null, b: number | null) =>
    a === null || b === null ? a === b : Math.abs(a - b) < 1e-9
  return (
    close(current.numerator, row.numerator) &&
    close(current.denominator, row.denominator) &&
    close(current.value, row.value) &&
    current.status === row.status &&
    current.confidence === row.confidence &&
    (current.note ?? null) === row.note
  )
}

/** What writing each row would do: a new value, a revision, or nothing (matched on indicator, area, period). */
export async function planValues(
  db: repo.Db,
  scope: TenantScope,
  rows: readonly CleanRow[],
): Promise<PlannedChange[]> {
  const current = await repo.findValues(db, scope, rows)
  const byKey = new Map(current.map((v) => [`${v.indicatorId}|${v.areaId}|${v.periodStart}`, v]))
  return rows.map((row) => {
    const existing = byKey.get(`${row.indicatorId}|${row.areaId}|${row.periodStart}`)
    return {
      row,
      current: existing,
      kind: existing === undefined ? 'new' : sameValue(existing, row) ? 'unchanged' : 'revised',
    }
  })
}

export interface WriteSummary {
  readonly created: number
  readonly revised: number
  readonly unchanged: number
}

/** Writes checked rows: new values inserted, changed ones revised (the old kept), audited. */
export async function writeRows(
  services: Services,
  ctx: PerfContext,
  trx: Transaction<Tables>,
  rows: readonly CleanRow[],
  origin: { kind: 'upload' | 'form' | 'api'; uploadId?: string },
): Promise<WriteSummary> {
  const now = services.clock.now()
  const changes = await planValues(trx, ctx.scope, rows)
  const next = (row: CleanRow): NewValue => ({
    indicatorId: row.indicatorId,
    areaId: row.areaId,
    periodStart: row.periodStart,
    numerator: row.numerator,
    denominator: row.denominator,
    value: row.value,
    status: row.status,
    confidence: row.confidence,
    note: row.note,
    submittedAt: now,
    submittedByUserId: ctx.actor?.userId ?? null,
    submittedByLabel: ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : null,
  })
  const created = changes.filter((c) => c.kind === 'new')
  const revised = changes.filter((c) => c.kind === 'revised')
  await repo.insertValues(
    trx,
    ctx.scope,
    created.map((c) => next(c.row)),
  )
  await repo.reviseValues(
    trx,
    ctx.scope,
    revised.map((c) => ({ valueId: c.current?.id ?? '', next: next(c.row) })),
    ctx.actor?.userId ?? null,
    now,
  )
  const summary = {
    created: created.length,
    revised: revised.length,
    unchanged: changes.length - created.length - revised.length,
  }
  await services.audit.record(trx, {
    ...auditActor(ctx),
    action: 'update',
    recordType: 'perf_submission',
    recordId: origin.uploadId ?? null,
    changes: {
      origin: origin.kind,
      ...summary,
      created: created.slice(0, 500).map((c) => ({
        code: c.row.code,
        period: c.row.periodStart,
        areaId: c.row.areaId,
        value: c.row.value,
      })),
      revised: revised.map((c) => ({
        valueId: c.current?.id,
        code: c.row.code,
        period: c.row.periodStart,
        before: {
          value: c.current?.value,
          status: c.current?.status,
          revision: c.current?.revision,
        },
        after: { value: c.row.value, status: c.row.status },
      })),
    },
  })
  return summary
}

export type SubmitResult =
  | { readonly ok: true; readonly summary: WriteSummary }
  | { readonly ok: false; readonly problems: readonly RowProblem[] }

/** Values from a form or the API: checked by the same rules as a file, then written at once. */
export async function submitValues(
  services: Services,
  ctx: PerfContext,
  rows: readonly RawRow[],
  origin: 'form' | 'api',
  options: { firstRow?: number; trx?: Transaction<Tables> } = {},
): Promise<SubmitResult> {
  const actor = ctx.actor
  if (actor !== undefined) services.policy.authorize(actor, PERFORMANCE_PERMISSIONS.submit)
  const checkCtx = await checkContext(services, ctx)
  // The form (one indicator's page) refuses another agency's indicator outright. An API batch
  // reports it as that value's problem, beside the other values' problems, and saves nothing.
  if (origin === 'form')
    for (const raw of rows) {
      const indicator = checkCtx.indicators.get((raw.code ?? '').trim().toUpperCase())
      if (indicator !== undefined && !checkCtx.maySubmit(indicator)) throw forbidden()
    }
  const result = checkRows(rows, checkCtx, options.firstRow ?? 1)
  if (!result.ok) return result
  if (result.rows.length === 0)
    return {
      ok: false,
      problems: [
        {
          row: options.firstRow ?? 1,
          column: 'value',
          message: 'Enter the value, or the numerator and denominator',
        },
      ],
    }
  const summary =
    options.trx === undefined
      ? await services.db
          .transaction()
          .execute((trx) => writeRows(services, ctx, trx, result.rows, { kind: origin }))
      : await writeRows(services, ctx, options.trx, result.rows, { kind: origin })
  return { ok: true, summary }
}

// ---------------------------------------------------------------------------------------------
// Commentary.

export async function saveCommentary(
  services: Services,
  ctx: PerfContext,
  indicatorId: string,
  input: { period: string; whatItTellsUs: string; whatWeAreDoing: string | null },
): Promise<void> {
  const actor = actorOf(ctx)
  const indicator = await getIndicator(services, ctx, indicatorId)
  services.policy.authorize(actor, PERFORMANCE_PERMISSIONS.submit, {
    agencyId: indicator.ownerAgencyId,
  })
  const periodStart = parsePeriodCode(indicator.frequency, input.period)
  if (periodStart === null)
    throw new ValidationError([
      {
        field: 'period',
        message: `Enter the period like ${periodCode(indicator.frequency, '2026-01-01')}`,
      },
    ])
  await services.db.transaction().execute(async (trx) => {
    await repo.upsertCommentary(trx, ctx.scope, [
      {
        indicatorId,
        periodStart,
        whatItTellsUs: input.whatItTellsUs,
        whatWeAreDoing: input.whatWeAreDoing,
        writtenAt: services.clock.now(),
        writtenByUserId: actor.userId,
      },
    ])
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'perf_commentary',
      recordId: indicatorId,
      changes: { after: { periodStart, ...input } },
    })
  })
}

// ---------------------------------------------------------------------------------------------
// The data calendar: what each agency owes, when, and what is late or missing.

export type CalendarStatus = 'submitted' | 'submitted_late' | 'missing' | 'due'

export interface CalendarItem {
  readonly indicator: IndicatorRow
  readonly periodStart: string
  readonly dueDate: string
  readonly status: CalendarStatus
  readonly submittedOn: string | null
}

/** Periods owed over the last year and those falling due in the next 31 days. */
export async function dataCalendar(
  services: Services,
  ctx: PerfContext,
  options: { agencyId?: string } = {},
): Promise<CalendarItem[]> {
  const today = todayIn(services)
  const from = addMonths(periodContaining('monthly', today), -12)
  const indicators = await repo.listIndicators(services.db, ctx.scope, {
    activeOnly: true,
    ...(options.agencyId === undefined ? {} : { agencyId: options.agencyId }),
  })
  const times = await repo.submissionTimes(services.db, ctx.scope, addMonths(from, -12))
  const submitted = new Map(
    times.map((t) => [`${t.indicatorId}|${t.periodStart}`, t.firstSubmittedAt]),
  )
  const horizon = addDays(today, 31)
  const items: CalendarItem[] = []
  for (const indicator of indicators) {
    const f = indicator.frequency
    for (
      let p = periodContaining(f, from);
      p <= today;
      p = addMonths(p, f === 'monthly' ? 1 : f === 'quarterly' ? 3 : 12)
    ) {
      const due = dueDate(f, p, indicator.daysToSubmit)
      if (periodEnd(f, p) >= today || due > horizon) continue
      if (due < addDays(today, -366)) continue
      const at = submitted.get(`${indicator.id}|${p}`)
      const on = at === undefined ? null : londonDate(at)
      const status: CalendarStatus =
        on === null ? (due < today ? 'missing' : 'due') : on > due ? 'submitted_late' : 'submitted'
      items.push({ indicator, periodStart: p, dueDate: due, status, submittedOn: on })
    }
  }
  return items.sort(
    (a, b) =>
      a.dueDate.localeCompare(b.dueDate) || a.indicator.code.localeCompare(b.indicator.code),
  )
}

/**
 * Reminds agency leads of submissions due within five days and of missing ones (once each, per
 * agency and due date). Mail is sent after the reminders are recorded.
 */
export async function sendReminders(services: Services): Promise<number> {
  let sent = 0
  for (const scope of await partnershipScopes(services.db)) {
    const ctx: PerfContext = { scope, systemLabel: 'Data submission reminders' }
    const items = await dataCalendar(services, ctx)
    const today = todayIn(services)
    const wanted = new Map<
      string,
      { agencyId: string; dueDate: string; kind: 'due_soon' | 'overdue'; items: CalendarItem[] }
    >()
    for (const item of items) {
      const kind =
        item.status === 'missing'
          ? 'overdue'
          : item.status === 'due' && item.dueDate <= addDays(today, 5)
            ? 'due_soon'
            : null
      if (kind === null) continue
      const key = `${item.indicator.ownerAgencyId}|${item.dueDate}|${kind}`
      const entry = wanted.get(key) ?? {
        agencyId: item.indicator.ownerAgencyId,
        dueDate: item.dueDate,
        kind,
        items: [],
      }
      entry.items.push(item)
      wanted.set(key, entry)
    }
    if (wanted.size === 0) continue
    const leads = await repo.agencyLeads(services.db, scope)
    const mails: OutgoingMail[] = []
    await services.db.transaction().execute(async (trx) => {
      const fresh = await repo.recordReminders(
        trx,
        scope,
        [...wanted.values()],
        services.clock.now(),
      )
      for (const r of fresh) {
        const entry = wanted.get(`${r.agencyId}|${r.dueDate}|${r.kind}`)
        if (entry === undefined) continue
        const list = entry.items
          .map(
            (i) =>
              `- ${i.indicator.code} ${i.indicator.title}: ${periodCode(i.indicator.frequency, i.periodStart)}`,
          )
          .join('\n')
        for (const lead of leads.filter((l) => l.agencyId === r.agencyId))
          mails.push({
            to: lead.email,
            partnershipId: scope.partnershipId,
            subject:
              r.kind === 'overdue'
                ? `Data submission overdue (due ${longDate(r.dueDate)})`
                : `Data submission due on ${longDate(r.dueDate)}`,
            text:
              `Dear ${lead.displayName},\n\n` +
              (r.kind === 'overdue'
                ? `Your agency's figures below were due on ${longDate(r.dueDate)} and have not been received:\n\n`
                : `Your agency's figures below are due on ${longDate(r.dueDate)}:\n\n`) +
              `${list}\n\nYou can download a pre-filled template and upload it in Assure, under Performance → Submissions.`,
          })
      }
      if (fresh.length > 0)
        await services.audit.record(trx, {
          ...auditActor(ctx),
          action: 'create',
          recordType: 'perf_reminder',
          changes: { after: { reminders: fresh.length } },
        })
      for (const mail of mails) await services.mail.queue(trx, mail)
    })
    sent += mails.length
  }
  return sent
}

// ---------------------------------------------------------------------------------------------
// The scorecard and drill-down.

export interface ScorecardRequest {
  readonly month?: string
  readonly priority?: string
  readonly subGroup?: string
  readonly agencyId?: string
}

export interface Scorecard {
  readonly month: string
  readonly lines: readonly ScorecardLine[]
  readonly commentary: ReadonlyMap<string, CommentaryRow>
  readonly priorities: readonly string[]
  readonly subGroups: readonly string[]
  readonly agencies: readonly { id: string; name: string }[]
  readonly months: readonly string[]
}

/** The chosen month, or the latest month with data (or this month when there is none). */
export async function defaultMonth(services: Services, scope: TenantScope): Promise<string> {
  const latest = await repo.latestPeriodWithData(services.db, scope)
  const today = todayIn(services)
  if (latest === null) return periodContaining('monthly', today)
  // A quarter's or year's value only shows once it has ended: take the month it ends in.
  const candidate = periodContaining('monthly', latest)
  return candidate > periodContaining('monthly', today)
    ? periodContaining('monthly', today)
    : candidate
}

export async function scorecard(
  services: Services,
  ctx: PerfContext,
  request: ScorecardRequest,
): Promise<Scorecard> {
  const all = await repo.listIndicators(services.db, ctx.scope, { activeOnly: true })
  const month = request.month ?? (await defaultMonth(services, ctx.scope))
  const indicators = all.filter(
    (i) =>
      (request.priority === undefined || i.priority === request.priority) &&
      (request.subGroup === undefined || i.subGroup === request.subGroup) &&
      (request.agencyId === undefined || i.ownerAgencyId === request.agencyId),
  )
  const ids = indicators.map((i) => i.id)
  const series = await repo.listSeries(services.db, ctx.scope, scorecardFrom(month), month, ids)
  const versions = await repo.listVersions(services.db, ctx.scope, ids)
  const comparators = await repo.listComparators(services.db, ctx.scope, ids)
  const lines = buildScorecard(indicators, month, series, versions, comparators)
  const commentaryRows = await repo.listCommentary(services.db, ctx.scope, ids)
  const commentary = new Map<string, CommentaryRow>()
  const latestBy = new Map(lines.map((l) => [l.indicator.id, l.latestPeriod]))
  for (const c of commentaryRows)
    if (c.periodStart === latestBy.get(c.indicatorId)) commentary.set(c.indicatorId, c)
  const agencies = new Map(all.map((i) => [i.ownerAgencyId, i.ownerAgencyName]))
  const today = periodContaining('monthly', todayIn(services))
  return {
    month,
    lines,
    commentary,
    priorities: [...new Set(all.flatMap((i) => (i.priority === null ? [] : [i.priority])))].sort(),
    subGroups: [...new Set(all.flatMap((i) => (i.subGroup === null ? [] : [i.subGroup])))].sort(),
    agencies: [...agencies]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    months: periodsBetween('monthly', addMonths(today, -60), today).reverse(),
  }
}

export interface IndicatorDetail {
  readonly indicator: IndicatorRow
  readonly line: ScorecardLine
  /** The whole series, oldest first (up to ten years). */
  readonly longTrend: ScorecardLine['trend']
  readonly areas: readonly AreaRow[]
  /** Each district's value in the latest period. */
  readonly byArea: readonly { area: AreaRow; value: ValueRow | undefined }[]
  readonly versions: readonly VersionRow[]
  readonly revisions: readonly RevisionRow[]
  readonly comparators: readonly ComparatorRow[]
  readonly commentary: readonly CommentaryRow[]
  readonly actions: readonly ActionRow[]
  readonly values: readonly ValueRow[]
  readonly canSubmit: boolean
  readonly canRaise: boolean
}

export async function indicatorDetail(
  services: Services,
  ctx: PerfContext,
  indicatorId: string,
  month?: string,
): Promise<IndicatorDetail> {
  const actor = actorOf(ctx)
  const indicator = await getIndicator(services, ctx, indicatorId)
  const chosen = month ?? (await defaultMonth(services, ctx.scope))
  const latest = latestPeriodEndedBy(indicator.frequency, chosen)
  const first = addMonths(latest, -119)
  const series = await repo.listSeries(services.db, ctx.scope, first, chosen, [indicator.id])
  const versions = await repo.listVersions(services.db, ctx.scope, [indicator.id])
  const comparators = await repo.listComparators(services.db, ctx.scope, [indicator.id])
  const seriesMap = new Map(series.map((s) => [s.periodStart, s]))
  const line = buildLine(indicator, chosen, seriesMap, versions, comparators)
  const longCount =
    series.length === 0
      ? 1
      : periodsBetween(
          indicator.frequency,
          periodContaining(
            indicator.frequency,
            series.map((s) => s.periodStart).sort()[0] ?? latest,
          ),
          latest,
        ).length
  const long = buildLine(
    indicator,
    chosen,
    seriesMap,
    versions,
    comparators,
    Math.max(1, longCount),
  )
  const areaRows = await areas(services, ctx.scope)
  const values = await repo.listValuesForIndicator(services.db, ctx.scope, indicator.id)
  const latestValues = new Map(
    values.filter((v) => v.periodStart === latest).map((v) => [v.areaId, v]),
  )
  return {
    indicator,
    line,
    longTrend: long.trend,
    areas: areaRows,
    byArea: indicator.byArea
      ? areaRows
          .filter((a) => a.kind === 'district')
          .map((area) => ({ area, value: latestValues.get(area.id) }))
      : [],
    versions,
    revisions: await repo.listRevisions(services.db, ctx.scope, indicator.id),
    comparators,
    commentary: await repo.listCommentary(services.db, ctx.scope, [indicator.id]),
    actions: await listActionsForSource(
      fromLegacyContext(services, { scope: ctx.scope }),
      INDICATOR_SOURCE,
      [indicator.id],
    ),
    values,
    canSubmit: maySubmitFor(services, actor, indicator.ownerAgencyId),
    canRaise: services.policy.can(actor, PERFORMANCE_PERMISSIONS.raise),
  }
}

// ---------------------------------------------------------------------------------------------
// From numbers to action.

/** The indicator, if a concern may be raised from it now (red or worsening for two periods). */
export async function concernedIndicator(
  services: Services,
  ctx: PerfContext,
  indicatorId: string,
) {
  services.policy.authorize(actorOf(ctx), PERFORMANCE_PERMISSIONS.raise)
  const indicator = await getIndicator(services, ctx, indicatorId)
  const month = await defaultMonth(services, ctx.scope)
  const latest = latestPeriodEndedBy(indicator.frequency, month)
  const series = await repo.listSeries(services.db, ctx.scope, addMonths(latest, -36), month, [
    indicator.id,
  ])
  const line = buildLine(indicator, month, new Map(series.map((s) => [s.periodStart, s])), [], [])
  // Only from an indicator that is red, or worsening, for two periods.
  if (line.concern === null)
    throw conflict(
      'Actions, challenges and risks are raised from indicators that are red or worsening for two periods.',
    )
  return { indicator, line }
}

/** May a concern be raised from this indicator now (for showing the button)? */
export function canRaiseFrom(line: ScorecardLine): boolean {
  return line.concern !== null
}

export async function raiseActionFromIndicator(
  services: Services,
  ctx: PerfContext,
  indicatorId: string,
  form: RaiseActionForm,
): Promise<{ id: string; reference: string }> {
  const { indicator } = await concernedIndicator(services, ctx, indicatorId)
  return raiseAction(fromLegacyContext(services, ctx, undefined), {
    source: { type: INDICATOR_SOURCE, id: indicator.id },
    title: form.title,
    description: form.description,
    ownerAgencyId: form.ownerAgencyId,
    ownerUserId: form.ownerUserId,
    dueDate: form.dueDate,
  })
}

// ---------------------------------------------------------------------------------------------
// Exports.

export async function auditExport(
  services: Services,
  ctx: PerfContext,
  details: Record<string, unknown>,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'export',
      recordType: 'perf_scorecard',
      changes: details,
    })
  })
}

export async function rawData(services: Services, ctx: PerfContext) {
  const indicators = new Map(
    (await repo.listIndicators(services.db, ctx.scope)).map((i) => [i.id, i]),
  )
  const areaRows = new Map((await areas(services, ctx.scope)).map((a) => [a.id, a]))
  const values = await services.db
    .selectFrom('perf_value')
    .select([
      'indicator_id as indicatorId',
      'area_id as areaId',
      'period_start as periodStart',
      'numerator',
      'denominator',
      'value',
      'status',
      'confidence',
      'revision',
      'submitted_at as submittedAt',
      'note',
    ])
    .where('partnership_id', '=', ctx.scope.partnershipId)
    .orderBy('indicator_id')
    .orderBy('period_start')
    .execute()
  return { indicators, areas: areaRows, values }
}

/** Whether the partnership's catalogue holds this indicator (for other modules' checks). */
export async function indicatorExists(
  db: Kysely<Tables>,
  scope: TenantScope,
  indicatorId: string,
): Promise<boolean> {
  return isUuid(indicatorId) && (await repo.findIndicator(db, scope, indicatorId)) !== undefined
}

/** The active catalogue as picker options ("CODE: title"), for other modules' forms. */
export async function indicatorOptions(
  db: Kysely<Tables>,
  scope: TenantScope,
): Promise<{ value: string; text: string }[]> {
  const indicators = await repo.listIndicators(db, scope, { activeOnly: true })
  return indicators.map((i) => ({ value: i.id, text: `${i.code}: ${i.title}` }))
}
