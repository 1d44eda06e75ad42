// Reading an uploaded submission file (CSV or XLSX) into rows of text keyed by template column.
// Columns are found by their header, so a person may reorder them; problems are reported with the
// column letter of the file they uploaded.
import { readCsvTable, readXlsxTable } from '../../platform/files/spreadsheets.ts'
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

/** Rows after the header; the file is refused while it is read if it has more. */
export const MAX_ROWS = 50_000

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
  const rows = body.map((cells) => {
    const row: Partial<Record<ColumnKey, string>> = {}
    for (const [key, i] of positions) row[key] = cells[i] ?? ''
    return row
  })
  const letters: Partial<Record<ColumnKey, string>> = {}
  for (const [key, i] of positions) letters[key] = letterOf(i)
  return { ok: true, rows, letters }
}

export async function parseSubmissionFile(data: Buffer): Promise<ParsedFile> {
  const kind = sniffFileType(data)
  const limits = { maxRows: MAX_ROWS }
  if (kind === 'text') {
    const csv = readCsvTable(data, limits)
    return csv.ok ? fromTable(csv.table) : csv
  }
  if (kind === 'zip') {
    const xlsx = await readXlsxTable(data, limits, templateColumns.length)
    return xlsx.ok ? fromTable(xlsx.table) : xlsx
  }
  return { ok: false, message: 'The selected file must be a CSV or an Excel (XLSX) file' }
}
