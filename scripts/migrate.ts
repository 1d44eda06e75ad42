// `npm run migrate`: apply every pending migration and say what was done. The server also does this
// at start-up; running it first lets a deployment migrate once before starting several processes.
import { allMigrations } from '../src/app.ts'
import { openDatabase } from '../src/platform/db/database.ts'
import { migrateToLatest } from '../src/platform/db/migrations.ts'
import { describeBackend, run, scriptConfig } from './cli.ts'

run(async () => {
  const config = scriptConfig()
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 1,
  })
  try {
    const applied = await migrateToLatest(database.db, allMigrations())
    if (applied.length === 0) {
      console.log(`The database (${describeBackend(config)}) is up to date: nothing to apply.`)
    } else {
      console.log(`Applied ${applied.length} migrations to ${describeBackend(config)}:`)
      for (const name of applied) console.log(`  ${name}`)
    }
  } finally {
    await database.close()
  }
})
