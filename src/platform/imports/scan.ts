// One pass over an import file: header, then each row checked (required values, each column's
// schema, the definition's own check, repeated natural keys). Every problem is kept with its row
// and column as the spreadsheet shows them; checked rows are handed on in batches (to classify for
// the preview, or to apply at confirmation) and then dropped, so memory holds one batch at a time.
import type { AnyImportDefinition, ImportColumn } from './definition.ts'
import { columnLetter, readRows, UnreadableFile, type ImportFileKind } from './read.ts'

export const MAX_IMPORT_ROWS = 200_000
/** Problems kept to show (all are counted). */
export const MAX_PROBLEMS_SHOWN = 1000
export const BATCH_SIZE = 500

export interface ImportProblem {
  /** As the spreadsheet numbers it: the header is row 1. */
  readonly row: number
  /** The column's key in the definition. */
  readonly column: string
  /** Its header, e.g. 'Indicator code'. */
  readonly columnName: string
  /** Its letter in the uploaded file ('' when the file has no such column). */
  readonly letter: string
  readonly message: string
}

export interface CheckedRow {
  readonly row: number
  readonly value: unknown
}

export type ScanResult =
  | { readonly ok: true; readonly rows: number }
  | {
      readonly ok: false
      /** The file as a whole could not be used (not readable, no header, too long). */
      readonly fileError?: string
      /** The first MAX_PROBLEMS_SHOWN problems, by row. */
      readonly problems: readonly ImportProblem[]
      readonly problemCount: number
    }

const normalise = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()

function firstIssue(error: unknown): string {
  const issues = (error as { issues?: { message: string }[] } | undefined)?.issues
  return issues?.[0]?.message ?? 'This value is not valid'
}

/**
 * Checks every row of the file. `onBatch` is called with each batch of checked rows while no
 * problem has been found; once one has, the rest of the file is only checked.
 */
export async function scanImportFile(
  definition: AnyImportDefinition,
  lookups: unknown,
  data: Buffer,
  kind: ImportFileKind,
  onBatch?: (rows: readonly CheckedRow[]) => Promise<void>,
): Promise<ScanResult> {
  const columns: readonly ImportColumn[] = definition.columns
  const positions = new Map<string, number>()
  const problems: ImportProblem[] = []
  let problemCount = 0
  let rows = 0
  let batch: CheckedRow[] = []
  const seen = new Map<string, number>()
  const keyColumns = definition.naturalKey.columns
  const byKey = new Map(columns.map((c) => [c.key, c]))
  const letterOf = (key: string) => {
    const at = positions.get(key)
    return at === undefined ? '' : columnLetter(at)
  }
  const problem = (row: number, column: string, message: string) => {
    problemCount += 1
    if (problems.length < MAX_PROBLEMS_SHOWN)
      problems.push({
        row,
        column,
        columnName: byKey.get(column)?.name ?? column,
        letter: letterOf(column),
        message,
      })
  }
  const flush = async () => {
    if (batch.length > 0 && problemCount === 0 && onBatch !== undefined) await onBatch(batch)
    batch = []
  }

  let header = true
  try {
    for await (const { number, cells } of readRows(data, kind)) {
      if (header) {
        if (cells.every((c) => c.trim() === '')) continue
        header = false
        cells.forEach((h, i) => {
          const column = columns.find((c) => normalise(c.name) === normalise(h))
          if (column !== undefined && !positions.has(column.key)) positions.set(column.key, i)
        })
        const missing = columns.filter((c) => c.optionalInFile !== true && !positions.has(c.key))
        if (missing.length > 0)
          return {
            ok: false,
            fileError: `The selected file must have the template’s header row: it has no ${missing.map((c) => c.name).join(', ')} column`,
            problems: [],
            problemCount: 0,
          }
        continue
      }
      const text: Record<string, string> = {}
      for (const c of columns) {
        const at = positions.get(c.key)
        text[c.key] = at === undefined ? '' : (cells[at] ?? '').trim()
      }
      if (Object.values(text).every((t) => t === '')) continue
      rows += 1
      if (rows > MAX_IMPORT_ROWS)
        return {
          ok: false,
          fileError: `The selected file must have ${String(MAX_IMPORT_ROWS)} rows or fewer`,
          problems: [],
          problemCount: 0,
        }

      const values: Record<string, unknown> = {}
      let rowProblems = 0
      for (const c of columns) {
        const t = text[c.key] ?? ''
        if (t === '') {
          if (c.required === true) {
            problem(number, c.key, c.missing ?? `Enter the ${c.name.toLowerCase()}`)
            rowProblems += 1
          }
          values[c.key] = c.schema === undefined ? '' : undefined
          continue
        }
        if (c.schema === undefined) {
          values[c.key] = t
          continue
        }
        const parsed = c.schema.safeParse(t)
        if (parsed.success) values[c.key] = parsed.data
        else {
          problem(number, c.key, firstIssue(parsed.error))
          rowProblems += 1
        }
      }
      if (rowProblems > 0) continue

      const checked =
        definition.check === undefined
          ? ({ ok: true, row: values } as const)
          : definition.check(values, lookups, text)
      if (checked.ok === 'skip') {
        rows -= 1
        continue
      }
      if (!checked.ok) {
        for (const p of checked.problems) problem(number, p.column, p.message)
        continue
      }
      const key =
        definition.naturalKey.of?.(checked.row) ??
        JSON.stringify(keyColumns.map((k) => (text[k] ?? '').toLowerCase()))
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        const what =
          definition.naturalKey.describe ??
          `same ${keyColumns.map((k) => byKey.get(k)?.name.toLowerCase() ?? k).join(' and ')}`
        problem(number, keyColumns[0] ?? '', `This row repeats row ${String(earlier)} (${what})`)
        continue
      }
      seen.set(key, number)
      if (problemCount > 0 || onBatch === undefined) continue
      batch.push({ row: number, value: checked.row })
      if (batch.length >= BATCH_SIZE) await flush()
    }
  } catch (error) {
    if (error instanceof UnreadableFile)
      return { ok: false, fileError: error.message, problems: [], problemCount: 0 }
    throw error
  }
  if (header)
    return { ok: false, fileError: 'The selected file is empty', problems: [], problemCount: 0 }
  await flush()
  if (problemCount > 0) return { ok: false, problems, problemCount }
  return { ok: true, rows }
}
