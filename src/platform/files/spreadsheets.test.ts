import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { deflatedRepeat, entry, xlsxSkeleton, zip } from '../../../test/support/zip.ts'
import { inspectZip, readCsvTable, readXlsxTable } from './spreadsheets.ts'

const MB = 1024 * 1024

/** The highest resident memory seen while `work` runs, above where it started. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  globalThis.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 5)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  return Math.max(peak, process.memoryUsage().rss) - before
}

async function workbook(rows: (string | number)[][], at?: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('Figures')
  for (const row of rows) sheet.addRow(row)
  if (at !== undefined) sheet.getRow(at).getCell(1).value = 'far away'
  return Buffer.from(await book.xlsx.writeBuffer())
}

describe('spreadsheet limits', () => {
  it('refuses a small XLSX that says it inflates to 300 MB, without inflating it', async () => {
    const bomb = zip([
      ...xlsxSkeleton(),
      {
        name: 'xl/worksheets/sheet1.xml',
        compressed: await deflatedRepeat(300 * MB),
        declaredSize: 300 * MB,
      },
    ])
    expect(bomb.length).toBeLessThan(1 * MB)
    let result: Awaited<ReturnType<typeof readXlsxTable>> | undefined
    const grown = await peakGrowth(async () => {
      result = await readXlsxTable(bomb, { maxRows: 1000 })
    })
    expect(result).toEqual({
      ok: false,
      message: 'The selected file is too large when unpacked: it must be 64MB or smaller',
    })
    expect(grown).toBeLessThan(64 * MB)
  })

  it('stops inflating a part that lies about its size as soon as it passes the size it gave', async () => {
    const liar = zip([
      ...xlsxSkeleton(),
      {
        name: 'xl/worksheets/sheet1.xml',
        compressed: await deflatedRepeat(300 * MB),
        declaredSize: 1000,
      },
    ])
    let result: Awaited<ReturnType<typeof readXlsxTable>> | undefined
    const grown = await peakGrowth(async () => {
      result = await readXlsxTable(liar, { maxRows: 1000 })
    })
    expect(result?.ok).toBe(false)
    expect(grown).toBeLessThan(64 * MB)
    // Many honest parts that together pass the budget are refused too.
    const many = zip([
      ...xlsxSkeleton(),
      ...Array.from({ length: 5 }, (_, i) => entry(`xl/media/${i}.bin`, Buffer.alloc(MB))),
    ])
    expect(inspectZip(many, 3 * MB)).toEqual({ ok: false, reason: 'too_large' })
  })

  it('refuses what is not a zip, or a zip it cannot check (ZIP64, encrypted, other methods)', () => {
    expect(inspectZip(Buffer.from('PK\u0003\u0004 not really'), MB).ok).toBe(false)
    const stored = zip([{ ...entry('a.xml', 'x'), compressed: Buffer.from('x'), stored: true }])
    expect(inspectZip(stored, MB)).toEqual({ ok: true, rows: 0 })
    const zip64 = Buffer.from(stored)
    zip64.writeUInt32LE(0xffffffff, zip64.length - 22 + 16)
    expect(inspectZip(zip64, MB).ok).toBe(false)
    const encrypted = Buffer.from(stored)
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    encrypted.writeUInt16LE(1, central + 8)
    expect(inspectZip(encrypted, MB).ok).toBe(false)
  })

  it('counts worksheet rows before the workbook is built, and refuses too many', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => [`Zoë ${i}`, i])
    const book = await workbook([['Name', 'Count'], ...rows])
    expect(inspectZip(book, 64 * MB)).toEqual({ ok: true, rows: 9 })
    expect(await readXlsxTable(book, { maxRows: 8 })).toMatchObject({ ok: true })
    expect(await readXlsxTable(book, { maxRows: 7 })).toEqual({
      ok: false,
      message: 'The selected file must have 7 rows or fewer',
    })
    // One cell a million rows down is one row element, but a million rows to walk.
    const far = await workbook([['Name', 'Count']], 1_000_000)
    expect(await readXlsxTable(far, { maxRows: 1000 })).toEqual({
      ok: false,
      message: 'The selected file must have 1,000 rows or fewer',
    })
  })

  it('stops reading a CSV at the row limit, and refuses an enormous record', () => {
    const csv = (n: number) =>
      Buffer.from(['Name,Count', ...Array.from({ length: n }, (_, i) => `O'Brien,${i}`)].join('\n'))
    expect(readCsvTable(csv(3), { maxRows: 3 })).toMatchObject({ ok: true })
    expect(readCsvTable(csv(4), { maxRows: 3 })).toEqual({
      ok: false,
      message: 'The selected file must have 3 rows or fewer',
    })
    expect(readCsvTable(Buffer.from(`a,"${'x'.repeat(100_000)}"\n`), { maxRows: 3 })).toEqual({
      ok: false,
      message: 'The selected file could not be read as CSV',
    })
  })
})
