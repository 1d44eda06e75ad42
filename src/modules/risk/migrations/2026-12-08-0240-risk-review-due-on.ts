import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// Each review keeps the review date it answered (the risk's review date when it was reviewed), so
// the deadline register can say whether reviews happen on time. Reviews already recorded take the
// next review date their previous review set; a risk's first review before this change has no
// known due date and stays null (not counted).
export async function up(db: MigrationDb): Promise<void> {
  await sql`alter table risk_review add column due_on date`.execute(db)
  await sql`
    update risk_review v set due_on = p.previous_next
    from (
      select partnership_id, id,
        lag(next_review_date) over (
          partition by partnership_id, risk_id order by reviewed_at, id
        ) as previous_next
      from risk_review
    ) p
    where p.partnership_id = v.partnership_id and p.id = v.id and p.previous_next is not null
  `.execute(db)
}
