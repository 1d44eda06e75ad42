// CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel shows accents), and cells that
// would start a formula prefixed with an apostrophe (OWASP: CSV injection).
import { stringify } from 'csv-stringify/sync'

export interface Column<Row> {
  readonly header: string
  readonly value: (row: Row) => string | number | boolean | Date | null | undefined
}

const FORMULA_START = /^[=+\-@\t\r]/

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

function cell(value: string | number | boolean | Date | null | undefined): string | number {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  return neutraliseFormula(value)
}

export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const records = [
    columns.map((c) => c.header),
    ...rows.map((row) => columns.map((c) => cell(c.value(row)))),
  ]
  return `\uFEFF${stringify(records, { record_delimiter: '\r\n' })}`
}
