// Signed-in sessions: listing them and ending one (the person is signed out on their next request).
import { notFound } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/access-control.ts'
import { listLiveSessions } from '../../platform/identity/repository.ts'
import type { Services } from '../../platform/services.ts'
import * as repo from './repository.ts'

import { ADMIN_PERMISSIONS, audited } from './service.ts'

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
