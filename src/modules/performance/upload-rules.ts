// Checking a submission (an uploaded CSV or XLSX, a form, or an API call) row by row. Pure: the
// caller supplies the catalogue, areas and populations. Every problem is reported with its row and
// column as a spreadsheet shows them (row 1 is the header), and the rows are only usable when there
// is no problem at all: a file is accepted or rejected whole.
import { parsePeriodCode, periodCode, periodEnd, type Frequency } from './rules/periods.ts'
import { valueFrom, type Unit } from './rules/rates.ts'
import { confidenceRatings, valueStatuses, type Confidence, type ValueStatus } from './tables.ts'

/** The template's columns, in order. */
export const templateColumns = [
  { key: 'code', header: 'Indicator code' },
  { key: 'title', header: 'Indicator' },
  { key: 'period', header: 'Period' },
  { key: 'area', header: 'Area' },
  { key: 'numerator', header: 'Numerator' },
  { key: 'denominator', header: 'Denominator' },
  { key: 'value', header: 'Value' },
  { key: 'status', header: 'Status' },
  { key: 'confidence', header: 'Confidence' },
  { key: 'note', header: 'Note' },
] as const
export type ColumnKey = (typeof templateColumns)[number]['key']

export function columnLetter(key: ColumnKey): string {
  return String.fromCharCode(65 + templateColumns.findIndex((c) => c.key === key))
}

export function columnHeader(key: ColumnKey): string {
  return templateColumns.find((c) => c.key === key)?.header ?? key
}

export interface CatalogueEntry {
  readonly id: string
  readonly code: string
  readonly title: string
  readonly unit: Unit
  readonly frequency: Frequency
  readonly byArea: boolean
  readonly ownerAgencyId: string
}

export interface AreaEntry {
  readonly id: string
  readonly name: string
  readonly kind: 'partnership' | 'district'
}

export interface CheckContext {
  readonly indicators: ReadonlyMap<string, CatalogueEntry>
  /** Areas by lower-case name; the whole partnership area is also found under ''. */
  readonly areas: ReadonlyMap<string, AreaEntry>
  /** May this person submit this indicator (their own agency's, or any)? */
  readonly maySubmit: (indicator: CatalogueEntry) => boolean
  /** Children aged 0–17 in the area for the period's year, for rates per 10,000. */
  readonly population: (areaId: string, periodStart: string) => number | null
  /** London today: a period must have ended before its values can be submitted. */
  readonly today: string
}

export interface RowProblem {
  /** As a spreadsheet numbers it: the header is row 1. */
  readonly row: number
  readonly column: ColumnKey
  readonly message: string
}

export interface CleanRow {
  readonly row: number
  readonly indicatorId: string
  readonly code: string
  readonly areaId: string
  readonly periodStart: string
  readonly numerator: number | null
  readonly denominator: number | null
  readonly value: number
  readonly status: ValueStatus
  readonly confidence: Confidence
  readonly note: string | null
}

export type CheckResult =
  | { readonly ok: true; readonly rows: readonly CleanRow[] }
  | { readonly ok: false; readonly problems: readonly RowProblem[] }

export type RawRow = Readonly<Partial<Record<ColumnKey, string>>>

const NUMBER = /^-?\d+(\.\d+)?$/

function parseNumber(text: string): number | 'invalid' | null {
  const t = text.trim().replace(/,/g, '')
  if (t === '') return null
  return NUMBER.test(t) ? Number(t) : 'invalid'
}

/** One row's outcome: not filled in (left out), its problems, or the checked row. */
export type RowOutcome =
  | { readonly kind: 'blank' }
  | { readonly kind: 'problems'; readonly problems: readonly RowProblem[] }
  | { readonly kind: 'clean'; readonly row: CleanRow }

/** The natural key of a value: indicator, area and period. */
export function valueKey(row: Pick<CleanRow, 'indicatorId' | 'areaId' | 'periodStart'>): string {
  return `${row.indicatorId}|${row.areaId}|${row.periodStart}`
}

/** Checks one row (numbered as the spreadsheet shows it); a row with no figures and no note is blank. */
export function checkRow(raw: RawRow, row: number, ctx: CheckContext): RowOutcome {
  const problems: RowProblem[] = []
  const text = (key: ColumnKey): string => (raw[key] ?? '').trim()
  const problem = (column: ColumnKey, message: string): void => {
    problems.push({ row, column, message })
  }
  const blank = (['numerator', 'denominator', 'value', 'note'] as const).every(
    (k) => text(k) === '',
  )
  if (blank) return { kind: 'blank' }

  const code = text('code').toUpperCase()
  const indicator = ctx.indicators.get(code)
  if (code === '') {
    problem('code', 'Enter the indicator code')
    return { kind: 'problems', problems }
  }
  if (indicator === undefined) {
    problem('code', `There is no indicator with the code ${code}`)
    return { kind: 'problems', problems }
  }
  if (!ctx.maySubmit(indicator)) {
    problem(
      'code',
      `${code} belongs to another agency: you can only submit your own agency’s indicators`,
    )
    return { kind: 'problems', problems }
  }

  const problemsBefore = problems.length
  const fail = problem

  const periodStart = parsePeriodCode(indicator.frequency, text('period'))
  if (text('period') === '') fail('period', 'Enter the period')
  else if (periodStart === null)
    fail(
      'period',
      `The period must be a ${indicator.frequency === 'monthly' ? 'month' : indicator.frequency === 'quarterly' ? 'quarter' : 'year'} like ${periodCode(indicator.frequency, '2026-01-01')}`,
    )
  else if (periodEnd(indicator.frequency, periodStart) >= ctx.today)
    fail('period', `The period ${text('period')} has not ended yet`)

  const areaName = text('area').toLowerCase()
  const area = ctx.areas.get(areaName)
  if (area === undefined) fail('area', `There is no area called ${text('area')}`)
  else if (area.kind === 'district' && !indicator.byArea)
    fail('area', `${code} is not broken down by area: leave the area blank`)

  const numbers = {} as Record<'numerator' | 'denominator' | 'value', number | null>
  for (const key of ['numerator', 'denominator', 'value'] as const) {
    const parsed = parseNumber(text(key))
    if (parsed === 'invalid') {
      fail(key, `${columnHeader(key)} must be a number`)
      numbers[key] = null
    } else if (parsed !== null && parsed < 0) {
      fail(key, `${columnHeader(key)} must be 0 or more`)
      numbers[key] = null
    } else numbers[key] = parsed
  }

  const status = (text('status').toLowerCase() || 'provisional') as ValueStatus
  if (!valueStatuses.includes(status)) fail('status', 'Status must be provisional or final')
  const confidence = (text('confidence').toLowerCase() || 'high') as Confidence
  if (!confidenceRatings.includes(confidence))
    fail('confidence', 'Confidence must be high, medium or low')
  const note = text('note') === '' ? null : text('note')
  if (note !== null && note.length > 2000) fail('note', 'Note must be 2000 characters or fewer')

  if (problems.length > problemsBefore || periodStart === null || area === undefined)
    return { kind: 'problems', problems }

  let { numerator, denominator, value } = numbers
  if (
    indicator.unit === 'percentage' &&
    numerator !== null &&
    denominator !== null &&
    numerator > denominator
  ) {
    fail('numerator', 'Numerator must not be larger than the denominator')
    return { kind: 'problems', problems }
  }
  if (indicator.unit === 'rate_per_10000' && numerator !== null && denominator === null)
    denominator = ctx.population(area.id, periodStart)
  if (numerator !== null && denominator !== null && indicator.unit !== 'count') {
    if (denominator === 0 && numerator > 0) {
      fail('denominator', 'Denominator must be more than 0')
      return { kind: 'problems', problems }
    }
    value = valueFrom(indicator.unit, numerator, denominator) ?? value
  } else if (indicator.unit === 'count') {
    if (numerator === null) numerator = value
    value = numerator
    if (value !== null && !Number.isInteger(value)) {
      fail(text('numerator') === '' ? 'value' : 'numerator', 'A count must be a whole number')
      return { kind: 'problems', problems }
    }
  }
  if (value === null) {
    fail(
      indicator.unit === 'rate_per_10000' ? 'numerator' : 'value',
      indicator.unit === 'rate_per_10000'
        ? 'Enter the number of children (there is no population for this area and year to work out the rate)'
        : 'Enter the value, or the numerator and denominator',
    )
    return { kind: 'problems', problems }
  }
  if (indicator.unit === 'percentage' && (value < 0 || value > 100)) {
    fail('value', 'A percentage must be between 0 and 100')
    return { kind: 'problems', problems }
  }

  return {
    kind: 'clean',
    row: {
      row,
      indicatorId: indicator.id,
      code: indicator.code,
      areaId: area.id,
      periodStart,
      numerator,
      denominator,
      value,
      status,
      confidence,
      note,
    },
  }
}

/** Checks every row; rows with no figures and no note are left out (not yet filled in). */
export function checkRows(rows: readonly RawRow[], ctx: CheckContext, firstRow = 2): CheckResult {
  const problems: RowProblem[] = []
  const clean: CleanRow[] = []
  const seen = new Map<string, number>()
  rows.forEach((raw, index) => {
    const row = firstRow + index
    const outcome = checkRow(raw, row, ctx)
    if (outcome.kind === 'blank') return
    if (outcome.kind === 'problems') {
      problems.push(...outcome.problems)
      return
    }
    const key = valueKey(outcome.row)
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      problems.push({
        row,
        column: 'code',
        message: `This row repeats row ${earlier} (same indicator, period and area)`,
      })
      return
    }
    seen.set(key, row)
    clean.push(outcome.row)
  })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows: clean }
}
