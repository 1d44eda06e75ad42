import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// Meetings of the groups (agenda items, papers, declarations of interest, attendance, minutes and
// decisions), the challenge log, and the record of reminder digests sent (one per person per day,
// so two app processes running the digest job cannot send it twice).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('meeting')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('group_id', 'uuid', (c) => c.notNull())
    .addColumn('series_id', 'uuid')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.check(sql`location is null or length(location) <= 300`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('scheduled')
        .check(sql`status in ('scheduled', 'cancelled')`),
    )
    .addColumn('pack_published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('meeting_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'meeting_group_fkey',
      ['partnership_id', 'group_id'],
      'partnership_group',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint('meeting_ends_after_start', sql`ends_at > starts_at`)
    .execute()
  await sql`create index meeting_group_idx on meeting (partnership_id, group_id, starts_at)`.execute(
    db,
  )

  await db.schema
    .createTable('agenda_item')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 300`),
    )
    .addColumn('presenter_name', 'text')
    .addColumn('restricted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('standing_item_id', 'uuid')
    // Set when the overdue-escalation job put an action on this agenda (once per meeting).
    .addColumn('escalated_action_id', 'uuid')
    .addColumn('minutes', 'text')
    .addColumn('decisions', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('agenda_item_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'agenda_item_meeting_fkey',
      ['partnership_id', 'meeting_id'],
      'meeting',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'agenda_item_action_fkey',
      ['partnership_id', 'escalated_action_id'],
      'action',
      ['partnership_id', 'id'],
    )
    .execute()
  await sql`create index agenda_item_meeting_idx on agenda_item (partnership_id, meeting_id, position)`.execute(
    db,
  )
  await sql`create unique index agenda_item_escalation_key on agenda_item (partnership_id, meeting_id, escalated_action_id) where escalated_action_id is not null`.execute(
    db,
  )

  await db.schema
    .createTable('meeting_paper')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull())
    .addColumn('agenda_item_id', 'uuid', (c) => c.notNull())
    .addColumn('file_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 300`),
    )
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addColumn('added_by_user_id', 'uuid')
    .addPrimaryKeyConstraint('meeting_paper_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'meeting_paper_item_fkey',
      ['partnership_id', 'agenda_item_id'],
      'agenda_item',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'meeting_paper_meeting_fkey',
      ['partnership_id', 'meeting_id'],
      'meeting',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'meeting_paper_file_fkey',
      ['partnership_id', 'file_id'],
      'stored_file',
      ['partnership_id', 'id'],
    )
    .execute()

  await db.schema
    .createTable('declaration_of_interest')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull())
    .addColumn('agenda_item_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addColumn('interest', 'text', (c) =>
      c.notNull().check(sql`length(trim(interest)) between 1 and 2000`),
    )
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('declaration_of_interest_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'declaration_item_fkey',
      ['partnership_id', 'agenda_item_id'],
      'agenda_item',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'declaration_meeting_fkey',
      ['partnership_id', 'meeting_id'],
      'meeting',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint('declaration_person_fkey', ['partnership_id', 'person_id'], 'person', [
      'partnership_id',
      'id',
    ])
    .execute()

  // One row per person per meeting. A substitute is recorded against the member they stood in
  // for; the agency and role are kept as they were at the meeting, for the attendance report.
  await db.schema
    .createTable('attendance')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('meeting_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('present', 'apologies', 'substitute', 'absent')`),
    )
    .addColumn('substitute_for_person_id', 'uuid')
    .addColumn('agency_id', 'uuid')
    .addColumn('role', 'text')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_pkey', ['partnership_id', 'meeting_id', 'person_id'])
    .addForeignKeyConstraint(
      'attendance_meeting_fkey',
      ['partnership_id', 'meeting_id'],
      'meeting',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint('attendance_person_fkey', ['partnership_id', 'person_id'], 'person', [
      'partnership_id',
      'id',
    ])
    .addForeignKeyConstraint(
      'attendance_substitute_for_fkey',
      ['partnership_id', 'substitute_for_person_id'],
      'person',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint('attendance_agency_fkey', ['partnership_id', 'agency_id'], 'agency', [
      'partnership_id',
      'id',
    ])
    .addCheckConstraint(
      'attendance_substitute_names_member',
      sql`(status = 'substitute') = (substitute_for_person_id is not null)`,
    )
    .execute()

  await db.schema
    .createTable('challenge')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'integer', (c) => c.notNull())
    .addColumn('raised_on', 'date', (c) => c.notNull())
    .addColumn('raised_by_agency_id', 'uuid', (c) => c.notNull())
    .addColumn('raised_by_person_id', 'uuid')
    .addColumn('raised_to_agency_id', 'uuid', (c) => c.notNull())
    .addColumn('raised_to_person_id', 'uuid')
    .addColumn('group_id', 'uuid')
    .addColumn('subject', 'text', (c) =>
      c.notNull().check(sql`length(trim(subject)) between 1 and 300`),
    )
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('responded_on', 'date')
    .addColumn('outcome', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'responded', 'escalated', 'resolved')`),
    )
    .addColumn('closed_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('challenge_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('challenge_reference_key', ['partnership_id', 'reference'])
    .addForeignKeyConstraint(
      'challenge_by_agency_fkey',
      ['partnership_id', 'raised_by_agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'challenge_to_agency_fkey',
      ['partnership_id', 'raised_to_agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'challenge_by_person_fkey',
      ['partnership_id', 'raised_by_person_id'],
      'person',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'challenge_to_person_fkey',
      ['partnership_id', 'raised_to_person_id'],
      'person',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'challenge_group_fkey',
      ['partnership_id', 'group_id'],
      'partnership_group',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'challenge_to_another_agency',
      sql`raised_to_agency_id <> raised_by_agency_id`,
    )
    .addCheckConstraint(
      'challenge_closed_when_resolved',
      sql`(status = 'resolved') = (closed_on is not null)`,
    )
    .execute()

  // One reminder digest per person per London day: the primary key is what makes the job run
  // once even when two processes run it at the same moment.
  await db.schema
    .createTable('reminder_digest')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('digest_date', 'date', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('overdue_count', 'integer', (c) => c.notNull())
    .addColumn('due_soon_count', 'integer', (c) => c.notNull())
    .addColumn('papers_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_digest_pkey', ['partnership_id', 'user_id', 'digest_date'])
    .addForeignKeyConstraint(
      'reminder_digest_user_fkey',
      ['partnership_id', 'user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .execute()
}
