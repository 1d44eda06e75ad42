import type { MigrationDb } from '../migrations.ts'

// Mail can carry attachments (calendar invitations); the development outbox keeps them too.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('outbox_message').addColumn('attachments', 'jsonb').execute()
}
