import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

const list = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`)

// Serious incident notifications, their rapid reviews (information returns from agencies, the
// multi-agency chronology, the meeting and decision), and the reviews that follow (LCSPRs, legacy
// serious case reviews, other learning reviews) with milestones and publication. Case-level fields
// (pseudonym, dates of awareness, what happened) live only on serious_incident and the chronology;
// a published review carries its own public title and summary, so the public register never needs
// to read a case-level column.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('serious_incident')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'integer', (c) => c.notNull().check(sql`reference >= 1`))
    .addColumn('child_pseudonym', 'text', (c) =>
      c.notNull().check(sql`length(trim(child_pseudonym)) between 1 and 60`),
    )
    .addColumn('age_band', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`age_band in ${list(['unborn', 'under_1', '1_to_4', '5_to_9', '10_to_15', '16_to_17'])}`,
        ),
    )
    .addColumn('harm', 'text', (c) => c.notNull().check(sql`harm in ('death', 'serious_harm')`))
    .addColumn('aware_on', 'date', (c) => c.notNull())
    .addColumn('what_happened', 'text', (c) =>
      c.notNull().check(sql`length(trim(what_happened)) between 1 and 10000`),
    )
    .addColumn('notified_on', 'date')
    .addColumn('panel_reference', 'text')
    .addColumn('created_by_user_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('serious_incident_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('serious_incident_reference_key', ['partnership_id', 'reference'])
    .addForeignKeyConstraint(
      'serious_incident_created_by_fkey',
      ['partnership_id', 'created_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'serious_incident_notified_after_aware',
      sql`notified_on is null or notified_on >= aware_on`,
    )
    .execute()

  await db.schema
    .createTable('serious_incident_agency')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('incident_id', 'uuid', (c) => c.notNull())
    .addColumn('agency_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('serious_incident_agency_pkey', [
      'partnership_id',
      'incident_id',
      'agency_id',
    ])
    .addForeignKeyConstraint(
      'serious_incident_agency_incident_fkey',
      ['partnership_id', 'incident_id'],
      'serious_incident',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'serious_incident_agency_agency_fkey',
      ['partnership_id', 'agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .execute()

  await db.schema
    .createTable('rapid_review')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('incident_id', 'uuid', (c) => c.notNull())
    .addColumn('meeting_on', 'date')
    .addColumn('decision', 'text', (c) =>
      c.check(sql`decision in ('lcspr', 'other_learning_review', 'no_further_review')`),
    )
    .addColumn('decision_rationale', 'text')
    .addColumn('sent_to_panel_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('rapid_review_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('rapid_review_incident_key', ['partnership_id', 'incident_id'])
    .addForeignKeyConstraint(
      'rapid_review_incident_fkey',
      ['partnership_id', 'incident_id'],
      'serious_incident',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'rapid_review_decision_has_rationale',
      sql`(decision is null) = (decision_rationale is null)
        and (decision is null or meeting_on is not null)`,
    )
    .addCheckConstraint(
      'rapid_review_sent_after_decision',
      sql`sent_to_panel_on is null or (decision is not null and sent_to_panel_on >= meeting_on)`,
    )
    .execute()

  await db.schema
    .createTable('information_return')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rapid_review_id', 'uuid', (c) => c.notNull())
    .addColumn('agency_id', 'uuid', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) =>
      c.notNull().check(sql`length(trim(contact_name)) between 1 and 200`),
    )
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'date', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('returned_on', 'date')
    .addColumn('last_chased_on', 'date')
    .addColumn('chase_count', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`chase_count >= 0`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('information_return_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('information_return_agency_key', [
      'partnership_id',
      'rapid_review_id',
      'agency_id',
    ])
    .addForeignKeyConstraint(
      'information_return_rapid_review_fkey',
      ['partnership_id', 'rapid_review_id'],
      'rapid_review',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'information_return_agency_fkey',
      ['partnership_id', 'agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint('information_return_due_after_request', sql`due_on >= requested_on`)
    .execute()
  await sql`create index information_return_outstanding_idx on information_return (partnership_id, due_on) where returned_on is null`.execute(
    db,
  )

  await db.schema
    .createTable('chronology_entry')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rapid_review_id', 'uuid', (c) => c.notNull())
    .addColumn('agency_id', 'uuid', (c) => c.notNull())
    .addColumn('entry_date', 'date', (c) => c.notNull())
    .addColumn('what_happened', 'text', (c) =>
      c.notNull().check(sql`length(trim(what_happened)) between 1 and 5000`),
    )
    .addColumn('recorded_by_user_id', 'uuid')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .addPrimaryKeyConstraint('chronology_entry_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'chronology_entry_rapid_review_fkey',
      ['partnership_id', 'rapid_review_id'],
      'rapid_review',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'chronology_entry_agency_fkey',
      ['partnership_id', 'agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'chronology_entry_user_fkey',
      ['partnership_id', 'recorded_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .execute()
  await sql`create index chronology_entry_review_idx on chronology_entry (partnership_id, rapid_review_id, entry_date)`.execute(
    db,
  )

  await db.schema
    .createTable('case_review')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'integer', (c) => c.notNull().check(sql`reference >= 1`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('lcspr', 'scr', 'thematic', 'multi_agency_learning')`),
    )
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 200`),
    )
    .addColumn('incident_id', 'uuid')
    .addColumn('initiated_on', 'date', (c) => c.notNull())
    .addColumn('reviewer_name', 'text')
    .addColumn('reviewer_appointed_on', 'date')
    .addColumn('terms_of_reference', 'text')
    .addColumn('publication_held', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hold_reason', 'text')
    .addColumn('public_title', 'text')
    .addColumn('public_summary', 'text')
    .addColumn('published_on', 'date')
    .addColumn('report_file_id', 'uuid')
    .addColumn('briefing_file_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_review_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('case_review_reference_key', ['partnership_id', 'reference'])
    .addForeignKeyConstraint(
      'case_review_incident_fkey',
      ['partnership_id', 'incident_id'],
      'serious_incident',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'case_review_report_fkey',
      ['partnership_id', 'report_file_id'],
      'stored_file',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'case_review_briefing_fkey',
      ['partnership_id', 'briefing_file_id'],
      'stored_file',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'case_review_hold_has_reason',
      sql`publication_held = (hold_reason is not null)`,
    )
    // Published means: not held, with a public title, summary, report and briefing.
    .addCheckConstraint(
      'case_review_published_complete',
      sql`published_on is null or (not publication_held and public_title is not null
        and public_summary is not null and report_file_id is not null and briefing_file_id is not null)`,
    )
    .execute()

  await db.schema
    .createTable('review_milestone')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('review_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ${list(['agency_reports', 'practitioner_event', 'family_involvement', 'draft', 'panel_sign_off', 'national_panel_sent', 'publication'])}`,
        ),
    )
    .addColumn('planned_on', 'date')
    .addColumn('actual_on', 'date')
    .addPrimaryKeyConstraint('review_milestone_pkey', ['partnership_id', 'review_id', 'kind'])
    .addForeignKeyConstraint(
      'review_milestone_review_fkey',
      ['partnership_id', 'review_id'],
      'case_review',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('partnership_holiday')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('holiday_date', 'date', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) between 1 and 100`))
    .addPrimaryKeyConstraint('partnership_holiday_pkey', ['partnership_id', 'holiday_date'])
    .execute()
}
