import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// The learning loop's own records: the shared theme vocabulary, learning reviews (the module's own
// finding source, for thematic reviews and multi-agency audits), findings recorded against any
// registered source and tagged with themes, recommendations (each answered by actions in the
// tracker, signed off, then closed with evidence of impact), and practitioner briefings.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('learning_theme')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) between 1 and 120`))
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('learning_theme_pkey', ['partnership_id', 'id'])
    .execute()
  await sql`create unique index learning_theme_name_key on learning_theme (partnership_id, lower(name))`.execute(
    db,
  )

  await db.schema
    .createTable('learning_review')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 200`),
    )
    .addColumn('review_type', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`review_type in ('thematic_review', 'multi_agency_audit', 'multi_agency_learning_review', 'practitioner_learning_event', 'other')`,
        ),
    )
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('learning_review_pkey', ['partnership_id', 'id'])
    .execute()

  await db.schema
    .createTable('learning_finding')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('source_type', 'text', (c) =>
      c.notNull().check(sql`source_type ~ '^[a-z][a-z0-9_]{1,39}$'`),
    )
    .addColumn('source_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 300`),
    )
    .addColumn('detail', 'text')
    .addColumn('identified_on', 'date', (c) => c.notNull())
    .addColumn('created_by_user_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('learning_finding_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'learning_finding_created_by_fkey',
      ['partnership_id', 'created_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .execute()
  await sql`create index learning_finding_source_idx on learning_finding (partnership_id, source_type, source_id)`.execute(
    db,
  )

  await db.schema
    .createTable('learning_finding_theme')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('finding_id', 'uuid', (c) => c.notNull())
    .addColumn('theme_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('learning_finding_theme_pkey', [
      'partnership_id',
      'finding_id',
      'theme_id',
    ])
    .addForeignKeyConstraint(
      'learning_finding_theme_finding_fkey',
      ['partnership_id', 'finding_id'],
      'learning_finding',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'learning_finding_theme_theme_fkey',
      ['partnership_id', 'theme_id'],
      'learning_theme',
      ['partnership_id', 'id'],
    )
    .execute()
  await sql`create index learning_finding_theme_theme_idx on learning_finding_theme (partnership_id, theme_id)`.execute(
    db,
  )

  await db.schema
    .createTable('learning_recommendation')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('finding_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 300`),
    )
    .addColumn('detail', 'text')
    .addColumn('addressed_to', 'text', (c) =>
      c.notNull().check(sql`addressed_to in ('agency', 'partnership')`),
    )
    .addColumn('agency_id', 'uuid')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'signed_off', 'impact_evidenced')`),
    )
    .addColumn('signed_off_on', 'date')
    .addColumn('signed_off_by_user_id', 'uuid')
    .addColumn('sign_off_note', 'text')
    .addColumn('impact_note', 'text')
    .addColumn('impact_indicator', 'text')
    .addColumn('impact_reaudit', 'text')
    .addColumn('impact_recorded_on', 'date')
    .addColumn('impact_recorded_by_user_id', 'uuid')
    .addColumn('created_by_user_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('learning_recommendation_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'learning_recommendation_finding_fkey',
      ['partnership_id', 'finding_id'],
      'learning_finding',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'learning_recommendation_agency_fkey',
      ['partnership_id', 'agency_id'],
      'agency',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'learning_recommendation_signed_off_by_fkey',
      ['partnership_id', 'signed_off_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'learning_recommendation_impact_by_fkey',
      ['partnership_id', 'impact_recorded_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addForeignKeyConstraint(
      'learning_recommendation_created_by_fkey',
      ['partnership_id', 'created_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'learning_recommendation_addressee',
      sql`(addressed_to = 'agency') = (agency_id is not null)`,
    )
    .addCheckConstraint(
      'learning_recommendation_signed_off',
      sql`(status in ('signed_off', 'impact_evidenced')) = (signed_off_on is not null)`,
    )
    .addCheckConstraint(
      'learning_recommendation_impact',
      sql`(status = 'impact_evidenced') = (impact_note is not null and impact_recorded_on is not null)`,
    )
    .execute()
  await sql`create index learning_recommendation_finding_idx on learning_recommendation (partnership_id, finding_id)`.execute(
    db,
  )

  await db.schema
    .createTable('learning_briefing')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('subject', 'text', (c) => c.notNull().check(sql`subject in ('source', 'theme')`))
    .addColumn('source_type', 'text', (c) => c.check(sql`source_type ~ '^[a-z][a-z0-9_]{1,39}$'`))
    .addColumn('source_id', 'uuid')
    .addColumn('theme_id', 'uuid')
    .addColumn('title', 'text', (c) =>
      c.notNull().check(sql`length(trim(title)) between 1 and 200`),
    )
    .addColumn('what_happened', 'text', (c) => c.notNull())
    .addColumn('what_we_learned', 'text', (c) => c.notNull())
    .addColumn('what_to_do_differently', 'text', (c) => c.notNull())
    .addColumn('questions_for_reflection', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('learning_briefing_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'learning_briefing_theme_fkey',
      ['partnership_id', 'theme_id'],
      'learning_theme',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint(
      'learning_briefing_subject',
      sql`(subject = 'source' and source_type is not null and source_id is not null and theme_id is null)
        or (subject = 'theme' and theme_id is not null and source_type is null and source_id is null)`,
    )
    .execute()
  await sql`create index learning_briefing_published_idx on learning_briefing (partnership_id, published_at) where published_at is not null`.execute(
    db,
  )
}
