// The clerk's pages (issue 13.1): cancelling and reinstating a meeting with a reason, managing the
// agenda (reorder, edit, withdraw), replacing papers, approving the previous meeting's minutes and
// the decision register. Thin: call one use case, present, render.
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { toCsv, type Column } from '../../platform/exports/csv.ts'
import { sendDownload } from '../../platform/exports/download.ts'
import { dateParts } from '../../platform/http/form-route.ts'
import { londonDate } from '../../platform/london-time.ts'
import { withDateParts } from '../../platform/validation.ts'
import { checkUpload, describeKinds, documentKinds } from '../../platform/files/file-store.ts'
import { requestContext } from '../../platform/http/access-control.ts'
import { formErrors, noErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { multipartForm } from '../../platform/http/uploads.ts'
import type { ApiInput, RouteInput } from '../../platform/http/route-table.ts'
import { formatDateTime } from '../../platform/http/views.ts'
import * as agenda from './agenda.ts'
import { decisionRegister, type DecisionSearch } from './decisions.ts'
import * as meetings from './meetings.ts'
import { meetingPack } from './pack.ts'
import { governancePaths } from './paths.ts'
import type { DecisionRow } from './repository.ts'
import type { apiDecisionQuery } from './schemas.ts'
import { decisionQuerySchema, paperFormSchema } from './schemas.ts'
import * as service from './service.ts'

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

// ---------------------------------------------------------------------------------------------
// The agenda: edit, move, withdraw; replacing a paper.

type ItemPage = RouteInput<'/governance/meetings/:meetingId/items/:itemId'>
type PaperPage = RouteInput<'/governance/meetings/:meetingId/papers/:paperId'>

const backToItem = (meetingId: string, itemId: string) =>
  `${governancePaths.meeting({ meetingId })}#item-${itemId}`

export const editItem = {
  template: 'governance/views/item-form.njk',
  load: async ({ request, services, params }: ItemPage) => {
    const { meeting, item } = await meetings.getItem(
      services,
      requestContext(request),
      params.meetingId,
      params.itemId,
    )
    return {
      pageTitle: 'Edit the agenda item',
      meeting,
      values: {
        title: item.title,
        presenterName: item.presenterName,
        restricted: item.restricted ? 'yes' : '',
      },
      buttonText: 'Save the item',
      action: governancePaths.editItem({ meetingId: meeting.id, itemId: item.id }),
      backLink: { href: backToItem(meeting.id, item.id) },
    }
  },
  save: async ({ request, services, params }: ItemPage, value: agenda.AgendaItemForm) => {
    await agenda.editAgendaItem(
      services,
      requestContext(request),
      params.meetingId,
      params.itemId,
      value,
    )
    return backToItem(params.meetingId, params.itemId)
  },
}

export const moveItem =
  (direction: 'up' | 'down') =>
  async ({ request, reply, services, params }: ItemPage) => {
    await agenda.moveAgendaItem(
      services,
      requestContext(request),
      params.meetingId,
      params.itemId,
      direction,
    )
    return reply.redirect(backToItem(params.meetingId, params.itemId), 303)
  }

export const withdrawItem = async ({ request, reply, services, params }: ItemPage) => {
  await agenda.withdrawAgendaItem(
    services,
    requestContext(request),
    params.meetingId,
    params.itemId,
  )
  return reply.redirect(backToItem(params.meetingId, params.itemId), 303)
}

const replacePage = async (
  { request, reply, services, params }: PaperPage,
  values: Record<string, unknown>,
  errors: readonly FieldError[],
) => {
  const { meeting, item, paper } = await agenda.replaceablePaper(
    services,
    requestContext(request),
    params.meetingId,
    params.paperId,
  )
  return reply.code(errors.length > 0 ? 400 : 200).render('governance/views/paper-form.njk', {
    pageTitle: `Replace “${paper.title}”`,
    meeting,
    item,
    replacing: paper,
    values,
    errors: errors.length > 0 ? formErrors(errors) : noErrors,
    allowedFiles: describeKinds(documentKinds),
    buttonText: 'Replace the paper',
    action: governancePaths.replacePaper({ meetingId: meeting.id, paperId: paper.id }),
    backLink: { href: backToItem(meeting.id, item.id) },
  })
}

export const replacePaperPage = async (input: PaperPage) => {
  const { paper } = await agenda.replaceablePaper(
    input.services,
    requestContext(input.request),
    input.params.meetingId,
    input.params.paperId,
  )
  return replacePage(input, { title: paper.title }, [])
}

export const replacePaperSave = async (input: PaperPage) => {
  const { request, reply, services, params } = input
  const form = multipartForm(request.body)
  const parsed = parseForm(paperFormSchema, form.fields)
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors]
  const check = checkUpload(form.files.paper?.[0], documentKinds)
  if (!check.ok) errors.push({ field: 'paper', message: check.message })
  if (!parsed.ok || !check.ok) return replacePage(input, submittedValues(form.fields), errors)
  const { paper } = await agenda.replaceablePaper(
    services,
    requestContext(request),
    params.meetingId,
    params.paperId,
  )
  await agenda.replacePaper(services, requestContext(request), params.meetingId, params.paperId, {
    title: parsed.value.title,
    upload: check.upload,
  })
  return reply.redirect(backToItem(params.meetingId, paper.agendaItemId), 303)
}

export const approvePreviousMinutes = async ({ request, reply, services, params }: MeetingPage) => {
  const id = await agenda.approvePreviousMinutes(
    services,
    requestContext(request),
    params.meetingId,
  )
  return reply.redirect(backToItem(params.meetingId, id), 303)
}

// ---------------------------------------------------------------------------------------------
// The decision register: the page, its CSV and the API.

type RegisterPage = RouteInput<'/governance/decisions'>

const decisionColumns: readonly Column<DecisionRow>[] = [
  { header: 'Meeting date', value: (d) => londonDate(d.startsAt) },
  { header: 'Group', value: (d) => d.groupName },
  { header: 'Subject', value: (d) => d.title },
  { header: 'Decision', value: (d) => d.decisions },
  { header: 'Restricted', value: (d) => (d.restricted ? 'Yes' : 'No') },
]

/** The search from the page's date inputs (from-day…) or its links (from=YYYY-MM-DD). */
async function searchDecisions({ request, services, query }: RegisterPage) {
  const values = withDateParts(query, ['from', 'to'])
  for (const name of ['from', 'to'])
    if (values[name] === '' && typeof query[name] === 'string') values[name] = query[name]
  const parsed = parseForm(decisionQuerySchema, values)
  if (!parsed.ok) return { search: null, values, errors: [...parsed.errors], decisions: [] }
  const search = {
    groupId: parsed.value.group,
    from: parsed.value.from,
    to: parsed.value.to,
    text: parsed.value.q,
  }
  try {
    const found = await decisionRegister(services, requestContext(request), search)
    return { search, values, errors: [] as FieldError[], decisions: found }
  } catch (error) {
    if (error instanceof ValidationError)
      return { search: null, values, errors: [...error.fields], decisions: [] }
    throw error
  }
}

export const decisionsPage = async (input: RegisterPage) => {
  const { search, values, errors, decisions } = await searchDecisions(input)
  const groups = await service.listGroups(input.services, requestContext(input.request).scope)
  const query = search === null ? {} : searchQuery(search)
  return input.reply.code(errors.length > 0 ? 400 : 200).render('governance/views/decisions.njk', {
    pageTitle: 'Decision register',
    decisions,
    values: {
      ...values,
      ...(search?.from ? dateParts('from', search.from) : {}),
      ...(search?.to ? dateParts('to', search.to) : {}),
    },
    groups: [
      { value: '', text: 'All groups' },
      ...groups.map((g) => ({ value: g.id, text: g.name, selected: g.id === search?.groupId })),
    ],
    errors: errors.length > 0 ? formErrors(errors) : noErrors,
    csv: governancePaths.decisionsCsv({}, query),
  })
}

function searchQuery(search: DecisionSearch) {
  return {
    group: search.groupId ?? undefined,
    from: search.from ?? undefined,
    to: search.to ?? undefined,
    q: search.text ?? undefined,
  }
}

export const decisionsCsv = async (input: RegisterPage) => {
  const { search, errors, decisions } = await searchDecisions(input)
  if (search === null) throw new ValidationError(errors)
  const ctx = requestContext(input.request)
  await meetings.auditExport(input.services, ctx, ctx.scope.partnershipId, 'decisions_csv')
  return sendDownload(
    input.reply,
    'csv',
    `decision-register-${londonDate(input.services.clock.now())}`,
    toCsv(decisionColumns, decisions),
  )
}

export const apiDecisions = async ({
  request,
  services,
  query,
}: ApiInput<'/api/v1/governance/decisions', { querystring: typeof apiDecisionQuery }>) => {
  const found = await decisionRegister(services, requestContext(request), {
    groupId: query.group ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    text: query.q === undefined || query.q === '' ? null : query.q,
  })
  return {
    decisions: found.map((d) => ({
      itemId: d.itemId,
      meetingId: d.meetingId,
      groupId: d.groupId,
      groupName: d.groupName,
      meetingStartsAt: d.startsAt.toISOString(),
      meetingDate: londonDate(d.startsAt),
      subject: d.title,
      decision: d.decisions,
      restricted: d.restricted,
    })),
  }
}

// ---------------------------------------------------------------------------------------------
// The published pack as one PDF, as the person may see the meeting.

export const packPdf = async ({
  request,
  reply,
  services,
  params,
}: RouteInput<'/governance/my-meetings/:meetingId'>) => {
  const pack = await meetingPack(services, requestContext(request).actor, params.meetingId, {
    requestId: request.id,
    ip: request.ip,
  })
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${pack.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(pack.pdf))
}
