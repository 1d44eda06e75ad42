// Benchmark: the performance module for a large partnership — by default 200 indicators, 15
// districts, 10 years monthly (360,000 values) — on PGlite and on PostgreSQL.
//
//  - scorecard page and indicator drill-down through the whole HTTP pipeline (p50/p99), against
//    the floor of running, directly and one after another, every SQL statement the page itself
//    ran (recorded from a real request: the session and access look-ups as well as the
//    scorecard's own queries), so page ÷ floor is what the application adds;
//  - upload of a 100,000-row CSV (check, preview record, confirm) in rows/s, against PostgreSQL
//    COPY of the same rows into the same table.
//
//   npm run bench:performance                     both backends
//   BENCH_BACKENDS=pglite npm run bench:performance
//   DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
//   BENCH_INDICATORS, BENCH_AREAS, BENCH_YEARS, BENCH_ITERATIONS, BENCH_UPLOAD_ROWS to resize;
//   BENCH_SHOW_SQL=on lists the statements the scorecard page ran.
//
// Prints figures; asserts nothing.
import { randomBytes } from 'node:crypto'
import { performance as perf } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type {
  CompiledQuery,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import pg from 'pg'
import pino from 'pino'
import { from as copyFrom } from 'pg-copy-streams'
import { buildApp, type App } from '../src/app.ts'
import { loadConfig } from '../src/platform/config.ts'
import { openDatabase, type Database } from '../src/platform/db/database.ts'
import { cookieNames } from '../src/platform/http/cookies.ts'
import { tenantScope, type TenantScope } from '../src/platform/tenancy.ts'
import * as repo from '../src/modules/performance/repository.ts'
import { performancePaths } from '../src/modules/performance/paths.ts'
import { SUBMISSION_IMPORT } from '../src/modules/performance/submission-import.ts'
import { importPaths } from '../src/platform/imports/index.ts'
import { addMonths, periodCode, periodsBetween } from '../src/modules/performance/rules/periods.ts'

const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 200)
const AREAS = Number(process.env.BENCH_AREAS ?? 15)
const YEARS = Number(process.env.BENCH_YEARS ?? 10)
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30)
const UPLOAD_ROWS = Number(process.env.BENCH_UPLOAD_ROWS ?? 100_000)
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',')
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const MONTH = '2026-10-01'

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * (sorted.length - 1)))] ?? Number.NaN
}

async function time(
  iterations: number,
  run: () => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  await run() // warm-up
  const samples: number[] = []
  for (let i = 0; i < iterations; i += 1) {
    const start = perf.now()
    await run()
    samples.push(perf.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) }
}

const ms = (v: number) => `${v.toFixed(1)} ms`

interface Fixture {
  readonly scope: TenantScope
  readonly cookie: string
  readonly indicatorIds: readonly string[]
  readonly areaIds: readonly string[]
}

async function setUp(app: App, name: string, withValues: boolean): Promise<Fixture> {
  const db = app.services.db
  const partnership = await db
    .insertInto('partnership')
    .values({ name: `Benchshire ${name} Safeguarding Children Partnership`, short_name: 'BSCP' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const scope = tenantScope(partnership.id)
  const agency = await db
    .insertInto('agency')
    .values({
      partnership_id: scope.partnershipId,
      name: 'Benchshire Council',
      type: 'local_authority',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const user = await db
    .insertInto('app_user')
    .values({
      partnership_id: scope.partnershipId,
      email: `bench.${name}@example.org`,
      display_name: 'Bench Analyst',
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('user_role')
    .values({ partnership_id: scope.partnershipId, user_id: user.id, role: 'business_unit' })
    .execute()
  const session = await app.services.sessions.create(db, {
    partnershipId: scope.partnershipId,
    userId: user.id,
    stage: 'active',
    method: 'password',
    ip: '127.0.0.1',
    userAgent: 'bench',
  })
  const areas = await repo.insertAreas(db, scope, [
    { name: 'Whole partnership', kind: 'partnership', sortOrder: 0 },
    ...Array.from({ length: AREAS }, (_, i) => ({
      name: `District ${i + 1}`,
      kind: 'district' as const,
      sortOrder: i + 1,
    })),
  ])
  const districts = areas.filter((a) => a.kind === 'district').map((a) => a.id)
  await repo.upsertPopulation(
    db,
    scope,
    districts.flatMap((areaId) =>
      Array.from({ length: YEARS + 1 }, (_, y) => ({ areaId, year: 2016 + y, population: 12000 })),
    ),
  )
  const units = ['percentage', 'rate_per_10000', 'count'] as const
  const created = await repo.insertIndicators(
    db,
    scope,
    Array.from({ length: INDICATORS }, (_, i) => ({
      code: `B-${String(i + 1).padStart(3, '0')}`,
      title: `Benchmark indicator ${i + 1}`,
      definition: 'A generated indicator.',
      numeratorDefinition: null,
      denominatorDefinition: null,
      unit: units[i % 3] ?? 'count',
      polarity: i % 2 === 0 ? ('higher_is_better' as const) : ('lower_is_better' as const),
      frequency: 'monthly' as const,
      measure: 'period_total' as const,
      ownerAgencyId: agency.id,
      source: null,
      priority: `Priority ${(i % 5) + 1}`,
      subGroup: 'Performance',
      target: 50,
      tolerance: 5,
      byArea: true,
      daysToSubmit: 15,
    })),
    new Date(),
  )
  const indicatorIds = created.map((c) => c.id)
  await repo.insertVersions(
    db,
    scope,
    indicatorIds.map((indicatorId) => ({
      indicatorId,
      version: 1,
      effectiveFrom: '2016-01-01',
      title: 't',
      definition: 'd',
      numeratorDefinition: null,
      denominatorDefinition: null,
      unit: 'count' as const,
      reason: null,
      createdByUserId: null,
    })),
    new Date(),
  )
  if (withValues) {
    const periods = periodsBetween('monthly', addMonths(MONTH, -(YEARS * 12 - 1)), MONTH)
    const started = perf.now()
    const batch: repo.NewValue[] = []
    let total = 0
    const flush = async () => {
      await repo.insertValues(db, scope, batch)
      total += batch.length
      batch.length = 0
    }
    for (const indicatorId of indicatorIds)
      for (const periodStart of periods)
        for (const areaId of districts) {
          const numerator = 20 + ((total + batch.length) % 60)
          batch.push({
            indicatorId,
            areaId,
            periodStart,
            numerator,
            denominator: 100,
            value: numerator,
            status: 'final',
            confidence: 'high',
            note: null,
            submittedAt: new Date(),
            submittedByUserId: null,
            submittedByLabel: 'bench',
          })
          if (batch.length >= 20000) await flush()
        }
    await flush()
    console.log(
      `  loaded ${total.toLocaleString('en-GB')} values in ${((perf.now() - started) / 1000).toFixed(1)} s`,
    )
  }
  return {
    scope,
    cookie: `${cookieNames(false).session}=${session.token}`,
    indicatorIds,
    areaIds: districts,
  }
}

/**
 * Records the statements the application runs while it is switched on, compiled exactly as they
 * were sent, so the floor replays the page's own SQL and nothing else.
 */
class SqlRecorder implements KyselyPlugin {
  #recording: CompiledQuery[] | undefined
  #compile: ((node: RootOperationNode, args: PluginTransformQueryArgs) => CompiledQuery) | undefined

  attach(compile: (node: RootOperationNode, args: PluginTransformQueryArgs) => CompiledQuery) {
    this.#compile = compile
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.#recording !== undefined && this.#compile !== undefined)
      this.#recording.push(this.#compile(args.node, args))
    return args.node
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result)
  }

  async record(run: () => Promise<unknown>): Promise<CompiledQuery[]> {
    this.#recording = []
    try {
      await run()
      return this.#recording
    } finally {
      this.#recording = undefined
    }
  }
}

async function replay(database: Database, queries: readonly CompiledQuery[]): Promise<void> {
  for (const query of queries) await database.db.executeQuery(query)
}

async function get(app: App, url: string, cookie: string): Promise<void> {
  const response = await app.server.inject({ method: 'GET', url, headers: { cookie } })
  if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`)
}

function uploadCsv(fixture: Fixture, rows: number): { csv: string; rows: string[][] } {
  const header =
    'Indicator code,Indicator,Period,Area,Numerator,Denominator,Value,Status,Confidence,Note'
  const lines = [header]
  const raw: string[][] = []
  const months = Math.ceil(rows / (fixture.indicatorIds.length * AREAS))
  const periods = periodsBetween('monthly', addMonths(MONTH, -(months - 1)), MONTH)
  outer: for (let i = 0; i < fixture.indicatorIds.length; i += 1)
    for (const p of periods)
      for (let a = 0; a < AREAS; a += 1) {
        if (lines.length > rows) break outer
        const code = `B-${String(i + 1).padStart(3, '0')}`
        lines.push(
          `${code},,${periodCode('monthly', p)},District ${a + 1},${30 + (a % 40)},100,,final,high,`,
        )
        raw.push([
          fixture.indicatorIds[i] ?? '',
          fixture.areaIds[a] ?? '',
          p,
          String(30 + (a % 40)),
        ])
      }
  return { csv: `${lines.join('\n')}\n`, rows: raw }
}

function multipart(csv: string, csrf: string): { body: Buffer; contentType: string } {
  const boundary = `----bench${randomBytes(6).toString('hex')}`
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

async function benchUpload(app: App, fixture: Fixture, url: string | undefined): Promise<void> {
  const { csv, rows } = uploadCsv(fixture, UPLOAD_ROWS)
  const page = await app.server.inject({
    method: 'GET',
    url: performancePaths.submissions(),
    headers: { cookie: fixture.cookie },
  })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  const cookie = [fixture.cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ')
  const { body, contentType } = multipart(csv, csrf)
  const started = perf.now()
  const checked = await app.server.inject({
    method: 'POST',
    url: importPaths(SUBMISSION_IMPORT).upload(),
    payload: body,
    headers: { cookie, 'content-type': contentType },
  })
  const location = checked.headers.location
  if (checked.statusCode !== 303 || typeof location !== 'string')
    throw new Error(`upload answered ${checked.statusCode}`)
  const checkedAt = perf.now()
  const preview = await app.server.inject({ method: 'GET', url: location, headers: { cookie } })
  const previewedAt = perf.now()
  const confirmCsrf = /name="_csrf" value="([^"]+)"/.exec(preview.body)?.[1] ?? csrf
  const done = await app.server.inject({
    method: 'POST',
    url: `${location}/confirm`,
    payload: `_csrf=${encodeURIComponent(confirmCsrf)}`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  })
  if (done.statusCode !== 303) throw new Error(`confirm answered ${done.statusCode}`)
  const seconds = (perf.now() - started) / 1000
  console.log(
    `  upload of ${rows.length.toLocaleString('en-GB')} rows: check ${((checkedAt - started) / 1000).toFixed(1)} s, preview ${((previewedAt - checkedAt) / 1000).toFixed(1)} s, confirm ${((perf.now() - previewedAt) / 1000).toFixed(1)} s`,
  )
  console.log(
    `  upload total ${seconds.toFixed(1)} s = ${Math.round(rows.length / seconds).toLocaleString('en-GB')} rows/s`,
  )
  if (url === undefined) return
  // The floor: COPY the same rows into the same table (after removing the uploaded ones).
  await app.services.db
    .deleteFrom('perf_value')
    .where('partnership_id', '=', fixture.scope.partnershipId)
    .execute()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const copyStart = perf.now()
  const now = new Date().toISOString()
  const lines = rows.map(
    ([indicatorId, areaId, periodStart, numerator]) =>
      `${fixture.scope.partnershipId}\t${indicatorId}\t${areaId}\t${periodStart}\t${numerator}\t100\t${numerator}\tfinal\thigh\t${now}\t${now}\tbench\n`,
  )
  await pipeline(
    Readable.from(lines),
    client.query(
      copyFrom(
        'copy perf_value (partnership_id, indicator_id, area_id, period_start, numerator, denominator, value, status, confidence, first_submitted_at, submitted_at, submitted_by_label) from stdin',
      ),
    ),
  )
  const copySeconds = (perf.now() - copyStart) / 1000
  await client.end()
  const copyRate = rows.length / copySeconds
  console.log(
    `  PostgreSQL COPY of the same rows: ${copySeconds.toFixed(2)} s = ${Math.round(copyRate).toLocaleString('en-GB')} rows/s`,
  )
  console.log(`  upload / COPY: ${(seconds / copySeconds).toFixed(1)}× the floor's time`)
}

async function run(backend: string): Promise<void> {
  let database: Database
  let url: string | undefined
  let dropName: string | undefined
  if (backend === 'postgres') {
    dropName = `assure_bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: ADMIN_URL })
    await admin.connect()
    await admin.query(`create database ${dropName}`)
    await admin.end()
    url = ADMIN_URL.replace(/\/[^/]*$/, `/${dropName}`)
    database = await openDatabase({ url, poolSize: 5 })
  } else database = await openDatabase({})
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    BASE_URL: 'http://localhost:3000',
    DEMO_SEED: 'off',
    JOBS: 'off',
    LOG_LEVEL: 'silent',
  })
  const recorder = new SqlRecorder()
  const executor = database.db.getExecutor()
  recorder.attach((node, args) => executor.compileQuery(node, args.queryId))
  const app = await buildApp({
    config,
    database: { ...database, db: database.db.withPlugin(recorder) },
    logger: pino({ level: 'silent' }),
  })
  try {
    console.log(
      `\n${backend}: ${INDICATORS} indicators × ${AREAS} districts × ${YEARS} years monthly`,
    )
    const fixture = await setUp(app, 'large', true)
    const scorecardUrl = performancePaths.scorecard(undefined, { month: MONTH.slice(0, 7) })
    const page = await time(ITERATIONS, () => get(app, scorecardUrl, fixture.cookie))
    const scorecardSql = await recorder.record(() => get(app, scorecardUrl, fixture.cookie))
    if (process.env.BENCH_SHOW_SQL === 'on')
      for (const q of scorecardSql) console.log(`    ${q.sql.slice(0, 140)}`)
    const floor = await time(ITERATIONS, () => replay(database, scorecardSql))
    console.log(`  scorecard page:  p50 ${ms(page.p50)}, p99 ${ms(page.p99)}`)
    console.log(
      `  its SQL alone (${scorecardSql.length} statements): p50 ${ms(floor.p50)}, p99 ${ms(floor.p99)}  → page/SQL p50 ${(page.p50 / floor.p50).toFixed(1)}×`,
    )
    const indicatorId = fixture.indicatorIds[Math.min(7, fixture.indicatorIds.length - 1)] ?? ''
    const drillUrl = performancePaths.indicator({ indicatorId }, { month: MONTH.slice(0, 7) })
    const drill = await time(ITERATIONS, () => get(app, drillUrl, fixture.cookie))
    const drillSql = await recorder.record(() => get(app, drillUrl, fixture.cookie))
    const drillFloor = await time(ITERATIONS, () => replay(database, drillSql))
    console.log(`  drill-down page: p50 ${ms(drill.p50)}, p99 ${ms(drill.p99)}`)
    console.log(
      `  its SQL alone (${drillSql.length} statements): p50 ${ms(drillFloor.p50)}, p99 ${ms(drillFloor.p99)}  → page/SQL p50 ${(drill.p50 / drillFloor.p50).toFixed(1)}×`,
    )
    if (process.env.BENCH_UPLOAD !== 'off') {
      const uploadFixture = await setUp(app, 'upload', false)
      await benchUpload(app, uploadFixture, url)
    }
  } finally {
    await app.close()
    await database.close().catch(() => undefined)
    if (dropName !== undefined) {
      const admin = new pg.Client({ connectionString: ADMIN_URL })
      await admin.connect()
      await admin.query(`drop database if exists ${dropName} with (force)`)
      await admin.end()
    }
  }
}

for (const backend of BACKENDS) await run(backend.trim())
