// Forms the GOV.UK way: validate the whole submission, and on failure re-render the page with
// status 400, an error summary linking to each field, the message beside each field, and what the
// person typed kept in place. Nothing is saved until the whole form is valid.
import type { z } from 'zod'
import type { FieldError } from '../errors.ts'
import { datePartNames } from '../validation.ts'

export interface FormErrors {
  /** For govukErrorSummary: [{ text, href: '#field' }] in field order. */
  readonly summary: readonly { text: string; href: string }[]
  /** For each component's errorMessage: fields.title → { text }. */
  readonly fields: Readonly<Record<string, { text: string }>>
}

export const noErrors: FormErrors = { summary: [], fields: {} }

/**
 * Turns field errors into what the layout and GOV.UK macros expect. The first error per field
 * wins. Pass the submitted body so that a date's summary link goes to its day input.
 */
export function formErrors(errors: readonly FieldError[], body?: unknown): FormErrors {
  const dates = new Set(
    body !== null && typeof body === 'object' ? datePartNames(body as Record<string, unknown>) : [],
  )
  const fields: Record<string, { text: string }> = {}
  const summary: { text: string; href: string }[] = []
  for (const error of errors) {
    if (error.field in fields) continue
    fields[error.field] = { text: error.message }
    summary.push({ text: error.message, href: `#${anchorFor(error.field, dates)}` })
  }
  return { summary, fields }
}

/**
 * Where the summary link for a field goes. A GOV.UK date input has no element with the field's own
 * id: its first input is `name-day`. An error about the whole form links to the page's main content.
 */
export function anchorFor(field: string, dateFields: ReadonlySet<string>): string {
  if (field === 'form') return 'main-content'
  return dateFields.has(field) ? `${field}-day` : field
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

/** Validates a form body against a Zod schema; on failure, every field's first problem. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {})
  if (result.success) return { ok: true, value: result.data }
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || 'form',
      message: issue.message,
    })),
  }
}

/** The submitted values as strings, to put back in the form when it is shown again with errors. */
export function submittedValues(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object') return {}
  const values: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue
    values[key] = value
  }
  return values
}
