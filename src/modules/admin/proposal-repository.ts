// Role-grant proposals (ADR 0016): a case-level role waits for a second administrator.
// Every function takes the partnership's TenantScope and filters every statement by it.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'

export interface ProposalRow {
  readonly id: string
  readonly userId: string
  readonly userName: string
  readonly roles: readonly string[]
  readonly basedOnRoles: readonly string[]
  readonly agencyId: string | null
  readonly proposedBy: string
  readonly proposedByName: string
  readonly proposedAt: Date
}

export async function insertProposal(
  db: Kysely<Tables>,
  scope: TenantScope,
  values: {
    userId: string
    roles: readonly string[]
    basedOnRoles: readonly string[]
    agencyId: string | null
    proposedBy: string
    now: Date
  },
): Promise<string> {
  // One pending proposal per person: a new one replaces any still waiting.
  await db
    .updateTable('role_grant_proposal')
    .set({ outcome: 'rejected', decided_by: values.proposedBy, decided_at: values.now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('user_id', '=', values.userId)
    .where('outcome', 'is', null)
    .execute()
  const row = await db
    .insertInto('role_grant_proposal')
    .values({
      partnership_id: scope.partnershipId,
      user_id: values.userId,
      roles: [...values.roles],
      based_on_roles: [...values.basedOnRoles],
      agency_id: values.agencyId,
      proposed_by: values.proposedBy,
      proposed_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function listPendingProposals(
  db: Kysely<Tables>,
  scope: TenantScope,
  proposalId?: string,
): Promise<ProposalRow[]> {
  let query = db
    .selectFrom('role_grant_proposal as p')
    .innerJoin('app_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'p.partnership_id').onRef('u.id', '=', 'p.user_id'),
    )
    .innerJoin('app_user as b', (j) =>
      j.onRef('b.partnership_id', '=', 'p.partnership_id').onRef('b.id', '=', 'p.proposed_by'),
    )
    .select([
      'p.id',
      'p.user_id',
      'u.display_name as user_name',
      'p.roles',
      'p.based_on_roles',
      'p.agency_id',
      'p.proposed_by',
      'b.display_name as proposed_by_name',
      'p.proposed_at',
    ])
    .where('p.partnership_id', '=', scope.partnershipId)
    .where('p.outcome', 'is', null)
  if (proposalId !== undefined) query = query.where('p.id', '=', proposalId)
  const rows = await query.orderBy('p.proposed_at').execute()
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    roles: r.roles,
    basedOnRoles: r.based_on_roles,
    agencyId: r.agency_id,
    proposedBy: r.proposed_by,
    proposedByName: r.proposed_by_name,
    proposedAt: r.proposed_at,
  }))
}

/** Decides a pending proposal; false when it was no longer pending (decided meanwhile). */
export async function decideProposal(
  db: Kysely<Tables>,
  scope: TenantScope,
  proposalId: string,
  decision: { outcome: 'approved' | 'rejected'; by: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('role_grant_proposal')
    .set({ outcome: decision.outcome, decided_by: decision.by, decided_at: decision.now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', proposalId)
    .where('outcome', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
