import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// The outbox becomes the queue of outgoing mail (docs/decisions/0013-mail-outbox.md): a message is
// written in the transaction of the change that causes it, then a job delivers it, retrying with
// backoff. A worker claims one message at a time until `claimed_until`; a worker that dies lets
// its claim expire and another takes the message. Messages already here were kept in the
// development outbox, so they count as delivered there.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('outbox_message')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('kept')
        .check(sql`status in ('queued', 'sent', 'kept', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('claim_token', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('last_error', 'text')
    // The message as it must be sent, encrypted, when it carries a live link; the readable
    // columns then hold it with the link masked. Dropped once the message is delivered.
    .addColumn('sealed_body', 'text')
    .execute()
  await db.schema
    .alterTable('outbox_message')
    .alterColumn('status', (c) => c.setDefault('queued'))
    .execute()
  await db.schema
    .alterTable('outbox_message')
    .addCheckConstraint(
      'outbox_message_claim',
      sql`(claimed_until is null) = (claim_token is null)`,
    )
    .execute()
  await db.schema
    .alterTable('outbox_message')
    .addCheckConstraint(
      'outbox_message_delivered',
      sql`status <> 'sent' or delivered_at is not null`,
    )
    .execute()
  await db.schema
    .createIndex('outbox_message_due')
    .on('outbox_message')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('status'), '=', 'queued')
    .execute()
}
