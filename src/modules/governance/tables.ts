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

export const attendanceStatuses = ['present', 'apologies', 'substitute', 'absent'] as const
export type AttendanceStatus = (typeof attendanceStatuses)[number]

export const challengeStatuses = ['open', 'responded', 'escalated', 'resolved'] as const
export type ChallengeStatus = (typeof challengeStatuses)[number]

export interface MeetingTable {
  partnership_id: string
  id: Generated<string>
  group_id: string
  series_id: string | null
  starts_at: Timestamp
  ends_at: Timestamp
  location: string | null
  status: WithDefault<'scheduled' | 'cancelled'>
  pack_published_at: Timestamp | null
  cancelled_at: Timestamp | null
  cancellation_reason: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface AgendaItemTable {
  partnership_id: string
  id: Generated<string>
  meeting_id: string
  position: number
  title: string
  presenter_name: string | null
  restricted: WithDefault<boolean>
  standing_item_id: string | null
  escalated_action_id: string | null
  minutes: string | null
  decisions: string | null
  withdrawn_at: Timestamp | null
  approves_minutes_of_meeting_id: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface MeetingPaperTable {
  partnership_id: string
  id: Generated<string>
  meeting_id: string
  agenda_item_id: string
  file_id: string
  title: string
  added_at: Timestamp
  added_by_user_id: string | null
  version: WithDefault<number>
  replaced_at: Timestamp | null
}

export interface DeclarationOfInterestTable {
  partnership_id: string
  id: Generated<string>
  meeting_id: string
  agenda_item_id: string
  person_id: string
  interest: string
  recorded_at: Timestamp
}

export interface AttendanceTable {
  partnership_id: string
  meeting_id: string
  person_id: string
  status: AttendanceStatus
  substitute_for_person_id: string | null
  agency_id: string | null
  role: string | null
  recorded_at: Timestamp
}

export interface ChallengeTable {
  partnership_id: string
  id: Generated<string>
  reference: number
  raised_on: string
  raised_by_agency_id: string
  raised_by_person_id: string | null
  raised_to_agency_id: string
  raised_to_person_id: string | null
  group_id: string | null
  subject: string
  detail: string
  response: string | null
  responded_on: string | null
  outcome: string | null
  status: WithDefault<ChallengeStatus>
  closed_on: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ReminderDigestTable {
  partnership_id: string
  user_id: string
  digest_date: string
  sent_at: Timestamp
  overdue_count: number
  due_soon_count: number
  papers_count: number
}

export interface GovernanceTables {
  person: PersonTable
  partnership_group: PartnershipGroupTable
  group_membership: GroupMembershipTable
  group_share: GroupShareTable
  standing_item: StandingItemTable
  meeting: MeetingTable
  agenda_item: AgendaItemTable
  meeting_paper: MeetingPaperTable
  declaration_of_interest: DeclarationOfInterestTable
  attendance: AttendanceTable
  challenge: ChallengeTable
  reminder_digest: ReminderDigestTable
}

export type { Timestamp }
