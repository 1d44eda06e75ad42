// Reading an import file row by row without building it whole: csv-parse as a stream for CSV,
// exceljs's streaming WorkbookReader for XLSX. The bytes are fed in small chunks, so back-pressure
// holds: only the rows being checked exist as objects at any moment, not 100,000 of them.
import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'
import { sniffFileType } from '../http/uploads.ts'

export type ImportFileKind = 'csv' | 'xlsx'

/** One row as the spreadsheet numbers it (the header is row 1), with each cell's text. */
export interface SheetRow {
  readonly number: number
  readonly cells: readonly string[]
}

/** A file that cannot be read at all (not CSV or XLSX, damaged): said in a sentence. */
export class UnreadableFile extends Error {}

/** What the file really is, from its content (never its name or the browser's claim). */
export function importFileKind(data: Buffer): ImportFileKind | undefined {
  const sniffed = sniffFileType(data)
  if (sniffed === 'text') return 'csv'
  if (sniffed === 'zip' && data.includes('xl/')) return 'xlsx'
  return undefined
}

const CHUNK = 64 * 1024

function chunks(data: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += CHUNK) yield data.subarray(at, at + CHUNK)
    })(),
    { objectMode: false },
  )
}

/** Templates neutralise cells that would start a formula with an apostrophe: undo it. */
function unneutralise(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('result' in value) return cellText(value.result)
  if ('richText' in value) return value.richText.map((t) => t.text).join('')
  if ('text' in value) return value.text
  if ('error' in value) return ''
  return ''
}

async function* csvRows(data: Buffer): AsyncGenerator<SheetRow> {
  const parser = chunks(data).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: false }),
  )
  let number = 0
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      number += 1
      yield { number, cells: record.map(unneutralise) }
    }
  } catch (error) {
    parser.destroy()
    if (error instanceof UnreadableFile) throw error
    throw new UnreadableFile(`The selected file could not be read as CSV (near row ${number + 1})`)
  }
}

async function* xlsxRows(data: Buffer): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(chunks(data), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  })
  let first = true
  try {
    for await (const worksheet of reader) {
      // Only the first sheet holds rows; the others (the guidance) are read past.
      for await (const row of worksheet) {
        if (!first) continue
        const cells: string[] = []
        const count = row.cellCount
        for (let i = 1; i <= count; i += 1) cells.push(unneutralise(cellText(row.getCell(i).value)))
        yield { number: row.number, cells }
      }
      first = false
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw error
    throw new UnreadableFile('The selected file could not be read as an Excel workbook')
  }
}

/** The rows of a CSV or XLSX file (the first sheet of a workbook), in order. */
export function readRows(data: Buffer, kind: ImportFileKind): AsyncGenerator<SheetRow> {
  return kind === 'csv' ? csvRows(data) : xlsxRows(data)
}

/** A, B, … Z, AA, AB: a spreadsheet's letter for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const r = (n - 1) % 26
    out = String.fromCharCode(65 + r) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}
