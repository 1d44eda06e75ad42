// Sign-in with an OpenID Connect provider (authorization code flow with PKCE, state and nonce),
// through openid-client. The provider says who the person is; Assure decides what they may do:
// the verified email address must belong to an account an administrator created (invited or
// active). Afterwards the same rules apply as for a password sign-in (a new session; two-factor
// for case-level roles).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import * as client from 'openid-client'
import { AppError } from '../errors.ts'
import { cookieOptions, type CookieNames } from '../http/cookies.ts'
import { safeReturnPath } from '../http/paths.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { decrypt, deriveKey, encrypt } from './crypto.ts'
import * as repo from './repository.ts'
import * as service from './service.ts'

/** How long someone has at the provider before the attempt lapses. */
const FLIGHT_TTL_MS = 10 * 60 * 1000

interface Flight {
  readonly state: string
  readonly nonce: string
  readonly verifier: string
  readonly returnTo: string | undefined
  readonly expires: number
}

export type OidcProblem = 'not_configured' | 'refused' | 'no_account' | 'unverified_email'

export function oidcRoutes(app: FastifyInstance, services: Services, cookies: CookieNames): void {
  const settings = services.config.oidc
  const key = deriveKey(services.secret, 'oidc-flight')
  const secure = services.config.secureCookies
  const redirectUri = `${services.config.baseUrl}${platformPaths.oidcCallback()}`
  let discovered: Promise<client.Configuration> | undefined

  // Discovered on first use (not at start-up), so the app starts even if the provider is down.
  const configuration = async (): Promise<client.Configuration> => {
    if (settings === undefined) throw new AppError('not_found')
    discovered ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        // A provider on plain http is accepted only on this machine (development and tests).
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- deliberate, loopback only
        isLoopbackHttp(settings.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined
        throw error
      })
    return discovered
  }

  const problemPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problem: OidcProblem,
    detail: { email?: string; account?: repo.AccountRow } = {},
  ) => {
    await service.recordFailedExternalSignIn(services, problem, detail, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: request.id,
    })
    return reply
      .code(problem === 'no_account' ? 403 : 400)
      .render('identity/views/oidc-problem.njk', {
        pageTitle:
          problem === 'no_account'
            ? 'There is no Assure account for this email address'
            : 'Sign-in could not be completed',
        problem,
        email: detail.email,
      })
  }

  app.get(
    platformPaths.oidcStart.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const config = await configuration()
      const verifier = client.randomPKCECodeVerifier()
      const flight: Flight = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier,
        returnTo: safeReturnPath((request.query as Record<string, unknown>).returnTo),
        expires: services.clock.now().getTime() + FLIGHT_TTL_MS,
      }
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: flight.state,
        nonce: flight.nonce,
      })
      // The provider sends the browser back with a top-level GET, which SameSite=Lax allows.
      reply.setCookie(
        cookies.oidc,
        encrypt(key, JSON.stringify(flight)),
        cookieOptions(secure, FLIGHT_TTL_MS / 1000),
      )
      return reply.redirect(url.href, 303)
    },
  )

  app.get(
    platformPaths.oidcCallback.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const config = await configuration()
      const flight = openFlight(request.cookies[cookies.oidc])
      reply.clearCookie(cookies.oidc, { path: '/' })
      if (flight === undefined || flight.expires <= services.clock.now().getTime())
        return problemPage(request, reply, 'refused')
      let claims: Record<string, unknown> | undefined
      try {
        const tokens = await client.authorizationCodeGrant(
          config,
          new URL(request.url, services.config.baseUrl),
          {
            pkceCodeVerifier: flight.verifier,
            expectedState: flight.state,
            expectedNonce: flight.nonce,
            idTokenExpected: true,
          },
        )
        const idToken = tokens.claims()
        claims = idToken === undefined ? undefined : { ...idToken }
        // Providers that keep the ID token small give the email address from the UserInfo
        // endpoint instead (bound to the ID token's subject by openid-client).
        if (idToken !== undefined && typeof idToken.email !== 'string')
          claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)) }
      } catch (error) {
        request.log.warn({ err: error }, 'OpenID Connect sign-in refused')
        return problemPage(request, reply, 'refused')
      }
      const email = typeof claims?.email === 'string' ? claims.email.toLowerCase() : undefined
      if (email === undefined || claims?.email_verified === false)
        return problemPage(request, reply, 'unverified_email')
      const account = await repo.findAccountByEmail(services.db, email)
      if (
        account === undefined ||
        account.kind !== 'person' ||
        (account.status !== 'active' && account.status !== 'invited')
      )
        return problemPage(request, reply, 'no_account', { email })
      const origin = {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      }
      const ready =
        account.status === 'invited'
          ? await service.acceptInvitationByExternalSignIn(services, account, origin)
          : account
      const { token, session } = await service.signInIdentified(
        services,
        ready,
        request.session?.id,
        origin,
      )
      reply.setCookie(cookies.session, token, cookieOptions(secure))
      const returnTo = flight.returnTo
      switch (session.stage) {
        case 'active':
          return reply.redirect(returnTo ?? platformPaths.home(), 303)
        case 'awaiting_second_factor':
          return reply.redirect(platformPaths.signInTwoFactor(undefined, { returnTo }), 303)
        case 'awaiting_second_factor_setup':
          return reply.redirect(platformPaths.signInSetUpTwoFactor(undefined, { returnTo }), 303)
      }
    },
  )

  function openFlight(sealed: string | undefined): Flight | undefined {
    if (sealed === undefined) return undefined
    try {
      return JSON.parse(decrypt(key, sealed)) as Flight
    } catch {
      return undefined
    }
  }
}

function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer)
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
}
