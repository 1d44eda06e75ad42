// SQL for the import log (import_run). Every statement is scoped by partnership.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../tenancy.ts'
import type { ImportFileKind } from './read.ts'

export interface ImportRun {
  readonly id: string
  readonly definitionKey: string
  readonly filename: string
  readonly fileKind: ImportFileKind
  readonly sha256: string
  readonly size: number
  readonly rowCount: number
  readonly status: 'pending' | 'confirmed' | 'discarded'
  readonly created: number | null
  readonly updated: number | null
  readonly unchanged: number | null
  readonly uploadedByUserId: string
  readonly uploadedByName: string
  readonly uploadedAt: Date
  readonly finishedAt: Date | null
}

const columns = [
  'r.id',
  'r.definition_key',
  'r.filename',
  'r.file_kind',
  'r.file_sha256',
  'r.file_size',
  'r.row_count',
  'r.status',
  'r.created_count',
  'r.updated_count',
  'r.unchanged_count',
  'r.uploaded_by_user_id',
  'u.display_name',
  'r.uploaded_at',
  'r.finished_at',
] as const

function base(db: Kysely<Tables>, scope: TenantScope) {
  return db
    .selectFrom('import_run as r')
    .innerJoin('app_user as u', (j) =>
      j
        .onRef('u.id', '=', 'r.uploaded_by_user_id')
        .onRef('u.partnership_id', '=', 'r.partnership_id'),
    )
    .where('r.partnership_id', '=', scope.partnershipId)
}

type RunRow = {
  id: string
  definition_key: string
  filename: string
  file_kind: ImportFileKind
  file_sha256: string
  file_size: number
  row_count: number
  status: ImportRun['status']
  created_count: number | null
  updated_count: number | null
  unchanged_count: number | null
  uploaded_by_user_id: string
  display_name: string
  uploaded_at: Date
  finished_at: Date | null
}

function toRun(r: RunRow): ImportRun {
  return {
    id: r.id,
    definitionKey: r.definition_key,
    filename: r.filename,
    fileKind: r.file_kind,
    sha256: r.file_sha256,
    size: r.file_size,
    rowCount: r.row_count,
    status: r.status,
    created: r.created_count,
    updated: r.updated_count,
    unchanged: r.unchanged_count,
    uploadedByUserId: r.uploaded_by_user_id,
    uploadedByName: r.display_name,
    uploadedAt: r.uploaded_at,
    finishedAt: r.finished_at,
  }
}

export async function insertRun(
  db: Kysely<Tables>,
  scope: TenantScope,
  run: {
    definitionKey: string
    filename: string
    fileKind: ImportFileKind
    sha256: string
    data: Buffer
    rowCount: number
    uploadedByUserId: string
    uploadedAt: Date
  },
): Promise<string> {
  const row = await db
    .insertInto('import_run')
    .values({
      partnership_id: scope.partnershipId,
      definition_key: run.definitionKey,
      filename: run.filename,
      file_kind: run.fileKind,
      file_sha256: run.sha256,
      file_size: run.data.length,
      file_data: run.data,
      row_count: run.rowCount,
      status: 'pending',
      uploaded_by_user_id: run.uploadedByUserId,
      uploaded_at: run.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function findRun(
  db: Kysely<Tables>,
  scope: TenantScope,
  definitionKey: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<(ImportRun & { readonly data: Buffer | null }) | undefined> {
  let query = base(db, scope)
    .select([...columns, 'r.file_data'])
    .where('r.id', '=', id)
    .where('r.definition_key', '=', definitionKey)
  if (options.forUpdate === true) query = query.forUpdate('r')
  const row = await query.executeTakeFirst()
  if (row === undefined) return undefined
  return {
    ...toRun(row),
    data: row.file_data === null ? null : Buffer.from(row.file_data),
  }
}

/** The last confirmed import of this very file (same hash) into this import, if any. */
export async function lastConfirmedWithHash(
  db: Kysely<Tables>,
  scope: TenantScope,
  definitionKey: string,
  sha256: string,
): Promise<ImportRun | undefined> {
  const row = await base(db, scope)
    .select(columns)
    .where('r.definition_key', '=', definitionKey)
    .where('r.file_sha256', '=', sha256)
    .where('r.status', '=', 'confirmed')
    .orderBy('r.finished_at', 'desc')
    .executeTakeFirst()
  return row === undefined ? undefined : toRun(row)
}

export async function finishRun(
  db: Kysely<Tables>,
  scope: TenantScope,
  id: string,
  outcome:
    | { status: 'confirmed'; created: number; updated: number; unchanged: number; at: Date }
    | { status: 'discarded'; at: Date },
): Promise<void> {
  await db
    .updateTable('import_run')
    .set({
      status: outcome.status,
      file_data: null,
      finished_at: outcome.at,
      ...(outcome.status === 'confirmed'
        ? {
            created_count: outcome.created,
            updated_count: outcome.updated,
            unchanged_count: outcome.unchanged,
          }
        : {}),
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', id)
    .execute()
}

export async function listRuns(
  db: Kysely<Tables>,
  scope: TenantScope,
  keys: {
    /** Imports whose every run may be listed. */
    readonly everyone: readonly string[]
    /** Imports whose runs by this user only may be listed. */
    readonly own: readonly string[]
    readonly userId: string | null
  },
  limit = 200,
): Promise<ImportRun[]> {
  const { everyone, own, userId } = keys
  if (everyone.length === 0 && (own.length === 0 || userId === null)) return []
  const rows = await base(db, scope)
    .select(columns)
    .where((eb) =>
      eb.or([
        ...(everyone.length === 0 ? [] : [eb('r.definition_key', 'in', everyone)]),
        ...(own.length === 0 || userId === null
          ? []
          : [
              eb.and([eb('r.definition_key', 'in', own), eb('r.uploaded_by_user_id', '=', userId)]),
            ]),
      ]),
    )
    .orderBy('r.uploaded_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute()
  return rows.map(toRun)
}
