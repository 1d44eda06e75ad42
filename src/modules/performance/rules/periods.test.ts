import { describe, expect, it } from 'vitest'
import {
  dueDate,
  latestPeriodEndedBy,
  parsePeriodCode,
  periodCode,
  periodContaining,
  periodEnd,
  periodLabel,
  periodsBetween,
  previousPeriod,
} from './periods.ts'

describe('reporting periods', () => {
  it('uses financial quarters and years', () => {
    expect(periodContaining('quarterly', '2026-02-14')).toBe('2026-01-01')
    expect(periodContaining('quarterly', '2026-04-30')).toBe('2026-04-01')
    expect(periodContaining('yearly', '2026-03-31')).toBe('2025-04-01')
    expect(periodCode('quarterly', '2026-01-01')).toBe('2025-26 Q4')
    expect(periodCode('quarterly', '2025-04-01')).toBe('2025-26 Q1')
    expect(periodCode('yearly', '2025-04-01')).toBe('2025-26')
    expect(periodLabel('quarterly', '2026-01-01')).toBe('2025-26 Q4 (Jan to Mar 2026)')
    expect(periodLabel('monthly', '2026-03-01')).toBe('March 2026')
  })

  it('reads back every code it writes, and rejects codes of another frequency', () => {
    for (const start of periodsBetween('monthly', '2019-01-01', '2027-12-01')) {
      expect(parsePeriodCode('monthly', periodCode('monthly', start))).toBe(start)
      const q = periodContaining('quarterly', start)
      expect(parsePeriodCode('quarterly', periodCode('quarterly', q))).toBe(q)
    }
    expect(parsePeriodCode('monthly', '2026-13')).toBeNull()
    expect(parsePeriodCode('quarterly', '2026-03')).toBeNull()
    expect(parsePeriodCode('yearly', '2025-27')).toBeNull()
    expect(parsePeriodCode('monthly', 'March')).toBeNull()
  })

  it('steps back and finds ends and due dates', () => {
    expect(previousPeriod('monthly', '2026-01-01')).toBe('2025-12-01')
    expect(previousPeriod('quarterly', '2026-01-01')).toBe('2025-10-01')
    expect(periodEnd('monthly', '2024-02-01')).toBe('2024-02-29')
    expect(periodEnd('quarterly', '2026-01-01')).toBe('2026-03-31')
    expect(dueDate('monthly', '2026-02-01', 15)).toBe('2026-03-15')
  })

  it('finds the latest period that has ended by a chosen month', () => {
    expect(latestPeriodEndedBy('monthly', '2026-03-01')).toBe('2026-03-01')
    expect(latestPeriodEndedBy('quarterly', '2026-03-01')).toBe('2026-01-01')
    expect(latestPeriodEndedBy('quarterly', '2026-02-01')).toBe('2025-10-01')
    expect(latestPeriodEndedBy('yearly', '2026-02-01')).toBe('2024-04-01')
  })
})
