import { describe, expect, it } from 'vitest'
import { countTable, oneWayTable, type CountTable } from './table.ts'
import {
  derivableFigures,
  suppressionPattern,
  type Mark,
  type SuppressionPattern,
  type SuppressionRule,
} from './suppression.ts'

const rule: SuppressionRule = { threshold: 4, suppressZeros: false }

const categoriesByYear = (cells: number[][]): CountTable =>
  countTable({
    title: 'Child deaths reviewed, by category and year of death',
    rowHeading: 'Category',
    rows: ['Trauma and other external factors', 'Malignancy', 'Infection'],
    columns: ['2021', '2022', '2023'],
    cells,
  })

/** Primary suppression alone, as the 2011/12 yearly report printed its table. */
function primaryOnly(table: CountTable): Omit<SuppressionPattern, 'withheld'> {
  const mark = (v: number): Mark => (v >= 1 && v <= rule.threshold ? 'primary' : 'shown')
  return {
    cells: table.cells.map((row) => row.map(mark)),
    rowTotals: table.rowTotals?.map(mark) ?? null,
    columnTotals: table.columnTotals?.map(mark) ?? null,
    grandTotal: table.grandTotal === null ? null : mark(table.grandTotal),
  }
}

describe('suppressionPattern', () => {
  it('joins a lone small cell with the cheapest complements, so the totals cannot give it away', () => {
    const table = categoriesByYear([
      [12, 9, 15],
      [3, 10, 11],
      [8, 7, 9],
    ])
    // Printed as the old yearly report did, 24 − 10 − 11 gives the hidden 3 away.
    expect(derivableFigures(table, primaryOnly(table), rule)).toEqual([
      { kind: 'cell', row: 1, column: 0 },
    ])

    const result = suppressionPattern(table, rule)
    // The cheapest rectangle through the 3: 10 and 8 beside it, 7 opposite (25, against 28 via
    // 2023 or 31 via the first row). No total needs hiding.
    expect(result).toEqual({
      withheld: false,
      cells: [
        ['shown', 'shown', 'shown'],
        ['primary', 'secondary', 'shown'],
        ['secondary', 'secondary', 'shown'],
      ],
      rowTotals: ['shown', 'shown', 'shown'],
      columnTotals: ['shown', 'shown', 'shown'],
      grandTotal: 'shown',
    })
    expect(derivableFigures(table, result, rule)).toEqual([])
  })

  it('catches two small cells whose symbols and total pin them down (1 + 1 = 2)', () => {
    const table = oneWayTable({
      title: 'Notifications by source',
      categoryHeading: 'Source',
      countHeading: 'Notifications',
      categories: [
        { label: 'School', count: 20 },
        { label: 'GP practice', count: 1 },
        { label: "Łukasz's youth club", count: 1 },
      ],
    })
    // Two hidden cells in the column satisfy the "at least two per line" rule, yet 22 − 20 = 2
    // and each '<5' is at least 1, so both must be 1.
    expect(derivableFigures(table, primaryOnly(table), rule)).toEqual([
      { kind: 'cell', row: 1, column: 0 },
      { kind: 'cell', row: 2, column: 0 },
    ])
    const result = suppressionPattern(table, rule)
    expect(result.cells).toEqual([['secondary'], ['primary'], ['primary']])
    expect(result.columnTotals).toEqual(['shown'])
    expect(derivableFigures(table, result, rule)).toEqual([])
  })

  it('finds a figure that the "two hidden per row and column" rule would let through', () => {
    const cells = [
      [10, 11, 20, 20],
      [12, 13, 14, 20],
      [20, 20, 15, 16],
      [20, 20, 17, 18],
    ]
    const table = countTable({
      title: 'Two blocks joined by one cell',
      rowHeading: 'Row',
      rows: ['A', 'B', 'C', 'D'],
      columns: ['W', 'X', 'Y', 'Z'],
      cells,
    })
    const hide = new Set(['0,0', '0,1', '1,0', '1,1', '1,2', '2,2', '2,3', '3,2', '3,3'])
    const marks = {
      cells: cells.map((row, i) =>
        row.map((_, j): Mark => (hide.has(`${i},${j}`) ? 'secondary' : 'shown')),
      ),
      rowTotals: table.rows.map((): Mark => 'shown'),
      columnTotals: table.columns.map((): Mark => 'shown'),
      grandTotal: 'shown' as Mark,
    }
    // Every row and column has none or at least two hidden, but rows A and B with columns W and
    // X fix the sum of the first block, so B's 14 in column Y is the one figure left.
    expect(derivableFigures(table, marks, rule)).toEqual([{ kind: 'cell', row: 1, column: 2 }])
  })

  it('hides small totals too, and protects them like cells', () => {
    const table = categoriesByYear([
      [1, 0, 2],
      [6, 9, 7],
      [5, 8, 12],
    ])
    const result = suppressionPattern(table, rule)
    expect(result.withheld).toBe(false)
    expect(result.rowTotals?.[0]).toBe('primary')
    expect(result.cells[0]).toEqual(['primary', 'shown', 'primary'])
    expect(derivableFigures(table, result, rule)).toEqual([])
  })

  it('prints zeros and never hides one to protect another figure', () => {
    const table = oneWayTable({
      title: 'Deaths by category',
      categoryHeading: 'Category',
      countHeading: 'Deaths',
      categories: [
        { label: 'Perinatal/neonatal event', count: 10 },
        { label: 'Infection', count: 3 },
        { label: 'Suicide or deliberate self-inflicted harm', count: 0 },
        { label: 'Malignancy', count: 0 },
      ],
    })
    const result = suppressionPattern(table, rule)
    expect(result.cells).toEqual([['secondary'], ['primary'], ['shown'], ['shown']])
    expect(result.columnTotals).toEqual(['shown'])
  })

  it('hides zeros as small counts when the partnership asks for it', () => {
    const table = oneWayTable({
      title: 'Deaths by category',
      categoryHeading: 'Category',
      countHeading: 'Deaths',
      categories: [
        { label: 'Perinatal/neonatal event', count: 10 },
        { label: 'Infection', count: 7 },
        { label: 'Malignancy', count: 0 },
      ],
    })
    const withZeros = { threshold: 4, suppressZeros: true }
    const result = suppressionPattern(table, withZeros)
    expect(result.cells[2]).toEqual(['primary'])
    expect(result.cells.flat().filter((m) => m === 'secondary')).toHaveLength(1)
    expect(result.cells[1]).toEqual(['secondary'])
    expect(derivableFigures(table, result, withZeros)).toEqual([])
  })

  it('needs no complement when the table prints no totals', () => {
    const table = countTable({
      title: 'No totals',
      rowHeading: 'Row',
      rows: ['A', 'B'],
      columns: ['X', 'Y'],
      cells: [
        [2, 30],
        [40, 50],
      ],
      totals: { rows: false, columns: false },
    })
    const result = suppressionPattern(table, rule)
    expect(result.cells).toEqual([
      ['primary', 'shown'],
      ['shown', 'shown'],
    ])
  })

  it('uses a total as a complement only when no cells will do', () => {
    // 1 + 5 = 6. Hiding the 5 would not help: '[c]' says more than 4, so it could not go down,
    // and the 1 cannot go below 1. Only hiding the total lets the 1 move (the total is then 6 to 9).
    const table = oneWayTable({
      title: 'Arrangements by reason',
      categoryHeading: 'Reason',
      countHeading: 'Arrangements',
      categories: [
        { label: 'Parents abroad', count: 1 },
        { label: 'Study', count: 5 },
      ],
    })
    const result = suppressionPattern(table, rule)
    expect(result).toMatchObject({
      withheld: false,
      cells: [['primary'], ['shown']],
      columnTotals: ['secondary'],
    })
    expect(derivableFigures(table, result, rule)).toEqual([])
  })

  it('withholds a table that no pattern of symbols can protect', () => {
    // Four cells of 1 and a grand total of 4: each '<5' is at least 1, so all must be 1.
    const table = countTable({
      title: 'Too small',
      rowHeading: 'Row',
      rows: ['A', 'B'],
      columns: ['X', 'Y'],
      cells: [
        [1, 1],
        [1, 1],
      ],
    })
    expect(suppressionPattern(table, rule).withheld).toBe(true)
  })
})
