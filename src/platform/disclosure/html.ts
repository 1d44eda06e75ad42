// A count table as the view model of the disclosure-table macro (disclosure-table.njk): GOV.UK
// table markup, numbers right-aligned, row labels as row headers, and each symbol followed by its
// meaning for screen readers ('[c]' alone would be read out as "left bracket c").
import type { Figure, TableForDisplay } from './publish.ts'

export interface HtmlCell {
  readonly text: string
  /** Read out after the symbol for a hidden figure, visually hidden. */
  readonly meaning: string | null
}

export interface HtmlRow {
  readonly label: string
  readonly cells: readonly HtmlCell[]
  readonly isTotal: boolean
}

export interface HtmlTable {
  readonly caption: string
  readonly withheld: boolean
  readonly internal: boolean
  readonly head: readonly string[]
  readonly rows: readonly HtmlRow[]
  readonly notes: readonly string[]
}

export function presentDisclosureTable(table: TableForDisplay): HtmlTable {
  const meaningOf = (figure: Figure): string | null =>
    figure.hidden === null
      ? null
      : (table.symbols.find((s) => s.hidden === figure.hidden)?.meaning ?? 'hidden')
  const cell = (figure: Figure): HtmlCell => ({ text: figure.text, meaning: meaningOf(figure) })
  const row = (
    r: { label: string; figures: readonly Figure[]; total: Figure | null },
    isTotal: boolean,
  ): HtmlRow => ({
    label: r.label,
    cells: [...r.figures, ...(r.total === null ? [] : [r.total])].map(cell),
    isTotal,
  })
  return {
    caption: table.title,
    withheld: table.withheld,
    internal: table.audience === 'internal',
    head: [table.rowHeading, ...table.columns, ...(table.hasRowTotals ? [table.totalLabel] : [])],
    rows: [
      ...table.rows.map((r) => row(r, false)),
      ...(table.totals === null ? [] : [row(table.totals, true)]),
    ],
    notes: table.notes,
  }
}
