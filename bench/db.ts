// `npm run bench:db`: the same aggregate query over one million generated rows on PGlite (on disk,
// in a temporary folder) and on PostgreSQL (a temporary database on ASSURE_BENCH_POSTGRES_URL's
// server, default postgres://postgres@127.0.0.1:5432/postgres), printed side by side. Rows are
// generated in SQL with generate_series, shaped like agency data submissions: a partnership, an
// agency, an indicator, a month and a value.
//   BENCH_ROWS (default 1000000), BENCH_RUNS (default 5).
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Database } from '../src/platform/db/database.ts'

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000)
const runs = Number(process.env.BENCH_RUNS ?? 5)
const adminUrl =
  process.env.ASSURE_BENCH_POSTGRES_URL ??
  process.env.ASSURE_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres'

const create = `
  create table bench_submission (
    partnership_id int not null,
    id int not null,
    agency_id int not null,
    indicator text not null,
    period date not null,
    value int not null,
    primary key (partnership_id, id)
  )`

const generate = `
  insert into bench_submission
  select 1 + (g % 4), g, 1 + (g % 23), 'indicator-' || (g % 40),
         date '2020-01-01' + ((g % 72) * 30), (g::bigint * 7919) % 1000
  from generate_series(1, ${rows}) as g`

// Per agency and indicator over two years, for one partnership: count, total, mean, spread.
const aggregate = `
  select agency_id, indicator, count(*) as submissions, sum(value) as total,
         round(avg(value), 2) as mean, min(value) as lowest, max(value) as highest
  from bench_submission
  where partnership_id = 2 and period >= date '2022-01-01' and period < date '2024-01-01'
  group by agency_id, indicator
  order by agency_id, indicator`

interface Figures {
  readonly generateMs: number
  readonly runsMs: readonly number[]
  readonly groups: number
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await fn()
  return { ms: performance.now() - start, value }
}

async function bench(database: Database): Promise<Figures> {
  await database.executeSql(create)
  const generated = await time(() => database.executeSql(generate))
  await database.executeSql('analyze bench_submission')
  const runsMs: number[] = []
  let groups = 0
  for (let i = 0; i < runs; i++) {
    const run = await time(() => database.executeSql(aggregate))
    runsMs.push(run.ms)
    groups = run.value.rows.length
  }
  return { generateMs: generated.ms, runsMs, groups }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

async function onPglite(): Promise<Figures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assure-bench-'))
  const database = await openDatabase({ dataDir: dir })
  try {
    return await bench(database)
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function onPostgres(): Promise<Figures | string> {
  const name = `assure_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  try {
    await admin.connect()
  } catch (error) {
    return `not measured (${error instanceof Error ? error.message : String(error)})`
  }
  try {
    await admin.query(`create database ${name}`)
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    const database = await openDatabase({ url: url.toString(), poolSize: 1 })
    try {
      return await bench(database)
    } finally {
      await database.close()
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

const format = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1))

async function main(): Promise<void> {
  console.log(
    `bench:db — ${rows.toLocaleString('en-GB')} rows, ${runs} runs of the aggregate query`,
  )
  const lite = await onPglite()
  const post = await onPostgres()
  const column = (f: Figures | string, pick: (f: Figures) => number): string =>
    typeof f === 'string' ? '—' : format(pick(f))
  console.log('')
  console.log(`${''.padEnd(28)} ${'PGlite'.padStart(10)} ${'PostgreSQL'.padStart(11)}`)
  const line = (label: string, pick: (f: Figures) => number) => {
    console.log(
      `${label.padEnd(28)} ${column(lite, pick).padStart(10)} ${column(post, pick).padStart(11)}`,
    )
  }
  line('generate rows (ms)', (f) => f.generateMs)
  line('aggregate, first run (ms)', (f) => f.runsMs[0] ?? Number.NaN)
  line('aggregate, median (ms)', (f) => median(f.runsMs))
  line('aggregate, fastest (ms)', (f) => Math.min(...f.runsMs))
  line('groups returned', (f) => f.groups)
  if (typeof post !== 'string') {
    console.log(
      `\nPGlite / PostgreSQL, median aggregate: ${(median(lite.runsMs) / median(post.runsMs)).toFixed(2)}x`,
    )
  } else {
    console.log(`\nPostgreSQL ${post}`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
