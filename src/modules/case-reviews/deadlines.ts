// Case reviews' statutory clocks on the platform's deadline register: notifying the national panel
// of a serious incident (5 working days from awareness) and sending it the rapid review (15
// working days). The due dates are the ones the module's own pages show (clocksOf), on the
// partnership's working-day calendar. Labels carry the incident reference only, nothing about the
// child.
import type { Deadline, DeadlineClock, DeadlineWindow } from '../../platform/deadlines/index.ts'
import { inWindow, judgeDeadline } from '../../platform/deadlines/index.ts'
import { today, type UseCaseContext } from '../../platform/use-case.ts'
import { caseReviewPaths } from './paths.ts'
import { formatIncidentReference } from './presenter.ts'
import * as repo from './repository.ts'
import { currentRules } from './rules.ts'
import { CASE_REVIEW_PERMISSIONS, calendarFor, clocksOf, type IncidentClocks } from './service.ts'

type Which = keyof IncidentClocks

async function incidentDeadlines(
  ctx: UseCaseContext,
  window: DeadlineWindow,
  which: Which,
  clock: string,
): Promise<Deadline[]> {
  const on = today(ctx)
  const calendar = await calendarFor(ctx.services, ctx.scope)
  const incidents =
    window.asOf === undefined
      ? await repo.listIncidents(ctx.db, ctx.scope)
      : await repo.listOpenIncidents(ctx.db, ctx.scope)
  const deadlines: Deadline[] = []
  for (const incident of incidents) {
    const { deadline, doneOn } = clocksOf(calendar, incident, on)[which]
    if (!inWindow(window, deadline, doneOn)) continue
    const reference = formatIncidentReference(incident.reference)
    deadlines.push({
      clock,
      recordType: 'serious_incident',
      recordId: incident.id,
      label:
        which === 'notification'
          ? `${reference}: notify the national panel`
          : `${reference}: rapid review to the national panel`,
      href:
        which === 'notification'
          ? caseReviewPaths.incident({ incidentId: incident.id })
          : caseReviewPaths.rapidReview({ incidentId: incident.id }),
      dueOn: deadline,
      completedOn: doneOn,
      met: judgeDeadline(deadline, doneOn, on),
    })
  }
  return deadlines
}

export const caseReviewClocks: readonly DeadlineClock[] = [
  {
    key: 'case_reviews.notification',
    title: 'Serious incident notification to the national panel',
    module: 'case-reviews',
    permission: CASE_REVIEW_PERMISSIONS.read,
    rule: `Within ${String(currentRules.notificationWorkingDays)} working days of the partnership becoming aware of the incident`,
    noun: [
      'serious incident notification to the national panel',
      'serious incident notifications to the national panel',
    ],
    deadlines: (ctx, window) =>
      incidentDeadlines(ctx, window, 'notification', 'case_reviews.notification'),
  },
  {
    key: 'case_reviews.rapid_review',
    title: 'Rapid review sent to the national panel',
    module: 'case-reviews',
    permission: CASE_REVIEW_PERMISSIONS.read,
    rule: `Within ${String(currentRules.rapidReviewWorkingDays)} working days of the partnership becoming aware of the incident`,
    noun: ['rapid review', 'rapid reviews'],
    deadlines: (ctx, window) =>
      incidentDeadlines(ctx, window, 'rapidReview', 'case_reviews.rapid_review'),
  },
]
