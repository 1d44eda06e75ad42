import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// The tenancy spine. Every domain table carries partnership_id first in its primary key, and
// refers to other rows through (partnership_id, id) pairs, so the database itself refuses a row
// that points into another partnership.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('partnership')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`length(trim(name)) > 0`),
    )
    .addColumn('short_name', 'text', (c) => c.notNull().check(sql`length(trim(short_name)) > 0`))
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('agency')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) > 0`))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(
        sql`type in ('local_authority', 'police', 'health_commissioner', 'health_provider', 'education',
          'probation', 'cafcass', 'district_council', 'voluntary_community', 'fire', 'other')`,
      ),
    )
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('agency_pkey', ['partnership_id', 'id'])
    .addUniqueConstraint('agency_name_key', ['partnership_id', 'name'])
    .execute()
}
