// The heat map: shading, and an SVG that carries its own text alternative and escapes labels.
import { describe, expect, it } from 'vitest'
import { renderHeatMap, shadeOf } from './heat-map.ts'
import { escapeXml } from './svg.ts'
import { labelBoxes } from '../../../test/support/chart-labels.ts'

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

  it('makes room for long theme names and wide column headings, and shortens what cannot fit', () => {
    const svg = renderHeatMap({
      id: 'hm',
      title: 'Findings by theme and year',
      description: 'Darker means more',
      columns: ['2023', '2024 to 2025 (provisional)', '2026'],
      rows: [
        { label: 'Fathers and other significant adults in the household', values: [2, 0, 1] },
        {
          label: 'Wellbeing of Łukasz’s WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW',
          values: [0, 1, 0],
        },
        { label: 'Neglect', values: [7, 3, 12] },
      ],
    })
    const { boxes, viewBox } = labelBoxes(svg)
    for (const box of boxes) {
      expect(box.x1, box.text).toBeGreaterThanOrEqual(0)
      expect(box.x2, box.text).toBeLessThanOrEqual(viewBox.width)
    }
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(
          a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2,
          `"${a.text}" and "${b.text}"`,
        ).toBe(false)
    const labels = boxes.map((b) => b.label)
    expect(labels).toContain('Neglect')
    expect(labels).toContain('2024 to 2025 (provisional)')
    // A long name takes two lines, whole; one that two lines cannot hold is shortened.
    expect(labels).toContain('Fathers and other significant adults in the household')
    expect(
      boxes.filter((b) => b.label === 'Fathers and other significant adults in the household'),
    ).toHaveLength(2)
    expect(labels.some((l) => l.startsWith('Wellbeing of Łukasz’s') && l.endsWith('…'))).toBe(true)
  })
})
