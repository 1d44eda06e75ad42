// Learning records → what pages, the printable summary and the API show. Pure functions.
import {
  presentActionRow,
  actionStatusLabels,
  type ActionListItem,
  type ActionRow,
  type DescribedSource,
} from '../actions/index.ts'
import { renderHeatMap } from '../../platform/charts/heat-map.ts'
import { performancePaths } from '../performance/index.ts'
import { learningPaths } from './paths.ts'
import type { BriefingRow, FindingRow, RecommendationRow } from './repository.ts'
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

export interface SourceLearningView {
  readonly findings: readonly {
    readonly title: string
    readonly href: string
    readonly identifiedOn: string
    readonly themes: string
    readonly recommendations: readonly (RecommendationListItem & {
      readonly actions: readonly ActionListItem[]
    })[]
  }[]
  readonly briefings: readonly { title: string; href: string; published: boolean }[]
}

/** Findings from one source, each with its recommendations and their actions' status. */
export function presentSourceLearning(data: {
  findings: readonly FindingRow[]
  recommendations: readonly RecommendationRow[]
  actions: readonly ActionRow[]
  briefings: readonly BriefingRow[]
  today: string
}): SourceLearningView {
  const described = new Map<string, DescribedSource>()
  return {
    findings: data.findings.map((f) => ({
      title: f.title,
      href: learningPaths.finding({ findingId: f.id }),
      identifiedOn: f.identifiedOn,
      themes: f.themes.map((t) => t.name).join('; '),
      recommendations: data.recommendations
        .filter((r) => r.findingId === f.id)
        .map((r) => ({
          ...presentRecommendation(r),
          actions: data.actions
            .filter((a) => a.sourceId === r.id)
            .map((a) => presentActionRow(a, data.today, described)),
        })),
    })),
    briefings: data.briefings.map((b) => ({
      title: b.title,
      href: learningPaths.briefing({ briefingId: b.id }),
      published: b.publishedAt !== null,
    })),
  }
}

export interface ThemeSummarySection {
  readonly name: string
  /** The reviews, audits and other sources with a finding on the theme. */
  readonly sources: readonly { label: string; title: string }[]
  readonly recommendations: readonly {
    readonly title: string
    readonly addressee: string
    readonly status: { text: string; classes: string }
    /** "What changed": the impact note, once evidence of impact is recorded. */
    readonly impactNote: string | null
    readonly impactIndicator: string | null
    /** The linked catalogue indicator. */
    readonly impactIndicatorLink: { text: string; href: string } | null
    readonly impactReaudit: string | null
    readonly actions: readonly ActionListItem[]
  }[]
}

/**
 * The printable summary's per-theme sections (themes with at least one finding, in vocabulary
 * order): the sources, and each recommendation answering the theme with its actions' status and
 * what changed. `actions` are those the reader may see.
 */
export function presentThemeSummary(
  view: ThemeView,
  data: {
    findings: readonly FindingRow[]
    recommendations: readonly RecommendationRow[]
    actions: readonly ActionRow[]
    today: string
  },
  sources: ReadonlyMap<string, { label: string; title: string }>,
): ThemeSummarySection[] {
  const none = new Map<string, DescribedSource>()
  return view.rows
    .filter((row) => row.findings > 0)
    .map((row) => {
      const findings = data.findings.filter((f) => f.themes.some((t) => t.id === row.theme.id))
      const findingIds = new Set(findings.map((f) => f.id))
      return {
        name: row.theme.name,
        sources: row.sources.map(
          (key) => sources.get(key) ?? { label: 'Source', title: 'No longer available' },
        ),
        recommendations: data.recommendations
          .filter((r) => findingIds.has(r.findingId))
          .map((r) => ({
            title: r.title,
            addressee: addresseeOf(r),
            status: recommendationTag(r.status),
            impactNote: r.impactNote,
            impactIndicator: r.impactIndicator,
            impactIndicatorLink:
              r.impactIndicatorId === null
                ? null
                : {
                    text: r.impactIndicatorName ?? 'Indicator',
                    href: performancePaths.indicator({ indicatorId: r.impactIndicatorId }),
                  },
            impactReaudit: r.impactReaudit,
            actions: data.actions
              .filter((a) => a.sourceId === r.id)
              .map((a) => presentActionRow(a, data.today, none)),
          })),
      }
    })
}
