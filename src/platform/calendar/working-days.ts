// Working days for statutory clocks: every day except Saturdays, Sundays and England and Wales bank
// holidays (the Welsh private fostering regulations' definition; the English ones are taken to be
// the same — statutory-rules.md §10). A partnership may add one-off holidays of its own (a future
// proclamation) without a release: pass them as extraHolidays.
import {
  bankHolidays,
  isWeekend,
  knownOneOffs,
  shift,
  type OneOffHoliday,
} from './bank-holidays.ts'

const DATE = /^\d{4}-\d{2}-\d{2}$/

export class WorkingDayCalendar {
  readonly #oneOffs: readonly OneOffHoliday[]
  readonly #byYear = new Map<number, ReadonlySet<string>>()

  constructor(options: { extraHolidays?: readonly { date: string; name: string }[] } = {}) {
    this.#oneOffs = [
      ...knownOneOffs,
      ...(options.extraHolidays ?? []).map((h) => ({ kind: 'extra' as const, ...h })),
    ]
  }

  /** The holidays of a year, with their names (known one-offs and the partnership's own). */
  holidays(year: number): { date: string; name: string }[] {
    return bankHolidays(year, this.#oneOffs)
  }

  isBankHoliday(date: string): boolean {
    const year = Number(date.slice(0, 4))
    let set = this.#byYear.get(year)
    if (set === undefined) {
      set = new Set(this.holidays(year).map((h) => h.date))
      this.#byYear.set(year, set)
    }
    return set.has(date)
  }

  isWorkingDay(date: string): boolean {
    check(date)
    return !isWeekend(date) && !this.isBankHoliday(date)
  }

  /**
   * The date `days` working days after `date` (before it, when negative). The start date itself is
   * day 0 whether or not it is a working day: "within 5 working days of becoming aware" on a
   * Friday means by the following Friday.
   */
  addWorkingDays(date: string, days: number): string {
    check(date)
    if (!Number.isInteger(days)) throw new Error('Working days must be a whole number')
    const step = days < 0 ? -1 : 1
    let current = date
    let left = Math.abs(days)
    while (left > 0) {
      current = shift(current, step)
      if (this.isWorkingDay(current)) left -= 1
    }
    return current
  }

  /**
   * Working days from `from` to `to`: the working days after `from` up to and including `to`
   * (negative when `to` is earlier). The inverse of addWorkingDays for working-day results:
   * workingDaysBetween(d, addWorkingDays(d, n)) === n.
   */
  workingDaysBetween(from: string, to: string): number {
    check(from)
    check(to)
    if (to < from) return -this.workingDaysBetween(to, from)
    let count = 0
    for (let current = shift(from, 1); current <= to; current = shift(current, 1))
      if (this.isWorkingDay(current)) count += 1
    return count
  }
}

function check(date: string): void {
  if (!DATE.test(date)) throw new Error(`Not a date: ${date}`)
}

/** The calendar with England and Wales bank holidays and the known one-offs only. */
export const englandAndWales = new WorkingDayCalendar()
