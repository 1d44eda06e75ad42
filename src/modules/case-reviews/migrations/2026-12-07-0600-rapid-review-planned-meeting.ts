import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// The rapid review meeting is scheduled ahead (it may be in the future), so the team can see
// before it happens whether it falls after the 15-working-day deadline.
export async function up(db: MigrationDb): Promise<void> {
  await sql`alter table rapid_review add column meeting_planned_on date`.execute(db)
}
