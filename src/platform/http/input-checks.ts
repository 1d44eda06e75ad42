// One check of every request's text before any handler or schema sees it: a NUL character or a
// lone surrogate in any field of a form, a JSON body, a multipart form's fields and file names,
// the query string or a path parameter is a 400 naming the fields (validation.ts says why). It
// runs after the session and CSRF checks, and before Zod validation of API routes.
import type { FastifyInstance } from 'fastify'
import { AppError, type FieldError } from '../errors.ts'
import { unsafeTextFields } from '../validation.ts'

/** A multipart entry is `{ value }` (uploads.ts): name the field, not `field.value`. */
function fieldName(path: string, multipart: boolean): string {
  if (!multipart) return path
  return path.split('.')[0] ?? path
}

export function setUpInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const multipart = request.isMultipart()
    const problems: FieldError[] = [
      ...unsafeTextFields(request.params),
      ...unsafeTextFields(request.query),
      ...unsafeTextFields(request.body).map((p) => ({
        ...p,
        field: fieldName(p.field, multipart),
      })),
    ]
    if (problems.length === 0) return
    const seen = new Set<string>()
    const fields = problems.filter((p) => !seen.has(p.field) && seen.add(p.field))
    throw new AppError('validation', undefined, { fields })
  })
}
