// The scorecard, worked out from the catalogue and the partnership-level series (pure: the service
// loads, this decides). For each indicator: the latest period ended by the chosen month, the
// previous period and the same period a year earlier, the direction of travel, RAG, the concern
// that should lead to action, where the partnership sits among its statistical neighbours, and
// the trend with any break in the series (a definition change) marked.
import type { ComparatorRow, IndicatorRow, SeriesRow, VersionRow } from './repository.ts'
import { directionOfTravel, type Direction } from './rules/direction.ts'
import { concernFrom, type Concern } from './rules/escalation.ts'
import {
  latestPeriodEndedBy,
  periodsBetween,
  previousPeriod,
  samePeriodLastYear,
  addMonths,
  type Frequency,
} from './rules/periods.ts'
import { ragRating, type Rag } from './rules/rag.ts'
import { aggregate, type Unit } from './rules/rates.ts'
import type { Confidence } from './tables.ts'

export interface Point {
  readonly periodStart: string
  readonly value: number | null
  readonly provisional: boolean
  readonly confidence: Confidence | null
}

/** The partnership's value for one period: the whole-area figure, or the districts' aggregate. */
export function partnershipValue(row: SeriesRow, unit: Unit): number | null {
  if (row.wholeValue !== null) return row.wholeValue
  if (row.districtCount === 0) return null
  if (unit !== 'count' && row.districtIncomplete > 0) return null
  return (
    aggregate(unit, [
      { numerator: row.districtNumerator, denominator: row.districtDenominator, value: null },
    ])?.value ?? null
  )
}

export function trendLength(frequency: Frequency): number {
  switch (frequency) {
    case 'monthly':
      return 13
    case 'quarterly':
      return 8
    case 'yearly':
      return 5
  }
}

/** The financial year a period falls in, named by the year it ends (comparators use this). */
export function yearEnding(periodStart: string): number {
  const year = Number(periodStart.slice(0, 4))
  return Number(periodStart.slice(5, 7)) >= 4 ? year + 1 : year
}

export interface ComparatorPosition {
  readonly year: number
  readonly england: number | null
  readonly region: { readonly name: string; readonly value: number } | null
  /** 1 is best (by polarity; highest first when there is none). */
  readonly rank: number | null
  /** Neighbours plus the partnership. */
  readonly of: number
  readonly neighbourAverage: number | null
}

export function comparatorPosition(
  indicator: Pick<IndicatorRow, 'polarity'>,
  value: number | null,
  periodStart: string,
  comparators: readonly ComparatorRow[],
): ComparatorPosition | null {
  const fy = yearEnding(periodStart)
  const years = comparators.filter((c) => c.year <= fy).map((c) => c.year)
  if (years.length === 0) return null
  const year = Math.max(...years)
  const inYear = comparators.filter((c) => c.year === year)
  const neighbours = inYear.filter((c) => c.kind === 'neighbour').map((c) => c.value)
  const region = inYear.find((c) => c.kind === 'region')
  let rank: number | null = null
  if (value !== null && neighbours.length > 0) {
    const better = neighbours.filter((n) =>
      indicator.polarity === 'lower_is_better' ? n < value : n > value,
    ).length
    rank = better + 1
  }
  return {
    year,
    england: inYear.find((c) => c.kind === 'england')?.value ?? null,
    region: region === undefined ? null : { name: region.name, value: region.value },
    rank,
    of: neighbours.length + 1,
    neighbourAverage:
      neighbours.length === 0 ? null : neighbours.reduce((a, b) => a + b, 0) / neighbours.length,
  }
}

export interface ScorecardLine {
  readonly indicator: IndicatorRow
  readonly latestPeriod: string
  readonly latest: Point | null
  readonly previous: Point | null
  readonly lastYear: Point | null
  readonly direction: Direction
  readonly directionOnYear: Direction
  readonly rag: Rag
  readonly concern: Concern
  readonly trend: readonly Point[]
  /** Periods in the trend where a new definition starts (a break in the series). */
  readonly breaks: readonly { periodStart: string; version: number }[]
  readonly comparators: ComparatorPosition | null
}

/** The earliest period any indicator's scorecard line needs, for a chosen month. */
export function scorecardFrom(month: string): string {
  // Yearly trends reach back five years, and a year's start can be 11 months before the month.
  return addMonths(month, -(5 * 12 + 12))
}

export function buildLine(
  indicator: IndicatorRow,
  month: string,
  series: ReadonlyMap<string, SeriesRow>,
  versions: readonly VersionRow[],
  comparators: readonly ComparatorRow[],
  trendPeriods = trendLength(indicator.frequency),
): ScorecardLine {
  const f = indicator.frequency
  const point = (periodStart: string): Point | null => {
    const row = series.get(periodStart)
    if (row === undefined) return null
    return {
      periodStart,
      value: partnershipValue(row, indicator.unit),
      provisional: row.provisional,
      confidence: row.lowestConfidence,
    }
  }
  const latestPeriod = latestPeriodEndedBy(f, month)
  let first = latestPeriod
  for (let i = 1; i < trendPeriods; i += 1) first = previousPeriod(f, first)
  const trend = periodsBetween(f, first, latestPeriod).map(
    (p) => point(p) ?? { periodStart: p, value: null, provisional: false, confidence: null },
  )
  const latest = point(latestPeriod)
  const previous = point(previousPeriod(f, latestPeriod))
  const lastYear = point(samePeriodLastYear(latestPeriod))
  const rule = {
    target: indicator.target,
    tolerance: indicator.tolerance,
    polarity: indicator.polarity,
  }
  return {
    indicator,
    latestPeriod,
    latest,
    previous,
    lastYear,
    direction: directionOfTravel(
      latest?.value ?? null,
      previous?.value ?? null,
      indicator.polarity,
    ),
    directionOnYear: directionOfTravel(
      latest?.value ?? null,
      lastYear?.value ?? null,
      indicator.polarity,
    ),
    rag: ragRating(latest?.value ?? null, rule),
    concern: concernFrom(trend.slice(-3), rule),
    trend,
    breaks: versions
      .filter((v) => v.version > 1 && v.effectiveFrom > first && v.effectiveFrom <= latestPeriod)
      .map((v) => ({ periodStart: v.effectiveFrom, version: v.version })),
    comparators: comparatorPosition(indicator, latest?.value ?? null, latestPeriod, comparators),
  }
}

/** Groups rows by a key (indicator id), keeping order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = map.get(k)
    if (list === undefined) map.set(k, [row])
    else list.push(row)
  }
  return map
}

export function buildScorecard(
  indicators: readonly IndicatorRow[],
  month: string,
  series: readonly SeriesRow[],
  versions: readonly VersionRow[],
  comparators: readonly ComparatorRow[],
): ScorecardLine[] {
  const seriesBy = new Map<string, Map<string, SeriesRow>>()
  for (const row of series) {
    let m = seriesBy.get(row.indicatorId)
    if (m === undefined) {
      m = new Map<string, SeriesRow>()
      seriesBy.set(row.indicatorId, m)
    }
    m.set(row.periodStart, row)
  }
  const versionsBy = groupBy(versions, (v) => v.indicatorId)
  const comparatorsBy = groupBy(comparators, (c) => c.indicatorId)
  return indicators.map((indicator) =>
    buildLine(
      indicator,
      month,
      seriesBy.get(indicator.id) ?? new Map<string, SeriesRow>(),
      versionsBy.get(indicator.id) ?? [],
      comparatorsBy.get(indicator.id) ?? [],
    ),
  )
}
