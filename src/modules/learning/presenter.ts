// Learning records → what pages, the printable summary and the API show. Pure functions.
import { presentActionRow, statusLabels as actionStatusLabels } from '../actions/presenter.ts'
import type { ActionListItem } from '../actions/presenter.ts'
import type { ActionRow } from '../actions/repository.ts'
import type { DescribedSource } from '../actions/sources.ts'
import { renderHeatMap } from '../../platform/charts/heat-map.ts'
import { learningPaths } from './paths.ts'
import type { RecommendationRow } from './repository.ts'
import type { LearningReviewType, RecommendationStatus } from './tables.ts'
import { actionStatusOrder, type ThemeView } from './theme-view.ts'

export const reviewTypeLabels: Readonly<Record<LearningReviewType, string>> = {
  thematic_review: 'Thematic review',
  multi_agency_audit: 'Multi-agency audit',
  multi_agency_learning_review: 'Multi-agency learning review',
  practitioner_learning_event: 'Practitioner learning event',
  other: 'Other learning',
}

export const recommendationStatusLabels: Readonly<Record<RecommendationStatus, string>> = {
  open: 'Open',
  signed_off: 'Signed off',
  impact_evidenced: 'Closed with evidence of impact',
}

const recommendationStatusClasses: Readonly<Record<RecommendationStatus, string>> = {
  open: 'govuk-tag--blue',
  signed_off: 'govuk-tag--green',
  impact_evidenced: 'govuk-tag--purple',
}

export function recommendationTag(status: RecommendationStatus): { text: string; classes: string } {
  return { text: recommendationStatusLabels[status], classes: recommendationStatusClasses[status] }
}

export function addresseeOf(r: Pick<RecommendationRow, 'addressedTo' | 'agencyName'>): string {
  return r.addressedTo === 'partnership' ? 'The partnership' : (r.agencyName ?? 'An agency')
}

export interface RecommendationListItem {
  readonly id: string
  readonly href: string
  readonly title: string
  readonly addressee: string
  readonly status: { text: string; classes: string }
}

export function presentRecommendation(r: RecommendationRow): RecommendationListItem {
  return {
    id: r.id,
    href: learningPaths.recommendation({ recommendationId: r.id }),
    title: r.title,
    addressee: addresseeOf(r),
    status: recommendationTag(r.status),
  }
}

/** Actions answering recommendations, for the tracker's actionTable macro. */
export function presentActions(
  actions: readonly ActionRow[],
  today: string,
  recommendations: readonly RecommendationRow[],
): ActionListItem[] {
  const sources = new Map<string, DescribedSource>(
    recommendations.map((r) => [
      `learning_recommendation:${r.id}`,
      {
        label: 'Learning recommendation',
        text: r.title,
        href: learningPaths.recommendation({ recommendationId: r.id }),
      },
    ]),
  )
  return actions.map((a) => presentActionRow(a, today, sources))
}

export interface ThemeViewRow {
  readonly id: string
  readonly name: string
  readonly href: string
  readonly retired: boolean
  readonly findings: number
  readonly byYear: readonly number[]
  readonly sources: number
  readonly recommendations: number
  readonly actions: number
  /** "3 closed with evidence, 1 overdue", in the tracker's status order. */
  readonly actionSummary: string
  readonly returning: boolean
  readonly returningFindings: number
  readonly firstActionCompletedOn: string | null
}

export function actionSummaryText(byStatus: Readonly<Record<string, number>>): string {
  const parts = actionStatusOrder
    .filter((s) => (byStatus[s] ?? 0) > 0)
    .map((s) => `${byStatus[s] ?? 0} ${actionStatusLabels[s].toLowerCase()}`)
  return parts.length === 0 ? 'None' : parts.join(', ')
}

export function presentThemeView(view: ThemeView): {
  years: readonly number[]
  rows: ThemeViewRow[]
  returning: ThemeViewRow[]
  heatMap: string
} {
  const rows = view.rows.map((r) => ({
    id: r.theme.id,
    name: r.theme.name,
    href: learningPaths.theme({ themeId: r.theme.id }),
    retired: r.theme.retired,
    findings: r.findings,
    byYear: r.byYear,
    sources: r.sources.length,
    recommendations: r.recommendations,
    actions: r.actions,
    actionSummary: actionSummaryText(r.actionsByStatus),
    returning: r.returning,
    returningFindings: r.returningFindingIds.length,
    firstActionCompletedOn: r.firstActionCompletedOn,
  }))
  const heatMap =
    view.years.length === 0
      ? ''
      : renderHeatMap({
          id: 'theme-heat-map',
          title: 'Findings by theme and year',
          description: `How many findings were tagged with each theme in each year from ${String(view.years[0])} to ${String(view.years[view.years.length - 1])}. Darker cells mean more findings. The table below gives the same figures.`,
          columns: view.years.map(String),
          rows: rows.map((r) => ({ label: r.name, values: r.byYear })),
        })
  return { years: view.years, rows, returning: rows.filter((r) => r.returning), heatMap }
}
