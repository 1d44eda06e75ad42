// How an indicator's value follows from its numerator and denominator, and how values for several
// areas combine into one. Percentages and rates are always recomputed from the summed numerators
// and denominators — averaging the areas' percentages would weight a small district like a large
// one and give the wrong answer.
export const units = ['count', 'percentage', 'rate_per_10000', 'days', 'score'] as const
export type Unit = (typeof units)[number]

export const unitLabels: Readonly<Record<Unit, string>> = {
  count: 'Count',
  percentage: 'Percentage',
  rate_per_10000: 'Rate per 10,000 children',
  days: 'Days',
  score: 'Score',
}

/** Rate per 10,000 children aged 0–17, to one decimal place (as DfE publishes). */
export function ratePer10000(count: number, population: number): number | null {
  if (!(population > 0)) return null
  return Math.round((count / population) * 10000 * 10) / 10
}

/** A percentage, unrounded (rounding is for display). */
export function percentage(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null
  return (numerator / denominator) * 100
}

export interface Measurement {
  readonly numerator: number | null
  readonly denominator: number | null
  readonly value: number | null
}

/** The value an indicator of this unit takes from a numerator and denominator. */
export function valueFrom(
  unit: Unit,
  numerator: number | null,
  denominator: number | null,
): number | null {
  switch (unit) {
    case 'count':
      return numerator
    case 'percentage':
      return numerator === null || denominator === null ? null : percentage(numerator, denominator)
    case 'rate_per_10000':
      return numerator === null || denominator === null
        ? null
        : ratePer10000(numerator, denominator)
    case 'days':
    case 'score':
      // An average: total days (or points) over the number of cases.
      return numerator === null || denominator === null || !(denominator > 0)
        ? null
        : numerator / denominator
  }
}

/**
 * Combines the areas' measurements into one for the whole. Counts add up. Everything else needs
 * every part's numerator and denominator; when any part lacks them the whole cannot be known
 * honestly and null is returned.
 */
export function aggregate(unit: Unit, parts: readonly Measurement[]): Measurement | null {
  if (parts.length === 0) return null
  if (unit === 'count') {
    let total = 0
    for (const p of parts) {
      const v = p.numerator ?? p.value
      if (v === null) return null
      total += v
    }
    return { numerator: total, denominator: null, value: total }
  }
  let numerator = 0
  let denominator = 0
  for (const p of parts) {
    if (p.numerator === null || p.denominator === null) return null
    numerator += p.numerator
    denominator += p.denominator
  }
  return { numerator, denominator, value: valueFrom(unit, numerator, denominator) }
}
