import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// The agency register: a short name for reports ("Police 100%, ICB 50%") and when it last changed.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('agency')
    .addColumn('short_name', 'text', (c) =>
      c.check(sql`short_name is null or length(trim(short_name)) between 1 and 40`),
    )
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}
