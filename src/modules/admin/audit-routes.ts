// The audit trail pages: search, the CSV and XLSX exports, and "who looked". Split from routes.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { auditActions } from '../../platform/db/tables.ts'
import { toCsv } from '../../platform/exports/csv.ts'
import { sendDownload } from '../../platform/exports/download.ts'
import { sheet, toXlsx } from '../../platform/exports/xlsx.ts'
import { requestContext } from '../../platform/http/access-control.ts'
import { formErrors } from '../../platform/http/forms.ts'
import { londonDate, londonInstant } from '../../platform/london-time.ts'
import type { Services } from '../../platform/services.ts'
import { adminPaths } from './paths.ts'
import { auditColumns, presentAuditRow } from './presenter.ts'
import { auditQuerySchema, whoLookedQuerySchema, type AuditQuery } from './schemas.ts'
import * as service from './service.ts'
import { ADMIN_PERMISSIONS } from './service.ts'

const audit = { permission: ADMIN_PERMISSIONS.audit }

export function auditRoutes(app: FastifyInstance, services: Services): void {
  const auditFilter = (query: AuditQuery) => ({
    ...(query.user === undefined ? {} : { userId: query.user }),
    ...(query.recordType === undefined ? {} : { recordType: query.recordType }),
    ...(query.recordId === undefined ? {} : { recordId: query.recordId }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.from === undefined ? {} : { from: londonInstant(query.from, '00:00') }),
    ...(query.to === undefined
      ? {}
      : { to: new Date(londonInstant(query.to, '23:59').getTime() + 59_999) }),
  })

  app.get(adminPaths.audit.pattern, { config: { access: audit } }, async (request, reply) => {
    const ctx = requestContext(request)
    const parsed = auditQuerySchema.safeParse(request.query)
    const raw = request.query as Record<string, unknown>
    const options = await service.auditFilterOptions(services, ctx)
    const common = {
      pageTitle: 'Audit trail',
      values: raw,
      users: [
        { value: '', text: 'Anyone' },
        ...options.users.map((u) => ({
          value: u.id,
          text: `${u.displayName} (${u.email})`,
          selected: u.id === raw.user,
        })),
      ],
      recordTypes: options.recordTypes,
      actions: [
        { value: '', text: 'Any action' },
        ...auditActions.map((a) => ({
          value: a,
          text: service.auditActionLabels[a],
          selected: a === raw.action,
        })),
      ],
      backLink: { href: adminPaths.home(), text: 'Administration' },
    }
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        field: i.path.map(String).join('.') || 'form',
        message: i.message,
      }))
      return reply.code(400).render('admin/views/audit.njk', {
        ...common,
        errors: formErrors(errors, request.body),
        rows: [],
      })
    }
    const query = parsed.data
    const result = await service.searchAudit(services, ctx, auditFilter(query), query.page ?? 1)
    const base = { ...query, page: undefined }
    return reply.render('admin/views/audit.njk', {
      ...common,
      errors: formErrors([]),
      rows: result.rows.map(presentAuditRow),
      total: result.total,
      page: result.page,
      pages: result.pages,
      previous:
        result.page > 1
          ? adminPaths.audit(undefined, { ...base, page: result.page - 1 })
          : undefined,
      next:
        result.page < result.pages
          ? adminPaths.audit(undefined, { ...base, page: result.page + 1 })
          : undefined,
      exports: {
        csv: adminPaths.auditCsv(undefined, base),
        xlsx: adminPaths.auditXlsx(undefined, base),
      },
    })
  })

  const exportAudit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    format: 'csv' | 'xlsx',
  ) => {
    const ctx = requestContext(request)
    const parsed = auditQuerySchema.safeParse(request.query)
    if (!parsed.success) return reply.redirect(adminPaths.audit(), 303)
    const rows = (await service.exportAudit(services, ctx, auditFilter(parsed.data), format)).map(
      presentAuditRow,
    )
    const name = `Audit trail ${londonDate(services.clock.now())}`
    if (format === 'csv') return sendDownload(reply, 'csv', name, toCsv(auditColumns, rows))
    return sendDownload(
      reply,
      'xlsx',
      name,
      await toXlsx({
        title: 'Audit trail',
        sheets: [sheet({ name: 'Audit trail', columns: auditColumns, rows })],
        notes: [`Exported from Assure on ${londonDate(services.clock.now())}. Times are UK time.`],
      }),
    )
  }

  app.get(adminPaths.auditCsv.pattern, { config: { access: audit } }, async (request, reply) =>
    exportAudit(request, reply, 'csv'),
  )
  app.get(adminPaths.auditXlsx.pattern, { config: { access: audit } }, async (request, reply) =>
    exportAudit(request, reply, 'xlsx'),
  )

  app.get(adminPaths.whoLooked.pattern, { config: { access: audit } }, async (request, reply) => {
    const ctx = requestContext(request)
    const parsed = whoLookedQuerySchema.safeParse(request.query)
    const query: { recordType?: string | undefined; recordId?: string | undefined } = parsed.success
      ? parsed.data
      : {}
    const viewers =
      query.recordType !== undefined && query.recordId !== undefined
        ? await service.whoLooked(services, ctx, query.recordType, query.recordId)
        : undefined
    const options = await service.auditFilterOptions(services, ctx)
    return reply.render('admin/views/who-looked.njk', {
      pageTitle: 'Who looked at this record?',
      values: query,
      recordTypes: options.recordTypes,
      viewers,
      trailHref:
        query.recordType !== undefined && query.recordId !== undefined
          ? adminPaths.audit(undefined, { recordType: query.recordType, recordId: query.recordId })
          : undefined,
      backLink: { href: adminPaths.home(), text: 'Administration' },
    })
  })
}
