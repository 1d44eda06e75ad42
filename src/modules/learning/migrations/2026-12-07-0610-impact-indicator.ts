import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// Evidence of impact may point at an indicator in the partnership's performance catalogue (the
// composite foreign key keeps it in the same partnership), besides the free-text description.
export async function up(db: MigrationDb): Promise<void> {
  await sql`alter table learning_recommendation add column impact_indicator_id uuid`.execute(db)
  await sql`alter table learning_recommendation add constraint learning_recommendation_impact_indicator_fkey
    foreign key (partnership_id, impact_indicator_id) references perf_indicator (partnership_id, id)`.execute(
    db,
  )
}
