// The labels of a server-rendered SVG chart and the boxes they take up, measured with the same
// font widths the charts lay themselves out with (src/platform/charts/text.ts). The browser tier
// measures the same charts as Chromium draws them (test/browser/charts.test.ts).
import { textWidth, type FontWeight } from '../../src/platform/charts/text.ts'

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
