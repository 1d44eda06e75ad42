// Outside production a missing SESSION_SECRET is made once and kept in DATA_DIR, so sessions and
// two-factor keys survive a restart, and so the server and `npm run seed:demo` (which encrypts the
// demo accounts' two-factor keys with it) agree. Production must set it (the configuration says so).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from './config.ts'
import { randomToken } from './identity/crypto.ts'

export function withSessionSecret(config: Config): Config {
  if (config.sessionSecret !== undefined) return config
  mkdirSync(config.dataDir, { recursive: true })
  const file = path.join(config.dataDir, 'session-secret')
  let secret: string
  try {
    secret = readFileSync(file, 'utf8').trim()
  } catch {
    secret = randomToken(48)
    writeFileSync(file, secret, { mode: 0o600 })
  }
  return { ...config, sessionSecret: secret }
}
