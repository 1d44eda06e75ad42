import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

const statuses = sql`('not_started', 'on_track', 'at_risk', 'overdue', 'completed', 'closed_with_evidence')`

// The one action tracker. An action comes from a source in some module (a meeting item, a
// challenge, a case review recommendation, a risk…), named by type and id; that module describes
// and links it. Updates are the dated history; evidence files back completion; the raising group
// signs the action off.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('action')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'integer', (c) => c.notNull().check(sql`reference >= 1`))
    .addColumn('source_type', 'text', (c) =>
      c.notNull().check(sql`source_type ~ '^[a-z][a-z0-9_]{1,39}$'`),
    )
    .addColumn('source_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 300`),
    )
    .addColumn('description', 'text')
    .addColumn('owner_agency_id', 'uuid', (c) => c.notNull())
    .addColumn('owner_user_id', 'uuid')
    .addColumn('raised_by_group_id', 'uuid')
    .addColumn('raised_by_user_id', 'uuid')
    .addColumn('raised_on', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ${statuses}`))
    .addColumn('completed_on', 'date')
    .addColumn('signed_off_at', 'timestamptz')
    .addColumn('signed_off_by_user_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('action_reference_key', ['partnership_id', 'reference'])
    .addForeignKeyConstraint(
      'action_owner_agency_fkey',
      ['partnership_id', 'owner_agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_owner_user_fkey',
      ['partnership_id', 'owner_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_raised_by_group_fkey',
      ['partnership_id', 'raised_by_group_id'],
      'partnership_group',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_raised_by_user_fkey',
      ['partnership_id', 'raised_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_signed_off_by_fkey',
      ['partnership_id', 'signed_off_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint('action_due_after_raised', sql`due_date >= raised_on`)
    .addCheckConstraint(
      'action_completed_has_date',
      sql`(status in ('completed', 'closed_with_evidence')) = (completed_on is not null)`,
    )
    .addCheckConstraint(
      'action_closed_is_signed_off',
      sql`(status = 'closed_with_evidence') = (signed_off_at is not null)
        and (signed_off_at is null) = (signed_off_by_user_id is null)`,
    )
    .execute()
  await sql`create index action_owner_agency_idx on action (partnership_id, owner_agency_id, status)`.execute(
    db,
  )
  await sql`create index action_owner_user_idx on action (partnership_id, owner_user_id) where owner_user_id is not null`.execute(
    db,
  )
  await sql`create index action_source_idx on action (partnership_id, source_type, source_id)`.execute(
    db,
  )
  await sql`create index action_group_idx on action (partnership_id, raised_by_group_id)`.execute(
    db,
  )
  await sql`create index action_due_idx on action (partnership_id, due_date) where status not in ('completed', 'closed_with_evidence')`.execute(
    db,
  )

  await db.schema
    .createTable('action_update')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('action_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('raised', 'progress', 'completed', 'overdue', 'due_date_changed', 'signed_off', 'returned', 'escalated')`,
        ),
    )
    .addColumn('status_after', 'text', (c) => c.notNull().check(sql`status_after in ${statuses}`))
    .addColumn('note', 'text')
    .addColumn('update_date', 'date', (c) => c.notNull())
    .addColumn('new_due_date', 'date')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'uuid')
    .addColumn('recorded_by_label', 'text')
    // Orders updates recorded in the same instant (a job, a quick succession of forms).
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .addPrimaryKeyConstraint('action_update_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'action_update_action_fkey',
      ['partnership_id', 'action_id'],
      'action',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_update_user_fkey',
      ['partnership_id', 'recorded_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'action_update_due_date_change',
      sql`(kind = 'due_date_changed') = (new_due_date is not null)`,
    )
    .addCheckConstraint(
      'action_update_has_author',
      sql`recorded_by_user_id is not null or recorded_by_label is not null`,
    )
    .execute()
  await sql`create index action_update_action_idx on action_update (partnership_id, action_id, seq)`.execute(
    db,
  )

  await db.schema
    .createTable('action_evidence')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('action_id', 'uuid', (c) => c.notNull())
    .addColumn('update_id', 'uuid')
    .addColumn('file_id', 'uuid', (c) => c.notNull())
    .addColumn('description', 'text', (c) =>
      c.notNull().check(sql`length(trim(description)) between 1 and 300`),
    )
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addColumn('added_by_user_id', 'uuid')
    .addPrimaryKeyConstraint('action_evidence_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'action_evidence_action_fkey',
      ['partnership_id', 'action_id'],
      'action',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_evidence_update_fkey',
      ['partnership_id', 'update_id'],
      'action_update',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_evidence_file_fkey',
      ['partnership_id', 'file_id'],
      'stored_file',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'action_evidence_user_fkey',
      ['partnership_id', 'added_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .execute()
}
