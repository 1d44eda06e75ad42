// Who is making this request? A browser session (cookie) for pages, or an API token (Authorization:
// Bearer) for /api. Runs on every request before the access check.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../access/policy.ts'
import type { Services } from '../services.ts'
import { isApiUrl } from '../http/routing.ts'
import type { CookieNames } from '../http/cookies.ts'
import type { SessionRecord } from './sessions.ts'
import { loadActor, type PartnershipSummary } from './actors.ts'
import { findLiveApiToken } from './api-tokens.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person or service, when there is one with an active session or token. */
    actor: Actor | undefined
    /** The browser session, including one part-way through two-factor sign-in. */
    session: SessionRecord | undefined
    partnership: PartnershipSummary | undefined
  }
}

export function setUpAuthentication(
  app: FastifyInstance,
  services: Services,
  cookies: CookieNames,
): void {
  app.decorateRequest('actor', undefined)
  app.decorateRequest('session', undefined)
  app.decorateRequest('partnership', undefined)

  app.addHook('onRequest', async (request) => {
    const bearer = bearerToken(request)
    if (bearer !== undefined) {
      // Tokens are for the API only; a token sent to a page is ignored (pages need a session).
      if (!isApiUrl(request.url)) return
      const token = await findLiveApiToken(services.db, services.clock, bearer)
      if (token === undefined) return
      const loaded = await loadActor(services.db, token.partnershipId, token.userId, {
        kind: 'api_token',
        tokenId: token.id,
        tokenName: token.name,
        permissions: token.permissions,
      })
      if (loaded === undefined) return
      request.actor = loaded.actor
      request.partnership = loaded.partnership
      return
    }
    const cookie = request.cookies[cookies.session]
    if (cookie === undefined) return
    const session = await services.sessions.findLive(cookie)
    if (session === undefined) return
    const loaded = await loadActor(services.db, session.partnershipId, session.userId, {
      kind: 'session',
      sessionId: session.id,
    })
    if (loaded === undefined) return
    await services.sessions.touch(session)
    request.session = session
    request.partnership = loaded.partnership
    // Part-way through two-factor sign-in, the person is known but not yet signed in.
    if (session.stage === 'active') request.actor = loaded.actor
  })
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  return match?.[1]
}
