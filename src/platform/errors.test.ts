// The error catalogue and docs/errors.md say the same thing: every code documented with its status
// and message, and nothing documented that the catalogue does not have.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError, errorCatalogue, type ErrorCode } from './errors.ts'

const docsFile = path.resolve(import.meta.dirname, '..', '..', 'docs', 'errors.md')

interface DocumentedError {
  readonly status: number
  readonly message: string
  readonly when: string
}

/** The table rows of docs/errors.md whose first cell is a `code`. */
function documentedErrors(markdown: string): Map<string, DocumentedError> {
  const rows = new Map<string, DocumentedError>()
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim())
    // A table row: | `code` | status | message | when |
    const code = /^`([a-z_]+)`$/.exec(cells[1] ?? '')?.[1]
    if (code === undefined || cells.length !== 6) continue
    if (rows.has(code)) throw new Error(`docs/errors.md documents ${code} twice`)
    rows.set(code, {
      status: Number(cells[2]),
      message: cells[3] ?? '',
      when: cells[4] ?? '',
    })
  }
  return rows
}

describe('docs/errors.md', () => {
  const documented = documentedErrors(readFileSync(docsFile, 'utf8'))

  it('documents every code in the catalogue, with its status and message', () => {
    for (const [code, { status, message }] of Object.entries(errorCatalogue)) {
      const row = documented.get(code)
      expect(row, `${code} is not documented in docs/errors.md`).toBeDefined()
      expect(row?.status, `the status of ${code}`).toBe(status)
      expect(row?.message, `the message of ${code}`).toBe(message)
      expect(row?.when.length ?? 0, `when ${code} happens`).toBeGreaterThan(40)
    }
  })

  it('documents no code that the catalogue does not have', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(errorCatalogue).sort())
  })
})

describe('AppError', () => {
  it('takes its status and, unless given one, its message from the catalogue', () => {
    for (const code of Object.keys(errorCatalogue) as ErrorCode[]) {
      const error = new AppError(code)
      expect(error.status).toBe(errorCatalogue[code].status)
      expect(error.message).toBe(errorCatalogue[code].message)
    }
    const conflict = new AppError('conflict', 'Only an open risk can be reviewed.')
    expect(conflict.status).toBe(409)
    expect(conflict.message).toBe('Only an open risk can be reviewed.')
  })
})
