// Starts the service: read configuration, build the app, listen, and shut down gracefully on
// SIGTERM/SIGINT (stop accepting, finish in-flight requests, stop jobs, close the database).
import path from 'node:path'
import { buildApp, type App } from './app.ts'
import { ConfigError, loadConfig, type Config } from './platform/config.ts'
import { withSessionSecret } from './platform/session-secret.ts'
import { withAuditKey } from './platform/audit/audit-key.ts'
import { demoBanner } from './platform/demo/banner.ts'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = withAuditKey(withSessionSecret(loadConfig(process.env)))
  } catch (error) {
    if (error instanceof ConfigError)
      fail(`${error.message}\nSee the configuration table in README.md.`)
    throw error
  }

  let app: App
  try {
    app = await buildApp({ config })
  } catch (error) {
    fail(`Assure could not start: ${error instanceof Error ? error.message : String(error)}`)
  }

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    app.server.log.info({ signal }, 'shutting down: finishing requests in flight')
    const force = setTimeout(() => {
      app.server.log.error('shutdown took longer than 25 seconds; exiting')
      process.exit(1)
    }, 25_000)
    force.unref()
    app
      .close()
      .then(() => {
        process.exit(0)
      })
      .catch((error: unknown) => {
        app.server.log.error({ err: error }, 'error while shutting down')
        process.exit(1)
      })
  }
  process.on('SIGTERM', () => {
    stop('SIGTERM')
  })
  process.on('SIGINT', () => {
    stop('SIGINT')
  })

  await app.server.listen({ port: config.port, host: config.host })
  const backend =
    app.services.database.backend === 'pglite'
      ? `PGlite in ${path.resolve(config.dataDir)}`
      : 'PostgreSQL'
  app.server.log.info({ backend, url: config.baseUrl }, 'Assure is running')
  if (app.demo !== undefined) process.stdout.write(demoBanner(app.demo, config))
}

main().catch((error: unknown) => {
  fail(`Assure stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
})
