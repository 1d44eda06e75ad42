// The import kit's pages and API, one set per import definition (so each route carries the
// import's permission), plus the log of past imports:
//
//   GET  /imports                               past imports the person may see
//   GET  /imports/<key>                         upload page: templates, columns, file input
//   POST /imports/<key>                         check the whole file → problems (400) or preview
//   GET  /imports/<key>/template.csv|.xlsx      templates from the columns (XLSX with guidance)
//   GET  /imports/<key>/:importId               preview (pending) or what was done
//   POST /imports/<key>/:importId/confirm       apply all rows in one transaction
//   POST /imports/<key>/:importId/discard
//   POST /api/v1/imports/<key>                  check + preview (JSON; 400 lists row problems)
//   POST /api/v1/imports/<key>/:importId/confirm
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import { AppError } from '../errors.ts'
import { sendDownload } from '../exports/download.ts'
import { formErrors, noErrors } from '../http/forms.ts'
import { MAX_UPLOAD_BYTES } from '../http/uploads.ts'
import { api, page, post, type RouteInput, type RouteTable } from '../http/route-table.ts'
import type { UseCaseContext } from '../use-case.ts'
import type { AnyImportDefinition } from './definition.ts'
import { importLogPath, importPaths } from './paths.ts'
import type { ImportProblem } from './scan.ts'
import {
  checkImport,
  confirmImport,
  discardImport,
  ImportRejected,
  ImportWarningsNotAcknowledged,
  importLog,
  previewImport,
  usableImports,
  type ImportRejection,
} from './service.ts'
import { importTemplateCsv, importTemplateXlsx } from './template.ts'
import { importUpload } from './upload.ts'

const SUMMARY_PROBLEMS = 50

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

function problemRows(problems: readonly ImportProblem[]) {
  return problems.map((p, i) => ({
    id: `problem-${String(i + 1)}`,
    row: p.row,
    column: p.letter === '' ? p.columnName : `${p.letter} (${p.columnName})`,
    message: p.message,
  }))
}

function rejectionMessage(rejection: ImportRejection): string {
  return (
    rejection.fileError ??
    `The selected file has ${plural(rejection.problemCount, 'problem')}: nothing has been saved. Correct the rows listed below and upload the file again`
  )
}

/** The error summary: the file's message, then each problem by row and column. */
function rejectionErrors(rejection: ImportRejection) {
  const rows = problemRows(rejection.problems)
  const summary = formErrors([{ field: 'file', message: rejectionMessage(rejection) }])
  return {
    fields: summary.fields,
    summary: [
      ...summary.summary,
      ...rows.slice(0, SUMMARY_PROBLEMS).map((p) => ({
        text: `Row ${String(p.row)}, column ${p.column}: ${p.message}`,
        href: `#${p.id}`,
      })),
    ],
  }
}

function columnGuide(definition: AnyImportDefinition) {
  return definition.columns.map((c) => ({
    name: c.name,
    required: c.required === true,
    description: c.description,
    example: c.example,
  }))
}

async function uploadPage(
  input: RouteInput<string>,
  definition: AnyImportDefinition,
  status: 200 | 400,
  extra: { rejection?: ImportRejection; fileMessage?: string } = {},
) {
  const paths = importPaths(definition.key)
  const query = Object.fromEntries(
    Object.entries(input.query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  )
  const errors =
    extra.rejection !== undefined
      ? rejectionErrors(extra.rejection)
      : extra.fileMessage !== undefined
        ? formErrors([{ field: 'file', message: extra.fileMessage }])
        : noErrors
  return input.reply.code(status).render('imports/views/upload.njk', {
    pageTitle: `Import ${definition.title.toLowerCase()}`,
    definition: {
      key: definition.key,
      title: definition.title,
      description: definition.description,
    },
    columns: columnGuide(definition),
    action: paths.upload(),
    templates: {
      csv: paths.templateCsv(undefined, query),
      xlsx: paths.templateXlsx(undefined, query),
    },
    logHref: importLogPath(),
    errors,
    problems: problemRows(extra.rejection?.problems ?? []),
    moreProblems: Math.max(
      0,
      (extra.rejection?.problemCount ?? 0) - (extra.rejection?.problems.length ?? 0),
    ),
  })
}

const changeLabels = { create: 'New', update: 'Changed', unchanged: 'Unchanged' } as const

const acknowledgeMessage =
  'Confirm that you have read the warnings and still want to import this file'

/** The confirm form's checkbox: ticked ('yes', 'true', 'on') or not. */
function acknowledged(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  const value = (body as Record<string, unknown>).acknowledgeWarnings
  const values = Array.isArray(value) ? value : [value]
  return values.some((v) => v === true || v === 'yes' || v === 'true' || v === 'on')
}

async function runPage(
  input: RouteInput<'/imports/key/:importId'>,
  definition: AnyImportDefinition,
  extra: { acknowledgeError?: boolean } = {},
) {
  const paths = importPaths(definition.key)
  const preview = await previewImport(input.ctx, definition, input.params.importId)
  const { run } = preview
  const sampleColumns = definition.columns.map((c) => ({ key: c.key, name: c.name }))
  const rejection = preview.rejection
  const acknowledgeError = extra.acknowledgeError === true && preview.warningCount > 0
  const errors =
    rejection !== undefined
      ? rejectionErrors(rejection)
      : acknowledgeError
        ? formErrors([{ field: 'acknowledgeWarnings', message: acknowledgeMessage }])
        : noErrors
  const status = rejection === undefined && !acknowledgeError ? 200 : 400
  return input.reply.code(status).render('imports/views/run.njk', {
    pageTitle:
      run.status === 'pending'
        ? 'Check what will change before you confirm'
        : run.status === 'confirmed'
          ? `${definition.title}: imported`
          : `${definition.title}: import discarded`,
    definition: { key: definition.key, title: definition.title },
    run: {
      ...run,
      uploadedAt: run.uploadedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
    counts: preview.counts,
    sampleColumns,
    sample: preview.sample.map((s) => ({ ...s, label: changeLabels[s.change] })),
    showWas: preview.sample.some((s) => s.was !== null),
    warnings: preview.warnings,
    moreWarnings: preview.warningCount - preview.warnings.length,
    importedBefore:
      preview.importedBefore === undefined
        ? null
        : {
            at: preview.importedBefore.finishedAt?.toISOString() ?? null,
            by: preview.importedBefore.uploadedByName,
          },
    errors,
    rejected: rejection !== undefined,
    problems: problemRows(rejection?.problems ?? []),
    confirmAction: paths.confirm({ importId: run.id }),
    discardAction: paths.discard({ importId: run.id }),
    uploadHref: paths.upload(),
    returnTo: definition.returnTo ?? importLogPath(),
    logHref: importLogPath(),
    backLink: { href: paths.upload() },
  })
}

function sendTemplate(
  reply: FastifyReply,
  definition: AnyImportDefinition,
  kind: 'csv' | 'xlsx',
  rows: Awaited<ReturnType<NonNullable<AnyImportDefinition['templateRows']>>>,
) {
  const name = `${definition.title} template`
  return kind === 'csv'
    ? sendDownload(reply, 'csv', name, importTemplateCsv(definition, rows))
    : importTemplateXlsx(definition, rows).then((data) => sendDownload(reply, 'xlsx', name, data))
}

async function templateRows(
  ctx: UseCaseContext,
  definition: AnyImportDefinition,
  query: Readonly<Record<string, unknown>>,
) {
  return definition.templateRows === undefined ? [] : definition.templateRows(ctx, query)
}

const apiProblem = z.object({
  row: z.number().int(),
  column: z.string(),
  columnName: z.string(),
  letter: z.string(),
  message: z.string(),
})

export const importApiSchemas = {
  check: {
    tags: ['Imports'],
    summary: 'Check a file and preview what importing it would do',
    description:
      'Send the file (CSV or XLSX) as multipart/form-data in the field `file`. A file with problems is refused whole with 400 and every problem by row and column (`error.details.problems`); a clean one is kept pending and its preview returned. Confirm it to apply it.',
    response: {
      201: z.object({
        importId: z.uuid(),
        filename: z.string(),
        sha256: z.string(),
        rows: z.number().int(),
        create: z.number().int(),
        update: z.number().int(),
        unchanged: z.number().int(),
        problems: z.array(apiProblem),
        warnings: z.array(z.object({ row: z.number().int(), message: z.string() })),
        warningCount: z.number().int(),
      }),
    },
  },
  confirm: {
    tags: ['Imports'],
    summary: 'Apply a checked file: every row in one transaction, or none',
    description:
      'A file whose preview has warnings (rows that may do harm, e.g. final figures replaced by provisional ones) is only applied with `acknowledgeWarnings: true`; without it the answer is 400 and nothing is applied.',
    params: z.object({ importId: z.string() }),
    body: z.object({ acknowledgeWarnings: z.boolean().optional() }).nullish(),
    response: {
      200: z.object({
        importId: z.uuid(),
        created: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int(),
      }),
    },
  },
} as const

function apiRejection(rejection: ImportRejection): AppError {
  return new AppError('validation', rejectionMessage(rejection), {
    problems: rejection.problems,
    problemCount: rejection.problemCount,
  })
}

/** The routes of one import. */
function definitionRoutes(definition: AnyImportDefinition): RouteTable {
  const paths = importPaths(definition.key)
  const permission = definition.permission
  return [
    page({
      path: paths.upload,
      permission,
      handler: (input) => uploadPage(input, definition, 200),
    }),
    post({
      path: paths.upload,
      permission,
      uploads: { fileBytes: MAX_UPLOAD_BYTES },
      handler: async (input) => {
        const upload = importUpload(input.request)
        if (!upload.ok) return uploadPage(input, definition, 400, { fileMessage: upload.message })
        const checked = await checkImport(input.ctx, definition, upload.file)
        if (!checked.ok) return uploadPage(input, definition, 400, { rejection: checked })
        return input.reply.redirect(paths.run({ importId: checked.importId }), 303)
      },
    }),
    page({
      path: paths.templateCsv,
      permission,
      handler: async ({ ctx, reply, query }) =>
        sendTemplate(reply, definition, 'csv', await templateRows(ctx, definition, query)),
    }),
    page({
      path: paths.templateXlsx,
      permission,
      handler: async ({ ctx, reply, query }) =>
        sendTemplate(reply, definition, 'xlsx', await templateRows(ctx, definition, query)),
    }),
    page({ path: paths.run, permission, handler: (input) => runPage(input, definition) }),
    post({
      path: paths.confirm,
      permission,
      handler: async (input) => {
        try {
          await confirmImport(input.ctx, definition, input.params.importId, {
            acknowledgeWarnings: acknowledged(input.request.body),
          })
        } catch (error) {
          // The file no longer passes (reference data changed): the preview lists why.
          if (error instanceof ImportRejected)
            return input.reply.redirect(paths.run({ importId: input.params.importId }), 303)
          // Warnings not acknowledged: the preview again, with the checkbox's error.
          if (error instanceof ImportWarningsNotAcknowledged)
            return runPage(input, definition, { acknowledgeError: true })
          throw error
        }
        return input.reply.redirect(paths.run({ importId: input.params.importId }), 303)
      },
    }),
    post({
      path: paths.discard,
      permission,
      handler: async ({ ctx, params, reply }) => {
        await discardImport(ctx, definition, params.importId)
        return reply.redirect(paths.upload(), 303)
      },
    }),
    api({
      method: 'POST',
      path: paths.api,
      permission,
      schema: importApiSchemas.check,
      uploads: { fileBytes: MAX_UPLOAD_BYTES },
      handler: async ({ ctx, request, reply }) => {
        const upload = importUpload(request)
        if (!upload.ok)
          throw new AppError('validation', upload.message, {
            fields: [{ field: 'file', message: upload.message }],
          })
        const checked = await checkImport(ctx, definition, upload.file)
        if (!checked.ok) throw apiRejection(checked)
        const preview = await previewImport(ctx, definition, checked.importId, 0)
        if (preview.rejection !== undefined) throw apiRejection(preview.rejection)
        return reply.code(201).send({
          importId: preview.run.id,
          filename: preview.run.filename,
          sha256: preview.run.sha256,
          rows: preview.run.rowCount,
          ...preview.counts,
          problems: [],
          warnings: preview.warnings,
          warningCount: preview.warningCount,
        })
      },
    }),
    api({
      method: 'POST',
      path: paths.apiConfirm,
      permission,
      schema: importApiSchemas.confirm,
      handler: async ({ ctx, params, body }) => {
        try {
          const counts = await confirmImport(ctx, definition, params.importId, {
            acknowledgeWarnings: body?.acknowledgeWarnings === true,
          })
          return { importId: params.importId, ...counts }
        } catch (error) {
          if (error instanceof ImportRejected) throw apiRejection(error.rejection)
          throw error
        }
      },
    }),
  ]
}

/** Every import's routes, and the log of past imports. */
export function importRouteTable(definitions: readonly AnyImportDefinition[]): RouteTable {
  return [
    page({
      path: importLogPath,
      access: 'signedIn',
      handler: async ({ ctx, reply }) => {
        const usable = usableImports(ctx, definitions)
        const titles = new Map(definitions.map((d) => [d.key, d.title]))
        const runs = await importLog(ctx, definitions)
        return reply.render('imports/views/log.njk', {
          pageTitle: 'Imports',
          imports: usable.map((d) => ({ title: d.title, href: importPaths(d.key).upload() })),
          runs: runs.map((r) => ({
            ...r,
            title: titles.get(r.definitionKey) ?? r.definitionKey,
            uploadedAt: r.uploadedAt.toISOString(),
            href:
              r.uploadedByUserId === (ctx.who.kind === 'person' ? ctx.who.actor.userId : '')
                ? importPaths(r.definitionKey).run({ importId: r.id })
                : null,
          })),
        })
      },
    }),
    ...definitions.flatMap((d) => definitionRoutes(d)),
  ]
}
