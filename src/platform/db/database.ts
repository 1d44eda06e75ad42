// One SQL dialect, two servers: PGlite in this process (no DATABASE_URL) or PostgreSQL through
// `pg`. Both return the same JavaScript types for the same column types, so nothing above this
// file can tell them apart.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Tables } from '../../schema.ts'
import { Mutex, PGliteDialect } from './pglite-dialect.ts'

export type Backend = 'pglite' | 'postgres'

export interface Database {
  readonly backend: Backend
  readonly db: Kysely<Tables>
  /**
   * Runs SQL text as given, for libraries that bring their own SQL (the job queue). Without
   * values it may hold several statements. Goes through the same gate as Kysely.
   */
  executeSql(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[] }>
  /** PGlite only: the whole data directory as a tarball (tests start each file from one). */
  dumpDataDir?(): Promise<Blob>
  close(): Promise<void>
}

// PostgreSQL type OIDs whose default parsing differs between pg and PGlite, or is unsafe.
const INT8 = 20
const NUMERIC = 1700
const DATE = 1082

/**
 * `date` stays a 'YYYY-MM-DD' string: a calendar date has no time zone, and turning it into a
 * JavaScript Date shifts it a day in half the world. `bigint` (count(*), sums) and `numeric`
 * become numbers; the values this system stores are far inside the safe-integer range.
 */
const parsers: Record<number, (value: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, PGlite. */
  readonly url?: string | undefined
  /** Folder for PGlite's files; when absent with no URL, an in-memory database (tests). */
  readonly dataDir?: string | undefined
  /** A PGlite data directory dump to start from (tests start from a migrated template). */
  readonly loadDataDir?: Blob | undefined
  readonly poolSize?: number | undefined
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url === undefined
    ? openPglite(options)
    : openPostgres(options.url, options.poolSize ?? 10)
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        parsers[oid] ??
        (pg.types.getTypeParser as (oid: number, format: string) => unknown)(
          oid,
          format ?? 'text',
        )) as typeof pg.types.getTypeParser,
    },
  })
  // An idle connection the server ends (a restart, a failover, an administrator) is dropped by the
  // pool and replaced at the next query; without a listener its 'error' would end the process.
  pool.on('error', () => {})
  // Fail here, with the server's own message, rather than on the first request.
  const client = await pool.connect()
  client.release()
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
  return {
    backend: 'postgres',
    db,
    async executeSql(text, values) {
      const result = await pool.query(text, values === undefined ? undefined : [...values])
      // With several statements and no values pg returns one result per statement.
      const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult | undefined) : result
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] }
    },
    async close() {
      await db.destroy()
      // Kysely ends the pool only if it ever used it; executeSql alone does not count.
      if (!pool.ended) await pool.end()
    },
  }
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  let releaseFolder: (() => void) | undefined
  let dataDir: string | undefined
  if (options.dataDir !== undefined) {
    dataDir = path.resolve(options.dataDir, 'pglite')
    mkdirSync(dataDir, { recursive: true })
    releaseFolder = lockFolder(path.resolve(options.dataDir))
  }
  let client: PGlite
  try {
    client = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      parsers,
    })
  } catch (error) {
    releaseFolder?.()
    throw error
  }
  const mutex = new Mutex()
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(client, mutex) })
  let closed = false
  return {
    backend: 'pglite',
    db,
    async executeSql(text, values) {
      return mutex.runExclusive(async () => {
        if (values === undefined || values.length === 0) {
          const results = await client.exec(text)
          return { rows: results.at(-1)?.rows ?? [] }
        }
        const result = await client.query<Record<string, unknown>>(text, [...values])
        return { rows: result.rows }
      })
    },
    async dumpDataDir() {
      return mutex.runExclusive(() => client.dumpDataDir('none'))
    },
    async close() {
      if (closed) return
      closed = true
      await db.destroy()
      // Wait for anything still holding the connection, then close PGlite cleanly.
      await mutex.runExclusive(() => client.close())
      releaseFolder?.()
    },
  }
}

/**
 * PGlite is one process's database: two processes writing the same folder would corrupt it.
 * A lock file with our process id keeps a second one out; a lock left by a process that no
 * longer exists (killed, crashed) is taken over.
 */
function lockFolder(folder: string): () => void {
  const lockPath = path.join(folder, 'assure.lock')
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const holder = Number(readFileSync(lockPath, 'utf8'))
    if (Number.isInteger(holder) && holder !== process.pid && processExists(holder)) {
      throw new Error(
        `The database folder ${folder} is in use by process ${holder}. PGlite serves one process; ` +
          'stop the other process, or set DATABASE_URL to share a PostgreSQL server.',
        { cause: error },
      )
    }
    writeFileSync(lockPath, String(process.pid))
  }
  return () => {
    rmSync(lockPath, { force: true })
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
