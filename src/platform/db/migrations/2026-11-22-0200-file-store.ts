import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// Uploaded files (meeting papers, terms of reference, action evidence) are kept in the database,
// so every app process can serve them and a backup holds everything. The owning record links to
// the file; the owning module's route decides who may download it.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('stored_file')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('filename', 'text', (c) =>
      c.notNull().check(sql`length(trim(filename)) between 1 and 200`),
    )
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('pdf', 'docx', 'xlsx', 'pptx', 'png', 'jpeg', 'csv')`),
    )
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by_user_id', 'uuid')
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('stored_file_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'stored_file_uploaded_by_fkey',
      ['partnership_id', 'uploaded_by_user_id'],
      'app_user',
      ['partnership_id', 'id'],
    )
    .addCheckConstraint('stored_file_size_matches', sql`octet_length(data) = size_bytes`)
    .execute()
}
