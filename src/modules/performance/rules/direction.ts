// Direction of travel between two values of an indicator: which way the number moved, and (when
// the indicator has a polarity) whether that is better or worse. Values are compared as they are
// published (to one decimal place), so a change too small to show is "no change".
import type { Polarity } from './rag.ts'

export type Movement = 'up' | 'down' | 'same' | 'unknown'
export type Judgement = 'improving' | 'worsening' | 'no_change' | 'not_judged'

export interface Direction {
  readonly movement: Movement
  readonly judgement: Judgement
}

export function roundTo1dp(value: number): number {
  return Math.round(value * 10) / 10
}

export function directionOfTravel(
  current: number | null,
  previous: number | null,
  polarity: Polarity,
): Direction {
  if (current === null || previous === null) return { movement: 'unknown', judgement: 'not_judged' }
  const a = roundTo1dp(current)
  const b = roundTo1dp(previous)
  if (a === b) return { movement: 'same', judgement: 'no_change' }
  const movement: Movement = a > b ? 'up' : 'down'
  switch (polarity) {
    case 'none':
      return { movement, judgement: 'not_judged' }
    case 'higher_is_better':
      return { movement, judgement: movement === 'up' ? 'improving' : 'worsening' }
    case 'lower_is_better':
      return { movement, judgement: movement === 'down' ? 'improving' : 'worsening' }
  }
}

export const judgementLabels: Readonly<Record<Judgement, string>> = {
  improving: 'Improving',
  worsening: 'Worsening',
  no_change: 'No change',
  not_judged: 'Not judged',
}

export const movementLabels: Readonly<Record<Movement, string>> = {
  up: 'Up',
  down: 'Down',
  same: 'No change',
  unknown: 'No earlier value',
}
