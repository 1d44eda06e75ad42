// The two ways to show a count table, kept apart in the types so neither can be mistaken for the
// other: exactFigures() for the owning team's own pages, publishable() for anything published or
// shared with a wider audience (the yearly report, public pages, exports for partners). Both give
// a TableForDisplay, which every renderer (HTML, CSV, XLSX, DOCX, JSON) takes.
import type { DisclosureSettings } from './settings.ts'
import {
  suppressionPattern,
  type Mark,
  type Position,
  type SuppressionPattern,
} from './suppression.ts'
import { checkCountTable, CountTableError, type CountTable } from './table.ts'

export interface Figure {
  /** The number shown (rounded when the table is rounded); null when the figure is hidden. */
  readonly value: number | null
  /** What is printed: '12', '<5', '[c]'. */
  readonly text: string
  /** Why it is hidden: 'primary' (small), 'secondary' (to protect a small one), or null. */
  readonly hidden: 'primary' | 'secondary' | null
}

export interface DisplayRow {
  readonly label: string
  readonly figures: readonly Figure[]
  /** The row's total, when the table has a Total column. */
  readonly total: Figure | null
}

export interface TableForDisplay {
  /** 'internal': exact figures for the owning team; 'published': safe for a wider audience. */
  readonly audience: 'internal' | 'published'
  readonly title: string
  readonly rowHeading: string
  readonly columns: readonly string[]
  readonly totalLabel: string
  /** Does the table have a Total column (each row's total)? */
  readonly hasRowTotals: boolean
  readonly rows: readonly DisplayRow[]
  /** The Total row, when the table has one (its total is the grand total, if any). */
  readonly totals: DisplayRow | null
  /** True when no figure of the table may be published: rows is empty and a note says why. */
  readonly withheld: boolean
  /** The base figures are rounded to (5: the nearest 5), or null. */
  readonly roundedTo: number | null
  /** What each symbol used in the table stands for (for screen readers and API readers). */
  readonly symbols: readonly SymbolMeaning[]
  /** Plain-English notes for the page and every export: what was hidden and why. */
  readonly notes: readonly string[]
}

export interface SymbolMeaning {
  readonly symbol: string
  readonly hidden: 'primary' | 'secondary'
  /** E.g. 'a number from 1 to 4'. */
  readonly meaning: string
}

export interface PublishedTable extends TableForDisplay {
  readonly audience: 'published'
}

export interface InternalTable extends TableForDisplay {
  readonly audience: 'internal'
}

export interface PublishOptions {
  /** Round every figure shown to the nearest multiple of this (e.g. 5). */
  readonly roundTo?: number
}

const shown = (value: number): Figure => ({ value, text: String(value), hidden: null })

/** The table's figures in display order, each made by `figure` from its value and position. */
function layout(
  table: CountTable,
  figure: (value: number, position: Position) => Figure,
): { rows: DisplayRow[]; totals: DisplayRow | null } {
  return {
    rows: table.rows.map((label, i) => ({
      label,
      figures: (table.cells[i] ?? []).map((v, j) => figure(v, { kind: 'cell', row: i, column: j })),
      total:
        table.rowTotals === null
          ? null
          : figure(table.rowTotals[i] ?? 0, { kind: 'rowTotal', row: i }),
    })),
    totals:
      table.columnTotals === null
        ? null
        : {
            label: table.totalLabel,
            figures: table.columnTotals.map((v, j) =>
              figure(v, { kind: 'columnTotal', column: j }),
            ),
            total:
              table.grandTotal === null ? null : figure(table.grandTotal, { kind: 'grandTotal' }),
          },
  }
}

function markAt(pattern: SuppressionPattern, p: Position): Mark {
  switch (p.kind) {
    case 'cell':
      return pattern.cells[p.row]?.[p.column] ?? 'shown'
    case 'rowTotal':
      return pattern.rowTotals?.[p.row] ?? 'shown'
    case 'columnTotal':
      return pattern.columnTotals?.[p.column] ?? 'shown'
    case 'grandTotal':
      return pattern.grandTotal ?? 'shown'
  }
}

/** The exact figures, for the owning team's own pages. Never publish these. */
export function exactFigures(table: CountTable): InternalTable {
  checkCountTable(table)
  const { rows, totals } = layout(table, (v) => shown(v))
  return {
    audience: 'internal',
    ...heading(table),
    rows,
    totals,
    withheld: false,
    roundedTo: null,
    symbols: [],
    notes: [
      'These are exact figures for the team’s own use. Anything published or shared outside the team must use the published version, in which small numbers are hidden.',
    ],
  }
}

function heading(table: CountTable) {
  return {
    title: table.title,
    rowHeading: table.rowHeading,
    columns: [...table.columns],
    totalLabel: table.totalLabel,
    hasRowTotals: table.rowTotals !== null,
  }
}

function rounder(roundTo: number | undefined): (value: number) => number {
  if (roundTo === undefined) return (v) => v
  if (!Number.isSafeInteger(roundTo) || roundTo < 2) {
    throw new CountTableError(
      `Figures can be rounded to a whole number of 2 or more, not ${roundTo}`,
    )
  }
  return (v) => Math.round(v / roundTo) * roundTo
}

/**
 * What may be published of a count table, under the partnership's settings: small counts hidden
 * (primary), enough other figures hidden that none can be worked out from the totals (secondary),
 * figures optionally rounded, and notes saying what was hidden and why.
 */
export function publishable(
  table: CountTable,
  settings: DisclosureSettings,
  options: PublishOptions = {},
): PublishedTable {
  checkCountTable(table)
  const round = rounder(options.roundTo)
  const rule = { threshold: settings.threshold, suppressZeros: settings.suppressZeros }
  const pattern = suppressionPattern(table, rule)
  const roundedTo = options.roundTo ?? null
  if (pattern.withheld) {
    return {
      audience: 'published',
      ...heading(table),
      rows: [],
      totals: null,
      withheld: true,
      roundedTo,
      symbols: [],
      notes: [
        'This table is not published because its numbers are too small: even with some figures hidden, they could identify individuals.',
      ],
    }
  }
  const counted = { primary: 0, secondary: 0, zeros: 0 }
  const { rows, totals } = layout(table, (value, position): Figure => {
    switch (markAt(pattern, position)) {
      case 'primary':
        counted.primary += 1
        return { value: null, text: settings.primarySymbol, hidden: 'primary' }
      case 'secondary':
        counted.secondary += 1
        return { value: null, text: settings.secondarySymbol, hidden: 'secondary' }
      case 'shown':
        if (value === 0) counted.zeros += 1
        return shown(round(value))
    }
  })
  return {
    audience: 'published',
    ...heading(table),
    rows,
    totals,
    withheld: false,
    roundedTo,
    symbols: symbolsUsed(settings, counted),
    notes: notes(settings, counted, roundedTo),
  }
}

function symbolsUsed(
  settings: DisclosureSettings,
  counted: { primary: number; secondary: number },
): SymbolMeaning[] {
  const lowest = settings.suppressZeros ? 0 : 1
  return [
    ...(counted.primary === 0
      ? []
      : [
          {
            symbol: settings.primarySymbol,
            hidden: 'primary' as const,
            meaning: `a number from ${lowest} to ${settings.threshold}`,
          },
        ]),
    ...(counted.secondary === 0
      ? []
      : [
          {
            symbol: settings.secondarySymbol,
            hidden: 'secondary' as const,
            meaning: 'hidden so that a small number cannot be worked out',
          },
        ]),
  ]
}

const figures = (n: number): string => (n === 1 ? '1 figure' : `${n} figures`)

function notes(
  settings: DisclosureSettings,
  counted: { primary: number; secondary: number; zeros: number },
  roundedTo: number | null,
): string[] {
  const lowest = settings.suppressZeros ? 0 : 1
  const lines: string[] = []
  if (counted.primary === 0) {
    lines.push(
      `No figure in this table is between ${lowest} and ${settings.threshold}, so none is hidden.`,
    )
  } else {
    lines.push(
      `Numbers from ${lowest} to ${settings.threshold} are shown as ${settings.primarySymbol} so that no individual can be identified (${figures(counted.primary)} in this table).`,
    )
  }
  if (counted.secondary > 0) {
    lines.push(
      `${counted.secondary === 1 ? 'One other figure is' : 'Some other figures are'} shown as ${settings.secondarySymbol} so that the hidden numbers cannot be worked out from the totals or the other figures (${figures(counted.secondary)} in this table).`,
    )
  }
  if (!settings.suppressZeros && counted.zeros > 0) lines.push('Zero is shown as 0.')
  if (roundedTo !== null) {
    lines.push(
      `Figures are rounded to the nearest ${roundedTo}, and totals are rounded separately, so they may not add up.`,
    )
  }
  return lines
}
