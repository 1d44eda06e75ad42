// `npm run bench:http`: requests per second and p50/p99 latency of the signed-in home page and of
// /healthz under concurrent load on loopback, printed beside a bare Fastify "hello" route measured
// the same way in the same run, as a ratio. The app runs in this process on its configured database
// (an in-memory PGlite unless DATABASE_URL is set); autocannon shares the process, so the bare route
// pays the same client overhead and the ratio is the figure to compare between runs.
//   BENCH_SECONDS (default 10) per target, BENCH_CONNECTIONS (default 20).
import autocannon from 'autocannon'
import Fastify from 'fastify'
import pino from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/platform/config.ts'
import { openDatabase } from '../src/platform/db/database.ts'
import { cookieNames } from '../src/platform/http/cookies.ts'
import { createPartnership, createUser } from '../test/support/factories.ts'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)

interface Figures {
  readonly name: string
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
  readonly errors: number
}

async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<Figures> {
  // A short warm-up (JIT, template cache, connection pool) that is not counted.
  await autocannon({ url, connections, duration: 2, headers })
  const result = await autocannon({ url, connections, duration: seconds, headers })
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

async function main(): Promise<void> {
  const bare = Fastify({ logger: false })
  bare.get('/hello', async () => ({ hello: 'world' }))
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' })

  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    ALLOW_NO_SMTP: 'true',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-012345',
    AUDIT_KEY: 'bench-audit-key-bench-audit-key-bench-audit-01',
    BASE_URL: 'http://localhost:3000',
    DEMO_SEED: 'off',
    JOBS: 'off',
    LOG_LEVEL: 'silent',
  })
  const database = await openDatabase({
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
  })
  const app = await buildApp({ config, database, logger: pino({ level: 'silent' }) })
  const appUrl = await app.server.listen({ port: 0, host: '127.0.0.1' })
  const partnership = await createPartnership(
    app.services.db,
    'Benchmarkshire Safeguarding Children Partnership',
  )
  const user = await createUser(app.services.db, partnership, {
    roles: ['business_unit'],
    displayName: 'Bench Mark',
  })
  const { token } = await app.services.sessions.create(app.services.db, {
    partnershipId: partnership.id,
    userId: user.id,
    stage: 'active',
    method: 'password',
    ip: '127.0.0.1',
    userAgent: 'bench',
  })
  const cookie = `${cookieNames(config.secureCookies).session}=${token}`
  const home = await fetch(`${appUrl}/`, { headers: { cookie } })
  if (home.status !== 200) throw new Error(`The signed-in home page answered ${home.status}`)

  console.log(
    `bench:http — ${connections} connections, ${seconds}s per target, ${database.backend}, Node ${process.version}`,
  )
  const base = await measure('bare Fastify /hello', `${bareUrl}/hello`)
  const results = [
    base,
    await measure('Assure /healthz', `${appUrl}/healthz`),
    await measure('Assure / (signed in)', `${appUrl}/`, { cookie }),
  ]
  console.log('')
  console.log(
    `${'target'.padEnd(24)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs bare'.padStart(8)} ${'non-2xx'.padStart(8)} ${'errors'.padStart(7)}`,
  )
  for (const r of results) {
    console.log(
      `${r.name.padEnd(24)} ${r.rps.toFixed(0).padStart(9)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${(r.rps / base.rps).toFixed(3).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.errors).padStart(7)}`,
    )
  }

  await app.close()
  await database.close()
  await bare.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
