// Legacy: registers a GOV.UK form page by hand. New code declares a `form` entry in the module's
// route table instead (src/platform/http/route-table.ts), which does the same and more; this stays
// only until the modules that still call it are moved onto the table.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { ValidationError, type FieldError } from '../errors.ts'
import { formErrors, noErrors, parseForm, submittedValues } from './forms.ts'
import { withDateParts } from '../validation.ts'
export { dateParts } from './route-table.ts'

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
        errors: formErrors(errors, request.body),
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
