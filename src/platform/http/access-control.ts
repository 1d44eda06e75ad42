// Enforces each route's declared access before its handler runs. Templates may hide links a
// person cannot use, but this is what decides.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../access/policy.ts'
import { AppError, forbidden } from '../errors.ts'
import type { Services } from '../services.ts'
import { tenantScope, type TenantScope } from '../tenancy.ts'

export function setUpAccessControl(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access
    // No route matched: the not-found handler answers, and it reveals nothing.
    if (access === undefined || access === 'public') return
    if (access === 'secondFactor') {
      // Any live session: the two-factor pages send a fully signed-in person on to the home page.
      if (request.session !== undefined) return
      throw new AppError('unauthenticated')
    }
    const actor = request.actor
    if (actor === undefined) throw new AppError('unauthenticated')
    if (access === 'signedIn') return
    if (!services.policy.can(actor, access.permission)) throw forbidden()
  })
}

/** Who is asking, for which partnership, from where: what every use case needs. */
export interface RequestContext {
  readonly actor: Actor
  readonly scope: TenantScope
  readonly requestId: string
  readonly ip: string
}

export function requestContext(request: FastifyRequest): RequestContext {
  const actor = request.actor
  if (actor === undefined) throw new AppError('unauthenticated')
  return { actor, scope: tenantScope(actor.partnershipId), requestId: request.id, ip: request.ip }
}
