// The outbox table: queued mail, claims by delivery workers, and the development outbox's pages.
import { sql, type Kysely, type Selectable } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { OutboxMessageTable } from '../db/tables.ts'

export type OutboxRow = Selectable<OutboxMessageTable>

export interface NewOutboxMessage {
  readonly partnershipId: string | null
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html: string | null
  readonly attachments: string | null
  readonly sealedBody: string | null
  readonly dueAt: Date
}

export async function insertMessage(db: Kysely<Tables>, message: NewOutboxMessage): Promise<void> {
  await db
    .insertInto('outbox_message')
    .values({
      partnership_id: message.partnershipId,
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      attachments: message.attachments,
      sealed_body: message.sealedBody,
      status: 'queued',
      next_attempt_at: message.dueAt,
    })
    .execute()
}

/**
 * Claims the oldest message that is due and not claimed (or whose claim has expired: its worker
 * died), for this worker until `until`. One statement: FOR UPDATE SKIP LOCKED lets two workers
 * claim at once without ever taking the same message.
 */
export async function claimNext(
  db: Kysely<Tables>,
  claim: { readonly now: Date; readonly until: Date; readonly token: string },
): Promise<OutboxRow | undefined> {
  return db
    .updateTable('outbox_message')
    .set({
      claimed_until: claim.until,
      claim_token: claim.token,
      attempts: sql<number>`attempts + 1`,
    })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('outbox_message')
        .select('id')
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', claim.now)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<=', claim.now)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .executeTakeFirst()
}

/** Records a delivery, only if this worker still holds the claim. */
export async function markDelivered(
  db: Kysely<Tables>,
  id: number,
  token: string,
  delivered: { readonly status: 'sent' | 'kept'; readonly at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set({
      status: delivered.status,
      delivered_at: delivered.at,
      claimed_until: null,
      claim_token: null,
      sealed_body: null,
      last_error: null,
    })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Records a failed attempt: try again at `retryAt`, or give up (the live link is then dropped). */
export async function markAttemptFailed(
  db: Kysely<Tables>,
  id: number,
  token: string,
  failure: { readonly error: string; readonly retryAt: Date | null },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set({
      claimed_until: null,
      claim_token: null,
      last_error: failure.error.slice(0, 1000),
      ...(failure.retryAt === null
        ? { status: 'failed' as const, sealed_body: null }
        : { next_attempt_at: failure.retryAt }),
    })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Sent mail is kept for a while (to answer "did it go?"), then deleted. */
export async function deleteSentBefore(db: Kysely<Tables>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('outbox_message')
    .where('status', '=', 'sent')
    .where('delivered_at', '<', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export interface KeptSummary {
  readonly id: number
  readonly created_at: Date
  readonly to_address: string
  readonly subject: string
}

/** The development outbox: mail delivered to it, for one partnership, newest first. */
export async function listKept(db: Kysely<Tables>, partnershipId: string): Promise<KeptSummary[]> {
  return db
    .selectFrom('outbox_message')
    .select(['id', 'created_at', 'to_address', 'subject'])
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'kept')
    .orderBy('id', 'desc')
    .limit(200)
    .execute()
}

export async function findKept(
  db: Kysely<Tables>,
  partnershipId: string,
  id: number,
): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('outbox_message')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'kept')
    .where('id', '=', id)
    .executeTakeFirst()
}
