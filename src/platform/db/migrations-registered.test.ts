// A migration file that is not in its module's (or the platform's) migration list never runs, and
// nothing else would notice. This reads the migration folders from disk and checks that each file
// is registered, by its owner, under its own name; and that nothing is registered without a file.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { allMigrations } from '../../app.ts'
import { appModules } from '../../modules/index.ts'
import { platformMigrations } from './platform-migrations.ts'
import type { NamedMigrations } from './migrations.ts'

const srcDir = path.resolve(import.meta.dirname, '..', '..')

interface MigrationFile {
  /** The migration's name: its file name without `.ts`. */
  readonly name: string
  readonly file: string
  /** 'platform', or the module whose folder holds it. */
  readonly owner: string
}

function filesIn(folder: string, owner: string): MigrationFile[] {
  let entries: string[]
  try {
    entries = readdirSync(folder)
  } catch {
    return []
  }
  return entries
    .filter((entry) => entry.endsWith('.ts') && !entry.endsWith('.test.ts'))
    .map((entry) => ({ name: entry.slice(0, -3), file: path.join(folder, entry), owner }))
}

const files: MigrationFile[] = [
  ...filesIn(path.join(srcDir, 'platform', 'db', 'migrations'), 'platform'),
  ...readdirSync(path.join(srcDir, 'modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      filesIn(path.join(srcDir, 'modules', entry.name, 'migrations'), entry.name),
    ),
]

function listOf(owner: string): NamedMigrations | undefined {
  if (owner === 'platform') return platformMigrations
  return appModules.find((m) => m.name === owner)?.migrations
}

describe('migration files', () => {
  it('finds the platform’s and the modules’ migration folders', () => {
    expect(files.filter((f) => f.owner === 'platform').length).toBeGreaterThan(0)
    expect(new Set(files.map((f) => f.owner)).size).toBeGreaterThan(3)
  })

  it('registers every file in its owner’s list, under its own name, with its own code', async () => {
    const unregistered: string[] = []
    for (const { name, file, owner } of files) {
      const registered = listOf(owner)?.[name]
      if (registered === undefined) {
        unregistered.push(`${path.relative(srcDir, file)} is not in ${owner}'s migration list`)
        continue
      }
      // Registered under this name, but is it this file (not another file's migration)?
      const code: unknown = await import(pathToFileURL(file).href)
      expect(registered, `${name} is registered with another file's code`).toBe(code)
    }
    expect(unregistered).toEqual([])
  })

  it('runs every file through allMigrations, and registers nothing without a file', () => {
    expect(Object.keys(allMigrations()).sort()).toEqual(files.map((f) => f.name).sort())
  })
})
