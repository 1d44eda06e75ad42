// The partnership's directory as every module's forms offer it: its active agencies and the
// people who hold active accounts. One query each, so every picker lists the same choices.
import type { Kysely } from 'kysely'
import type { Tables } from '../schema.ts'
import type { TenantScope } from './tenancy.ts'

export interface AgencyOption {
  readonly id: string
  readonly name: string
}

export interface PersonOption {
  readonly id: string
  readonly name: string
  readonly agencyName: string | null
}

/** The partnership's active agencies, by name. */
export async function activeAgencies(
  db: Kysely<Tables>,
  scope: TenantScope,
): Promise<AgencyOption[]> {
  return db
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('active', '=', true)
    .orderBy('name')
    .execute()
}

/** People with an active account in the partnership (not service accounts), by name. */
export async function activePeople(
  db: Kysely<Tables>,
  scope: TenantScope,
): Promise<PersonOption[]> {
  return db
    .selectFrom('app_user as u')
    .leftJoin('agency as ag', (j) =>
      j.onRef('ag.partnership_id', '=', 'u.partnership_id').onRef('ag.id', '=', 'u.agency_id'),
    )
    .select(['u.id', 'u.display_name as name', 'ag.name as agencyName'])
    .where('u.partnership_id', '=', scope.partnershipId)
    .where('u.status', '=', 'active')
    .where('u.kind', '=', 'person')
    .orderBy('u.display_name')
    .execute()
}
