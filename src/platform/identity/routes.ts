// Sign-in, two-factor, sign-out, password reset, invitations and the account page. Thin: parse,
// call ./service.ts, set or clear cookies, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from '../access/policy.ts'
import { roleLabels } from '../access/roles.ts'
import { AppError, ValidationError, type FieldError } from '../errors.ts'
import { requestContext } from '../http/access-control.ts'
import { cookieOptions, type CookieNames } from '../http/cookies.ts'
import { formErrors, parseForm, submittedValues } from '../http/forms.ts'
import { safeReturnPath } from '../http/paths.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { deriveKey, hmac, randomToken, safeEqual } from './crypto.ts'
import {
  changePasswordFormSchema,
  codeFormSchema,
  forgotPasswordFormSchema,
  newPasswordFormSchema,
  replaceTwoFactorFormSchema,
  setUpTwoFactorFormSchema,
  signInFormSchema,
} from './schemas.ts'
import * as service from './service.ts'
import { oidcRoutes } from './oidc.ts'
import { totpUri } from './totp.ts'

const DEVICE_COOKIE_MAX_AGE = 90 * 24 * 60 * 60

type TokenParams = { token: string }

const notices = {
  signedOut: 'You have been signed out.',
  passwordReset: 'Your password has been changed. Sign in with your new password.',
  invitationAccepted: 'Your account is ready. Sign in with your email address and new password.',
} as const

export function identityRoutes(
  app: FastifyInstance,
  services: Services,
  cookies: CookieNames,
): void {
  const secure = services.config.secureCookies
  const deviceKey = deriveKey(services.secret, 'device-cookie')

  const origin = (request: FastifyRequest): service.Origin => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  })

  const setSession = (reply: FastifyReply, token: string): void => {
    reply.setCookie(cookies.session, token, cookieOptions(secure))
  }

  /** The nonce of the browser's device cookie, when it was issued for this address. */
  const trustedDevice = (request: FastifyRequest, email: string): string | undefined => {
    const value = request.cookies[cookies.device]
    const [nonce, mac] = value?.split('.') ?? []
    if (nonce === undefined || mac === undefined) return undefined
    return safeEqual(mac, hmac(deviceKey, `${nonce}|${email}`)) ? nonce : undefined
  }
  const setDevice = (reply: FastifyReply, email: string): void => {
    const nonce = randomToken(16)
    reply.setCookie(
      cookies.device,
      `${nonce}.${hmac(deviceKey, `${nonce}|${email}`)}`,
      cookieOptions(secure, DEVICE_COOKIE_MAX_AGE),
    )
  }

  oidcRoutes(app, services, cookies)

  const returnToOf = (value: unknown): string => safeReturnPath(value) ?? platformPaths.home()

  // --- Sign in with email and password --------------------------------------------------------

  const signInPage = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
    status = errors.length > 0 ? 400 : 200,
    notice?: string,
  ) =>
    reply.code(status).render('identity/views/sign-in.njk', {
      pageTitle: 'Sign in',
      values,
      notice,
      errors: formErrors(errors),
      forgotPasswordHref: platformPaths.forgotPassword(),
      oidcHref:
        services.config.oidc === undefined
          ? undefined
          : platformPaths.oidcStart(undefined, {
              returnTo: typeof values.returnTo === 'string' ? values.returnTo : undefined,
            }),
      oidcLabel: services.config.oidc?.label,
    })

  app.get(
    platformPaths.signIn.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>
      if (request.actor !== undefined) return reply.redirect(returnToOf(query.returnTo), 303)
      const notice =
        typeof query.notice === 'string' && query.notice in notices
          ? notices[query.notice as keyof typeof notices]
          : undefined
      return signInPage(reply, { returnTo: safeReturnPath(query.returnTo) }, [], 200, notice)
    },
  )

  app.post(
    platformPaths.signIn.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const parsed = parseForm(signInFormSchema, request.body)
      const values = { ...submittedValues(request.body), password: undefined }
      if (!parsed.ok) return signInPage(reply, values, parsed.errors)
      const { email, password } = parsed.value
      const result = await service.signInWithPassword(
        services,
        {
          email,
          password,
          trustedDevice: trustedDevice(request, email),
          previousSessionId: request.session?.id,
        },
        origin(request),
      )
      switch (result.kind) {
        case 'throttled':
          return signInPage(
            reply,
            values,
            [
              {
                field: 'email',
                message:
                  'There have been too many attempts to sign in. Wait 5 minutes and try again',
              },
            ],
            429,
          )
        case 'invalid':
          return signInPage(reply, values, [
            { field: 'email', message: 'Enter a correct email address and password' },
          ])
        case 'session': {
          setSession(reply, result.token)
          setDevice(reply, result.email)
          const returnTo = safeReturnPath(parsed.value.returnTo)
          switch (result.session.stage) {
            case 'active':
              return reply.redirect(returnTo ?? platformPaths.home(), 303)
            case 'awaiting_second_factor':
              return reply.redirect(platformPaths.signInTwoFactor(undefined, { returnTo }), 303)
            case 'awaiting_second_factor_setup':
              return reply.redirect(
                platformPaths.signInSetUpTwoFactor(undefined, { returnTo }),
                303,
              )
          }
        }
      }
    },
  )

  // --- Two-factor step ------------------------------------------------------------------------

  /** Sends a session at another stage to where it belongs. */
  const wrongStage = (
    request: FastifyRequest,
    reply: FastifyReply,
    stage: 'awaiting_second_factor' | 'awaiting_second_factor_setup',
  ): FastifyReply | undefined => {
    const session = request.session
    if (session === undefined) throw new AppError('unauthenticated')
    if (session.stage === stage) return undefined
    if (session.stage === 'active') return reply.redirect(platformPaths.home(), 303)
    return reply.redirect(
      session.stage === 'awaiting_second_factor'
        ? platformPaths.signInTwoFactor()
        : platformPaths.signInSetUpTwoFactor(),
      303,
    )
  }

  const twoFactorPage = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
    status = errors.length > 0 ? 400 : 200,
  ) =>
    reply.code(status).render('identity/views/two-factor.njk', {
      pageTitle: 'Enter the code from your authenticator app',
      values,
      errors: formErrors(errors),
    })

  app.get(
    platformPaths.signInTwoFactor.pattern,
    { config: { access: 'secondFactor' } },
    async (request, reply) => {
      const moved = wrongStage(request, reply, 'awaiting_second_factor')
      if (moved !== undefined) return moved
      const query = request.query as Record<string, unknown>
      return twoFactorPage(reply, { returnTo: safeReturnPath(query.returnTo) })
    },
  )

  app.post(
    platformPaths.signInTwoFactor.pattern,
    { config: { access: 'secondFactor' } },
    async (request, reply) => {
      const moved = wrongStage(request, reply, 'awaiting_second_factor')
      if (moved !== undefined) return moved
      const session = request.session
      if (session === undefined) throw new AppError('unauthenticated')
      const values = submittedValues(request.body)
      const parsed = parseForm(codeFormSchema, request.body)
      if (!parsed.ok) return twoFactorPage(reply, values, parsed.errors)
      const result = await service.completeSecondFactor(
        services,
        session,
        parsed.value.code,
        origin(request),
      )
      switch (result.kind) {
        case 'throttled':
          return twoFactorPage(
            reply,
            values,
            [
              {
                field: 'code',
                message: `There have been too many attempts. Try again in ${result.retryAfterMinutes} minute${result.retryAfterMinutes === 1 ? '' : 's'}`,
              },
            ],
            429,
          )
        case 'invalid':
          return twoFactorPage(reply, values, [
            { field: 'code', message: 'The code is not correct or has already been used' },
          ])
        case 'session':
          setSession(reply, result.token)
          return reply.redirect(returnToOf(parsed.value.returnTo), 303)
      }
    },
  )

  const setUpPage = (
    reply: FastifyReply,
    userId: string,
    email: string,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
    template = 'identity/views/set-up-two-factor.njk',
    extra: Record<string, unknown> = {},
    status = errors.length > 0 ? 400 : 200,
  ) => {
    const existing =
      typeof values.setupKey === 'string'
        ? service.openTotpSetup(services, userId, values.setupKey)
        : undefined
    const setup = existing ?? service.newTotpSetup(services, userId)
    return reply.code(status).render(template, {
      ...extra,
      pageTitle: 'Set up two-factor authentication',
      values: {
        ...values,
        setupKey: setup.sealed,
        code: undefined,
        currentCode: undefined,
        currentPassword: undefined,
      },
      secret: setup.secret.replace(/(.{4})/g, '$1 ').trim(),
      uri: totpUri(setup.secret, email),
      errors: formErrors(errors),
    })
  }

  app.get(
    platformPaths.signInSetUpTwoFactor.pattern,
    { config: { access: 'secondFactor' } },
    async (request, reply) => {
      const moved = wrongStage(request, reply, 'awaiting_second_factor_setup')
      if (moved !== undefined) return moved
      const session = request.session
      if (session === undefined) throw new AppError('unauthenticated')
      const query = request.query as Record<string, unknown>
      const email = await emailOf(services, session.partnershipId, session.userId)
      return setUpPage(reply, session.userId, email, { returnTo: safeReturnPath(query.returnTo) })
    },
  )

  app.post(
    platformPaths.signInSetUpTwoFactor.pattern,
    { config: { access: 'secondFactor' } },
    async (request, reply) => {
      const moved = wrongStage(request, reply, 'awaiting_second_factor_setup')
      if (moved !== undefined) return moved
      const session = request.session
      if (session === undefined) throw new AppError('unauthenticated')
      const values = submittedValues(request.body)
      const email = await emailOf(services, session.partnershipId, session.userId)
      const parsed = parseForm(setUpTwoFactorFormSchema, request.body)
      if (!parsed.ok) return setUpPage(reply, session.userId, email, values, parsed.errors)
      try {
        const result = await service.setUpSecondFactorAtSignIn(
          services,
          session,
          parsed.value.setupKey,
          parsed.value.code,
          origin(request),
        )
        setSession(reply, result.token)
        return await reply.redirect(returnToOf(parsed.value.returnTo), 303)
      } catch (error) {
        if (error instanceof ValidationError)
          return setUpPage(reply, session.userId, email, values, error.fields)
        throw error
      }
    },
  )

  // --- Sign out -------------------------------------------------------------------------------

  app.post(
    platformPaths.signOut.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      if (request.session !== undefined)
        await service.signOut(services, request.session, origin(request))
      reply.clearCookie(cookies.session, { path: '/' })
      return reply.redirect(platformPaths.signIn(undefined, { notice: 'signedOut' }), 303)
    },
  )

  // --- Forgotten password ---------------------------------------------------------------------

  app.get(
    platformPaths.forgotPassword.pattern,
    { config: { access: 'public' } },
    async (_request, reply) =>
      reply.render('identity/views/forgot-password.njk', {
        pageTitle: 'Reset your password',
        values: {},
        errors: formErrors([]),
      }),
  )

  app.post(
    platformPaths.forgotPassword.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const parsed = parseForm(forgotPasswordFormSchema, request.body)
      if (!parsed.ok)
        return reply.code(400).render('identity/views/forgot-password.njk', {
          pageTitle: 'Reset your password',
          values: submittedValues(request.body),
          errors: formErrors(parsed.errors),
        })
      await service.requestPasswordReset(services, parsed.value.email, origin(request))
      return reply.render('identity/views/check-email.njk', {
        pageTitle: 'Check your email',
        email: parsed.value.email,
      })
    },
  )

  // --- Links: reset password, accept invitation -----------------------------------------------

  const linkRoutes = (
    pattern: string,
    purpose: 'invitation' | 'password_reset',
    title: string,
    done: keyof typeof notices,
  ) => {
    const expired = (reply: FastifyReply) =>
      reply.code(404).render('identity/views/link-expired.njk', {
        pageTitle: 'This link has expired or has already been used',
        purpose,
        forgotPasswordHref: platformPaths.forgotPassword(),
      })
    const page = (reply: FastifyReply, email: string, errors: readonly FieldError[] = []) =>
      reply.code(errors.length > 0 ? 400 : 200).render('identity/views/new-password.njk', {
        pageTitle: title,
        email,
        purpose,
        errors: formErrors(errors),
      })

    app.get<{ Params: TokenParams }>(
      pattern,
      { config: { access: 'public' } },
      async (request, reply) => {
        const account = await service.liveLink(services, request.params.token, purpose)
        if (account === undefined) return expired(reply)
        // The page must not leak its link (the token) to other sites through the Referer header.
        reply.header('referrer-policy', 'no-referrer')
        return page(reply, account.email)
      },
    )

    app.post<{ Params: TokenParams }>(
      pattern,
      { config: { access: 'public' } },
      async (request, reply) => {
        const account = await service.liveLink(services, request.params.token, purpose)
        if (account === undefined) return expired(reply)
        const parsed = parseForm(newPasswordFormSchema(account.email), request.body)
        if (!parsed.ok) return page(reply, account.email, parsed.errors)
        const ok = await service.setPasswordWithLink(
          services,
          request.params.token,
          purpose,
          parsed.value.password,
          origin(request),
        )
        if (!ok) return expired(reply)
        if (request.session !== undefined) reply.clearCookie(cookies.session, { path: '/' })
        return reply.redirect(platformPaths.signIn(undefined, { notice: done }), 303)
      },
    )
  }
  linkRoutes(
    platformPaths.resetPassword.pattern,
    'password_reset',
    'Choose a new password',
    'passwordReset',
  )
  linkRoutes(
    platformPaths.acceptInvitation.pattern,
    'invitation',
    'Set your password',
    'invitationAccepted',
  )

  // --- Your account ---------------------------------------------------------------------------

  app.get(
    platformPaths.account.pattern,
    { config: { access: 'signedIn' } },
    async (request, reply) => {
      const { actor } = requestContext(request)
      const account = await service.accountFor(services, actor)
      const sessions = await service.listMySessions(services, actor)
      const current = actor.via.kind === 'session' ? actor.via.sessionId : undefined
      const query = request.query as Record<string, unknown>
      return reply.render('identity/views/account.njk', {
        pageTitle: 'Your account',
        account,
        roles: [...actor.roles].map((r) => roleLabels[r]),
        twoFactorOn: account?.totpEnabledAt !== null,
        sessions: sessions.map((s) => ({ ...s, current: s.id === current })),
        notice:
          query.changed === 'password'
            ? 'Your password has been changed. Your other sessions have been signed out.'
            : query.changed === 'two-factor'
              ? 'Two-factor authentication is set up with your new key. Your other sessions have been signed out.'
              : undefined,
      })
    },
  )

  const changePasswordPage = (reply: FastifyReply, errors: readonly FieldError[] = []) =>
    reply.code(errors.length > 0 ? 400 : 200).render('identity/views/change-password.njk', {
      pageTitle: 'Change your password',
      errors: formErrors(errors),
      backLink: { href: platformPaths.account(), text: 'Your account' },
    })

  app.get(
    platformPaths.accountPassword.pattern,
    { config: { access: 'signedIn' } },
    async (_r, reply) => changePasswordPage(reply),
  )

  app.post(
    platformPaths.accountPassword.pattern,
    { config: { access: 'signedIn' } },
    async (request, reply) => {
      const { actor } = requestContext(request)
      const parsed = parseForm(changePasswordFormSchema(actor.email), request.body)
      if (!parsed.ok) return changePasswordPage(reply, parsed.errors)
      try {
        await service.changePassword(
          services,
          actor,
          { currentPassword: parsed.value.currentPassword, newPassword: parsed.value.password },
          origin(request),
        )
      } catch (error) {
        if (error instanceof ValidationError) return changePasswordPage(reply, error.fields)
        throw error
      }
      return reply.redirect(platformPaths.account(undefined, { changed: 'password' }), 303)
    },
  )

  // Replacing the key asks for what only the person has: the password and the current key.
  const replacePage = async (
    reply: FastifyReply,
    actor: Actor,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
    status?: number,
  ) => {
    const account = await service.accountFor(services, actor)
    return setUpPage(
      reply,
      actor.userId,
      actor.email,
      values,
      errors,
      'identity/views/account-two-factor.njk',
      {
        askPassword: account === undefined || account.passwordHash !== null,
        askCurrentCode: account?.totpEnabledAt != null,
      },
      status,
    )
  }

  app.get(
    platformPaths.accountTwoFactor.pattern,
    { config: { access: 'signedIn' } },
    async (request, reply) => await replacePage(reply, requestContext(request).actor, {}),
  )

  app.post(
    platformPaths.accountTwoFactor.pattern,
    { config: { access: 'signedIn' } },
    async (request, reply) => {
      const { actor } = requestContext(request)
      const values = submittedValues(request.body)
      const parsed = parseForm(replaceTwoFactorFormSchema, request.body)
      if (!parsed.ok) return replacePage(reply, actor, values, parsed.errors)
      try {
        const result = await service.resetSecondFactor(
          services,
          actor,
          {
            sealed: parsed.value.setupKey,
            code: parsed.value.code,
            currentPassword: parsed.value.currentPassword,
            currentCode: parsed.value.currentCode,
          },
          origin(request),
        )
        if (result.kind === 'throttled')
          return await replacePage(
            reply,
            actor,
            values,
            [
              {
                field: 'currentCode',
                message: `There have been too many wrong codes. Try again in ${result.retryAfterMinutes} minute${result.retryAfterMinutes === 1 ? '' : 's'}`,
              },
            ],
            429,
          )
      } catch (error) {
        if (error instanceof ValidationError) return replacePage(reply, actor, values, error.fields)
        throw error
      }
      return reply.redirect(platformPaths.account(undefined, { changed: 'two-factor' }), 303)
    },
  )

  app.post(
    platformPaths.accountSignOutEverywhere.pattern,
    { config: { access: 'signedIn' } },
    async (request, reply) => {
      const { actor } = requestContext(request)
      await service.signOutEverywhere(services, actor, origin(request))
      reply.clearCookie(cookies.session, { path: '/' })
      return reply.redirect(platformPaths.signIn(undefined, { notice: 'signedOut' }), 303)
    },
  )
}

async function emailOf(services: Services, partnershipId: string, userId: string): Promise<string> {
  const email = await service.accountEmail(services, partnershipId, userId)
  if (email === undefined) throw new AppError('unauthenticated')
  return email
}
