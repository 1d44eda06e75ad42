// Turns a session or API token into the Actor the policy decides on. Read fresh on every request:
// a deactivated account or a changed role takes effect on the very next request.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Actor } from '../access/policy.ts'
import { isRole, type Role } from '../access/roles.ts'

export interface PartnershipSummary {
  readonly id: string
  readonly name: string
  readonly shortName: string
}

export async function loadActor(
  db: Kysely<Tables>,
  partnershipId: string,
  userId: string,
  via: Actor['via'],
): Promise<{ actor: Actor; partnership: PartnershipSummary } | undefined> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('partnership as p', 'p.id', 'u.partnership_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.agency_id',
      'u.status',
      'p.name',
      'p.short_name',
    ])
    .where('u.partnership_id', '=', partnershipId)
    .where('u.id', '=', userId)
    .executeTakeFirst()
  if (row?.status !== 'active') return undefined
  const roleRows = await db
    .selectFrom('user_role')
    .select('role')
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .execute()
  const roles = new Set<Role>(roleRows.map((r) => r.role).filter(isRole))
  return {
    actor: {
      userId: row.id,
      partnershipId,
      displayName: row.display_name,
      email: row.email,
      agencyId: row.agency_id,
      roles,
      via,
    },
    partnership: { id: partnershipId, name: row.name, shortName: row.short_name },
  }
}
