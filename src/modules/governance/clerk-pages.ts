// The clerk's pages (issue 13.1): cancelling and reinstating a meeting with a reason, managing the
// agenda (reorder, edit, withdraw), replacing papers, approving the previous meeting's minutes and
// the decision register. Thin: call one use case, present, render.
import { requestContext } from '../../platform/http/access-control.ts'
import type { RouteInput } from '../../platform/http/route-table.ts'
import { formatDateTime } from '../../platform/http/views.ts'
import * as meetings from './meetings.ts'
import { governancePaths } from './paths.ts'

type MeetingPage = RouteInput<'/governance/meetings/:meetingId'>

export const cancelMeeting = {
  template: 'governance/views/cancel-form.njk',
  load: async ({ request, services, params }: MeetingPage) => {
    const meeting = await meetings.writableMeeting(
      services,
      requestContext(request),
      params.meetingId,
    )
    return {
      pageTitle: `Cancel the meeting on ${formatDateTime(meeting.startsAt)}`,
      meeting,
      reinstating: false,
      reasonLabel: 'Why is the meeting cancelled?',
      buttonText: 'Cancel the meeting',
      action: governancePaths.cancelMeeting({ meetingId: meeting.id }),
      backLink: { href: governancePaths.meeting({ meetingId: meeting.id }) },
    }
  },
  save: async ({ request, services, params }: MeetingPage, value: { reason: string }) => {
    await meetings.cancelMeeting(services, requestContext(request), params.meetingId, value.reason)
    return governancePaths.meeting({ meetingId: params.meetingId })
  },
}

export const reinstateMeeting = {
  template: 'governance/views/cancel-form.njk',
  load: async ({ request, services, params }: MeetingPage) => {
    const meeting = await meetings.reinstatableMeeting(
      services,
      requestContext(request),
      params.meetingId,
    )
    return {
      pageTitle: `Reinstate the meeting on ${formatDateTime(meeting.startsAt)}`,
      meeting,
      reinstating: true,
      reasonLabel: 'Why is the meeting going ahead after all?',
      buttonText: 'Reinstate the meeting',
      action: governancePaths.reinstateMeeting({ meetingId: meeting.id }),
      backLink: { href: governancePaths.meeting({ meetingId: meeting.id }) },
    }
  },
  save: async ({ request, services, params }: MeetingPage, value: { reason: string }) => {
    await meetings.reinstateMeeting(
      services,
      requestContext(request),
      params.meetingId,
      value.reason,
    )
    return governancePaths.meeting({ meetingId: params.meetingId })
  },
}
