// England and Wales bank holidays, computed from the rules in the Banking and Financial Dealings
// Act 1971 and the royal proclamations that fix the regular ones, plus the one-off changes made by
// proclamation (a holiday moved, or an extra day). Statutory clocks count working days with these
// (see /work/shared/domain/statutory-rules.md §10 and DESIGN.md "Dates"). Dates are 'YYYY-MM-DD'.

export interface BankHoliday {
  readonly date: string
  readonly name: string
}

/** A one-off change made by proclamation: an extra holiday, or a regular one moved to another day. */
export type OneOffHoliday =
  | { readonly kind: 'extra'; readonly date: string; readonly name: string }
  | { readonly kind: 'moved'; readonly from: string; readonly to: string; readonly name: string }

/**
 * The one-off changes since the current regular pattern began (1978). A partnership adds future
 * ones (a new proclamation) as extra holidays of its own; see WorkingDayCalendar.
 */
export const knownOneOffs: readonly OneOffHoliday[] = [
  { kind: 'extra', date: '1981-07-29', name: 'Royal wedding' },
  { kind: 'moved', from: '1995-05-01', to: '1995-05-08', name: 'Early May bank holiday (VE Day)' },
  { kind: 'extra', date: '1999-12-31', name: 'Millennium celebrations' },
  { kind: 'moved', from: '2002-05-27', to: '2002-06-04', name: 'Spring bank holiday' },
  { kind: 'extra', date: '2002-06-03', name: 'Golden Jubilee bank holiday' },
  { kind: 'extra', date: '2011-04-29', name: 'Royal wedding' },
  { kind: 'moved', from: '2012-05-28', to: '2012-06-04', name: 'Spring bank holiday' },
  { kind: 'extra', date: '2012-06-05', name: 'Queen’s Diamond Jubilee' },
  { kind: 'moved', from: '2020-05-04', to: '2020-05-08', name: 'Early May bank holiday (VE day)' },
  { kind: 'moved', from: '2022-05-30', to: '2022-06-02', name: 'Spring bank holiday' },
  { kind: 'extra', date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  {
    kind: 'extra',
    date: '2022-09-19',
    name: 'Bank Holiday for the State Funeral of Queen Elizabeth II',
  },
  {
    kind: 'extra',
    date: '2023-05-08',
    name: 'Bank holiday for the coronation of King Charles III',
  },
]

/** Easter Sunday (Gregorian), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return isoOf(year, month, day)
}

/** The regular holidays of a year, before one-off changes. */
export function regularBankHolidays(year: number): BankHoliday[] {
  const easter = easterSunday(year)
  const holidays: BankHoliday[] = [
    { date: substituteForWeekend(isoOf(year, 1, 1)), name: 'New Year’s Day' },
    { date: shift(easter, -2), name: 'Good Friday' },
    { date: shift(easter, 1), name: 'Easter Monday' },
    { date: firstMonday(year, 5), name: 'Early May bank holiday' },
    { date: lastMonday(year, 5), name: 'Spring bank holiday' },
    { date: lastMonday(year, 8), name: 'Summer bank holiday' },
  ]
  holidays.push(...christmasHolidays(year))
  const newYear = holidays[0]
  if (newYear !== undefined && newYear.date !== isoOf(year, 1, 1))
    holidays[0] = { ...newYear, name: 'New Year’s Day (substitute day)' }
  return holidays
}

/** The bank holidays of a year with one-off changes applied, in date order. */
export function bankHolidays(
  year: number,
  oneOffs: readonly OneOffHoliday[] = knownOneOffs,
): BankHoliday[] {
  let holidays = regularBankHolidays(year)
  for (const change of oneOffs) {
    if (change.kind === 'moved') {
      if (yearOf(change.from) !== year && yearOf(change.to) !== year) continue
      holidays = holidays.filter((h) => h.date !== change.from)
      if (yearOf(change.to) === year) holidays.push({ date: change.to, name: change.name })
    } else if (yearOf(change.date) === year && !holidays.some((h) => h.date === change.date)) {
      holidays.push({ date: change.date, name: change.name })
    }
  }
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

// Date helpers on 'YYYY-MM-DD' strings, in UTC arithmetic (no time zones involved).

export function isoOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10)
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4))
}

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`)
}

export function shift(date: string, days: number): string {
  const d = toUtc(date)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return toUtc(date).getUTCDay()
}

export function isWeekend(date: string): boolean {
  const day = dayOfWeek(date)
  return day === 0 || day === 6
}

function substituteForWeekend(date: string): string {
  const day = dayOfWeek(date)
  if (day === 6) return shift(date, 2)
  if (day === 0) return shift(date, 1)
  return date
}

// Christmas Day and Boxing Day on a weekend get substitute days on the following weekdays; when
// Christmas is a Sunday, Boxing Day keeps Monday and Christmas moves to Tuesday (as gov.uk lists).
function christmasHolidays(year: number): BankHoliday[] {
  const christmas = isoOf(year, 12, 25)
  const boxing = isoOf(year, 12, 26)
  const christmasSub = 'Christmas Day (substitute day)'
  const boxingSub = 'Boxing Day (substitute day)'
  switch (dayOfWeek(christmas)) {
    case 5: // Friday: Boxing Day is Saturday
      return [
        { date: christmas, name: 'Christmas Day' },
        { date: shift(christmas, 3), name: boxingSub },
      ]
    case 6: // Saturday
      return [
        { date: shift(christmas, 2), name: christmasSub },
        { date: shift(christmas, 3), name: boxingSub },
      ]
    case 0: // Sunday
      return [
        { date: boxing, name: 'Boxing Day' },
        { date: shift(christmas, 2), name: christmasSub },
      ]
    default:
      return [
        { date: christmas, name: 'Christmas Day' },
        { date: boxing, name: 'Boxing Day' },
      ]
  }
}

function firstMonday(year: number, month: number): string {
  const first = isoOf(year, month, 1)
  return shift(first, (8 - dayOfWeek(first)) % 7)
}

function lastMonday(year: number, month: number): string {
  const last = isoOf(year, month + 1, 0)
  return shift(last, -((dayOfWeek(last) + 6) % 7))
}
