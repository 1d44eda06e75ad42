// The file store: uploaded files kept in the database (bytea), so any app process can serve them.
// A file is accepted only when its content (not its name, not the browser's claim) is one of the
// kinds the page allows, and it is under the size limit. A file belongs to the record that links to
// it; the owning module's download route checks access to that record and then calls
// sendStoredFile. Files are never served inline: always as an attachment, with nosniff. Every
// read of a file's content is audited as a view of its record (readFile).
import { createHash } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { AuditEntry, AuditTrail } from '../audit/audit-trail.ts'
import { messages } from '../messages.ts'
import type { TenantScope } from '../tenancy.ts'
import { sniffFileType, type UploadedFile } from '../http/uploads.ts'

/** The largest file the store keeps (the upload limit is higher, so we can say why). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024

export const fileKinds = ['pdf', 'docx', 'xlsx', 'pptx', 'png', 'jpeg', 'csv'] as const
export type FileKind = (typeof fileKinds)[number]

const kindInfo: Record<FileKind, { contentType: string; extension: string; label: string }> = {
  pdf: { contentType: 'application/pdf', extension: 'pdf', label: 'a PDF' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    label: 'a Word document',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    label: 'an Excel spreadsheet',
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
    label: 'a PowerPoint presentation',
  },
  png: { contentType: 'image/png', extension: 'png', label: 'a PNG image' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', label: 'a JPEG image' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', label: 'a CSV file' },
}

/** Papers, terms of reference: office documents and PDFs. */
export const documentKinds: readonly FileKind[] = ['pdf', 'docx', 'xlsx', 'pptx']
/** Evidence for actions: documents, pictures and spreadsheets. */
export const evidenceKinds: readonly FileKind[] = [...documentKinds, 'png', 'jpeg', 'csv']

/** "a PDF, a Word document or an Excel spreadsheet" — for "The selected file must be …". */
export function describeKinds(kinds: readonly FileKind[]): string {
  const labels = kinds.map((k) => kindInfo[k].label)
  if (labels.length <= 1) return labels.join('')
  return `${labels.slice(0, -1).join(', ')} or ${labels.at(-1) ?? ''}`
}

export function fileKindLabel(kind: string): string {
  return (kindInfo as Record<string, { label: string } | undefined>)[kind]?.label ?? 'a file'
}

/** What the file really is. Office files are zips: the part names inside say which one. */
export function identifyFile(file: Pick<UploadedFile, 'filename' | 'data'>): FileKind | undefined {
  const sniffed = sniffFileType(file.data)
  switch (sniffed) {
    case 'pdf':
    case 'png':
    case 'jpeg':
      return sniffed
    case 'zip': {
      // Part names are stored uncompressed in the zip's headers.
      if (file.data.includes('[Content_Types].xml')) {
        if (file.data.includes('word/')) return 'docx'
        if (file.data.includes('xl/')) return 'xlsx'
        if (file.data.includes('ppt/')) return 'pptx'
      }
      return undefined
    }
    case 'text':
      return /\.csv$/i.test(file.filename) ? 'csv' : undefined
    case 'unknown':
      return undefined
  }
}

export interface AcceptedUpload {
  readonly filename: string
  readonly kind: FileKind
  readonly data: Buffer
}

export type UploadCheck =
  | { readonly ok: true; readonly upload: AcceptedUpload }
  | { readonly ok: false; readonly message: string }

/** Checks an uploaded file against the kinds a page allows and the size limit. */
export function checkUpload(
  file: UploadedFile | undefined,
  allowed: readonly FileKind[],
  maxBytes: number = FILE_MAX_BYTES,
): UploadCheck {
  if (file === undefined || file.data.length === 0) {
    return { ok: false, message: messages.fileRequired() }
  }
  if (file.truncated || file.data.length > maxBytes) {
    return { ok: false, message: messages.fileSize(Math.floor(maxBytes / (1024 * 1024))) }
  }
  const kind = identifyFile(file)
  if (kind === undefined || !allowed.includes(kind)) {
    return { ok: false, message: messages.fileType(describeKinds(allowed)) }
  }
  return {
    ok: true,
    upload: { filename: safeFilename(file.filename, kind), kind, data: file.data },
  }
}

/** The name as uploaded, without folders or control characters, ending in the real extension. */
export function safeFilename(name: string, kind: FileKind): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 150)
  const extension = kindInfo[kind].extension
  const stem = base.replace(/\.[^.]*$/, '') || 'file'
  const hasRightExtension =
    base.toLowerCase().endsWith(`.${extension}`) || (kind === 'jpeg' && /\.jpe?g$/i.test(base))
  return hasRightExtension ? base : `${stem}.${extension}`
}

export interface StoredFileSummary {
  readonly id: string
  readonly filename: string
  readonly kind: FileKind
  readonly sizeBytes: number
  readonly uploadedAt: Date
}

export interface StoredFileContent extends StoredFileSummary {
  readonly data: Buffer
}

/** Saves an accepted upload inside the caller's transaction (with the record that links to it). */
export async function saveFile(
  trx: Transaction<Tables>,
  scope: TenantScope,
  upload: AcceptedUpload,
  uploadedByUserId: string | null,
  uploadedAt: Date,
): Promise<StoredFileSummary> {
  const row = await trx
    .insertInto('stored_file')
    .values({
      partnership_id: scope.partnershipId,
      filename: upload.filename,
      kind: upload.kind,
      size_bytes: upload.data.length,
      sha256: createHash('sha256').update(upload.data).digest('hex'),
      data: upload.data,
      uploaded_by_user_id: uploadedByUserId,
      uploaded_at: uploadedAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
  return {
    id: row.id,
    filename: upload.filename,
    kind: upload.kind,
    sizeBytes: upload.data.length,
    uploadedAt,
  }
}

/** Who is downloading a file, and the record it belongs to, for the audit trail's view entry. */
export interface FileDownload {
  readonly audit: AuditTrail
  /** The person (or, for the public register, a label) and the request. */
  readonly by: Pick<AuditEntry, 'actorUserId' | 'actorLabel' | 'ip' | 'requestId'>
  /** The record the file belongs to (a meeting paper, a case review's report …). */
  readonly of: { readonly recordType: string; readonly recordId: string }
}

/**
 * A file's content, for a download. Call only after the owning record's access has been checked.
 * Reading a stored file always writes a `view` audit entry for the record it belongs to (naming
 * the file), in the same transaction: there is no way to read one without it (issue 12.7).
 */
export async function readFile(
  db: Kysely<Tables>,
  scope: TenantScope,
  fileId: string,
  download: FileDownload,
): Promise<StoredFileContent | undefined> {
  const read = async (trx: Kysely<Tables>): Promise<StoredFileContent | undefined> => {
    const row = await trx
      .selectFrom('stored_file')
      .select(['id', 'filename', 'kind', 'size_bytes', 'uploaded_at', 'data'])
      .where('partnership_id', '=', scope.partnershipId)
      .where('id', '=', fileId)
      .executeTakeFirst()
    if (row === undefined) return undefined
    await download.audit.record(trx, {
      ...download.by,
      partnershipId: scope.partnershipId,
      action: 'view',
      recordType: download.of.recordType,
      recordId: download.of.recordId,
      changes: { downloaded: { file: row.id } },
    })
    return {
      id: row.id,
      filename: row.filename,
      kind: row.kind as FileKind,
      sizeBytes: row.size_bytes,
      uploadedAt: row.uploaded_at,
      data: Buffer.from(row.data),
    }
  }
  return db.isTransaction ? read(db) : db.transaction().execute(read)
}

/** "2.4 MB", "310 KB" — for file lists. */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** Sends a stored file as a download (never displayed inline, never sniffed by the browser). */
export function sendStoredFile(reply: FastifyReply, file: StoredFileContent): FastifyReply {
  const ascii = file.filename.normalize('NFKD').replace(/[^\x20-\x7e]|["\\]/g, '') || 'file'
  return reply
    .header('content-type', kindInfo[file.kind].contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .send(file.data)
}
