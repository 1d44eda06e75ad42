// When a number should lead to action: an indicator that is red, or worsening, for two periods
// running. The scorecard offers "raise an action, a challenge or a risk" from such indicators.
import { directionOfTravel } from './direction.ts'
import { ragRating, type RagRule } from './rag.ts'

export interface SeriesPoint {
  readonly value: number | null
}

export type Concern = 'red_two_periods' | 'worsening_two_periods' | null

/** Looks at the last three values (oldest first); red twice or worsening twice is a concern. */
export function concernFrom(series: readonly SeriesPoint[], rule: RagRule): Concern {
  const last = series.slice(-3)
  const [a, b, c] = last.length === 3 ? last : [undefined, ...last.slice(-2)]
  if (b !== undefined && c !== undefined) {
    if (ragRating(b.value, rule) === 'red' && ragRating(c.value, rule) === 'red')
      return 'red_two_periods'
  }
  if (a !== undefined && b !== undefined && c !== undefined) {
    const first = directionOfTravel(b.value, a.value, rule.polarity).judgement
    const second = directionOfTravel(c.value, b.value, rule.polarity).judgement
    if (first === 'worsening' && second === 'worsening') return 'worsening_two_periods'
  }
  return null
}

export const concernLabels: Readonly<Record<Exclude<Concern, null>, string>> = {
  red_two_periods: 'Red for two periods',
  worsening_two_periods: 'Worsening for two periods',
}
