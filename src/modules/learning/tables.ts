// Row types of the learning module's tables, as Kysely sees them.
import type { Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/tables.ts'

export const learningReviewTypes = [
  'thematic_review',
  'multi_agency_audit',
  'multi_agency_learning_review',
  'practitioner_learning_event',
  'other',
] as const
export type LearningReviewType = (typeof learningReviewTypes)[number]

/**
 * The types a new learning review may have. Thematic and multi-agency learning reviews live in the
 * case-reviews module (its reviewKinds: reviewer, terms of reference, milestones, publication);
 * 'thematic_review' and 'multi_agency_learning_review' stay readable here for older records only.
 */
export const newLearningReviewTypes = [
  'multi_agency_audit',
  'practitioner_learning_event',
  'other',
] as const satisfies readonly LearningReviewType[]
export type NewLearningReviewType = (typeof newLearningReviewTypes)[number]

/** open → signed_off (the case review group agrees every action is done) → impact_evidenced. */
export const recommendationStatuses = ['open', 'signed_off', 'impact_evidenced'] as const
export type RecommendationStatus = (typeof recommendationStatuses)[number]

export const addressees = ['agency', 'partnership'] as const
export type Addressee = (typeof addressees)[number]

export interface LearningThemeTable {
  partnership_id: string
  id: Generated<string>
  name: string
  description: string | null
  position: number
  retired_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LearningReviewTable {
  partnership_id: string
  id: Generated<string>
  title: string
  review_type: LearningReviewType
  held_on: string
  summary: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LearningFindingTable {
  partnership_id: string
  id: Generated<string>
  source_type: string
  source_id: string
  title: string
  detail: string | null
  identified_on: string
  created_by_user_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LearningFindingThemeTable {
  partnership_id: string
  finding_id: string
  theme_id: string
}

export interface LearningRecommendationTable {
  partnership_id: string
  id: Generated<string>
  finding_id: string
  title: string
  detail: string | null
  addressed_to: Addressee
  agency_id: string | null
  status: RecommendationStatus
  signed_off_on: string | null
  signed_off_by_user_id: string | null
  sign_off_note: string | null
  impact_note: string | null
  impact_indicator: string | null
  /** An indicator in the partnership's performance catalogue (perf_indicator). */
  impact_indicator_id: string | null
  impact_reaudit: string | null
  impact_recorded_on: string | null
  impact_recorded_by_user_id: string | null
  created_by_user_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LearningBriefingTable {
  partnership_id: string
  id: Generated<string>
  subject: 'source' | 'theme'
  source_type: string | null
  source_id: string | null
  theme_id: string | null
  title: string
  what_happened: string
  what_we_learned: string
  what_to_do_differently: string
  questions_for_reflection: string
  published_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LearningTables {
  learning_theme: LearningThemeTable
  learning_review: LearningReviewTable
  learning_finding: LearningFindingTable
  learning_finding_theme: LearningFindingThemeTable
  learning_recommendation: LearningRecommendationTable
  learning_briefing: LearningBriefingTable
}
