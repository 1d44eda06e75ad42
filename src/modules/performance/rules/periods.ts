// Reporting periods. A period is named by its first day ('YYYY-MM-DD'). Quarters and years are
// financial (April to March), as partnerships and DfE report them. Codes are what people type in
// templates: '2026-03' (a month), '2025-26 Q4' (January to March 2026), '2025-26' (a year).
export const frequencies = ['monthly', 'quarterly', 'yearly'] as const
export type Frequency = (typeof frequencies)[number]

export const frequencyLabels: Readonly<Record<Frequency, string>> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  yearly: 'Yearly',
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

interface YearMonth {
  readonly year: number
  readonly month: number // 1–12
}

function parts(date: string): YearMonth {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) }
}

function iso({ year, month }: YearMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`
}

export function addMonths(start: string, months: number): string {
  const { year, month } = parts(start)
  const index = year * 12 + (month - 1) + months
  return iso({ year: Math.floor(index / 12), month: (index % 12) + 1 })
}

export function monthsIn(frequency: Frequency): number {
  switch (frequency) {
    case 'monthly':
      return 1
    case 'quarterly':
      return 3
    case 'yearly':
      return 12
  }
}

/** The first day of the period (of this frequency) that contains the date. */
export function periodContaining(frequency: Frequency, date: string): string {
  const { year, month } = parts(date)
  switch (frequency) {
    case 'monthly':
      return iso({ year, month })
    case 'quarterly': {
      // Financial quarters start in April, July, October and January.
      const offset = (month - 4 + 12) % 3
      return addMonths(iso({ year, month }), -offset)
    }
    case 'yearly':
      return iso({ year: month >= 4 ? year : year - 1, month: 4 })
  }
}

export function isPeriodStart(frequency: Frequency, start: string): boolean {
  return /^\d{4}-\d{2}-01$/.test(start) && periodContaining(frequency, start) === start
}

export function previousPeriod(frequency: Frequency, start: string): string {
  return addMonths(start, -monthsIn(frequency))
}

export function nextPeriod(frequency: Frequency, start: string): string {
  return addMonths(start, monthsIn(frequency))
}

export function samePeriodLastYear(start: string): string {
  return addMonths(start, -12)
}

/** The last day of the period. */
export function periodEnd(frequency: Frequency, start: string): string {
  const next = addMonths(start, monthsIn(frequency))
  const d = new Date(`${next}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

/** The financial year ('2025-26') a date falls in. */
function financialYear(year: number, month: number): string {
  const first = month >= 4 ? year : year - 1
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`
}

export function periodCode(frequency: Frequency, start: string): string {
  const { year, month } = parts(start)
  switch (frequency) {
    case 'monthly':
      return start.slice(0, 7)
    case 'quarterly':
      return `${financialYear(year, month)} Q${Math.floor(((month - 4 + 12) % 12) / 3) + 1}`
    case 'yearly':
      return financialYear(year, month)
  }
}

/** The period a code names, or null when the code is not a period of this frequency. */
export function parsePeriodCode(frequency: Frequency, code: string): string | null {
  const text = code.trim()
  const fy = (first: string, second: string): number | null => {
    const y = Number(first)
    return (y + 1) % 100 === Number(second) ? y : null
  }
  switch (frequency) {
    case 'monthly': {
      const m = /^(\d{4})-(\d{2})$/.exec(text)
      if (m === null) return null
      const month = Number(m[2])
      return month >= 1 && month <= 12 ? iso({ year: Number(m[1]), month }) : null
    }
    case 'quarterly': {
      const m = /^(\d{4})-(\d{2}) ?Q([1-4])$/i.exec(text)
      if (m === null) return null
      const year = fy(m[1] ?? '', m[2] ?? '')
      return year === null ? null : addMonths(iso({ year, month: 4 }), (Number(m[3]) - 1) * 3)
    }
    case 'yearly': {
      const m = /^(\d{4})-(\d{2})$/.exec(text)
      if (m === null) return null
      const year = fy(m[1] ?? '', m[2] ?? '')
      return year === null ? null : iso({ year, month: 4 })
    }
  }
}

export function periodLabel(frequency: Frequency, start: string): string {
  const { year, month } = parts(start)
  const monthName = (m: number): string => monthNames[m - 1] ?? ''
  switch (frequency) {
    case 'monthly':
      return `${monthName(month)} ${year}`
    case 'quarterly': {
      const end = parts(addMonths(start, 2))
      return `${periodCode(frequency, start)} (${monthName(month).slice(0, 3)} to ${monthName(end.month).slice(0, 3)} ${end.year})`
    }
    case 'yearly':
      return `${periodCode(frequency, start)} (April ${year} to March ${year + 1})`
  }
}

/** Short labels for chart axes: 'Mar 26', 'Q4 25-26', '25-26'. */
export function shortPeriodLabel(frequency: Frequency, start: string): string {
  const { year, month } = parts(start)
  const yy = (y: number): string => String(y % 100).padStart(2, '0')
  switch (frequency) {
    case 'monthly':
      return `${(monthNames[month - 1] ?? '').slice(0, 3)} ${yy(year)}`
    case 'quarterly':
      return periodCode(frequency, start).replace(/^\d\d(\d\d)-(\d\d) (Q\d)$/, '$3 $1-$2')
    case 'yearly':
      return periodCode(frequency, start).slice(2)
  }
}

/** Periods from `from` to `to` inclusive (both period starts). */
export function periodsBetween(frequency: Frequency, from: string, to: string): string[] {
  const out: string[] = []
  for (let p = from; p <= to; p = nextPeriod(frequency, p)) out.push(p)
  return out
}

/** The latest period of this frequency that has ended by the end of the month `month` starts. */
export function latestPeriodEndedBy(frequency: Frequency, month: string): string {
  const monthEnd = periodEnd('monthly', month)
  let p = periodContaining(frequency, month)
  while (periodEnd(frequency, p) > monthEnd) p = previousPeriod(frequency, p)
  return p
}

/** When a period's data is due: this many days after the period ends. */
export function dueDate(frequency: Frequency, start: string, daysAfterEnd: number): string {
  const d = new Date(`${periodEnd(frequency, start)}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + daysAfterEnd)
  return d.toISOString().slice(0, 10)
}
