// SQL for administration: accounts, roles, invitations, sessions, API tokens and the audit trail.
// Every function takes the partnership's TenantScope and filters every statement by it.
import { sql, type Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { isRole, type Role } from '../../platform/access/roles.ts'
import type { AuditAction, UserStatus } from '../../platform/db/tables.ts'
import type { TenantScope } from '../../platform/tenancy.ts'

export interface UserRow {
  readonly id: string
  readonly kind: 'person' | 'service'
  readonly email: string
  readonly displayName: string
  readonly agencyId: string | null
  readonly agencyName: string | null
  readonly status: UserStatus
  readonly twoFactor: boolean
  readonly lastSignInAt: Date | null
  readonly createdAt: Date
  readonly roles: readonly Role[]
}

export async function listUsers(
  db: Kysely<Tables>,
  scope: TenantScope,
  filter: { status?: UserStatus; userId?: string } = {},
): Promise<UserRow[]> {
  let query = db
    .selectFrom('app_user as u')
    .leftJoin('agency as a', (j) =>
      j.onRef('a.partnership_id', '=', 'u.partnership_id').onRef('a.id', '=', 'u.agency_id'),
    )
    .select([
      'u.id',
      'u.kind',
      'u.email',
      'u.display_name',
      'u.agency_id',
      'a.name as agency_name',
      'u.status',
      'u.totp_enabled_at',
      'u.last_sign_in_at',
      'u.created_at',
    ])
    .where('u.partnership_id', '=', scope.partnershipId)
  if (filter.status !== undefined) query = query.where('u.status', '=', filter.status)
  if (filter.userId !== undefined) query = query.where('u.id', '=', filter.userId)
  const rows = await query.orderBy('u.display_name').orderBy('u.email').execute()
  const roleRows =
    rows.length === 0
      ? []
      : await db
          .selectFrom('user_role')
          .select(['user_id', 'role'])
          .where('partnership_id', '=', scope.partnershipId)
          .where(
            'user_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
  const rolesOf = new Map<string, Role[]>()
  for (const r of roleRows) {
    if (!isRole(r.role)) continue
    rolesOf.set(r.user_id, [...(rolesOf.get(r.user_id) ?? []), r.role])
  }
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    email: r.email,
    displayName: r.display_name,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    status: r.status,
    twoFactor: r.totp_enabled_at !== null,
    lastSignInAt: r.last_sign_in_at,
    createdAt: r.created_at,
    roles: rolesOf.get(r.id) ?? [],
  }))
}

export async function findUser(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
): Promise<UserRow | undefined> {
  return (await listUsers(db, scope, { userId }))[0]
}

export async function emailInUse(db: Kysely<Tables>, email: string): Promise<boolean> {
  // Addresses are unique across the installation (they say which partnership to sign in to).
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
  return row !== undefined
}

export async function insertUser(
  db: Kysely<Tables>,
  scope: TenantScope,
  values: {
    kind: 'person' | 'service'
    email: string
    displayName: string
    agencyId: string | null
    status: UserStatus
  },
): Promise<string> {
  const row = await db
    .insertInto('app_user')
    .values({
      partnership_id: scope.partnershipId,
      kind: values.kind,
      email: values.email.toLowerCase(),
      display_name: values.displayName,
      agency_id: values.agencyId,
      status: values.status,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function setRoles(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  roles: readonly Role[],
): Promise<void> {
  await db
    .deleteFrom('user_role')
    .where('partnership_id', '=', scope.partnershipId)
    .where('user_id', '=', userId)
    .execute()
  if (roles.length > 0)
    await db
      .insertInto('user_role')
      .values(roles.map((role) => ({ partnership_id: scope.partnershipId, user_id: userId, role })))
      .execute()
}

export async function updateUser(
  db: Kysely<Tables>,
  scope: TenantScope,
  userId: string,
  values: { agencyId?: string | null; status?: UserStatus; now: Date },
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({
      ...(values.agencyId === undefined ? {} : { agency_id: values.agencyId }),
      ...(values.status === undefined ? {} : { status: values.status }),
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .execute()
}

export async function agencyExists(
  db: Kysely<Tables>,
  scope: TenantScope,
  agencyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', agencyId)
    .executeTakeFirst()
  return row !== undefined
}

export async function listAgencies(
  db: Kysely<Tables>,
  scope: TenantScope,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('active', '=', true)
    .orderBy('name')
    .execute()
}

export interface InvitationRow {
  readonly userId: string
  readonly displayName: string
  readonly email: string
  readonly sentAt: Date
  readonly expiresAt: Date
}

/** Invited accounts with the latest invitation each (live or not). */
export async function listInvitations(
  db: Kysely<Tables>,
  scope: TenantScope,
): Promise<InvitationRow[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .leftJoin('account_token as t', (j) =>
      j
        .onRef('t.partnership_id', '=', 'u.partnership_id')
        .onRef('t.user_id', '=', 'u.id')
        .on('t.purpose', '=', 'invitation'),
    )
    .select(['u.id', 'u.display_name', 'u.email', 't.created_at', 't.expires_at'])
    .where('u.partnership_id', '=', scope.partnershipId)
    .where('u.status', '=', 'invited')
    .orderBy('t.created_at', 'desc')
    .execute()
  const seen = new Set<string>()
  const result: InvitationRow[] = []
  for (const r of rows) {
    if (seen.has(r.id) || r.created_at === null || r.expires_at === null) continue
    seen.add(r.id)
    result.push({
      userId: r.id,
      displayName: r.display_name,
      email: r.email,
      sentAt: r.created_at,
      expiresAt: r.expires_at,
    })
  }
  return result
}

export async function findSession(
  db: Kysely<Tables>,
  scope: TenantScope,
  sessionId: string,
): Promise<{ id: string; userId: string; revokedAt: Date | null } | undefined> {
  const row = await db
    .selectFrom('session')
    .select(['id', 'user_id', 'revoked_at'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : { id: row.id, userId: row.user_id, revokedAt: row.revoked_at }
}

export async function revokeSession(
  db: Kysely<Tables>,
  scope: TenantScope,
  sessionId: string,
  now: Date,
  reason: string,
): Promise<void> {
  await db
    .updateTable('session')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute()
}

export interface ApiTokenRow {
  readonly id: string
  readonly name: string
  readonly userId: string
  readonly userName: string
  readonly prefix: string
  readonly permissions: readonly string[]
  readonly createdAt: Date
  readonly expiresAt: Date | null
  readonly lastUsedAt: Date | null
  readonly revokedAt: Date | null
}

export async function listApiTokens(
  db: Kysely<Tables>,
  scope: TenantScope,
  tokenId?: string,
): Promise<ApiTokenRow[]> {
  let query = db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 't.partnership_id').onRef('u.id', '=', 't.user_id'),
    )
    .select([
      't.id',
      't.name',
      't.user_id',
      'u.display_name',
      't.token_prefix',
      't.permissions',
      't.created_at',
      't.expires_at',
      't.last_used_at',
      't.revoked_at',
    ])
    .where('t.partnership_id', '=', scope.partnershipId)
  if (tokenId !== undefined) query = query.where('t.id', '=', tokenId)
  const rows = await query.orderBy('t.created_at', 'desc').execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    userId: r.user_id,
    userName: r.display_name,
    prefix: r.token_prefix,
    permissions: r.permissions,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }))
}

export async function insertApiToken(
  db: Kysely<Tables>,
  scope: TenantScope,
  values: {
    userId: string
    name: string
    hash: string
    prefix: string
    permissions: readonly string[]
    createdAt: Date
    createdBy: string
    expiresAt: Date | null
  },
): Promise<string> {
  const row = await db
    .insertInto('api_token')
    .values({
      partnership_id: scope.partnershipId,
      user_id: values.userId,
      name: values.name,
      token_hash: values.hash,
      token_prefix: values.prefix,
      permissions: [...values.permissions],
      created_at: values.createdAt,
      created_by: values.createdBy,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function revokeApiToken(
  db: Kysely<Tables>,
  scope: TenantScope,
  tokenId: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute()
}

// The audit trail.

export interface AuditFilter {
  readonly userId?: string
  readonly recordType?: string
  readonly recordId?: string
  readonly action?: AuditAction
  /** Inclusive instants. */
  readonly from?: Date
  readonly to?: Date
}

export interface AuditRow {
  readonly id: number
  readonly occurredAt: Date
  readonly actorUserId: string | null
  readonly actorName: string | null
  readonly actorLabel: string | null
  readonly action: AuditAction
  readonly recordType: string
  readonly recordId: string | null
  readonly changes: unknown
  readonly ip: string | null
}

function auditQuery(db: Kysely<Tables>, scope: TenantScope, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_event as e')
    .leftJoin('app_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'e.partnership_id').onRef('u.id', '=', 'e.actor_user_id'),
    )
    .where('e.partnership_id', '=', scope.partnershipId)
  if (filter.userId !== undefined) query = query.where('e.actor_user_id', '=', filter.userId)
  if (filter.recordType !== undefined) query = query.where('e.record_type', '=', filter.recordType)
  if (filter.recordId !== undefined) query = query.where('e.record_id', '=', filter.recordId)
  if (filter.action !== undefined) query = query.where('e.action', '=', filter.action)
  if (filter.from !== undefined) query = query.where('e.occurred_at', '>=', filter.from)
  if (filter.to !== undefined) query = query.where('e.occurred_at', '<=', filter.to)
  return query
}

export async function searchAudit(
  db: Kysely<Tables>,
  scope: TenantScope,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const count = await auditQuery(db, scope, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await auditQuery(db, scope, filter)
    .select([
      'e.id',
      'e.occurred_at',
      'e.actor_user_id',
      'u.display_name',
      'e.actor_label',
      'e.action',
      'e.record_type',
      'e.record_id',
      'e.changes',
      'e.ip',
    ])
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return {
    total: count.n,
    rows: rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      actorUserId: r.actor_user_id,
      actorName: r.display_name,
      actorLabel: r.actor_label,
      action: r.action,
      recordType: r.record_type,
      recordId: r.record_id,
      changes: r.changes,
      ip: r.ip,
    })),
  }
}

export interface ViewerRow {
  readonly userId: string | null
  readonly name: string | null
  readonly views: number
  readonly firstAt: Date
  readonly lastAt: Date
}

/** Who looked at (or exported, or changed) one record, and when first and last. */
export async function whoLooked(
  db: Kysely<Tables>,
  scope: TenantScope,
  recordType: string,
  recordId: string,
): Promise<ViewerRow[]> {
  const rows = await db
    .selectFrom('audit_event as e')
    .leftJoin('app_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'e.partnership_id').onRef('u.id', '=', 'e.actor_user_id'),
    )
    .select([
      'e.actor_user_id',
      'u.display_name',
      (eb) => eb.fn.countAll<number>().as('views'),
      (eb) => eb.fn.min('e.occurred_at').as('first_at'),
      (eb) => eb.fn.max('e.occurred_at').as('last_at'),
    ])
    .where('e.partnership_id', '=', scope.partnershipId)
    .where('e.record_type', '=', recordType)
    .where('e.record_id', '=', recordId)
    .groupBy(['e.actor_user_id', 'u.display_name'])
    .orderBy(sql`max(e.occurred_at)`, 'desc')
    .execute()
  return rows.map((r) => ({
    userId: r.actor_user_id,
    name: r.display_name,
    views: r.views,
    firstAt: new Date(r.first_at),
    lastAt: new Date(r.last_at),
  }))
}

export async function recordTypes(db: Kysely<Tables>, scope: TenantScope): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select('record_type')
    .distinct()
    .where('partnership_id', '=', scope.partnershipId)
    .orderBy('record_type')
    .execute()
  return rows.map((r) => r.record_type)
}

// Role grant proposals: a case-level role needs a second administrator (ADR 0016).

export * from './proposal-repository.ts'
