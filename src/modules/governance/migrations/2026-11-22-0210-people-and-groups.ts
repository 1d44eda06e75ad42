import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// The people who sit on groups (and agencies' named contacts), the groups
// themselves, their memberships, standing agenda items, and joint groups shared with a
// neighbouring partnership.
export async function up(db: MigrationDb): Promise<void> {
  // A person who sits on groups or is an agency's named contact. Usually someone in this
  // partnership (perhaps with an account here); for a joint group, someone from the partnership it
  // is shared with, known by the email address of their account there.
  await db.schema
    .createTable('person')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('full_name', 'text', (c) =>
      c.notNull().check(sql`length(trim(full_name)) between 1 and 200`),
    )
    .addColumn('email', 'text', (c) =>
      c.check(sql`email is null or (email = lower(email) and position('@' in email) > 1)`),
    )
    .addColumn('job_title', 'text')
    .addColumn('phone', 'text')
    .addColumn('agency_id', 'uuid')
    .addColumn('is_named_contact', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('user_id', 'uuid')
    .addColumn('home_partnership_id', 'uuid', (c) => c.references('partnership.id'))
    .addColumn('external_organisation', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('person_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint('person_agency_fkey', ['partnership_id', 'agency_id'], 'agency', [
      'partnership_id',
      'id',
    ])
    .addForeignKeyConstraint('person_user_fkey', ['partnership_id', 'user_id'], 'app_user', [
      'partnership_id',
      'id',
    ])
    .addCheckConstraint(
      'person_external_is_known_by_email',
      sql`home_partnership_id is null or (home_partnership_id <> partnership_id
        and email is not null and user_id is null and agency_id is null
        and is_named_contact = false)`,
    )
    .addCheckConstraint(
      'person_organisation_only_for_external',
      sql`external_organisation is null or home_partnership_id is not null`,
    )
    .addCheckConstraint(
      'person_named_contact_has_agency',
      sql`is_named_contact = false or agency_id is not null`,
    )
    .execute()
  await sql`create unique index person_user_key on person (partnership_id, user_id) where user_id is not null`.execute(
    db,
  )
  await sql`create unique index person_email_key on person (partnership_id, email) where email is not null`.execute(
    db,
  )
  await sql`create index person_agency_idx on person (partnership_id, agency_id)`.execute(db)

  await db.schema
    .createTable('partnership_group')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) between 1 and 200`))
    .addColumn('short_name', 'text', (c) =>
      c.check(sql`short_name is null or length(trim(short_name)) between 1 and 40`),
    )
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('board', 'executive', 'sub_group', 'panel', 'task_and_finish')`),
    )
    .addColumn('parent_group_id', 'uuid')
    .addColumn('purpose', 'text')
    .addColumn('quorum_minimum', 'integer', (c) =>
      c.check(sql`quorum_minimum is null or quorum_minimum between 1 and 100`),
    )
    .addColumn('quorum_needs_chair', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('quorum_needs_statutory_partners', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('terms_of_reference_file_id', 'uuid')
    .addColumn('terms_of_reference_review_date', 'date')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('partnership_group_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('partnership_group_name_key', ['partnership_id', 'name'])
    .addForeignKeyConstraint(
      'partnership_group_parent_fkey',
      ['partnership_id', 'parent_group_id'],
      'partnership_group',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'partnership_group_terms_fkey',
      ['partnership_id', 'terms_of_reference_file_id'],
      'stored_file',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'partnership_group_not_own_parent',
      sql`parent_group_id is distinct from id`,
    )
    .execute()

  await db.schema
    .createTable('group_membership')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('group_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`role in ('chair', 'vice_chair', 'member', 'lay_member', 'participant_observer', 'adviser', 'designated_professional')`,
        ),
    )
    .addColumn('agency_id', 'uuid')
    .addColumn('cleared_for_restricted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('started_on', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('group_membership_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'group_membership_group_fkey',
      ['partnership_id', 'group_id'],
      'partnership_group',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'group_membership_person_fkey',
      ['partnership_id', 'person_id'],
      'person',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'group_membership_agency_fkey',
      ['partnership_id', 'agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint('group_membership_dates', sql`ended_on is null or ended_on >= started_on`)
    .execute()
  await sql`create unique index group_membership_current_key on group_membership (partnership_id, group_id, person_id) where ended_on is null`.execute(
    db,
  )
  await sql`create index group_membership_person_idx on group_membership (partnership_id, person_id)`.execute(
    db,
  )

  // A joint group: owned by this partnership and shared with a neighbouring one. Members from the
  // other partnership see this group's meetings and papers, and nothing else of this partnership.
  await db.schema
    .createTable('group_share')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('group_id', 'uuid', (c) => c.notNull())
    .addColumn('shared_with_partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('shared_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_share_pkey', [
      'partnership_id',
      'group_id',
      'shared_with_partnership_id',
    ])
    .addForeignKeyConstraint(
      'group_share_group_fkey',
      ['partnership_id', 'group_id'],
      'partnership_group',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'group_share_with_another_partnership',
      sql`shared_with_partnership_id <> partnership_id`,
    )
    .execute()
  await sql`create index group_share_with_idx on group_share (shared_with_partnership_id)`.execute(
    db,
  )

  // Items on every agenda of a group (apologies, minutes of the last meeting, the young
  // person's item…), copied onto each new meeting's agenda.
  await db.schema
    .createTable('standing_item')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('group_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 200`),
    )
    .addColumn('presenter_name', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('standing_item_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'standing_item_group_fkey',
      ['partnership_id', 'group_id'],
      'partnership_group',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
}
