import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aggregate, percentage, ratePer10000, valueFrom } from './rates.ts'

describe('per-10,000 rates', () => {
  it('computes rates from fixture populations, to one decimal place', () => {
    // 412 children in need among 23,870 children aged 0–17: 172.6 per 10,000.
    expect(ratePer10000(412, 23870)).toBe(172.6)
    expect(ratePer10000(0, 15000)).toBe(0)
    expect(ratePer10000(57, 18240)).toBe(31.3)
  })

  it('has no rate without a population', () => {
    expect(ratePer10000(5, 0)).toBeNull()
    expect(valueFrom('rate_per_10000', 5, null)).toBeNull()
  })
})

describe('aggregation across areas', () => {
  const areas = [
    // A small district with a high percentage and a large one with a low percentage.
    { numerator: 9, denominator: 10, value: 90 },
    { numerator: 100, denominator: 1000, value: 10 },
  ]

  it('computes percentages from summed numerators and denominators, not by averaging', () => {
    const whole = aggregate('percentage', areas)
    expect(whole?.numerator).toBe(109)
    expect(whole?.denominator).toBe(1010)
    expect(whole?.value).toBeCloseTo(10.79, 2)
    expect(whole?.value).not.toBeCloseTo(50, 0)
  })

  it('computes rates from summed counts over the summed population', () => {
    const whole = aggregate('rate_per_10000', [
      { numerator: 412, denominator: 23870, value: 172.6 },
      { numerator: 57, denominator: 18240, value: 31.3 },
    ])
    expect(whole).toEqual({ numerator: 469, denominator: 42110, value: 111.4 })
  })

  it('adds counts', () => {
    expect(
      aggregate('count', [
        { numerator: 4, denominator: null, value: 4 },
        { numerator: 6, denominator: null, value: 6 },
      ])?.value,
    ).toBe(10)
  })

  it('refuses to combine areas whose numerator or denominator is unknown', () => {
    expect(
      aggregate('percentage', [...areas, { numerator: null, denominator: null, value: 50 }]),
    ).toBeNull()
    expect(aggregate('days', [])).toBeNull()
  })

  it('always lies between the smallest and largest area percentage, weighted by denominators', () => {
    const part = fc
      .tuple(fc.integer({ min: 1, max: 100000 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([den, share]) => {
        const numerator = Math.floor(den * share)
        return { numerator, denominator: den, value: percentage(numerator, den) }
      })
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 15 }), (parts) => {
        const whole = aggregate('percentage', parts)
        const values = parts.map((p) => p.value ?? 0)
        expect(whole?.value).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9)
        expect(whole?.value).toBeLessThanOrEqual(Math.max(...values) + 1e-9)
        const num = parts.reduce((s, p) => s + p.numerator, 0)
        const den = parts.reduce((s, p) => s + p.denominator, 0)
        expect(whole?.value).toBeCloseTo((num / den) * 100, 9)
      }),
    )
  })
})
