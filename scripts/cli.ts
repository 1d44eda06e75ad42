// What the command-line scripts share: read the configuration as the server does, and stop with
// a plain message (not a stack trace) when something is wrong.
import { ConfigError, loadConfig, type Config } from '../src/platform/config.ts'
import { withSessionSecret } from '../src/platform/session-secret.ts'
import { withAuditKey } from '../src/platform/audit/audit-key.ts'

export function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

export function scriptConfig(): Config {
  try {
    return withAuditKey(withSessionSecret(loadConfig(process.env)))
  } catch (error) {
    if (error instanceof ConfigError)
      fail(`${error.message}\nSee the configuration table in README.md.`)
    throw error
  }
}

export function describeBackend(config: Config): string {
  return config.databaseUrl === undefined ? `PGlite in ${config.dataDir}` : 'PostgreSQL'
}

/** Runs a script's main function; any unexpected error ends the process with status 1. */
export function run(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    fail(error instanceof Error ? error.message : String(error))
  })
}
