// A count table as CSV, an XLSX sheet and Word blocks, through the platform's exporters. Shown
// figures are numbers (so a spreadsheet can add them up); hidden ones are their symbol as text.
// Every export carries the table's notes: after the rows in CSV, on the Notes sheet in XLSX, under
// the table in Word.
import { toCsv, type Column } from '../exports/csv.ts'
import { toDocx, type Block } from '../exports/docx.ts'
import { sheet, toXlsx, type PreparedSheet } from '../exports/xlsx.ts'
import type { Figure, TableForDisplay } from './publish.ts'

type GridRow = readonly (string | number)[]

const figureValue = (figure: Figure): string | number => figure.value ?? figure.text

/** The table as a grid: a header row, then one row per table row, then the Total row. */
function grid(table: TableForDisplay): { header: string[]; rows: GridRow[] } {
  const header = [
    table.rowHeading,
    ...table.columns,
    ...(table.hasRowTotals ? [table.totalLabel] : []),
  ]
  const rowOf = (r: { label: string; figures: readonly Figure[]; total: Figure | null }) => [
    r.label,
    ...r.figures.map(figureValue),
    ...(r.total === null ? [] : [figureValue(r.total)]),
  ]
  return {
    header,
    rows: [...table.rows.map(rowOf), ...(table.totals === null ? [] : [rowOf(table.totals)])],
  }
}

/** CSV: the grid, then a blank line and the notes (in the first column). */
export function disclosureTableCsv(table: TableForDisplay): string {
  const { header, rows } = grid(table)
  const columns: Column<GridRow>[] = header.map((h, k) => ({ header: h, value: (r) => r[k] }))
  return toCsv(columns, [...rows, [], ...table.notes.map((note) => [note])])
}

/** One sheet for a workbook (the sheet is named after the table). */
export function disclosureTableSheet(table: TableForDisplay, name = table.title): PreparedSheet {
  const { header, rows } = grid(table)
  return sheet<GridRow>({
    name,
    columns: header.map((h, k) => ({
      header: h,
      value: (r) => r[k],
      ...(k === 0 ? { width: Math.max(24, ...rows.map((r) => String(r[0]).length + 2)) } : {}),
    })),
    rows,
  })
}

/** A workbook of one or more tables, each on its sheet, with every table's notes on a Notes sheet. */
export async function disclosureTablesXlsx(
  title: string,
  tables: readonly TableForDisplay[],
): Promise<Buffer> {
  return toXlsx({
    title,
    sheets: tables.map((t) => disclosureTableSheet(t)),
    notes: tables.flatMap((t) => (tables.length === 1 ? t.notes : [t.title, ...t.notes, ''])),
  })
}

/** Blocks for a Word document: the title as a heading, the table, then the notes. */
export function disclosureTableBlocks(table: TableForDisplay, level: 1 | 2 | 3 = 2): Block[] {
  const { header, rows } = grid(table)
  return [
    { kind: 'heading', level, text: table.title },
    ...(table.withheld
      ? []
      : [{ kind: 'table' as const, headers: header, rows: rows.map((r) => r.map(String)) }]),
    ...table.notes.map((text): Block => ({ kind: 'paragraph', text, italic: true })),
  ]
}

/** A Word document holding one table. */
export async function disclosureTableDocx(table: TableForDisplay): Promise<Buffer> {
  return toDocx({ title: table.title, blocks: disclosureTableBlocks(table).slice(1) })
}
