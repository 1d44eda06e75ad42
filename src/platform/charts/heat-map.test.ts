// The heat map: shading, and an SVG that carries its own text alternative and escapes labels.
import { describe, expect, it } from 'vitest'
import { renderHeatMap, shadeOf } from './heat-map.ts'
import { escapeXml } from './svg.ts'
import * as fixtures from '../../../test/support/chart-labels.ts'

describe('the heat map', () => {
  it('shades by share of the largest count, leaving zero unshaded', () => {
    expect(shadeOf(0, 10)).toBe(-1)
    expect(shadeOf(1, 10)).toBe(0)
    expect(shadeOf(10, 10)).toBe(4)
    expect(shadeOf(5, 10)).toBe(2)
  })

  it('renders an SVG with a title, a description and every count, escaping labels', () => {
    const svg = renderHeatMap({
      id: 'hm',
      title: 'Findings <by> theme',
      description: 'Darker means more',
      columns: ['2024', '2025'],
      rows: [
        { label: "Fathers & other adults' voices", values: [2, 0] },
        { label: 'Neglect', values: [7, 3] },
      ],
    })
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="hm-title hm-desc"/)
    expect(svg).toContain('<title id="hm-title">Findings &lt;by&gt; theme</title>')
    expect(svg).toContain('<desc id="hm-desc">Darker means more</desc>')
    expect(svg).toContain('Fathers &amp; other adults&#39; voices')
    expect(svg.match(/<rect /g)).toHaveLength(4)
    for (const n of ['>2<', '>0<', '>7<', '>3<']) expect(svg).toContain(n)
    expect(escapeXml('"x"')).toBe('&quot;x&quot;')
  })

  it('gives a long theme name two lines, shortens one two lines cannot hold, widens cells for headings', () => {
    const svg = fixtures.awkwardCharts()['a heat map with long theme names and wide headings'] ?? ''
    expect(fixtures.labelProblems(svg)).toEqual([])
    const boxes = fixtures.labelBoxes(svg).boxes
    const labels = boxes.map((b) => b.label)
    expect(labels).toContain('Neglect')
    expect(labels).toContain('2024 to 2025 (provisional)')
    expect(boxes.filter((b) => b.label === fixtures.longThemeName)).toHaveLength(2)
    const shortened = labels.find((l) => l.startsWith('Wellbeing of Łukasz’s')) ?? ''
    expect(shortened.endsWith('…')).toBe(true)
  })
})
