// Downloads: the rows that pre-fill the submission template (the import kit makes the files), the scorecard workbook (one sheet
// per priority, with definitions), the board paper (DOCX) and the raw data (CSV).
//
// The board paper shows each indicator's trend as a chart (the page's SVG rendered to PNG, as Word
// needs) with its text alternative, followed by the table of the values behind it.
import { svgToPng } from '../../platform/charts/png.ts'
import { toCsv } from '../../platform/exports/csv.ts'
import { toDocx, type Block } from '../../platform/exports/docx.ts'
import { sheet, toXlsx } from '../../platform/exports/xlsx.ts'
import type { Services } from '../../platform/services.ts'
import * as repo from './repository.ts'
import {
  formatValue,
  measureLabels,
  polarityLabels,
  presentScorecard,
  trendChart,
} from './presenter.ts'
import { frequencyLabels, latestPeriodEndedBy, periodCode, periodLabel } from './rules/periods.ts'
import { unitLabels, type Unit } from './rules/rates.ts'
import * as service from './service.ts'
import type { PerfContext, Scorecard } from './service.ts'
import type { ScorecardLine } from './scorecard.ts'
import type { Rag } from './rules/rag.ts'
import type { ColumnKey } from './upload-rules.ts'

export type TemplateRow = Readonly<Record<ColumnKey, string | number | null>>

/** One row per indicator (per district for those reported by area) for the agency, pre-filled. */
export async function templateRows(
  services: Services,
  ctx: PerfContext,
  month: string,
  agencyId: string | null,
): Promise<TemplateRow[]> {
  const indicators = await repo.listIndicators(services.db, ctx.scope, {
    activeOnly: true,
    ...(agencyId === null ? {} : { agencyId }),
  })
  const areas = await service.areas(services, ctx.scope)
  const whole = areas.find((a) => a.kind === 'partnership')
  const districts = areas.filter((a) => a.kind === 'district')
  const wanted = indicators.flatMap((i) => {
    const periodStart = latestPeriodEndedBy(i.frequency, month)
    const where = i.byArea ? districts : whole === undefined ? [] : [whole]
    return where.map((area) => ({ indicator: i, area, periodStart }))
  })
  const current = await repo.findValues(
    services.db,
    ctx.scope,
    wanted.map((w) => ({
      indicatorId: w.indicator.id,
      areaId: w.area.id,
      periodStart: w.periodStart,
    })),
  )
  const byKey = new Map(current.map((v) => [`${v.indicatorId}|${v.areaId}|${v.periodStart}`, v]))
  return wanted.map(({ indicator, area, periodStart }) => {
    const v = byKey.get(`${indicator.id}|${area.id}|${periodStart}`)
    return {
      code: indicator.code,
      title: indicator.title,
      period: periodCode(indicator.frequency, periodStart),
      area: area.kind === 'partnership' ? '' : area.name,
      numerator: v?.numerator ?? null,
      denominator: indicator.unit === 'count' ? null : (v?.denominator ?? null),
      value: v === undefined || v.numerator !== null ? null : v.value,
      status: v?.status ?? 'provisional',
      confidence: v?.confidence ?? 'high',
      note: v?.note ?? null,
    }
  })
}

function lineCells(card: Scorecard) {
  return presentScorecard(card)
}

/** Excel number formats by unit: percentages are held as fractions (0.91) shown as 91.0%. */
const unitFormats: Readonly<Record<Unit, string>> = {
  count: '#,##0',
  percentage: '0.0%',
  rate_per_10000: '#,##0.0',
  days: '#,##0.0',
  score: '#,##0.0',
}

/** A value as Excel should hold it: a number (a percentage as a fraction), or empty. */
export function excelNumber(value: number | null | undefined, unit: Unit): number | null {
  if (value === null || value === undefined) return null
  return unit === 'percentage' ? value / 100 : value
}

/** Light fills (GOV.UK tag colours) so the RAG reads in print and on screen. */
const ragFills: Readonly<Record<Rag, string>> = {
  green: 'FFCCE2D8',
  amber: 'FFFFF7BF',
  red: 'FFF4CDC6',
  not_rated: 'FFE5E6E7',
}

export async function scorecardWorkbook(card: Scorecard): Promise<Buffer> {
  const sections = lineCells(card)
  const lines = new Map(card.lines.map((l) => [l.indicator.id, l]))
  type Row = (typeof sections)[number]['rows'][number]
  const unitOf = (r: Row): Unit => lines.get(r.id)?.indicator.unit ?? 'count'
  const line = (r: Row) => lines.get(r.id)
  const number = (pick: (l: ScorecardLine) => number | null | undefined) => ({
    value: (r: Row) => {
      const l = line(r)
      return l === undefined ? null : excelNumber(pick(l), l.indicator.unit)
    },
    cellFormat: (r: Row) => unitFormats[unitOf(r)],
  })
  const status = (p: { provisional: boolean } | null) =>
    p === null ? '' : p.provisional ? 'Provisional' : 'Final'
  const columns = [
    { header: 'Code', value: (r: Row) => r.code },
    { header: 'Indicator', value: (r: Row) => r.title, width: 50 },
    { header: 'Period', value: (r: Row) => r.period, width: 22 },
    { header: 'Latest', ...number((l) => l.latest?.value) },
    { header: 'Latest status', value: (r: Row) => status(line(r)?.latest ?? null) },
    { header: 'Previous period', ...number((l) => l.previous?.value) },
    { header: 'Same period last year', ...number((l) => l.lastYear?.value) },
    { header: 'Direction', value: (r: Row) => r.direction, width: 22 },
    { header: 'Target', ...number((l) => l.indicator.target) },
    { header: 'Tolerance', ...number((l) => l.indicator.tolerance) },
    {
      header: 'RAG',
      value: (r: Row) => r.rag.text,
      fill: (r: Row) => ragFills[r.rag.value],
    },
    { header: 'Comparators', value: (r: Row) => r.comparators, width: 50 },
    { header: 'Trend', value: (r: Row) => r.chart.description, width: 60 },
    { header: 'Owning agency', value: (r: Row) => r.agency, width: 24 },
    {
      header: 'What this tells us',
      value: (r: Row) => r.commentary?.whatItTellsUs ?? '',
      width: 60,
    },
    {
      header: 'What we are doing about it',
      value: (r: Row) => r.commentary?.whatWeAreDoing ?? '',
      width: 60,
    },
  ]
  const definitions = card.lines.map((l) => l.indicator)
  type Def = (typeof definitions)[number]
  return toXlsx({
    title: `Scorecard ${periodLabel('monthly', card.month)}`,
    sheets: [
      ...sections.map((s) => sheet({ name: s.name, columns, rows: s.rows })),
      sheet({
        name: 'Definitions',
        columns: [
          { header: 'Code', value: (d: Def) => d.code },
          { header: 'Indicator', value: (d: Def) => d.title, width: 50 },
          { header: 'Definition', value: (d: Def) => d.definition, width: 80 },
          { header: 'Numerator', value: (d: Def) => d.numeratorDefinition, width: 50 },
          { header: 'Denominator', value: (d: Def) => d.denominatorDefinition, width: 50 },
          { header: 'Unit', value: (d: Def) => unitLabels[d.unit] },
          { header: 'Polarity', value: (d: Def) => polarityLabels[d.polarity] },
          { header: 'Frequency', value: (d: Def) => frequencyLabels[d.frequency] },
          {
            header: 'Snapshot or period total',
            value: (d: Def) => measureLabels[d.measure],
            width: 22,
          },
          { header: 'Target', value: (d: Def) => d.target },
          { header: 'Tolerance', value: (d: Def) => d.tolerance },
          { header: 'Priority', value: (d: Def) => d.priority, width: 30 },
          { header: 'Sub-group', value: (d: Def) => d.subGroup, width: 30 },
          { header: 'Broken down by area', value: (d: Def) => (d.byArea ? 'Yes' : 'No') },
          { header: 'Source', value: (d: Def) => d.source, width: 30 },
          { header: 'Owning agency', value: (d: Def) => d.ownerAgencyName, width: 24 },
          { header: 'Version', value: (d: Def) => d.version },
        ],
        rows: definitions,
      }),
    ],
    notes: [
      `Scorecard for ${periodLabel('monthly', card.month)}: each indicator's latest period ended by then.`,
      'RAG: green on or beyond target; amber short of it by no more than the tolerance; red further away. Indicators without a target or polarity are not rated.',
      'Percentages and rates for the whole partnership are computed from the districts\u2019 numerators and denominators, never by averaging.',
    ],
  })
}

export async function boardPaper(card: Scorecard): Promise<Buffer> {
  const sections = lineCells(card)
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'Summary' },
    {
      kind: 'table',
      headers: ['Priority', 'Red', 'Amber', 'Green', 'Not rated'],
      rows: sections.map((s) => [
        s.name,
        String(s.counts.red),
        String(s.counts.amber),
        String(s.counts.green),
        String(s.counts.not_rated),
      ]),
    },
    {
      kind: 'paragraph',
      text: 'Each indicator\u2019s trend chart is followed by the table of the values behind it.',
      italic: true,
    },
  ]
  const lines = new Map(card.lines.map((l) => [l.indicator.id, l]))
  for (const section of sections) {
    blocks.push({ kind: 'heading', level: 1, text: section.name })
    for (const r of section.rows) {
      blocks.push({ kind: 'heading', level: 2, text: `${r.code}: ${r.title}` })
      blocks.push({
        kind: 'table',
        headers: ['Latest', 'Previous', 'Last year', 'Direction', 'Target', 'RAG'],
        rows: [
          [`${r.latest} (${r.period})`, r.previous, r.lastYear, r.direction, r.target, r.rag.text],
        ],
      })
      blocks.push({ kind: 'paragraph', text: `Comparators: ${r.comparators}` })
      const line = lines.get(r.id)
      if (line !== undefined) {
        const chart = trendChart(line)
        const picture = await svgToPng(chart.svg)
        blocks.push({
          kind: 'image',
          png: picture.png,
          width: picture.width,
          height: picture.height,
          altText: chart.description,
        })
      }
      blocks.push({
        kind: 'table',
        headers: r.trendTable.map((t) => t.period.replace(/ \(.*\)$/, '')),
        rows: [r.trendTable.map((t) => t.value)],
      })
      if (r.breakNote !== null) blocks.push({ kind: 'paragraph', text: r.breakNote, italic: true })
      if (r.commentary !== null) {
        blocks.push({
          kind: 'paragraph',
          text: `What this tells us: ${r.commentary.whatItTellsUs}`,
        })
        if (r.commentary.whatWeAreDoing !== null)
          blocks.push({
            kind: 'paragraph',
            text: `What we are doing about it: ${r.commentary.whatWeAreDoing}`,
          })
      }
    }
  }
  return toDocx({
    title: 'Multi-agency performance',
    subtitle: `Scorecard for ${periodLabel('monthly', card.month)}`,
    blocks,
  })
}

export function rawCsv(data: Awaited<ReturnType<typeof service.rawData>>): string {
  type Row = (typeof data.values)[number]
  const indicator = (r: Row) => data.indicators.get(r.indicatorId)
  return toCsv<Row>(
    [
      { header: 'Indicator code', value: (r) => indicator(r)?.code },
      { header: 'Indicator', value: (r) => indicator(r)?.title },
      {
        header: 'Period',
        value: (r) => {
          const i = indicator(r)
          return i === undefined ? r.periodStart : periodCode(i.frequency, r.periodStart)
        },
      },
      { header: 'Period start', value: (r) => r.periodStart },
      { header: 'Area', value: (r) => data.areas.get(r.areaId)?.name },
      { header: 'Numerator', value: (r) => r.numerator },
      { header: 'Denominator', value: (r) => r.denominator },
      { header: 'Value', value: (r) => r.value },
      {
        header: 'Formatted value',
        value: (r) => {
          const i = indicator(r)
          return i === undefined ? null : formatValue(r.value, i.unit)
        },
      },
      { header: 'Status', value: (r) => r.status },
      { header: 'Confidence', value: (r) => r.confidence },
      { header: 'Revision', value: (r) => r.revision },
      { header: 'Submitted at', value: (r) => r.submittedAt },
      { header: 'Note', value: (r) => r.note },
    ],
    data.values,
  )
}
