// Migration 2026-12-08-0240 gives reviews recorded before it the review date they answered: the
// next review date their risk's previous review set. A risk's first review has no known due date
// and stays null. Run again here on reviews with the column taken away, inside a transaction that
// is rolled back.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAgency, createPartnership } from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import type { MigrationDb } from '../../platform/db/migrations.ts'
import { asOf } from '../../platform/demo/as-of.ts'
import { systemContext } from '../../platform/use-case.ts'
import { up } from './migrations/2026-12-08-0240-risk-review-due-on.ts'
import * as service from './service.ts'

class RollBack extends Error {}

describe('risk_review.due_on back-fill', () => {
  let app: TestApp
  let riskId: string

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-12-23T10:00:00Z') })
    const north = await createPartnership(app.services.db)
    const police = await createAgency(app.services.db, north, { name: 'Northshire Police' })
    const ctx = systemContext(app.services, north.scope, 'Test')
    riskId = (
      await service.createRisk(asOf(ctx, '2026-06-01'), {
        title: "Fictional: Łukasz's team is short of staff",
        description: 'Fictional.',
        category: 'workforce',
        likelihood: 3,
        impact: 3,
        ownerAgencyId: police,
        ownerUserId: null,
        reviewDate: '2026-07-01',
        indicatorIds: [],
        challengeIds: [],
      })
    ).id
    const review = (on: string, next: string) =>
      service.reviewRisk(asOf(ctx, on), riskId, {
        likelihood: 2,
        impact: 3,
        note: 'Fictional review.',
        nextReviewDate: next,
      })
    await review('2026-07-03', '2026-09-30')
    await review('2026-09-29', '2026-12-31')
  })
  afterAll(async () => {
    await app.close()
  })

  const dueDates = async (db: typeof app.services.db) =>
    (
      await db
        .selectFrom('risk_review')
        .select('due_on')
        .where('risk_id', '=', riskId)
        .orderBy('reviewed_at')
        .execute()
    ).map((r) => r.due_on)

  it('keeps the review date each new review answered', async () => {
    expect(await dueDates(app.services.db)).toEqual(['2026-07-01', '2026-09-30'])
  })

  it("fills earlier reviews from the previous review's next date, leaving first reviews unknown", async () => {
    let backFilled: (string | null)[] = []
    await expect(
      app.services.db.transaction().execute(async (trx) => {
        await sql`alter table risk_review drop column due_on`.execute(trx)
        await up(trx as unknown as MigrationDb)
        backFilled = await dueDates(trx)
        throw new RollBack()
      }),
    ).rejects.toBeInstanceOf(RollBack)
    expect(backFilled).toEqual([null, '2026-09-30'])
    expect(await dueDates(app.services.db)).toEqual(['2026-07-01', '2026-09-30'])
  })
})
