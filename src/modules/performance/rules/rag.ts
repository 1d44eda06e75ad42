// RAG rating from an indicator's target, tolerance band and polarity. Green: on or beyond the
// target in the good direction. Amber: short of the target by no more than the tolerance (the
// boundary itself is amber). Red: further away than that. An indicator with no polarity or no
// target is not rated: a count of LADO referrals is context, not a performance judgement.
export const polarities = ['higher_is_better', 'lower_is_better', 'none'] as const
export type Polarity = (typeof polarities)[number]

export type Rag = 'green' | 'amber' | 'red' | 'not_rated'

export interface RagRule {
  readonly target: number | null
  /** How far short of the target is still amber (in the indicator's unit); 0 when not set. */
  readonly tolerance: number | null
  readonly polarity: Polarity
}

/** Values are compared at this precision so 84.99999999 from a division equals a target of 85. */
const EPSILON = 1e-9

export function ragRating(value: number | null, rule: RagRule): Rag {
  if (value === null || !Number.isFinite(value)) return 'not_rated'
  if (rule.target === null) return 'not_rated'
  const tolerance = Math.max(0, rule.tolerance ?? 0)
  switch (rule.polarity) {
    case 'none':
      return 'not_rated'
    case 'higher_is_better': {
      const shortfall = rule.target - value
      if (shortfall <= EPSILON) return 'green'
      return shortfall <= tolerance + EPSILON ? 'amber' : 'red'
    }
    case 'lower_is_better': {
      const excess = value - rule.target
      if (excess <= EPSILON) return 'green'
      return excess <= tolerance + EPSILON ? 'amber' : 'red'
    }
  }
}

export const ragLabels: Readonly<Record<Rag, string>> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  not_rated: 'Not rated',
}
