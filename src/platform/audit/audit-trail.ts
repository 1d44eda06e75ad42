// The audit trail: who did what to which record, and who looked at case-level records. Entries
// are written in the same transaction as the change they record (so a change without its entry,
// or an entry without its change, cannot exist), and each carries the hash of the one before it
// in its partnership's chain, so a changed or removed entry is detectable (`npm run audit:verify`).
// The chain is keyed (HMAC-SHA-256 with AUDIT_KEY, which the database never holds), so someone who
// can write to the database cannot recompute it after a change (docs/decisions/0015).
import { createHash, createHmac } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Clock } from '../clock.ts'
import type { AuditAction } from '../db/tables.ts'
import { canonicalJson } from './canonical-json.ts'

export const GENESIS_HASH = '0'.repeat(64)
export const NO_PARTNERSHIP = '00000000-0000-0000-0000-000000000000'

/**
 * How an entry's hash was made. `sha256`: unkeyed, entries written before ADR 0015 (they stay
 * verifiable, and the first keyed entry after them, which links to their last hash, protects
 * them). `hmac-sha256`: keyed with AUDIT_KEY; every entry written now. Once a chain has a keyed
 * entry, an unkeyed one after it is tampering.
 */
export type HashScheme = 'sha256' | 'hmac-sha256'
export const CURRENT_SCHEME: HashScheme = 'hmac-sha256'

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

/** The hash of an entry under its scheme; the key is needed for `hmac-sha256`. */
export function entryHash(fields: HashedFields, scheme: HashScheme, key: string): string {
  const hashed = {
    ...fields,
    occurred_at: fields.occurred_at.toISOString(),
    chain_seq: String(fields.chain_seq),
  }
  if (scheme === 'sha256') return createHash('sha256').update(canonicalJson(hashed)).digest('hex')
  return createHmac('sha256', key)
    .update(canonicalJson({ ...hashed, hash_scheme: scheme }))
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
  /** `key`: AUDIT_KEY (or the one kept in DATA_DIR outside production); never the database. */
  constructor(
    private readonly clock: Clock,
    private readonly key: string,
  ) {}

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
        hash_scheme: CURRENT_SCHEME,
        hash: entryHash(fields, CURRENT_SCHEME, this.key),
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

/** The last entry of one chain, as `audit:verify` found it or as a checkpoint recorded it. */
export interface ChainHead {
  readonly partnershipId: string | null
  readonly chainSeq: number
  readonly hash: string
}

/**
 * Walks every chain with the key and reports entries whose hash or link does not verify, and
 * each chain's last entry (to compare with the latest checkpoint).
 */
export async function verifyAuditChains(
  db: Kysely<Tables>,
  key: string,
): Promise<{ checked: number; problems: ChainProblem[]; heads: ChainHead[] }> {
  const problems: ChainProblem[] = []
  const heads: ChainHead[] = []
  let checked = 0
  const chains = await db.selectFrom('audit_event').select('partnership_id').distinct().execute()
  for (const { partnership_id } of chains) {
    let expectedPrev = GENESIS_HASH
    let expectedSeq = 1
    let afterSeq = 0
    let keyed = false
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
        const scheme = row.hash_scheme
        if (scheme !== 'sha256' && scheme !== 'hmac-sha256') {
          problems.push({ ...where, problem: `its hash scheme "${scheme}" is unknown` })
        } else if (scheme === 'sha256' && keyed) {
          problems.push({ ...where, problem: 'it is unkeyed but follows a keyed entry' })
        }
        if (scheme === 'hmac-sha256') keyed = true
        const recomputed = entryHash(
          {
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
          },
          scheme === 'sha256' ? 'sha256' : 'hmac-sha256',
          key,
        )
        if (recomputed !== row.hash)
          problems.push({ ...where, problem: 'its contents do not match its hash' })
        expectedPrev = row.hash
        expectedSeq = row.chain_seq + 1
        afterSeq = row.chain_seq
      }
    }
    if (afterSeq > 0)
      heads.push({ partnershipId: partnership_id, chainSeq: afterSeq, hash: expectedPrev })
  }
  return { checked, problems, heads }
}

/** Each chain's last entry, read without verifying (for writing a checkpoint). */
export async function chainHeads(db: Kysely<Tables>): Promise<ChainHead[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['partnership_id', 'chain_seq', 'hash'])
    // DISTINCT ON treats nulls as one group: the chain of events with no partnership.
    .distinctOn('partnership_id')
    .orderBy('partnership_id')
    .orderBy('chain_seq', 'desc')
    .execute()
  return rows.map((r) => ({
    partnershipId: r.partnership_id,
    chainSeq: r.chain_seq,
    hash: r.hash,
  }))
}

/** The hash of one chain's entry number `chainSeq`, if there is one. */
export async function entryHashAt(
  db: Kysely<Tables>,
  partnershipId: string | null,
  chainSeq: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_event')
    .select('hash')
    .where((eb) =>
      partnershipId === null
        ? eb('partnership_id', 'is', null)
        : eb('partnership_id', '=', partnershipId),
    )
    .where('chain_seq', '=', chainSeq)
    .executeTakeFirst()
  return row?.hash
}
