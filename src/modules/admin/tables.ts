// The administration module's own tables.
import type { Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/tables.ts'

/**
 * A change of roles that gives someone a case-level role: proposed by one administrator, applied
 * only when a second approves it (ADR 0016). `roles` is the whole set proposed; `based_on_roles`
 * the set it replaces, so an approval never applies a proposal to roles changed since.
 */
export interface RoleGrantProposalTable {
  partnership_id: string
  id: Generated<string>
  user_id: string
  roles: string[]
  based_on_roles: string[]
  agency_id: string | null
  proposed_by: string
  proposed_at: Timestamp
  decided_by: string | null
  decided_at: Timestamp | null
  outcome: 'approved' | 'rejected' | null
}

export interface AdminTables {
  role_grant_proposal: RoleGrantProposalTable
}
