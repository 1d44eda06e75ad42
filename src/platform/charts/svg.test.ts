import { describe, expect, it } from 'vitest'
import { barChart, describeSeries, lineChart, sparkline } from './svg.ts'
import * as fixtures from '../../../test/support/chart-labels.ts'

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
    it.each(Object.entries(fixtures.awkwardCharts()))('in %s', (_, svg) => {
      expect(fixtures.labelProblems(svg)).toEqual([])
    })

    it('labels the first and last periods, breaks and the target', () => {
      const points = fixtures.months.slice(0, 24)
      const chart = lineChart(points, {
        title: 'Contacts',
        breaks: ['Jan 16', 'Feb 16', 'Mar 16', 'Nov 17', 'Dec 17'],
        target: 111_000,
      })
      const texts = fixtures.labelBoxes(chart.svg).boxes.map((b) => b.text)
      expect(texts).toContain('Jan 16')
      expect(texts).toContain('Dec 17')
      expect(texts).toContain('Target')
      expect(texts).toContain('New definition')
      // Always the first and the last period, however many there are.
      const all = fixtures
        .labelBoxes(lineChart(fixtures.months, { title: 'Contacts' }).svg)
        .boxes.map((b) => b.text)
      expect(all).toContain(fixtures.months[0]?.label)
      expect(all).toContain(fixtures.months[fixtures.months.length - 1]?.label)
    })

    it('gives a long area name two lines, and shortens one two lines cannot hold', () => {
      const chart = barChart(
        [
          { label: fixtures.longAreaName, value: 1 },
          { label: 'Corrick', value: 12 },
          { label: fixtures.overlongAreaName, value: 3 },
        ],
        { title: 'Rate by district' },
      )
      const boxes = fixtures.labelBoxes(chart.svg).boxes
      expect(boxes.filter((b) => b.label === fixtures.longAreaName)).toHaveLength(2)
      expect(boxes.map((b) => b.label)).toContain('Corrick')
      const shortened = boxes.find((b) => b.label.startsWith('Pneumono'))?.label ?? ''
      expect(shortened.endsWith('…')).toBe(true)
      // The description (and the table beside the chart) give every name in full.
      expect(chart.description).toContain('Corrick')
    })
  })
})
