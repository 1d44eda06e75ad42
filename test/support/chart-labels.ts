// The labels of a server-rendered SVG chart and the boxes they take up, measured with the same
// font widths the charts lay themselves out with (src/platform/charts/text.ts). The browser tier
// measures the same charts as Chromium draws them (test/browser/charts.test.ts).
import { textWidth, type FontWeight } from '../../src/platform/charts/text.ts'
import { barChart, lineChart } from '../../src/platform/charts/svg.ts'
import { renderHeatMap } from '../../src/platform/charts/heat-map.ts'

export interface LabelBox {
  /** One line of a label. */
  readonly text: string
  /** The whole label (its lines joined with spaces). */
  readonly label: string
  readonly x1: number
  readonly x2: number
  readonly y1: number
  readonly y2: number
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1]
}

/** Every line of every label in the SVG, with the box it takes up. */
export function labelBoxes(svg: string): {
  boxes: LabelBox[]
  viewBox: { width: number; height: number }
} {
  const [, , width, height] = (/viewBox="([^"]*)"/.exec(svg)?.[1] ?? '0 0 0 0')
    .split(/\s+/)
    .map(Number)
  const boxes: LabelBox[] = []
  for (const match of svg.matchAll(/<text([^>]*)>(.*?)<\/text>/g)) {
    const attributes = match[1] ?? ''
    const content = match[2] ?? ''
    const size = Number(attribute(attributes, 'font-size') ?? '16')
    const weight: FontWeight = attribute(attributes, 'font-weight') === 'bold' ? 'bold' : 'normal'
    const anchor = attribute(attributes, 'text-anchor') ?? 'start'
    const middle = attribute(attributes, 'dominant-baseline') === 'middle'
    const dx = Number(attribute(attributes, 'dx') ?? '0')
    const dy = Number(attribute(attributes, 'dy') ?? '0')
    const lines = content.includes('<tspan')
      ? [...content.matchAll(/<tspan([^>]*)>([^<]*)<\/tspan>/g)].map((t) => ({
          attributes: t[1] ?? '',
          text: unescapeXml(t[2] ?? ''),
        }))
      : [{ attributes, text: unescapeXml(content) }]
    const label = lines.map((l) => l.text).join(' ')
    for (const line of lines) {
      const x = Number(attribute(line.attributes, 'x') ?? attribute(attributes, 'x') ?? '0') + dx
      const y = Number(attribute(line.attributes, 'y') ?? attribute(attributes, 'y') ?? '0') + dy
      const w = textWidth(line.text, size, weight)
      const x1 = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x
      boxes.push({
        text: line.text,
        label,
        x1,
        x2: x1 + w,
        y1: middle ? y - size / 2 : y - size * 0.76,
        y2: middle ? y + size / 2 : y + size * 0.24,
      })
    }
  }
  return { boxes, viewBox: { width: width ?? 0, height: height ?? 0 } }
}

/** What is wrong with the labels' layout: any cut off at the drawing's sides, or over another. */
export function labelProblems(svg: string): string[] {
  const { boxes, viewBox } = labelBoxes(svg)
  const problems: string[] = []
  for (const box of boxes)
    if (box.x1 < 0 || box.x2 > viewBox.width) problems.push(`"${box.text}" is cut off`)
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2)
        problems.push(`"${a.text}" and "${b.text}" overlap`)
  return problems
}

const monthNames = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
]

/** Ten years of months with five-digit values. */
export const months = Array.from({ length: 120 }, (_, i) => ({
  label: `${monthNames[i % 12] ?? ''} ${String(16 + Math.floor(i / 12))}`,
  value: 1000 + ((i * 37) % 90) * 1234.5,
}))

export const longAreaName = 'Ashby-de-la-Zouch and Castle Donington North Ward'
export const overlongAreaName = 'Pneumonoultramicroscopicsilicovolcanoconiosis-upon-Tyne-and-Wear'
export const longThemeName = 'Fathers and other significant adults in the household'
export const overlongThemeName = 'Wellbeing of Łukasz’s WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW'

/**
 * Charts with awkward data, whose labels must all be whole and apart: checked with font widths
 * in the unit tests and as Chromium draws them in the browser tests.
 */
export function awkwardCharts(): Record<string, string> {
  return {
    'a line chart of ten years of months with a target': lineChart(months, {
      title: 'Contacts',
      width: 600,
      height: 220,
      target: 50_000,
    }).svg,
    'a line chart of two points': lineChart(months.slice(0, 2), { title: 'Contacts' }).svg,
    'a line chart of one point': lineChart(months.slice(0, 1), { title: 'Contacts' }).svg,
    'a line chart of quarters with long labels': lineChart(
      months.slice(0, 16).map((p) => ({ ...p, label: `Quarter ending ${p.label}` })),
      { title: 'Contacts' },
    ).svg,
    'a line chart with breaks side by side and at both edges, and a target at the top': lineChart(
      months.slice(0, 24),
      {
        title: 'Contacts',
        breaks: ['Jan 16', 'Feb 16', 'Mar 16', 'Nov 17', 'Dec 17'],
        target: 111_000,
      },
    ).svg,
    'a line chart with a target at the bottom': lineChart(months.slice(0, 24), {
      title: 'Contacts',
      target: 0,
    }).svg,
    'a bar chart with long area names and large values': barChart(
      [
        { label: longAreaName, value: 123_456.7 },
        { label: 'Corrick', value: 12 },
        { label: "St John's & Łukasz's Ward", value: null },
        { label: overlongAreaName, value: 3 },
      ],
      { title: 'Rate by district', target: 150_000 },
    ).svg,
    'a heat map with long theme names and wide headings': renderHeatMap({
      id: 'hm',
      title: 'Findings by theme and year',
      description: 'Darker means more',
      columns: ['2023', '2024 to 2025 (provisional)', '2026'],
      rows: [
        { label: longThemeName, values: [2, 0, 1] },
        { label: overlongThemeName, values: [0, 1, 0] },
        { label: 'Neglect', values: [7, 3, 12] },
      ],
    }),
  }
}
