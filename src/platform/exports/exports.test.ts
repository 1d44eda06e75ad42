import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { toCsv } from './csv.ts'
import { sheet, sheetName, toXlsx } from './xlsx.ts'
import { toDocx } from './docx.ts'
import { downloadName } from './download.ts'

interface Row {
  name: string
  count: number
}
const rows: Row[] = [
  { name: "Zoë O'Brien", count: 3 },
  { name: '=HYPERLINK("http://evil.example")', count: 1 },
]

describe('exports', () => {
  it('writes CSV with a BOM, quoting, and formula cells neutralised', () => {
    const csv = toCsv<Row>(
      [
        { header: 'Name', value: (r) => r.name },
        { header: 'Count', value: (r) => r.count },
      ],
      rows,
    )
    expect(csv.startsWith('\uFEFFName,Count\r\n')).toBe(true)
    expect(csv).toContain("Zoë O'Brien,3")
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")",1`)
  })

  it('writes an XLSX workbook that reads back, with safe sheet names and a notes sheet', async () => {
    const buffer = await toXlsx({
      title: 'Test',
      sheets: [
        sheet<Row>({
          name: 'Attendance: Board / 2025',
          columns: [
            { header: 'Name', value: (r) => r.name },
            { header: 'Count', value: (r) => r.count },
          ],
          rows,
        }),
      ],
      notes: ['Counts are of meetings.'],
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Attendance  Board   2025', 'Notes'])
    const ws = workbook.worksheets[0]!
    expect(ws.getRow(2).values).toEqual([undefined, "Zoë O'Brien", 3])
    expect(ws.getRow(3).getCell(1).value).toBe(`'=HYPERLINK("http://evil.example")`)
    expect(sheetName('x'.repeat(40), new Set(['x'.repeat(31)]))).toBe(`${'x'.repeat(28)} 2`)
  })

  it('writes a DOCX document (a zip with the text in it)', async () => {
    const buffer = await toDocx({
      title: 'Board agenda',
      blocks: [
        { kind: 'heading', level: 1, text: 'Item 1' },
        { kind: 'table', headers: ['Agency', 'Attendance'], rows: [['Northshire Police', '100%']] },
      ],
    })
    expect(buffer.subarray(0, 2).toString()).toBe('PK')
    expect(buffer.length).toBeGreaterThan(1000)
  })

  it('makes safe download names', () => {
    expect(downloadName('Board – minutes 12/03/2026 "final"', 'docx')).toBe(
      'Board-minutes-12032026-final.docx',
    )
    expect(downloadName('../../etc/passwd', 'csv')).toBe('....etcpasswd.csv')
  })
})
