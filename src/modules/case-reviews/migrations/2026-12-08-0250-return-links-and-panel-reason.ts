import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// Secure links for agency contacts without an account: one row per link sent, the token stored
// only as its SHA-256, valid until `expires_on` and spent (`used_at`) once the return is
// submitted through it. And the reason a rapid review went to the national panel with
// information returns still outstanding.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('information_return_link')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('return_id', 'uuid', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addForeignKeyConstraint(
      'information_return_link_return_fkey',
      ['partnership_id', 'return_id'],
      'information_return',
      ['partnership_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await sql`create index information_return_link_return_idx on information_return_link (partnership_id, return_id)`.execute(
    db,
  )
  await sql`alter table rapid_review add column sent_with_outstanding_reason text`.execute(db)
}
