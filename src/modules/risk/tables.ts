// The risk register's tables, as Kysely sees them (src/schema.ts adds them to the database type).
import type { Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/tables.ts'

export const riskStatuses = ['open', 'closed'] as const
export type RiskStatus = (typeof riskStatuses)[number]

/** What kind of risk it is, as partnership risk registers usually group them. */
export const riskCategories = [
  'practice',
  'partnership',
  'workforce',
  'resources',
  'data',
  'reputation',
] as const
export type RiskCategory = (typeof riskCategories)[number]

export interface RiskTable {
  partnership_id: string
  id: Generated<string>
  /** … within the partnership. */
  reference: number
  title: string
  description: string
  category: RiskCategory
  likelihood: number
  impact: number
  owner_agency_id: string
  owner_user_id: string | null
  review_date: string
  status: RiskStatus
  closed_on: string | null
  closure_note: string | null
  created_at: Timestamp
  created_by_user_id: string | null
  updated_at: Timestamp
}

/** Each review keeps the score before it, the score after it, who reviewed it and when. */
export interface RiskReviewTable {
  partnership_id: string
  id: Generated<string>
  risk_id: string
  reviewed_on: string
  /** The review date this review answered (null for first reviews recorded before it was kept). */
  due_on: string | null
  previous_likelihood: number
  previous_impact: number
  likelihood: number
  impact: number
  note: string
  next_review_date: string
  reviewed_at: Timestamp
  reviewed_by_user_id: string | null
  reviewed_by_label: string | null
}

export interface RiskIndicatorTable {
  partnership_id: string
  risk_id: string
  indicator_id: string
}

export interface RiskChallengeTable {
  partnership_id: string
  risk_id: string
  challenge_id: string
}

export interface RiskTables {
  risk: RiskTable
  risk_review: RiskReviewTable
  risk_indicator: RiskIndicatorTable
  risk_challenge: RiskChallengeTable
}
