// Row types of the action tracker's tables, as Kysely sees them.
import type { Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/tables.ts'

export const actionStatuses = [
  'not_started',
  'on_track',
  'at_risk',
  'overdue',
  'completed',
  'closed_with_evidence',
] as const
export type ActionStatus = (typeof actionStatuses)[number]

export const actionUpdateKinds = [
  'raised',
  'progress',
  'completed',
  'overdue',
  'due_date_changed',
  'signed_off',
  'returned',
  'escalated',
] as const
export type ActionUpdateKind = (typeof actionUpdateKinds)[number]

export interface ActionTable {
  partnership_id: string
  id: Generated<string>
  reference: number
  source_type: string
  source_id: string
  title: string
  description: string | null
  owner_agency_id: string
  owner_user_id: string | null
  raised_by_group_id: string | null
  raised_by_user_id: string | null
  raised_on: string
  due_date: string
  status: ActionStatus
  completed_on: string | null
  signed_off_at: Timestamp | null
  signed_off_by_user_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ActionUpdateTable {
  partnership_id: string
  id: Generated<string>
  action_id: string
  kind: ActionUpdateKind
  status_after: ActionStatus
  note: string | null
  update_date: string
  new_due_date: string | null
  recorded_at: Timestamp
  recorded_by_user_id: string | null
  recorded_by_label: string | null
  seq: Generated<number>
}

export interface ActionEvidenceTable {
  partnership_id: string
  id: Generated<string>
  action_id: string
  update_id: string | null
  file_id: string
  description: string
  added_at: Timestamp
  added_by_user_id: string | null
}

export interface ActionTables {
  action: ActionTable
  action_update: ActionUpdateTable
  action_evidence: ActionEvidenceTable
}
