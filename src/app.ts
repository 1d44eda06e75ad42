// The composition root: configuration → database → services → the HTTP application. Reads as a
// checklist, one setUpX per concern. Tests build the app in-process from a configuration object.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyFormbody from '@fastify/formbody'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { appModules } from './modules/index.ts'
import { platformPermissions } from './platform/access/platform-permissions.ts'
import { Policy } from './platform/access/policy.ts'
import { setUpOpenApi } from './platform/api/openapi.ts'
import { auditKeyFor } from './platform/audit/audit-key.ts'
import { AuditTrail } from './platform/audit/audit-trail.ts'
import { auditCheckpointJob, writeAuditCheckpoint } from './platform/audit/checkpoint.ts'
import { systemClock, type Clock } from './platform/clock.ts'
import type { Config } from './platform/config.ts'
import { openDatabase, type Database } from './platform/db/database.ts'
import {
  collectMigrations,
  migrateToLatest,
  type NamedMigrations,
} from './platform/db/migrations.ts'
import { platformMigrations } from './platform/db/platform-migrations.ts'
import { seedDemoIfEmpty, type DemoSeedResult } from './platform/demo/seed.ts'
import { setUpAccessControl } from './platform/http/access-control.ts'
import { setUpAssets } from './platform/http/assets.ts'
import { cookieNames } from './platform/http/cookies.ts'
import { setUpCsrf } from './platform/http/csrf.ts'
import { setUpErrorHandling } from './platform/http/error-handling.ts'
import { setUpInputChecks } from './platform/http/input-checks.ts'
import { setUpRendering } from './platform/http/rendering.ts'
import {
  loggerOptions,
  requestIdGenerator,
  setUpRequestLogging,
} from './platform/http/request-logging.ts'
import { setUpRouteTable, type RouteEntry } from './platform/http/routing.ts'
import { registerRouteTable } from './platform/http/route-table.ts'
import { setUpSecurityHeaders } from './platform/http/security-headers.ts'
import { setUpUploads } from './platform/http/uploads.ts'
import { createViewEngine } from './platform/http/views.ts'
import { setUpAuthentication } from './platform/identity/authentication.ts'
import { identityRoutes } from './platform/identity/routes.ts'
import { randomToken } from './platform/identity/crypto.ts'
import { SessionStore } from './platform/identity/sessions.ts'
import { createJobQueue, type JobDefinition } from './platform/jobs/queue.ts'
import { mailDeliveryJob } from './platform/mail/delivery-job.ts'
import { createMailer, type Mailer } from './platform/mail/mailer.ts'
import { outboxRoutes } from './platform/mail/outbox-routes.ts'
import { disclosureRoutes } from './platform/disclosure/routes.ts'
import { deadlineRoutes } from './platform/deadlines/routes.ts'
import { importDefinitions, importRouteTable } from './platform/imports/index.ts'
import type { AppModule } from './platform/module.ts'
import { Extensions, orderModules } from './platform/extensions.ts'
import { healthRoutes } from './platform/ops/health.ts'
import { pageRoutes } from './platform/pages/routes.ts'
import { platformPaths } from './platform/paths.ts'
import type { Services } from './platform/services.ts'

export const VERSION = '0.1.0'

export interface BuildOptions {
  readonly config: Config
  /** A database opened by the caller (tests); otherwise opened from the configuration. */
  readonly database?: Database
  readonly clock?: Clock
  readonly modules?: readonly AppModule[]
  /** A logger (tests pass a silent one or one that records lines). */
  readonly logger?: FastifyBaseLogger
  readonly mailer?: Mailer
  /** Apply pending migrations (default: yes). */
  readonly migrate?: boolean
  /** Start background job workers (default: the JOBS setting). */
  readonly startJobs?: boolean
}

export interface App {
  readonly server: FastifyInstance
  readonly services: Services
  readonly routes: readonly RouteEntry[]
  readonly migrations: NamedMigrations
  readonly modules: readonly AppModule[]
  /** Every module's job definitions (tests run handlers directly). */
  readonly jobs: readonly JobDefinition[]
  /** What the demo seed did at start-up, if it ran. */
  readonly demo: DemoSeedResult | undefined
  close(): Promise<void>
}

/** Every migration: the platform's, then each module's, modules ordered by their dependencies. */
export function allMigrations(modules: readonly AppModule[] = appModules): NamedMigrations {
  return collectMigrations([
    platformMigrations,
    ...orderModules(modules).map((m) => m.migrations ?? {}),
  ])
}

export async function buildApp(options: BuildOptions): Promise<App> {
  const { config } = options
  // Each module after the modules it depends on: migrations, routes and the demo in that order.
  const modules = orderModules(options.modules ?? appModules)
  const extensions = new Extensions(modules)
  const clock = options.clock ?? systemClock
  const secret = config.sessionSecret ?? randomToken(32)
  // Never the database: from AUDIT_KEY, or outside production a file in DATA_DIR (ADR 0015).
  const auditKey = auditKeyFor(config)
  const cookies = cookieNames(config.secureCookies)

  const server = Fastify({
    ...(options.logger === undefined
      ? { logger: loggerOptions(config) }
      : { loggerInstance: options.logger }),
    // One line per request is written by our own hook (request-logging.ts), without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdGenerator(config.trustProxy),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  })

  const ownsDatabase = options.database === undefined
  const database =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
    }))
  try {
    const migrations = allMigrations(modules)
    if (options.migrate ?? true) {
      const applied = await migrateToLatest(database.db, migrations)
      if (applied.length > 0) server.log.info({ applied }, 'database migrations applied')
    }

    const policy = new Policy(
      [platformPermissions, ...modules.map((m) => m.permissions ?? {})],
      modules.map((m) => m.caseLevelRecords ?? {}),
    )
    const jobQueue = createJobQueue(database, server.log)
    const services: Services = {
      config,
      database,
      db: database.db,
      clock,
      logger: server.log,
      policy,
      audit: new AuditTrail(clock, auditKey),
      sessions: new SessionStore(database.db, clock),
      mail:
        options.mailer ??
        createMailer({
          config,
          db: database.db,
          logger: server.log,
          clock,
          secret,
          jobs: jobQueue,
        }),
      jobs: jobQueue,
      extensions,
      secret,
    }

    const demo = config.demo.seed ? await seedDemoIfEmpty(services, modules) : undefined

    // Request pipeline: hooks first (they apply to every route registered after them).
    server.setValidatorCompiler(validatorCompiler)
    server.setSerializerCompiler(serializerCompiler)
    const routes = setUpRouteTable(server, (permission) => policy.has(permission))
    setUpRequestLogging(server)
    await server.register(fastifyCookie)
    await server.register(fastifyFormbody)
    await setUpUploads(server)
    await setUpSecurityHeaders(server, { tls: config.secureCookies })
    setUpCsrf(server, { secret, secure: config.secureCookies, cookies })
    setUpInputChecks(server)
    setUpAuthentication(server, services, cookies)
    setUpAccessControl(server, services)
    const views = createViewEngine({
      watch: false,
      globals: {
        paths: {
          ...platformPaths,
          ...Object.assign({}, ...modules.map((m) => m.viewGlobals ?? {})),
        },
      },
    })
    setUpRendering(server, {
      views,
      navigation: modules.flatMap((m) => m.navigation ?? []),
      policy,
    })
    setUpErrorHandling(server, services)
    await setUpOpenApi(server, { baseUrl: config.baseUrl, version: VERSION })
    await setUpAssets(server, { production: config.env === 'production' })

    // Routes.
    healthRoutes(server, services, migrations)
    pageRoutes(server, services, modules)
    identityRoutes(server, services, cookies)
    outboxRoutes(server, services)
    disclosureRoutes(server, services)
    registerRouteTable(server, services, deadlineRoutes)
    registerRouteTable(server, services, importRouteTable(extensions.of(importDefinitions)))
    for (const module of modules) {
      if (module.routes !== undefined) registerRouteTable(server, services, module.routes)
      await module.registerRoutes?.(server, services)
    }
    await server.ready()

    const checkpoints = {
      db: database.db,
      key: auditKey,
      dataDir: config.dataDir,
      clock,
      logger: server.log,
    }
    const jobs: JobDefinition[] = [
      mailDeliveryJob(services),
      auditCheckpointJob(checkpoints),
      ...modules.flatMap((m) => m.jobs?.(services) ?? []),
    ]
    if (options.startJobs ?? config.jobs.enabled) await services.jobs.start(jobs)

    return {
      server,
      services,
      routes,
      migrations,
      modules,
      jobs,
      demo,
      async close() {
        await server.close()
        const ranJobs = services.jobs.started
        await services.jobs.stop()
        services.mail.close()
        // The process that runs the checkpoint job also anchors the chains' heads as they are at
        // the end of its run (ADR 0015).
        if (ranJobs) {
          await writeAuditCheckpoint(checkpoints).catch((error: unknown) => {
            server.log.error({ err: error }, 'could not write the audit checkpoint')
          })
        }
        if (ownsDatabase) await database.close()
      },
    }
  } catch (error) {
    if (ownsDatabase) await database.close()
    throw error
  }
}
