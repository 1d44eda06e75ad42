import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// The import kit's log (src/platform/imports): one row per file a person uploads to an import.
// The file itself is kept, by its SHA-256 hash, only between the check and the confirmation (the
// preview is worked out again from it, and the confirmation applies it); once the import is
// confirmed or discarded the bytes are cleared and the hash, the counts and who did it remain.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('import_run')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('definition_key', 'text', (c) =>
      c.notNull().check(sql`definition_key ~ '^[a-z][a-z0-9_.-]{1,59}$'`),
    )
    .addColumn('filename', 'text', (c) =>
      c.notNull().check(sql`length(filename) between 1 and 200`),
    )
    .addColumn('file_kind', 'text', (c) => c.notNull().check(sql`file_kind in ('csv', 'xlsx')`))
    .addColumn('file_sha256', 'text', (c) => c.notNull().check(sql`file_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('file_size', 'integer', (c) => c.notNull().check(sql`file_size > 0`))
    .addColumn('file_data', 'bytea')
    .addColumn('row_count', 'integer', (c) => c.notNull().check(sql`row_count >= 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'confirmed', 'discarded')`),
    )
    .addColumn('created_count', 'integer')
    .addColumn('updated_count', 'integer')
    .addColumn('unchanged_count', 'integer')
    .addColumn('uploaded_by_user_id', 'uuid', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addPrimaryKeyConstraint('import_run_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'import_run_uploaded_by_fkey',
      ['partnership_id', 'uploaded_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    // A pending import keeps its file; a finished one keeps only its hash and its counts.
    .addCheckConstraint(
      'import_run_file_while_pending',
      sql`(status = 'pending') = (file_data is not null) and (status = 'pending') = (finished_at is null)`,
    )
    .addCheckConstraint(
      'import_run_counts_when_confirmed',
      sql`(status = 'confirmed') = (created_count is not null and updated_count is not null and unchanged_count is not null)`,
    )
    .execute()
  await db.schema
    .createIndex('import_run_by_definition')
    .on('import_run')
    .columns(['partnership_id', 'definition_key', 'uploaded_at'])
    .execute()
}
