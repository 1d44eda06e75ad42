import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, londonDate, londonInstant, londonTime } from './london-time.ts'

describe('London time', () => {
  it('turns London wall-clock times into instants across both clock changes', () => {
    expect(londonInstant('2026-01-15', '10:00').toISOString()).toBe('2026-01-15T10:00:00.000Z')
    expect(londonInstant('2026-07-01', '10:00').toISOString()).toBe('2026-07-01T09:00:00.000Z')
    // The Sunday the clocks go forward (29 March 2026) and back (25 October 2026).
    expect(londonInstant('2026-03-29', '12:00').toISOString()).toBe('2026-03-29T11:00:00.000Z')
    expect(londonInstant('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T12:00:00.000Z')
  })

  it('gives the London date and time of an instant', () => {
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(londonTime(new Date('2026-06-30T23:30:00Z'))).toBe('00:30')
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31')
  })

  it('does date arithmetic on calendar dates', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2)
  })
})
