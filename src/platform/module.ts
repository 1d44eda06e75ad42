// What a module gives the application. The composition root (src/modules/index.ts) lists the
// modules; nothing in src/platform names any of them.
import type { FastifyInstance } from 'fastify'
import type { PermissionDefinitions, Actor } from './access/policy.ts'
import type { NamedMigrations } from './db/migrations.ts'
import type { JobDefinition } from './jobs/queue.ts'
import type { Services } from './services.ts'
import type { TenantScope } from './tenancy.ts'
import type { Transaction } from 'kysely'
import type { Tables } from '../schema.ts'

export interface NavigationEntry {
  readonly text: string
  readonly href: string
  /** Shown to whoever holds this permission. */
  readonly permission: string
  /** Marks the entry current for any URL under this prefix. */
  readonly activePrefix: string
  /** One line for the module's card on the home page. */
  readonly description: string
}

export interface AttentionItem {
  readonly text: string
  readonly href: string
  readonly count?: number
  /** 'overdue' items are shown first. */
  readonly severity: 'overdue' | 'due' | 'info'
}

export interface DemoSeedContext {
  readonly scope: TenantScope
  readonly services: Services
  /** Ids of the demo agencies by short key (e.g. 'police', 'county-childrens'). */
  readonly agencies: Readonly<Record<string, string>>
  /** Ids of the demo users by role. */
  readonly users: Readonly<Record<string, string>>
}

export interface AppModule {
  readonly name: string
  readonly migrations?: NamedMigrations
  readonly permissions?: PermissionDefinitions
  readonly navigation?: readonly NavigationEntry[]
  /** Values module templates can use, e.g. { governancePaths }. */
  readonly viewGlobals?: Readonly<Record<string, unknown>>
  routes?(app: FastifyInstance, services: Services): void | Promise<void>
  /** What needs the signed-in person's attention, for the home page. */
  attention?(actor: Actor, services: Services): Promise<readonly AttentionItem[]>
  /** Background and scheduled jobs (reminders, digests, chasers). Handlers must be idempotent. */
  jobs?(services: Services): readonly JobDefinition[]
  /** Adds this module's part of the fictional Northshire demo, inside the seed's transaction. */
  seedDemo?(trx: Transaction<Tables>, context: DemoSeedContext): Promise<void>
}
