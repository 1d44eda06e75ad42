// How wide a chart's label will be, so that the chart can make room for it (or shorten it) rather
// than let it run off the drawing or over another label.
//
// Widths are those of DejaVu Sans, read from the font file with fontkitten: the font the PNG
// charts are rasterised in (png.ts), and wider than Arial and its look-alikes, so a label that fits
// here also fits in a browser. Kerning is left out; it only ever makes text narrower.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { create, type Font } from 'fontkitten'

export type FontWeight = 'normal' | 'bold'

const files: Record<FontWeight, string> = {
  normal: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
}

const fonts = new Map<FontWeight, { font: Font; widths: Map<string, number> }>()

function fontFor(weight: FontWeight): { font: Font; widths: Map<string, number> } {
  let loaded = fonts.get(weight)
  if (loaded === undefined) {
    const require = createRequire(import.meta.url)
    const font = create(readFileSync(require.resolve(files[weight])))
    if (font.isCollection) throw new Error(`${files[weight]} is a font collection`)
    loaded = { font, widths: new Map() }
    fonts.set(weight, loaded)
  }
  return loaded
}

/** The width of `text` set at `fontSize` pixels, in pixels. */
export function textWidth(text: string, fontSize: number, weight: FontWeight = 'normal'): number {
  const { font, widths } = fontFor(weight)
  let units = 0
  for (const character of text) {
    let width = widths.get(character)
    if (width === undefined) {
      width = font.glyphsForString(character).reduce((sum, glyph) => sum + glyph.advanceWidth, 0)
      widths.set(character, width)
    }
    units += width
  }
  return (units / font.unitsPerEm) * fontSize
}

/** The width of the widest of `texts`, in whole pixels (0 when there are none). */
export function widest(
  texts: readonly string[],
  fontSize: number,
  weight: FontWeight = 'normal',
): number {
  return Math.ceil(Math.max(0, ...texts.map((text) => textWidth(text, fontSize, weight))))
}

const graphemes = new Intl.Segmenter('en-GB', { granularity: 'grapheme' })

/** `text` as it fits in `maxWidth` pixels: whole, or shortened with an ellipsis. */
export function fitText(
  text: string,
  maxWidth: number,
  fontSize: number,
  weight: FontWeight = 'normal',
): string {
  if (textWidth(text, fontSize, weight) <= maxWidth) return text
  // Shortened a whole letter at a time (an accent stays with its letter).
  const letters = Array.from(graphemes.segment(text), (s) => s.segment)
  while (letters.length > 0) {
    letters.pop()
    const shortened = `${letters.join('').trimEnd()}…`
    if (textWidth(shortened, fontSize, weight) <= maxWidth) return shortened
  }
  return ''
}

/**
 * `text` broken into at most `maxLines` lines of at most `maxWidth` pixels, at spaces; what still
 * does not fit (a very long word, or more than the lines hold) is shortened with an ellipsis.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  maxLines = 2,
  weight: FontWeight = 'normal',
): string[] {
  if (maxLines <= 1) return [fitText(text.trim(), maxWidth, fontSize, weight)]
  const words = text.split(/\s+/).filter((word) => word !== '')
  const lines: string[] = []
  let line = ''
  for (const [i, word] of words.entries()) {
    const longer = line === '' ? word : `${line} ${word}`
    if (line === '' || textWidth(longer, fontSize, weight) <= maxWidth) {
      line = longer
      continue
    }
    lines.push(line)
    if (lines.length === maxLines - 1) {
      // The last line takes the rest, shortened below if it must be.
      line = words.slice(i).join(' ')
      break
    }
    line = word
  }
  if (line !== '') lines.push(line)
  return lines.map((l) => fitText(l, maxWidth, fontSize, weight))
}

/** A label's box along one axis, [from, to], for its anchor. */
export function span(
  x: number,
  width: number,
  anchor: 'start' | 'middle' | 'end',
): [number, number] {
  if (anchor === 'start') return [x, x + width]
  if (anchor === 'end') return [x - width, x]
  return [x - width / 2, x + width / 2]
}

/** Whether two boxes ({ x1, x2, y1, y2 }) share any area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2
}

export interface Box {
  readonly x1: number
  readonly x2: number
  readonly y1: number
  readonly y2: number
}
