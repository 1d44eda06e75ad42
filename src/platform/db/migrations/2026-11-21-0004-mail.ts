import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// Mail that would have been sent when no SMTP server is configured: the development outbox.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('outbox_message')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('partnership_id', 'uuid', (c) => c.references('partnership.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .execute()
}
