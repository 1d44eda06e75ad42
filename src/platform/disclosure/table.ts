// A table of counts with its totals, as a module computes it from its records: the exact figures.
// Internal pages for the owning team show these as they are (exactFigures); anything published or
// shared more widely goes through publishable() first. Totals are computed here from the cells,
// never typed in, and a table whose totals do not add up is refused.

export interface CountTable {
  /** What the table shows, e.g. 'Child deaths reviewed, by category and year of death'. */
  readonly title: string
  /** Heading over the row labels, e.g. 'Category'. */
  readonly rowHeading: string
  readonly rows: readonly string[]
  /** Column headings. A one-way table has one column (e.g. 'Number of deaths'). */
  readonly columns: readonly string[]
  /** cells[row][column]: whole numbers, 0 or more. */
  readonly cells: readonly (readonly number[])[]
  /** Each row's total (a Total column), or null when the table has no Total column. */
  readonly rowTotals: readonly number[] | null
  /** Each column's total (a Total row), or null when the table has no Total row. */
  readonly columnTotals: readonly number[] | null
  /** Where the Total row meets the Total column: present exactly when both are. */
  readonly grandTotal: number | null
  /** The label of the Total row and column. */
  readonly totalLabel: string
}

export interface TwoWayTableSpec {
  readonly title: string
  readonly rowHeading: string
  readonly rows: readonly string[]
  readonly columns: readonly string[]
  readonly cells: readonly (readonly number[])[]
  /** Which totals the table prints (both by default). */
  readonly totals?: { readonly rows: boolean; readonly columns: boolean }
  readonly totalLabel?: string
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)

/** A two-way table (rows × columns), with its totals computed from the cells. */
export function countTable(spec: TwoWayTableSpec): CountTable {
  const withRowTotals = spec.totals?.rows ?? true
  const withColumnTotals = spec.totals?.columns ?? true
  const table: CountTable = {
    title: spec.title,
    rowHeading: spec.rowHeading,
    rows: [...spec.rows],
    columns: [...spec.columns],
    cells: spec.cells.map((row) => [...row]),
    rowTotals: withRowTotals ? spec.cells.map(sum) : null,
    columnTotals: withColumnTotals
      ? spec.columns.map((_, j) => sum(spec.cells.map((row) => row[j] ?? 0)))
      : null,
    grandTotal: withRowTotals && withColumnTotals ? sum(spec.cells.map(sum)) : null,
    totalLabel: spec.totalLabel ?? 'Total',
  }
  checkCountTable(table)
  return table
}

export interface OneWayTableSpec {
  readonly title: string
  /** Heading over the categories, e.g. 'Category of death'. */
  readonly categoryHeading: string
  /** Heading over the counts, e.g. 'Number of deaths'. */
  readonly countHeading: string
  readonly categories: readonly { readonly label: string; readonly count: number }[]
  /** Print a Total row (yes by default). */
  readonly total?: boolean
  readonly totalLabel?: string
}

/** A one-way table (a list of categories with a count each), with its total computed. */
export function oneWayTable(spec: OneWayTableSpec): CountTable {
  return countTable({
    title: spec.title,
    rowHeading: spec.categoryHeading,
    rows: spec.categories.map((c) => c.label),
    columns: [spec.countHeading],
    cells: spec.categories.map((c) => [c.count]),
    totals: { rows: false, columns: spec.total ?? true },
    ...(spec.totalLabel === undefined ? {} : { totalLabel: spec.totalLabel }),
  })
}

/** A mistake in how a module built a table: a programming error, not something a user typed. */
export class CountTableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CountTableError'
  }
}

function checkCount(value: number | undefined, where: string): void {
  if (value === undefined || !Number.isSafeInteger(value) || value < 0) {
    throw new CountTableError(`${where} must be a whole number, 0 or more (it is ${value})`)
  }
}

/** Throws CountTableError unless the table is well formed and its totals add up. */
export function checkCountTable(table: CountTable): void {
  const { rows, columns, cells } = table
  if (rows.length === 0 || columns.length === 0) {
    throw new CountTableError(`"${table.title}" needs at least one row and one column`)
  }
  if (cells.length !== rows.length || cells.some((row) => row.length !== columns.length)) {
    throw new CountTableError(
      `"${table.title}" must have ${rows.length} rows of ${columns.length} cells`,
    )
  }
  cells.forEach((row, i) => {
    row.forEach((value, j) => {
      checkCount(value, `The cell for "${rows[i]}", "${columns[j]}"`)
    })
  })
  if (table.rowTotals !== null) {
    if (table.rowTotals.length !== rows.length) {
      throw new CountTableError(`"${table.title}" must have a total for each row`)
    }
    table.rowTotals.forEach((total, i) => {
      checkCount(total, `The total of "${rows[i]}"`)
      if (total !== sum(cells[i] ?? [])) {
        throw new CountTableError(`The total of "${rows[i]}" is not the sum of its cells`)
      }
    })
  }
  if (table.columnTotals !== null) {
    if (table.columnTotals.length !== columns.length) {
      throw new CountTableError(`"${table.title}" must have a total for each column`)
    }
    table.columnTotals.forEach((total, j) => {
      checkCount(total, `The total of "${columns[j]}"`)
      if (total !== sum(cells.map((row) => row[j] ?? 0))) {
        throw new CountTableError(`The total of "${columns[j]}" is not the sum of its cells`)
      }
    })
  }
  const both = table.rowTotals !== null && table.columnTotals !== null
  if (both !== (table.grandTotal !== null)) {
    throw new CountTableError(
      `"${table.title}" has a grand total exactly when it has both row and column totals`,
    )
  }
  if (table.grandTotal !== null) {
    checkCount(table.grandTotal, `The grand total of "${table.title}"`)
    if (table.grandTotal !== sum(cells.map((row) => sum(row)))) {
      throw new CountTableError(`The grand total of "${table.title}" is not the sum of its cells`)
    }
  }
}
