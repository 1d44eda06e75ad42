import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// The audit trail is append-only. The application writes each entry in the same transaction as
// the change it records; these triggers make the database refuse any UPDATE, DELETE or TRUNCATE,
// whoever asks. In production the application's role is also granted INSERT and SELECT only
// (docs/operations.md).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    // Null for events before anyone is known (a failed sign-in with an unknown address).
    .addColumn('partnership_id', 'uuid', (c) => c.references('partnership.id'))
    .addColumn('chain_seq', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_label', 'text')
    .addColumn('action', 'text', (c) =>
      c.notNull().check(
        sql`action in ('create', 'update', 'delete', 'view', 'export', 'sign_in', 'sign_out',
          'failed_sign_in', 'permission_denied')`,
      ),
    )
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('changes', 'jsonb')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  // One chain per partnership (and one for events with no partnership), numbered without gaps.
  await sql`create unique index audit_event_chain_key on audit_event
    (coalesce(partnership_id, '00000000-0000-0000-0000-000000000000'::uuid), chain_seq)`.execute(db)
  await db.schema
    .createIndex('audit_event_record_idx')
    .on('audit_event')
    .columns(['partnership_id', 'record_type', 'record_id'])
    .execute()
  await db.schema
    .createIndex('audit_event_actor_idx')
    .on('audit_event')
    .columns(['partnership_id', 'actor_user_id', 'occurred_at'])
    .execute()
  await db.schema
    .createIndex('audit_event_time_idx')
    .on('audit_event')
    .columns(['partnership_id', 'occurred_at'])
    .execute()

  await sql`
    create function audit_event_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`create trigger audit_event_no_update_or_delete before update or delete on audit_event
    for each row execute function audit_event_is_append_only()`.execute(db)
  await sql`create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only()`.execute(db)
}
