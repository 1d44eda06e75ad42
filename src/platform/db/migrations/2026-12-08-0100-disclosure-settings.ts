import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// Each partnership's rule for small numbers in published tables (src/platform/disclosure). One row
// per partnership at most; with none, the defaults apply (1 to 4 shown as '<5', zeros as 0).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('disclosure_setting')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.primaryKey().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('threshold', 'integer', (c) => c.notNull().check(sql`threshold between 2 and 20`))
    .addColumn('primary_symbol', 'text', (c) =>
      c.check(sql`primary_symbol is null or length(trim(primary_symbol)) between 1 and 10`),
    )
    .addColumn('secondary_symbol', 'text', (c) =>
      c.notNull().check(sql`length(trim(secondary_symbol)) between 1 and 10`),
    )
    .addColumn('suppress_zeros', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'uuid')
    .addForeignKeyConstraint(
      'disclosure_setting_updated_by_fkey',
      ['partnership_id', 'updated_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    // A figure hidden to protect a small one must not look like a small one.
    .addCheckConstraint(
      'disclosure_setting_symbols_differ',
      sql`coalesce(primary_symbol, '<' || (threshold + 1)::text) <> secondary_symbol`,
    )
    .execute()
}
