// XLSX workbooks (exceljs): one sheet per section, a bold frozen header row, column widths, and
// optional notes (definitions, caveats) on a sheet of their own. Every date is an Excel date cell
// with a date format (a Date, or a string holding an ISO date or timestamp), never text; numbers
// stay numbers, with per-cell number formats and fill colours where a column asks for them.
import ExcelJS from 'exceljs'
import { londonDate, londonTime } from '../london-time.ts'
import { neutraliseFormula } from './csv.ts'

/** The formats dates are written with (Excel shows them in the reader's own locale order). */
export const XLSX_DATE_FORMAT = 'd mmm yyyy'
export const XLSX_DATE_TIME_FORMAT = 'd mmm yyyy hh:mm'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

type CellValue = string | number | boolean | Date | null

/**
 * A value as an Excel cell: a calendar date ('2026-03-01') becomes that day; an instant (a Date
 * or an ISO timestamp) becomes its London wall-clock time (Excel dates have no time zone), with the
 * format to show it. Other values are as they are (text neutralised against formulas).
 */
export function xlsxCell(
  value: string | number | boolean | Date | null | undefined,
  options: { readonly utc?: boolean | undefined } = {},
): {
  value: CellValue
  dateFormat?: string
} {
  if (value === null || value === undefined) return { value: null }
  if (typeof value === 'string') {
    if (ISO_DATE.test(value))
      return { value: new Date(`${value}T00:00:00Z`), dateFormat: XLSX_DATE_FORMAT }
    if (ISO_INSTANT.test(value)) return xlsxCell(new Date(value), options)
    return { value: neutraliseFormula(value) }
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { value: null }
    const wall =
      options.utc === true
        ? new Date(Math.floor(value.getTime() / 1000) * 1000)
        : new Date(
            `${londonDate(value)}T${londonTime(value)}:${String(value.getUTCSeconds()).padStart(2, '0')}Z`,
          )
    return { value: wall, dateFormat: XLSX_DATE_TIME_FORMAT }
  }
  return { value }
}

export interface SheetColumn<Row> {
  readonly header: string
  readonly value: (row: Row) => string | number | boolean | Date | null | undefined
  readonly width?: number
  /** Excel number format, e.g. '0.0%' or 'dd/mm/yyyy'. */
  readonly format?: string
  /** A number format for this row's cell (e.g. a percentage indicator's '0.0%'). */
  readonly cellFormat?: (row: Row) => string | undefined
  /** Write instants in UTC (e.g. an audit trail's 'When (UTC)'), not London time. */
  readonly utc?: boolean
  /** A fill colour for this row's cell, as ARGB hex (e.g. 'FFD4351C' for red). */
  readonly fill?: (row: Row) => string | undefined
}

export interface CellStyle {
  readonly numFmt?: string | undefined
  readonly fill?: string | undefined
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
  readonly rows: readonly (readonly CellValue[])[]
  /** Per-cell number formats and fills, parallel to `rows` (dates carry their format here). */
  readonly styles: readonly (readonly (CellStyle | null)[])[]
}

export function sheet<Row>(spec: Sheet<Row>): PreparedSheet {
  return {
    name: spec.name,
    columns: spec.columns.map((c) => ({ header: c.header, width: c.width, format: c.format })),
    rows: spec.rows.map((row) =>
      spec.columns.map((c) => xlsxCell(c.value(row), { utc: c.utc }).value),
    ),
    styles: spec.rows.map((row) =>
      spec.columns.map((c) => {
        const cell = xlsxCell(c.value(row), { utc: c.utc })
        const numFmt = c.cellFormat?.(row) ?? (c.format === undefined ? cell.dateFormat : undefined)
        const fill = c.fill?.(row)
        return numFmt === undefined && fill === undefined ? null : { numFmt, fill }
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

const SHEET_NAME_MAX = 31
const MINOR_WORDS = new Set(['a', 'an', 'the', 'of', 'for', 'in', 'on', 'to', 'at', 'by', 'with'])

const WORD = /^(\p{L}+)[,;]?$/u

/**
 * A name of at most `max` characters that still reads: 'and' becomes '&', minor words go, then
 * whole words are left off the end (never ending on '&'), and only a single word still too long
 * is shortened to four letters and a full stop ('Safeguarding' → 'Safe.'). Never cut mid-word.
 */
export function abbreviate(name: string, max = SHEET_NAME_MAX): string {
  let words = name.split(/\s+/).filter((w) => w !== '')
  const text = () => words.join(' ')
  const fits = () => text().length <= max
  if (fits()) return text()
  words = words.map((w) => (w.toLowerCase() === 'and' ? '&' : w))
  if (fits()) return text()
  const kept = words.filter((w, i) => i === 0 || !MINOR_WORDS.has(w.toLowerCase()))
  if (kept.length > 0) words = kept
  const letters = (w: string) => WORD.exec(w)?.[1] ?? ''
  // Whole words off the end read better than every word cut short ('Child death reviews by
  // category and year' → 'Child death reviews category', not 'Child deat. revi. cate. & year').
  while (!fits() && words.length > 1) {
    words.pop()
    while (words.length > 1 && (words.at(-1) === '&' || MINOR_WORDS.has(words.at(-1) ?? '')))
      words.pop()
  }
  while (!fits()) {
    let longest = -1
    words.forEach((w, i) => {
      if (
        letters(w).length >= 6 &&
        (longest < 0 || letters(w).length > letters(words[longest] ?? '').length)
      )
        longest = i
    })
    if (longest < 0) break
    words[longest] = `${letters(words[longest] ?? '').slice(0, 4)}.`
  }
  const out = text()
  return out.length <= max ? out : out.slice(0, max)
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
export function sheetName(name: string, used: Set<string>): string {
  const base = abbreviate(name.replace(/[[\]:*?/\\]/g, ' ').trim()) || 'Sheet'
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
    prepared.columns.forEach((c, i) => {
      if (c.format !== undefined) ws.getColumn(i + 1).numFmt = c.format
    })
    prepared.rows.forEach((row, r) => {
      const added = ws.addRow([...row])
      prepared.styles[r]?.forEach((style, i) => {
        if (style === null) return
        const cell = added.getCell(i + 1)
        if (style.numFmt !== undefined) cell.numFmt = style.numFmt
        if (style.fill !== undefined)
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } }
      })
    })
  }
  if (spec.notes !== undefined && spec.notes.length > 0) {
    const ws = workbook.addWorksheet(sheetName('Notes', used))
    ws.getColumn(1).width = 120
    for (const line of spec.notes) ws.addRow([neutraliseFormula(line)])
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
