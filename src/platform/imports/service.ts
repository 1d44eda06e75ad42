// The import kit's use cases: check an uploaded file (nothing saved but the pending file), preview
// what it would do, confirm (all rows applied in one transaction, through the module's own use
// cases, or none), discard, and the log of past imports. Every step checks the import's
// permission, and the confirmation checks every row again: rights or reference data may have
// changed since the preview.
import { createHash } from 'node:crypto'
import { AppError, conflict, notFound } from '../errors.ts'
import {
  audit,
  authorize,
  can,
  checkId,
  transaction,
  userIdOf,
  type UseCaseContext,
} from '../use-case.ts'
import type { AnyImportDefinition, ApplyCounts, Classified, ImportChange } from './definition.ts'
import { importFileKind } from './read.ts'
import * as repo from './repository.ts'
import type { ImportRun } from './repository.ts'
import { scanImportFile, type CheckedRow, type ImportProblem } from './scan.ts'
import type { ImportUpload } from './upload.ts'

export type { ImportRun } from './repository.ts'

/** The file's problems: shown by row and column; nothing was saved. */
export interface ImportRejection {
  readonly ok: false
  readonly fileError?: string
  readonly problems: readonly ImportProblem[]
  readonly problemCount: number
}

export type ImportCheck = { readonly ok: true; readonly importId: string } | ImportRejection

/** Thrown when a file checked at upload no longer passes at confirmation (nothing is applied). */
export class ImportRejected extends AppError {
  constructor(readonly rejection: ImportRejection) {
    super('validation', 'The file has problems: nothing has been saved')
  }
}

/**
 * Thrown when a file with warnings is confirmed without the person saying they have read them
 * (nothing is applied).
 */
export class ImportWarningsNotAcknowledged extends AppError {
  constructor(readonly warningCount: number) {
    super(
      'validation',
      'Confirm that you have read the warnings and still want to import this file',
      {
        fields: [
          {
            field: 'acknowledgeWarnings',
            message: 'Confirm that you have read the warnings and still want to import this file',
          },
        ],
      },
    )
  }
}

/** A row whose import may do harm, from the import's `classify`. */
export interface ImportWarning {
  readonly row: number
  readonly message: string
}

const warningOf = (classified: Classified | undefined): string | null =>
  classified === undefined || typeof classified === 'string' ? null : (classified.warning ?? null)

function personId(ctx: UseCaseContext): string {
  const id = userIdOf(ctx)
  if (id === null) throw new AppError('forbidden')
  return id
}

/** Checks a whole uploaded file; a clean one is kept, pending, for its uploader to confirm. */
export async function checkImport(
  ctx: UseCaseContext,
  definition: AnyImportDefinition,
  file: ImportUpload,
): Promise<ImportCheck> {
  authorize(ctx, definition.permission)
  const userId = personId(ctx)
  const kind = importFileKind(file.data)
  if (kind === undefined)
    return {
      ok: false,
      fileError: 'The selected file must be a CSV or an Excel (XLSX) file',
      problems: [],
      problemCount: 0,
    }
  const lookups: unknown = await definition.lookups?.(ctx)
  const scan = await scanImportFile(definition, lookups, file.data, kind)
  if (!scan.ok) return scan
  if (scan.rows === 0)
    return {
      ok: false,
      fileError: 'The selected file has no rows filled in',
      problems: [],
      problemCount: 0,
    }
  const sha256 = createHash('sha256').update(file.data).digest('hex')
  const importId = await transaction(ctx, async (tx) => {
    const id = await repo.insertRun(tx.db, tx.scope, {
      definitionKey: definition.key,
      filename: file.filename,
      fileKind: kind,
      sha256,
      data: file.data,
      rowCount: scan.rows,
      uploadedByUserId: userId,
      uploadedAt: tx.services.clock.now(),
    })
    await audit(tx, {
      action: 'create',
      recordType: 'import_run',
      recordId: id,
      changes: {
        after: { import: definition.key, filename: file.filename, sha256, rows: scan.rows },
      },
    })
    return id
  })
  return { ok: true, importId }
}

/** A pending (or finished) import of the person's own. Another person's is not found. */
async function ownRun(ctx: UseCaseContext, definition: AnyImportDefinition, importId: string) {
  authorize(ctx, definition.permission)
  const run = await repo.findRun(ctx.db, ctx.scope, definition.key, checkId(importId))
  if (run === undefined || run.uploadedByUserId !== personId(ctx)) throw notFound()
  return run
}

export interface PreviewRow {
  readonly row: number
  readonly change: ImportChange
  readonly cells: Readonly<Record<string, string>>
  /** The stored record as it is now (for a change), when the import says. */
  readonly was: string | null
  /** Why applying this row may do harm, when the import says. */
  readonly warning: string | null
}

export interface ImportPreview {
  readonly run: ImportRun
  readonly counts: Readonly<Record<ImportChange, number>>
  /** Up to `sampleSize` rows of each kind, in file order. */
  readonly sample: readonly PreviewRow[]
  /** Every row whose import may do harm (up to `MAX_WARNINGS`), and how many there are. */
  readonly warnings: readonly ImportWarning[]
  readonly warningCount: number
  /** Problems found now that were not there at upload (reference data changed). */
  readonly rejection?: ImportRejection
  /** The same file (same hash) was already imported: when and by whom. */
  readonly importedBefore?: ImportRun
}

/** The most warnings a preview lists (the count says how many more there are). */
export const MAX_WARNINGS = 500

export async function previewImport(
  ctx: UseCaseContext,
  definition: AnyImportDefinition,
  importId: string,
  sampleSize = 50,
): Promise<ImportPreview> {
  const run = await ownRun(ctx, definition, importId)
  const counts: Record<ImportChange, number> = { create: 0, update: 0, unchanged: 0 }
  const sample: PreviewRow[] = []
  const shown: Record<ImportChange, number> = { create: 0, update: 0, unchanged: 0 }
  const importedBefore = await repo.lastConfirmedWithHash(
    ctx.db,
    ctx.scope,
    definition.key,
    run.sha256,
  )
  const before = importedBefore === undefined ? {} : { importedBefore }
  const warnings: ImportWarning[] = []
  let warningCount = 0
  const none = { warnings, warningCount: 0 }
  if (run.status !== 'pending' || run.data === null)
    return { run, counts, sample, ...none, ...before }
  const lookups: unknown = await definition.lookups?.(ctx)
  const scan = await scanImportFile(
    definition,
    lookups,
    run.data,
    run.fileKind,
    async (batch: readonly CheckedRow[]) => {
      const changes = await definition.classify(
        ctx,
        batch.map((r) => r.value),
        lookups,
        { uploadedAt: run.uploadedAt },
      )
      batch.forEach((r, i) => {
        const classified = changes[i] ?? 'unchanged'
        const change = typeof classified === 'string' ? classified : classified.change
        const warning = warningOf(classified)
        if (warning !== null) {
          warningCount += 1
          if (warnings.length < MAX_WARNINGS) warnings.push({ row: r.row, message: warning })
        }
        counts[change] += 1
        if (shown[change] < sampleSize) {
          shown[change] += 1
          sample.push({
            row: r.row,
            change,
            cells: definition.describe(r.value, lookups),
            was: typeof classified === 'string' ? null : (classified.was ?? null),
            warning,
          })
        }
      })
    },
  )
  if (!scan.ok) return { run, counts, sample: [], ...none, rejection: scan, ...before }
  return { run, counts, sample, warnings, warningCount, ...before }
}

/** Applies the whole file in one transaction (in batches), or nothing; logs and audits it. */
export async function confirmImport(
  ctx: UseCaseContext,
  definition: AnyImportDefinition,
  importId: string,
  options: { readonly acknowledgeWarnings?: boolean } = {},
): Promise<ApplyCounts> {
  await ownRun(ctx, definition, importId)
  return transaction(ctx, async (tx) => {
    const run = await repo.findRun(tx.db, tx.scope, definition.key, importId, { forUpdate: true })
    if (run === undefined) throw notFound()
    if (run.status !== 'pending' || run.data === null)
      throw conflict('This import has already been confirmed or discarded.')
    const lookups: unknown = await definition.lookups?.(tx)
    const totals = { created: 0, updated: 0, unchanged: 0 }
    const scan = await scanImportFile(
      definition,
      lookups,
      run.data,
      run.fileKind,
      async (batch: readonly CheckedRow[]) => {
        // Warnings are looked for again: what is stored may have changed since the preview.
        if (options.acknowledgeWarnings !== true) {
          const changes = await definition.classify(
            tx,
            batch.map((r) => r.value),
            lookups,
            { uploadedAt: run.uploadedAt },
          )
          const warned = changes.filter((c) => warningOf(c) !== null).length
          if (warned > 0) throw new ImportWarningsNotAcknowledged(warned)
        }
        const counts = await definition.apply(
          tx,
          batch.map((r) => r.value),
          lookups,
        )
        totals.created += counts.created
        totals.updated += counts.updated
        totals.unchanged += counts.unchanged
      },
    )
    // Throwing rolls back every batch already applied: all or nothing.
    if (!scan.ok) throw new ImportRejected(scan)
    await repo.finishRun(tx.db, tx.scope, run.id, {
      status: 'confirmed',
      ...totals,
      at: tx.services.clock.now(),
    })
    await audit(tx, {
      action: 'update',
      recordType: 'import_run',
      recordId: run.id,
      changes: {
        before: { status: 'pending' },
        after: {
          status: 'confirmed',
          import: definition.key,
          filename: run.filename,
          sha256: run.sha256,
          rows: scan.rows,
          ...totals,
        },
      },
    })
    return totals
  })
}

export async function discardImport(
  ctx: UseCaseContext,
  definition: AnyImportDefinition,
  importId: string,
): Promise<void> {
  await ownRun(ctx, definition, importId)
  await transaction(ctx, async (tx) => {
    const run = await repo.findRun(tx.db, tx.scope, definition.key, importId, { forUpdate: true })
    if (run?.status !== 'pending')
      throw conflict('This import has already been confirmed or discarded.')
    await repo.finishRun(tx.db, tx.scope, run.id, {
      status: 'discarded',
      at: tx.services.clock.now(),
    })
    await audit(tx, {
      action: 'update',
      recordType: 'import_run',
      recordId: run.id,
      changes: { before: { status: 'pending' }, after: { status: 'discarded' } },
    })
  })
}

/** The imports this person may use. */
export function usableImports(
  ctx: UseCaseContext,
  definitions: readonly AnyImportDefinition[],
): AnyImportDefinition[] {
  return definitions.filter((d) => can(ctx, d.permission))
}

/**
 * Past imports into the imports this person may use, newest first: everyone's where their grant
 * reaches the whole partnership, only their own where it is limited to their agency.
 */
export async function importLog(
  ctx: UseCaseContext,
  definitions: readonly AnyImportDefinition[],
): Promise<ImportRun[]> {
  const usable = usableImports(ctx, definitions)
  const whole = (d: AnyImportDefinition) =>
    ctx.who.kind === 'system' || ctx.services.policy.scopeOf(ctx.who.actor, d.permission) === 'all'
  return repo.listRuns(ctx.db, ctx.scope, {
    everyone: usable.filter(whole).map((d) => d.key),
    own: usable.filter((d) => !whole(d)).map((d) => d.key),
    userId: userIdOf(ctx),
  })
}
