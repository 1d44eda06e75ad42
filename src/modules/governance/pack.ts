// The published pack as one PDF (issue 13.1): a contents page, then each PDF paper of the items
// still on the agenda, as the person may see the meeting. Restricted items' papers are left out
// for members not cleared for them (loadMeeting has already removed them); withdrawn items and
// replaced versions are left out. Papers that are not PDFs (Word, Excel) are listed on the
// contents page to download separately. Built with pdf-lib (pure JS, no native code).
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib'
import { conflict } from '../../platform/errors.ts'
import { readFile } from '../../platform/files/file-store.ts'
import { longDateTime } from '../../platform/london-time.ts'
import type { Services } from '../../platform/services.ts'
import type { Actor } from '../../platform/access/policy.ts'
import { memberMeeting } from './meetings.ts'
import { meetingFileName, packItems } from './presenter.ts'
import { auditBy } from './service.ts'

/** The standard PDF fonts cover Western European letters only: others become their base letter. */
function printable(text: string, font: PDFFont): string {
  return Array.from(new Intl.Segmenter('en-GB').segment(text), (s) => s.segment)
    .map((ch) => {
      try {
        font.encodeText(ch)
        return ch
      } catch {
        const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
        const fallback = (
          { Ł: 'L', ł: 'l', Ø: 'O', ø: 'o', Đ: 'D', đ: 'd' } as Record<string, string>
        )[ch]
        return fallback ?? (base.length > 0 && base !== ch ? base : '?')
      }
    })
    .join('')
}

export interface MeetingPack {
  readonly filename: string
  readonly pdf: Uint8Array
}

export async function meetingPack(
  services: Services,
  actor: Actor,
  meetingId: string,
  request: { readonly requestId?: string; readonly ip?: string } = {},
): Promise<MeetingPack> {
  const detail = await memberMeeting(services, actor, meetingId)
  if (detail.meeting.status === 'cancelled') throw conflict('This meeting has been cancelled.')
  if (detail.meeting.packPublishedAt === null && detail.papers.length === 0)
    throw conflict('The pack for this meeting has not been published yet.')
  const items = packItems(detail)
  const pack = await PDFDocument.create()
  pack.setTitle(
    `${detail.meeting.groupName}: meeting pack, ${longDateTime(detail.meeting.startsAt)}`,
  )
  const font = await pack.embedFont(StandardFonts.Helvetica)
  const bold = await pack.embedFont(StandardFonts.HelveticaBold)

  // Papers first (so the contents page can give their page numbers), then the contents in front.
  const lines: { text: string; page: number | null }[] = []
  let pageNumber = 2
  const merged: PDFDocument[] = []
  for (const item of items) {
    if (item.hidden) continue
    lines.push({ text: `${String(item.number)}. ${item.title}`, page: null })
    for (const paper of item.papers) {
      // Each paper read into the pack is audited as a view of that paper, like its own download.
      const file = await readFile(services.db, detail.scope, paper.fileId, {
        audit: services.audit,
        by: {
          actorUserId: actor.userId,
          requestId: request.requestId ?? null,
          ip: request.ip ?? null,
        },
        of: { recordType: 'meeting_paper', recordId: paper.id },
      })
      if (file === undefined) continue
      if (file.kind !== 'pdf') {
        lines.push({
          text: `    ${paper.title} (${file.filename}: download it separately)`,
          page: null,
        })
        continue
      }
      try {
        const source = await PDFDocument.load(file.data, { ignoreEncryption: false })
        merged.push(source)
        lines.push({ text: `    ${paper.title}`, page: pageNumber })
        pageNumber += source.getPageCount()
      } catch {
        lines.push({
          text: `    ${paper.title} (${file.filename}: could not be included; download it separately)`,
          page: null,
        })
      }
    }
  }
  const contents = pack.addPage([595.28, 841.89])
  let y = 780
  contents.drawText(printable(detail.meeting.groupName, bold), { x: 50, y, size: 18, font: bold })
  y -= 24
  contents.drawText(printable(longDateTime(detail.meeting.startsAt), font), {
    x: 50,
    y,
    size: 12,
    font,
  })
  y -= 30
  contents.drawText('Contents', { x: 50, y, size: 14, font: bold })
  y -= 22
  for (const line of lines) {
    if (y < 60) break
    const text = printable(line.text, font)
    contents.drawText(text.length > 90 ? `${text.slice(0, 87)}...` : text, {
      x: 50,
      y,
      size: 11,
      font,
      color: rgb(0, 0, 0),
    })
    if (line.page !== null)
      contents.drawText(`page ${String(line.page)}`, { x: 480, y, size: 11, font })
    y -= 16
  }
  for (const source of merged) {
    const pages = await pack.copyPages(source, source.getPageIndices())
    for (const page of pages) pack.addPage(page)
  }
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, {
      ...auditBy({ scope: detail.scope, actor }),
      action: 'export',
      recordType: 'meeting',
      recordId: detail.meeting.id,
      changes: { format: 'pack_pdf', papers: merged.length },
    })
  })
  return {
    filename: `${meetingFileName(detail.meeting, 'pack')}.pdf`,
    pdf: await pack.save(),
  }
}
