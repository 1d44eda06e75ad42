// A heat map (rows × columns of counts) as server-rendered SVG: no JavaScript, printable, with a
// title and description for assistive technology. Pages show the table of the same figures
// beside it (the SVG is the picture; the table is the text alternative people can read and copy).
// Any module may use it (the learning module's theme view does).
import { escapeXml, fontFamily, tspans } from './svg.ts'
import { widest, wrapText } from './text.ts'

export interface HeatMapSpec {
  /** Unique within the page: the SVG's title and description ids are built from it. */
  readonly id: string
  readonly title: string
  readonly description: string
  readonly columns: readonly string[]
  readonly rows: readonly { readonly label: string; readonly values: readonly number[] }[]
}

// Light to dark (GOV.UK blue tints); cells with 0 are white. Text colour chosen for contrast.
const shades = ['#d2e2f1', '#a6c4e3', '#5694ca', '#1d70b8', '#003078'] as const
const darkText = '#0b0c0c'
const lightText = '#ffffff'

/** The shade index (0–4) of a count, scaled to the largest count; -1 for zero. */
export function shadeOf(value: number, max: number): number {
  if (value <= 0 || max <= 0) return -1
  return Math.min(shades.length - 1, Math.ceil((value / max) * shades.length) - 1)
}

export function renderHeatMap(spec: HeatMapSpec): string {
  const fontSize = 16
  // Row labels get the room the longest needs, up to 300 pixels; a longer one takes two lines
  // (and is shortened only if two lines cannot hold it: the table beside the map gives it in
  // full). Cells are wide enough for their column's heading.
  const labelRoom = Math.min(
    300,
    widest(
      spec.rows.map((r) => r.label),
      fontSize,
    ),
  )
  const lineHeight = 19
  const labelWidth = labelRoom + 10
  const cell = Math.max(56, widest(spec.columns, fontSize, 'bold') + 12)
  const header = 36
  const width = labelWidth + Math.max(1, spec.columns.length) * cell
  const height = header + Math.max(1, spec.rows.length) * cell
  const max = Math.max(0, ...spec.rows.flatMap((r) => r.values))
  const titleId = `${spec.id}-title`
  const descId = `${spec.id}-desc`
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-heat-map" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${fontFamily}" aria-labelledby="${titleId} ${descId}">`,
    `<title id="${titleId}">${escapeXml(spec.title)}</title>`,
    `<desc id="${descId}">${escapeXml(spec.description)}</desc>`,
  ]
  spec.columns.forEach((column, c) => {
    const x = labelWidth + c * cell + cell / 2
    parts.push(
      `<text x="${x}" y="${header - 12}" text-anchor="middle" font-size="${fontSize}" font-weight="bold" fill="${darkText}">${escapeXml(column)}</text>`,
    )
  })
  spec.rows.forEach((row, r) => {
    const y = header + r * cell
    const lines = wrapText(row.label, labelRoom, fontSize)
    const first = y + cell / 2 + 6 - ((lines.length - 1) * lineHeight) / 2
    parts.push(
      `<text x="${labelWidth - 10}" y="${first}" text-anchor="end" font-size="${fontSize}" fill="${darkText}">${tspans(lines, labelWidth - 10, first, lineHeight)}</text>`,
    )
    row.values.forEach((value, c) => {
      const x = labelWidth + c * cell
      const shade = shadeOf(value, max)
      const fill = shade < 0 ? '#ffffff' : shades[shade]
      const text = shade >= 2 ? lightText : darkText
      parts.push(
        `<rect x="${x + 2}" y="${y + 2}" width="${cell - 4}" height="${cell - 4}" fill="${fill}" stroke="#b1b4b6"/>`,
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 6}" text-anchor="middle" font-size="${fontSize}" fill="${text}">${value}</text>`,
      )
    })
  })
  parts.push('</svg>')
  return parts.join('')
}
