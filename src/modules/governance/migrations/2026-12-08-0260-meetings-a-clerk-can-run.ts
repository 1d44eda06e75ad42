import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// Meetings a clerk can run (issue 13.1): a cancellation keeps its reason (and is cleared when the
// meeting is reinstated); agenda items can be withdrawn (kept, not deleted); a paper replaced by a
// new version is kept with its version number; an agenda item of the next meeting can record the
// approval of the previous meeting's minutes (at most one approval for each meeting).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('meeting')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('cancellation_reason', 'text', (c) =>
      c.check(sql`cancellation_reason is null or length(cancellation_reason) <= 2000`),
    )
    .execute()
  await db.schema
    .alterTable('agenda_item')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('approves_minutes_of_meeting_id', 'uuid')
    .execute()
  await sql`alter table agenda_item add constraint agenda_item_minutes_meeting_fkey foreign key (partnership_id, approves_minutes_of_meeting_id) references meeting (partnership_id, id)`.execute(
    db,
  )
  await sql`create unique index agenda_item_minutes_approval_key on agenda_item (partnership_id, approves_minutes_of_meeting_id) where approves_minutes_of_meeting_id is not null`.execute(
    db,
  )
  await db.schema
    .alterTable('meeting_paper')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('replaced_at', 'timestamptz')
    .execute()
}
