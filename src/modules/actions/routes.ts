// The action tracker's pages. Thin: declare access, parse input, call the service, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requestContext, type RequestContext } from '../../platform/http/access-control.ts'
import { formErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { MAX_UPLOAD_BYTES, multipartForm } from '../../platform/http/uploads.ts'
import { toCsv } from '../../platform/exports/csv.ts'
import { sheet, toXlsx } from '../../platform/exports/xlsx.ts'
import { sendDownload } from '../../platform/exports/download.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import {
  checkUpload,
  describeKinds,
  evidenceKinds,
  sendStoredFile,
  type AcceptedUpload,
} from '../../platform/files/file-store.ts'
import { withDateParts } from '../../platform/validation.ts'
import { messages } from '../../platform/messages.ts'
import type { Services } from '../../platform/services.ts'
import { actionPaths } from './paths.ts'
import {
  actionLogColumns,
  actionLogRows,
  presentActionPage,
  presentActionRow,
  statusLabels,
} from './presenter.ts'
import {
  dueDateFormSchema,
  evidenceFormSchema,
  progressFormSchema,
  returnFormSchema,
  signOffFormSchema,
} from './schemas.ts'
import * as service from './service.ts'
import { ACTION_PERMISSIONS } from './service.ts'
import type { ActionSourceRegistry } from './sources.ts'
import { actionStatuses } from './tables.ts'
import { progressStatuses } from './status.ts'

const mine = { permission: ACTION_PERMISSIONS.mine }
const read = { permission: ACTION_PERMISSIONS.read }
const manage = { permission: ACTION_PERMISSIONS.manage }

const listQuery = z.object({
  status: z.enum([...actionStatuses, 'open']).optional(),
  agency: z.uuid().optional(),
  group: z.uuid().optional(),
  source: z.string().max(40).optional(),
  view: z.enum(['mine', 'agency', 'all', 'overdue']).optional(),
})

type ActionParams = { actionId: string }

const viewTitles: Record<service.ActionView, string> = {
  mine: 'My actions',
  agency: "My agency's actions",
  all: 'All actions',
  overdue: 'Overdue actions',
}

export function actionRoutes(
  app: FastifyInstance,
  services: Services,
  sources: ActionSourceRegistry,
): void {
  const viewLinks = (ctx: RequestContext, current: string) => {
    const canRead = services.policy.can(ctx.actor, ACTION_PERMISSIONS.read)
    const links = [{ text: 'My actions', href: actionPaths.mine() }]
    if (canRead && ctx.actor.agencyId !== null)
      links.push({ text: "My agency's actions", href: actionPaths.agency() })
    if (canRead)
      links.push(
        { text: 'All actions', href: actionPaths.all() },
        { text: 'Overdue', href: actionPaths.overdue() },
        { text: 'By group', href: actionPaths.byGroup() },
      )
    return links.map((l) => ({ ...l, current: l.href === current }))
  }

  const filterFrom = (request: FastifyRequest) => {
    const parsed = listQuery.safeParse(request.query)
    return parsed.success ? parsed.data : {}
  }

  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    view: service.ActionView,
    here: string,
  ) => {
    const ctx = requestContext(request)
    const query = view === 'all' ? filterFrom(request) : {}
    const rows = await service.listActions(services, ctx, {
      view,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.agency === undefined ? {} : { agencyId: query.agency }),
      ...(query.group === undefined ? {} : { groupId: query.group }),
      ...(query.source === undefined ? {} : { sourceType: query.source }),
    })
    const today = service.todayIn(services)
    const described = await sources.describe(services.db, ctx.scope, rows.map(refOf))
    const ownAgencyOnly = services.policy.scopeOf(ctx.actor, ACTION_PERMISSIONS.read) !== 'all'
    const exportQuery = { view, ...query }
    return reply.render('actions/views/list.njk', {
      pageTitle: viewTitles[view],
      view,
      links: viewLinks(ctx, here),
      actions: rows.map((row) => presentActionRow(row, today, described)),
      noAgency: view === 'agency' && ctx.actor.agencyId === null,
      filter:
        view === 'all'
          ? {
              values: query,
              statuses: [
                { value: 'open', text: 'Open (any)' },
                ...actionStatuses.map((s) => ({ value: s, text: statusLabels[s] })),
              ],
              ...(await service.filterOptions(services, ctx.scope)),
              showAgency: !ownAgencyOnly,
              sourceTypes: sources.types(),
            }
          : undefined,
      exports: {
        csv: actionPaths.exportCsv(undefined, exportQuery),
        xlsx: actionPaths.exportXlsx(undefined, exportQuery),
      },
    })
  }

  app.get(actionPaths.mine.pattern, { config: { access: mine } }, async (request, reply) =>
    renderList(request, reply, 'mine', actionPaths.mine()),
  )
  app.get(actionPaths.agency.pattern, { config: { access: read } }, async (request, reply) =>
    renderList(request, reply, 'agency', actionPaths.agency()),
  )
  app.get(actionPaths.all.pattern, { config: { access: read } }, async (request, reply) =>
    renderList(request, reply, 'all', actionPaths.all()),
  )
  app.get(actionPaths.overdue.pattern, { config: { access: read } }, async (request, reply) =>
    renderList(request, reply, 'overdue', actionPaths.overdue()),
  )

  app.get(actionPaths.byGroup.pattern, { config: { access: read } }, async (request, reply) => {
    const ctx = requestContext(request)
    const counts = await service.countsByGroup(services, ctx)
    return reply.render('actions/views/by-group.njk', {
      pageTitle: 'Actions by group',
      links: viewLinks(ctx, actionPaths.byGroup()),
      groups: counts.map((c) => ({
        ...c,
        name: c.groupName ?? 'Not raised by a group',
        href: c.groupId === null ? undefined : actionPaths.all(undefined, { group: c.groupId }),
        overdueHref:
          c.groupId === null
            ? undefined
            : actionPaths.all(undefined, { group: c.groupId, status: 'overdue' }),
      })),
    })
  })

  const exportLog = async (
    request: FastifyRequest,
    reply: FastifyReply,
    format: 'csv' | 'xlsx',
  ) => {
    const ctx = requestContext(request)
    const query = filterFrom(request)
    // Without a view, whoever may read all actions gets them all; anyone else, their own.
    const view =
      query.view ??
      (services.policy.can(ctx.actor, ACTION_PERMISSIONS.read) ? 'all' : ('mine' as const))
    if (view !== 'mine') services.policy.authorize(ctx.actor, ACTION_PERMISSIONS.read)
    const filter = {
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.agency === undefined ? {} : { agencyId: query.agency }),
      ...(query.group === undefined ? {} : { groupId: query.group }),
      ...(query.source === undefined ? {} : { sourceType: query.source }),
    }
    const rows = await service.listActions(services, ctx, { view, ...filter })
    const described = await sources.describe(services.db, ctx.scope, rows.map(refOf))
    const logRows = actionLogRows(rows, service.todayIn(services), described)
    await service.auditExport(services, ctx, { format, view, filter, rows: rows.length })
    const name = `Action log ${service.todayIn(services)}`
    if (format === 'csv') return sendDownload(reply, 'csv', name, toCsv(actionLogColumns, logRows))
    return sendDownload(
      reply,
      'xlsx',
      name,
      await toXlsx({
        title: 'Action log',
        sheets: [sheet({ name: 'Action log', columns: actionLogColumns, rows: logRows })],
        notes: [
          `Exported from Assure on ${service.todayIn(services)}.`,
          'Status: an open action past its due date is shown as Overdue.',
        ],
      }),
    )
  }

  app.get(actionPaths.exportCsv.pattern, { config: { access: mine } }, async (request, reply) =>
    exportLog(request, reply, 'csv'),
  )
  app.get(actionPaths.exportXlsx.pattern, { config: { access: mine } }, async (request, reply) =>
    exportLog(request, reply, 'xlsx'),
  )

  const renderAction = async (request: FastifyRequest, reply: FastifyReply, actionId: string) => {
    const ctx = requestContext(request)
    const detail = await service.getAction(services, ctx, actionId)
    const described = await sources.describe(services.db, ctx.scope, [refOf(detail.action)])
    const page = presentActionPage(detail, described)
    return reply.render('actions/views/action.njk', {
      pageTitle: `${page.item.reference}: ${page.item.title}`,
      page,
      backLink: { href: actionPaths.mine(), text: 'My actions' },
    })
  }

  app.get<{ Params: ActionParams }>(
    actionPaths.action.pattern,
    { config: { access: mine } },
    async (request, reply) => renderAction(request, reply, request.params.actionId),
  )

  evidenceDownload(app, services)

  // Progress update (with optional evidence), by the owner or their agency.
  const progressPage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const detail = await service.getAction(services, ctx, request.params.actionId)
    const described = await sources.describe(services.db, ctx.scope, [refOf(detail.action)])
    const page = presentActionPage(detail, described)
    if (!page.canUpdate) return renderAction(request, reply, request.params.actionId)
    return reply.code(errors.length > 0 ? 400 : 200).render('actions/views/progress.njk', {
      pageTitle: 'Record progress',
      page,
      values,
      errors: formErrors(errors, request.body),
      statuses: progressStatuses
        .filter((s) => !page.pastDue || s === 'completed')
        .map((s) => ({ value: s, text: statusLabels[s] })),
      allowedFiles: describeKinds(evidenceKinds),
      backLink: { href: page.item.href },
    })
  }

  app.get<{ Params: ActionParams }>(
    actionPaths.progress.pattern,
    { config: { access: mine } },
    async (request, reply) => progressPage(request, reply, {}),
  )

  app.post<{ Params: ActionParams }>(
    actionPaths.progress.pattern,
    { config: { access: mine, uploads: { fileBytes: MAX_UPLOAD_BYTES } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const form = multipartForm(request.body)
      const values = withDateParts(form.fields, ['updateDate'])
      const parsed = parseForm(progressFormSchema, values)
      const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors]
      const evidence = evidenceFrom(form.files.evidence?.[0], parsed, errors)
      if (!parsed.ok || errors.length > 0)
        return progressPage(request, reply, submittedValues(form.fields), errors)
      try {
        await service.recordProgress(services, ctx, request.params.actionId, {
          status: parsed.value.status,
          note: parsed.value.note,
          updateDate: parsed.value.updateDate,
          ...(evidence === undefined ? {} : { evidence }),
        })
      } catch (error) {
        if (error instanceof ValidationError)
          return progressPage(request, reply, submittedValues(form.fields), error.fields)
        throw error
      }
      return reply.redirect(actionPaths.action({ actionId: request.params.actionId }), 303)
    },
  )

  // Evidence on its own.
  const evidencePage = async (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const detail = await service.getAction(services, ctx, request.params.actionId)
    const described = await sources.describe(services.db, ctx.scope, [refOf(detail.action)])
    const page = presentActionPage(detail, described)
    if (!page.canAddEvidence) return renderAction(request, reply, request.params.actionId)
    return reply.code(errors.length > 0 ? 400 : 200).render('actions/views/evidence.njk', {
      pageTitle: 'Add evidence',
      page,
      values,
      errors: formErrors(errors, request.body),
      allowedFiles: describeKinds(evidenceKinds),
      backLink: { href: page.item.href },
    })
  }

  app.get<{ Params: ActionParams }>(
    actionPaths.evidence.pattern,
    { config: { access: mine } },
    async (request, reply) => evidencePage(request, reply, {}),
  )

  app.post<{ Params: ActionParams }>(
    actionPaths.evidence.pattern,
    { config: { access: mine, uploads: { fileBytes: MAX_UPLOAD_BYTES } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const form = multipartForm(request.body)
      const parsed = parseForm(evidenceFormSchema, form.fields)
      const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors]
      const check = checkUpload(form.files.evidence?.[0], evidenceKinds)
      if (!check.ok) errors.push({ field: 'evidence', message: check.message })
      if (!parsed.ok || !check.ok)
        return evidencePage(request, reply, submittedValues(form.fields), errors)
      await service.addEvidence(services, ctx, request.params.actionId, {
        upload: check.upload,
        description: parsed.value.evidenceDescription,
      })
      return reply.redirect(actionPaths.action({ actionId: request.params.actionId }), 303)
    },
  )

  // The business unit: due dates, sign-off, returning to the owner.
  const manageForm = <S extends z.ZodType>(
    pathPattern: string,
    template: string,
    title: string,
    schema: S,
    dateFields: readonly string[],
    run: (ctx: RequestContext, actionId: string, value: z.output<S>) => Promise<void>,
  ) => {
    const show = async (
      request: FastifyRequest<{ Params: ActionParams }>,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: readonly FieldError[] = [],
    ) => {
      const ctx = requestContext(request)
      const detail = await service.getAction(services, ctx, request.params.actionId)
      const described = await sources.describe(services.db, ctx.scope, [refOf(detail.action)])
      return reply.code(errors.length > 0 ? 400 : 200).render(template, {
        pageTitle: title,
        page: presentActionPage(detail, described),
        values,
        errors: formErrors(errors, request.body),
        backLink: { href: actionPaths.action({ actionId: detail.action.id }) },
      })
    }
    app.get<{ Params: ActionParams }>(
      pathPattern,
      { config: { access: manage } },
      async (request, reply) => show(request, reply, {}),
    )
    app.post<{ Params: ActionParams }>(
      pathPattern,
      { config: { access: manage } },
      async (request, reply) => {
        const ctx = requestContext(request)
        const parsed = parseForm(schema, withDateParts(request.body, dateFields))
        if (!parsed.ok) return show(request, reply, submittedValues(request.body), parsed.errors)
        try {
          await run(ctx, request.params.actionId, parsed.value)
        } catch (error) {
          if (error instanceof ValidationError)
            return show(request, reply, submittedValues(request.body), error.fields)
          throw error
        }
        return reply.redirect(actionPaths.action({ actionId: request.params.actionId }), 303)
      },
    )
  }

  manageForm(
    actionPaths.dueDate.pattern,
    'actions/views/due-date.njk',
    'Agree a new due date',
    dueDateFormSchema,
    ['newDueDate'],
    (ctx, id, value) => service.changeDueDate(services, ctx, id, value),
  )
  manageForm(
    actionPaths.signOff.pattern,
    'actions/views/sign-off.njk',
    'Sign off the action',
    signOffFormSchema,
    ['agreedOn'],
    (ctx, id, value) => service.signOffAction(services, ctx, id, value),
  )
  manageForm(
    actionPaths.returnToOwner.pattern,
    'actions/views/return.njk',
    'Return the action to its owner',
    returnFormSchema,
    [],
    (ctx, id, value) => service.returnAction(services, ctx, id, value),
  )
}

function evidenceDownload(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { actionId: string; evidenceId: string } }>(
    actionPaths.evidenceFile.pattern,
    { config: { access: mine } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const file = await service.evidenceFile(
        services,
        ctx,
        request.params.actionId,
        request.params.evidenceId,
      )
      return sendStoredFile(reply, file)
    },
  )
}

/** The optional evidence file of a progress update: a file needs a description, and vice versa. */
function evidenceFrom(
  file: Parameters<typeof checkUpload>[0],
  parsed: ReturnType<typeof parseForm<typeof progressFormSchema>>,
  errors: FieldError[],
): { upload: AcceptedUpload; description: string } | undefined {
  const description = parsed.ok ? parsed.value.evidenceDescription : null
  if (file === undefined) {
    if (description !== null) errors.push({ field: 'evidence', message: messages.fileRequired() })
    return undefined
  }
  const check = checkUpload(file, evidenceKinds)
  if (!check.ok) {
    errors.push({ field: 'evidence', message: check.message })
    return undefined
  }
  if (description === null) {
    if (parsed.ok)
      errors.push({
        field: 'evidenceDescription',
        message: messages.enter('a description of the evidence'),
      })
    return undefined
  }
  return { upload: check.upload, description }
}

function refOf(row: { sourceType: string; sourceId: string }): { type: string; id: string } {
  return { type: row.sourceType, id: row.sourceId }
}
