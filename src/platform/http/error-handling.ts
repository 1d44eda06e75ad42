// Errors are presented in one place: an HTML page for browsers, and for /api one JSON shape,
// { error: { code, message, details } }. A 500 shows an error id (the request id, also in the log
// with the stack) and never a stack trace or SQL.
import { auditActorLabel } from '../access/policy.ts'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, errorCatalogue, type ErrorCode, type FieldError } from '../errors.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { isApiUrl } from './routing.ts'

const statusCodes: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
}

export function setUpErrorHandling(app: FastifyInstance, services: Services): void {
  app.setNotFoundHandler(async (request, reply) =>
    present(request, reply, new AppError('not_found'), services),
  )

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    return present(request, reply, toAppError(error, request), services)
  })
}

function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: FieldError[] = error.validation.map((issue) => {
      const zodPath = (issue.params as { issue?: { path?: PropertyKey[] } }).issue?.path ?? []
      const fromPointer = issue.instancePath.replace(/^\//, '').replace(/\//g, '.')
      return {
        field: fromPointer !== '' ? fromPointer : zodPath.map(String).join('.'),
        message: issue.message ?? 'is not valid',
      }
    })
    return new AppError('validation', undefined, { fields })
  }
  const status = error.statusCode
  if (status !== undefined && status >= 400 && status < 500) {
    const code = statusCodes[status] ?? 'bad_request'
    // Fastify's own messages for malformed requests are safe and useful (e.g. invalid JSON).
    return new AppError(
      code,
      code === 'bad_request' ? `The request could not be understood: ${error.message}` : undefined,
    )
  }
  request.log.error({ err: error, errorId: request.id }, 'unhandled error')
  return new AppError('internal')
}

async function present(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
  services: Services,
): Promise<FastifyReply> {
  if (error.code === 'forbidden') await recordDenial(request, services)
  const api = isApiUrl(request.url)
  if (error.code === 'unauthenticated' && !api) {
    const returnTo = request.method === 'GET' ? request.url : undefined
    return reply.redirect(platformPaths.signIn(undefined, { returnTo }), 303)
  }
  reply.code(error.status)
  if (error.code === 'rate_limited') reply.header('retry-after', '300')
  if (api) {
    return reply.send({
      error: {
        code: error.code,
        message: error.message,
        details: error.code === 'internal' ? { errorId: request.id } : (error.details ?? null),
      },
    })
  }
  const template = templateFor(error.code)
  return reply.render(template, {
    pageTitle: titleFor(error.code),
    message: error.message,
    errorId: request.id,
    fieldErrors: (error.details as { fields?: FieldError[] } | undefined)?.fields ?? [],
  })
}

function templateFor(code: ErrorCode): string {
  switch (code) {
    case 'not_found':
      return 'errors/404.njk'
    case 'forbidden':
    case 'csrf':
      return 'errors/403.njk'
    case 'internal':
    case 'unavailable':
      return 'errors/500.njk'
    case 'bad_request':
    case 'validation':
    case 'unauthenticated':
    case 'method_not_allowed':
    case 'conflict':
    case 'payload_too_large':
    case 'unsupported_media_type':
    case 'rate_limited':
      return 'errors/problem.njk'
  }
}

function titleFor(code: ErrorCode): string {
  switch (code) {
    case 'not_found':
      return 'Page not found'
    case 'forbidden':
      return 'You do not have permission to see this page'
    case 'csrf':
      return 'Your form has expired'
    case 'internal':
    case 'unavailable':
      return 'Sorry, there is a problem with the service'
    case 'bad_request':
    case 'validation':
    case 'unauthenticated':
    case 'method_not_allowed':
    case 'conflict':
    case 'payload_too_large':
    case 'unsupported_media_type':
    case 'rate_limited':
      return errorCatalogue[code].message.replace(/\.$/, '')
  }
}

/** Every permission denial is audited. If even that fails, the request is still denied. */
async function recordDenial(request: FastifyRequest, services: Services): Promise<void> {
  try {
    await services.db.transaction().execute(async (trx) => {
      await services.audit.record(trx, {
        partnershipId: request.actor?.partnershipId ?? request.partnership?.id ?? null,
        actorUserId: request.actor?.userId ?? null,
        actorLabel: auditActorLabel(request.actor),
        action: 'permission_denied',
        recordType: 'route',
        recordId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0] ?? ''}`,
        changes: { path: request.url.split('?')[0] ?? '' },
        ip: request.ip,
        requestId: request.id,
      })
    })
  } catch (error) {
    request.log.error({ err: error }, 'could not record a permission denial in the audit trail')
  }
}
