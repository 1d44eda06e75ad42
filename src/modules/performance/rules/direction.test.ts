import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { directionOfTravel } from './direction.ts'
import { concernFrom } from './escalation.ts'

describe('direction of travel', () => {
  it('judges a rise as improving when higher is better and worsening when lower is better', () => {
    expect(directionOfTravel(82, 78, 'higher_is_better')).toEqual({
      movement: 'up',
      judgement: 'improving',
    })
    expect(directionOfTravel(82, 78, 'lower_is_better')).toEqual({
      movement: 'up',
      judgement: 'worsening',
    })
    expect(directionOfTravel(82, 78, 'none')).toEqual({ movement: 'up', judgement: 'not_judged' })
  })

  it('judges a fall the other way round', () => {
    expect(directionOfTravel(12, 19, 'higher_is_better').judgement).toBe('worsening')
    expect(directionOfTravel(12, 19, 'lower_is_better').judgement).toBe('improving')
    expect(directionOfTravel(12, 19, 'none')).toEqual({ movement: 'down', judgement: 'not_judged' })
  })

  it('treats changes too small to publish (under 0.05) as no change', () => {
    expect(directionOfTravel(21.04, 21.0, 'higher_is_better').judgement).toBe('no_change')
    expect(directionOfTravel(21.06, 21.0, 'higher_is_better').judgement).toBe('improving')
    expect(directionOfTravel(40, 40, 'lower_is_better')).toEqual({
      movement: 'same',
      judgement: 'no_change',
    })
  })

  it('cannot judge without both values', () => {
    expect(directionOfTravel(null, 3, 'higher_is_better').judgement).toBe('not_judged')
    expect(directionOfTravel(3, null, 'lower_is_better').movement).toBe('unknown')
  })

  it('gives opposite judgements for the two polarities, and swaps when the values swap', () => {
    const value = fc.integer({ min: -100000, max: 100000 }).map((n) => n / 10)
    fc.assert(
      fc.property(value, value, (a, b) => {
        fc.pre(a !== b)
        const h = directionOfTravel(a, b, 'higher_is_better').judgement
        const l = directionOfTravel(a, b, 'lower_is_better').judgement
        expect(new Set([h, l])).toEqual(new Set(['improving', 'worsening']))
        expect(directionOfTravel(b, a, 'higher_is_better').judgement).toBe(l)
      }),
    )
  })
})

describe('when to raise a concern', () => {
  const rule = { target: 85, tolerance: 5, polarity: 'higher_is_better' as const }
  const series = (...values: (number | null)[]) => values.map((value) => ({ value }))

  it('flags an indicator red for the last two periods', () => {
    expect(concernFrom(series(90, 70, 72), rule)).toBe('red_two_periods')
    expect(concernFrom(series(70, 72), rule)).toBe('red_two_periods')
  })

  it('flags one worsening for two periods running, even while green', () => {
    expect(concernFrom(series(99, 95, 91), rule)).toBe('worsening_two_periods')
    expect(concernFrom(series(99, 95, 96), rule)).toBeNull()
  })

  it('does not flag one bad period, or a gap', () => {
    expect(concernFrom(series(90, 91, 70), rule)).toBeNull()
    expect(concernFrom(series(70, null, 70), rule)).toBeNull()
    expect(concernFrom(series(70), rule)).toBeNull()
  })

  it('uses polarity: falling figures are improving when lower is better', () => {
    const lower = { target: 15, tolerance: 3, polarity: 'lower_is_better' as const }
    expect(concernFrom(series(30, 25, 20), lower)).toBe('red_two_periods')
    expect(concernFrom(series(10, 12, 14), lower)).toBe('worsening_two_periods')
    expect(concernFrom(series(14, 12, 10), lower)).toBeNull()
  })
})
