// Builds the real application in-process on a fresh test database.
import type { FastifyBaseLogger } from 'fastify'
import pino from 'pino'
import { buildApp, type App } from '../../src/app.ts'
import type { Clock } from '../../src/platform/clock.ts'
import type { Config } from '../../src/platform/config.ts'
import type { Database } from '../../src/platform/db/database.ts'
import type { Mailer } from '../../src/platform/mail/mailer.ts'
import type { AppModule } from '../../src/platform/module.ts'
import { cookieNames } from '../../src/platform/http/cookies.ts'
import { appModules } from '../../src/modules/index.ts'
import { freshDatabase } from './databases.ts'
import { testConfig } from './config.ts'
import { TestClient } from './client.ts'
import type { TestUser } from './factories.ts'

export interface TestApp extends App {
  readonly database: Database
  /** A client with no session. */
  client(): TestClient
  /** A client signed in as the user, through a session made directly (not through the sign-in page). */
  clientAs(user: TestUser): Promise<TestClient>
}

export interface TestAppOptions {
  readonly config?: Config
  readonly env?: Record<string, string>
  readonly clock?: Clock
  readonly modules?: readonly AppModule[]
  readonly mailer?: Mailer
  readonly logger?: FastifyBaseLogger
  readonly database?: Database
  /** Apply pending migrations at build (default yes; the test database is already migrated). */
  readonly migrate?: boolean
}

/**
 * Test modules stand in for the real ones, but the test database holds every module's schema: keep
 * the real modules' migrations (and nothing else of them) so the migrator finds none missing.
 */
function withAppMigrations(modules: readonly AppModule[]): AppModule[] {
  const named = new Set(modules.map((m) => m.name))
  return [
    ...modules,
    ...appModules
      .filter((m) => !named.has(m.name) && m.migrations !== undefined)
      .map((m) => ({ name: `${m.name} (migrations only)`, migrations: m.migrations ?? {} })),
  ]
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await freshDatabase())
  const config = options.config ?? testConfig(options.env)
  const app = await buildApp({
    config,
    database,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.modules === undefined ? {} : { modules: withAppMigrations(options.modules) }),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
  })
  const names = cookieNames(config.secureCookies)
  return {
    ...app,
    database,
    client: () => new TestClient(app.server),
    async clientAs(user) {
      const { token } = await app.services.sessions.create(app.services.db, {
        partnershipId: user.partnershipId,
        userId: user.id,
        stage: 'active',
        method: 'password',
        ip: '127.0.0.1',
        userAgent: 'test',
      })
      const client = new TestClient(app.server)
      client.cookies.set(names.session, token)
      return client
    },
    async close() {
      await app.close()
      if (options.database === undefined) await database.close()
    },
  }
}
