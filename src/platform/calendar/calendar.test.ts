// Working days against the England and Wales bank holidays published on gov.uk/bank-holidays.
import { describe, expect, it } from 'vitest'
import { bankHolidays, easterSunday, regularBankHolidays } from './bank-holidays.ts'
import { WorkingDayCalendar, englandAndWales } from './working-days.ts'

// https://www.gov.uk/bank-holidays (england-and-wales), 2019–2027.
const published: Record<number, string[]> = {
  2019: [
    '2019-01-01',
    '2019-04-19',
    '2019-04-22',
    '2019-05-06',
    '2019-05-27',
    '2019-08-26',
    '2019-12-25',
    '2019-12-26',
  ],
  2020: [
    '2020-01-01',
    '2020-04-10',
    '2020-04-13',
    '2020-05-08',
    '2020-05-25',
    '2020-08-31',
    '2020-12-25',
    '2020-12-28',
  ],
  2021: [
    '2021-01-01',
    '2021-04-02',
    '2021-04-05',
    '2021-05-03',
    '2021-05-31',
    '2021-08-30',
    '2021-12-27',
    '2021-12-28',
  ],
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: [
    '2023-01-02',
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08',
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
}

describe('England and Wales bank holidays', () => {
  for (const [year, dates] of Object.entries(published)) {
    it(`match gov.uk for ${year}`, () => {
      expect(bankHolidays(Number(year)).map((h) => h.date)).toEqual(dates)
    })
  }

  it('computes Easter Sunday, including the earliest and latest possible dates', () => {
    expect(easterSunday(2019)).toBe('2019-04-21')
    expect(easterSunday(2024)).toBe('2024-03-31')
    expect(easterSunday(2038)).toBe('2038-04-25') // latest possible
    expect(easterSunday(2285)).toBe('2285-03-22') // earliest possible
    expect(easterSunday(2000)).toBe('2000-04-23')
  })

  it('gives Christmas on a Saturday two substitute days, and names them as gov.uk does', () => {
    expect(regularBankHolidays(2021).slice(-2)).toEqual([
      { date: '2021-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2021-12-28', name: 'Boxing Day (substitute day)' },
    ])
  })

  it('keeps Boxing Day on Monday and moves Christmas to Tuesday when Christmas is a Sunday', () => {
    expect(regularBankHolidays(2022).slice(-2)).toEqual([
      { date: '2022-12-26', name: 'Boxing Day' },
      { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
    ])
  })

  it('moves New Year’s Day off a weekend', () => {
    expect(regularBankHolidays(2022)[0]).toEqual({
      date: '2022-01-03',
      name: 'New Year’s Day (substitute day)',
    })
    expect(regularBankHolidays(2028)[0]?.date).toBe('2028-01-03') // a Saturday
  })

  it('applies one-off moves and extra days only to their own year', () => {
    expect(bankHolidays(2022).map((h) => h.date)).not.toContain('2022-05-30')
    expect(bankHolidays(2021).map((h) => h.date)).not.toContain('2021-06-03')
  })
})

describe('working days', () => {
  it('skips weekends', () => {
    // Friday + 1 working day = Monday.
    expect(englandAndWales.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23')
    expect(englandAndWales.addWorkingDays('2026-11-20', 5)).toBe('2026-11-27')
    expect(englandAndWales.workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5)
  })

  it('skips Easter (Good Friday and Easter Monday)', () => {
    // Thursday before Easter 2026 + 1 working day = the Tuesday after Easter Monday.
    expect(englandAndWales.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07')
    expect(englandAndWales.workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1)
  })

  it('skips Christmas on a weekend and its substitute days', () => {
    // Christmas 2021 was a Saturday: Friday 24th + 1 working day = Wednesday 29th.
    expect(englandAndWales.addWorkingDays('2021-12-24', 1)).toBe('2021-12-29')
    // Christmas 2022 was a Sunday: Friday 23rd + 1 = Wednesday 28th.
    expect(englandAndWales.addWorkingDays('2022-12-23', 1)).toBe('2022-12-28')
    // Across the new year 2022/23 (2 January the New Year substitute).
    expect(englandAndWales.addWorkingDays('2022-12-30', 1)).toBe('2023-01-03')
  })

  it('counts the 15-working-day rapid review over Christmas 2026', () => {
    // Aware on Thursday 17 December 2026: 25th, 28th (Boxing Day substitute) and 1 January are out.
    expect(englandAndWales.addWorkingDays('2026-12-17', 15)).toBe('2027-01-12')
  })

  it('treats a weekend start as day 0', () => {
    expect(englandAndWales.addWorkingDays('2026-11-21', 1)).toBe('2026-11-23')
  })

  it('goes backwards and counts backwards', () => {
    expect(englandAndWales.addWorkingDays('2026-04-07', -1)).toBe('2026-04-02')
    expect(englandAndWales.workingDaysBetween('2026-11-27', '2026-11-20')).toBe(-5)
    expect(englandAndWales.workingDaysBetween('2026-11-20', '2026-11-20')).toBe(0)
  })

  it('is the inverse of addWorkingDays for every start day over several years', () => {
    for (
      let start = '2019-01-01';
      start < '2028-01-01';
      start = englandAndWales.addWorkingDays(start, 7)
    )
      for (const n of [1, 5, 15, 20])
        expect(
          englandAndWales.workingDaysBetween(start, englandAndWales.addWorkingDays(start, n)),
        ).toBe(n)
  })

  it('takes a partnership’s own extra holiday into account', () => {
    const calendar = new WorkingDayCalendar({
      extraHolidays: [{ date: '2026-11-23', name: 'Fictional proclamation day' }],
    })
    expect(calendar.isWorkingDay('2026-11-23')).toBe(false)
    expect(calendar.addWorkingDays('2026-11-20', 1)).toBe('2026-11-24')
    expect(englandAndWales.isWorkingDay('2026-11-23')).toBe(true)
  })

  it('refuses what is not a date', () => {
    expect(() => englandAndWales.addWorkingDays('22/11/2026', 1)).toThrow()
  })
})
