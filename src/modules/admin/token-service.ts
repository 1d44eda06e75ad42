// API tokens: listing, issuing (by an administrator, or by a case-level user for themselves after
// their second factor, ADR 0016) and revoking. Split from service.ts by aggregate.
import { type Role } from '../../platform/access/roles.ts'
import { ValidationError, forbidden, notFound } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/access-control.ts'
import { newApiToken } from '../../platform/identity/api-tokens.ts'
import { confirmSecondFactor } from '../../platform/identity/service.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid } from '../../platform/tenancy.ts'
import * as repo from './repository.ts'

import { ADMIN_PERMISSIONS, audited, userInPartnership } from './service.ts'

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
