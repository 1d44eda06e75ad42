// XLSX workbooks (exceljs): one sheet per section, a bold frozen header row, column widths, and
// optional notes (definitions, caveats) on a sheet of their own.
import ExcelJS from 'exceljs'
import { neutraliseFormula } from './csv.ts'

export interface SheetColumn<Row> {
  readonly header: string
  readonly value: (row: Row) => string | number | boolean | Date | null | undefined
  readonly width?: number
  /** Excel number format, e.g. '0.0%' or 'dd/mm/yyyy'. */
  readonly format?: string
}

export interface Sheet<Row = unknown> {
  readonly name: string
  readonly columns: readonly SheetColumn<Row>[]
  readonly rows: readonly Row[]
}

/** A sheet with its cells worked out, so sheets of different row types can share a workbook. */
export interface PreparedSheet {
  readonly name: string
  readonly columns: readonly {
    header: string
    width: number | undefined
    format: string | undefined
  }[]
  readonly rows: readonly (readonly (string | number | boolean | Date | null)[])[]
}

export function sheet<Row>(spec: Sheet<Row>): PreparedSheet {
  return {
    name: spec.name,
    columns: spec.columns.map((c) => ({ header: c.header, width: c.width, format: c.format })),
    rows: spec.rows.map((row) =>
      spec.columns.map((c) => {
        const v = c.value(row)
        return typeof v === 'string' ? neutraliseFormula(v) : (v ?? null)
      }),
    ),
  }
}

export interface WorkbookSpec {
  readonly title: string
  readonly sheets: readonly PreparedSheet[]
  /** Lines for a final "Notes" sheet. */
  readonly notes?: readonly string[]
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
export function sheetName(name: string, used: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet'
  let candidate = base
  for (let n = 2; used.has(candidate.toLowerCase()); n += 1) candidate = `${base.slice(0, 28)} ${n}`
  used.add(candidate.toLowerCase())
  return candidate
}

export async function toXlsx(spec: WorkbookSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Assure'
  workbook.title = spec.title
  const used = new Set<string>()
  for (const prepared of spec.sheets) {
    const ws = workbook.addWorksheet(sheetName(prepared.name, used), {
      views: [{ state: 'frozen', ySplit: 1 }],
    })
    ws.columns = prepared.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(12, c.header.length + 2),
    }))
    ws.getRow(1).font = { bold: true }
    for (const row of prepared.rows) ws.addRow([...row])
    prepared.columns.forEach((c, i) => {
      if (c.format !== undefined) ws.getColumn(i + 1).numFmt = c.format
    })
  }
  if (spec.notes !== undefined && spec.notes.length > 0) {
    const ws = workbook.addWorksheet(sheetName('Notes', used))
    ws.getColumn(1).width = 120
    for (const line of spec.notes) ws.addRow([neutraliseFormula(line)])
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
