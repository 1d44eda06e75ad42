// The streaming pass on its own, without a database: 100,000 rows are checked and handed on in
// batches of at most 500 (never all at once), problems on several rows are all listed with their
// row and column, and a CSV and an XLSX of the same rows read the same.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineImport } from './definition.ts'
import { scanImportFile, BATCH_SIZE } from './scan.ts'

const definition = defineImport<
  { ref: string; count: number },
  undefined,
  'ref' | 'count' | 'note'
>({
  key: 'test-counts',
  title: 'Counts',
  description: 'Fictional counts.',
  permission: 'test.counts',
  columns: [
    { key: 'ref', name: 'Reference', description: '', example: 'R-1', required: true },
    {
      key: 'count',
      name: 'Count',
      description: '',
      example: '3',
      required: true,
      schema: z
        .string()
        .regex(/^-?\d+$/, 'Count must be a whole number')
        .transform(Number)
        .pipe(z.number().min(0, 'Count must be 0 or more')),
    },
    { key: 'note', name: 'Note', description: '', example: '', optionalInFile: true },
  ],
  naturalKey: { columns: ['ref'] },
  check: (values) => ({ ok: true, row: { ref: String(values.ref), count: Number(values.count) } }),
  classify: async (_ctx, rows) => rows.map(() => 'create' as const),
  describe: (row) => ({ ref: row.ref, count: String(row.count) }),
  apply: async (_ctx, rows) => ({ created: rows.length, updated: 0, unchanged: 0 }),
})

describe('the streaming check', () => {
  it('checks 100,000 rows, handing them on in batches of at most 500', async () => {
    const lines = ['Reference,Count']
    for (let i = 0; i < 100_000; i += 1) lines.push(`R-${String(i)},${String(i % 7)}`)
    const batches: number[] = []
    let last = 0
    const result = await scanImportFile(
      definition,
      undefined,
      Buffer.from(lines.join('\n')),
      'csv',
      async (batch) => {
        batches.push(batch.length)
        last = batch.at(-1)?.row ?? last
      },
    )
    expect(result).toEqual({ ok: true, rows: 100_000 })
    expect(Math.max(...batches)).toBe(BATCH_SIZE)
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100_000)
    expect(last).toBe(100_001) // row 1 is the header
  }, 60_000)

  it('lists every problem by row and column, and hands nothing on once there is one', async () => {
    const csv = 'Count,Reference\n1,R-1\nx,R-2\n-1,\n2,R-1\n3,R-5\n'
    const batches: unknown[] = []
    const result = await scanImportFile(
      definition,
      undefined,
      Buffer.from(csv),
      'csv',
      async (b) => {
        batches.push(b)
      },
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((p) => [p.row, `${p.letter} (${p.columnName})`, p.message])).toEqual(
      [
        [3, 'A (Count)', 'Count must be a whole number'],
        [4, 'B (Reference)', 'Enter the reference'],
        [4, 'A (Count)', 'Count must be 0 or more'],
        [5, 'B (Reference)', 'This row repeats row 2 (same reference)'],
      ],
    )
    expect(result.problemCount).toBe(4)
    expect(batches).toEqual([])
  })

  it('reads an XLSX like the CSV of the same rows', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Counts')
    sheet.addRow(['Reference', 'Count', 'Note'])
    sheet.addRow(['R-1', 4, 'Zoë’s note'])
    sheet.addRow([])
    sheet.addRow(['R-2', 'four', null])
    workbook.addWorksheet('Guidance').addRow(['Reference', 'ignored'])
    const data = Buffer.from(await workbook.xlsx.writeBuffer())
    const result = await scanImportFile(definition, undefined, data, 'xlsx')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((p) => [p.row, p.letter, p.message])).toEqual([
      [4, 'B', 'Count must be a whole number'],
    ])
  })
})
