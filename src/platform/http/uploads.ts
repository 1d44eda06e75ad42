// File uploads (multipart forms). Only a route that declares `config.uploads` takes a multipart
// body: anywhere else one is refused (415) before a byte of it is read. On an upload route the
// body is read only after the session and permission checks (onRequest) and, before the first
// file, the CSRF token (the form's first field, or the x-csrf-token header); files are read into
// memory up to the route's limit and attached to request.body with the text fields, so Zod
// validation sees one body like any other form. A file over the limit is marked `truncated`
// rather than failing the request, so the page can say "The selected file must be smaller than
// …MB" beside the field; too many files or fields, or too much text, is a 413; a malformed body
// is a 400.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fastifyMultipart, { type MultipartValue } from '@fastify/multipart'
import { AppError } from '../errors.ts'

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

/** The text of a multipart form, all fields together (a urlencoded form's limit is the same). */
export const MAX_FORM_TEXT_BYTES = 1024 * 1024

/** What a route that takes files accepts: `config: { access, uploads: { … } }`. */
export interface UploadLimits {
  /** The largest file kept, in bytes (default MAX_UPLOAD_BYTES); a larger one comes truncated. */
  readonly fileBytes?: number
  /** How many files one submission may carry (default 1). */
  readonly files?: number
}

declare module 'fastify' {
  interface FastifyContextConfig {
    uploads?: UploadLimits
  }
  interface FastifyRequest {
    /** Does this token (or the request's API token) satisfy the CSRF check? See csrf.ts. */
    csrfAccepts(sent: string | undefined): boolean
  }
}

export interface UploadedFile {
  readonly filename: string
  /** As the browser claimed it: check the content (see sniffFileType) before trusting it. */
  readonly mimetype: string
  readonly data: Buffer
  /** True when the file was larger than the limit (data then holds only the start). */
  readonly truncated: boolean
}

function isMultipartRequest(request: FastifyRequest): boolean {
  const type = request.headers['content-type']
  return typeof type === 'string' && /^\s*multipart\//i.test(type)
}

/** A parse failure of the client's body is the client's problem: a 4xx, never a 500. */
function clientError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if (status === 413) return new AppError('payload_too_large')
  return new AppError('bad_request', 'The form could not be read. Go back and try again.')
}

export async function setUpUploads(app: FastifyInstance): Promise<void> {
  // The plugin only marks multipart requests here; the body is read by the hook below.
  await app.register(fastifyMultipart, { throwFileSizeLimit: false })

  app.addHook('onRoute', (route) => {
    if (route.config?.uploads !== undefined && route.config.access === 'public')
      throw new Error(`${route.url}: an upload route must not be public`)
  })

  // Refused before the body is read: a multipart body to a route that does not take files.
  app.addHook('onRequest', async (request) => {
    if (isMultipartRequest(request) && request.routeOptions.config.uploads === undefined)
      throw new AppError('unsupported_media_type')
  })

  app.addHook('preValidation', async (request) => {
    const limits = request.routeOptions.config.uploads
    if (limits === undefined || !request.isMultipart()) return
    const maxFiles = limits.files ?? 1
    const body: Record<string, { value: unknown } | { value: unknown }[]> = {}
    const add = (name: string, value: unknown) => {
      const existing = body[name]
      if (existing === undefined) body[name] = { value }
      else if (Array.isArray(existing)) existing.push({ value })
      else body[name] = [existing, { value }]
    }
    const fieldText = (name: string): string | undefined => {
      const entry = body[name]
      const value: unknown = Array.isArray(entry) ? entry[0]?.value : entry?.value
      return typeof value === 'string' ? value : undefined
    }
    let csrfChecked = false
    let textBytes = 0
    try {
      const parts = request.parts({
        limits: {
          fileSize: limits.fileBytes ?? MAX_UPLOAD_BYTES,
          files: maxFiles,
          fields: 200,
          fieldSize: MAX_FORM_TEXT_BYTES,
          parts: maxFiles + 200,
          headerPairs: 100,
        },
      })
      for await (const part of parts) {
        if (part.type === 'file') {
          // No file is read until the form's CSRF token has been checked.
          if (!csrfChecked) {
            const header = request.headers['x-csrf-token']
            const sent = typeof header === 'string' ? header : fieldText('_csrf')
            if (!request.csrfAccepts(sent)) throw new AppError('csrf')
            csrfChecked = true
          }
          const file = part
          const data = await file.toBuffer()
          const uploaded: UploadedFile = {
            filename: file.filename,
            mimetype: file.mimetype,
            data,
            truncated: file.file.truncated,
          }
          add(file.fieldname, uploaded)
        } else {
          const field = part
          if (field.valueTruncated) throw new AppError('payload_too_large')
          textBytes += Buffer.byteLength(String(field.value)) + field.fieldname.length
          if (textBytes > MAX_FORM_TEXT_BYTES) throw new AppError('payload_too_large')
          add(field.fieldname, field.value)
        }
      }
    } catch (error) {
      throw clientError(error)
    }
    request.body = body
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
