// Case reviews: domain → view model. The statutory clocks are worked out here (pure, unit-tested).
import type { WorkingDayCalendar } from '../../platform/calendar/working-days.ts'
import type { AgeBand, HarmKind, MilestoneKind, RapidReviewDecision, ReviewKind } from './tables.ts'

export const ageBandLabels: Readonly<Record<AgeBand, string>> = {
  unborn: 'Unborn',
  under_1: 'Under 1',
  '1_to_4': '1 to 4',
  '5_to_9': '5 to 9',
  '10_to_15': '10 to 15',
  '16_to_17': '16 to 17',
}

export const harmLabels: Readonly<Record<HarmKind, string>> = {
  death: 'Died',
  serious_harm: 'Seriously harmed',
}

export const decisionLabels: Readonly<Record<RapidReviewDecision, string>> = {
  lcspr: 'Local child safeguarding practice review',
  other_learning_review: 'Other learning review',
  no_further_review: 'No further review',
}

export const reviewKindLabels: Readonly<Record<ReviewKind, string>> = {
  lcspr: 'Local child safeguarding practice review',
  scr: 'Serious case review (before 2019)',
  thematic: 'Thematic review',
  multi_agency_learning: 'Multi-agency learning review',
}

export const milestoneLabels: Readonly<Record<MilestoneKind, string>> = {
  agency_reports: 'Agency reports',
  practitioner_event: 'Practitioner event',
  family_involvement: 'Family involvement',
  draft: 'Draft report',
  panel_sign_off: 'Panel sign-off',
  national_panel_sent: 'Sent to the national panel',
  publication: 'Publication',
}

export type ClockState = 'met' | 'late' | 'due' | 'overdue'

export interface StatutoryClock {
  readonly deadline: string
  readonly state: ClockState
  /** Working days left (open), or how late (late/overdue); 0 when met on time. */
  readonly workingDays: number
  readonly doneOn: string | null
  readonly text: string
  readonly tag: { text: string; classes: string }
}

/**
 * A clock of `limit` working days from `startedOn`: met (done by the deadline), late (done after
 * it), due (open, deadline today or later) or overdue (open, deadline passed).
 */
export function statutoryClock(
  calendar: WorkingDayCalendar,
  startedOn: string,
  limit: number,
  doneOn: string | null,
  today: string,
): StatutoryClock {
  const deadline = calendar.addWorkingDays(startedOn, limit)
  if (doneOn !== null) {
    const late = doneOn > deadline ? calendar.workingDaysBetween(deadline, doneOn) : 0
    return late === 0
      ? {
          deadline,
          state: 'met',
          workingDays: 0,
          doneOn,
          text: `Done in ${calendar.workingDaysBetween(startedOn, doneOn)} of ${limit} working days`,
          tag: { text: 'On time', classes: 'govuk-tag--green' },
        }
      : {
          deadline,
          state: 'late',
          workingDays: late,
          doneOn,
          text: `Done ${plural(late, 'working day')} late`,
          tag: { text: 'Late', classes: 'govuk-tag--orange' },
        }
  }
  if (today <= deadline) {
    const left = calendar.workingDaysBetween(today, deadline)
    return {
      deadline,
      state: 'due',
      workingDays: left,
      doneOn: null,
      text: left === 0 ? 'Due today' : `${plural(left, 'working day')} left`,
      tag: { text: left === 0 ? 'Due today' : 'Open', classes: 'govuk-tag--blue' },
    }
  }
  const over = calendar.workingDaysBetween(deadline, today)
  return {
    deadline,
    state: 'overdue',
    workingDays: over,
    doneOn: null,
    text: over === 0 ? 'Overdue' : `Overdue by ${plural(over, 'working day')}`,
    tag: { text: 'Overdue', classes: 'govuk-tag--red' },
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function formatIncidentReference(reference: number): string {
  return `SI-${String(reference).padStart(3, '0')}`
}

export function formatReviewReference(reference: number): string {
  return `CR-${String(reference).padStart(3, '0')}`
}

/** The status of a review, in words, from its dates and hold. */
export function reviewStatus(review: {
  publishedOn: string | null
  publicationHeld: boolean
  reviewerName: string | null
}): { text: string; classes: string } {
  if (review.publishedOn !== null) return { text: 'Published', classes: 'govuk-tag--green' }
  if (review.publicationHeld) return { text: 'Publication held', classes: 'govuk-tag--orange' }
  if (review.reviewerName === null)
    return { text: 'Reviewer not appointed', classes: 'govuk-tag--grey' }
  return { text: 'In progress', classes: 'govuk-tag--blue' }
}

/** The date `months` calendar months after `date` (end of month when the day does not exist). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const target = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1 + months, 1))
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate()
  target.setUTCDate(Math.min(d ?? 1, lastDay))
  return target.toISOString().slice(0, 10)
}

export interface PlannedMeeting {
  readonly on: string
  /** Which working day from awareness it falls on (awareness is day 0). */
  readonly workingDay: number
  /** After the rapid review's deadline: the review cannot be done in time. */
  readonly afterDeadline: boolean
  readonly text: string
}

/** A planned rapid review meeting, set against the working-day deadline. */
export function plannedMeeting(
  calendar: WorkingDayCalendar,
  awareOn: string,
  plannedOn: string,
  deadline: string,
  limit: number,
): PlannedMeeting {
  const workingDay = calendar.workingDaysBetween(awareOn, plannedOn)
  const afterDeadline = plannedOn > deadline
  return {
    on: plannedOn,
    workingDay,
    afterDeadline,
    text: afterDeadline
      ? `Working day ${workingDay}: ${plural(calendar.workingDaysBetween(deadline, plannedOn), 'working day')} after the ${limit}-working-day deadline`
      : `Working day ${workingDay} of ${limit}`,
  }
}
