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
  let businessUnit: TestUser
  let policeLead: TestUser
  let councilLead: TestUser
  let boardMember: TestUser
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-12-23T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    const council = await createAgency(db, north, { name: "Northshire Children's Services" })
    businessUnit = await createUser(db, north, { roles: ['business_unit'] })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    councilLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: council })
    boardMember = await createUser(db, north, { roles: ['board_member'] })
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

  const listed = async (user: TestUser) => {
    const answer = await (await app.clientAs(user)).get(platformPaths.apiDeadlines())
    return answer
      .json<{ deadlines: { clock: string; recordId: string; dueOn: string; state: string }[] }>()
      .deadlines.filter((d) => d.clock === 'risk.review')
      .map((d) => [d.recordId, d.dueOn, d.state])
  }

  it("lists each open risk by its next review date, to the business unit and the owner agency's lead", async () => {
    // The June review is beyond the 20 working days.
    const expected = [
      [ids.overdue, '2026-12-15', 'overdue'],
      [ids.late, '2027-01-08', 'due_soon'],
    ]
    expect(await listed(businessUnit)).toEqual(expected)
    expect(await listed(policeLead)).toEqual(expected)
    // They are the police's risks: not the council's lead's, nor a board member's with no agency.
    expect(await listed(councilLead)).toEqual([])
    expect(await listed(boardMember)).toEqual([])
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
