// The audit trail's key (AUDIT_KEY). It keys the hash chain and signs checkpoints, so it must live
// where the database does not: an environment variable from the secret store in production (the
// configuration requires it there), or, for the embedded database and the demo, a file made once
// in DATA_DIR beside the session secret. It is never written to the database (ADR 0015).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.ts'
import { randomToken } from '../identity/crypto.ts'

/** The key from the configuration, or the one kept in (and, the first time, made in) DATA_DIR. */
export function auditKeyFor(config: Config): string {
  if (config.auditKey !== undefined) return config.auditKey
  if (config.env === 'production') throw new Error('AUDIT_KEY is required in production')
  mkdirSync(config.dataDir, { recursive: true })
  const file = path.join(config.dataDir, 'audit-key')
  let kept: string | undefined
  try {
    kept = readFileSync(file, 'utf8').trim()
  } catch {
    // Not made yet.
  }
  if (kept === undefined) {
    const key = randomToken(48)
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' })
    return key
  }
  if (kept.length < 32) throw new Error(`${file} must hold at least 32 characters`)
  return kept
}

export function withAuditKey(config: Config): Config {
  return { ...config, auditKey: auditKeyFor(config) }
}
