// One use-case context for every module. A use case runs for someone: a person (signed in, with
// the request they made) or the system (a job, the demo seed, an import). It carries the tenant
// scope, the services, and the database it must use, which is the caller's transaction when the
// use case runs inside another one (the demo seed, a module raising another module's record).
//
// Every service function takes a UseCaseContext first and follows the same order:
// authorize → load and guard state → transaction(change + audit) → return.
import type { FastifyRequest } from 'fastify'
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '../schema.ts'
import { auditActorLabel, type Actor, type ResourceAttributes } from './access/policy.ts'
import type { AuditEntry } from './audit/audit-trail.ts'
import { AppError, forbidden, notFound } from './errors.ts'
import { londonDate } from './london-time.ts'
import type { Services } from './services.ts'
import { isUuid, tenantScope, type TenantScope } from './tenancy.ts'

/** Who a use case runs for. */
export type UseCaseActor =
  | {
      readonly kind: 'person'
      readonly actor: Actor
      readonly requestId: string | null
      readonly ip: string | null
    }
  | {
      readonly kind: 'system'
      /** Names the system actor in the audit trail, e.g. 'Demo seed', 'Nightly escalation'. */
      readonly label: string
    }

export interface UseCaseContext {
  readonly services: Services
  readonly scope: TenantScope
  readonly who: UseCaseActor
  /** The database, or the transaction this use case runs inside. */
  readonly db: Kysely<Tables>
}

/** The context of a signed-in person's request (throws unauthenticated on a public route). */
export function personContext(services: Services, request: FastifyRequest): UseCaseContext {
  const actor = request.actor
  if (actor === undefined) throw new AppError('unauthenticated')
  return {
    services,
    scope: tenantScope(actor.partnershipId),
    who: { kind: 'person', actor, requestId: request.id, ip: request.ip },
    db: services.db,
  }
}

/** A person acting outside a request (tests, scripts acting as someone). */
export function actorContext(
  services: Services,
  actor: Actor,
  db: Kysely<Tables> = services.db,
): UseCaseContext {
  return {
    services,
    scope: tenantScope(actor.partnershipId),
    who: { kind: 'person', actor, requestId: null, ip: null },
    db,
  }
}

/** The system acting for a partnership: a job, the demo seed, an import. */
export function systemContext(
  services: Services,
  scope: TenantScope,
  label: string,
  db: Kysely<Tables> = services.db,
): UseCaseContext {
  return { services, scope, who: { kind: 'system', label }, db }
}

/** The person a use case runs for, or undefined when the system acts. */
export function actorOf(ctx: UseCaseContext): Actor | undefined {
  return ctx.who.kind === 'person' ? ctx.who.actor : undefined
}

/** The signed-in person's user id, or null when the system acts. */
export function userIdOf(ctx: UseCaseContext): string | null {
  return ctx.who.kind === 'person' ? ctx.who.actor.userId : null
}

/** Today's date in London, 'YYYY-MM-DD': the day statutory clocks and due dates count from. */
export function today(ctx: Pick<UseCaseContext, 'services'>): string {
  return londonDate(ctx.services.clock.now())
}

/** May this use case do this (to this record)? The system may do anything a module lets it. */
export function can(
  ctx: UseCaseContext,
  permission: string,
  resource?: ResourceAttributes,
): boolean {
  if (ctx.who.kind === 'system') return true
  return ctx.services.policy.can(ctx.who.actor, permission, resource)
}

/**
 * Throws forbidden unless the use case may do this (to this record). Only the system actor passes
 * without the permission; every person is checked, whatever the route already checked.
 */
export function authorize(
  ctx: UseCaseContext,
  permission: string,
  resource?: ResourceAttributes,
): void {
  if (!can(ctx, permission, resource)) throw forbidden()
}

/** The who, where and which partnership of an audit entry. */
export function auditBy(
  ctx: UseCaseContext,
): Pick<AuditEntry, 'partnershipId' | 'actorUserId' | 'actorLabel' | 'requestId' | 'ip'> {
  const who = ctx.who
  return {
    partnershipId: ctx.scope.partnershipId,
    actorUserId: who.kind === 'person' ? who.actor.userId : null,
    actorLabel: who.kind === 'system' ? who.label : auditActorLabel(who.actor),
    requestId: who.kind === 'person' ? who.requestId : null,
    ip: who.kind === 'person' ? who.ip : null,
  }
}

/** A use-case context inside a transaction. */
export type TransactionContext = UseCaseContext & { readonly db: Transaction<Tables> }

/** Runs `work` in a transaction, joining the caller's when the context already has one. */
export async function transaction<T>(
  ctx: UseCaseContext,
  work: (ctx: TransactionContext) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx as TransactionContext)
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }))
}

/** Writes an audit entry in the context's transaction (a use case audits inside its change). */
export async function audit(
  ctx: UseCaseContext,
  entry: Pick<AuditEntry, 'action' | 'recordType' | 'recordId' | 'changes'>,
): Promise<void> {
  if (!ctx.db.isTransaction) {
    throw new Error('Audit entries are written inside the transaction of the change they record')
  }
  await ctx.services.audit.record(ctx.db, { ...auditBy(ctx), ...entry })
}

/**
 * Loads a case-level record and audits that it was seen, in one step: a page or export cannot
 * show the record without the view entry, because the record is only reachable through here.
 * Returns undefined (and audits nothing) when there is no such record in the partnership.
 */
export async function viewRecord<T>(
  ctx: UseCaseContext,
  recordType: string,
  recordId: string,
  load: (db: Kysely<Tables>) => Promise<T | undefined>,
  /** The id the view entry names, when it is not the id looked up (e.g. an incident's review). */
  auditedId: (record: T) => string | null = () => recordId,
): Promise<T | undefined> {
  if (!isUuid(recordId)) return undefined
  return transaction(ctx, async (tx) => {
    const record = await load(tx.db)
    if (record !== undefined)
      await audit(tx, { action: 'view', recordType, recordId: auditedId(record) })
    return record
  })
}

/** An id from a URL or body: a malformed one is simply not found, never a database error. */
export function checkId(id: string | undefined): string {
  if (id === undefined || !isUuid(id)) throw notFound()
  return id
}

/**
 * TEMPORARY, while modules move onto the kit: the UseCaseContext for a module's older context
 * shape ({ scope, actor?, systemLabel?, requestId?, ip? }) and an optional transaction. Delete it
 * when no module calls it.
 */
export function fromLegacyContext(
  services: Services,
  legacy: {
    readonly scope: TenantScope
    readonly actor?: Actor | undefined
    readonly systemLabel?: string | undefined
    readonly requestId?: string | undefined
    readonly ip?: string | undefined
  },
  db: Kysely<Tables> = services.db,
): UseCaseContext {
  return {
    services,
    scope: legacy.scope,
    who:
      legacy.actor === undefined
        ? { kind: 'system', label: legacy.systemLabel ?? 'Assure' }
        : {
            kind: 'person',
            actor: legacy.actor,
            requestId: legacy.requestId ?? null,
            ip: legacy.ip ?? null,
          },
    db,
  }
}

/** TEMPORARY: the older context shape for a module not yet moved onto the kit. */
export function toLegacyContext(ctx: UseCaseContext): {
  scope: TenantScope
  actor?: Actor
  systemLabel?: string
  requestId?: string
  ip?: string
} {
  const who = ctx.who
  if (who.kind === 'system') return { scope: ctx.scope, systemLabel: who.label }
  return {
    scope: ctx.scope,
    actor: who.actor,
    ...(who.requestId === null ? {} : { requestId: who.requestId }),
    ...(who.ip === null ? {} : { ip: who.ip }),
  }
}
