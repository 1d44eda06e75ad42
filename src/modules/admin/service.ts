// Administration use cases. Each: authorise, check the record is in the partnership (404 if not),
// guard its state, change it in a transaction with its audit entry and the mail it causes.
// Role changes and deactivation end the person's sessions; both take effect on their next request
// because the actor is read afresh on every request (src/platform/identity/actors.ts).
import { auditActorLabel } from '../../platform/access/policy.ts'
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { isRole, roles as allRoles, type Role } from '../../platform/access/roles.ts'
import type { AuditEntry } from '../../platform/audit/audit-trail.ts'
import type { AuditAction } from '../../platform/db/tables.ts'
import { ValidationError, conflict, forbidden, notFound } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/access-control.ts'
import { newApiToken } from '../../platform/identity/api-tokens.ts'
import { listLiveSessions, retireAccountTokens } from '../../platform/identity/repository.ts'
import { confirmSecondFactor, issueAccountLink } from '../../platform/identity/service.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid } from '../../platform/tenancy.ts'
import * as repo from './repository.ts'

export const ADMIN_PERMISSIONS = {
  /** Accounts, roles, invitations, sessions and API tokens. */
  users: 'admin.users',
  /** Search and export the audit trail. */
  audit: 'admin.audit',
  /**
   * Make an API token for yourself, after your second factor: the only way a token for someone
   * with a case-level role is made (ADR 0016). Held by the case-level teams.
   */
  ownTokens: 'account.api_tokens',
} as const

export type { ApiTokenRow, AuditRow, InvitationRow, UserRow, ViewerRow } from './repository.ts'

function audited(ctx: RequestContext, entry: Omit<AuditEntry, 'partnershipId' | 'actorUserId'>) {
  return {
    ...entry,
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor.userId,
    actorLabel: auditActorLabel(ctx.actor),
    ip: ctx.ip,
    requestId: ctx.requestId,
  }
}

async function userInPartnership(
  services: Services,
  ctx: RequestContext,
  userId: string,
): Promise<repo.UserRow> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  if (!isUuid(userId)) throw notFound()
  const user = await repo.findUser(services.db, ctx.scope, userId)
  if (user === undefined) throw notFound()
  return user
}

export async function listUsers(services: Services, ctx: RequestContext): Promise<repo.UserRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  return repo.listUsers(services.db, ctx.scope)
}

/** Every account with its roles, for the page that says what each role grants and who holds it. */
export async function roleHolders(
  services: Services,
  ctx: RequestContext,
): Promise<repo.UserRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  return (await repo.listUsers(services.db, ctx.scope)).filter((u) => u.status !== 'deactivated')
}

export async function getUser(
  services: Services,
  ctx: RequestContext,
  userId: string,
): Promise<{
  user: repo.UserRow
  sessions: Awaited<ReturnType<typeof listSessions>>
  tokens: repo.ApiTokenRow[]
}> {
  const user = await userInPartnership(services, ctx, userId)
  const sessions = (await listSessions(services, ctx)).filter((s) => s.userId === userId)
  const tokens = (await repo.listApiTokens(services.db, ctx.scope)).filter(
    (t) => t.userId === userId,
  )
  return { user, sessions, tokens }
}

export async function agencies(services: Services, ctx: RequestContext) {
  return repo.listAgencies(services.db, ctx.scope)
}

async function checkAgency(
  services: Services,
  ctx: RequestContext,
  agencyId: string | null,
): Promise<void> {
  if (agencyId !== null && !(await repo.agencyExists(services.db, ctx.scope, agencyId)))
    throw new ValidationError([{ field: 'agencyId', message: 'Select an agency from the list' }])
}

export interface InviteInput {
  readonly email: string
  readonly displayName: string
  readonly agencyId: string | null
  readonly roles: readonly Role[]
}

/** Creates an invited account and emails a single-use link to set a password. */
export async function invite(
  services: Services,
  ctx: RequestContext,
  input: InviteInput,
): Promise<string> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  await checkAgency(services, ctx, input.agencyId)
  if (await repo.emailInUse(services.db, input.email))
    throw new ValidationError([
      { field: 'email', message: 'This email address already has an account' },
    ])
  const { userId } = await services.db.transaction().execute(async (trx) => {
    const id = await repo.insertUser(trx, ctx.scope, {
      kind: 'person',
      email: input.email,
      displayName: input.displayName,
      agencyId: input.agencyId,
      status: 'invited',
    })
    // Case-level roles wait for a second administrator, like any other grant of one.
    const granted = withoutCaseLevel(services, input.roles)
    await repo.setRoles(trx, ctx.scope, id, granted)
    if (granted.length < input.roles.length)
      await propose(services, trx, ctx, id, {
        roles: input.roles,
        basedOnRoles: granted,
        agencyId: input.agencyId,
      })
    const url = await issueAccountLink(services, trx, ctx.scope, id, 'invitation')
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'create',
        recordType: 'user',
        recordId: id,
        changes: {
          after: {
            email: input.email,
            displayName: input.displayName,
            agencyId: input.agencyId,
            roles: granted,
            status: 'invited',
          },
        },
      }),
    )
    await sendInvitation(services, trx, ctx, input.email, input.displayName, url)
    return { userId: id, link: url }
  })
  return userId
}

async function sendInvitation(
  services: Services,
  trx: Transaction<Tables>,
  ctx: RequestContext,
  email: string,
  displayName: string,
  link: string,
): Promise<void> {
  await services.mail.queue(trx, {
    to: email,
    partnershipId: ctx.scope.partnershipId,
    secrets: [link],
    subject: 'You have been invited to Assure',
    text: [
      `Dear ${displayName},`,
      '',
      `${ctx.actor.displayName} has invited you to use Assure, the safeguarding children partnership's system.`,
      'To set your password and sign in, open this link:',
      '',
      link,
      '',
      'The link works once, for 7 days.',
    ].join('\n'),
  })
}

export async function resendInvitation(
  services: Services,
  ctx: RequestContext,
  userId: string,
): Promise<void> {
  const user = await userInPartnership(services, ctx, userId)
  if (user.status !== 'invited') throw conflict('Only invited accounts can be sent an invitation.')
  await services.db.transaction().execute(async (trx) => {
    const url = await issueAccountLink(services, trx, ctx.scope, userId, 'invitation')
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'user',
        recordId: userId,
        changes: { after: { invitation: 'sent again' } },
      }),
    )
    await sendInvitation(services, trx, ctx, user.email, user.displayName, url)
  })
}

/** Withdraws an invitation: its links stop working and the account is deactivated. */
export async function revokeInvitation(
  services: Services,
  ctx: RequestContext,
  userId: string,
): Promise<void> {
  const user = await userInPartnership(services, ctx, userId)
  if (user.status !== 'invited') throw conflict('Only invited accounts have an invitation.')
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    await retireAccountTokens(trx, ctx.scope, userId, 'invitation', now)
    await repo.updateUser(trx, ctx.scope, userId, { status: 'deactivated', now })
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'user',
        recordId: userId,
        changes: { before: { status: 'invited' }, after: { status: 'deactivated' } },
      }),
    )
  })
}

export async function listInvitations(
  services: Services,
  ctx: RequestContext,
): Promise<repo.InvitationRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  return repo.listInvitations(services.db, ctx.scope)
}

function withoutCaseLevel(services: Services, roles: readonly Role[]): Role[] {
  const caseLevel = services.policy.caseLevelRoles()
  return roles.filter((r) => !caseLevel.has(r))
}

/** The case-level roles in `roles` that `current` does not already hold. */
function caseLevelAdditions(
  services: Services,
  current: readonly Role[],
  roles: readonly Role[],
): Role[] {
  const caseLevel = services.policy.caseLevelRoles()
  return roles.filter((r) => caseLevel.has(r) && !current.includes(r))
}

/** Records a proposal to give case-level roles, for a second administrator to approve. */
async function propose(
  services: Services,
  trx: Transaction<Tables>,
  ctx: RequestContext,
  userId: string,
  proposal: { roles: readonly Role[]; basedOnRoles: readonly Role[]; agencyId: string | null },
): Promise<string> {
  const id = await repo.insertProposal(trx, ctx.scope, {
    userId,
    roles: [...proposal.roles].sort(),
    basedOnRoles: [...proposal.basedOnRoles].sort(),
    agencyId: proposal.agencyId,
    proposedBy: ctx.actor.userId,
    now: services.clock.now(),
  })
  await services.audit.record(
    trx,
    audited(ctx, {
      action: 'create',
      recordType: 'role_grant_proposal',
      recordId: id,
      changes: {
        after: {
          userId,
          roles: [...proposal.roles].sort(),
          basedOnRoles: [...proposal.basedOnRoles].sort(),
          agencyId: proposal.agencyId,
        },
      },
    }),
  )
  return id
}

/**
 * Changes someone's roles and agency. A change that gives a case-level role is not applied: it
 * becomes a proposal that another administrator must approve (ADR 0016), so nobody can give one
 * to themselves or alone to anyone else. Taking roles away applies at once.
 */
export async function changeRoles(
  services: Services,
  ctx: RequestContext,
  userId: string,
  input: { roles: readonly Role[]; agencyId: string | null },
): Promise<'changed' | 'proposed'> {
  const user = await userInPartnership(services, ctx, userId)
  await checkAgency(services, ctx, input.agencyId)
  const before = { roles: [...user.roles].sort(), agencyId: user.agencyId }
  const after = { roles: [...input.roles].sort(), agencyId: input.agencyId }
  if (userId === ctx.actor.userId && !after.roles.includes('partnership_admin'))
    throw new ValidationError([
      {
        field: 'roles',
        message: 'You cannot remove your own administrator role: ask another administrator',
      },
    ])
  if (caseLevelAdditions(services, user.roles, input.roles).length > 0) {
    await services.db.transaction().execute((trx) =>
      propose(services, trx, ctx, userId, {
        roles: input.roles,
        basedOnRoles: user.roles,
        agencyId: input.agencyId,
      }),
    )
    return 'proposed'
  }
  await applyRoles(services, ctx, userId, before, after)
  return 'changed'
}

async function applyRoles(
  services: Services,
  ctx: RequestContext,
  userId: string,
  before: { roles: Role[]; agencyId: string | null },
  after: { roles: Role[]; agencyId: string | null },
  approval?: { proposalId: string; proposedBy: string },
  trxIn?: Transaction<Tables>,
): Promise<void> {
  const input = after
  const work = async (trx: Transaction<Tables>) => {
    await repo.setRoles(trx, ctx.scope, userId, input.roles)
    await repo.updateUser(trx, ctx.scope, userId, {
      agencyId: input.agencyId,
      now: services.clock.now(),
    })
    // ASVS 7.4.2: a change of access ends existing sessions (the person signs in again).
    await services.sessions.revokeAllForUser(trx, ctx.scope, userId, 'roles changed')
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'user',
        recordId: userId,
        changes: {
          before,
          after: approval === undefined ? after : { ...after, approval },
        },
      }),
    )
  }
  if (trxIn === undefined) await services.db.transaction().execute(work)
  else await work(trxIn)
}

export async function listProposals(
  services: Services,
  ctx: RequestContext,
): Promise<repo.ProposalRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  return repo.listPendingProposals(services.db, ctx.scope)
}

async function pendingProposal(services: Services, ctx: RequestContext, proposalId: string) {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  if (!isUuid(proposalId)) throw notFound()
  const [proposal] = await repo.listPendingProposals(services.db, ctx.scope, proposalId)
  if (proposal === undefined) throw notFound()
  return proposal
}

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  [...a].sort().join(',') === [...b].sort().join(',')

/**
 * The second person: another administrator, neither the proposer nor the person given the role,
 * approves the proposal, and only then are the roles applied (if they have not changed since).
 */
export async function approveProposal(
  services: Services,
  ctx: RequestContext,
  proposalId: string,
): Promise<string> {
  const proposal = await pendingProposal(services, ctx, proposalId)
  if (proposal.proposedBy === ctx.actor.userId)
    throw forbidden('You proposed this change: another administrator must approve it.')
  if (proposal.userId === ctx.actor.userId)
    throw forbidden('This change gives you a role: another administrator must approve it.')
  const user = await userInPartnership(services, ctx, proposal.userId)
  if (!sameRoles(user.roles, proposal.basedOnRoles))
    throw conflict('Their roles have changed since this was proposed. Propose the change again.')
  if (user.status === 'deactivated') throw conflict('This account has been deactivated.')
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    if (
      !(await repo.decideProposal(trx, ctx.scope, proposalId, {
        outcome: 'approved',
        by: ctx.actor.userId,
        now,
      }))
    )
      throw conflict('This proposal has already been decided.')
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'role_grant_proposal',
        recordId: proposalId,
        changes: { before: { outcome: null }, after: { outcome: 'approved' } },
      }),
    )
    await applyRoles(
      services,
      ctx,
      proposal.userId,
      { roles: [...user.roles].sort(), agencyId: user.agencyId },
      { roles: parseRoles(proposal.roles), agencyId: proposal.agencyId },
      { proposalId, proposedBy: proposal.proposedBy },
      trx,
    )
  })
  return proposal.userId
}

/** Turns a proposal down (any administrator; the proposer withdrawing it too). */
export async function rejectProposal(
  services: Services,
  ctx: RequestContext,
  proposalId: string,
): Promise<void> {
  await pendingProposal(services, ctx, proposalId)
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    if (
      !(await repo.decideProposal(trx, ctx.scope, proposalId, {
        outcome: 'rejected',
        by: ctx.actor.userId,
        now,
      }))
    )
      throw conflict('This proposal has already been decided.')
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'role_grant_proposal',
        recordId: proposalId,
        changes: { before: { outcome: null }, after: { outcome: 'rejected' } },
      }),
    )
  })
}

export async function setActive(
  services: Services,
  ctx: RequestContext,
  userId: string,
  active: boolean,
): Promise<void> {
  const user = await userInPartnership(services, ctx, userId)
  if (active && user.status !== 'deactivated')
    throw conflict('Only a deactivated account can be reactivated.')
  if (!active && user.status !== 'active')
    throw conflict('Only an active account can be deactivated.')
  if (!active && userId === ctx.actor.userId)
    throw conflict('You cannot deactivate your own account.')
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    await repo.updateUser(trx, ctx.scope, userId, {
      status: active ? 'active' : 'deactivated',
      now,
    })
    if (!active) await services.sessions.revokeAllForUser(trx, ctx.scope, userId, 'deactivated')
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'user',
        recordId: userId,
        changes: {
          before: { status: user.status },
          after: { status: active ? 'active' : 'deactivated' },
        },
      }),
    )
  })
}

/** A service account: an agency system's own identity, for API tokens (it has no password). */
export async function createServiceAccount(
  services: Services,
  ctx: RequestContext,
  input: { displayName: string; agencyId: string | null; roles: readonly Role[] },
): Promise<string> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  await checkAgency(services, ctx, input.agencyId)
  return services.db.transaction().execute(async (trx) => {
    const id = await repo.insertUser(trx, ctx.scope, {
      kind: 'service',
      // Service accounts never receive mail; the address only has to be unique.
      email: `service.${crypto.randomUUID()}@service.invalid`,
      displayName: input.displayName,
      agencyId: input.agencyId,
      status: 'active',
    })
    const granted = withoutCaseLevel(services, input.roles)
    await repo.setRoles(trx, ctx.scope, id, granted)
    if (granted.length < input.roles.length)
      await propose(services, trx, ctx, id, {
        roles: input.roles,
        basedOnRoles: granted,
        agencyId: input.agencyId,
      })
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'create',
        recordType: 'user',
        recordId: id,
        changes: {
          after: { kind: 'service', displayName: input.displayName, roles: granted },
        },
      }),
    )
    return id
  })
}

// Sessions.

export async function listSessions(services: Services, ctx: RequestContext) {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  return listLiveSessions(services.db, ctx.scope, services.clock.now())
}

export async function revokeSession(
  services: Services,
  ctx: RequestContext,
  sessionId: string,
): Promise<void> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  if (!/^[0-9a-f]{64}$/.test(sessionId)) throw notFound()
  const session = await repo.findSession(services.db, ctx.scope, sessionId)
  if (session === undefined) throw notFound()
  await services.db.transaction().execute(async (trx) => {
    await repo.revokeSession(
      trx,
      ctx.scope,
      sessionId,
      services.clock.now(),
      'revoked by an administrator',
    )
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'session',
        recordId: session.userId,
        changes: { after: { session: 'revoked' } },
      }),
    )
  })
}

// API tokens.

export async function listApiTokens(services: Services, ctx: RequestContext) {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  return repo.listApiTokens(services.db, ctx.scope)
}

/** Permissions a token for this account may carry: those its roles grant. */
export async function grantablePermissions(
  services: Services,
  ctx: RequestContext,
  userId: string,
): Promise<string[]> {
  const user = await userInPartnership(services, ctx, userId)
  return services.policy.permissionsFor(new Set(user.roles))
}

/** Issues a token; returns it (the only time it exists outside the holder's system). */
export async function issueApiToken(
  services: Services,
  ctx: RequestContext,
  input: {
    userId: string
    name: string
    permissions: readonly string[]
    expiresInDays: number | null
  },
): Promise<{ id: string; token: string }> {
  const user = await userInPartnership(services, ctx, input.userId)
  if (user.status !== 'active')
    throw new ValidationError([{ field: 'userId', message: 'Select an active account' }])
  // A token acts without a second factor: for a case-level account only its holder makes one,
  // after theirs (issueOwnApiToken). Not even for an administrator's own account.
  if (holdsCaseLevelRole(services, user.roles))
    throw new ValidationError([
      {
        field: 'userId',
        message:
          'This account has a case-level role: only its holder can make a token for it, from their account, with their second factor',
      },
    ])
  return insertToken(services, ctx, user, input)
}

export function holdsCaseLevelRole(services: Services, roles: readonly Role[]): boolean {
  const caseLevel = services.policy.caseLevelRoles()
  return roles.some((r) => caseLevel.has(r))
}

/**
 * A token for yourself, made only after a fresh code from your second factor, so a stolen session
 * alone cannot mint a lasting credential for case-level records.
 */
export async function issueOwnApiToken(
  services: Services,
  ctx: RequestContext,
  input: {
    name: string
    permissions: readonly string[]
    expiresInDays: number | null
    code: string
  },
): Promise<{ id: string; token: string }> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.ownTokens)
  if (ctx.actor.via.kind !== 'session') throw forbidden()
  const user = await repo.findUser(services.db, ctx.scope, ctx.actor.userId)
  if (user === undefined) throw notFound()
  if (!user.twoFactor)
    throw new ValidationError([
      { field: 'code', message: 'Set up two-factor authentication on your account first' },
    ])
  const check = await confirmSecondFactor(services, ctx.actor, input.code, {
    ip: ctx.ip,
    requestId: ctx.requestId,
  })
  if (check !== 'confirmed')
    throw new ValidationError([
      {
        field: 'code',
        message:
          check === 'throttled'
            ? 'Too many wrong codes: wait 5 minutes and try again'
            : 'Enter the current code from your authenticator app',
      },
    ])
  return insertToken(services, ctx, user, { ...input, userId: user.id })
}

async function insertToken(
  services: Services,
  ctx: RequestContext,
  user: repo.UserRow,
  input: {
    userId: string
    name: string
    permissions: readonly string[]
    expiresInDays: number | null
  },
): Promise<{ id: string; token: string }> {
  const grantable = new Set(services.policy.permissionsFor(new Set(user.roles)))
  const refused = input.permissions.filter((p) => !grantable.has(p))
  if (refused.length > 0 || input.permissions.length === 0)
    throw new ValidationError([
      {
        field: 'permissions',
        message:
          input.permissions.length === 0
            ? 'Select at least one permission'
            : 'Select only permissions the account’s roles give it',
      },
    ])
  const { token, hash, displayPrefix } = newApiToken()
  const now = services.clock.now()
  const id = await services.db.transaction().execute(async (trx) => {
    const tokenId = await repo.insertApiToken(trx, ctx.scope, {
      userId: user.id,
      name: input.name,
      hash,
      prefix: displayPrefix,
      permissions: input.permissions,
      createdAt: now,
      createdBy: ctx.actor.userId,
      expiresAt:
        input.expiresInDays === null
          ? null
          : new Date(now.getTime() + input.expiresInDays * 24 * 60 * 60 * 1000),
    })
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'create',
        recordType: 'api_token',
        recordId: tokenId,
        changes: {
          after: { name: input.name, userId: user.id, permissions: input.permissions },
        },
      }),
    )
    return tokenId
  })
  return { id, token }
}

export async function revokeApiToken(
  services: Services,
  ctx: RequestContext,
  tokenId: string,
): Promise<void> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.users)
  if (!isUuid(tokenId)) throw notFound()
  const [token] = await repo.listApiTokens(services.db, ctx.scope, tokenId)
  if (token === undefined) throw notFound()
  if (token.revokedAt !== null) return
  await services.db.transaction().execute(async (trx) => {
    await repo.revokeApiToken(trx, ctx.scope, tokenId, services.clock.now())
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'update',
        recordType: 'api_token',
        recordId: tokenId,
        changes: { after: { revoked: true } },
      }),
    )
  })
}

// The audit trail.

export const AUDIT_PAGE_SIZE = 50
export const AUDIT_EXPORT_LIMIT = 50_000

/** An audit entry as this reader may see it: a case-level record's changes withheld (ADR 0016). */
export type VisibleAuditRow = repo.AuditRow & { readonly contentWithheld: boolean }

/**
 * The one place audit rows leave the service, for the page and every export: what the trail
 * recorded of a case-level record's content is withheld unless the reader holds the permission
 * that owns the record type (its team). Who, when, what kind of change and which record stay.
 */
function asSeenBy(services: Services, ctx: RequestContext, rows: readonly repo.AuditRow[]) {
  return rows.map((row): VisibleAuditRow => {
    const withheld =
      row.changes !== null && !services.policy.mayReadRecordContent(ctx.actor, row.recordType)
    return withheld
      ? { ...row, changes: null, contentWithheld: true }
      : { ...row, contentWithheld: false }
  })
}

export async function searchAudit(
  services: Services,
  ctx: RequestContext,
  filter: repo.AuditFilter,
  page: number,
) {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  const result = await repo.searchAudit(services.db, ctx.scope, filter, {
    limit: AUDIT_PAGE_SIZE,
    offset: (page - 1) * AUDIT_PAGE_SIZE,
  })
  return {
    ...result,
    rows: asSeenBy(services, ctx, result.rows),
    page,
    pages: Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE)),
  }
}

export async function auditFilterOptions(services: Services, ctx: RequestContext) {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  return {
    users: await repo.listUsers(services.db, ctx.scope),
    recordTypes: await repo.recordTypes(services.db, ctx.scope),
  }
}

/** The rows for an export, and its own 'export' audit entry (in the same transaction). */
export async function exportAudit(
  services: Services,
  ctx: RequestContext,
  filter: repo.AuditFilter,
  format: 'csv' | 'xlsx',
): Promise<VisibleAuditRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  return services.db.transaction().execute(async (trx: Transaction<Tables>) => {
    const { rows } = await repo.searchAudit(trx, ctx.scope, filter, {
      limit: AUDIT_EXPORT_LIMIT,
      offset: 0,
    })
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'export',
        recordType: 'audit_trail',
        changes: {
          format,
          rows: rows.length,
          filter: {
            ...filter,
            from: filter.from?.toISOString(),
            to: filter.to?.toISOString(),
          },
        },
      }),
    )
    return asSeenBy(services, ctx, rows)
  })
}

export async function whoLooked(
  services: Services,
  ctx: RequestContext,
  recordType: string,
  recordId: string,
): Promise<repo.ViewerRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  return repo.whoLooked(services.db, ctx.scope, recordType, recordId)
}

export function parseRoles(values: readonly string[]): Role[] {
  return allRoles.filter((r) => values.includes(r) && isRole(r))
}

export const auditActionLabels: Record<AuditAction, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  view: 'Viewed',
  export: 'Exported',
  sign_in: 'Signed in',
  sign_out: 'Signed out',
  failed_sign_in: 'Failed sign-in',
  permission_denied: 'Permission denied',
}
