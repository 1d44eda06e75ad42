import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// Risks and challenges raised from an indicator now live in their own modules: a risk in the risk
// register (linked by risk_indicator) and a challenge in governance's challenge log, linked here.
// perf_concern, which held both as loose notes, is no longer used.
export async function up(db: MigrationDb): Promise<void> {
  await sql`
    create table perf_indicator_challenge (
      partnership_id uuid not null,
      indicator_id uuid not null,
      challenge_id uuid not null,
      raised_at timestamptz not null,
      raised_by_user_id uuid,
      primary key (partnership_id, indicator_id, challenge_id),
      foreign key (partnership_id, indicator_id) references perf_indicator (partnership_id, id),
      foreign key (partnership_id, challenge_id) references challenge (partnership_id, id),
      foreign key (partnership_id, raised_by_user_id) references app_user (partnership_id, id)
    )`.execute(db)
  await sql`drop table perf_concern`.execute(db)
}
