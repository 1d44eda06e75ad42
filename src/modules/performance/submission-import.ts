// Agency submissions as an import of the platform kit (src/platform/imports): the template's
// columns, the row rules of upload-rules.ts, and values written through the module's own
// writeRows (new values inserted, changed ones revised with the old kept). A value is matched on
// its indicator, area and period, so uploading the same file again changes nothing.
import { defineImport, type ImportColumn, type RowCheck } from '../../platform/imports/index.ts'
import { longDateTime } from '../../platform/london-time.ts'
import { toLegacyContext, type UseCaseContext } from '../../platform/use-case.ts'
import { templateRows } from './exports.ts'
import { performancePaths } from './paths.ts'
import { formatValue } from './presenter.ts'
import { addMonths, periodContaining, periodLabel } from './rules/periods.ts'
import * as service from './service.ts'
import { PERFORMANCE_PERMISSIONS } from './service.ts'
import {
  checkRow,
  valueKey,
  type CheckContext,
  type CleanRow,
  type ColumnKey,
} from './upload-rules.ts'

export const SUBMISSION_IMPORT = 'performance-submissions'

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

interface Lookups {
  readonly check: CheckContext
  readonly byId: ReadonlyMap<
    string,
    CheckContext['indicators'] extends ReadonlyMap<string, infer I> ? I : never
  >
  readonly areaNames: ReadonlyMap<string, string>
}

const columns: readonly ImportColumn<ColumnKey>[] = [
  {
    key: 'code',
    name: 'Indicator code',
    description:
      'The indicator’s code from the catalogue. Your own agency’s indicators only, unless you submit for every agency.',
    example: 'POL-01',
    width: 16,
  },
  {
    key: 'title',
    name: 'Indicator',
    description: 'The indicator’s title, for reference: it is not read back.',
    example: 'Missing episodes',
    optionalInFile: true,
    width: 50,
  },
  {
    key: 'period',
    name: 'Period',
    description:
      'A month (2026-03), a quarter of the financial year (2025-26 Q4) or a financial year (2025-26), by the indicator’s frequency. The period must have ended.',
    example: '2026-03',
  },
  {
    key: 'area',
    name: 'Area',
    description: 'The district, for indicators reported by area; blank for the whole partnership.',
    example: 'Ashdown Vale',
  },
  {
    key: 'numerator',
    name: 'Numerator',
    description:
      'The count (for a count), or the top of the fraction (for a percentage or a rate).',
    example: '31',
  },
  {
    key: 'denominator',
    name: 'Denominator',
    description:
      'The bottom of the fraction. Rates per 10,000 use the population held in Assure when blank.',
    example: '',
  },
  {
    key: 'value',
    name: 'Value',
    description:
      'The value itself, for scores and days (or instead of the numerator and denominator).',
    example: '',
  },
  {
    key: 'status',
    name: 'Status',
    description: 'provisional or final (blank: provisional).',
    example: 'final',
    optionalInFile: true,
  },
  {
    key: 'confidence',
    name: 'Confidence',
    description: 'high, medium or low (blank: high).',
    example: 'high',
    optionalInFile: true,
  },
  {
    key: 'note',
    name: 'Note',
    description: 'Anything the reader should know about the figure (up to 2,000 characters).',
    example: 'Revised after the audit',
    optionalInFile: true,
    width: 40,
  },
]

/**
 * Why replacing the stored figure may do harm: a final figure replaced by a provisional one, or a
 * figure submitted after this file was uploaded (the file's is older) replaced by the file's.
 */
function replacementWarning(
  current: { value: number | null; status: string; submittedAt: Date },
  row: CleanRow,
  uploadedAt: Date,
  unit: Parameters<typeof formatValue>[1],
): string | undefined {
  const held = formatValue(current.value, unit)
  const reasons: string[] = []
  if (current.status === 'final' && row.status === 'provisional')
    reasons.push(`replaces the final figure ${held} with a provisional one`)
  if (current.submittedAt.getTime() > uploadedAt.getTime())
    reasons.push(
      `replaces a newer figure: ${held} was submitted on ${longDateTime(current.submittedAt)}, after this file was uploaded`,
    )
  if (reasons.length === 0) return undefined
  const text = reasons.join('; and it ')
  return `This row ${text}`
}

const legacy = (ctx: UseCaseContext) => toLegacyContext(ctx)
/** The services with the use case's database: at confirmation, the kit's transaction. */
const servicesOf = (ctx: UseCaseContext) => ({ ...ctx.services, db: ctx.db })

export const submissionImport = defineImport<CleanRow, Lookups, ColumnKey>({
  key: SUBMISSION_IMPORT,
  title: 'Performance figures',
  description:
    'Your agency’s figures for the indicators it owes, one row per indicator, period and area. Download the template pre-filled with what is owed for a month, fill in the figures and upload it.',
  permission: PERFORMANCE_PERMISSIONS.submit,
  columns,
  naturalKey: {
    columns: ['code', 'period', 'area'],
    of: valueKey,
    describe: 'same indicator, period and area',
  },
  lookups: async (ctx) => {
    const check = await service.checkContext(servicesOf(ctx), legacy(ctx))
    const areaNames = new Map<string, string>()
    for (const a of check.areas.values()) areaNames.set(a.id, a.name)
    return {
      check,
      byId: new Map([...check.indicators.values()].map((i) => [i.id, i])),
      areaNames,
    }
  },
  check: (_values, lookups, text): RowCheck<CleanRow, ColumnKey> => {
    // The row number is the kit's; upload-rules checks the text as the spreadsheet holds it.
    const outcome = checkRow(text, 0, lookups.check)
    if (outcome.kind === 'blank') return { ok: 'skip' }
    if (outcome.kind === 'problems')
      return {
        ok: false,
        problems: outcome.problems.map((p) => ({ column: p.column, message: p.message })),
      }
    return { ok: true, row: outcome.row }
  },
  classify: async (ctx, rows, lookups, file) => {
    const changes = await service.planValues(ctx.db, ctx.scope, rows)
    return changes.map((c) => {
      const unit = lookups.byId.get(c.row.indicatorId)?.unit ?? 'count'
      const warning =
        c.kind === 'revised' && c.current !== undefined
          ? replacementWarning(c.current, c.row, file.uploadedAt, unit)
          : undefined
      return {
        change: c.kind === 'new' ? 'create' : c.kind === 'revised' ? 'update' : 'unchanged',
        ...(c.current === undefined ? {} : { was: formatValue(c.current.value, unit) }),
        ...(warning === undefined ? {} : { warning }),
      }
    })
  },
  describe: (row, lookups) => {
    const indicator = lookups.byId.get(row.indicatorId)
    const unit = indicator?.unit ?? 'count'
    return {
      code: row.code,
      title: indicator?.title ?? '',
      period:
        indicator === undefined
          ? row.periodStart
          : periodLabel(indicator.frequency, row.periodStart),
      area: lookups.areaNames.get(row.areaId) ?? '',
      numerator: row.numerator === null ? '' : String(row.numerator),
      denominator: row.denominator === null ? '' : String(row.denominator),
      value: formatValue(row.value, unit),
      status: row.status === 'final' ? 'Final' : 'Provisional',
      confidence: row.confidence,
      note: row.note ?? '',
    }
  },
  apply: async (ctx, rows) => {
    const summary = await service.writeRows(servicesOf(ctx), legacy(ctx), ctx.db, rows, {
      kind: 'upload',
    })
    return { created: summary.created, updated: summary.revised, unchanged: summary.unchanged }
  },
  templateRows: async (ctx, query) => {
    const month =
      typeof query.month === 'string' && MONTH.test(query.month)
        ? `${query.month}-01`
        : addMonths(periodContaining('monthly', service.todayIn(ctx.services)), -1)
    const actor = ctx.who.kind === 'person' ? ctx.who.actor : undefined
    const own =
      actor !== undefined &&
      ctx.services.policy.scopeOf(actor, PERFORMANCE_PERMISSIONS.submit) !== 'all'
    // An agency lead not linked to an agency owes nothing: an empty template.
    if (own && actor.agencyId === null) return []
    return templateRows(servicesOf(ctx), legacy(ctx), month, own ? actor.agencyId : null)
  },
  guidance: [
    'Fill in the numerator and denominator (or the value for scores, days and counts) for each row, then upload this sheet.',
    'Leave the area blank for the whole partnership. Leave a row’s figures and note empty to skip it.',
    'Status: provisional or final. Confidence: high, medium or low. Rates per 10,000 use the population held in Assure unless you give a denominator.',
    'Periods: 2026-03 is a month; 2025-26 Q4 is January to March 2026; 2025-26 is April 2025 to March 2026.',
  ],
  returnTo: performancePaths.submissions(),
})
