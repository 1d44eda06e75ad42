// Sign-in, two-factor, sign-out, passwords and single-use account links. Each use case: check,
// transact, audit in the same transaction, and send mail only after the commit. Messages never say
// whether an address has an account (no user enumeration).
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { caseLevelRoles } from '../access/roles.ts'
import type { Actor } from '../access/policy.ts'
import { AppError, ValidationError } from '../errors.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { tenantScope, type TenantScope } from '../tenancy.ts'
import { decrypt, deriveKey, encrypt, randomToken, sha256 } from './crypto.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import * as repo from './repository.ts'
import type { SessionRecord } from './sessions.ts'
import { newTotpSecret, verifyTotp } from './totp.ts'

/** Throttling: this many failures in the window refuses further attempts until they age out. */
export const MAX_FAILURES = 10
export const THROTTLE_WINDOW_MS = 5 * 60 * 1000
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000
/** A set-up key shown on a page stays usable this long (the time to add it to an app). */
const TOTP_SETUP_TTL_MS = 30 * 60 * 1000

export interface Origin {
  readonly ip: string
  readonly userAgent: string | null
  readonly requestId: string
}

export type SignInResult =
  | { readonly kind: 'throttled' }
  | { readonly kind: 'invalid' }
  | {
      readonly kind: 'session'
      readonly token: string
      readonly session: SessionRecord
      /** The email address the device cookie is for (set after a correct password). */
      readonly email: string
    }

function accountKeyFor(email: string, trustedDevice: string | undefined): string {
  return trustedDevice === undefined ? `account:${email}` : `device:${trustedDevice}`
}

/** True when the person needs a two-factor code (holds a case-level role, or chose to use one). */
export function needsSecondFactor(account: repo.AccountRow): boolean {
  return account.totpEnabledAt !== null || [...account.roles].some((r) => caseLevelRoles.has(r))
}

/**
 * The password step. A correct password starts a new session (a new id: any session the browser
 * had is ended), at the two-factor stage when the account needs a code.
 */
export async function signInWithPassword(
  services: Services,
  input: {
    email: string
    password: string
    /** The nonce of a device cookie valid for this address, if the browser sent one. */
    trustedDevice: string | undefined
    previousSessionId: string | undefined
  },
  origin: Origin,
): Promise<SignInResult> {
  const now = services.clock.now()
  const email = input.email.toLowerCase()
  const accountKey = accountKeyFor(email, input.trustedDevice)
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS)
  const failures = await repo.recentFailures(services.db, accountKey, origin.ip, since)
  if (failures.account >= MAX_FAILURES || failures.ip >= MAX_FAILURES) {
    // Refused without checking the password, and not counted: an attacker cannot extend it.
    return { kind: 'throttled' }
  }
  const account = await repo.findAccountByEmail(services.db, email)
  const usable = account?.status === 'active' && account.kind === 'person'
  // Always verify (against a dummy hash when there is no account), so timing reveals nothing.
  const correct = await verifyPassword(input.password, usable ? account.passwordHash : null)
  return services.db.transaction().execute(async (trx) => {
    await repo.recordSignInAttempt(trx, {
      accountKey,
      ip: origin.ip,
      succeeded: correct && usable,
      at: now,
    })
    if (!correct || !usable) {
      await services.audit.record(trx, {
        partnershipId: account?.partnershipId ?? null,
        actorUserId: account?.id ?? null,
        actorLabel: account === undefined ? email : null,
        action: 'failed_sign_in',
        recordType: 'user',
        recordId: account?.id ?? null,
        changes: { step: 'password' },
        ip: origin.ip,
        requestId: origin.requestId,
      })
      return { kind: 'invalid' } as const
    }
    if (input.previousSessionId !== undefined)
      await services.sessions.revoke(trx, input.previousSessionId, 'replaced at sign-in')
    const stage =
      account.totpEnabledAt !== null
        ? 'awaiting_second_factor'
        : needsSecondFactor(account)
          ? 'awaiting_second_factor_setup'
          : 'active'
    const { token, record } = await services.sessions.create(trx, {
      partnershipId: account.partnershipId,
      userId: account.id,
      stage,
      method: 'password',
      ip: origin.ip,
      userAgent: origin.userAgent,
    })
    if (stage === 'active') await completeSignIn(services, trx, account, origin)
    return { kind: 'session', token, session: record, email } as const
  })
}

async function completeSignIn(
  services: Services,
  trx: Transaction<Tables>,
  account: repo.AccountRow,
  origin: Origin,
  method: 'password' | 'oidc' = 'password',
): Promise<void> {
  await repo.markSignedIn(trx, tenantScope(account.partnershipId), account.id, services.clock.now())
  await services.audit.record(trx, {
    partnershipId: account.partnershipId,
    actorUserId: account.id,
    action: 'sign_in',
    recordType: 'user',
    recordId: account.id,
    changes: { method },
    ip: origin.ip,
    requestId: origin.requestId,
  })
}

/** Signs in an account already identified (by an OpenID Connect provider): same rules after. */
export async function signInIdentified(
  services: Services,
  account: repo.AccountRow,
  previousSessionId: string | undefined,
  origin: Origin,
): Promise<{ token: string; session: SessionRecord }> {
  return services.db.transaction().execute(async (trx) => {
    if (previousSessionId !== undefined)
      await services.sessions.revoke(trx, previousSessionId, 'replaced at sign-in')
    const stage =
      account.totpEnabledAt !== null
        ? 'awaiting_second_factor'
        : needsSecondFactor(account)
          ? 'awaiting_second_factor_setup'
          : 'active'
    const created = await services.sessions.create(trx, {
      partnershipId: account.partnershipId,
      userId: account.id,
      stage,
      method: 'oidc',
      ip: origin.ip,
      userAgent: origin.userAgent,
    })
    if (stage === 'active') await completeSignIn(services, trx, account, origin, 'oidc')
    return { token: created.token, session: created.record }
  })
}

async function accountOf(services: Services, session: SessionRecord): Promise<repo.AccountRow> {
  const account = await repo.findAccount(
    services.db,
    tenantScope(session.partnershipId),
    session.userId,
  )
  if (account?.status !== 'active') throw new AppError('unauthenticated')
  return account
}

function totpKey(services: Services): Buffer {
  return deriveKey(services.secret, 'totp')
}

export type SecondFactorResult =
  | { readonly kind: 'throttled' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'session'; readonly token: string; readonly session: SessionRecord }

/** The two-factor step: a correct, unused code replaces the part-way session with a full one. */
export async function completeSecondFactor(
  services: Services,
  session: SessionRecord,
  code: string,
  origin: Origin,
): Promise<SecondFactorResult> {
  const account = await accountOf(services, session)
  const scope = tenantScope(account.partnershipId)
  const now = services.clock.now()
  const accountKey = `totp:${account.id}`
  const failures = await repo.recentFailures(
    services.db,
    accountKey,
    origin.ip,
    new Date(now.getTime() - THROTTLE_WINDOW_MS),
  )
  if (failures.account >= MAX_FAILURES || failures.ip >= MAX_FAILURES) return { kind: 'throttled' }
  const step =
    account.totpSecret === null
      ? undefined
      : verifyTotp(decrypt(totpKey(services), account.totpSecret), code, now, account.totpLastStep)
  return services.db.transaction().execute(async (trx) => {
    const accepted = step !== undefined && (await repo.useTotpStep(trx, scope, account.id, step))
    await repo.recordSignInAttempt(trx, { accountKey, ip: origin.ip, succeeded: accepted, at: now })
    if (!accepted) {
      await services.audit.record(trx, {
        partnershipId: account.partnershipId,
        actorUserId: account.id,
        action: 'failed_sign_in',
        recordType: 'user',
        recordId: account.id,
        changes: { step: 'two_factor' },
        ip: origin.ip,
        requestId: origin.requestId,
      })
      return { kind: 'invalid' } as const
    }
    return { kind: 'session', ...(await promote(services, trx, account, session, origin)) } as const
  })
}

async function promote(
  services: Services,
  trx: Transaction<Tables>,
  account: repo.AccountRow,
  session: SessionRecord,
  origin: Origin,
): Promise<{ token: string; session: SessionRecord }> {
  await services.sessions.revoke(trx, session.id, 'second factor completed')
  const created = await services.sessions.create(trx, {
    partnershipId: account.partnershipId,
    userId: account.id,
    stage: 'active',
    method: session.method,
    ip: origin.ip,
    userAgent: origin.userAgent,
  })
  await completeSignIn(services, trx, account, origin, session.method)
  return { token: created.token, session: created.record }
}

// Two-factor set-up. The new key travels in the page as a sealed (encrypted, authenticated) value
// bound to the user and a time limit, so nothing half-set-up is stored.

export interface TotpSetup {
  readonly secret: string
  readonly sealed: string
}

export function newTotpSetup(services: Services, userId: string): TotpSetup {
  const secret = newTotpSecret()
  const expires = services.clock.now().getTime() + TOTP_SETUP_TTL_MS
  return {
    secret,
    sealed: encrypt(deriveKey(services.secret, 'totp-setup'), `${userId}|${expires}|${secret}`),
  }
}

export function openTotpSetup(
  services: Services,
  userId: string,
  sealed: string,
): TotpSetup | undefined {
  try {
    const [owner, expires, secret] = decrypt(
      deriveKey(services.secret, 'totp-setup'),
      sealed,
    ).split('|')
    if (owner !== userId || secret === undefined) return undefined
    if (Number(expires) <= services.clock.now().getTime()) return undefined
    return { secret, sealed }
  } catch {
    return undefined
  }
}

async function saveTotp(
  services: Services,
  trx: Transaction<Tables>,
  account: repo.AccountRow,
  setup: TotpSetup,
  code: string,
  origin: Origin,
): Promise<boolean> {
  const now = services.clock.now()
  const step = verifyTotp(setup.secret, code, now, null)
  if (step === undefined) return false
  await repo.setTotp(trx, tenantScope(account.partnershipId), account.id, {
    sealedSecret: encrypt(totpKey(services), setup.secret),
    enabledAt: now,
    lastStep: step,
  })
  await services.audit.record(trx, {
    partnershipId: account.partnershipId,
    actorUserId: account.id,
    action: 'update',
    recordType: 'user',
    recordId: account.id,
    changes: {
      before: { twoFactor: account.totpEnabledAt === null ? 'off' : 'on' },
      after: { twoFactor: account.totpEnabledAt === null ? 'on' : 'new key' },
    },
    ip: origin.ip,
    requestId: origin.requestId,
  })
  return true
}

const codeError = (): ValidationError =>
  new ValidationError([
    { field: 'code', message: 'Enter the 6-digit code shown in your authenticator app' },
  ])

/** Forced set-up at sign-in: a correct code saves the key and completes the sign-in. */
export async function setUpSecondFactorAtSignIn(
  services: Services,
  session: SessionRecord,
  sealed: string,
  code: string,
  origin: Origin,
): Promise<{ token: string; session: SessionRecord }> {
  const account = await accountOf(services, session)
  const setup = openTotpSetup(services, account.id, sealed)
  if (setup === undefined) throw new AppError('bad_request', 'The set-up key has expired.')
  return services.db.transaction().execute(async (trx) => {
    if (!(await saveTotp(services, trx, account, setup, code, origin))) throw codeError()
    return promote(services, trx, account, session, origin)
  })
}

/** From the account page: a new authenticator key (replacing any old one). */
export async function resetSecondFactor(
  services: Services,
  actor: Actor,
  sealed: string,
  code: string,
  origin: Origin,
): Promise<void> {
  const account = await repo.findAccount(
    services.db,
    tenantScope(actor.partnershipId),
    actor.userId,
  )
  if (account === undefined) throw new AppError('unauthenticated')
  const setup = openTotpSetup(services, account.id, sealed)
  if (setup === undefined) throw new AppError('bad_request', 'The set-up key has expired.')
  await services.db.transaction().execute(async (trx) => {
    if (!(await saveTotp(services, trx, account, setup, code, origin))) throw codeError()
  })
}

export async function signOut(
  services: Services,
  session: SessionRecord,
  origin: Origin,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.sessions.revoke(trx, session.id, 'signed out')
    await services.audit.record(trx, {
      partnershipId: session.partnershipId,
      actorUserId: session.userId,
      action: 'sign_out',
      recordType: 'user',
      recordId: session.userId,
      ip: origin.ip,
      requestId: origin.requestId,
    })
  })
}

export async function signOutEverywhere(
  services: Services,
  actor: Actor,
  origin: Origin,
): Promise<number> {
  return services.db.transaction().execute(async (trx) => {
    const ended = await services.sessions.revokeAllForUser(
      trx,
      tenantScope(actor.partnershipId),
      actor.userId,
      'signed out everywhere',
    )
    await services.audit.record(trx, {
      partnershipId: actor.partnershipId,
      actorUserId: actor.userId,
      action: 'sign_out',
      recordType: 'user',
      recordId: actor.userId,
      changes: { everywhere: true, sessionsEnded: ended },
      ip: origin.ip,
      requestId: origin.requestId,
    })
    return ended
  })
}

/** A new password from the account page: needs the current one; ends the person's other sessions. */
export async function changePassword(
  services: Services,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  origin: Origin,
): Promise<void> {
  const scope = tenantScope(actor.partnershipId)
  const account = await repo.findAccount(services.db, scope, actor.userId)
  if (account === undefined) throw new AppError('unauthenticated')
  if (!(await verifyPassword(input.currentPassword, account.passwordHash)))
    throw new ValidationError([
      { field: 'currentPassword', message: 'Your current password is not correct' },
    ])
  const hash = await hashPassword(input.newPassword)
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    await repo.setPasswordHash(trx, scope, account.id, hash, now)
    const keep = actor.via.kind === 'session' ? actor.via.sessionId : ''
    await repo.revokeOtherSessions(trx, scope, account.id, keep, now, 'password changed')
    await services.audit.record(trx, {
      partnershipId: actor.partnershipId,
      actorUserId: actor.userId,
      action: 'update',
      recordType: 'user',
      recordId: actor.userId,
      changes: { after: { password: 'changed' } },
      ip: origin.ip,
      requestId: origin.requestId,
    })
  })
}

// Single-use links.

/** Makes a single-use link for the account inside the caller's transaction; returns its URL. */
export async function issueAccountLink(
  services: Services,
  trx: Transaction<Tables>,
  scope: TenantScope,
  userId: string,
  purpose: 'invitation' | 'password_reset',
): Promise<string> {
  const now = services.clock.now()
  await repo.retireAccountTokens(trx, scope, userId, purpose, now)
  const token = randomToken()
  await repo.insertAccountToken(trx, scope, {
    tokenHash: sha256(token),
    purpose,
    userId,
    createdAt: now,
    expiresAt: new Date(
      now.getTime() + (purpose === 'invitation' ? INVITATION_TTL_MS : PASSWORD_RESET_TTL_MS),
    ),
  })
  const path =
    purpose === 'invitation'
      ? platformPaths.acceptInvitation({ token })
      : platformPaths.resetPassword({ token })
  return `${services.config.baseUrl}${path}`
}

/**
 * "Forgot your password": if the address belongs to an active person with a password, email a
 * link. The answer is the same either way. At most 3 links an hour per account.
 */
export async function requestPasswordReset(
  services: Services,
  email: string,
  origin: Origin,
): Promise<void> {
  const account = await repo.findAccountByEmail(services.db, email)
  if (account?.status !== 'active' || account.kind !== 'person') return
  const scope = tenantScope(account.partnershipId)
  const now = services.clock.now()
  const recent = await repo.countRecentAccountTokens(
    services.db,
    scope,
    account.id,
    'password_reset',
    new Date(now.getTime() - 60 * 60 * 1000),
  )
  if (recent >= 3) return
  await services.db.transaction().execute(async (trx) => {
    const link = await issueAccountLink(services, trx, scope, account.id, 'password_reset')
    await services.audit.record(trx, {
      partnershipId: account.partnershipId,
      actorUserId: null,
      actorLabel: 'password reset request',
      action: 'create',
      recordType: 'password_reset_link',
      recordId: account.id,
      ip: origin.ip,
      requestId: origin.requestId,
    })
    await services.mail.queue(trx, {
      to: account.email,
      partnershipId: account.partnershipId,
      secrets: [link],
      subject: 'Reset your Assure password',
      text: [
        `Dear ${account.displayName},`,
        '',
        'Someone asked to reset the password for your Assure account. To choose a new password, open this link:',
        '',
        link,
        '',
        'The link works once, for 1 hour. If you did not ask for this, you can ignore this email: your password has not changed.',
      ].join('\n'),
    })
  })
}

export async function liveLink(
  services: Services,
  token: string,
  purpose: 'invitation' | 'password_reset',
): Promise<repo.AccountRow | undefined> {
  if (token.length < 20 || token.length > 100) return undefined
  const found = await repo.findLiveAccountToken(
    services.db,
    sha256(token),
    purpose,
    services.clock.now(),
  )
  if (found === undefined) return undefined
  const account = await repo.findAccount(
    services.db,
    tenantScope(found.partnershipId),
    found.userId,
  )
  if (account === undefined) return undefined
  if (purpose === 'invitation' ? account.status !== 'invited' : account.status !== 'active')
    return undefined
  return account
}

/**
 * Uses a reset or invitation link to set a password. Returns false when the link is unknown,
 * used or expired. A reset ends every session; an invitation makes the account active.
 */
export async function setPasswordWithLink(
  services: Services,
  token: string,
  purpose: 'invitation' | 'password_reset',
  newPassword: string,
  origin: Origin,
): Promise<boolean> {
  const account = await liveLink(services, token, purpose)
  if (account === undefined) return false
  const hash = await hashPassword(newPassword)
  const scope = tenantScope(account.partnershipId)
  return services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    if (!(await repo.useAccountToken(trx, sha256(token), now))) return false
    if (purpose === 'invitation') {
      if (!(await repo.activateInvitedUser(trx, scope, account.id, hash, now))) return false
    } else {
      await repo.setPasswordHash(trx, scope, account.id, hash, now)
      await services.sessions.revokeAllForUser(trx, scope, account.id, 'password reset')
    }
    await services.audit.record(trx, {
      partnershipId: account.partnershipId,
      actorUserId: account.id,
      action: 'update',
      recordType: 'user',
      recordId: account.id,
      changes:
        purpose === 'invitation'
          ? { before: { status: 'invited' }, after: { status: 'active', password: 'set' } }
          : { after: { password: 'reset' } },
      ip: origin.ip,
      requestId: origin.requestId,
    })
    return true
  })
}

export async function listMySessions(
  services: Services,
  actor: Actor,
): Promise<repo.SessionSummary[]> {
  return repo.listLiveSessions(
    services.db,
    tenantScope(actor.partnershipId),
    services.clock.now(),
    actor.userId,
  )
}

export async function accountFor(
  services: Services,
  actor: Actor,
): Promise<repo.AccountRow | undefined> {
  return repo.findAccount(services.db, tenantScope(actor.partnershipId), actor.userId)
}

export async function accountEmail(
  services: Services,
  partnershipId: string,
  userId: string,
): Promise<string | undefined> {
  return (await repo.findAccount(services.db, tenantScope(partnershipId), userId))?.email
}

/** An external sign-in that Assure refused (audited like a failed password sign-in). */
export async function recordFailedExternalSignIn(
  services: Services,
  problem: string,
  detail: { email?: string; account?: repo.AccountRow },
  origin: Origin,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, {
      partnershipId: detail.account?.partnershipId ?? null,
      actorUserId: detail.account?.id ?? null,
      actorLabel: detail.account === undefined ? (detail.email ?? null) : null,
      action: 'failed_sign_in',
      recordType: 'user',
      recordId: detail.account?.id ?? null,
      changes: { step: 'oidc', problem },
      ip: origin.ip,
      requestId: origin.requestId,
    })
  })
}

/**
 * An invited person who signs in through the organisation's provider accepts their invitation
 * by doing so: the account becomes active (without a password) and the invitation link is spent.
 */
export async function acceptInvitationByExternalSignIn(
  services: Services,
  account: repo.AccountRow,
  origin: Origin,
): Promise<repo.AccountRow> {
  const scope = tenantScope(account.partnershipId)
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    await repo.activateInvitedUser(trx, scope, account.id, null, now)
    await repo.retireAccountTokens(trx, scope, account.id, 'invitation', now)
    await services.audit.record(trx, {
      partnershipId: account.partnershipId,
      actorUserId: account.id,
      action: 'update',
      recordType: 'user',
      recordId: account.id,
      changes: { before: { status: 'invited' }, after: { status: 'active', via: 'oidc' } },
      ip: origin.ip,
      requestId: origin.requestId,
    })
  })
  return { ...account, status: 'active' }
}

export type SecondFactorCheck = 'confirmed' | 'invalid' | 'throttled'

/**
 * A fresh second-factor code from someone already signed in, for a step that must be theirs alone
 * (making an API token for a case-level account, ADR 0016). Throttled, single-use and audited like
 * the sign-in step; a code already used (at sign-in or here) is refused.
 */
export async function confirmSecondFactor(
  services: Services,
  actor: { readonly userId: string; readonly partnershipId: string },
  code: string,
  origin: { readonly ip: string; readonly requestId: string },
): Promise<SecondFactorCheck> {
  const scope = tenantScope(actor.partnershipId)
  const account = await repo.findAccount(services.db, scope, actor.userId)
  if (account?.status !== 'active') throw new AppError('unauthenticated')
  const now = services.clock.now()
  const accountKey = `totp:${account.id}`
  const failures = await repo.recentFailures(
    services.db,
    accountKey,
    origin.ip,
    new Date(now.getTime() - THROTTLE_WINDOW_MS),
  )
  if (failures.account >= MAX_FAILURES || failures.ip >= MAX_FAILURES) return 'throttled'
  const step =
    account.totpSecret === null
      ? undefined
      : verifyTotp(decrypt(totpKey(services), account.totpSecret), code, now, account.totpLastStep)
  return services.db.transaction().execute(async (trx) => {
    const accepted = step !== undefined && (await repo.useTotpStep(trx, scope, account.id, step))
    await repo.recordSignInAttempt(trx, { accountKey, ip: origin.ip, succeeded: accepted, at: now })
    if (!accepted)
      await services.audit.record(trx, {
        partnershipId: account.partnershipId,
        actorUserId: account.id,
        action: 'failed_sign_in',
        recordType: 'user',
        recordId: account.id,
        changes: { step: 'two_factor_confirmation' },
        ip: origin.ip,
        requestId: origin.requestId,
      })
    return accepted ? 'confirmed' : 'invalid'
  })
}
