// Page view models for case reviews (pure: from what the service returns to what templates show).
import { caseReviewPaths as paths } from './paths.ts'
import {
  ageBandLabels,
  decisionLabels,
  formatIncidentReference,
  formatReviewReference,
  harmLabels,
  milestoneLabels,
  reviewKindLabels,
  reviewStatus,
} from './presenter.ts'
import type {
  ChronologyView,
  IncidentDetail,
  IncidentRow,
  Overview,
  ReturnDetail,
  ReturnRow,
  ReviewDetail,
} from './service.ts'
import { milestoneKinds } from './tables.ts'

export const incidentReference = formatIncidentReference

export function incidentHeading(incident: IncidentRow) {
  return {
    id: incident.id,
    reference: formatIncidentReference(incident.reference),
    childPseudonym: incident.childPseudonym,
    href: paths.incident({ incidentId: incident.id }),
  }
}

export function overviewPage(data: Overview) {
  return {
    incidents: data.incidents.map((i) => ({
      ...incidentHeading(i),
      harm: harmLabels[i.harm],
      awareOn: i.awareOn,
      notification: i.clocks.notification,
      rapidReview: i.clocks.rapidReview,
      decision: i.decision === null ? null : decisionLabels[i.decision],
    })),
    reviews: data.reviews.map((r) => ({
      id: r.id,
      reference: formatReviewReference(r.reference),
      title: r.title,
      kind: reviewKindLabels[r.kind],
      initiatedOn: r.initiatedOn,
      status: reviewStatus(r),
      href: paths.review({ reviewId: r.id }),
    })),
  }
}

export function incidentPage(detail: IncidentDetail) {
  const { incident } = detail
  return {
    ...incidentHeading(incident),
    ageBand: ageBandLabels[incident.ageBand],
    harm: harmLabels[incident.harm],
    awareOn: incident.awareOn,
    whatHappened: incident.whatHappened,
    agencies: detail.agencies.map((a) => a.name),
    notifiedOn: incident.notifiedOn,
    panelReference: incident.panelReference,
    clocks: detail.clocks,
    meetingOn: incident.meetingOn,
    plannedMeeting: detail.plannedMeeting,
    decision: incident.decision === null ? null : decisionLabels[incident.decision],
    decisionRationale: incident.decisionRationale,
    sentToPanelOn: incident.sentToPanelOn,
    sentWithOutstandingReason: incident.sentWithOutstandingReason,
    open: incident.sentToPanelOn === null,
    canManage: detail.canManage,
    returns: detail.returns.map((r) => returnRow(r, detail.today)),
    reviews: detail.reviews.map((r) => ({
      reference: formatReviewReference(r.reference),
      title: r.title,
      href: paths.review({ reviewId: r.id }),
    })),
    links: {
      notification: paths.notification({ incidentId: incident.id }),
      rapidReview: paths.rapidReview({ incidentId: incident.id }),
      requestReturn: paths.requestReturn({ incidentId: incident.id }),
      chronology: paths.chronology({ incidentId: incident.id }),
      decision: paths.decision({ incidentId: incident.id }),
      planMeeting: paths.planMeeting({ incidentId: incident.id }),
      sent: paths.sentToPanel({ incidentId: incident.id }),
    },
  }
}

export function returnRow(r: ReturnRow, today: string) {
  const status =
    r.returnedOn !== null
      ? { text: 'Received', classes: 'govuk-tag--green' }
      : r.dueOn < today
        ? { text: 'Overdue', classes: 'govuk-tag--red' }
        : { text: 'Requested', classes: 'govuk-tag--blue' }
  return {
    id: r.id,
    incidentReference: formatIncidentReference(r.incidentReference),
    childPseudonym: r.childPseudonym,
    agencyName: r.agencyName,
    contactName: r.contactName,
    contactEmail: r.contactEmail,
    requestedOn: r.requestedOn,
    dueOn: r.dueOn,
    returnedOn: r.returnedOn,
    chaseCount: r.chaseCount,
    lastChasedOn: r.lastChasedOn,
    status,
    href: paths.informationReturn({ returnId: r.id }),
  }
}

export function returnPage(detail: ReturnDetail, today: string) {
  return {
    item: returnRow(detail.item, today),
    entries: detail.entries,
    open: detail.open,
    canAdd: detail.open,
    canMarkReceived: detail.open && detail.item.returnedOn === null,
    links: {
      entry: paths.returnEntry({ returnId: detail.item.id }),
      received: paths.returnReceived({ returnId: detail.item.id }),
    },
  }
}

export function chronologyPage(
  view: ChronologyView,
  filter: { order: 'asc' | 'desc'; agencyId: string | undefined },
) {
  const here = paths.chronology({ incidentId: view.incident.id })
  return {
    incident: incidentHeading(view.incident),
    entries: view.entries,
    agencies: view.agencies,
    filter,
    action: here,
    sortLink: {
      href: paths.chronology(
        { incidentId: view.incident.id },
        { order: filter.order === 'asc' ? 'desc' : 'asc', agency: filter.agencyId },
      ),
      text: filter.order === 'asc' ? 'Show newest first' : 'Show oldest first',
    },
  }
}

export function reviewPage(detail: ReviewDetail) {
  const { review } = detail
  const byKind = new Map(detail.milestones.map((m) => [m.kind, m]))
  return {
    id: review.id,
    reference: formatReviewReference(review.reference),
    title: review.title,
    kind: reviewKindLabels[review.kind],
    status: reviewStatus(review),
    initiatedOn: review.initiatedOn,
    publicationDueBy: detail.publicationDueBy,
    publicationLate: review.publishedOn === null && detail.today > detail.publicationDueBy,
    reviewerName: review.reviewerName,
    reviewerAppointedOn: review.reviewerAppointedOn,
    termsOfReference: review.termsOfReference,
    held: review.publicationHeld,
    holdReason: review.holdReason,
    published:
      review.publishedOn === null
        ? null
        : {
            on: review.publishedOn,
            title: review.publicTitle,
            summary: review.publicSummary,
            report: paths.reviewFile({ reviewId: review.id, file: 'report' }),
            briefing: paths.reviewFile({ reviewId: review.id, file: 'briefing' }),
          },
    incident: detail.incident === undefined ? null : incidentHeading(detail.incident),
    milestones: milestoneKinds.map((kind) => {
      const m = byKind.get(kind)
      const plannedOn = m?.plannedOn ?? null
      const actualOn = m?.actualOn ?? null
      return {
        kind,
        label: milestoneLabels[kind],
        plannedOn,
        actualOn,
        late: actualOn === null && plannedOn !== null && plannedOn < detail.today,
      }
    }),
    canManage: detail.canManage,
    canPublish: detail.canManage && review.publishedOn === null && !review.publicationHeld,
    links: {
      details: paths.reviewDetails({ reviewId: review.id }),
      milestones: paths.milestones({ reviewId: review.id }),
      hold: paths.hold({ reviewId: review.id }),
      publish: paths.publish({ reviewId: review.id }),
    },
  }
}

/** The values of the milestones form, from the saved dates (GOV.UK date inputs, three parts). */
export function milestoneValues(milestones: ReturnType<typeof reviewPage>['milestones']) {
  const values: Record<string, string> = {}
  for (const m of milestones)
    for (const [suffix, date] of [
      ['planned', m.plannedOn],
      ['actual', m.actualOn],
    ] as const)
      if (date !== null) {
        const [y, mo, d] = date.split('-')
        values[`${m.kind}-${suffix}-day`] = String(Number(d))
        values[`${m.kind}-${suffix}-month`] = String(Number(mo))
        values[`${m.kind}-${suffix}-year`] = y ?? ''
      }
  return values
}
