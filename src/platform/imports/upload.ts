// The one place the import kit reads an uploaded file from a request. Every import page and API
// route calls this, so a change to how uploads arrive (multipart parsing, where it runs) is made
// here once.
import type { FastifyRequest } from 'fastify'
import { messages } from '../messages.ts'
import { MAX_UPLOAD_BYTES, multipartForm } from '../http/uploads.ts'
import { checkXlsxBounds } from '../files/spreadsheets.ts'
import { importFileKind } from './read.ts'

/** An import's XLSX may unpack to this much (it is read as a stream, never whole). */
export const IMPORT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
/** Rows after the header in one import file. */
export const IMPORT_MAX_ROWS = 200_000

export interface ImportUpload {
  readonly filename: string
  readonly data: Buffer
}

export type UploadResult =
  | { readonly ok: true; readonly file: ImportUpload }
  | { readonly ok: false; readonly message: string }

/** The file sent in the form's `file` field, or the sentence to show beside the field. */
export function importUpload(request: FastifyRequest): UploadResult {
  const file = multipartForm(request.body).files.file?.[0]
  if (file === undefined) return { ok: false, message: messages.fileRequired() }
  if (file.truncated)
    return { ok: false, message: messages.fileSize(Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)) }
  if (file.data.length === 0) return { ok: false, message: 'The selected file is empty' }
  // A small XLSX can unpack to gigabytes: measure it before the streaming reader opens it.
  if (importFileKind(file.data) === 'xlsx') {
    const bounds = checkXlsxBounds(file.data, {
      maxRows: IMPORT_MAX_ROWS,
      maxUncompressedBytes: IMPORT_MAX_UNPACKED_BYTES,
    })
    if (!bounds.ok) return { ok: false, message: bounds.message }
  }
  const filename = (file.filename.trim() || 'upload').slice(0, 200)
  return { ok: true, file: { filename, data: file.data } }
}
