// Partnership business happens in UK time: meetings start at 10:00 in London whatever the
// server's time zone, and "today" (for due dates and digests) is the date in London. Calendar
// dates are 'YYYY-MM-DD' strings throughout (see src/platform/db/database.ts).

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function londonParts(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const found: Record<string, string> = {}
  for (const part of parts.formatToParts(instant)) found[part.type] = part.value
  return {
    year: found.year ?? '',
    month: found.month ?? '',
    day: found.day ?? '',
    hour: found.hour ?? '',
    minute: found.minute ?? '',
  }
}

/** The calendar date in London at this instant, as 'YYYY-MM-DD'. */
export function londonDate(instant: Date): string {
  const p = londonParts(instant)
  return `${p.year}-${p.month}-${p.day}`
}

/** The clock time in London at this instant, as 'HH:MM' (24-hour). */
export function londonTime(instant: Date): string {
  const p = londonParts(instant)
  return `${p.hour}:${p.minute}`
}

/** Minutes London is ahead of UTC at this instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant)
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
  )
  const whole = Math.floor(instant.getTime() / 60_000) * 60_000
  return Math.round((asUtc - whole) / 60_000)
}

/** The instant a London wall-clock time happens: ('2026-07-01', '10:00') → 09:00 UTC. */
export function londonInstant(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const guess = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0)
  const first = londonOffsetMinutes(new Date(guess))
  const candidate = guess - first * 60_000
  const second = londonOffsetMinutes(new Date(candidate))
  return new Date(second === first ? candidate : guess - second * 60_000)
}

/** A calendar date moved by whole days. */
export function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

// How people write dates and times (GOV.UK style): '23 December 2026', '10am', '12:05pm'. Pages,
// emails and documents use these, never 'YYYY-MM-DD' or a 24-hour clock.
const longDateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
const twelveHour = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  // en-GB's 12-hour clock is h11 ("0:05 pm" for five past noon): people write 12:05pm.
  hourCycle: 'h12',
  timeZone: 'Europe/London',
})

/** '2026-11-21' or a Date → '21 November 2026', in UK time ('' for nothing or nonsense). */
export function longDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const date =
    typeof value === 'string'
      ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value)
      : value
  return Number.isNaN(date.getTime()) ? '' : longDateFormat.format(date)
}

/** A Date → '3:05pm', '10am' or '12pm', in UK time. */
export function shortTime(instant: Date): string {
  return twelveHour.format(instant).replace(/\s/g, '').replace(':00', '').toLowerCase()
}

/** A Date → '21 November 2026 at 3:05pm', in UK time. */
export function longDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const date = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(date.getTime())) return ''
  return `${longDateFormat.format(date)} at ${shortTime(date)}`
}
