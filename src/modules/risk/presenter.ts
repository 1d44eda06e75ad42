// The risk register's view models: pure functions from rows to what the pages show.
import type { RiskCategory, RiskStatus } from './tables.ts'

export type RiskBand = 'low' | 'medium' | 'high'

export interface Tag {
  readonly text: string
  readonly classes: string
}

/** A risk's score: likelihood (1–5) times impact (1–5). */
export function riskScore(likelihood: number, impact: number): number {
  return likelihood * impact
}

/**
 * The RAG band of a score — the one place the bands are set. 1–6 low (green), 8–12 medium (amber),
 * 15–25 high (red); a 5 x 5 matrix can score nothing between 6 and 8 or between 12 and 15.
 */
export function riskBand(score: number): RiskBand {
  if (!Number.isInteger(score) || score < 1 || score > 25)
    throw new RangeError(`A risk score is between 1 and 25, not ${String(score)}`)
  if (score <= 6) return 'low'
  if (score <= 12) return 'medium'
  return 'high'
}

const bandTags: Readonly<Record<RiskBand, Tag>> = {
  low: { text: 'Low', classes: 'govuk-tag--green' },
  medium: { text: 'Medium', classes: 'govuk-tag--yellow' },
  high: { text: 'High', classes: 'govuk-tag--red' },
}

/** The score with its band, for a tag: "16 High". */
export function scoreTag(likelihood: number, impact: number): Tag & { band: RiskBand } {
  const score = riskScore(likelihood, impact)
  const band = riskBand(score)
  return { text: `${String(score)} ${bandTags[band].text}`, classes: bandTags[band].classes, band }
}

export function formatRiskReference(reference: number): string {
  return `R-${String(reference).padStart(3, '0')}`
}

export const categoryLabels: Readonly<Record<RiskCategory, string>> = {
  practice: 'Safeguarding practice',
  partnership: 'Partnership arrangements',
  workforce: 'Workforce',
  resources: 'Funding and resources',
  data: 'Data and information sharing',
  reputation: 'Confidence and reputation',
}

export const likelihoodLabels: readonly string[] = [
  '1 – Rare',
  '2 – Unlikely',
  '3 – Possible',
  '4 – Likely',
  '5 – Almost certain',
]

export const impactLabels: readonly string[] = [
  '1 – Negligible',
  '2 – Minor',
  '3 – Moderate',
  '4 – Major',
  '5 – Severe',
]

export function statusTag(status: RiskStatus, reviewDate: string, today: string): Tag {
  switch (status) {
    case 'closed':
      return { text: 'Closed', classes: 'govuk-tag--grey' }
    case 'open':
      return reviewDate < today
        ? { text: 'Review overdue', classes: 'govuk-tag--red' }
        : { text: 'Open', classes: 'govuk-tag--blue' }
  }
}

export interface HeatMapCell {
  readonly likelihood: number
  readonly count: number
  readonly band: RiskBand
  readonly classes: string
}

export interface HeatMapRow {
  readonly impact: number
  readonly label: string
  readonly cells: readonly HeatMapCell[]
}

/**
 * The 5 x 5 heat map as table rows: impact from 5 (top) down to 1, likelihood 1 to 5 across, each
 * cell the number of risks with that score pair.
 */
export function heatMap(
  risks: readonly { likelihood: number; impact: number }[],
): readonly HeatMapRow[] {
  const counts = new Map<string, number>()
  for (const r of risks) {
    const key = `${String(r.likelihood)}:${String(r.impact)}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [5, 4, 3, 2, 1].map((impact) => ({
    impact,
    label: impactLabels[impact - 1] ?? String(impact),
    cells: [1, 2, 3, 4, 5].map((likelihood) => {
      const band = riskBand(riskScore(likelihood, impact))
      return {
        likelihood,
        count: counts.get(`${String(likelihood)}:${String(impact)}`) ?? 0,
        band,
        classes: `app-risk-cell app-risk-cell--${band}`,
      }
    }),
  }))
}
