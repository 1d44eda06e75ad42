// Test databases. Each test file gets a database of its own, already migrated: on PGlite, loaded
// from a migrated template made once per run; on PostgreSQL (ASSURE_TEST_DB=postgres), created
// from a template database made once per run. Nothing is shared between files.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { allMigrations } from '../../src/app.ts'
import { openDatabase, type Database } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrations.ts'

export type TestBackend = 'pglite' | 'postgres'

export const backend: TestBackend =
  process.env.ASSURE_TEST_DB === 'postgres' ? 'postgres' : 'pglite'

/** The server and a database we may connect to in order to create and drop test databases. */
export const postgresAdminUrl =
  process.env.ASSURE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const tmpDir = path.resolve(import.meta.dirname, '..', '..', '.tmp')
/**
 * Where this run's template is described. Global setup names the file after its own process and
 * passes the name to the test workers in the environment, so runs that overlap (two terminals, or
 * a PGlite and a PostgreSQL run) never read each other's template.
 */
const TEMPLATE_INFO_VARIABLE = 'ASSURE_TEST_TEMPLATE_INFO'
function templateInfo(): string {
  return process.env[TEMPLATE_INFO_VARIABLE] ?? path.join(tmpDir, `test-template-${backend}.json`)
}

export function databaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Global setup: build the migrated template once. Returns a teardown. */
export async function prepareTemplate(): Promise<() => Promise<void>> {
  mkdirSync(tmpDir, { recursive: true })
  const info = path.join(tmpDir, `test-template-${backend}-${process.pid}.json`)
  process.env[TEMPLATE_INFO_VARIABLE] = info
  const migrations = allMigrations()
  if (backend === 'pglite') {
    const database = await openDatabase({})
    await migrateToLatest(database.db, migrations)
    const file = path.join(tmpDir, `pglite-template-${process.pid}.tar`)
    if (database.dumpDataDir === undefined) throw new Error('PGlite can dump its data directory')
    const dump = await database.dumpDataDir()
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
    await database.close()
    writeFileSync(info, JSON.stringify({ file }))
    return async () => {
      rmSync(file, { force: true })
      rmSync(info, { force: true })
    }
  }
  const run = `${process.pid}_${randomBytes(3).toString('hex')}`
  const template = `assure_tmpl_${run}`
  await withAdmin(async (client) => {
    await client.query(`create database ${template}`)
  })
  const database = await openDatabase({ url: databaseUrl(template) })
  await migrateToLatest(database.db, migrations)
  await database.close()
  writeFileSync(info, JSON.stringify({ template, run }))
  return async () => {
    rmSync(info, { force: true })
    await withAdmin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        // Only this run's databases: other runs (another terminal, a worktree) may be going on.
        `select datname from pg_database where datname like $1 or datname = $2`,
        [`assure_t\\_${run}\\_%`, template],
      )
      for (const { datname } of rows) {
        await client.query(`drop database if exists ${datname} with (force)`)
      }
    })
  }
}

/** A fresh, migrated database for one test file (or one test). Close it when done. */
export async function freshDatabase(): Promise<Database> {
  const infoFile = templateInfo()
  if (!existsSync(infoFile))
    throw new Error('The test database template is missing: run tests through vitest')
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as {
    file?: string
    template?: string
    run?: string
  }
  if (backend === 'pglite') {
    if (info.file === undefined) throw new Error('No PGlite template in this run')
    const blob = new Blob([readFileSync(info.file)])
    return openDatabase({ loadDataDir: blob })
  }
  const name = `assure_t_${info.run ?? process.pid}_${randomBytes(6).toString('hex')}`
  await withAdmin(async (client) => {
    if (info.template === undefined) throw new Error('No PostgreSQL template in this run')
    await client.query(`create database ${name} template ${info.template}`)
  })
  const database = await openDatabase({ url: databaseUrl(name), poolSize: 5 })
  return {
    ...database,
    async close() {
      await database.close()
      await withAdmin(async (client) => {
        await client.query(`drop database if exists ${name} with (force)`)
      })
    },
  }
}

/** This run's tag, which every database it creates carries, so its teardown drops only those. */
export function runTag(): string {
  const infoFile = templateInfo()
  if (!existsSync(infoFile)) return String(process.pid)
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { run?: string }
  return info.run ?? String(process.pid)
}

/** An empty (unmigrated) database, for migration tests. */
export async function emptyDatabase(): Promise<Database> {
  if (backend === 'pglite') return openDatabase({})
  const name = `assure_t_${runTag()}_${randomBytes(6).toString('hex')}`
  await withAdmin(async (client) => {
    await client.query(`create database ${name}`)
  })
  const database = await openDatabase({ url: databaseUrl(name), poolSize: 5 })
  return {
    ...database,
    async close() {
      await database.close()
      await withAdmin(async (client) => {
        await client.query(`drop database if exists ${name} with (force)`)
      })
    },
  }
}
