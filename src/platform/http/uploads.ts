// File uploads (multipart forms). Files are read into memory up to the size limit and attached to
// request.body with the text fields, so the CSRF check and Zod validation see one body like any
// other form. A file over the limit is marked `truncated` rather than failing the request, so the
// page can say "The selected file must be smaller than …MB" beside the field.
import type { FastifyInstance } from 'fastify'
import fastifyMultipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart'

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

export interface UploadedFile {
  readonly filename: string
  /** As the browser claimed it: check the content (see sniffFileType) before trusting it. */
  readonly mimetype: string
  readonly data: Buffer
  /** True when the file was larger than the limit (data then holds only the start). */
  readonly truncated: boolean
}

export async function setUpUploads(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 10, fields: 200, fieldSize: 1024 * 1024 },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer()
      const file: UploadedFile = {
        filename: part.filename,
        mimetype: part.mimetype,
        data,
        truncated: part.file.truncated,
      }
      ;(part as unknown as { value: UploadedFile }).value = file
    },
  })
}

export interface MultipartForm {
  /** Text fields: one value as a string, repeated fields (checkboxes) as an array. */
  readonly fields: Record<string, string | string[]>
  /** Files by field name; an empty file input is left out. */
  readonly files: Record<string, UploadedFile[]>
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    value !== null &&
    typeof value === 'object' &&
    'data' in value &&
    Buffer.isBuffer((value as UploadedFile).data)
  )
}

/** Splits a multipart body into text fields and files. */
export function multipartForm(body: unknown): MultipartForm {
  const fields: Record<string, string | string[]> = {}
  const files: Record<string, UploadedFile[]> = {}
  if (body === null || typeof body !== 'object') return { fields, files }
  for (const [name, raw] of Object.entries(body)) {
    for (const part of (Array.isArray(raw) ? raw : [raw]) as MultipartValue[]) {
      const value: unknown = part.value
      if (isUploadedFile(value)) {
        if (value.filename === '' && value.data.length === 0) continue
        ;(files[name] ??= []).push(value)
      } else if (typeof value === 'string') {
        const existing = fields[name]
        fields[name] =
          existing === undefined
            ? value
            : [...(Array.isArray(existing) ? existing : [existing]), value]
      }
    }
  }
  return { fields, files }
}

/** What a file really is, from its first bytes (never trust the name or the browser's type). */
export function sniffFileType(data: Buffer): 'pdf' | 'zip' | 'png' | 'jpeg' | 'text' | 'unknown' {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf'
  // DOCX, XLSX and PPTX are zip files.
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'zip'
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png'
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg'
  // Text (CSV): valid UTF-8 with no NUL bytes in the first 8 KB.
  const head = data.subarray(0, 8192)
  if (head.includes(0)) return 'unknown'
  try {
    // `stream` tolerates a character cut in two at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return 'text'
  } catch {
    return 'unknown'
  }
}
