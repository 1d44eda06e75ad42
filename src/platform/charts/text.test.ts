// Label widths from the font file, and labels shortened to fit.
import { describe, expect, it } from 'vitest'
import { fitText, overlaps, span, textWidth, wrapText } from './text.ts'

describe('chart label widths', () => {
  it('measures text from the font: wider letters, bigger sizes and bold take more room', () => {
    expect(textWidth('', 12)).toBe(0)
    expect(textWidth('WWW', 12)).toBeGreaterThan(textWidth('iii', 12))
    expect(textWidth('Dunmere', 24)).toBeCloseTo(textWidth('Dunmere', 12) * 2, 6)
    expect(textWidth('Dunmere', 12, 'bold')).toBeGreaterThan(textWidth('Dunmere', 12))
    expect(textWidth('ab', 12)).toBeCloseTo(textWidth('a', 12) + textWidth('b', 12), 6)
    // DejaVu Sans digits are 0.636 em: 10 digits at 10 px are about 63.6 px.
    expect(textWidth('0123456789', 10)).toBeCloseTo(63.6, 0)
    // Letters outside ASCII are measured too.
    expect(textWidth('Łukasz Zoë', 12)).toBeGreaterThan(textWidth('Lukasz Zoe', 12) - 0.01)
  })

  it('shortens a label that does not fit, with an ellipsis, and leaves one that fits alone', () => {
    expect(fitText('Corrick', 200, 12)).toBe('Corrick')
    const long = 'Ashby-de-la-Zouch and Castle Donington North Ward'
    const fitted = fitText(long, 120, 12)
    expect(fitted.endsWith('…')).toBe(true)
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true)
    expect(textWidth(fitted, 12)).toBeLessThanOrEqual(120)
    expect(textWidth(fitText(long, 121 + textWidth('x', 12), 12), 12)).toBeGreaterThan(
      textWidth(fitted, 12) - 0.01,
    )
    expect(fitText(long, 1, 12)).toBe('')
  })

  it('breaks a long label into lines at spaces, shortening only what the lines cannot hold', () => {
    expect(wrapText('Neglect', 100, 16)).toEqual(['Neglect'])
    const lines = wrapText('Fathers and other significant adults in the household', 250, 16)
    expect(lines).toHaveLength(2)
    expect(lines.join(' ')).toBe('Fathers and other significant adults in the household')
    for (const line of lines) expect(textWidth(line, 16)).toBeLessThanOrEqual(250)
    const three = wrapText('one two three four five six seven eight nine ten', 60, 16, 3)
    expect(three).toHaveLength(3)
    expect(three[2]?.endsWith('…')).toBe(true)
    for (const line of three) expect(textWidth(line, 16)).toBeLessThanOrEqual(60)
    const oneLine = wrapText('Professional curiosity', 80, 16, 1)
    expect(oneLine).toHaveLength(1)
    expect(oneLine[0]?.endsWith('…')).toBe(true)
    expect(wrapText('  ', 80, 16)).toEqual([])
  })

  it('finds a label’s box from its anchor, and whether two boxes overlap', () => {
    expect(span(100, 40, 'start')).toEqual([100, 140])
    expect(span(100, 40, 'middle')).toEqual([80, 120])
    expect(span(100, 40, 'end')).toEqual([60, 100])
    const a = { x1: 0, x2: 10, y1: 0, y2: 10 }
    expect(overlaps(a, { x1: 5, x2: 15, y1: 5, y2: 15 })).toBe(true)
    expect(overlaps(a, { x1: 10, x2: 20, y1: 0, y2: 10 })).toBe(false)
    expect(overlaps(a, { x1: 0, x2: 10, y1: 11, y2: 20 })).toBe(false)
  })
})
