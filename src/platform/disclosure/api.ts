// The JSON shape of a count table for /api/v1, so a module can publish a table through the API and
// the OpenAPI document describes it. A published endpoint declares `apiPublishedTable` as its
// response: its audience is the literal 'published', so an exact (internal) table does not
// type-check there and would not pass the response schema either. Arrays are readonly, as in
// TableForDisplay, so a handler can return the table as it is.
import { z } from 'zod'

export const apiFigure = z.object({
  value: z
    .number()
    .int()
    .min(0)
    .nullable()
    .describe('The number shown (rounded if the table is); null when hidden'),
  text: z.string().describe("What is printed: '12', '<5', '[c]'"),
  hidden: z
    .enum(['primary', 'secondary'])
    .nullable()
    .describe('primary: a small number; secondary: hidden so a small number cannot be worked out'),
})

export const apiTableRow = z.object({
  label: z.string(),
  figures: z.array(apiFigure).readonly(),
  total: apiFigure.nullable().describe("The row's total, when the table has a Total column"),
})

const tableFields = {
  title: z.string(),
  rowHeading: z.string(),
  columns: z.array(z.string()).readonly(),
  totalLabel: z.string(),
  hasRowTotals: z.boolean(),
  rows: z.array(apiTableRow).readonly(),
  totals: apiTableRow.nullable().describe('The Total row; its total is the grand total'),
  withheld: z
    .boolean()
    .describe('True when no figure may be published (rows is then empty; the notes say why)'),
  roundedTo: z.number().int().min(2).nullable(),
  symbols: z
    .array(
      z.object({
        symbol: z.string(),
        hidden: z.enum(['primary', 'secondary']),
        meaning: z.string(),
      }),
    )
    .readonly(),
  notes: z.array(z.string()).readonly().describe('What was hidden and why, in plain English'),
}

/** A table safe for a wider audience (the output of publishable()). */
export const apiPublishedTable = z
  .object({ audience: z.literal('published'), ...tableFields })
  .describe('A table of counts with small numbers hidden, safe to publish')

/** A table of exact figures, for the owning team's own systems only (exactFigures()). */
export const apiInternalTable = z
  .object({ audience: z.literal('internal'), ...tableFields })
  .describe('A table of exact counts, for the owning team only')
