// Meetings' pages: scheduling, the meeting page, agenda items, papers, declarations, minutes,
// actions, attendance, publishing and invitations, Word exports, the members' view and the
// attendance report. Thin: declare access, parse input, call the service, render.
import { today as todayOf } from './service.ts'
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requestContext } from '../../platform/http/access-control.ts'
import { formErrors, noErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { MAX_UPLOAD_BYTES, multipartForm } from '../../platform/http/uploads.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import {
  checkUpload,
  describeKinds,
  documentKinds,
  sendStoredFile,
} from '../../platform/files/file-store.ts'
import { toDocx } from '../../platform/exports/docx.ts'
import { toCsv } from '../../platform/exports/csv.ts'
import { sheet, toXlsx } from '../../platform/exports/xlsx.ts'
import { sendDownload } from '../../platform/exports/download.ts'
import { formatDateTime } from '../../platform/http/views.ts'
import { withDateParts } from '../../platform/validation.ts'
import type { Services } from '../../platform/services.ts'
import { presentActionRow, raiseActionOptions, raiseActionFormSchema } from '../actions/index.ts'
import { reportSentence } from './attendance-report.ts'
import { dateParts, formRoute } from '../../platform/http/form-route.ts'
import * as agenda from './agenda.ts'
import * as meetings from './meetings.ts'
import { meetingFileName } from './presenter.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS as P } from './permissions.ts'
import {
  agendaBlocks,
  attendanceColumns,
  attendanceLabels,
  attendanceLines,
  attendanceView,
  minutesBlocks,
  presentItems,
  quorumView,
} from './presenter.ts'
import {
  agendaItemFormSchema,
  attendanceChoices,
  declarationFormSchema,
  meetingFormSchema,
  minutesFormSchema,
  paperFormSchema,
  reportRangeSchema,
} from './schemas.ts'
import * as service from './service.ts'

const read = { permission: P.read }
const manage = { permission: P.manage }
const mine = { permission: P.myMeetings }

type MeetingParams = { meetingId: string }
type ItemParams = { meetingId: string; itemId: string }

export function meetingRoutes(app: FastifyInstance, services: Services): void {
  formRoute(app, {
    pattern: governancePaths.newMeeting.pattern,
    permission: P.manage,
    template: 'governance/views/meeting-form.njk',
    load: async (request) => {
      const groupId = request.params.groupId ?? ''
      const { group } = await service.getGroup(services, requestContext(request).scope, groupId)
      return {
        pageTitle: `Schedule a meeting of ${group.name}`,
        group,
        values: { repeat: 'none', startTime: '10:00', endTime: '12:00' },
        action: governancePaths.newMeeting({ groupId }),
        backLink: { href: governancePaths.group({ groupId }) },
      }
    },
    schema: meetingFormSchema,
    dateFields: ['date'],
    save: async (request, value) => {
      const groupId = request.params.groupId ?? ''
      const ids = await meetings.scheduleMeetings(services, requestContext(request), groupId, value)
      return ids.length === 1 && ids[0] !== undefined
        ? governancePaths.meeting({ meetingId: ids[0] })
        : governancePaths.group({ groupId })
    },
  })

  app.get(
    governancePaths.meetings.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const { scope } = requestContext(request)
      return reply.render('governance/views/meetings.njk', {
        pageTitle: 'Upcoming meetings',
        meetings: await meetings.listUpcoming(services, scope),
      })
    },
  )

  app.get<{ Params: MeetingParams }>(
    governancePaths.meeting.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await meetings.getMeeting(services, ctx, request.params.meetingId)
      const today = todayOf(services)
      const actions = new Map(
        detail.actions.map((a) => [a.id, presentActionRow(a, today, new Map())]),
      )
      return reply.render('governance/views/meeting.njk', {
        pageTitle: `${detail.meeting.groupName}: ${formatDateTime(detail.meeting.startsAt)}`,
        detail,
        minutesStatus: await agenda.minutesStatus(services, ctx, detail.meeting),
        items: presentItems(detail).map((i) => ({
          ...i,
          actions: i.actionIds.map((id) => actions.get(id)).filter((a) => a !== undefined),
        })),
        quorum: quorumView(detail.quorum),
        attendance: attendanceView(detail.members, detail.attendance),
        // Attendance can be recorded once the meeting has started (the service refuses earlier).
        started: detail.meeting.startsAt <= services.clock.now(),
        backLink: {
          href: governancePaths.group({ groupId: detail.meeting.groupId }),
          text: detail.meeting.groupName,
        },
      })
    },
  )

  formRoute(app, {
    pattern: governancePaths.newItem.pattern,
    permission: P.manage,
    template: 'governance/views/item-form.njk',
    load: async (request) => {
      const meetingId = request.params.meetingId ?? ''
      const meeting = await meetings.writableMeeting(services, requestContext(request), meetingId)
      return {
        pageTitle: 'Add an agenda item',
        meeting,
        action: governancePaths.newItem({ meetingId }),
        backLink: { href: governancePaths.meeting({ meetingId }) },
      }
    },
    schema: agendaItemFormSchema,
    save: async (request, value) => {
      const meetingId = request.params.meetingId ?? ''
      await meetings.addAgendaItem(services, requestContext(request), meetingId, value)
      return governancePaths.meeting({ meetingId })
    },
  })

  // Papers: uploaded to an agenda item (office documents and PDFs, under the size limit).
  const paperPage = async (
    request: FastifyRequest<{ Params: ItemParams }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[],
  ) => {
    const { meetingId, itemId } = request.params
    const { meeting, item } = await meetings.getItem(
      services,
      requestContext(request),
      meetingId,
      itemId,
    )
    return reply.code(errors.length > 0 ? 400 : 200).render('governance/views/paper-form.njk', {
      pageTitle: `Add a paper to “${item.title}”`,
      meeting,
      item,
      values,
      errors: formErrors(errors),
      allowedFiles: describeKinds(documentKinds),
      backLink: { href: governancePaths.meeting({ meetingId }) },
    })
  }

  app.get<{ Params: ItemParams }>(
    governancePaths.itemPaper.pattern,
    { config: { access: manage } },
    async (request, reply) => paperPage(request, reply, {}, []),
  )

  app.post<{ Params: ItemParams }>(
    governancePaths.itemPaper.pattern,
    { config: { access: manage, uploads: { fileBytes: MAX_UPLOAD_BYTES } } },
    async (request, reply) => {
      const { meetingId, itemId } = request.params
      const form = multipartForm(request.body)
      const parsed = parseForm(paperFormSchema, form.fields)
      const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors]
      const check = checkUpload(form.files.paper?.[0], documentKinds)
      if (!check.ok) errors.push({ field: 'paper', message: check.message })
      if (!parsed.ok || !check.ok)
        return paperPage(request, reply, submittedValues(form.fields), errors)
      await meetings.addPaper(services, requestContext(request), meetingId, itemId, {
        title: parsed.value.title,
        upload: check.upload,
      })
      return reply.redirect(governancePaths.meeting({ meetingId }), 303)
    },
  )

  app.get<{ Params: { meetingId: string; paperId: string } }>(
    governancePaths.paper.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const { meetingId, paperId } = request.params
      const file = await meetings.paperFile(services, requestContext(request), meetingId, paperId)
      return sendStoredFile(reply, file)
    },
  )

  const itemForm = <S extends Parameters<typeof formRoute>[1]['schema']>(
    pattern: string,
    template: string,
    title: string,
    schema: S,
    extra: (
      request: FastifyRequest,
      item: Awaited<ReturnType<typeof meetings.getItem>>,
    ) => Promise<Record<string, unknown>>,
    save: (
      request: FastifyRequest,
      meetingId: string,
      itemId: string,
      value: never,
    ) => Promise<void>,
    dateFields: readonly string[] = [],
  ): void => {
    formRoute(app, {
      pattern,
      permission: P.manage,
      template,
      load: async (request) => {
        const meetingId = request.params.meetingId ?? ''
        const itemId = request.params.itemId ?? ''
        const loaded = await meetings.getItem(services, requestContext(request), meetingId, itemId)
        return {
          pageTitle: title,
          meeting: loaded.meeting,
          item: loaded.item,
          members: loaded.members,
          action: pattern
            .replace(':meetingId', encodeURIComponent(meetingId))
            .replace(':itemId', encodeURIComponent(itemId)),
          backLink: { href: governancePaths.meeting({ meetingId }) },
          ...(await extra(request, loaded)),
        }
      },
      schema,
      dateFields,
      save: async (request, value) => {
        const meetingId = request.params.meetingId ?? ''
        await save(request, meetingId, request.params.itemId ?? '', value as never)
        return governancePaths.meeting({ meetingId })
      },
    })
  }

  itemForm(
    governancePaths.itemDeclaration.pattern,
    'governance/views/declaration-form.njk',
    'Record a declaration of interest',
    declarationFormSchema,
    async () => ({}),
    async (request, meetingId, itemId, value: { personId: string; interest: string }) =>
      meetings.addDeclaration(services, requestContext(request), meetingId, itemId, value),
  )

  itemForm(
    governancePaths.itemMinutes.pattern,
    'governance/views/minutes-form.njk',
    'Minute the item',
    minutesFormSchema,
    async (request, loaded) => ({
      values:
        request.method === 'POST'
          ? submittedValues(request.body)
          : { minutes: loaded.item.minutes, decisions: loaded.item.decisions },
    }),
    async (
      request,
      meetingId,
      itemId,
      value: { minutes: string | null; decisions: string | null },
    ) => meetings.recordMinutes(services, requestContext(request), meetingId, itemId, value),
  )

  itemForm(
    governancePaths.itemAction.pattern,
    'governance/views/action-form.njk',
    'Raise an action',
    raiseActionFormSchema,
    async (request) => ({
      options: await raiseActionOptions(
        fromLegacyContext(services, { scope: requestContext(request).scope }),
      ),
    }),
    async (request, meetingId, itemId, value) => {
      await meetings.raiseMeetingAction(services, requestContext(request), meetingId, itemId, value)
    },
    ['dueDate'],
  )

  // Attendance: one choice per member; a substitute names who came instead.
  const attendancePage = async (
    request: FastifyRequest<{ Params: MeetingParams }>,
    reply: FastifyReply,
    values: Record<string, unknown> | undefined,
    errors: readonly FieldError[],
  ) => {
    const ctx = requestContext(request)
    // No attendance form for a cancelled meeting (the service refuses it too).
    await meetings.writableMeeting(services, ctx, request.params.meetingId)
    const detail = await meetings.getMeeting(services, ctx, request.params.meetingId)
    const rows = attendanceView(detail.members, detail.attendance)
    const initial: Record<string, unknown> = {}
    for (const r of rows) {
      if (r.status !== null) initial[`status-${r.personId}`] = r.status
      if (r.substituteId !== null) initial[`substitute-${r.personId}`] = r.substituteId
    }
    const memberIds = new Set(detail.members.map((m) => m.personId))
    return reply
      .code(errors.length > 0 ? 400 : 200)
      .render('governance/views/attendance-form.njk', {
        pageTitle: 'Record attendance',
        detail,
        rows,
        choices: attendanceChoices.map((c) => ({
          value: c,
          text: c === 'substitute' ? 'Sent a substitute' : attendanceLabels[c],
        })),
        people: (await service.listPeople(services, ctx.scope)).filter((p) => !memberIds.has(p.id)),
        values: values ?? initial,
        errors: errors.length > 0 ? formErrors(errors) : noErrors,
        backLink: { href: governancePaths.meeting({ meetingId: detail.meeting.id }) },
      })
  }

  app.get<{ Params: MeetingParams }>(
    governancePaths.attendance.pattern,
    { config: { access: manage } },
    async (request, reply) => attendancePage(request, reply, undefined, []),
  )

  app.post<{ Params: MeetingParams }>(
    governancePaths.attendance.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      const entries: meetings.AttendanceEntry[] = []
      const errors: FieldError[] = []
      for (const [key, value] of Object.entries(body)) {
        if (!key.startsWith('status-') || typeof value !== 'string' || value === '') continue
        const personId = key.slice('status-'.length)
        if (!(attendanceChoices as readonly string[]).includes(value)) {
          errors.push({
            field: key,
            message:
              'Select whether they were present, sent apologies, sent a substitute or were absent',
          })
          continue
        }
        const substitute = body[`substitute-${personId}`]
        entries.push({
          personId,
          status: value as meetings.AttendanceEntry['status'],
          substitutePersonId:
            typeof substitute === 'string' && substitute !== '' ? substitute : null,
        })
      }
      if (errors.length > 0) return attendancePage(request, reply, submittedValues(body), errors)
      try {
        await meetings.recordAttendance(
          services,
          requestContext(request),
          request.params.meetingId,
          entries,
        )
      } catch (error) {
        if (error instanceof ValidationError)
          return attendancePage(request, reply, submittedValues(body), error.fields)
        throw error
      }
      return reply.redirect(governancePaths.meeting({ meetingId: request.params.meetingId }), 303)
    },
  )

  app.post<{ Params: MeetingParams }>(
    governancePaths.publish.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      await meetings.publishPack(services, requestContext(request), request.params.meetingId)
      return reply.redirect(governancePaths.meeting({ meetingId: request.params.meetingId }), 303)
    },
  )

  app.post<{ Params: MeetingParams }>(
    governancePaths.invitations.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      await meetings.sendInvitations(services, requestContext(request), request.params.meetingId)
      return reply.redirect(governancePaths.meeting({ meetingId: request.params.meetingId }), 303)
    },
  )

  // Word exports of the agenda and the minutes (what the person may see, audited).
  const wordExport =
    (kind: 'agenda' | 'minutes') =>
    async (request: FastifyRequest<{ Params: MeetingParams }>, reply: FastifyReply) => {
      const ctx = requestContext(request)
      const detail = await meetings.getMeeting(services, ctx, request.params.meetingId)
      const when = formatDateTime(detail.meeting.startsAt)
      const doc = await toDocx({
        title: `${detail.meeting.groupName}: ${kind === 'agenda' ? 'agenda' : 'minutes'}`,
        subtitle: when,
        blocks: kind === 'agenda' ? agendaBlocks(detail, when) : minutesBlocks(detail, when),
      })
      await meetings.auditExport(services, ctx, detail.meeting.id, `${kind}_docx`)
      // Named after the meeting and its date, not the day it was downloaded (issue 13.1).
      return sendDownload(reply, 'docx', meetingFileName(detail.meeting, kind), doc)
    }
  app.get(governancePaths.agendaDocx.pattern, { config: { access: read } }, wordExport('agenda'))
  app.get(governancePaths.minutesDocx.pattern, { config: { access: read } }, wordExport('minutes'))

  // Members' view.
  app.get(
    governancePaths.myMeetings.pattern,
    { config: { access: mine } },
    async (request, reply) => {
      const { actor } = requestContext(request)
      return reply.render('governance/views/my-meetings.njk', {
        pageTitle: 'My meetings',
        meetings: await meetings.myMeetings(services, actor),
      })
    },
  )

  app.get<{ Params: MeetingParams }>(
    governancePaths.myMeeting.pattern,
    { config: { access: mine } },
    async (request, reply) => {
      const { actor } = requestContext(request)
      const detail = await meetings.memberMeeting(services, actor, request.params.meetingId)
      const published = detail.meeting.packPublishedAt !== null
      return reply.render('governance/views/my-meeting.njk', {
        pageTitle: `${detail.meeting.groupName}: ${formatDateTime(detail.meeting.startsAt)}`,
        detail,
        published,
        // The members' pack: withdrawn items are left out (the business unit's page keeps them).
        items: presentItems(published ? detail : { ...detail, papers: [] }).filter(
          (i) => !i.withdrawn,
        ),
        quorumRule: detail.quorumRule,
        backLink: { href: governancePaths.myMeetings(), text: 'My meetings' },
      })
    },
  )

  app.get<{ Params: { meetingId: string; paperId: string } }>(
    governancePaths.myPaper.pattern,
    { config: { access: mine } },
    async (request, reply) => {
      const { actor, requestId, ip } = requestContext(request)
      const file = await meetings.memberPaper(
        services,
        actor,
        request.params.meetingId,
        request.params.paperId,
        { requestId, ip },
      )
      return sendStoredFile(reply, file)
    },
  )

  // The attendance report, on the page and as CSV and Excel.
  const reportFor = async (request: FastifyRequest<{ Params: { groupId: string } }>) => {
    const { scope } = requestContext(request)
    // The page's date inputs send parts (from-day…); its download links send from=YYYY-MM-DD.
    const query = (request.query ?? {}) as Record<string, unknown>
    const values = withDateParts(query, ['from', 'to'])
    for (const name of ['from', 'to'])
      if (values[name] === '' && typeof query[name] === 'string') values[name] = query[name]
    const parsed = parseForm(reportRangeSchema, values)
    const { range, errors: rangeErrors } = meetings.attendanceRange(
      todayOf(services),
      parsed.ok ? parsed.value.from : null,
      parsed.ok ? parsed.value.to : null,
    )
    const errors: FieldError[] = parsed.ok ? rangeErrors : [...parsed.errors]
    const result = await meetings.groupAttendance(services, scope, request.params.groupId, range)
    return { ...result, range, errors }
  }

  app.get<{ Params: { groupId: string } }>(
    governancePaths.attendanceReport.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const { group, report, meetings: held, range, errors } = await reportFor(request)
      const query = { from: range.from, to: range.to }
      return reply
        .code(errors.length > 0 ? 400 : 200)
        .render('governance/views/attendance-report.njk', {
          pageTitle: `Attendance: ${group.name}`,
          group,
          report,
          held,
          sentence: reportSentence(group.name, report),
          lines: attendanceLines(report),
          values: { ...dateParts('from', range.from), ...dateParts('to', range.to) },
          errors: formErrors(errors),
          csv: governancePaths.attendanceCsv({ groupId: group.id }, query),
          xlsx: governancePaths.attendanceXlsx({ groupId: group.id }, query),
          backLink: { href: governancePaths.group({ groupId: group.id }), text: group.name },
        })
    },
  )

  const attendanceExport =
    (format: 'csv' | 'xlsx') =>
    async (request: FastifyRequest<{ Params: { groupId: string } }>, reply: FastifyReply) => {
      const ctx = requestContext(request)
      const { group, report, range, errors } = await reportFor(request)
      // A bad period is refused as on the page, not silently replaced by the default year.
      if (errors.length > 0) throw new ValidationError(errors)
      const lines = attendanceLines(report)
      await meetings.auditExport(services, ctx, group.id, `attendance_${format}`)
      const name = `${group.name} attendance ${range.from} to ${range.to}`
      if (format === 'csv') return sendDownload(reply, 'csv', name, toCsv(attendanceColumns, lines))
      return sendDownload(
        reply,
        'xlsx',
        name,
        await toXlsx({
          title: `Attendance: ${group.name}`,
          sheets: [sheet({ name: 'Attendance', columns: attendanceColumns, rows: lines })],
          notes: [
            reportSentence(group.name, report),
            `Meetings held from ${range.from} to ${range.to}. A member counts as attending when present or represented by a substitute; an agency when any of its members attended.`,
          ],
        }),
      )
    }
  app.get(
    governancePaths.attendanceCsv.pattern,
    { config: { access: read } },
    attendanceExport('csv'),
  )
  app.get(
    governancePaths.attendanceXlsx.pattern,
    { config: { access: read } },
    attendanceExport('xlsx'),
  )
}
