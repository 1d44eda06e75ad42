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
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Attendance Board 2025', 'Notes'])
    const ws = workbook.worksheets[0]!
    expect(ws.getRow(2).values).toEqual([undefined, "Zoë O'Brien", 3])
    expect(ws.getRow(3).getCell(1).value).toBe(`'=HYPERLINK("http://evil.example")`)
    expect(sheetName('x'.repeat(40), new Set(['xxxx.']))).toBe('xxxx. 2')
  })

  it('writes dates as Excel dates, per-cell formats and fills, and readable short sheet names', async () => {
    interface Dated {
      due: string
      at: Date
      share: number
      note: string
    }
    const buffer = await toXlsx({
      title: 'Dates',
      sheets: [
        sheet<Dated>({
          name: 'Safeguarding children partnership and education performance',
          columns: [
            { header: 'Due', value: (r) => r.due },
            { header: 'Recorded', value: (r) => r.at },
            {
              header: 'Share',
              value: (r) => r.share,
              cellFormat: () => '0.0%',
              fill: () => 'FFD4351C',
            },
            { header: 'Note', value: (r) => r.note },
            { header: 'Recorded (UTC)', value: (r) => r.at, utc: true },
          ],
          rows: [
            {
              due: '2026-12-23',
              at: new Date('2026-07-01T09:30:00Z'),
              share: 0.75,
              note: '2026-03',
            },
          ],
        }),
      ],
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
    const ws = workbook.worksheets[0]!
    expect(ws.name.length).toBeLessThanOrEqual(31)
    expect(ws.name).toBe('Safeguarding children')
    const row = ws.getRow(2)
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.Date)
    expect(row.getCell(1).value).toEqual(new Date('2026-12-23T00:00:00Z'))
    expect(row.getCell(1).numFmt).toBe('d mmm yyyy')
    // London wall-clock time (summer time: 10:30), as a date-time.
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Date)
    expect(row.getCell(2).value).toEqual(new Date('2026-07-01T10:30:00Z'))
    expect(row.getCell(2).numFmt).toBe('d mmm yyyy hh:mm')
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.Number)
    expect(row.getCell(3).numFmt).toBe('0.0%')
    expect(row.getCell(3).fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFD4351C' } })
    expect(row.getCell(4).value).toBe('2026-03') // a month code is text
    expect(row.getCell(5).value).toEqual(new Date('2026-07-01T09:30:00Z'))
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
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
