// Tenancy: which partnership a piece of work belongs to. Repositories take a TenantScope as their
// second argument and filter every statement by it; a scope can only be made here, by code that
// has established which partnership the caller belongs to (the request context, the demo seed,
// jobs that work through partnerships one at a time, and tests).
declare const tenantBrand: unique symbol

export interface TenantScope {
  readonly partnershipId: string
  readonly [tenantBrand]: true
}

export function tenantScope(partnershipId: string): TenantScope {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(partnershipId)) {
    throw new Error('A tenant scope needs a partnership id')
  }
  return { partnershipId } as TenantScope
}

/** True when a value is a syntactically valid UUID (ids from URLs are checked before any query). */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}
