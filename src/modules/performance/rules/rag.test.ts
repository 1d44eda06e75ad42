import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ragRating, type RagRule } from './rag.ts'

describe('RAG rating', () => {
  const higher: RagRule = { target: 85, tolerance: 5, polarity: 'higher_is_better' }
  const lower: RagRule = { target: 15, tolerance: 3, polarity: 'lower_is_better' }

  it.each([
    [90, 'green'],
    [85, 'green'],
    [84.9, 'amber'],
    [80.1, 'amber'],
    [80, 'amber'],
    [79.9, 'red'],
    [0, 'red'],
  ] as const)('higher is better (target 85, tolerance 5): %s is %s', (value, rag) => {
    expect(ragRating(value, higher)).toBe(rag)
  })

  it.each([
    [10, 'green'],
    [15, 'green'],
    [15.1, 'amber'],
    [18, 'amber'],
    [18.1, 'red'],
    [40, 'red'],
  ] as const)('lower is better (target 15, tolerance 3): %s is %s', (value, rag) => {
    expect(ragRating(value, lower)).toBe(rag)
  })

  it('treats a value computed by division as meeting a target it equals when rounded away', () => {
    // 17 of 20 is 85% but (17 / 20) * 100 is 85.00000000000001 in floating point.
    expect(ragRating((17 / 20) * 100, { ...lower, target: 85, tolerance: 0 })).toBe('green')
    expect(ragRating((17 / 20) * 100, { ...higher, tolerance: 0 })).toBe('green')
  })

  it('with no tolerance, anything short of the target is red', () => {
    expect(ragRating(84.9, { ...higher, tolerance: 0 })).toBe('red')
    expect(ragRating(84.9, { ...higher, tolerance: null })).toBe('red')
    expect(ragRating(15.1, { ...lower, tolerance: 0 })).toBe('red')
  })

  it('does not rate indicators without a polarity, a target or a value', () => {
    expect(ragRating(50, { target: 10, tolerance: 1, polarity: 'none' })).toBe('not_rated')
    expect(ragRating(50, { ...higher, target: null })).toBe('not_rated')
    expect(ragRating(null, higher)).toBe('not_rated')
    expect(ragRating(Number.NaN, higher)).toBe('not_rated')
  })

  const rule = fc.record({
    target: fc.double({ min: -1000, max: 1000, noNaN: true }),
    tolerance: fc.double({ min: 0, max: 100, noNaN: true }),
  })
  const offset = fc.double({ min: 1e-6, max: 1000, noNaN: true })

  it('is green at and beyond the target in the good direction, for either polarity', () => {
    fc.assert(
      fc.property(
        rule,
        fc.double({ min: 0, max: 1000, noNaN: true }),
        ({ target, tolerance }, d) => {
          expect(ragRating(target + d, { target, tolerance, polarity: 'higher_is_better' })).toBe(
            'green',
          )
          expect(ragRating(target - d, { target, tolerance, polarity: 'lower_is_better' })).toBe(
            'green',
          )
        },
      ),
    )
  })

  it('is amber within the tolerance and red beyond it, mirrored between polarities', () => {
    fc.assert(
      fc.property(rule, offset, ({ target, tolerance }, d) => {
        const expected = d <= tolerance ? 'amber' : 'red'
        // Allow for floating-point error only right at the boundary.
        fc.pre(Math.abs(d - tolerance) > 1e-6)
        expect(ragRating(target - d, { target, tolerance, polarity: 'higher_is_better' })).toBe(
          expected,
        )
        expect(ragRating(target + d, { target, tolerance, polarity: 'lower_is_better' })).toBe(
          expected,
        )
      }),
    )
  })

  it('never gets better as the value moves the wrong way', () => {
    const order = { green: 0, amber: 1, red: 2, not_rated: -1 } as const
    fc.assert(
      fc.property(
        rule,
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        offset,
        ({ target, tolerance }, v, d) => {
          const h = { target, tolerance, polarity: 'higher_is_better' as const }
          const l = { target, tolerance, polarity: 'lower_is_better' as const }
          expect(order[ragRating(v - d, h)]).toBeGreaterThanOrEqual(order[ragRating(v, h)])
          expect(order[ragRating(v + d, l)]).toBeGreaterThanOrEqual(order[ragRating(v, l)])
        },
      ),
    )
  })
})
