// CSRF protection for every state-changing request (OWASP's signed double-submit cookie, bound to
// the session): each visitor gets a random cookie; forms carry HMAC(secret, cookie | session id).
// A forged request from another site can send the cookie but cannot read it to make the token.
// Requests authenticated by an API token carry no cookies, so they are not exposed to CSRF.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'
import { hmac, randomToken, safeEqual, deriveKey } from '../identity/crypto.ts'
import { cookieOptions, type CookieNames } from './cookies.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The token for forms on the page being rendered (or for the x-csrf-token header). */
    csrfToken(): string
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function setUpCsrf(
  app: FastifyInstance,
  options: { secret: string; secure: boolean; cookies: CookieNames },
): void {
  const key = deriveKey(options.secret, 'csrf')
  const replies = new WeakMap<FastifyRequest, FastifyReply>()
  const seeds = new WeakMap<FastifyRequest, string>()

  // The cookie is set the first time a page needs a token (a page with a form), not on every
  // response: API answers, assets and health checks carry no cookie.
  const seedFor = (request: FastifyRequest): string => {
    let seed = seeds.get(request) ?? validSeed(request.cookies[options.cookies.csrf])
    if (seed === undefined) {
      seed = randomToken()
      replies.get(request)?.setCookie(options.cookies.csrf, seed, cookieOptions(options.secure))
    }
    seeds.set(request, seed)
    return seed
  }

  const tokenFor = (request: FastifyRequest, seed: string): string =>
    hmac(key, `${seed}|${request.session?.id ?? ''}`)

  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    return tokenFor(this, seedFor(this))
  })

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    replies.set(request, reply)
  })

  // Also used by the upload hook (uploads.ts), which checks the token before reading any file.
  app.decorateRequest('csrfAccepts', function (this: FastifyRequest, sent: string | undefined) {
    if (this.actor?.via.kind === 'api_token') return true
    const seed = validSeed(this.cookies[options.cookies.csrf])
    return sent !== undefined && seed !== undefined && safeEqual(sent, tokenFor(this, seed))
  })

  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (SAFE_METHODS.has(request.method)) return
    if (!request.csrfAccepts(submittedToken(request))) throw new AppError('csrf')
  })
}

function validSeed(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined
}

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token']
  if (typeof header === 'string') return header
  const body = request.body
  if (body !== null && typeof body === 'object' && '_csrf' in body) {
    const value: unknown = (body as Record<string, unknown>)._csrf
    if (typeof value === 'string') return value
    // Multipart forms: @fastify/multipart attaches fields as { value }.
    if (value !== null && typeof value === 'object' && 'value' in value) {
      const inner: unknown = value.value
      if (typeof inner === 'string') return inner
    }
  }
  return undefined
}
