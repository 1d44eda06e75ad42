// The risk register's clock on the deadline register: each open risk's next review, and each review
// done against the review date it answered (kept on the review since 2026-12-08-0240).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import { asOf } from '../../platform/demo/as-of.ts'
import { platformPaths } from '../../platform/paths.ts'
import { systemContext } from '../../platform/use-case.ts'
import { riskReviewClock } from './deadlines.ts'
import * as service from './service.ts'

describe('risk reviews on the deadline register', () => {
  let app: TestApp
  let north: TestPartnership
  let boardMember: TestUser
  let practitioner: TestUser
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-12-23T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    boardMember = await createUser(db, north, { roles: ['board_member'] })
    practitioner = await createUser(db, north, { roles: ['practitioner'] })
    const ctx = systemContext(app.services, north.scope, 'Test')
    const add = async (key: string, reviewDate: string) => {
      ids[key] = (
        await service.createRisk(asOf(ctx, '2026-10-01'), {
          title: `Fictional risk ${key}: Zoë's caseloads`,
          description: 'Fictional.',
          category: 'workforce',
          likelihood: 3,
          impact: 4,
          ownerAgencyId: police,
          ownerUserId: null,
          reviewDate,
          indicatorIds: [],
          challengeIds: [],
        })
      ).id
    }
    const review = async (key: string, on: string, nextReviewDate: string) =>
      service.reviewRisk(asOf(ctx, on), ids[key] ?? '', {
        likelihood: 2,
        impact: 4,
        note: 'Fictional review.',
        nextReviewDate,
      })
    await add('late', '2026-11-02')
    await review('late', '2026-11-06', '2027-01-08')
    await add('overdue', '2026-12-15')
    await add('onTime', '2026-12-01')
    await review('onTime', '2026-12-01', '2027-06-01')
  })
  afterAll(async () => {
    await app.close()
  })

  it('lists each open risk by its next review date, to those who may read the register', async () => {
    const answer = await (await app.clientAs(boardMember)).get(platformPaths.apiDeadlines())
    const listed = answer
      .json<{ deadlines: { clock: string; recordId: string; dueOn: string; state: string }[] }>()
      .deadlines.filter((d) => d.clock === 'risk.review')
      .map((d) => [d.recordId, d.dueOn, d.state])
    // The June review is beyond the 20 working days.
    expect(listed).toEqual([
      [ids.overdue, '2026-12-15', 'overdue'],
      [ids.late, '2027-01-08', 'due_soon'],
    ])
    const none = await (await app.clientAs(practitioner)).get(platformPaths.apiDeadlines())
    expect(none.json<{ deadlines: unknown[] }>().deadlines).toEqual([])
  })

  it('judges each review against the review date it answered', async () => {
    const deadlines = await riskReviewClock.deadlines(
      systemContext(app.services, north.scope, 'Test'),
      { from: '2026-04-01', to: '2027-03-31' },
    )
    expect(
      deadlines
        .map((d) => [d.recordId, d.dueOn, d.completedOn ?? null, d.met])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [ids.late, '2026-11-02', '2026-11-06', false],
      [ids.onTime, '2026-12-01', '2026-12-01', true],
      [ids.overdue, '2026-12-15', null, false],
      [ids.late, '2027-01-08', null, null],
    ])
  })
})
