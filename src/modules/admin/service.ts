// Administration use cases. Each: authorise, check the record is in the partnership (404 if not),
// guard its state, change it in a transaction with its audit entry and the mail it causes.
// Role changes and deactivation end the person's sessions; both take effect on their next request
// because the actor is read afresh on every request (src/platform/identity/actors.ts).
import { auditActorLabel } from '../../platform/access/policy.ts'
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { isRole, roles as allRoles, type Role } from '../../platform/access/roles.ts'
import type { AuditEntry } from '../../platform/audit/audit-trail.ts'
import { ValidationError, conflict, forbidden, notFound } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/access-control.ts'
import { retireAccountTokens } from '../../platform/identity/repository.ts'
import { issueAccountLink } from '../../platform/identity/service.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid } from '../../platform/tenancy.ts'
import * as repo from './repository.ts'
import { listSessions } from './session-service.ts'

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
export * from './token-service.ts'
export * from './audit-service.ts'
export * from './session-service.ts'

export function audited(
  ctx: RequestContext,
  entry: Omit<AuditEntry, 'partnershipId' | 'actorUserId'>,
) {
  return {
    ...entry,
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor.userId,
    actorLabel: auditActorLabel(ctx.actor),
    ip: ctx.ip,
    requestId: ctx.requestId,
  }
}

export async function userInPartnership(
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
    await decide(services, ctx, trx, proposalId, 'approved')
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

/** Records the decision on a pending proposal once (a second decision is a conflict), audited. */
async function decide(
  services: Services,
  ctx: RequestContext,
  trx: Transaction<Tables>,
  proposalId: string,
  outcome: 'approved' | 'rejected',
): Promise<void> {
  const decided = await repo.decideProposal(trx, ctx.scope, proposalId, {
    outcome,
    by: ctx.actor.userId,
    now: services.clock.now(),
  })
  if (!decided) throw conflict('This proposal has already been decided.')
  await services.audit.record(
    trx,
    audited(ctx, {
      action: 'update',
      recordType: 'role_grant_proposal',
      recordId: proposalId,
      changes: { before: { outcome: null }, after: { outcome } },
    }),
  )
}

/** Turns a proposal down (any administrator; the proposer withdrawing it too). */
export async function rejectProposal(
  services: Services,
  ctx: RequestContext,
  proposalId: string,
): Promise<void> {
  await pendingProposal(services, ctx, proposalId)
  await services.db.transaction().execute(async (trx) => {
    await decide(services, ctx, trx, proposalId, 'rejected')
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

export function parseRoles(values: readonly string[]): Role[] {
  return allRoles.filter((r) => values.includes(r) && isRole(r))
}
