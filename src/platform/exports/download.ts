// Sends a file as a download. The caller writes the 'export' audit entry (it knows what was exported).
import type { FastifyReply } from 'fastify'

export const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ics: 'text/calendar; charset=utf-8',
} as const

export type DownloadKind = keyof typeof contentTypes

/** A safe file name: letters, digits, spaces, dots, dashes; the extension added. */
export function downloadName(base: string, kind: DownloadKind): string {
  const cleaned = base
    .normalize('NFKD')
    .replace(/[^\w .-]+/g, '')
    .replace(/\s+/g, '-')
    .slice(0, 80)
  return `${cleaned || 'download'}.${kind}`
}

export function sendDownload(
  reply: FastifyReply,
  kind: DownloadKind,
  baseName: string,
  body: string | Buffer,
): FastifyReply {
  return reply
    .header('content-type', contentTypes[kind])
    .header('content-disposition', `attachment; filename="${downloadName(baseName, kind)}"`)
    .header('x-content-type-options', 'nosniff')
    .send(body)
}
