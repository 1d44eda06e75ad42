// Builds a multipart/form-data body, as a browser sends a form with file inputs.
import { randomBytes } from 'node:crypto'

export interface MultipartSpec {
  readonly fields: Record<string, string | readonly string[]>
  readonly files: readonly { field: string; filename: string; contentType: string; data: Buffer }[]
}

export function multipartBody(spec: MultipartSpec): { body: Buffer; contentType: string } {
  const boundary = `----assure${randomBytes(8).toString('hex')}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(spec.fields)) {
    for (const v of typeof value === 'string' ? [value] : value) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`,
        ),
      )
    }
  }
  for (const file of spec.files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}
