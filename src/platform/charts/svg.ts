// Small server-rendered SVG charts (no JavaScript, no images), for scorecards and reports. Each
// chart is an <svg role="img"> carrying a text alternative; pages show the data table behind it
// as well, because a chart alone is not accessible. Colours are the GOV.UK palette; marks do not
// rely on colour alone (targets are dashed, breaks are labelled). Any module may use these.

export interface ChartPoint {
  readonly label: string
  readonly value: number | null
}

export interface Chart {
  /** SVG markup, safe to insert into a page (all text is escaped). */
  readonly svg: string
  /** The text alternative (also the svg's aria-label). */
  readonly description: string
}

const colours = {
  line: '#1d70b8',
  target: '#505a5f',
  axis: '#b1b4b6',
  text: '#0b0c0c',
  bar: '#1d70b8',
  break: '#d4351c',
} as const

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export function formatNumber(value: number, decimals = 1): string {
  return value.toLocaleString('en-GB', {
    minimumFractionDigits: Number.isInteger(value) ? 0 : decimals,
    maximumFractionDigits: decimals,
  })
}

function range(values: readonly number[], extra: readonly number[] = []): [number, number] {
  const all = [...values, ...extra]
  if (all.length === 0) return [0, 1]
  let min = Math.min(...all)
  let max = Math.max(...all)
  if (min > 0 && min / (max || 1) > 0.5) min = min * 0.9
  else min = Math.min(0, min)
  if (max === min) max = min + 1
  max += (max - min) * 0.05
  return [min, max]
}

/** A one-sentence summary of a series, for text alternatives. */
export function describeSeries(title: string, points: readonly ChartPoint[], unit = ''): string {
  const known = points.filter((p): p is { label: string; value: number } => p.value !== null)
  const first = known[0]
  const last = known[known.length - 1]
  if (first === undefined || last === undefined) return `${title}: no values yet.`
  if (known.length === 1) return `${title}: ${formatNumber(last.value)}${unit} in ${last.label}.`
  const high = known.reduce((a, b) => (b.value > a.value ? b : a))
  const low = known.reduce((a, b) => (b.value < a.value ? b : a))
  return (
    `${title}: from ${formatNumber(first.value)}${unit} in ${first.label} to ` +
    `${formatNumber(last.value)}${unit} in ${last.label}; highest ${formatNumber(high.value)}${unit} ` +
    `(${high.label}), lowest ${formatNumber(low.value)}${unit} (${low.label}).`
  )
}

function svgOpen(width: number, height: number, description: string, cls: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" role="img" aria-label="${escapeXml(description)}" focusable="false">`
  )
}

/** Joins consecutive known points into path segments (gaps stay gaps). */
function segments(xy: readonly ([number, number] | null)[]): string {
  let d = ''
  let pen = false
  for (const p of xy) {
    if (p === null) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${p[0].toFixed(1)} ${p[1].toFixed(1)} `
    pen = true
  }
  return d.trim()
}

/** A word-sized trend line for a table cell, with the last point marked. */
export function sparkline(
  points: readonly ChartPoint[],
  options: {
    title: string
    unit?: string
    target?: number | null
    width?: number
    height?: number
  },
): Chart {
  const width = options.width ?? 120
  const height = options.height ?? 32
  const pad = 3
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]))
  const target = options.target ?? null
  const [min, max] = range(values, target === null ? [] : [target])
  const x = (i: number) =>
    pad + (points.length <= 1 ? 0 : (i * (width - 2 * pad)) / (points.length - 1))
  const y = (v: number) => height - pad - ((v - min) / (max - min)) * (height - 2 * pad)
  const xy = points.map((p, i) =>
    p.value === null ? null : ([x(i), y(p.value)] as [number, number]),
  )
  const description = describeSeries(options.title, points, options.unit ?? '')
  const last = [...xy].reverse().find((p) => p !== null) ?? null
  let svg = svgOpen(width, height, description, 'app-chart app-chart--sparkline')
  if (target !== null)
    svg += `<line x1="${pad}" x2="${width - pad}" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}" stroke="${colours.target}" stroke-width="1" stroke-dasharray="3 2"/>`
  svg += `<path d="${segments(xy)}" fill="none" stroke="${colours.line}" stroke-width="2" stroke-linejoin="round"/>`
  if (last !== null)
    svg += `<circle cx="${last[0].toFixed(1)}" cy="${last[1].toFixed(1)}" r="3" fill="${colours.line}"/>`
  return { svg: `${svg}</svg>`, description }
}

export interface LineChartOptions {
  readonly title: string
  readonly unit?: string
  readonly target?: number | null
  /** Labels (of points) where a break in the series starts. */
  readonly breaks?: readonly string[]
  readonly width?: number
  readonly height?: number
}

/** A labelled line chart: axes, a dashed target line, breaks in the series marked. */
export function lineChart(points: readonly ChartPoint[], options: LineChartOptions): Chart {
  const width = options.width ?? 640
  const height = options.height ?? 260
  const left = 56
  const right = 16
  const top = 16
  const bottom = 40
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]))
  const target = options.target ?? null
  const [min, max] = range(values, target === null ? [] : [target])
  const plotW = width - left - right
  const plotH = height - top - bottom
  const x = (i: number) =>
    left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1))
  const y = (v: number) => top + plotH - ((v - min) / (max - min)) * plotH
  let description = describeSeries(options.title, points, options.unit ?? '')
  if (target !== null) description += ` Target ${formatNumber(target)}${options.unit ?? ''}.`
  const breaks = options.breaks ?? []
  if (breaks.length > 0)
    description += ` Break in the series (new definition) from ${breaks.join(', ')}.`
  let svg = svgOpen(width, height, description, 'app-chart app-chart--line')
  // Axes and gridlines: five steps.
  for (let i = 0; i <= 4; i += 1) {
    const v = min + ((max - min) * i) / 4
    const yy = y(v).toFixed(1)
    svg += `<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" stroke="${colours.axis}" stroke-width="1"/>`
    svg += `<text x="${left - 6}" y="${yy}" font-size="11" text-anchor="end" dominant-baseline="middle" fill="${colours.text}">${escapeXml(formatNumber(v))}</text>`
  }
  const every = Math.max(1, Math.ceil(points.length / 8))
  points.forEach((p, i) => {
    if (i % every !== 0 && i !== points.length - 1) return
    // The first and last labels sit at the plot's edges: anchor them inwards so neither is cut off.
    const anchor =
      points.length < 2 ? 'middle' : i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'
    svg += `<text x="${x(i).toFixed(1)}" y="${height - bottom + 16}" font-size="11" text-anchor="${anchor}" fill="${colours.text}">${escapeXml(p.label)}</text>`
  })
  for (const label of breaks) {
    const i = points.findIndex((p) => p.label === label)
    if (i < 0) continue
    const xx = (x(i) - (points.length > 1 ? plotW / (points.length - 1) / 2 : 0)).toFixed(1)
    svg += `<line x1="${xx}" x2="${xx}" y1="${top}" y2="${top + plotH}" stroke="${colours.break}" stroke-width="2" stroke-dasharray="6 3"/>`
    svg += `<text x="${xx}" y="${top + 10}" font-size="11" dx="4" fill="${colours.break}">New definition</text>`
  }
  if (target !== null) {
    const yy = y(target).toFixed(1)
    svg += `<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" stroke="${colours.target}" stroke-width="1.5" stroke-dasharray="6 4"/>`
    svg += `<text x="${width - right}" y="${yy}" dy="-4" font-size="11" text-anchor="end" fill="${colours.target}">Target</text>`
  }
  const xy = points.map((p, i) =>
    p.value === null ? null : ([x(i), y(p.value)] as [number, number]),
  )
  svg += `<path d="${segments(xy)}" fill="none" stroke="${colours.line}" stroke-width="2.5" stroke-linejoin="round"/>`
  for (const p of xy)
    if (p !== null)
      svg += `<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="2.5" fill="${colours.line}"/>`
  return { svg: `${svg}</svg>`, description }
}

/** A horizontal bar chart (one bar per label), e.g. an indicator by area. */
export function barChart(
  bars: readonly ChartPoint[],
  options: { title: string; unit?: string; width?: number; target?: number | null },
): Chart {
  const width = options.width ?? 640
  const barH = 18
  const gap = 6
  const left = 150
  const right = 60
  const top = 8
  const height = top * 2 + bars.length * (barH + gap)
  const values = bars.flatMap((b) => (b.value === null ? [] : [b.value]))
  const max = Math.max(1, ...values, options.target ?? 0)
  const w = (v: number) => Math.max(0, (v / max) * (width - left - right))
  const known = bars.filter((b): b is { label: string; value: number } => b.value !== null)
  const sorted = [...known].sort((a, b) => b.value - a.value)
  const unit = options.unit ?? ''
  const description =
    sorted.length === 0
      ? `${options.title}: no values.`
      : `${options.title}: highest ${sorted[0]?.label ?? ''} ${formatNumber(sorted[0]?.value ?? 0)}${unit}, lowest ${sorted[sorted.length - 1]?.label ?? ''} ${formatNumber(sorted[sorted.length - 1]?.value ?? 0)}${unit}.`
  let svg = svgOpen(width, height, description, 'app-chart app-chart--bar')
  bars.forEach((b, i) => {
    const yy = top + i * (barH + gap)
    svg += `<text x="${left - 6}" y="${yy + barH / 2}" font-size="12" text-anchor="end" dominant-baseline="middle" fill="${colours.text}">${escapeXml(b.label)}</text>`
    if (b.value === null) {
      svg += `<text x="${left + 4}" y="${yy + barH / 2}" font-size="12" dominant-baseline="middle" fill="${colours.text}">No value</text>`
      return
    }
    svg += `<rect x="${left}" y="${yy}" width="${w(b.value).toFixed(1)}" height="${barH}" fill="${colours.bar}"/>`
    svg += `<text x="${(left + w(b.value) + 4).toFixed(1)}" y="${yy + barH / 2}" font-size="12" dominant-baseline="middle" fill="${colours.text}">${escapeXml(formatNumber(b.value))}</text>`
  })
  if (options.target != null) {
    const xx = (left + w(options.target)).toFixed(1)
    svg += `<line x1="${xx}" x2="${xx}" y1="${top}" y2="${height - top}" stroke="${colours.target}" stroke-width="1.5" stroke-dasharray="6 4"/>`
  }
  return { svg: `${svg}</svg>`, description }
}
