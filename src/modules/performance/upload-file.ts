// Reading an uploaded submission file (CSV or XLSX) into rows of text keyed by template column.
// Columns are found by their header, so a person may reorder them; problems are reported with the
// column letter of the file they uploaded.
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { sniffFileType } from '../../platform/http/uploads.ts'
import { templateColumns, type ColumnKey, type RawRow } from './upload-rules.ts'

export type ParsedFile =
  | {
      readonly ok: true
      readonly rows: readonly RawRow[]
      /** The file's column letter for each template column it has. */
      readonly letters: Readonly<Partial<Record<ColumnKey, string>>>
    }
  | { readonly ok: false; readonly message: string }

const MAX_ROWS = 200_000

export function letterOf(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const r = (n - 1) % 26
    out = String.fromCharCode(65 + r) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

function fromTable(table: readonly (readonly string[])[]): ParsedFile {
  const [header, ...body] = table
  if (header === undefined) return { ok: false, message: 'The selected file is empty' }
  const positions = new Map<ColumnKey, number>()
  header.forEach((h, i) => {
    const column = templateColumns.find(
      (c) =>
        c.header.toLowerCase() ===
        h
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase(),
    )
    if (column !== undefined && !positions.has(column.key)) positions.set(column.key, i)
  })
  const missing = (['code', 'period', 'area', 'numerator', 'denominator', 'value'] as const).filter(
    (k) => !positions.has(k),
  )
  if (missing.length > 0)
    return {
      ok: false,
      message: `The selected file must have the template’s header row: it has no ${missing
        .map((k) => templateColumns.find((c) => c.key === k)?.header ?? k)
        .join(', ')} column`,
    }
  if (body.length > MAX_ROWS)
    return { ok: false, message: `The selected file must have ${MAX_ROWS} rows or fewer` }
  const rows = body.map((cells) => {
    const row: Partial<Record<ColumnKey, string>> = {}
    for (const [key, i] of positions) row[key] = cells[i] ?? ''
    return row
  })
  const letters: Partial<Record<ColumnKey, string>> = {}
  for (const [key, i] of positions) letters[key] = letterOf(i)
  return { ok: true, rows, letters }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('result' in value) return cellText(value.result)
  if ('richText' in value) return value.richText.map((t) => t.text).join('')
  if ('text' in value) return value.text
  return ''
}

export async function parseSubmissionFile(data: Buffer): Promise<ParsedFile> {
  const kind = sniffFileType(data)
  if (kind === 'text') {
    let records: string[][]
    try {
      records = parse(data, { bom: true, relax_column_count: true })
    } catch {
      return { ok: false, message: 'The selected file could not be read as CSV' }
    }
    return fromTable(records)
  }
  if (kind === 'zip') {
    const workbook = new ExcelJS.Workbook()
    try {
      await workbook.xlsx.load(data as unknown as ArrayBuffer)
    } catch {
      return { ok: false, message: 'The selected file could not be read as an Excel workbook' }
    }
    const sheet = workbook.worksheets[0]
    if (sheet === undefined) return { ok: false, message: 'The selected file is empty' }
    const table: string[][] = []
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = []
      for (let i = 1; i <= Math.max(row.cellCount, templateColumns.length); i += 1)
        cells.push(cellText(row.getCell(i).value))
      table.push(cells)
    })
    return fromTable(table)
  }
  return { ok: false, message: 'The selected file must be a CSV or an Excel (XLSX) file' }
}
