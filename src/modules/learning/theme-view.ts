// The theme view's arithmetic, kept pure so its counts can be checked exactly against fixtures:
// how often each theme recurs (findings per year), in which sources, which recommendations and
// actions answer it and where they stand, and which themes keep returning despite completed
// actions (a finding on the theme dated after an action answering the theme was completed).
import type { ActionStatus } from '../actions/index.ts'
import type { RecommendationStatus } from './tables.ts'

export interface ThemeFact {
  readonly id: string
  readonly name: string
  readonly retired: boolean
}

export interface FindingFact {
  readonly id: string
  readonly sourceType: string
  readonly sourceId: string
  /** 'YYYY-MM-DD' */
  readonly identifiedOn: string
  readonly themeIds: readonly string[]
}

export interface RecommendationFact {
  readonly id: string
  readonly findingId: string
  readonly status: RecommendationStatus
}

export interface ActionFact {
  readonly id: string
  readonly recommendationId: string
  /** The status to show (overdue when open and past its due date). */
  readonly status: ActionStatus
  readonly completedOn: string | null
}

export const actionStatusOrder: readonly ActionStatus[] = [
  'not_started',
  'on_track',
  'at_risk',
  'overdue',
  'completed',
  'closed_with_evidence',
]

export interface ThemeSummary {
  readonly theme: ThemeFact
  readonly findings: number
  /** Findings per year, in the order of ThemeView.years. */
  readonly byYear: readonly number[]
  /** Distinct sources with a finding on the theme, as `type:id`. */
  readonly sources: readonly string[]
  readonly recommendations: number
  readonly recommendationsByStatus: Readonly<Record<RecommendationStatus, number>>
  readonly actions: number
  readonly actionsByStatus: Readonly<Record<ActionStatus, number>>
  /** The earliest date an action answering the theme was completed. */
  readonly firstActionCompletedOn: string | null
  /** Findings on the theme dated after that: the theme came back despite completed actions. */
  readonly returningFindingIds: readonly string[]
  readonly returning: boolean
}

export interface ThemeView {
  /** Calendar years from the earliest finding to the latest, every year in between included. */
  readonly years: readonly number[]
  readonly rows: readonly ThemeSummary[]
  readonly totalFindings: number
}

const yearOf = (date: string): number => Number(date.slice(0, 4))

function zeroActions(): Record<ActionStatus, number> {
  return {
    not_started: 0,
    on_track: 0,
    at_risk: 0,
    overdue: 0,
    completed: 0,
    closed_with_evidence: 0,
  }
}

/**
 * Builds the view. Every theme given appears (retired themes only when they have findings); a
 * finding tagged with two themes counts once for each.
 */
export function buildThemeView(
  themes: readonly ThemeFact[],
  findings: readonly FindingFact[],
  recommendations: readonly RecommendationFact[],
  actions: readonly ActionFact[],
): ThemeView {
  const years: number[] = []
  if (findings.length > 0) {
    const all = findings.map((f) => yearOf(f.identifiedOn))
    const first = Math.min(...all)
    const last = Math.max(...all)
    for (let y = first; y <= last; y += 1) years.push(y)
  }
  const findingById = new Map(findings.map((f) => [f.id, f]))
  const actionsByRecommendation = new Map<string, ActionFact[]>()
  for (const action of actions) {
    const list = actionsByRecommendation.get(action.recommendationId) ?? []
    list.push(action)
    actionsByRecommendation.set(action.recommendationId, list)
  }

  const rows: ThemeSummary[] = []
  for (const theme of themes) {
    const onTheme = findings.filter((f) => f.themeIds.includes(theme.id))
    if (theme.retired && onTheme.length === 0) continue
    const byYear = years.map((y) => onTheme.filter((f) => yearOf(f.identifiedOn) === y).length)
    const sources = [...new Set(onTheme.map((f) => `${f.sourceType}:${f.sourceId}`))]
    const answering = recommendations.filter(
      (r) => findingById.get(r.findingId)?.themeIds.includes(theme.id) === true,
    )
    const recommendationsByStatus: Record<RecommendationStatus, number> = {
      open: 0,
      signed_off: 0,
      impact_evidenced: 0,
    }
    const actionsByStatus = zeroActions()
    let actionCount = 0
    let firstCompleted: string | null = null
    for (const recommendation of answering) {
      recommendationsByStatus[recommendation.status] += 1
      for (const action of actionsByRecommendation.get(recommendation.id) ?? []) {
        actionCount += 1
        actionsByStatus[action.status] += 1
        if (
          action.completedOn !== null &&
          (action.status === 'completed' || action.status === 'closed_with_evidence') &&
          (firstCompleted === null || action.completedOn < firstCompleted)
        )
          firstCompleted = action.completedOn
      }
    }
    const since = firstCompleted
    const returningFindingIds =
      since === null ? [] : onTheme.filter((f) => f.identifiedOn > since).map((f) => f.id)
    rows.push({
      theme,
      findings: onTheme.length,
      byYear,
      sources,
      recommendations: answering.length,
      recommendationsByStatus,
      actions: actionCount,
      actionsByStatus,
      firstActionCompletedOn: firstCompleted,
      returningFindingIds,
      returning: returningFindingIds.length > 0,
    })
  }
  return { years, rows, totalFindings: findings.length }
}
