// SQL for accounts, sign-in attempts, single-use account links and sessions. Functions that work
// inside one partnership take its TenantScope; the few that cannot (finding an account by the
// email address typed at sign-in, a link's token) say why.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { isRole, type Role } from '../access/roles.ts'
import type { TenantScope } from '../tenancy.ts'
import { IDLE_TIMEOUT_MS } from './sessions.ts'

/** A uuid no account has: queries for no one do the same work as queries for someone. */
export const NO_ONE = '00000000-0000-0000-0000-000000000000'

export interface AccountRow {
  readonly partnershipId: string
  readonly id: string
  readonly kind: 'person' | 'service'
  readonly email: string
  readonly displayName: string
  readonly status: 'invited' | 'active' | 'deactivated'
  readonly passwordHash: string | null
  readonly totpSecret: string | null
  readonly totpEnabledAt: Date | null
  readonly totpLastStep: number | null
  readonly roles: ReadonlySet<Role>
}

const accountColumns = [
  'partnership_id',
  'id',
  'kind',
  'email',
  'display_name',
  'status',
  'password_hash',
  'totp_secret',
  'totp_enabled_at',
  'totp_last_step',
] as const

async function withRoles(
  db: Kysely<Tables>,
  row:
    | {
        partnership_id: string
        id: string
        kind: 'person' | 'service'
        email: string
        display_name: string
        status: 'invited' | 'active' | 'deactivated'
        password_hash: string | null
        totp_secret: string | null
        totp_enabled_at: Date | null
        totp_last_step: number | null
      }
    | undefined,
): Promise<AccountRow | undefined> {
  // Not found does the same work as found (the roles query, for no one), so timing tells nothing.
  const roles = await db
    .selectFrom('user_role')
    .select('role')
    .where('partnership_id', '=', row?.partnership_id ?? NO_ONE)
    .where('user_id', '=', row?.id ?? NO_ONE)
    .execute()
  if (row === undefined) return undefined
  return {
    partnershipId: row.partnership_id,
    id: row.id,
    kind: row.kind,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabledAt: row.totp_enabled_at,
    totpLastStep: row.totp_last_step,
    roles: new Set(roles.map((r) => r.role).filter(isRole)),
  }
}

/**
 * The account for an email address, in whichever partnership holds it. Not scoped: at sign-in the
 * address is what says which partnership someone belongs to (addresses are unique installation-wide).
 */
export async function findAccountByEmail(
  db: Kysely<Tables>,
  email: string,
): Promise<AccountRow | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(accountColumns)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
  return withRoles(db, row)
}

export async function findAccount(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
): Promise<AccountRow | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(accountColumns)
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .executeTakeFirst()
  return withRoles(db, row)
}

export async function recordSignInAttempt(
  db: Kysely<Tables>,
  attempt: { accountKey: string; ip: string; succeeded: boolean; at: Date },
): Promise<void> {
  await db
    .insertInto('sign_in_attempt')
    .values({
      account_key: attempt.accountKey,
      ip: attempt.ip,
      succeeded: attempt.succeeded,
      attempted_at: attempt.at,
    })
    .execute()
}

/**
 * Failed attempts since `since`: for the account key (only those after its last success, so a
 * person who gets in starts afresh) and from the address.
 */
export async function recentFailures(
  db: Kysely<Tables>,
  accountKey: string,
  ip: string,
  since: Date,
): Promise<{ account: number; ip: number }> {
  const lastSuccess = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.max('attempted_at').as('at'))
    .where('account_key', '=', accountKey)
    .where('succeeded', '=', true)
    .where('attempted_at', '>=', since)
    .executeTakeFirst()
  const accountSince =
    lastSuccess?.at != null && new Date(lastSuccess.at).getTime() > since.getTime()
      ? new Date(lastSuccess.at)
      : since
  const account = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_key', '=', accountKey)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', accountSince)
    .executeTakeFirstOrThrow()
  const fromIp = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow()
  return { account: account.n, ip: fromIp.n }
}

export async function setPasswordHash(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  hash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: hash, updated_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .execute()
}

export async function activateInvitedUser(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  /** Null for someone who signs in through an OpenID Connect provider and has no password. */
  hash: string | null,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ password_hash: hash, status: 'active', updated_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .where('status', '=', 'invited')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function setTotp(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  values: { sealedSecret: string; enabledAt: Date; lastStep: number },
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({
      totp_secret: values.sealedSecret,
      totp_enabled_at: values.enabledAt,
      totp_last_step: values.lastStep,
      updated_at: values.enabledAt,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .execute()
}

/**
 * The account's two-factor lock-out, with the account row locked until the transaction ends, so
 * concurrent guesses are counted one after another.
 */
export async function lockSecondFactorState(
  trx: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const row = await trx
    .selectFrom('app_user')
    .select(['totp_failures', 'totp_locked_until'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  return { failures: row.totp_failures, lockedUntil: row.totp_locked_until }
}

export async function setSecondFactorState(
  trx: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  state: { failures: number; lockedUntil: Date | null },
): Promise<void> {
  await trx
    .updateTable('app_user')
    .set({ totp_failures: state.failures, totp_locked_until: state.lockedUntil })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .execute()
}

/** Every attempt under a key since a time (password reset requests per address). */
export async function countAttempts(
  db: Kysely<Tables>,
  accountKey: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_key', '=', accountKey)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow()
  return row.n
}

/** Remembers the step a code was accepted for; false when a concurrent request used it first. */
export async function useTotpStep(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ totp_last_step: step })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function markSignedIn(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ last_sign_in_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .execute()
}

// Single-use links (invitations, password resets). Only the token's hash is stored.

export async function insertAccountToken(
  db: Kysely<Tables>,
  scope: TenantScope,
  values: {
    tokenHash: string
    purpose: 'invitation' | 'password_reset'
    userId: string
    createdAt: Date
    expiresAt: Date
  },
): Promise<void> {
  await db
    .insertInto('account_token')
    .values({
      token_hash: values.tokenHash,
      purpose: values.purpose,
      partnership_id: scope.partnershipId,
      user_id: values.userId,
      created_at: values.createdAt,
      expires_at: values.expiresAt,
    })
    .execute()
}

/** A live link by its hash. Not scoped: the link itself is what identifies the account. */
export async function findLiveAccountToken(
  db: Kysely<Tables>,
  tokenHash: string,
  purpose: 'invitation' | 'password_reset',
  now: Date,
): Promise<{ partnershipId: string; userId: string } | undefined> {
  const row = await db
    .selectFrom('account_token')
    .select(['partnership_id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row === undefined ? undefined : { partnershipId: row.partnership_id, userId: row.user_id }
}

/** Uses a link up; false if it was already used (a second, concurrent use). */
export async function useAccountToken(
  db: Kysely<Tables>,
  tokenHash: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('account_token')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Ends every other unused link of this purpose for the user (a new one replaces them). */
export async function retireAccountTokens(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  purpose: 'invitation' | 'password_reset',
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('account_token')
    .set({ used_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export interface SessionSummary {
  readonly id: string
  readonly userId: string
  readonly displayName: string
  readonly email: string
  readonly method: 'password' | 'oidc'
  readonly createdAt: Date
  readonly lastSeenAt: Date
  readonly expiresAt: Date
  readonly ip: string | null
  readonly userAgent: string | null
}

/** Live, fully signed-in sessions in the partnership (of one user, when given). */
export async function listLiveSessions(
  db: Kysely<Tables>,
  scope: TenantScope,
  now: Date,
  userId?: string,
): Promise<SessionSummary[]> {
  let query = db
    .selectFrom('session as s')
    .innerJoin('app_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 's.partnership_id').onRef('u.id', '=', 's.user_id'),
    )
    .select([
      's.id',
      's.user_id',
      'u.display_name',
      'u.email',
      's.method',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.ip',
      's.user_agent',
    ])
    .where('s.partnership_id', '=', scope.partnershipId)
    .where('s.revoked_at', 'is', null)
    .where('s.stage', '=', 'active')
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', new Date(now.getTime() - IDLE_TIMEOUT_MS))
  if (userId !== undefined) query = query.where('s.user_id', '=', userId)
  const rows = await query.orderBy('s.last_seen_at', 'desc').limit(500).execute()
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    displayName: r.display_name,
    email: r.email,
    method: r.method,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
  }))
}

/** Revokes every session of a user but one (after a password change, the one that changed it). */
export async function revokeOtherSessions(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  keepSessionId: string,
  now: Date,
  reason: string,
): Promise<number> {
  const result = await db
    .updateTable('session')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('partnership_id', '=', scope.partnershipId)
    .where('user_id', '=', userId)
    .where('id', '!=', keepSessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
