// Request ids and request logs. One line per request: method, route pattern, path (no query
// string, which could hold a name someone searched for), status and time. No headers, no bodies,
// no user identifiers: the audit trail, not the log, records who did what. Secrets that travel in
// a path (the token of a password reset or invitation link) are written as [redacted].
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { IncomingMessage } from 'node:http'
import type { Config } from '../config.ts'

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/

/** Path parameters that hold a secret: `:token`, `:secret`, `:resetToken` and the like. */
const SECRET_PARAM = /^(token|secret)$|(Token|Secret)$/

/** What a 256-bit token looks like in a URL (base64url, 43 characters), for paths with no route. */
const TOKEN_LIKE = /^[A-Za-z0-9_-]{32,}$/
const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const REDACTED = '[redacted]'

export function requestIdGenerator(trustIncoming: boolean): (request: IncomingMessage) => string {
  return (request) => {
    const incoming = request.headers['x-request-id']
    if (trustIncoming && typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming))
      return incoming
    return randomUUID()
  }
}

/**
 * The path as it may be logged: no query string, and every secret path parameter (by the route
 * pattern's parameter names) replaced by [redacted]. Without a matched route, any segment that
 * looks like a random token (but not a UUID) is redacted instead.
 */
export function loggablePath(url: string, routePattern?: string): string {
  const path = url.split('?')[0] ?? ''
  const segments = path.split('/')
  if (routePattern !== undefined && routePattern !== '') {
    const pattern = routePattern.split('/')
    if (!pattern.some((s) => s.startsWith(':') && SECRET_PARAM.test(s.slice(1)))) return path
    if (pattern.length !== segments.length && pattern.length + 1 !== segments.length)
      return routePattern
    return segments
      .map((segment, i) => {
        const p = pattern[i]
        return p?.startsWith(':') === true && SECRET_PARAM.test(p.slice(1)) ? REDACTED : segment
      })
      .join('/')
  }
  return segments.map((s) => (TOKEN_LIKE.test(s) && !UUID_LIKE.test(s) ? REDACTED : s)).join('/')
}

function pathOf(request: FastifyRequest): string {
  return loggablePath(request.url, request.routeOptions.url)
}

export function setUpRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request: FastifyRequest, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url,
        path: pathOf(request),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    )
  })
}

/** The logger's serializers: only what is safe to keep (the app's own logger, and tests). */
export const logSerializers = {
  req: (request: { method: string; url: string; id: string; routeOptions?: { url?: string } }) => ({
    id: request.id,
    method: request.method,
    path: loggablePath(request.url, request.routeOptions?.url),
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
}

/** Never headers (cookies, tokens), bodies or query strings. */
export const logRedact = [
  'req.headers',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
]

/** Pino options for the application's logger. */
export function loggerOptions(config: Config): object {
  return {
    level: config.log.level,
    ...(config.log.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
    serializers: logSerializers,
    redact: logRedact,
  }
}
