// The statutory timescales case reviews are held to, by guidance edition (Working Together 2018
// and 2023). Sources and confidence: /work/shared/domain/statutory-rules.md §2 and §10.
export interface CaseReviewRules {
  readonly edition: string
  /** Serious incident notification to the national panel: within 5 working days of awareness [V]. */
  readonly notificationWorkingDays: number
  /** Rapid review completed (and sent to the panel): within 15 working days of awareness [V]. */
  readonly rapidReviewWorkingDays: number
  /** Agency information returns, by default (a local plan: agency summaries by day 10) [V, local]. */
  readonly informationReturnWorkingDays: number
  /** Chase an outstanding return every this many working days once it is due (local practice). */
  readonly chaseEveryWorkingDays: number
  /** LCSPR published within 6 months of initiation [V via Trafford]. */
  readonly publicationMonths: number
}

export const rulesByEdition: Readonly<Record<'wt2018' | 'wt2023', CaseReviewRules>> = {
  wt2018: {
    edition: 'Working Together to Safeguard Children 2018',
    notificationWorkingDays: 5,
    rapidReviewWorkingDays: 15,
    informationReturnWorkingDays: 10,
    chaseEveryWorkingDays: 2,
    publicationMonths: 6,
  },
  wt2023: {
    edition: 'Working Together to Safeguard Children 2023',
    notificationWorkingDays: 5,
    rapidReviewWorkingDays: 15,
    informationReturnWorkingDays: 10,
    chaseEveryWorkingDays: 2,
    publicationMonths: 6,
  },
}

export const currentRules: CaseReviewRules = rulesByEdition.wt2023
