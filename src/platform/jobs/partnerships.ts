// Scheduled jobs work through the partnerships one at a time, each in its own tenant scope.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { tenantScope, type TenantScope } from '../tenancy.ts'

export async function partnershipScopes(db: Kysely<Tables>): Promise<TenantScope[]> {
  const rows = await db.selectFrom('partnership').select('id').orderBy('created_at').execute()
  return rows.map((r) => tenantScope(r.id))
}
