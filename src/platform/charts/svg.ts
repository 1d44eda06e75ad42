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

import { overlaps, span, textWidth, widest, wrapText, type Box } from './text.ts'

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

/** The target (null when there is none) and the range of values a chart of the series spans. */
function scaleOf(
  points: readonly ChartPoint[],
  target: number | null | undefined,
): { target: number | null; min: number; max: number } {
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]))
  const [min, max] = range(values, target == null ? [] : [target])
  return { target: target ?? null, min, max }
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

/**
 * The page's typeface (GOV.UK Frontend is set up with Arial here), or any sans-serif: never the
 * browser's default serif. The PNG renderer has only DejaVu Sans, which text.ts measures with.
 */
export const fontFamily = 'arial, sans-serif'

function svgOpen(width: number, height: number, description: string, cls: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" font-family="${fontFamily}" role="img" aria-label="${escapeXml(description)}" focusable="false">`
  )
}

/** A label's lines, one under another from `y`: the content of a <text>. */
export function tspans(lines: readonly string[], x: number, y: number, lineHeight: number): string {
  return lines
    .map((line, i) => `<tspan x="${x}" y="${y + i * lineHeight}">${escapeXml(line)}</tspan>`)
    .join('')
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
  const { target, min, max } = scaleOf(points, options.target)
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
  const fontSize = 11
  const { target, min, max } = scaleOf(points, options.target)
  const ticks = [0, 1, 2, 3, 4].map((i) => min + ((max - min) * i) / 4)
  const tickLabels = ticks.map((v) => formatNumber(v))
  // The value axis is as wide as its widest label, so that no label runs off the left edge.
  const left = Math.max(32, widest(tickLabels, fontSize) + 10)
  const right = 16
  const top = 16
  const bottom = 40
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
  // Labels drawn inside the plot (breaks, the target) are placed where they touch no other label.
  const placed: Box[] = []
  // Axes and gridlines: five steps.
  ticks.forEach((v, i) => {
    const yy = y(v)
    const text = tickLabels[i] ?? ''
    svg += `<line x1="${left}" x2="${width - right}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke="${colours.axis}" stroke-width="1"/>`
    svg += `<text x="${left - 6}" y="${yy.toFixed(1)}" font-size="${fontSize}" text-anchor="end" dominant-baseline="middle" fill="${colours.text}">${escapeXml(text)}</text>`
    placed.push({ x1: left - 6 - textWidth(text, fontSize), x2: left - 6, y1: yy - 6, y2: yy + 6 })
  })
  for (const label of periodLabels(points, x, { width, y: height - bottom + 16, fontSize })) {
    svg += `<text x="${label.x.toFixed(1)}" y="${height - bottom + 16}" font-size="${fontSize}" text-anchor="${label.anchor}" fill="${colours.text}">${escapeXml(label.text)}</text>`
  }
  // Each is put in the first of its places where it fits, or left out: its line is still drawn,
  // and the description names it.
  const place = (
    text: string,
    candidates: readonly { x: number; y: number; anchor: 'start' | 'end' }[],
  ) => {
    const w = textWidth(text, fontSize)
    for (const c of candidates) {
      const [x1, x2] = span(c.x, w, c.anchor)
      const box = { x1, x2, y1: c.y - fontSize, y2: c.y + 3 }
      if (x1 < 0 || x2 > width || box.y1 < 0 || box.y2 > height) continue
      if (placed.some((p) => overlaps(p, box))) continue
      placed.push(box)
      return c
    }
    return undefined
  }
  for (const label of breaks) {
    const i = points.findIndex((p) => p.label === label)
    if (i < 0) continue
    // Between the period before the break and the first period after it, inside the plot.
    const xx = Math.max(left, x(i) - (points.length > 1 ? plotW / (points.length - 1) / 2 : 0))
    svg += `<line x1="${xx.toFixed(1)}" x2="${xx.toFixed(1)}" y1="${top}" y2="${top + plotH}" stroke="${colours.break}" stroke-width="2" stroke-dasharray="6 3"/>`
    const at = place('New definition', [
      { x: xx + 4, y: top + 10, anchor: 'start' },
      { x: xx - 4, y: top + 10, anchor: 'end' },
      { x: xx + 4, y: top + 24, anchor: 'start' },
      { x: xx - 4, y: top + 24, anchor: 'end' },
    ])
    if (at !== undefined)
      svg += `<text x="${at.x.toFixed(1)}" y="${at.y}" font-size="${fontSize}" text-anchor="${at.anchor}" fill="${colours.break}">New definition</text>`
  }
  if (target !== null) {
    const yy = y(target)
    svg += `<line x1="${left}" x2="${width - right}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke="${colours.target}" stroke-width="1.5" stroke-dasharray="6 4"/>`
    const at = place('Target', [
      { x: width - right, y: yy - 4, anchor: 'end' },
      { x: width - right, y: yy + 13, anchor: 'end' },
      { x: left + 4, y: yy - 4, anchor: 'start' },
      { x: left + 4, y: yy + 13, anchor: 'start' },
    ])
    if (at !== undefined)
      svg += `<text x="${at.x.toFixed(1)}" y="${at.y.toFixed(1)}" font-size="${fontSize}" text-anchor="${at.anchor}" fill="${colours.target}">Target</text>`
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

/**
 * The period labels under a line chart: as many as fit side by side, evenly spaced, always the
 * first and the last. The first and last sit at the plot's edges, so they are anchored inwards.
 */
function periodLabels(
  points: readonly ChartPoint[],
  x: (i: number) => number,
  layout: { width: number; y: number; fontSize: number },
): { text: string; x: number; anchor: 'start' | 'middle' | 'end' }[] {
  const n = points.length
  if (n === 0) return []
  const anchorOf = (i: number) =>
    n < 2 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'
  const boxOf = (i: number): [number, number] =>
    span(x(i), textWidth(points[i]?.label ?? '', layout.fontSize), anchorOf(i))
  const gap = 8
  // Try every label, then every second, third…, until the labels chosen do not touch.
  for (let every = 1; every <= n; every += 1) {
    const chosen: number[] = []
    for (let i = 0; i < n; i += every) chosen.push(i)
    const last = n - 1
    if (chosen[chosen.length - 1] !== last) {
      // The last label is always shown; the one before it gives way if the two would touch.
      const before = chosen[chosen.length - 1]
      if (before !== undefined && before !== 0 && boxOf(before)[1] + gap > boxOf(last)[0])
        chosen.pop()
      chosen.push(last)
    }
    const boxes = chosen.map(boxOf)
    const fits = boxes.every(
      ([from, to], k) =>
        from >= 0 && to <= layout.width && (k === 0 || (boxes[k - 1]?.[1] ?? 0) + gap <= from),
    )
    if (fits)
      return chosen.map((i) => ({ text: points[i]?.label ?? '', x: x(i), anchor: anchorOf(i) }))
    if (chosen.length <= 2) break
  }
  // Not even the first and the last fit side by side: the first alone.
  return [{ text: points[0]?.label ?? '', x: x(0), anchor: anchorOf(0) }]
}

/** A horizontal bar chart (one bar per label), e.g. an indicator by area. */
export function barChart(
  bars: readonly ChartPoint[],
  options: { title: string; unit?: string; width?: number; target?: number | null },
): Chart {
  const width = options.width ?? 640
  const fontSize = 12
  const lineHeight = 14
  const barH = 18
  const gap = 6
  const top = 8
  const values = bars.flatMap((b) => (b.value === null ? [] : [b.value]))
  // Room on the left for the longest name, up to two fifths of the chart: a longer name takes two
  // lines (its row grows to fit) and is shortened only if two lines cannot hold it; the
  // description and the table beside the chart give it in full. Room on the right for the widest
  // value written after its bar.
  const labelRoom = Math.min(
    widest(
      bars.map((b) => b.label),
      fontSize,
    ),
    Math.floor(width * 0.4),
  )
  const left = labelRoom + 12
  const right = Math.max(24, widest(values.map(formatNumber), fontSize) + 10)
  const rows = bars.map((bar) => {
    const lines = wrapText(bar.label, labelRoom, fontSize)
    return { bar, lines, pitch: Math.max(barH, lines.length * lineHeight) + gap }
  })
  const height = top * 2 + rows.reduce((sum, r) => sum + r.pitch, 0)
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
  let rowTop = top
  for (const { bar: b, lines, pitch } of rows) {
    const middle = rowTop + (pitch - gap) / 2
    const yy = middle - barH / 2
    const first = middle - ((lines.length - 1) * lineHeight) / 2
    svg += `<text x="${left - 6}" y="${first}" font-size="${fontSize}" text-anchor="end" dominant-baseline="middle" fill="${colours.text}">${tspans(lines, left - 6, first, lineHeight)}</text>`
    rowTop += pitch
    if (b.value === null) {
      svg += `<text x="${left + 4}" y="${middle}" font-size="${fontSize}" dominant-baseline="middle" fill="${colours.text}">No value</text>`
      continue
    }
    svg += `<rect x="${left}" y="${yy}" width="${w(b.value).toFixed(1)}" height="${barH}" fill="${colours.bar}"/>`
    svg += `<text x="${(left + w(b.value) + 4).toFixed(1)}" y="${middle}" font-size="${fontSize}" dominant-baseline="middle" fill="${colours.text}">${escapeXml(formatNumber(b.value))}</text>`
  }
  if (options.target != null) {
    const xx = (left + w(options.target)).toFixed(1)
    svg += `<line x1="${xx}" x2="${xx}" y1="${top}" y2="${height - top}" stroke="${colours.target}" stroke-width="1.5" stroke-dasharray="6 4"/>`
  }
  return { svg: `${svg}</svg>`, description }
}
