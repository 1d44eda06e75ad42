// Row types of the governance module's tables, as Kysely sees them.
import type { Generated } from 'kysely'
import type { Timestamp, WithDefault } from '../../platform/db/tables.ts'

export const groupKinds = ['board', 'executive', 'sub_group', 'panel', 'task_and_finish'] as const
export type GroupKind = (typeof groupKinds)[number]

export const membershipRoles = [
  'chair',
  'vice_chair',
  'member',
  'lay_member',
  'participant_observer',
  'adviser',
  'designated_professional',
] as const
export type MembershipRole = (typeof membershipRoles)[number]

export interface PersonTable {
  partnership_id: string
  id: Generated<string>
  full_name: string
  email: string | null
  job_title: string | null
  phone: string | null
  agency_id: string | null
  is_named_contact: WithDefault<boolean>
  user_id: string | null
  home_partnership_id: string | null
  external_organisation: string | null
  active: WithDefault<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface PartnershipGroupTable {
  partnership_id: string
  id: Generated<string>
  name: string
  short_name: string | null
  kind: GroupKind
  parent_group_id: string | null
  purpose: string | null
  quorum_minimum: number | null
  quorum_needs_chair: WithDefault<boolean>
  quorum_needs_statutory_partners: WithDefault<boolean>
  terms_of_reference_file_id: string | null
  terms_of_reference_review_date: string | null
  active: WithDefault<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface GroupMembershipTable {
  partnership_id: string
  id: Generated<string>
  group_id: string
  person_id: string
  role: MembershipRole
  agency_id: string | null
  cleared_for_restricted: WithDefault<boolean>
  started_on: string
  ended_on: string | null
  created_at: Generated<Date>
}

export interface GroupShareTable {
  partnership_id: string
  group_id: string
  shared_with_partnership_id: string
  shared_on: string
}

export interface StandingItemTable {
  partnership_id: string
  id: Generated<string>
  group_id: string
  title: string
  presenter_name: string | null
  position: number
  created_at: Generated<Date>
}

export interface GovernanceTables {
  person: PersonTable
  partnership_group: PartnershipGroupTable
  group_membership: GroupMembershipTable
  group_share: GroupShareTable
  standing_item: StandingItemTable
}

export type { Timestamp }
