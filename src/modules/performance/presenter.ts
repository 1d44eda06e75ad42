// Performance domain → view models (pure). Numbers are shown as DfE publishes them: percentages
// and rates to one decimal place, counts whole.
import { lineChart, barChart, sparkline, type Chart } from '../../platform/charts/svg.ts'
import type { IndicatorDetail, Scorecard } from './service.ts'
import type { ScorecardLine, Point } from './scorecard.ts'
import { judgementLabels, type Direction } from './rules/direction.ts'
import { concernLabels } from './rules/escalation.ts'
import { frequencyLabels, periodCode, periodLabel, shortPeriodLabel } from './rules/periods.ts'
import { ragLabels, type Polarity, type Rag } from './rules/rag.ts'
import { unitLabels, type Unit } from './rules/rates.ts'
import type { Confidence } from './tables.ts'
import { performancePaths } from './paths.ts'

export const polarityLabels: Readonly<Record<Polarity, string>> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  none: 'No polarity',
}

export const measureLabels = { snapshot: 'Snapshot', period_total: 'Period total' } as const

const unitSuffix: Readonly<Record<Unit, string>> = {
  count: '',
  percentage: '%',
  rate_per_10000: '',
  days: ' days',
  score: '',
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '–'
  const decimals = unit === 'count' ? 0 : 1
  return `${value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}${unitSuffix[unit]}`
}

const ragTagClass: Readonly<Record<Rag, string>> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--yellow',
  red: 'govuk-tag--red',
  not_rated: 'govuk-tag--grey',
}

function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd']
  const v = n % 100
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0] ?? 'th'}`
}

export function directionText(d: Direction): string {
  const arrow =
    d.movement === 'up'
      ? '↑ Up'
      : d.movement === 'down'
        ? '↓ Down'
        : d.movement === 'same'
          ? '→ Same'
          : '–'
  return d.judgement === 'not_judged' || d.judgement === 'no_change'
    ? arrow
    : `${arrow} (${judgementLabels[d.judgement].toLowerCase()})`
}

function pointText(p: Point | null, unit: Unit): string {
  if (p === null || p.value === null) return '–'
  return formatValue(p.value, unit) + (p.provisional ? ' (provisional)' : '')
}

export interface TrendTableRow {
  readonly period: string
  readonly value: string
  readonly status: string
}

function trendRows(points: readonly Point[], line: ScorecardLine): TrendTableRow[] {
  return points.map((p) => ({
    period: periodLabel(line.indicator.frequency, p.periodStart),
    value: formatValue(p.value, line.indicator.unit),
    status:
      p.value === null
        ? 'No value'
        : `${p.provisional ? 'Provisional' : 'Final'}${p.confidence === null || p.confidence === 'high' ? '' : `, ${p.confidence} confidence`}`,
  }))
}

const confidenceLabels: Readonly<Record<Confidence, string>> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
}

export interface LongTableRow {
  readonly period: string
  readonly value: string
  readonly status: string
  readonly confidence: string
  readonly note: string
}

/**
 * The drill-down's data table: each period's value with its status, confidence and note. For an
 * indicator reported by area the partnership's figure is provisional while any district's is, its
 * confidence is the lowest given, and the notes are the districts' own, each named.
 */
function longTableRows(detail: IndicatorDetail, line: ScorecardLine): LongTableRow[] {
  const areaNames = new Map(detail.areas.map((a) => [a.id, a]))
  const notes = new Map<string, string[]>()
  for (const v of detail.values) {
    if (v.note === null || v.note.trim() === '') continue
    const area = areaNames.get(v.areaId)
    const text =
      area === undefined || area.kind === 'partnership' ? v.note : `${area.name}: ${v.note}`
    notes.set(v.periodStart, [...(notes.get(v.periodStart) ?? []), text])
  }
  return detail.longTrend
    .map((p) => ({
      period: periodLabel(line.indicator.frequency, p.periodStart),
      value: formatValue(p.value, line.indicator.unit),
      status: p.value === null ? 'No value' : p.provisional ? 'Provisional' : 'Final',
      confidence: p.value === null || p.confidence === null ? '–' : confidenceLabels[p.confidence],
      note: (notes.get(p.periodStart) ?? []).join('; '),
    }))
    .reverse()
}

function chartPoints(points: readonly Point[], line: ScorecardLine) {
  return points.map((p) => ({
    label: shortPeriodLabel(line.indicator.frequency, p.periodStart),
    value: p.value,
  }))
}

export function comparatorText(line: ScorecardLine): string {
  const c = line.comparators
  if (c === null) return 'No comparators'
  const parts: string[] = []
  if (c.rank !== null) parts.push(`${ordinal(c.rank)} of ${c.of} with statistical neighbours`)
  if (c.england !== null) parts.push(`England ${formatValue(c.england, line.indicator.unit)}`)
  if (c.region !== null)
    parts.push(`${c.region.name} ${formatValue(c.region.value, line.indicator.unit)}`)
  return parts.length === 0
    ? 'No comparators'
    : `${parts.join('; ')} (${c.year - 1}-${String(c.year % 100).padStart(2, '0')})`
}

export interface ScorecardRowView {
  readonly id: string
  readonly code: string
  readonly title: string
  readonly href: string
  readonly period: string
  readonly latest: string
  readonly previous: string
  readonly lastYear: string
  readonly direction: string
  readonly target: string
  readonly rag: { readonly text: string; readonly classes: string; readonly value: Rag }
  readonly comparators: string
  readonly chart: Chart
  readonly trendTable: readonly TrendTableRow[]
  readonly breakNote: string | null
  readonly concern: string | null
  readonly commentary: {
    readonly whatItTellsUs: string
    readonly whatWeAreDoing: string | null
    readonly by: string | null
  } | null
  readonly agency: string
}

export function presentLine(
  line: ScorecardLine,
  commentary: Scorecard['commentary'],
): ScorecardRowView {
  const i = line.indicator
  const c = commentary.get(i.id)
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    href: performancePaths.indicator({ indicatorId: i.id }),
    period: periodLabel(i.frequency, line.latestPeriod),
    latest: pointText(line.latest, i.unit),
    previous: pointText(line.previous, i.unit),
    lastYear: pointText(line.lastYear, i.unit),
    direction: directionText(line.direction),
    target:
      i.target === null
        ? 'None'
        : `${formatValue(i.target, i.unit)}${i.tolerance ? ` (±${formatValue(i.tolerance, i.unit)})` : ''}`,
    rag: { text: ragLabels[line.rag], classes: ragTagClass[line.rag], value: line.rag },
    comparators: comparatorText(line),
    chart: sparkline(chartPoints(line.trend, line), {
      title: `${i.title}, trend`,
      unit: unitSuffix[i.unit],
      target: i.target,
    }),
    trendTable: trendRows(line.trend, line),
    breakNote:
      line.breaks.length === 0
        ? null
        : `Break in the series: a new definition applies from ${line.breaks.map((b) => periodLabel(i.frequency, b.periodStart)).join(', ')}.`,
    concern: line.concern === null ? null : concernLabels[line.concern],
    commentary:
      c === undefined
        ? null
        : { whatItTellsUs: c.whatItTellsUs, whatWeAreDoing: c.whatWeAreDoing, by: c.writtenBy },
    agency: i.ownerAgencyName,
  }
}

/** A labelled trend chart for one scorecard line (the board paper's picture of the trend). */
export function trendChart(line: ScorecardLine): Chart {
  const i = line.indicator
  return lineChart(chartPoints(line.trend, line), {
    title: `${i.title}, ${periodLabel(i.frequency, line.trend[0]?.periodStart ?? line.latestPeriod)} to ${periodLabel(i.frequency, line.latestPeriod)}`,
    unit: unitSuffix[i.unit],
    target: i.target,
    breaks: line.breaks.map((b) => shortPeriodLabel(i.frequency, b.periodStart)),
    width: 600,
    height: 220,
  })
}

export interface ScorecardSection {
  readonly name: string
  readonly rows: readonly ScorecardRowView[]
  readonly counts: Readonly<Record<Rag, number>>
}

/** Sections by business-plan priority, in the catalogue's order. */
export function presentScorecard(card: Scorecard): ScorecardSection[] {
  const sections = new Map<string, ScorecardRowView[]>()
  for (const line of card.lines) {
    const name = line.indicator.priority ?? 'Other indicators'
    const list = sections.get(name) ?? []
    list.push(presentLine(line, card.commentary))
    sections.set(name, list)
  }
  return [...sections].map(([name, rows]) => ({
    name,
    rows,
    counts: {
      green: rows.filter((r) => r.rag.value === 'green').length,
      amber: rows.filter((r) => r.rag.value === 'amber').length,
      red: rows.filter((r) => r.rag.value === 'red').length,
      not_rated: rows.filter((r) => r.rag.value === 'not_rated').length,
    },
  }))
}

export function monthOptions(months: readonly string[], chosen: string) {
  return months.map((m) => ({
    value: m.slice(0, 7),
    text: periodLabel('monthly', m),
    selected: m === chosen,
  }))
}

export function presentDetail(detail: IndicatorDetail) {
  const { indicator: i, line } = detail
  const row = presentLine(
    line,
    new Map(
      detail.commentary
        .filter((c) => c.periodStart === line.latestPeriod)
        .map((c) => [c.indicatorId, c]),
    ),
  )
  const longPoints = chartPoints(detail.longTrend, line)
  const areaNames = new Map(detail.areas.map((a) => [a.id, a.name]))
  return {
    row,
    definition: [
      { key: 'Code', value: i.code },
      { key: 'Definition', value: i.definition },
      { key: 'Numerator', value: i.numeratorDefinition ?? 'Not given' },
      { key: 'Denominator', value: i.denominatorDefinition ?? 'Not given' },
      { key: 'Unit', value: unitLabels[i.unit] },
      { key: 'Polarity', value: polarityLabels[i.polarity] },
      {
        key: 'Frequency',
        value: `${frequencyLabels[i.frequency]} (${measureLabels[i.measure].toLowerCase()})`,
      },
      { key: 'Owning agency', value: i.ownerAgencyName },
      { key: 'Source', value: i.source ?? 'Not given' },
      { key: 'Business plan priority', value: i.priority ?? 'None' },
      { key: 'Sub-group', value: i.subGroup ?? 'None' },
      { key: 'Target', value: row.target },
      { key: 'Broken down by area', value: i.byArea ? 'Yes' : 'No' },
      { key: 'Version', value: String(i.version) },
    ],
    longChart: lineChart(longPoints, {
      title: `${i.title}, ${periodLabel(i.frequency, detail.longTrend[0]?.periodStart ?? line.latestPeriod)} to ${periodLabel(i.frequency, line.latestPeriod)}`,
      unit: unitSuffix[i.unit],
      target: i.target,
      breaks:
        line.breaks.length === 0
          ? detail.versions
              .filter((v) => v.version > 1)
              .map((v) => shortPeriodLabel(i.frequency, v.effectiveFrom))
          : line.breaks.map((b) => shortPeriodLabel(i.frequency, b.periodStart)),
    }),
    longTable: longTableRows(detail, line),
    areaChart:
      detail.byArea.length === 0
        ? null
        : barChart(
            detail.byArea.map((b) => ({ label: b.area.name, value: b.value?.value ?? null })),
            {
              title: `${i.title} by area, ${periodLabel(i.frequency, line.latestPeriod)}`,
              unit: unitSuffix[i.unit],
              target: i.target,
            },
          ),
    areaTable: detail.byArea.map((b) => ({
      area: b.area.name,
      numerator: b.value?.numerator ?? null,
      denominator: b.value?.denominator ?? null,
      value: formatValue(b.value?.value ?? null, i.unit),
      status: b.value === undefined ? '–' : b.value.status === 'final' ? 'Final' : 'Provisional',
      confidence: b.value === undefined ? '–' : confidenceLabels[b.value.confidence],
      note: b.value?.note ?? '',
    })),
    versions: detail.versions.map((v) => ({
      version: v.version,
      from: periodLabel(i.frequency, v.effectiveFrom),
      title: v.title,
      definition: v.definition,
      reason: v.reason ?? (v.version === 1 ? 'First definition' : ''),
    })),
    revisions: detail.revisions.map((r) => ({
      period: periodLabel(i.frequency, r.periodStart),
      area: areaNames.get(r.areaId) ?? '',
      earlier: formatValue(r.value, i.unit),
      earlierStatus: r.status === 'final' ? 'Final' : 'Provisional',
      givenBy: r.submittedBy ?? 'Unknown',
      replacedBy: r.replacedBy ?? 'Assure',
      replacedAt: r.replacedAt,
      current: formatValue(r.currentValue, i.unit),
    })),
    comparators: detail.comparators.map((c) => ({
      year: `${c.year - 1}-${String(c.year % 100).padStart(2, '0')}`,
      kind:
        c.kind === 'england' ? 'England' : c.kind === 'region' ? 'Region' : 'Statistical neighbour',
      name: c.name,
      value: formatValue(c.value, i.unit),
    })),
    periodCode: periodCode(i.frequency, line.latestPeriod),
  }
}
