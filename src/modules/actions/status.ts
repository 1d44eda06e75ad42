// The action's state machine. Owners report progress (not started, on track, at risk) and
// completion; an open action past its due date is overdue; the raising group signs a completed
// action off, with evidence, which closes it.
//
// Overdue is both derived and stored. Lists, counts and the API treat an open action whose due
// date has passed as overdue straight away (effectiveStatus), so nothing waits for a job; the
// daily job (actions.mark-overdue) then records the change as a dated update in the action's
// history, so exports and agency systems see it too. Only agreeing a new due date, or completing
// the action, takes it out of overdue.
import type { ActionStatus } from './tables.ts'

export const openStatuses: readonly ActionStatus[] = [
  'not_started',
  'on_track',
  'at_risk',
  'overdue',
]

/** What an owner may report in a progress update. */
export const progressStatuses = ['not_started', 'on_track', 'at_risk', 'completed'] as const
export type ProgressStatus = (typeof progressStatuses)[number]

export function isOpen(status: ActionStatus): boolean {
  return openStatuses.includes(status)
}

/** The status to show: an open action past its due date is overdue whatever was last reported. */
export function effectiveStatus(
  status: ActionStatus,
  dueDate: string,
  today: string,
): ActionStatus {
  return isOpen(status) && dueDate < today ? 'overdue' : status
}

export type Transition =
  | { readonly ok: true; readonly status: ActionStatus }
  | { readonly ok: false; readonly reason: string }

const notOpen = (status: ActionStatus): Transition => ({
  ok: false,
  reason:
    status === 'closed_with_evidence'
      ? 'This action has been signed off and closed.'
      : 'This action has been completed. The business unit can return it to the owner.',
})

/** An owner's update: progress (on track, at risk…) or completion. */
export function recordProgress(
  current: ActionStatus,
  requested: ProgressStatus,
  dueDate: string,
  today: string,
): Transition {
  if (!isOpen(current)) return notOpen(current)
  if (requested === 'completed') return { ok: true, status: 'completed' }
  if (dueDate < today)
    return {
      ok: false,
      reason:
        'This action is past its due date, so it stays overdue until it is completed or the business unit agrees a new due date.',
    }
  return { ok: true, status: requested }
}

/** The daily check: an open action past its due date becomes overdue (once). */
export function markOverdue(current: ActionStatus, dueDate: string, today: string): Transition {
  if (!isOpen(current) || current === 'overdue' || dueDate >= today)
    return { ok: false, reason: 'The action is not newly overdue.' }
  return { ok: true, status: 'overdue' }
}

/** A new due date agreed for an open action: overdue ends if the new date is not past. */
export function changeDueDate(
  current: ActionStatus,
  newDueDate: string,
  today: string,
): Transition {
  if (!isOpen(current)) return notOpen(current)
  if (newDueDate < today) return { ok: true, status: 'overdue' }
  return { ok: true, status: current === 'overdue' ? 'on_track' : current }
}

/** The raising group signs a completed action off; there must be evidence to close it with. */
export function signOff(current: ActionStatus, evidenceCount: number): Transition {
  if (current !== 'completed')
    return {
      ok: false,
      reason:
        current === 'closed_with_evidence'
          ? 'This action has already been signed off.'
          : 'Only a completed action can be signed off.',
    }
  if (evidenceCount === 0)
    return { ok: false, reason: 'Add evidence to the action before it is signed off.' }
  return { ok: true, status: 'closed_with_evidence' }
}

/** Sign-off refused: the completed action goes back to its owner. */
export function returnToOwner(current: ActionStatus, dueDate: string, today: string): Transition {
  if (current !== 'completed')
    return { ok: false, reason: 'Only a completed action can be returned to its owner.' }
  return { ok: true, status: dueDate < today ? 'overdue' : 'on_track' }
}
