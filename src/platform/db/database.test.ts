// Runs on PGlite (npm test) and on PostgreSQL (npm run test:postgres): the same assertions on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { allMigrations } from '../../app.ts'
import { backend, emptyDatabase, freshDatabase } from '../../../test/support/databases.ts'
import { createPartnership } from '../../../test/support/factories.ts'
import type { Database } from './database.ts'
import { migrateToLatest, pendingMigrations } from './migrations.ts'

describe(`migrations (${backend})`, () => {
  it('apply from empty, and applying again is a no-op', async () => {
    const database = await emptyDatabase()
    try {
      const migrations = allMigrations()
      expect(await pendingMigrations(database.db, migrations)).toEqual(
        Object.keys(migrations).sort(),
      )
      const applied = await migrateToLatest(database.db, migrations)
      expect(applied).toEqual(Object.keys(migrations).sort())
      expect(await migrateToLatest(database.db, migrations)).toEqual([])
      expect(await pendingMigrations(database.db, migrations)).toEqual([])
    } finally {
      await database.close()
    }
  }, 180_000)

  it('refuse an out-of-order migration name', async () => {
    const database = await emptyDatabase()
    try {
      await migrateToLatest(database.db, allMigrations())
      const late = { ...allMigrations(), '2000-01-01-0001-too-early': { up: async () => {} } }
      await expect(migrateToLatest(database.db, late)).rejects.toThrow(/too-early|order/)
    } finally {
      await database.close()
    }
  }, 180_000)
})

describe(`database (${backend})`, () => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('returns the same JavaScript types on both backends', async () => {
    const row = await sql<{ d: unknown; n: unknown; c: unknown; t: unknown; j: unknown }>`
      select date '2024-03-31' as d, 12.5::numeric as n, count(*) as c, timestamptz '2024-03-31T01:30:00Z' as t,
        '{"a": [1, "ü"]}'::jsonb as j
      from (values (1), (2)) v(x)`.execute(database.db)
    expect(row.rows[0]).toEqual({
      d: '2024-03-31',
      n: 12.5,
      c: 2,
      t: new Date('2024-03-31T01:30:00Z'),
      j: { a: [1, 'ü'] },
    })
  })

  it('keeps concurrent transactions apart: a rollback takes only its own writes', async () => {
    const first = await createPartnership(database.db)
    let open!: () => void
    const gate = { promise: new Promise<void>((resolve) => (open = resolve)) }
    const rolledBack = database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('agency')
        .values({ partnership_id: first.id, name: 'Rolled back', type: 'other' })
        .execute()
      await gate.promise
      throw new Error('roll back')
    })
    const committed = database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('agency')
        .values({ partnership_id: first.id, name: 'Committed', type: 'other' })
        .execute()
    })
    // Let both start before the first one gives up.
    await new Promise((resolve) => setTimeout(resolve, 50))
    open()
    await expect(rolledBack).rejects.toThrow('roll back')
    await committed
    const names = await database.db
      .selectFrom('agency')
      .select('name')
      .where('partnership_id', '=', first.id)
      .execute()
    expect(names.map((n) => n.name)).toEqual(['Committed'])
  })

  it('refuses a row that points into another partnership', async () => {
    const a = await createPartnership(database.db)
    const b = await createPartnership(database.db)
    const agencyOfB = await database.db
      .insertInto('agency')
      .values({ partnership_id: b.id, name: 'Agency of B', type: 'police' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await expect(
      database.db
        .insertInto('app_user')
        .values({
          partnership_id: a.id,
          email: 'cross@example.org',
          display_name: 'Cross',
          agency_id: agencyOfB.id,
        })
        .execute(),
    ).rejects.toThrow(/foreign key/)
  })

  it('runs raw multi-statement SQL for the job queue', async () => {
    const result = await database.executeSql(
      'create temporary table tmp_x(a int); insert into tmp_x values (7); select a from tmp_x',
    )
    expect(result.rows).toEqual([{ a: 7 }])
    expect((await database.executeSql('select $1::int + 1 as b', [41])).rows).toEqual([{ b: 42 }])
  })
})
