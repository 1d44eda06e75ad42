// The services every module may use, built once in src/app.ts and passed down: no module imports a
// database client, a logger or the configuration from a global.
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Tables } from '../schema.ts'
import type { Policy } from './access/policy.ts'
import type { AuditTrail } from './audit/audit-trail.ts'
import type { Clock } from './clock.ts'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import type { Extensions } from './extensions.ts'
import type { SessionStore } from './identity/sessions.ts'
import type { JobQueue } from './jobs/queue.ts'
import type { Mailer } from './mail/mailer.ts'

export interface Services {
  readonly config: Config
  readonly database: Database
  readonly db: Kysely<Tables>
  readonly clock: Clock
  readonly logger: FastifyBaseLogger
  readonly policy: Policy
  readonly audit: AuditTrail
  readonly sessions: SessionStore
  readonly mail: Mailer
  readonly jobs: JobQueue
  /** What modules provide to each other's extension points (src/platform/extensions.ts). */
  readonly extensions: Extensions
  /** The resolved session secret (keys are derived from it per purpose). */
  readonly secret: string
}
