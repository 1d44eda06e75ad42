// Property-based proof that suppression holds, checked by a solver that knows nothing of how the
// pattern was chosen. For random two-way tables (with and without each kind of total), it takes
// the reader's point of view: every printed figure is known, every hidden one is a whole number
// within what its symbol says ('<5': 1 to 4, or 0 to 4 when zeros are hidden; '[c]': 5 or more),
// and every printed total is the sum of its row or column. HiGHS (an integer programming solver)
// then finds the smallest and largest value each hidden figure could take. Each must have more
// than one. (Dropping the symbols' bounds, as a reader who ignores them would, only widens the
// ranges, so the weaker "non-negative whole numbers" check is implied.)
import { createRequire } from 'node:module'
import { beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type highsExports from 'highs'
import type { Highs } from 'highs'
import { countTable, type CountTable } from './table.ts'
import { suppressionPattern, type Mark, type SuppressionRule } from './suppression.ts'

// highs ships one declaration file for its CommonJS and ES builds, typed as CommonJS; loading the
// CommonJS build keeps the types and the module in step.
const highsModule = createRequire(import.meta.url)('highs') as typeof highsExports
let highs: Highs

beforeAll(async () => {
  highs = await highsModule.default()
})

interface Variable {
  readonly name: string
  readonly value: number
  readonly mark: Mark
}

/** The reader's model of a published table: variables, bounds and the equations of its totals. */
function readerModel(
  table: CountTable,
  marks: {
    cells: readonly (readonly Mark[])[]
    rowTotals: readonly Mark[] | null
    columnTotals: readonly Mark[] | null
    grandTotal: Mark | null
  },
  rule: SuppressionRule,
) {
  const variables: Variable[] = []
  const cell = (i: number, j: number) => `x_${i}_${j}`
  table.cells.forEach((row, i) => {
    row.forEach((value, j) => {
      variables.push({ name: cell(i, j), value, mark: marks.cells[i]![j]! })
    })
  })
  table.rowTotals?.forEach((value, i) => {
    variables.push({ name: `r_${i}`, value, mark: marks.rowTotals![i]! })
  })
  table.columnTotals?.forEach((value, j) => {
    variables.push({ name: `c_${j}`, value, mark: marks.columnTotals![j]! })
  })
  if (table.grandTotal !== null) {
    variables.push({ name: 'g', value: table.grandTotal, mark: marks.grandTotal! })
  }
  const equations: string[] = []
  if (table.rowTotals !== null) {
    table.rows.forEach((_, i) => {
      equations.push(`${table.columns.map((_, j) => cell(i, j)).join(' + ')} - r_${i} = 0`)
    })
  }
  if (table.columnTotals !== null) {
    table.columns.forEach((_, j) => {
      equations.push(`${table.rows.map((_, i) => cell(i, j)).join(' + ')} - c_${j} = 0`)
    })
  }
  if (table.grandTotal !== null) {
    equations.push(`${table.rows.map((_, i) => `r_${i}`).join(' + ')} - g = 0`)
    equations.push(`${table.columns.map((_, j) => `c_${j}`).join(' + ')} - g = 0`)
  }
  const cap = 1_000_000
  const bound = (v: Variable): string => {
    switch (v.mark) {
      case 'shown':
        return `${v.name} = ${v.value}`
      case 'primary':
        return `${rule.suppressZeros ? 0 : 1} <= ${v.name} <= ${rule.threshold}`
      case 'secondary':
        return `${rule.threshold + 1} <= ${v.name} <= ${cap}`
    }
  }
  const body = [
    'Subject To',
    ...equations.map((e, k) => ` e${k}: ${e}`),
    // HiGHS wants at least one row; this one always holds.
    ` z: ${variables[0]!.name} >= 0`,
    'Bounds',
    ...variables.map((v) => ` ${bound(v)}`),
    'Generals',
    ` ${variables.map((v) => v.name).join(' ')}`,
    'End',
  ].join('\n')
  return { variables, body }
}

function range(body: string, name: string): [number, number] {
  const solve = (sense: 'Minimize' | 'Maximize'): number => {
    const result = highs.solve(`${sense}\n obj: ${name}\n${body}`, { output_flag: false })
    if (result.Status !== 'Optimal') throw new Error(`${sense} ${name}: ${result.Status}`)
    return Math.round(result.ObjectiveValue)
  }
  return [solve('Minimize'), solve('Maximize')]
}

const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 3, arbitrary: fc.integer({ min: 7, max: 40 }) },
)

const tablesOf = (count: fc.Arbitrary<number>) =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: 4 }),
      columns: fc.integer({ min: 1, max: 4 }),
      rowTotals: fc.boolean(),
      columnTotals: fc.boolean(),
    })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        cells: fc.array(fc.array(count, { minLength: shape.columns, maxLength: shape.columns }), {
          minLength: shape.rows,
          maxLength: shape.rows,
        }),
      }),
    )
    .map(({ shape, cells }) =>
      countTable({
        title: 'Random table',
        rowHeading: 'Row',
        rows: cells.map((_, i) => `Row ${i + 1}`),
        columns: Array.from({ length: shape.columns }, (_, j) => `Column ${j + 1}`),
        cells,
        totals: { rows: shape.rowTotals, columns: shape.columnTotals },
      }),
    )

const tables = tablesOf(count)
/** Tables of tiny counts, where withholding is common. */
const tinyTables = tablesOf(fc.integer({ min: 0, max: 2 }))

const rules = fc.record({
  threshold: fc.constantFrom(2, 3, 4, 9),
  suppressZeros: fc.boolean(),
})

describe('suppression, from a reader’s point of view', () => {
  it('leaves every hidden figure in a two-way table with more than one possible value', () => {
    fc.assert(
      fc.property(tables, rules, (table, rule) => {
        const pattern = suppressionPattern(table, rule)
        if (pattern.withheld) return
        const { variables, body } = readerModel(table, pattern, rule)
        for (const v of variables) {
          // Every small figure is hidden as primary, and nothing else is.
          const small = v.value <= rule.threshold && (v.value > 0 || rule.suppressZeros)
          expect(v.mark === 'primary', `${v.name} = ${v.value}`).toBe(small)
          if (v.mark === 'shown') continue
          const [min, max] = range(body, v.name)
          expect(min).toBeLessThanOrEqual(v.value)
          expect(max).toBeGreaterThanOrEqual(v.value)
          expect(
            max,
            `${v.name} (${v.value}) is pinned in ${JSON.stringify(table.cells)}`,
          ).toBeGreaterThan(min)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('withholds a table only when hiding every figure would still give one away', () => {
    let withheld = 0
    fc.assert(
      fc.property(tinyTables, rules, (table, rule) => {
        const pattern = suppressionPattern(table, rule)
        if (!pattern.withheld) return
        withheld += 1
        // Hide everything that may be hidden: small figures as '<5', the rest (except printed
        // zeros, which '[c]' cannot stand for) as '[c]'.
        const mark = (v: number): Mark =>
          v <= rule.threshold && (v > 0 || rule.suppressZeros)
            ? 'primary'
            : v > rule.threshold
              ? 'secondary'
              : 'shown'
        const everything = {
          cells: table.cells.map((row) => row.map(mark)),
          rowTotals: table.rowTotals?.map(mark) ?? null,
          columnTotals: table.columnTotals?.map(mark) ?? null,
          grandTotal: table.grandTotal === null ? null : mark(table.grandTotal),
        }
        const { variables, body } = readerModel(table, everything, rule)
        const pinned = variables.filter((v) => {
          if (v.mark !== 'primary') return false
          const [min, max] = range(body, v.name)
          return min === max
        })
        expect(pinned.length).toBeGreaterThan(0)
      }),
      { numRuns: 150 },
    )
    // The generator does reach the case it is here for.
    expect(withheld).toBeGreaterThan(0)
  })
})
