import { describe, expect, it } from 'vitest'
import { barChart, describeSeries, lineChart, sparkline } from './svg.ts'
import { labelBoxes } from '../../../test/support/chart-labels.ts'

const points = [
  { label: 'Jan 26', value: 20 },
  { label: 'Feb 26', value: null },
  { label: 'Mar 26', value: 25.25 },
  { label: 'Apr 26', value: 18 },
]

describe('SVG charts', () => {
  it('describes a series in words for its text alternative', () => {
    expect(describeSeries('Re-referrals', points, '%')).toBe(
      'Re-referrals: from 20% in Jan 26 to 18% in Apr 26; highest 25.3% (Mar 26), lowest 18% (Apr 26).',
    )
    expect(describeSeries('Re-referrals', [{ label: 'Jan 26', value: null }])).toBe(
      'Re-referrals: no values yet.',
    )
  })

  it('draws an image with its description, and leaves gaps where values are missing', () => {
    const chart = sparkline(points, { title: 'Re-referrals' })
    expect(chart.svg).toMatch(/^<svg [^>]*role="img"/)
    expect(chart.svg).toContain(`aria-label="${chart.description}"`)
    // Two path segments: before and after the missing month.
    const path = /<path d="([^"]*)"/.exec(chart.svg)?.[1] ?? ''
    expect(path.match(/M/g)?.length).toBe(2)
  })

  it('escapes text and marks the target and any break in the series', () => {
    const chart = lineChart([{ label: '<Q1>', value: 1 }, ...points], {
      title: 'Children "looked after"',
      target: 22,
      breaks: ['Mar 26'],
    })
    expect(chart.svg).not.toContain('<Q1>')
    expect(chart.svg).toContain('&lt;Q1&gt;')
    expect(chart.svg).toContain('Target')
    expect(chart.svg).toContain('New definition')
    expect(chart.description).toContain('Target 22.')
    expect(chart.description).toContain('Break in the series (new definition) from Mar 26.')
  })

  it('draws one bar per area and names the highest and lowest', () => {
    const chart = barChart(
      [
        { label: 'Corrick', value: 12 },
        { label: 'Dunmere', value: 40 },
        { label: 'Elmstead', value: null },
      ],
      { title: 'Rate by district' },
    )
    expect(chart.svg.match(/<rect /g)?.length).toBe(2)
    expect(chart.description).toBe('Rate by district: highest Dunmere 40, lowest Corrick 12.')
  })

  describe('labels are never cut off or over each other', () => {
    const months = Array.from({ length: 120 }, (_, i) => ({
      label: `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][i % 12] ?? ''} ${String(16 + Math.floor(i / 12))}`,
      value: 1000 + ((i * 37) % 90) * 1234.5,
    }))

    it.each([
      ['ten years of months with big numbers', months, {}],
      ['two points', months.slice(0, 2), {}],
      ['one point', months.slice(0, 1), {}],
      [
        'long period labels',
        months.slice(0, 12).map((p) => ({ ...p, label: `Quarter ending ${p.label}` })),
        {},
      ],
      [
        'breaks side by side, at the edges, and a target at the top',
        months.slice(0, 24),
        { breaks: ['Jan 16', 'Feb 16', 'Mar 16', 'Nov 17', 'Dec 17'], target: 111_000 },
      ],
      ['a target at the bottom', months.slice(0, 24), { target: 0 }],
    ])('a line chart with %s', (_, points, extra) => {
      const chart = lineChart(points, { title: 'Contacts', width: 600, height: 220, ...extra })
      const { boxes, viewBox } = labelBoxes(chart.svg)
      for (const box of boxes) {
        expect(box.x1, box.text).toBeGreaterThanOrEqual(0)
        expect(box.x2, box.text).toBeLessThanOrEqual(viewBox.width)
      }
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1))
          expect(overlap(a, b), `"${a.text}" and "${b.text}"`).toBe(false)
      // The first and last periods are always labelled.
      const texts = boxes.map((b) => b.text)
      expect(texts).toContain(points[0]?.label)
      expect(texts).toContain(points[points.length - 1]?.label)
      if ('target' in extra) expect(texts).toContain('Target')
      if ('breaks' in extra) expect(texts).toContain('New definition')
    })

    it('a bar chart with long area names and large values', () => {
      const chart = barChart(
        [
          { label: 'Ashby-de-la-Zouch and Castle Donington North Ward', value: 123456.7 },
          { label: 'Corrick', value: 12 },
          { label: "St John's & Łukasz's Ward", value: null },
          { label: 'Pneumonoultramicroscopicsilicovolcanoconiosis-upon-Tyne-and-Wear', value: 3 },
        ],
        { title: 'Rate by district', target: 150000 },
      )
      const { boxes, viewBox } = labelBoxes(chart.svg)
      for (const box of boxes) {
        expect(box.x1, box.text).toBeGreaterThanOrEqual(0)
        expect(box.x2, box.text).toBeLessThanOrEqual(viewBox.width)
      }
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1))
          expect(overlap(a, b), `"${a.text}" and "${b.text}"`).toBe(false)
      const labels = boxes.map((b) => b.label)
      expect(labels).toContain('Corrick')
      // The long name takes two lines, whole.
      expect(labels).toContain('Ashby-de-la-Zouch and Castle Donington North Ward')
      // A name two lines cannot hold is shortened; the table beside the chart has it in full.
      expect(labels.some((l) => l.startsWith('Pneumono') && l.endsWith('…'))).toBe(true)
    })
  })
})

function overlap(
  a: { x1: number; x2: number; y1: number; y2: number },
  b: { x1: number; x2: number; y1: number; y2: number },
): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2
}
