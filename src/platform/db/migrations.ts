// Forward-only schema migrations, run at start-up and by `npm run migrate`. Each module brings its
// own; they run in name order (names start with a date, so modules written in parallel interleave
// by when they were written). There are no `down` migrations: a mistake is mended by a new one.
import type { Tables } from '../../schema.ts'
import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely'

export type NamedMigrations = Readonly<Record<string, Migration>>

/** Kysely needs a database type to build statements; migrations name tables as strings anyway. */
export type MigrationDb = Kysely<unknown>

class ListProvider implements MigrationProvider {
  constructor(private readonly migrations: NamedMigrations) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve({ ...this.migrations })
  }
}

export function collectMigrations(sets: readonly NamedMigrations[]): NamedMigrations {
  const all: Record<string, Migration> = {}
  for (const set of sets) {
    for (const [name, migration] of Object.entries(set)) {
      if (!/^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9-]+$/.test(name)) {
        throw new Error(`Migration name "${name}" must look like 2026-11-21-0001-what-it-does`)
      }
      if (name in all) throw new Error(`Two migrations are named "${name}"`)
      all[name] = migration
    }
  }
  return all
}

function migrator(db: Kysely<Tables>, migrations: NamedMigrations): Migrator {
  return new Migrator({
    db,
    provider: new ListProvider(migrations),
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  })
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly failedMigration: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'MigrationError'
  }
}

/** Applies every pending migration; returns the names applied (empty when already current). */
export async function migrateToLatest(
  db: Kysely<Tables>,
  migrations: NamedMigrations,
): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(db, migrations).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error !== undefined) {
    throw new MigrationError(
      `Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      failed?.migrationName,
      { cause: error },
    )
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Names of migrations known to the code but not yet applied to the database. */
export async function pendingMigrations(
  db: Kysely<Tables>,
  migrations: NamedMigrations,
): Promise<string[]> {
  const all = await migrator(db, migrations).getMigrations()
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name)
}
