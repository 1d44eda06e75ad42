// The score bands and the heat map: every score a 5 x 5 matrix can give lands in the right band.
import { describe, expect, it } from 'vitest'
import {
  formatRiskReference,
  heatMap,
  riskBand,
  riskScore,
  scoreTag,
  statusTag,
} from './presenter.ts'

describe('risk score bands', () => {
  it('puts 1–6 in low, 8–12 in medium and 15–25 in high', () => {
    const bands = new Map<number, string>()
    for (let l = 1; l <= 5; l++)
      for (let i = 1; i <= 5; i++) bands.set(riskScore(l, i), riskBand(riskScore(l, i)))
    expect([...bands.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 'low'],
      [2, 'low'],
      [3, 'low'],
      [4, 'low'],
      [5, 'low'],
      [6, 'low'],
      [8, 'medium'],
      [9, 'medium'],
      [10, 'medium'],
      [12, 'medium'],
      [15, 'high'],
      [16, 'high'],
      [20, 'high'],
      [25, 'high'],
    ])
  })

  it('refuses a score a 5 x 5 matrix cannot give', () => {
    expect(() => riskBand(0)).toThrow(RangeError)
    expect(() => riskBand(26)).toThrow(RangeError)
    expect(() => riskBand(2.5)).toThrow(RangeError)
  })

  it('shows the score with its band colour', () => {
    expect(scoreTag(2, 3)).toMatchObject({ text: '6 Low', classes: 'govuk-tag--green' })
    expect(scoreTag(2, 4)).toMatchObject({ text: '8 Medium', classes: 'govuk-tag--yellow' })
    expect(scoreTag(3, 5)).toMatchObject({ text: '15 High', classes: 'govuk-tag--red' })
  })

  it('formats references and flags overdue reviews on open risks only', () => {
    expect(formatRiskReference(7)).toBe('R-007')
    expect(formatRiskReference(1234)).toBe('R-1234')
    expect(statusTag('open', '2026-03-01', '2026-03-02').text).toBe('Review overdue')
    expect(statusTag('open', '2026-03-02', '2026-03-02').text).toBe('Open')
    expect(statusTag('closed', '2026-03-01', '2026-03-02').text).toBe('Closed')
  })
})

describe('heat map', () => {
  it('counts risks per likelihood and impact, impact 5 at the top', () => {
    const rows = heatMap([
      { likelihood: 4, impact: 5 },
      { likelihood: 4, impact: 5 },
      { likelihood: 1, impact: 1 },
    ])
    expect(rows.map((r) => r.impact)).toEqual([5, 4, 3, 2, 1])
    expect(rows[0]?.cells[3]).toMatchObject({ likelihood: 4, count: 2, band: 'high' })
    expect(rows[4]?.cells[0]).toMatchObject({ likelihood: 1, count: 1, band: 'low' })
    expect(rows.flatMap((r) => r.cells).reduce((n, c) => n + c.count, 0)).toBe(3)
  })
})
