import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// A case-level role is given by two administrators: one proposes, another approves (ADR 0016).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('role_grant_proposal')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('based_on_roles', sql`text[]`, (c) => c.notNull())
    .addColumn('agency_id', 'uuid')
    .addColumn('proposed_by', 'uuid', (c) => c.notNull())
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'uuid')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('approved', 'rejected')`))
    .addPrimaryKeyConstraint('role_grant_proposal_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'role_grant_proposal_user_fkey',
      ['partnership_id', 'user_id'],
      'app_user',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'role_grant_proposal_proposer_fkey',
      ['partnership_id', 'proposed_by'],
      'app_user',
      ['partnership_id', 'id'],
    )
    // Nobody decides their own proposal, even by writing to the database directly.
    .addCheckConstraint(
      'role_grant_proposal_second_person',
      sql`decided_by is null or (decided_by <> proposed_by and decided_by <> user_id) or outcome = 'rejected'`,
    )
    .execute()
  await db.schema
    .createIndex('role_grant_proposal_pending_idx')
    .on('role_grant_proposal')
    .columns(['partnership_id', 'user_id'])
    .where(sql.ref('outcome'), 'is', null)
    .execute()
}
