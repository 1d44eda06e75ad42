// Governance's JSON API: agencies' own systems read the register, groups, meetings, the attendance
// report and the challenge log, and agency leads answer challenges made to their agency. The same
// permissions and service functions as the pages: what a page would redact, the API redacts.
import { today as todayOf } from './service.ts'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ValidationError } from '../../platform/errors.ts'
import { requestContext } from '../../platform/http/access-control.ts'
import type { Services } from '../../platform/services.ts'
import { formatReference } from '../actions/index.ts'
import { reportSentence } from './attendance-report.ts'
import * as challenges from './challenges.ts'
import * as meetings from './meetings.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS as P } from './permissions.ts'
import { attendanceView, presentItems } from './presenter.ts'
import { describeRule } from './quorum.ts'
import type * as repo from './repository.ts'
import {
  apiAgency,
  apiAgencyDetail,
  apiAgencyParams,
  apiAttendanceQuery,
  apiAttendanceReport,
  apiChallenge,
  apiChallengeDetail,
  apiChallengeParams,
  apiChallengeResponseBody,
  apiGroup,
  apiGroupDetail,
  apiGroupParams,
  apiMeeting,
  apiMeetingDetail,
  apiMeetingListQuery,
  apiMeetingParams,
} from './schemas.ts'
import * as service from './service.ts'

const tags = ['Governance']
const read = { permission: P.read }

export function governanceApiRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>()

  // Agencies.
  api.get(
    governancePaths.apiAgencies.pattern,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List agencies',
        response: { 200: z.object({ agencies: z.array(apiAgency) }) },
      },
    },
    async (request) => {
      const { scope } = requestContext(request)
      return { agencies: (await service.listAgencies(services, scope)).map(agencyOf) }
    },
  )

  api.get(
    governancePaths.apiAgency.pattern,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Read an agency and its people',
        params: apiAgencyParams,
        response: { 200: apiAgencyDetail },
      },
    },
    async (request) => {
      const { scope } = requestContext(request)
      const detail = await service.getAgency(services, scope, request.params.agencyId)
      return {
        ...agencyOf(detail.agency),
        contacts: detail.contacts.map(personOf),
        people: detail.people.map(personOf),
      }
    },
  )

  // Groups.
  api.get(
    governancePaths.apiGroups.pattern,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List groups',
        description: 'The board, its sub-groups and panels, each with the group it reports to.',
        response: { 200: z.object({ groups: z.array(apiGroup) }) },
      },
    },
    async (request) => {
      const { scope } = requestContext(request)
      return { groups: (await service.listGroups(services, scope)).map(groupOf) }
    },
  )

  api.get(
    governancePaths.apiGroup.pattern,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Read a group and its current members',
        params: apiGroupParams,
        response: { 200: apiGroupDetail },
      },
    },
    async (request) => {
      const { scope } = requestContext(request)
      const detail = await service.getGroup(services, scope, request.params.groupId)
      return {
        ...groupOf(detail.group),
        members: detail.members.map((m) => ({
          membershipId: m.membershipId,
          personId: m.personId,
          name: m.fullName,
          role: m.role,
          agency: m.agencyId === null ? null : { id: m.agencyId, name: m.agencyName ?? 'Unknown' },
          homePartnership: m.homePartnershipName,
          clearedForRestricted: m.clearedForRestricted,
          startedOn: m.startedOn,
          endedOn: m.endedOn,
        })),
      }
    },
  )

  api.get(
    governancePaths.apiGroupAttendance.pattern,
    {
      config: { access: read },
      schema: {
        tags,
        summary: "A group's attendance report",
        description:
          'Attendance by agency and by member role over a period, as percentages: the same numbers ' +
          'as the attendance report page. A period that ends before it starts is a 400.',
        params: apiGroupParams,
        querystring: apiAttendanceQuery,
        response: { 200: apiAttendanceReport },
      },
    },
    async (request) => {
      const { scope } = requestContext(request)
      const { range, errors } = meetings.attendanceRange(
        todayOf(services),
        request.query.from,
        request.query.to,
      )
      if (errors.length > 0) throw new ValidationError(errors)
      const { group, report } = await meetings.groupAttendance(
        services,
        scope,
        request.params.groupId,
        range,
      )
      return {
        group: { id: group.id, name: group.name },
        from: range.from,
        to: range.to,
        meetingsHeld: report.meetingsHeld,
        sentence: reportSentence(group.name, report),
        byAgency: report.byAgency.map((a) => ({
          agency: { id: a.agencyId, name: a.agencyName },
          attended: a.attended,
          expected: a.expected,
          percent: a.percent,
        })),
        byRole: report.byRole.map((r) => ({
          role: r.role,
          attended: r.attended,
          expected: r.expected,
          percent: r.percent,
        })),
      }
    },
  )

  // Meetings.
  api.get(
    governancePaths.apiMeetings.pattern,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'List meetings',
        querystring: apiMeetingListQuery,
        response: { 200: z.object({ meetings: z.array(apiMeeting) }) },
      },
    },
    async (request) => {
      const { scope } = requestContext(request)
      const groupId = request.query.groupId
      if (groupId === undefined)
        return { meetings: (await meetings.listUpcoming(services, scope)).map(meetingOf) }
      const { past, upcoming } = await service.getGroup(services, scope, groupId)
      return { meetings: [...[...past].reverse(), ...upcoming].map(meetingOf) }
    },
  )

  api.get(
    governancePaths.apiMeeting.pattern,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Read a meeting: agenda, papers, attendance and quoracy',
        description:
          'Restricted (exempt) items are redacted unless the caller is cleared for them; papers are ' +
          'listed once the pack is published (always, for the business unit).',
        params: apiMeetingParams,
        response: { 200: apiMeetingDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const detail = await meetings.getMeeting(services, ctx, request.params.meetingId)
      return {
        ...meetingOf(detail.meeting),
        quorumRule: detail.quorumRule,
        quorum:
          detail.quorum.state === 'quorate' || detail.quorum.state === 'not_quorate'
            ? { state: detail.quorum.state, reasons: [...detail.quorum.reasons] }
            : { state: detail.quorum.state, reasons: [] },
        agenda: presentItems(detail).map((i) => ({
          id: i.id,
          number: i.number,
          title: i.title,
          presenterName: i.presenterName,
          restricted: i.restricted,
          redacted: i.hidden,
          standing: i.standing,
          escalated: i.escalated,
          minutes: i.minutes,
          decisions: i.decisions,
          papers: i.papers.map((p) => ({ id: p.id, title: p.title, filename: p.filename })),
          declarations: [...i.declarations],
          actionIds: [...i.actionIds],
        })),
        attendance: attendanceView(detail.members, detail.attendance).map((a) => ({
          personId: a.personId,
          name: a.name,
          role: a.role,
          agency: a.agency,
          status: a.status,
          substituteName: a.substituteName,
        })),
      }
    },
  )

  // The challenge log.
  api.get(
    governancePaths.apiChallenges.pattern,
    {
      config: { access: { permission: P.readChallenges } },
      schema: {
        tags,
        summary: 'List challenges',
        description:
          "The whole challenge log, or for an agency lead's token the challenges raised by or to " +
          'their agency.',
        response: { 200: z.object({ challenges: z.array(apiChallenge) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      return { challenges: (await challenges.listChallenges(services, ctx)).map(challengeOf) }
    },
  )

  api.get(
    governancePaths.apiChallenge.pattern,
    {
      config: { access: { permission: P.readChallenges } },
      schema: {
        tags,
        summary: 'Read a challenge and the actions raised from it',
        params: apiChallengeParams,
        response: { 200: apiChallengeDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      return challengeDetailOf(
        await challenges.getChallenge(services, ctx, request.params.challengeId),
      )
    },
  )

  api.post(
    governancePaths.apiChallengeResponse.pattern,
    {
      config: { access: { permission: P.respondToChallenges } },
      schema: {
        tags,
        summary: "Record the challenged agency's response",
        description:
          'Only for an open (or already answered) challenge, and for an agency lead only a ' +
          'challenge made to their own agency (403 otherwise). The response date may not be in the ' +
          'future or before the challenge was raised.',
        params: apiChallengeParams,
        body: apiChallengeResponseBody,
        response: { 201: apiChallengeDetail },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      const { challengeId } = request.params
      await challenges.respondToChallenge(services, ctx, challengeId, {
        response: request.body.response,
        respondedOn: request.body.respondedOn ?? todayOf(services),
      })
      return reply
        .code(201)
        .send(challengeDetailOf(await challenges.getChallenge(services, ctx, challengeId)))
    },
  )
}

function agencyOf(a: repo.AgencyRow): z.input<typeof apiAgency> {
  return { id: a.id, name: a.name, shortName: a.shortName, type: a.type, active: a.active }
}

function personOf(p: repo.PersonRow) {
  return {
    id: p.id,
    name: p.fullName,
    jobTitle: p.jobTitle,
    email: p.email,
    isNamedContact: p.isNamedContact,
  }
}

function groupOf(g: repo.GroupRow): z.input<typeof apiGroup> {
  return {
    id: g.id,
    name: g.name,
    shortName: g.shortName,
    kind: g.kind,
    parentGroup:
      g.parentGroupId === null
        ? null
        : { id: g.parentGroupId, name: g.parentGroupName ?? 'Unknown' },
    purpose: g.purpose,
    quorumRule: describeRule(g),
    termsOfReferenceReviewDate: g.termsOfReferenceReviewDate,
    active: g.active,
  }
}

function meetingOf(m: repo.MeetingRow): z.input<typeof apiMeeting> {
  return {
    id: m.id,
    group: { id: m.groupId, name: m.groupName },
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    location: m.location,
    status: m.status,
    packPublishedAt: m.packPublishedAt === null ? null : m.packPublishedAt.toISOString(),
  }
}

function challengeOf(c: repo.ChallengeRow): z.input<typeof apiChallenge> {
  const who = (
    agencyId: string,
    agencyName: string,
    personId: string | null,
    person: string | null,
  ) => ({
    agency: { id: agencyId, name: agencyName },
    person: personId === null ? null : { id: personId, name: person ?? 'Unknown' },
  })
  return {
    id: c.id,
    reference: challenges.formatChallengeReference(c.reference),
    raisedOn: c.raisedOn,
    raisedBy: who(
      c.raisedByAgencyId,
      c.raisedByAgencyName,
      c.raisedByPersonId,
      c.raisedByPersonName,
    ),
    raisedTo: who(
      c.raisedToAgencyId,
      c.raisedToAgencyName,
      c.raisedToPersonId,
      c.raisedToPersonName,
    ),
    group: c.groupId === null ? null : { id: c.groupId, name: c.groupName ?? 'Unknown' },
    subject: c.subject,
    detail: c.detail,
    response: c.response,
    respondedOn: c.respondedOn,
    outcome: c.outcome,
    status: c.status,
    closedOn: c.closedOn,
  }
}

function challengeDetailOf(
  detail: Awaited<ReturnType<typeof challenges.getChallenge>>,
): z.input<typeof apiChallengeDetail> {
  return {
    ...challengeOf(detail.challenge),
    actions: detail.actions.map((a) => ({
      id: a.id,
      reference: formatReference(a.reference),
      title: a.title,
      dueDate: a.dueDate,
    })),
  }
}
