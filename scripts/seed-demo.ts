// `npm run seed:demo`: re-create the fictional Northshire demo. The database is emptied (every
// table, and the job queue) and built again from the migrations, then the demo is seeded exactly as
// `npm start` seeds an empty database, and how to sign in is printed. It refuses to touch a database
// that holds any partnership that is not demo data, and it never runs in production.
import { sql } from 'kysely'
import { buildApp } from '../src/app.ts'
import { openDatabase } from '../src/platform/db/database.ts'
import { demoBanner } from '../src/platform/demo/banner.ts'
import pino from 'pino'
import { describeBackend, fail, run, scriptConfig } from './cli.ts'

run(async () => {
  const config = scriptConfig()
  if (config.env === 'production') fail('seed:demo does not run when NODE_ENV is production.')

  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 1,
  })
  try {
    const hasPartnerships = await sql<{ exists: boolean }>`
      select to_regclass('public.partnership') is not null as exists`.execute(database.db)
    if (hasPartnerships.rows[0]?.exists === true) {
      const real = await database.db
        .selectFrom('partnership')
        .select('name')
        .where('is_demo', '=', false)
        .execute()
      if (real.length > 0) {
        fail(
          `seed:demo stopped: the database holds ${real.length} partnership(s) that are not demo ` +
            'data. It only re-creates a database that holds nothing but the demo.',
        )
      }
    }
    // Everything the migrations and the job queue made goes, so the demo starts from empty.
    await database.executeSql(
      'drop schema if exists pgboss cascade; drop schema public cascade; create schema public;',
    )
  } finally {
    await database.close()
  }

  const app = await buildApp({
    config: { ...config, demo: { ...config.demo, seed: true } },
    logger: pino({ level: 'warn' }),
    startJobs: false,
  })
  try {
    if (app.demo === undefined) fail('seed:demo found the database not empty after emptying it.')
    console.log(`The demo was re-created in ${describeBackend(config)}.`)
    process.stdout.write(demoBanner(app.demo, config))
  } finally {
    await app.close()
  }
})
