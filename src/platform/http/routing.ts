// Every route declares who may reach it, in its `config.access`. A route that declares nothing
// stops the app from starting: deny by default is enforced at build time, not by review.
import type { FastifyInstance, RouteOptions } from 'fastify'

export type Access =
  /** Anyone, signed in or not: sign-in pages, public register, health checks, assets. */
  | 'public'
  /** Anyone signed in, whatever their roles. */
  | 'signedIn'
  /** A signed-in person part-way through two-factor sign-in (and nothing else). */
  | 'secondFactor'
  /** Someone holding a permission (see src/platform/access/policy.ts). */
  | { readonly permission: string }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
}

export interface RouteEntry {
  readonly method: string
  readonly url: string
  readonly access: Access
  readonly kind: 'page' | 'api'
}

export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/')
}

/**
 * Registers the check and collects the route table (the access-matrix test walks it). `known`
 * says whether a permission exists, so a typo in a route's permission fails at start-up too.
 */
export function setUpRouteTable(
  app: FastifyInstance,
  known: (permission: string) => boolean,
): RouteEntry[] {
  const table: RouteEntry[] = []
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
      (m) => m !== 'HEAD',
    )
    if (access === undefined) {
      throw new Error(`Route ${methods.join(',')} ${route.url} does not declare config.access`)
    }
    if (typeof access === 'object' && !known(access.permission)) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} needs unknown permission "${access.permission}"`,
      )
    }
    for (const method of methods) {
      table.push({ method, url: route.url, access, kind: isApiUrl(route.url) ? 'api' : 'page' })
    }
  })
  return table
}
