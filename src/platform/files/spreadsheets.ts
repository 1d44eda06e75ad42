// Reading uploaded spreadsheets with limits that hold while they are read. An XLSX file is a zip:
// a few kilobytes can inflate to gigabytes (a "zip bomb"), and the spreadsheet library would build
// it all in memory. So before any XLSX reaches exceljs, its zip directory is read, every part is
// inflated with a hard cap on its output (its declared size, within a total budget) and thrown
// away, and worksheet rows are counted on the way: a file over the limits is refused having used
// no more memory than the budget. CSV is parsed with a cap on records and on each record's size.
import { inflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'

export interface SpreadsheetLimits {
  /** Rows after the header row. */
  readonly maxRows: number
  /** XLSX: the file's parts, inflated, together. */
  readonly maxUncompressedBytes?: number
}

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
const MAX_ZIP_ENTRIES = 1000
const MAX_CSV_RECORD_CHARS = 64 * 1024
/** Columns read from each row of a workbook (a cell in column XFD does not make 16,384). */
const MAX_COLUMNS = 256

export type TableResult =
  | { readonly ok: true; readonly table: string[][] }
  | { readonly ok: false; readonly message: string }

const tooManyRows = (limits: SpreadsheetLimits): TableResult => ({
  ok: false,
  message: `The selected file must have ${limits.maxRows.toLocaleString('en-GB')} rows or fewer`,
})

/** CSV to rows of text (the header row first), stopping as soon as it has too many rows. */
export function readCsvTable(data: Buffer, limits: SpreadsheetLimits): TableResult {
  let records: string[][]
  try {
    records = parse(data, {
      bom: true,
      relax_column_count: true,
      max_record_size: MAX_CSV_RECORD_CHARS,
      // The header, the rows allowed, and one more to know there were too many.
      to: limits.maxRows + 2,
    })
  } catch {
    return { ok: false, message: 'The selected file could not be read as CSV' }
  }
  if (records.length > limits.maxRows + 1) return tooManyRows(limits)
  return { ok: true, table: records }
}

type ZipCheck =
  | { readonly ok: true; readonly rows: number }
  | { readonly ok: false; readonly reason: 'unreadable' | 'too_large' }

/**
 * Reads a zip's central directory and inflates each part with its output capped, without keeping
 * it. Counts `<row` elements in worksheet parts. Refuses ZIP64, encryption, methods other than
 * stored and deflate, parts whose real size differs from the declared one, and a total over
 * `budget`.
 */
export function inspectZip(data: Buffer, budget: number): ZipCheck {
  const unreadable = { ok: false, reason: 'unreadable' } as const
  const tooLarge = { ok: false, reason: 'too_large' } as const
  // End of central directory: 22 bytes, then a comment of up to 65,535 bytes.
  let eocd = -1
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i -= 1) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return unreadable
  const entries = data.readUInt16LE(eocd + 10)
  const directorySize = data.readUInt32LE(eocd + 12)
  const directoryOffset = data.readUInt32LE(eocd + 16)
  if (entries === 0xffff || directoryOffset === 0xffffffff) return unreadable // ZIP64
  if (entries > MAX_ZIP_ENTRIES) return tooLarge
  if (directoryOffset + directorySize > eocd) return unreadable
  let offset = directoryOffset
  let total = 0
  let rows = 0
  for (let n = 0; n < entries; n += 1) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== 0x02014b50) return unreadable
    const flags = data.readUInt16LE(offset + 8)
    const method = data.readUInt16LE(offset + 10)
    const compressedSize = data.readUInt32LE(offset + 20)
    const size = data.readUInt32LE(offset + 24)
    const nameLength = data.readUInt16LE(offset + 28)
    const extraLength = data.readUInt16LE(offset + 30)
    const commentLength = data.readUInt16LE(offset + 32)
    const localOffset = data.readUInt32LE(offset + 42)
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength)
    offset += 46 + nameLength + extraLength + commentLength
    if ((flags & 0x1) !== 0) return unreadable // encrypted
    if (size === 0xffffffff || compressedSize === 0xffffffff) return unreadable // ZIP64
    total += size
    if (total > budget) return tooLarge
    if (localOffset + 30 > data.length || data.readUInt32LE(localOffset) !== 0x04034b50)
      return unreadable
    const start =
      localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28)
    if (start + compressedSize > data.length) return unreadable
    const compressed = data.subarray(start, start + compressedSize)
    let content: Buffer
    if (method === 0) content = compressed
    else if (method === 8) {
      try {
        // Throws as soon as the output would pass the declared size: nothing more is inflated.
        content = inflateRawSync(compressed, { maxOutputLength: Math.max(size, 1) })
      } catch (error) {
        return error instanceof RangeError ? tooLarge : unreadable
      }
    } else return unreadable
    if (content.length !== size) return unreadable
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) rows += countRows(content)
  }
  return { ok: true, rows }
}

/** `<row …>` and `<x:row …>` elements (not `</row>`). */
function countRows(xml: Buffer): number {
  let count = 0
  let at = xml.indexOf('row', 0, 'latin1')
  while (at >= 0) {
    const before = xml[at - 1]
    const after = xml[at + 3]
    // '<' or ':' (a namespace prefix) before; a space, '>' or '/' after.
    if (
      (before === 0x3c || before === 0x3a) &&
      (after === 0x20 || after === 0x3e || after === 0x2f)
    ) {
      if (before === 0x3c) count += 1
      else {
        // `<x:row`: the prefix must start right after a '<'.
        let i = at - 2
        while (i >= 0 && xml[i] !== 0x3c && xml[i] !== 0x2f && xml[i] !== 0x20) i -= 1
        if (i >= 0 && xml[i] === 0x3c) count += 1
      }
    }
    at = xml.indexOf('row', at + 3, 'latin1')
  }
  return count
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

/**
 * Checks an XLSX's size when unpacked and its row count without unpacking it into memory, for
 * readers that stream the workbook themselves (the import kit). The same checks readXlsxTable makes.
 */
export function checkXlsxBounds(
  data: Buffer,
  limits: SpreadsheetLimits,
): { readonly ok: true } | { readonly ok: false; readonly message: string } {
  const budget = limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES
  const checked = inspectZip(data, budget)
  if (!checked.ok)
    return checked.reason === 'too_large'
      ? {
          ok: false,
          message: `The selected file is too large when unpacked: it must be ${Math.round(budget / (1024 * 1024))}MB or smaller`,
        }
      : { ok: false, message: 'The selected file could not be read as an Excel workbook' }
  if (checked.rows > limits.maxRows + 1) return tooManyRows(limits)
  return { ok: true }
}

/** The first worksheet of an XLSX as rows of text (header first), at least `minColumns` wide. */
export async function readXlsxTable(
  data: Buffer,
  limits: SpreadsheetLimits,
  minColumns = 0,
): Promise<TableResult> {
  const budget = limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES
  const checked = inspectZip(data, budget)
  if (!checked.ok)
    return checked.reason === 'too_large'
      ? {
          ok: false,
          message: `The selected file is too large when unpacked: it must be ${Math.round(budget / (1024 * 1024))}MB or smaller`,
        }
      : { ok: false, message: 'The selected file could not be read as an Excel workbook' }
  if (checked.rows > limits.maxRows + 1) return tooManyRows(limits)
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    return { ok: false, message: 'The selected file could not be read as an Excel workbook' }
  }
  const sheet = workbook.worksheets[0]
  if (sheet === undefined) return { ok: false, message: 'The selected file is empty' }
  // A row numbered 1,000,000 is one element but a million rows to walk: refuse it before the walk.
  if (sheet.rowCount > limits.maxRows + 1) return tooManyRows(limits)
  const table: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = []
    const width = Math.min(Math.max(row.cellCount, minColumns), MAX_COLUMNS)
    for (let i = 1; i <= width; i += 1) cells.push(cellText(row.getCell(i).value))
    table.push(cells)
  })
  return { ok: true, table }
}
