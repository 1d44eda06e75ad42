// Which figures of a count table to hide, and proof that none of them can be worked back out.
// docs/decisions/0014-disclosure-control.md explains the method; in short:
//
// A table with its totals is a network. Each row, each column, and the two ends of the grand total
// are nodes; every figure (cell or total) is an edge, and "the cells of a row add up to its total"
// is flow conservation at the row's node. A reader knows every figure that is printed, and of each
// hidden one what its symbol says: '<5' is 1 to 4 (0 to 4 when zeros are hidden too), '[c]' is more
// than 4 (small figures always get '<5'), and a total the table does not print is any number.
//
// A hidden figure has more than one possible value exactly when it lies on a cycle of the residual
// network: a loop of hidden figures that can each go up or down by one (within what the reader
// knows) while every row and column still adds up. For tables like these (network matrices, whose
// bounds are whole numbers) this test is exact: nothing weaker than a cycle leaves room, and a cycle
// always does. So:
//   1. primary: every figure from 1 to the threshold (and 0 when zeros are hidden) is hidden;
//   2. secondary: for each hidden figure not on a cycle, find the cheapest cycle through it, where
//      hidden figures cost nothing and printed ones cost their value (totals cost more than any
//      cells, the grand total most), and hide the printed figures on it;
//   3. check every hidden figure once more. Hiding more only widens what a reader cannot know, so
//      a figure protected at step 2 stays protected.
// When no cycle exists even with every figure hidden (e.g. four cells of 1 in a 2×2 table with a
// grand total of 4), no pattern of symbols protects the table and it is withheld whole.
import type { CountTable } from './table.ts'

export interface SuppressionRule {
  /** The largest count that is hidden as small (4: counts from 1 to 4 are shown as '<5'). */
  readonly threshold: number
  /** Hide zeros as small counts too (otherwise a zero is printed as 0). */
  readonly suppressZeros: boolean
}

/** Why a figure is hidden: 'primary' because it is small, 'secondary' to protect a small one. */
export type Mark = 'shown' | 'primary' | 'secondary'

export interface SuppressionPattern {
  /** True when no pattern of hidden figures protects the table: publish none of it. */
  readonly withheld: boolean
  readonly cells: readonly (readonly Mark[])[]
  readonly rowTotals: readonly Mark[] | null
  readonly columnTotals: readonly Mark[] | null
  readonly grandTotal: Mark | null
}

export type Position =
  | { readonly kind: 'cell'; readonly row: number; readonly column: number }
  | { readonly kind: 'rowTotal'; readonly row: number }
  | { readonly kind: 'columnTotal'; readonly column: number }
  | { readonly kind: 'grandTotal' }

/** 'fixed': printed; 'absent': not in the table at all, so any number to a reader. */
type State = 'fixed' | 'absent' | 'primary' | 'secondary'

interface Entry {
  readonly position: Position
  readonly value: number
  /** The edge runs tail → head; a unit of flow along it is one more on this figure. */
  readonly tail: number
  readonly head: number
  /** What hiding this figure costs a reader, when it has to be hidden to protect another. */
  readonly cost: number
  state: State
}

interface Network {
  readonly entries: Entry[]
  readonly nodeCount: number
  readonly rule: SuppressionRule
}

function network(table: CountTable, rule: SuppressionRule): Network {
  const rowCount = table.rows.length
  const columnCount = table.columns.length
  const rowNode = (i: number): number => i
  const columnNode = (j: number): number => rowCount + j
  const grandIn = rowCount + columnCount
  const grandOut = grandIn + 1
  const grand = table.cells.reduce((a, row) => a + row.reduce((b, c) => b + c, 0), 0)
  // Lexicographic costs: any set of cells is cheaper than one total, any set of row and column
  // totals cheaper than the grand total.
  const unit = grand + 1
  const grandCost = 2 * unit * (rowCount + columnCount + 1)
  const entries: Entry[] = []
  // A total the table does not print is still the true sum; a reader just does not know it.
  const add = (
    position: Position,
    value: number,
    printed: boolean,
    [tail, head]: [number, number],
    cost: number,
  ) => {
    entries.push({ position, value, tail, head, cost, state: printed ? 'fixed' : 'absent' })
  }
  table.cells.forEach((row, i) => {
    row.forEach((value, j) => {
      add({ kind: 'cell', row: i, column: j }, value, true, [columnNode(j), rowNode(i)], value)
    })
  })
  table.rows.forEach((_, i) => {
    const value = table.cells[i]?.reduce((a, b) => a + b, 0) ?? 0
    const printed = table.rowTotals !== null
    add({ kind: 'rowTotal', row: i }, value, printed, [rowNode(i), grandIn], unit + value)
  })
  table.columns.forEach((_, j) => {
    const value = table.cells.reduce((a, row) => a + (row[j] ?? 0), 0)
    const printed = table.columnTotals !== null
    add({ kind: 'columnTotal', column: j }, value, printed, [grandOut, columnNode(j)], unit + value)
  })
  add({ kind: 'grandTotal' }, grand, table.grandTotal !== null, [grandIn, grandOut], grandCost)
  return { entries, nodeCount: rowCount + columnCount + 2, rule }
}

/** The smallest and largest value a reader knows a figure in this state lies between. */
function bounds(entry: Entry, rule: SuppressionRule, asState: State): [number, number] {
  switch (asState) {
    case 'fixed':
      return [entry.value, entry.value]
    case 'absent':
      return [0, Infinity]
    case 'primary':
      return [rule.suppressZeros ? 0 : 1, rule.threshold]
    case 'secondary':
      return [rule.threshold + 1, Infinity]
  }
}

interface Arc {
  readonly from: number
  readonly to: number
  readonly entry: number
  readonly cost: number
}

/**
 * The residual arcs: a hidden figure that can go up gives tail → head, one that can go down gives
 * head → tail. With `candidates`, printed figures that could be hidden as secondary give arcs too,
 * at their cost.
 */
function residualArcs(net: Network, exclude: number, candidates: boolean): Arc[][] {
  const out: Arc[][] = Array.from({ length: net.nodeCount }, () => [])
  net.entries.forEach((entry, index) => {
    if (index === exclude) return
    let state = entry.state
    let cost = 0
    if (state === 'fixed') {
      // Only a figure above the threshold can be hidden as secondary: its symbol says so.
      if (!candidates || entry.value <= net.rule.threshold) return
      state = 'secondary'
      cost = entry.cost
    }
    const [low, high] = bounds(entry, net.rule, state)
    if (entry.value + 1 <= high)
      out[entry.tail]?.push({ from: entry.tail, to: entry.head, entry: index, cost })
    if (entry.value - 1 >= low)
      out[entry.head]?.push({ from: entry.head, to: entry.tail, entry: index, cost })
  })
  return out
}

/** Cheapest path from → to (Dijkstra; ties broken by node number, so results are repeatable). */
function cheapestPath(
  arcs: Arc[][],
  from: number,
  to: number,
): { cost: number; entries: number[] } | null {
  const n = arcs.length
  const dist = new Array<number>(n).fill(Infinity)
  const via = new Array<Arc | undefined>(n).fill(undefined)
  const done = new Array<boolean>(n).fill(false)
  dist[from] = 0
  for (;;) {
    let node = -1
    for (let k = 0; k < n; k += 1) {
      if (
        !done[k] &&
        (dist[k] ?? Infinity) < Infinity &&
        (node < 0 || (dist[k] ?? 0) < (dist[node] ?? 0))
      )
        node = k
    }
    if (node < 0) return null
    if (node === to) break
    done[node] = true
    for (const arc of arcs[node] ?? []) {
      const d = (dist[node] ?? 0) + arc.cost
      if (d < (dist[arc.to] ?? Infinity)) {
        dist[arc.to] = d
        via[arc.to] = arc
      }
    }
  }
  const entries: number[] = []
  for (let node = to; node !== from;) {
    const arc = via[node]
    if (arc === undefined) return null
    entries.push(arc.entry)
    node = arc.from
  }
  return { cost: dist[to] ?? Infinity, entries }
}

/** The cheapest cycle through a hidden figure (the other figures on it), or null if none. */
function cheapestCycle(net: Network, index: number, candidates: boolean): number[] | null {
  const entry = net.entries[index]
  if (entry === undefined) return null
  const [low, high] = bounds(entry, net.rule, entry.state)
  const arcs = residualArcs(net, index, candidates)
  let best: { cost: number; entries: number[] } | null = null
  // Up by one: the flow must come back from head to tail; down by one: from tail to head.
  const tries: [boolean, number, number][] = [
    [entry.value + 1 <= high, entry.head, entry.tail],
    [entry.value - 1 >= low, entry.tail, entry.head],
  ]
  for (const [possible, from, to] of tries) {
    if (!possible) continue
    const path = cheapestPath(arcs, from, to)
    if (path !== null && (best === null || path.cost < best.cost)) best = path
  }
  return best?.entries ?? null
}

const hidden = (entry: Entry): boolean => entry.state === 'primary' || entry.state === 'secondary'

function markOf(entry: Entry | undefined): Mark {
  return entry?.state === 'primary' || entry?.state === 'secondary' ? entry.state : 'shown'
}

function pattern(table: CountTable, net: Network, withheld: boolean): SuppressionPattern {
  const find = (test: (p: Position) => boolean): Entry | undefined =>
    net.entries.find((e) => test(e.position))
  return {
    withheld,
    cells: table.cells.map((row, i) =>
      row.map((_, j) => markOf(find((p) => p.kind === 'cell' && p.row === i && p.column === j))),
    ),
    rowTotals:
      table.rowTotals === null
        ? null
        : table.rows.map((_, i) => markOf(find((p) => p.kind === 'rowTotal' && p.row === i))),
    columnTotals:
      table.columnTotals === null
        ? null
        : table.columns.map((_, j) =>
            markOf(find((p) => p.kind === 'columnTotal' && p.column === j)),
          ),
    grandTotal: table.grandTotal === null ? null : markOf(find((p) => p.kind === 'grandTotal')),
  }
}

const isSmall = (value: number, rule: SuppressionRule): boolean =>
  value <= rule.threshold && (value >= 1 || rule.suppressZeros)

/** Decides which figures of the table to hide (primary and secondary suppression). */
export function suppressionPattern(table: CountTable, rule: SuppressionRule): SuppressionPattern {
  const net = network(table, rule)
  for (const entry of net.entries) {
    if (entry.state === 'fixed' && isSmall(entry.value, rule)) entry.state = 'primary'
  }
  for (const [index, entry] of net.entries.entries()) {
    if (entry.state !== 'primary' || cheapestCycle(net, index, false) !== null) continue
    const cycle = cheapestCycle(net, index, true)
    if (cycle === null) return pattern(table, net, true)
    for (const other of cycle) {
      const complement = net.entries[other]
      if (complement?.state === 'fixed') complement.state = 'secondary'
    }
  }
  const exposed = exposedIn(net)
  if (exposed.length > 0) {
    // Cannot happen if the reasoning above holds; refuse rather than publish a derivable figure.
    throw new Error(`Suppression left ${exposed.length} hidden figure(s) derivable`)
  }
  return pattern(table, net, false)
}

function exposedIn(net: Network): Position[] {
  return net.entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry, index }) => hidden(entry) && cheapestCycle(net, index, false) === null)
    .map(({ entry }) => entry.position)
}

/**
 * The hidden figures of a pattern that a reader could work out exactly from what is printed and
 * what the symbols say. Empty for every pattern suppressionPattern returns.
 */
export function derivableFigures(
  table: CountTable,
  marks: Omit<SuppressionPattern, 'withheld'>,
  rule: SuppressionRule,
): Position[] {
  const net = network(table, rule)
  for (const entry of net.entries) {
    if (entry.state === 'absent') continue
    const p = entry.position
    const mark =
      p.kind === 'cell'
        ? marks.cells[p.row]?.[p.column]
        : p.kind === 'rowTotal'
          ? marks.rowTotals?.[p.row]
          : p.kind === 'columnTotal'
            ? marks.columnTotals?.[p.column]
            : marks.grandTotal
    if (mark === 'primary' || mark === 'secondary') entry.state = mark
  }
  return exposedIn(net)
}
