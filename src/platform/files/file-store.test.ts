import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase } from '../../../test/support/databases.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import { AuditTrail } from '../audit/audit-trail.ts'
import { FakeClock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import { toDocx } from '../exports/docx.ts'
import { toXlsx } from '../exports/xlsx.ts'
import type { UploadedFile } from '../http/uploads.ts'
import {
  FILE_MAX_BYTES,
  checkUpload,
  documentKinds,
  evidenceKinds,
  identifyFile,
  readFile,
  safeFilename,
  saveFile,
} from './file-store.ts'

const upload = (filename: string, data: Buffer, truncated = false): UploadedFile => ({
  filename,
  mimetype: 'application/octet-stream',
  data,
  truncated,
})

const trail = new AuditTrail(
  new FakeClock('2026-03-02T09:00:00Z'),
  'file-store-test-key-0123456789abcdef',
)
const paperId = '6f1c2a8e-0000-4000-8000-00000000a11d'

describe('file store', () => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('tells Word, Excel, PDF, pictures and CSV apart by their content, not their names', async () => {
    const docx = await toDocx({ title: 'Agenda', blocks: [] })
    const xlsx = await toXlsx({ title: 'Log', sheets: [] })
    expect(identifyFile({ filename: 'paper.pdf', data: docx })).toBe('docx')
    expect(identifyFile({ filename: 'log.docx', data: xlsx })).toBe('xlsx')
    expect(identifyFile({ filename: 'x', data: Buffer.from('%PDF-1.7\n') })).toBe('pdf')
    expect(identifyFile({ filename: 'data.csv', data: Buffer.from('a,b\n1,2\n') })).toBe('csv')
    expect(identifyFile({ filename: 'notes.txt', data: Buffer.from('hello') })).toBeUndefined()
    expect(identifyFile({ filename: 'app.pdf', data: Buffer.from([0x4d, 0x5a, 0x90, 0]) })).toBe(
      undefined,
    )
    // A zip that is not an office document.
    expect(
      identifyFile({ filename: 'a.docx', data: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]) }),
    ).toBeUndefined()
  })

  it('refuses a missing, oversize or disallowed file with the GOV.UK message', () => {
    expect(checkUpload(undefined, documentKinds)).toEqual({ ok: false, message: 'Select a file' })
    expect(
      checkUpload(upload('big.pdf', Buffer.alloc(FILE_MAX_BYTES + 1, 0x25)), documentKinds),
    ).toEqual({ ok: false, message: 'The selected file must be smaller than 10MB' })
    expect(checkUpload(upload('huge.pdf', Buffer.from('%PDF'), true), documentKinds)).toEqual({
      ok: false,
      message: 'The selected file must be smaller than 10MB',
    })
    expect(checkUpload(upload('photo.png', pngBytes()), documentKinds)).toEqual({
      ok: false,
      message:
        'The selected file must be a PDF, a Word document, an Excel spreadsheet or a PowerPoint presentation',
    })
    const accepted = checkUpload(upload('photo', pngBytes()), evidenceKinds)
    expect(accepted.ok && accepted.upload).toMatchObject({ filename: 'photo.png', kind: 'png' })
  })

  it('keeps the uploaded name but never folders, quotes or a misleading extension', () => {
    expect(safeFilename('C:\\Users\\zoë\\Board paper – Q3.pdf', 'pdf')).toBe('Board paper – Q3.pdf')
    expect(safeFilename('../../evil".exe', 'pdf')).toBe('evil.pdf')
    expect(safeFilename('scan.JPEG', 'jpeg')).toBe('scan.JPEG')
  })

  it('saves a file in the database and reads it back only within its partnership', async () => {
    const north = await createPartnership(database.db)
    const south = await createPartnership(database.db)
    const user = await createUser(database.db, north)
    const data = Buffer.from('%PDF-1.7 Zoë’s paper')
    const saved = await database.db
      .transaction()
      .execute(async (trx) =>
        saveFile(
          trx,
          north.scope,
          { filename: 'Zoë’s paper.pdf', kind: 'pdf', data },
          user.id,
          new Date('2026-03-01T10:00:00Z'),
        ),
      )
    const download = {
      audit: trail,
      by: { actorUserId: user.id, ip: '192.0.2.1', requestId: 'req-1' },
      of: { recordType: 'meeting_paper', recordId: paperId },
    }
    const read = await readFile(database.db, north.scope, saved.id, download)
    expect(read?.data.equals(data)).toBe(true)
    expect(read).toMatchObject({ filename: 'Zoë’s paper.pdf', kind: 'pdf', sizeBytes: data.length })
    expect(await readFile(database.db, south.scope, saved.id, download)).toBeUndefined()
  })

  it('audits every read of a file as a view of its record, in the file’s partnership', async () => {
    const north = await createPartnership(database.db)
    const user = await createUser(database.db, north)
    const saved = await database.db
      .transaction()
      .execute(async (trx) =>
        saveFile(
          trx,
          north.scope,
          { filename: 'Łukasz’s minutes.pdf', kind: 'pdf', data: Buffer.from('%PDF-1.7') },
          user.id,
          new Date('2026-03-01T10:00:00Z'),
        ),
      )
    const download = {
      audit: trail,
      by: { actorUserId: user.id, ip: '192.0.2.1', requestId: 'req-2' },
      of: { recordType: 'meeting_paper', recordId: paperId },
    }
    await readFile(database.db, north.scope, saved.id, download)
    await readFile(database.db, north.scope, saved.id, download)
    const entries = await database.db
      .selectFrom('audit_event')
      .select(['action', 'record_type', 'record_id', 'actor_user_id', 'request_id', 'changes'])
      .where('partnership_id', '=', north.id)
      .execute()
    expect(entries).toEqual([
      {
        action: 'view',
        record_type: 'meeting_paper',
        record_id: paperId,
        actor_user_id: user.id,
        request_id: 'req-2',
        changes: { downloaded: { file: saved.id } },
      },
      {
        action: 'view',
        record_type: 'meeting_paper',
        record_id: paperId,
        actor_user_id: user.id,
        request_id: 'req-2',
        changes: { downloaded: { file: saved.id } },
      },
    ])
    // If the entry cannot be written, the file is not read either (fail closed).
    const failing = {
      ...download,
      audit: {
        record: () => Promise.reject(new Error('audit unavailable')),
      } as unknown as AuditTrail,
    }
    await expect(readFile(database.db, north.scope, saved.id, failing)).rejects.toThrow(
      'audit unavailable',
    )
  })
})

function pngBytes(): Buffer {
  return Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])
}
