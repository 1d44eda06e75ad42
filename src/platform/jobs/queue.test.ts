// The job queue (pg-boss) on both backends: a job queued while no worker runs is done after a
// restart, and on PostgreSQL two app processes sharing one database run each job exactly once.
// PGlite is one process's database (the data folder is locked), so there the second process is
// refused instead: to share jobs between processes, use PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { backend, freshDatabase } from '../../../test/support/databases.ts'
import { processDatabase, runTs } from '../../../test/support/processes.ts'
import { openDatabase, type Database } from '../db/database.ts'
import type { AppModule } from '../module.ts'

const JOB = 'test-remember'

interface Handled {
  readonly instance: string
  readonly n: number
}

function jobModule(instance: string, handled: Handled[]): AppModule {
  return {
    name: 'job-test',
    jobs: () => [
      {
        name: JOB,
        handler: async (data) => {
          handled.push({ instance, n: (data as { n: number }).n })
        },
      },
    ],
  }
}

async function started(database: Database, instance: string, handled: Handled[]): Promise<TestApp> {
  const app = await buildTestApp({ database, modules: [jobModule(instance, handled)] })
  await app.services.jobs.start(app.jobs)
  return app
}

async function completedJobs(database: Database): Promise<number> {
  const { rows } = await database.executeSql(
    `select count(*)::int as n from pgboss.job where name = $1 and state = 'completed'`,
    [JOB],
  )
  return Number(rows[0]?.n)
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 250))
}

describe(`jobs (${backend})`, { timeout: 240_000 }, () => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('keeps a job queued while no worker runs, and does it once after a restart', async () => {
    const before: Handled[] = []
    // The first process creates the queue, stops its workers, queues a job and shuts down.
    const first = await started(database, 'first', before)
    await first.services.jobs.stop()
    const id = await first.services.jobs.send(JOB, { n: 1 })
    expect(id).not.toBeNull()
    await first.close()
    expect(before).toEqual([])

    const after: Handled[] = []
    const second = await started(database, 'second', after)
    try {
      await until(async () => (await completedJobs(database)) === 1)
      expect(after).toEqual([{ instance: 'second', n: 1 }])
    } finally {
      await second.close()
    }
  })

  it('runs a catch-up job once at start-up, and not a job that does not ask for one', async () => {
    const ran: string[] = []
    const own = await freshDatabase()
    const module: AppModule = {
      name: 'catch-up-test',
      jobs: () => [
        {
          name: 'test-catch-up',
          catchUpOnStart: true,
          handler: async () => void ran.push('catch-up'),
        },
        {
          name: 'test-scheduled-only',
          schedule: '0 3 * * *',
          handler: async () => void ran.push('scheduled'),
        },
      ],
    }
    const app = await buildTestApp({ database: own, modules: [module] })
    try {
      await app.services.jobs.start(app.jobs)
      await until(async () => ran.length > 0)
      // A second start in the same hour (another process, or a quick restart) does not run it again.
      await app.services.jobs.stop()
      await app.services.jobs.start(app.jobs)
      await new Promise((resolve) => setTimeout(resolve, 3_000))
      expect(ran).toEqual(['catch-up'])
    } finally {
      await app.close()
      await own.close()
    }
  })

  if (backend === 'postgres') {
    it('runs each job once when two app processes share the database', async () => {
      const handled: Handled[] = []
      const shared = await freshDatabase()
      const one = await started(shared, 'one', handled)
      const two = await started(shared, 'two', handled)
      try {
        const jobs = 30
        for (let n = 1; n <= jobs; n++) {
          expect(await (n % 2 === 0 ? one : two).services.jobs.send(JOB, { n })).not.toBeNull()
        }
        await until(async () => (await completedJobs(shared)) === jobs)
        expect(handled.map((h) => h.n).sort((a, b) => a - b)).toEqual(
          Array.from({ length: jobs }, (_, i) => i + 1),
        )
        const doneBy = (instance: string) => handled.filter((h) => h.instance === instance).length
        console.log(
          `jobs (postgres): ${jobs} jobs, done by one: ${doneBy('one')}, by two: ${doneBy('two')}`,
        )
      } finally {
        await one.close()
        await two.close()
        await shared.close()
      }
    })
  } else {
    it('refuses a second process on the same PGlite folder, so jobs cannot be shared there', async () => {
      const place = await processDatabase()
      const holder = await openDatabase({ dataDir: place.dataDir })
      try {
        await sql`select 1`.execute(holder.db)
        const second = await runTs('scripts/migrate.ts', place.env)
        expect(second.code).toBe(1)
        expect(second.stderr).toMatch(/in use by process \d+/)
        expect(second.stderr).toContain('DATABASE_URL')
      } finally {
        await holder.close()
        await place.remove()
      }
    })
  }
})
