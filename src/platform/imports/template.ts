// Templates, generated from the import's own columns: a CSV with the header row (and any
// pre-filled rows), and a workbook whose first sheet is the same, followed by a guidance sheet
// that says, for each column, whether it is required, what to enter and an example.
import { toCsv, type Column } from '../exports/csv.ts'
import { sheet, toXlsx } from '../exports/xlsx.ts'
import type { AnyImportDefinition, TemplateRow } from './definition.ts'
import { columnLetter } from './read.ts'

function dataColumns(definition: AnyImportDefinition): Column<TemplateRow>[] {
  return definition.columns.map((c) => ({
    header: c.name,
    value: (row: TemplateRow) => row[c.key] ?? null,
  }))
}

export function importTemplateCsv(
  definition: AnyImportDefinition,
  rows: readonly TemplateRow[] = [],
): string {
  return toCsv(dataColumns(definition), rows)
}

export async function importTemplateXlsx(
  definition: AnyImportDefinition,
  rows: readonly TemplateRow[] = [],
): Promise<Buffer> {
  type Guide = AnyImportDefinition['columns'][number] & { readonly index: number }
  const guide: Guide[] = definition.columns.map((c, index) => ({ ...c, index }))
  return toXlsx({
    title: definition.title,
    sheets: [
      sheet({
        name: definition.title,
        columns: dataColumns(definition).map((c, i) => ({
          ...c,
          width: definition.columns[i]?.width ?? Math.max(14, c.header.length + 4),
        })),
        rows,
      }),
      sheet<Guide>({
        name: 'Guidance',
        columns: [
          { header: 'Column', value: (c) => columnLetter(c.index), width: 8 },
          { header: 'Heading', value: (c) => c.name, width: 24 },
          { header: 'Required', value: (c) => (c.required === true ? 'Yes' : 'No'), width: 10 },
          { header: 'What to enter', value: (c) => c.description, width: 80 },
          { header: 'Example', value: (c) => c.example, width: 24 },
        ],
        rows: guide,
      }),
    ],
    notes: [
      `Fill in the first sheet (${definition.title}) and upload the workbook, or save that sheet as CSV.`,
      'Keep the heading row. Columns may be in any order; empty rows are left out.',
      'Nothing is saved until every row is correct and you have confirmed what will change.',
      ...(definition.guidance ?? []),
    ],
  })
}
