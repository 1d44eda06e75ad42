// One way to serve a GOV.UK form page: GET shows it; POST validates the whole form with Zod, and
// on any problem (from the schema or from the service's ValidationError) shows it again with
// status 400, the error summary and what was typed; on success redirects (303).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { formErrors, noErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { withDateParts } from '../../platform/validation.ts'

type Params = Record<string, string>

export interface FormRoute<S extends z.ZodType> {
  readonly pattern: string
  readonly permission: string
  readonly template: string
  /** The page's data (and `values` to fill the form with when first shown). */
  load(request: FastifyRequest<{ Params: Params }>): Promise<Record<string, unknown>>
  readonly schema: S
  readonly dateFields?: readonly string[]
  /** Saves and returns where to go next. */
  save(request: FastifyRequest<{ Params: Params }>, value: z.output<S>): Promise<string>
}

export function formRoute<S extends z.ZodType>(app: FastifyInstance, route: FormRoute<S>): void {
  const access = { permission: route.permission }
  app.get<{ Params: Params }>(route.pattern, { config: { access } }, async (request, reply) => {
    const data = await route.load(request)
    return reply.render(route.template, { values: {}, ...data, errors: noErrors })
  })
  app.post<{ Params: Params }>(route.pattern, { config: { access } }, async (request, reply) => {
    const show = async (errors: readonly FieldError[]) => {
      const data = await route.load(request)
      return reply.code(400).render(route.template, {
        ...data,
        values: submittedValues(request.body),
        errors: formErrors(errors),
      })
    }
    const parsed = parseForm(route.schema, withDateParts(request.body, route.dateFields ?? []))
    if (!parsed.ok) return show(parsed.errors)
    let next: string
    try {
      next = await route.save(request, parsed.value)
    } catch (error) {
      if (error instanceof ValidationError) return show(error.fields)
      throw error
    }
    return reply.redirect(next, 303)
  })
}

/** A date as GOV.UK date inputs want it back: { name-day, name-month, name-year }. */
export function dateParts(name: string, date: string | null): Record<string, string> {
  if (date === null) return {}
  const [y, m, d] = date.split('-')
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  }
}
