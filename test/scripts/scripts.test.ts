// `npm run migrate` and `npm run seed:demo`, run as an operator runs them: as child processes on a
// database of their own (PGlite in a temporary DATA_DIR, or a fresh PostgreSQL database when the
// tier runs on PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allMigrations } from '../../src/app.ts'
import { openDatabase, type Database } from '../../src/platform/db/database.ts'
import { backend } from '../support/databases.ts'
import { processDatabase, runTs, type ProcessDatabase } from '../support/processes.ts'

const DEMO_PASSWORD = 'fictional-demo-password-42'

describe(`command-line scripts (${backend})`, { timeout: 300_000 }, () => {
  let place: ProcessDatabase
  beforeAll(async () => {
    place = await processDatabase()
  })
  afterAll(async () => {
    await place.remove()
  })

  async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 1 })
    try {
      return await fn(database)
    } finally {
      await database.close()
    }
  }

  it('migrate applies every migration to an empty database, then finds nothing to do', async () => {
    const first = await runTs('scripts/migrate.ts', place.env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    for (const name of Object.keys(allMigrations())) expect(first.stdout).toContain(name)

    const second = await runTs('scripts/migrate.ts', place.env)
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/up to date: nothing to apply/)
    const applied = await withDatabase((d) =>
      d.db
        .selectFrom('schema_migration' as never)
        .select('name' as never)
        .execute(),
    )
    expect(applied).toHaveLength(Object.keys(allMigrations()).length)
  })

  it('seed:demo replaces whatever demo was there with a fresh one and prints how to sign in', async () => {
    await withDatabase(async (d) => {
      await d.db
        .insertInto('partnership')
        .values({ name: 'An older demo', short_name: 'OLD', is_demo: true })
        .execute()
    })
    const seeded = await runTs('scripts/seed-demo.ts', {
      ...place.env,
      DEMO_PASSWORD,
    })
    expect(seeded.stderr).toBe('')
    expect(seeded.code).toBe(0)
    expect(seeded.stdout).toContain('Northshire Safeguarding Children Partnership')
    expect(seeded.stdout).toContain(`Password for every demo account: ${DEMO_PASSWORD}`)
    expect(seeded.stdout).toContain('admin@northshire-scp.example')
    // Case-level roles get a two-factor setup key (base32).
    expect(seeded.stdout).toMatch(/lado@northshire-scp\.example\s+[A-Z2-7]{32}/)

    const names = await withDatabase(async (d) => {
      const rows = await d.db.selectFrom('partnership').select('name').orderBy('name').execute()
      return rows.map((r) => r.name)
    })
    expect(names).toEqual([
      'Northshire Safeguarding Children Partnership',
      'Southmoor Safeguarding Children Partnership',
    ])
  })

  it('seed:demo refuses a database that holds a partnership that is not demo data, and leaves it alone', async () => {
    await withDatabase(async (d) => {
      await d.db
        .insertInto('partnership')
        .values({ name: 'Real partnership', short_name: 'REAL', is_demo: false })
        .execute()
    })
    const refused = await runTs('scripts/seed-demo.ts', place.env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/not demo data/)
    const count = await withDatabase(async (d) =>
      d.db
        .selectFrom('partnership')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    )
    expect(count.n).toBe(3)
  })

  it('stops with a message naming the variable when the configuration is wrong', async () => {
    const wrong = await runTs('scripts/migrate.ts', { ...place.env, DATABASE_URL: 'mysql://x/y' })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/DATABASE_URL must be a postgres/)
    expect(wrong.stderr).not.toContain('mysql://x/y')
  })
})
