// Case reviews' two statutory clocks on the deadline register, in working days over Christmas:
// an incident the partnership became aware of on Tuesday 22 December 2026 must be notified by
// Thursday 31 December (Christmas Day, Boxing Day in lieu on Monday 28th, and the weekend left out)
// and its rapid review sent by Friday 15 January 2027 (New Year's Day left out too). Only the case
// review team sees them; whether each was met is judged from the records.
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
import { platformPaths } from '../../platform/paths.ts'
import { systemContext } from '../../platform/use-case.ts'
import { caseReviewClocks } from './deadlines.ts'
import { caseReviewPaths as paths } from './paths.ts'

const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  }
}

interface Listed {
  clock: string
  recordId: string
  label: string
  dueOn: string
  state: string
}

describe('case review clocks on the deadline register', () => {
  let app: TestApp
  let north: TestPartnership
  let team: TestUser
  let agencyLead: TestUser
  let christmas: string
  let november: string

  const record = async (pseudonym: string, awareOn: string) => {
    const created = await (
      await app.clientAs(team)
    ).submit(paths.newIncident(), {
      childPseudonym: pseudonym,
      ageBand: '1_to_4',
      harm: 'serious_harm',
      whatHappened: 'Fictional: a toddler was admitted with unexplained injuries.',
      ...date('awareOn', awareOn),
    })
    expect(created.status).toBe(303)
    return created.location?.split('/').pop() ?? ''
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-12-23T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    team = await createUser(db, north, { roles: ['case_review_team'], displayName: 'Zoë O’Brien' })
    agencyLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    christmas = await record('Child Ł', '2026-12-22')
    november = await record('Child O’N', '2026-11-02')
    // Notified on the fourth working day after its deadline (Monday 9 November).
    const notified = await (
      await app.clientAs(team)
    ).submit(paths.notification({ incidentId: november }), { ...date('notifiedOn', '2026-11-12') })
    expect(notified.status).toBe(303)
  })
  afterAll(async () => {
    await app.close()
  })

  it('lists the notification and rapid review due dates in working days over the bank holidays', async () => {
    const answer = await (await app.clientAs(team)).get(platformPaths.apiDeadlines())
    expect(answer.status).toBe(200)
    const listed = answer.json<{ deadlines: Listed[] }>().deadlines
    expect(listed.map((d) => [d.clock, d.recordId, d.dueOn, d.state])).toEqual([
      // November's rapid review: 15 working days from 2 November is 23 November, long passed.
      ['case_reviews.rapid_review', november, '2026-11-23', 'overdue'],
      ['case_reviews.notification', christmas, '2026-12-31', 'due_soon'],
      ['case_reviews.rapid_review', christmas, '2027-01-15', 'due_soon'],
    ])
    // The labels name the incident by reference, nothing about the child.
    expect(listed.map((d) => d.label).join(' ')).not.toContain('Child')
    const page = await (await app.clientAs(team)).get(platformPaths.deadlines())
    expect(
      page
        .$(`[data-record="${christmas}"][data-deadline="case_reviews.notification"] a`)
        .attr('href'),
    ).toBe(paths.incident({ incidentId: christmas }))
  })

  it('shows the clocks to no one outside the case review team', async () => {
    const answer = await (await app.clientAs(agencyLead)).get(platformPaths.apiDeadlines())
    expect(answer.json<{ deadlines: Listed[] }>().deadlines).toEqual([])
    const home = await (await app.clientAs(agencyLead)).get(platformPaths.home())
    expect(home.$('main').text()).not.toContain('serious incident')
  })

  it('judges each notification met, late or not yet due from the records', async () => {
    const [notification, rapidReview] = caseReviewClocks
    const ctx = systemContext(app.services, north.scope, 'Test')
    const window = { from: '2026-10-01', to: '2027-03-31' }
    const judged = async (clock: typeof notification) =>
      (await clock?.deadlines(ctx, window))?.map((d) => [d.recordId, d.dueOn, d.completedOn, d.met])
    expect(await judged(notification)).toEqual(
      expect.arrayContaining([
        [november, '2026-11-09', '2026-11-12', false],
        [christmas, '2026-12-31', null, null],
      ]),
    )
    expect(await judged(rapidReview)).toEqual(
      expect.arrayContaining([
        [november, '2026-11-23', null, false],
        [christmas, '2027-01-15', null, null],
      ]),
    )
  })
})
