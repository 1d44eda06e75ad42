// What a module gives the application. The composition root (src/modules/index.ts) lists the
// modules in a plain list; nothing in src/platform names any of them. docs/modules.md shows how to
// write one, file by file.
import type { FastifyInstance } from 'fastify'
import type { PermissionDefinitions, Actor, RecordOwners } from './access/policy.ts'
import type { NamedMigrations } from './db/migrations.ts'
import type { Contribution } from './extensions.ts'
import type { RouteTable } from './http/route-table.ts'
import type { JobDefinition } from './jobs/queue.ts'
import type { Services } from './services.ts'
import type { TenantScope } from './tenancy.ts'
import type { UseCaseContext } from './use-case.ts'
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
  /** The system acting for the demo partnership, inside the seed's one transaction. */
  readonly ctx: UseCaseContext
  readonly scope: TenantScope
  readonly services: Services
  /** Ids of the demo agencies by short key (e.g. 'police', 'county-childrens'). */
  readonly agencies: Readonly<Record<string, string>>
  /** Ids of the demo users by role. */
  readonly users: Readonly<Record<string, string>>
}

export interface AppModule {
  readonly name: string
  /** Modules whose tables, extension points or services this one uses (their names). */
  readonly dependsOn?: readonly string[]
  /** What this module contributes to other modules' (or the platform's) extension points. */
  readonly provides?: readonly Contribution[]
  readonly migrations?: NamedMigrations
  readonly permissions?: PermissionDefinitions
  /**
   * The record types (as this module names them in the audit trail) that hold case-level content,
   * each with the permission that may read it. The audit trail shows their changes only to
   * holders of that permission (ADR 0016). Required of a module that grants any permission to a
   * case-level role (test/access/case-level-records.test.ts).
   */
  readonly caseLevelRecords?: RecordOwners
  readonly navigation?: readonly NavigationEntry[]
  /** Values module templates can use, e.g. { governancePaths }. */
  readonly viewGlobals?: Readonly<Record<string, unknown>>
  /** The module's pages and API, as a flat table (src/platform/http/route-table.ts). */
  readonly routes?: RouteTable
  /**
   * Registers routes by hand. Only for modules not yet moved onto the route table; new modules use
   * `routes`.
   */
  registerRoutes?(app: FastifyInstance, services: Services): void | Promise<void>
  /** What needs the signed-in person's attention, for the home page. */
  attention?(actor: Actor, services: Services): Promise<readonly AttentionItem[]>
  /** Background and scheduled jobs (reminders, digests, chasers). Handlers must be idempotent. */
  jobs?(services: Services): readonly JobDefinition[]
  /** Adds this module's part of the fictional Northshire demo, inside the seed's transaction. */
  seedDemo?(trx: Transaction<Tables>, context: DemoSeedContext): Promise<void>
}
