// Row types of the case review tables, as Kysely sees them.
import type { Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/tables.ts'

export const ageBands = ['unborn', 'under_1', '1_to_4', '5_to_9', '10_to_15', '16_to_17'] as const
export type AgeBand = (typeof ageBands)[number]

export const harmKinds = ['death', 'serious_harm'] as const
export type HarmKind = (typeof harmKinds)[number]

export const rapidReviewDecisions = ['lcspr', 'other_learning_review', 'no_further_review'] as const
export type RapidReviewDecision = (typeof rapidReviewDecisions)[number]

export const reviewKinds = ['lcspr', 'scr', 'thematic', 'multi_agency_learning'] as const
export type ReviewKind = (typeof reviewKinds)[number]

export const milestoneKinds = [
  'agency_reports',
  'practitioner_event',
  'family_involvement',
  'draft',
  'panel_sign_off',
  'national_panel_sent',
  'publication',
] as const
export type MilestoneKind = (typeof milestoneKinds)[number]

export interface SeriousIncidentTable {
  partnership_id: string
  id: Generated<string>
  reference: number
  child_pseudonym: string
  age_band: AgeBand
  harm: HarmKind
  aware_on: string
  what_happened: string
  notified_on: string | null
  panel_reference: string | null
  created_by_user_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SeriousIncidentAgencyTable {
  partnership_id: string
  incident_id: string
  agency_id: string
}

export interface RapidReviewTable {
  partnership_id: string
  id: Generated<string>
  incident_id: string
  meeting_on: string | null
  /** When the rapid review meeting is planned for (may be in the future). */
  meeting_planned_on: string | null
  decision: RapidReviewDecision | null
  decision_rationale: string | null
  sent_to_panel_on: string | null
  /** Why it was sent with information returns still outstanding. */
  sent_with_outstanding_reason: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface InformationReturnTable {
  partnership_id: string
  id: Generated<string>
  rapid_review_id: string
  agency_id: string
  contact_name: string
  contact_email: string
  requested_on: string
  due_on: string
  returned_on: string | null
  last_chased_on: string | null
  chase_count: Generated<number>
  created_at: Timestamp
}

/** A secure link sent to an agency contact without an account (the token only as its hash). */
export interface InformationReturnLinkTable {
  token_hash: string
  partnership_id: string
  return_id: string
  expires_on: string
  created_at: Timestamp
  used_at: Timestamp | null
}

export interface ChronologyEntryTable {
  partnership_id: string
  id: Generated<string>
  rapid_review_id: string
  agency_id: string
  entry_date: string
  what_happened: string
  recorded_by_user_id: string | null
  recorded_at: Timestamp
  seq: Generated<number>
}

export interface CaseReviewTable {
  partnership_id: string
  id: Generated<string>
  reference: number
  kind: ReviewKind
  title: string
  incident_id: string | null
  initiated_on: string
  reviewer_name: string | null
  reviewer_appointed_on: string | null
  terms_of_reference: string | null
  publication_held: boolean
  hold_reason: string | null
  public_title: string | null
  public_summary: string | null
  published_on: string | null
  report_file_id: string | null
  briefing_file_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ReviewMilestoneTable {
  partnership_id: string
  review_id: string
  kind: MilestoneKind
  planned_on: string | null
  actual_on: string | null
}

/** A partnership's own extra non-working days (a new proclamation before a release knows it). */
export interface PartnershipHolidayTable {
  partnership_id: string
  holiday_date: string
  name: string
}

export interface CaseReviewTables {
  serious_incident: SeriousIncidentTable
  serious_incident_agency: SeriousIncidentAgencyTable
  rapid_review: RapidReviewTable
  information_return: InformationReturnTable
  information_return_link: InformationReturnLinkTable
  chronology_entry: ChronologyEntryTable
  case_review: CaseReviewTable
  review_milestone: ReviewMilestoneTable
  partnership_holiday: PartnershipHolidayTable
}
