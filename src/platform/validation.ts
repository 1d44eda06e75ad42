// Zod field builders with GOV.UK messages, shared by forms (src/platform/http/forms.ts) and the
// JSON API. Text is trimmed; an empty optional field becomes null. Names with accents and
// apostrophes are always accepted.
import { z } from 'zod'
import type { FieldError } from './errors.ts'
import { messages } from './messages.ts'

/** Required text: "Enter {label}" when empty. */
export function requiredText(label: string, max = 500): z.ZodType<string> {
  return z
    .string({ error: messages.enter(label) })
    .trim()
    .min(1, { error: messages.enter(label) })
    .max(max, { error: messages.tooLong(label, max) })
}

/**
 * A statement someone will act on or read later (a finding, a recommendation, minutes, an
 * outcome): required, and long enough to mean something. "x" or "." is refused; "Train all DSLs"
 * is not. Use it for every such field so the rule is the same across modules.
 */
export const MEANINGFUL_MIN = 10
export function meaningfulText(label: string, max = 5000): z.ZodType<string> {
  return z
    .string({ error: messages.enter(label) })
    .trim()
    .min(1, { error: messages.enter(label), abort: true })
    .max(max, { error: messages.tooLong(label, max) })
    .refine((v) => v.length >= MEANINGFUL_MIN && /\p{L}/u.test(v), {
      error: messages.tooShort(label, MEANINGFUL_MIN),
    })
}

/** Optional text: empty becomes null. */
export function optionalText(label: string, max = 5000): z.ZodType<string | null> {
  return z
    .string()
    .trim()
    .max(max, { error: messages.tooLong(label, max) })
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
}

export function emailAddress(): z.ZodType<string> {
  return z
    .string({ error: messages.enter('an email address') })
    .trim()
    .min(1, { error: messages.enter('an email address') })
    .max(254, { error: messages.tooLong('the email address', 254) })
    .pipe(z.email({ pattern: z.regexes.unicodeEmail, error: messages.email() }))
    .transform((v) => v.toLowerCase())
}

/** One of a fixed set of values (radios, selects). */
export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  label: string,
): z.ZodType<T[number]> {
  return z.enum(values, { error: messages.select(label) })
}

/** Checkboxes: a form sends one value as a string, several as an array, none as nothing. */
export function choices<const T extends readonly [string, ...string[]]>(
  values: T,
  label: string,
  options: { min?: number } = {},
): z.ZodType<T[number][]> {
  return z
    .preprocess(
      (v: unknown) =>
        v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v],
      z.array(z.enum(values, { error: messages.unknownChoice(label) })),
    )
    .refine((v) => v.length >= (options.min ?? 0), { error: messages.select(label) })
}

export function uuid(label = 'a record'): z.ZodType<string> {
  return z.uuid({ error: messages.select(label) })
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Is 'YYYY-MM-DD' a real calendar date? */
export function isRealDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** A date as 'YYYY-MM-DD' (the API's form, and what dateFromParts produces for forms). */
export function isoDate(label: string): z.ZodType<string> {
  return z
    .string({ error: messages.enter(label) })
    .trim()
    .min(1, { error: messages.enter(label) })
    .refine(isRealDate, { error: messages.realDate(label) })
}

export function optionalIsoDate(label: string): z.ZodType<string | null> {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || isRealDate(v), { error: messages.realDate(label) })
}

/**
 * GOV.UK date inputs send `{name}-day`, `{name}-month`, `{name}-year`. This joins them into the
 * 'YYYY-MM-DD' the schemas expect, or a marker the date schema rejects with the right message:
 * '' when all parts are empty, 'missing:month' when one part is, 'invalid' when it is not a date.
 */
export function dateFromParts(body: Record<string, unknown>, name: string): string {
  const part = (p: string): string => {
    const v = body[`${name}-${p}`]
    return typeof v === 'string' ? v.trim() : ''
  }
  const [day, month, year] = [part('day'), part('month'), part('year')]
  if (day === '' && month === '' && year === '') return ''
  for (const [p, v] of [
    ['day', day],
    ['month', month],
    ['year', year],
  ] as const)
    if (v === '') return `missing:${p}`
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return 'invalid'
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** The message for a date field, given what dateFromParts produced (undefined when fine). */
export function dateProblem(value: string, label: string, required: boolean): string | undefined {
  if (value === '') return required ? messages.enter(label) : undefined
  if (value.startsWith('missing:'))
    return messages.dateMissing(label, value.slice(8) as 'day' | 'month' | 'year')
  return isRealDate(value) ? undefined : messages.realDate(label)
}

/** Replaces each GOV.UK date input's three parts with one value for formDate to check. */
export function withDateParts(
  body: unknown,
  names: readonly string[] | 'all',
): Record<string, unknown> {
  const values: Record<string, unknown> =
    body !== null && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {}
  for (const name of names === 'all' ? datePartNames(values) : names) {
    values[name] = dateFromParts(values, name)
  }
  return values
}

/** The dates a form body carries as GOV.UK date inputs (any of name-day, -month or -year). */
export function datePartNames(body: Readonly<Record<string, unknown>>): string[] {
  const names = new Set<string>()
  for (const key of Object.keys(body)) {
    const match = /^(.+)-(day|month|year)$/.exec(key)
    if (match?.[1] !== undefined) names.add(match[1])
  }
  return [...names]
}

/** A required date from GOV.UK date inputs (see withDateParts), with dateProblem's messages. */
export function formDate(label: string): z.ZodType<string> {
  return z.string({ error: messages.enter(label) }).superRefine((value, ctx) => {
    const problem = dateProblem(value, label, true)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
  })
}

/** An optional date from GOV.UK date inputs: empty becomes null. */
export function optionalFormDate(label: string): z.ZodType<string | null> {
  return z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const problem = dateProblem(value ?? '', label, false)
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
    })
    .transform((v) => (v === undefined || v === '' ? null : v))
}

/** A time of day as people type it ('9.30', '14:00'), as 'HH:MM'. */
export function timeOfDay(label: string): z.ZodType<string> {
  return z
    .string({ error: messages.enter(label) })
    .trim()
    .min(1, { error: messages.enter(label) })
    .transform((v) => {
      const m = /^(\d{1,2})[:.](\d{2})$/.exec(v)
      return m === null ? v : `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? ''}`
    })
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), { error: messages.timeFormat(label) })
}

// ---------------------------------------------------------------------------------------------
// Text no field may hold, whatever its schema: the NUL character (PostgreSQL refuses it in text,
// which was a 500) and lone surrogates (half of a UTF-16 pair: not text at all). Checked once, for
// every request, on the body, the query string and the path (src/platform/http/input-checks.ts).

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Does this text hold a NUL or a lone surrogate? */
export function isUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text)
}

const MAX_DEPTH = 32

/**
 * Every field (by its path, as Zod names it: `title`, `items.0.name`) whose text, or whose own
 * name, holds a NUL or a lone surrogate. Buffers (file contents) are not text and are skipped.
 * A structure nested deeper than 32 levels is reported as one problem with the whole form.
 */
export function unsafeTextFields(value: unknown, prefix = ''): FieldError[] {
  const found: FieldError[] = []
  const visit = (v: unknown, path: string, depth: number): void => {
    if (typeof v === 'string') {
      if (isUnsafeText(v))
        found.push({ field: path === '' ? 'form' : path, message: messages.unsafeText() })
      return
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return
    if (depth > MAX_DEPTH) {
      found.push({ field: 'form', message: messages.unsafeText() })
      return
    }
    for (const [key, inner] of Object.entries(v)) {
      const name = path === '' ? key : `${path}.${key}`
      if (isUnsafeText(key)) {
        found.push({ field: path === '' ? 'form' : path, message: messages.unsafeText() })
        continue
      }
      visit(inner, name, depth + 1)
    }
  }
  visit(value, prefix, 0)
  return found
}
