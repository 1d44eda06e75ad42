// The only SQL of disclosure control: a partnership's settings row.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../tenancy.ts'
import type { StoredDisclosureSettings } from './settings.ts'

export async function findDisclosureSettings(
  db: Kysely<Tables>,
  scope: TenantScope,
): Promise<StoredDisclosureSettings | undefined> {
  const row = await db
    .selectFrom('disclosure_setting')
    .select(['threshold', 'primary_symbol', 'secondary_symbol', 'suppress_zeros'])
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : {
        threshold: row.threshold,
        primarySymbol: row.primary_symbol,
        secondarySymbol: row.secondary_symbol,
        suppressZeros: row.suppress_zeros,
      }
}

export async function saveDisclosureSettings(
  db: Kysely<Tables>,
  scope: TenantScope,
  settings: StoredDisclosureSettings,
  by: { userId: string | null; at: Date },
): Promise<void> {
  const values = {
    threshold: settings.threshold,
    primary_symbol: settings.primarySymbol,
    secondary_symbol: settings.secondarySymbol,
    suppress_zeros: settings.suppressZeros,
    updated_at: by.at,
    updated_by_user_id: by.userId,
  }
  await db
    .insertInto('disclosure_setting')
    .values({ partnership_id: scope.partnershipId, ...values })
    .onConflict((oc) => oc.column('partnership_id').doUpdateSet(values))
    .execute()
}
