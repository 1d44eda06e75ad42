// Background and scheduled jobs, kept in PostgreSQL by pg-boss (docs/decisions/0004-jobs.md).
// Jobs survive restarts; a job is handed to exactly one worker even when several app processes
// share the database (pg-boss fetches with SELECT … FOR UPDATE SKIP LOCKED); a schedule sends one
// job per tick however many processes run it.
import PgBoss from 'pg-boss'
import { CompiledQuery, type Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Tables } from '../../schema.ts'
import type { Database } from '../db/database.ts'

export interface JobDefinition {
  readonly name: string
  /** Cron expression (UTC) for scheduled jobs. */
  readonly schedule?: string
  /**
   * Also run once when the queue starts, so work missed while the server was down (or on a fresh
   * demo) is done now rather than at the next tick. One job per start-up window however many
   * processes start together (a singleton per hour-long slot); the handler must be idempotent anyway.
   */
  readonly catchUpOnStart?: boolean
  readonly retryLimit?: number
  handler(data: unknown): Promise<void>
}

export interface JobQueue {
  start(definitions: readonly JobDefinition[]): Promise<void>
  send(
    name: string,
    data?: object,
    options?: {
      singletonKey?: string
      startAfter?: Date
      /** Write the job in this transaction: it exists only if the transaction commits. */
      transaction?: Kysely<Tables>
    },
  ): Promise<string | null>
  stop(): Promise<void>
  readonly started: boolean
}

export function createJobQueue(
  database: Database,
  logger: FastifyBaseLogger,
  options: { pollingSeconds?: number } = {},
): JobQueue {
  const boss = new PgBoss({
    db: {
      executeSql: async (text: string, values?: unknown[]) => database.executeSql(text, values),
    },
    schema: 'pgboss',
    // This process keeps working through jobs; pg-boss's own maintenance runs here too (it uses
    // an advisory lock so only one process at a time does it).
    supervise: true,
    schedule: true,
  })
  boss.on('error', (error: Error) => {
    logger.error({ err: error }, 'job queue error')
  })
  let started = false
  return {
    get started() {
      return started
    },
    async start(definitions) {
      await boss.start()
      started = true
      for (const definition of definitions) {
        await boss.createQueue(definition.name, {
          name: definition.name,
          retryLimit: definition.retryLimit ?? 3,
          retryBackoff: true,
        })
        await boss.work(
          definition.name,
          { pollingIntervalSeconds: options.pollingSeconds ?? 2, batchSize: 1 },
          async (jobs) => {
            for (const job of jobs) {
              logger.info({ job: definition.name, jobId: job.id }, 'job started')
              await definition.handler(job.data)
              logger.info({ job: definition.name, jobId: job.id }, 'job finished')
            }
          },
        )
        if (definition.schedule !== undefined) {
          await boss.schedule(definition.name, definition.schedule, {}, { tz: 'UTC' })
        }
      }
      for (const definition of definitions) {
        if (definition.catchUpOnStart !== true) continue
        await boss.send(definition.name, {}, { singletonKey: 'catch-up', singletonSeconds: 3600 })
        logger.info({ job: definition.name }, 'catch-up run queued at start-up')
      }
    },
    async send(name, data, sendOptions) {
      return boss.send(name, data ?? {}, {
        ...(sendOptions?.singletonKey === undefined
          ? {}
          : { singletonKey: sendOptions.singletonKey }),
        ...(sendOptions?.startAfter === undefined ? {} : { startAfter: sendOptions.startAfter }),
        ...(sendOptions?.transaction === undefined
          ? {}
          : { db: inTransaction(sendOptions.transaction) }),
      })
    },
    async stop() {
      if (!started) return
      started = false
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
  }
}

/** pg-boss's database interface over a Kysely transaction (on PGlite, the one connection it holds). */
function inTransaction(trx: Kysely<Tables>): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values))
      return { rows: result.rows as Record<string, unknown>[] }
    },
  }
}
