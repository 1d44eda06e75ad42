// What a module declares to offer an import: its columns (the template, the guidance and the
// checks all come from them), the natural key rows are matched on, and how checked rows are
// compared with what is stored and applied through the module's own use cases. The kit never
// writes to a module's tables itself. docs/imports.md shows a module declaring one.
import type { z } from 'zod'
import { extensionPoint, uniqueKeys } from '../extensions.ts'
import type { TransactionContext, UseCaseContext } from '../use-case.ts'

export interface ImportColumn<K extends string = string> {
  /** The column's key in the row handed to `check` (lower camel case, stable). */
  readonly key: K
  /** The header in the template and the file, e.g. 'Indicator code' (matched ignoring case). */
  readonly name: string
  /** One or two sentences for the guidance sheet and the upload page. */
  readonly description: string
  /** An example value, shown in the guidance. */
  readonly example: string
  /** A value must be given on every row (the kit says "Enter …" when it is not). */
  readonly required?: boolean
  /** The file may leave this column out altogether (it is in the template all the same). */
  readonly optionalInFile?: boolean
  /** The message when a required value is missing (default "Enter the <name in lower case>"). */
  readonly missing?: string
  /**
   * Parses the trimmed text of a non-empty cell; its first issue's message is shown for the cell.
   * Without a schema the value is the trimmed text ('' when empty).
   */
  readonly schema?: z.ZodType
  /** Column width in the XLSX template (characters). */
  readonly width?: number
}

/** A problem with one cell, from `check`. */
export interface CellProblem<K extends string = string> {
  readonly column: K
  readonly message: string
}

export type RowCheck<Row, K extends string = string> =
  | { readonly ok: true; readonly row: Row }
  | { readonly ok: false; readonly problems: readonly CellProblem<K>[] }
  /** A row that is not filled in (e.g. a pre-filled template row left blank): left out. */
  | { readonly ok: 'skip' }

export type ImportChange = 'create' | 'update' | 'unchanged'

/**
 * What applying a row would do; `was` describes the stored record for the preview ("Now").
 * `warning` says why applying it may do harm (e.g. final figures replaced by provisional ones):
 * the preview lists it with the row number, and the import is only applied when the person ticks
 * that they have read the warnings.
 */
export type Classified =
  | ImportChange
  | {
      readonly change: ImportChange
      readonly was?: string | undefined
      readonly warning?: string | undefined
    }

/** The uploaded file `classify` is comparing (its rows may be older than what is stored). */
export interface ClassifyFile {
  readonly uploadedAt: Date
}

export interface ApplyCounts {
  readonly created: number
  readonly updated: number
  readonly unchanged: number
}

/** One template row: values by column key. */
export type TemplateRow = Readonly<Record<string, string | number | null | undefined>>

export interface ImportDefinition<Row = unknown, Lookups = unknown, K extends string = string> {
  /** Stable, unique, lower case: the import's address (/imports/<key>), e.g. 'performance-values'. */
  readonly key: string
  /** What is imported, e.g. 'Performance figures'. */
  readonly title: string
  /** One paragraph for the upload page. */
  readonly description: string
  /** Who may use it (checked on every route and again in every use case). */
  readonly permission: string
  readonly columns: readonly ImportColumn<K>[]
  /**
   * The columns that identify a record: two rows of a file with the same natural key are refused,
   * and `classify`/`apply` match stored records on it, so importing a file twice changes nothing.
   */
  readonly naturalKey: {
    readonly columns: readonly K[]
    /** The key of a checked row (default: its values for `columns`, joined). */
    readonly of?: (row: Row) => string
    /** For the message on a repeated row, e.g. 'same indicator, period and area'. */
    readonly describe?: string
  }
  /** Loads what `check` needs once per pass (catalogues, lookups, the person's rights). */
  readonly lookups?: (ctx: UseCaseContext) => Promise<Lookups>
  /**
   * Checks one row after the kit has checked required values and each column's schema; turns the
   * values into the module's row. Pure: everything it needs comes from `lookups`.
   * Default: the values as they are.
   */
  readonly check?: (
    values: Readonly<Record<K, unknown>>,
    lookups: Lookups,
    text: Readonly<Record<K, string>>,
  ) => RowCheck<Row, K>
  /** What applying each row would do, compared with what is stored (matched on the natural key). */
  readonly classify: (
    ctx: UseCaseContext,
    rows: readonly Row[],
    lookups: Lookups,
    file: ClassifyFile,
  ) => Promise<readonly Classified[]>
  /** A row for the preview: cells by column key (or any labels the module prefers). */
  readonly describe: (row: Row, lookups: Lookups) => Readonly<Record<string, string>>
  /**
   * Creates or updates through the module's own use cases, inside the kit's one transaction,
   * in batches. Rows that would not change must be left alone and counted as unchanged.
   */
  readonly apply: (
    ctx: TransactionContext,
    rows: readonly Row[],
    lookups: Lookups,
  ) => Promise<ApplyCounts>
  /** Rows to pre-fill the template with (e.g. what an agency owes this month). */
  readonly templateRows?: (
    ctx: UseCaseContext,
    query: Readonly<Record<string, unknown>>,
  ) => Promise<readonly TemplateRow[]>
  /** Extra lines for the guidance sheet (periods, units, what a blank row means). */
  readonly guidance?: readonly string[]
  /** Where to go after the import is done (default: the list of imports). */
  readonly returnTo?: string
}

/** An import definition of any row type: what the extension point holds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the kit handles any row type
export type AnyImportDefinition = ImportDefinition<any, any>

/** Declares an import, keeping its row and lookup types inside. */
export function defineImport<Row, Lookups = undefined, K extends string = string>(
  definition: ImportDefinition<Row, Lookups, K>,
): AnyImportDefinition {
  return definition
}

/** Modules offer their imports here: `provide(importDefinitions, myImport)`. */
export const importDefinitions = extensionPoint<AnyImportDefinition>('imports.definitions', {
  validate: (values) => {
    uniqueKeys<AnyImportDefinition>((d) => d.key, 'Import')(values)
    for (const d of values) {
      const keys = new Set(d.columns.map((c) => c.key))
      const names = new Set(d.columns.map((c) => c.name.toLowerCase()))
      if (keys.size !== d.columns.length || names.size !== d.columns.length)
        throw new Error(`Import "${d.key}" has two columns with the same key or name`)
      for (const k of d.naturalKey.columns)
        if (!keys.has(k)) throw new Error(`Import "${d.key}": natural key column "${k}" is unknown`)
      if (d.naturalKey.columns.length === 0)
        throw new Error(`Import "${d.key}" must have a natural key`)
    }
  },
})
