// Operations: readiness when the database is gone, logs without personal data, and no caching of
// anything a signed-in person sees.
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import pino from 'pino'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { testConfig } from '../../../test/support/config.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import { buildApp } from '../../app.ts'
import type { Tables } from '../../schema.ts'
import type { Database } from '../db/database.ts'

describe('readiness when the database cannot be reached', () => {
  it('says not ready (503) while /healthz still says the process is up', async () => {
    // A database on a port where nothing listens: every query fails to connect.
    const pool = new pg.Pool({
      connectionString: 'postgres://nobody@127.0.0.1:1/nothing',
      connectionTimeoutMillis: 2000,
    })
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
    const unreachable: Database = {
      backend: 'postgres',
      db,
      executeSql: () => Promise.reject(new Error('unreachable')),
      close: () => db.destroy(),
    }
    const app = await buildApp({
      config: testConfig(),
      database: unreachable,
      migrate: false,
      logger: pino({ level: 'silent' }),
    })
    try {
      const ready = await app.server.inject({ method: 'GET', url: '/readyz' })
      expect(ready.statusCode).toBe(503)
      expect(JSON.parse(ready.body)).toEqual({
        status: 'not ready',
        checks: { database: 'unreachable', migrations: 'unknown' },
      })
      expect((await app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
    } finally {
      await app.close()
      await db.destroy()
    }
  })
})

describe('what a signed-in request leaves behind', () => {
  let app: TestApp
  const logLines: string[] = []
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString())
        done()
      },
    })
    app = await buildTestApp({ logger: pino({ level: 'info' }, sink) })
  })
  afterAll(async () => {
    await app.close()
  })

  it('logs the request without the person’s email, name or id, or the query string', async () => {
    const partnership = await createPartnership(app.services.db)
    const user = await createUser(app.services.db, partnership, {
      roles: ['partnership_admin'],
      email: 'niamh.o’sullivan@example.org',
      displayName: 'Niamh O’Sullivan',
    })
    const client = await app.clientAs(user)
    const page = await client.get('/dev/outbox?to=niamh.o%E2%80%99sullivan%40example.org')
    expect(page.status).toBe(200)
    const requestLine = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.path === '/dev/outbox')
    expect(requestLine).toMatchObject({ method: 'GET', status: 200, route: '/dev/outbox' })
    const text = logLines.join('\n')
    for (const personal of ['sullivan', 'Sullivan', user.id, 'to=']) {
      expect(text).not.toContain(personal)
    }
  })

  it('sends every page a signed-in person sees, errors included, with Cache-Control: no-store', async () => {
    const partnership = await createPartnership(app.services.db)
    const user = await createUser(app.services.db, partnership, { roles: ['partnership_admin'] })
    const client = await app.clientAs(user)
    for (const url of ['/', '/dev/outbox', '/accessibility', '/no/such/page']) {
      const page = await client.get(url)
      expect(page.headers['cache-control'], url).toBe('no-store')
    }
    // A public page for someone not signed in may be cached.
    const anonymous = await app.client().get('/accessibility')
    expect(anonymous.headers['cache-control']).not.toBe('no-store')
  })
})
