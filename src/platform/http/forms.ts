// Forms the GOV.UK way: validate the whole submission, and on failure re-render the page with
// status 400, an error summary linking to each field, the message beside each field, and what the
// person typed kept in place. Nothing is saved until the whole form is valid.
import type { z } from 'zod'
import type { FieldError } from '../errors.ts'

export interface FormErrors {
  /** For govukErrorSummary: [{ text, href: '#field' }] in field order. */
  readonly summary: readonly { text: string; href: string }[]
  /** For each component's errorMessage: fields.title → { text }. */
  readonly fields: Readonly<Record<string, { text: string }>>
}

export const noErrors: FormErrors = { summary: [], fields: {} }

/** Turns field errors into what the layout and GOV.UK macros expect. The first error per field wins. */
export function formErrors(errors: readonly FieldError[]): FormErrors {
  const fields: Record<string, { text: string }> = {}
  const summary: { text: string; href: string }[] = []
  for (const error of errors) {
    if (error.field in fields) continue
    fields[error.field] = { text: error.message }
    summary.push({ text: error.message, href: `#${anchorFor(error.field)}` })
  }
  return { summary, fields }
}

/** GOV.UK date inputs take focus on their day field. */
function anchorFor(field: string): string {
  return field
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
