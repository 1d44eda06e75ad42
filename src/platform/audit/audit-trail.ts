// The audit trail: who did what to which record, and who looked at case-level records. Entries
// are written in the same transaction as the change they record (so a change without its entry,
// or an entry without its change, cannot exist), and each carries the hash of the one before it
// in its partnership's chain, so a changed or removed entry is detectable (`npm run audit:verify`).
import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Clock } from '../clock.ts'
import type { AuditAction } from '../db/tables.ts'
import { canonicalJson } from './canonical-json.ts'

export const GENESIS_HASH = '0'.repeat(64)
const NO_PARTNERSHIP = '00000000-0000-0000-0000-000000000000'

export interface AuditEntry {
  readonly partnershipId: string | null
  readonly actorUserId: string | null
  /** A name for who acted when there is no user (e.g. the address typed at a failed sign-in). */
  readonly actorLabel?: string | null
  readonly action: AuditAction
  readonly recordType: string
  readonly recordId?: string | null
  /** For updates, the changed fields before and after; for creates, `after`; for deletes, `before`. */
  readonly changes?:
    | { readonly before?: Record<string, unknown>; readonly after?: Record<string, unknown> }
    | Record<string, unknown>
    | null
  readonly ip?: string | null
  readonly requestId?: string | null
}

interface HashedFields {
  partnership_id: string | null
  chain_seq: number
  occurred_at: Date
  actor_user_id: string | null
  actor_label: string | null
  action: string
  record_type: string
  record_id: string | null
  changes: unknown
  ip: string | null
  request_id: string | null
  prev_hash: string
}

export function entryHash(fields: HashedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        ...fields,
        occurred_at: fields.occurred_at.toISOString(),
        chain_seq: String(fields.chain_seq),
      }),
    )
    .digest('hex')
}

/** The fields of the `before` and `after` records that differ, for an update's audit entry. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {}
  const a: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (canonicalJson(before[key] ?? null) !== canonicalJson(after[key] ?? null)) {
      b[key] = before[key] ?? null
      a[key] = after[key] ?? null
    }
  }
  return { before: b, after: a }
}

export class AuditTrail {
  constructor(private readonly clock: Clock) {}

  /**
   * Appends an entry inside the caller's transaction. Entries in one partnership's chain are
   * serialised by a transaction-scoped advisory lock, so concurrent writers never fork the chain.
   * If this throws, the caller's transaction rolls back: no audit entry, no change.
   */
  async record(trx: Kysely<Tables>, entry: AuditEntry): Promise<void> {
    const chainKey = entry.partnershipId ?? NO_PARTNERSHIP
    await sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${chainKey}`}, 0))`.execute(
      trx,
    )
    const last = await trx
      .selectFrom('audit_event')
      .select(['chain_seq', 'hash'])
      .where(sql<boolean>`coalesce(partnership_id, ${NO_PARTNERSHIP}::uuid) = ${chainKey}::uuid`)
      .orderBy('chain_seq', 'desc')
      .limit(1)
      .executeTakeFirst()
    // Round-trip through JSON so what we hash is exactly what jsonb will give back.
    const changes: unknown =
      entry.changes == null ? null : JSON.parse(JSON.stringify(entry.changes))
    const fields: HashedFields = {
      partnership_id: entry.partnershipId,
      chain_seq: (last?.chain_seq ?? 0) + 1,
      occurred_at: this.clock.now(),
      actor_user_id: entry.actorUserId,
      actor_label: entry.actorLabel ?? null,
      action: entry.action,
      record_type: entry.recordType,
      record_id: entry.recordId ?? null,
      changes,
      ip: entry.ip ?? null,
      request_id: entry.requestId ?? null,
      prev_hash: last?.hash ?? GENESIS_HASH,
    }
    await trx
      .insertInto('audit_event')
      .values({
        ...fields,
        action: entry.action,
        changes: changes === null ? null : JSON.stringify(changes),
        hash: entryHash(fields),
      })
      .execute()
  }
}

export interface ChainProblem {
  readonly partnershipId: string | null
  readonly chainSeq: number
  readonly id: number
  readonly problem: string
}

/** Walks every chain and reports entries whose hash or link does not verify. */
export async function verifyAuditChains(
  db: Kysely<Tables>,
): Promise<{ checked: number; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = []
  let checked = 0
  const chains = await db.selectFrom('audit_event').select('partnership_id').distinct().execute()
  for (const { partnership_id } of chains) {
    let expectedPrev = GENESIS_HASH
    let expectedSeq = 1
    let afterSeq = 0
    for (;;) {
      const page = await db
        .selectFrom('audit_event')
        .selectAll()
        .where((eb) =>
          partnership_id === null
            ? eb('partnership_id', 'is', null)
            : eb('partnership_id', '=', partnership_id),
        )
        .where('chain_seq', '>', afterSeq)
        .orderBy('chain_seq')
        .limit(1000)
        .execute()
      if (page.length === 0) break
      for (const row of page) {
        checked += 1
        const where = { partnershipId: partnership_id, chainSeq: row.chain_seq, id: row.id }
        if (row.chain_seq !== expectedSeq) {
          problems.push({ ...where, problem: `entry ${expectedSeq} is missing` })
        }
        if (row.prev_hash !== expectedPrev) {
          problems.push({ ...where, problem: 'does not link to the entry before it' })
        }
        const recomputed = entryHash({
          partnership_id: row.partnership_id,
          chain_seq: row.chain_seq,
          occurred_at: row.occurred_at,
          actor_user_id: row.actor_user_id,
          actor_label: row.actor_label,
          action: row.action,
          record_type: row.record_type,
          record_id: row.record_id,
          changes: row.changes,
          ip: row.ip,
          request_id: row.request_id,
          prev_hash: row.prev_hash,
        })
        if (recomputed !== row.hash)
          problems.push({ ...where, problem: 'its contents do not match its hash' })
        expectedPrev = row.hash
        expectedSeq = row.chain_seq + 1
        afterSeq = row.chain_seq
      }
    }
  }
  return { checked, problems }
}
