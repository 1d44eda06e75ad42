// The rapid review against its 15-working-day clock: a meeting planned ahead (warned when it falls
// after the deadline), no sending to the national panel before the notification, and an overdue
// rapid review surfacing on the case review team's home page once the clock passes day 15.
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
import { caseReviewPaths as paths } from './paths.ts'

const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  }
}

describe('the rapid review clock', () => {
  // Tuesday 10 March 2026. Aware Monday 2 March: the rapid review is due Monday 23 March.
  const clock = new FakeClock('2026-03-10T10:00:00Z')
  let app: TestApp
  let north: TestPartnership
  let team: TestUser
  let agencyLead: TestUser
  let late: string
  let unnotified: string

  const record = async (pseudonym: string, awareOn: string) => {
    const client = await app.clientAs(team)
    const created = await client.submit(paths.newIncident(), {
      childPseudonym: pseudonym,
      ageBand: '1_to_4',
      harm: 'serious_harm',
      whatHappened: 'Fictional: a toddler was admitted with unexplained injuries.',
      ...date('awareOn', awareOn),
    })
    expect(created.status).toBe(303)
    return created.location?.split('/').pop() ?? ''
  }

  const rapidReviewRow = async (incidentId: string) =>
    app.services.db
      .selectFrom('rapid_review')
      .selectAll()
      .where('partnership_id', '=', north.id)
      .where('incident_id', '=', incidentId)
      .executeTakeFirstOrThrow()

  const rapidReviewUpdates = async () =>
    (
      await app.services.db
        .selectFrom('audit_event')
        .select('id')
        .where('partnership_id', '=', north.id)
        .where('record_type', '=', 'rapid_review')
        .where('action', '=', 'update')
        .execute()
    ).length

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    team = await createUser(db, north, { roles: ['case_review_team'], displayName: 'Zoë O’Brien' })
    agencyLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    late = await record('Child Ł', '2026-03-02')
    unnotified = await record('Child O’N', '2026-03-09')
    const client = await app.clientAs(team)
    const notified = await client.submit(paths.notification({ incidentId: late }), {
      ...date('notifiedOn', '2026-03-04'),
    })
    expect(notified.status).toBe(303)
  })
  afterAll(async () => {
    await app.close()
  })

  it('plans the meeting ahead and shows it against the day-15 deadline', async () => {
    const client = await app.clientAs(team)
    const before = await rapidReviewUpdates()
    const early = await client.submit(paths.planMeeting({ incidentId: late }), {
      ...date('plannedOn', '2026-02-27'),
    })
    expect(early.status).toBe(400)
    expect(early.$('#plannedOn-error').text()).toContain('after the date the local authority')
    const unreal = await client.submit(paths.planMeeting({ incidentId: late }), {
      ...date('plannedOn', '2026-02-30'),
    })
    expect(unreal.status).toBe(400)
    expect(unreal.$('.govuk-error-summary').text()).toContain('must be a real date')
    expect((await rapidReviewRow(late)).meeting_planned_on).toBeNull()
    expect(await rapidReviewUpdates()).toBe(before)

    // In the future, and in time: day 14 of 15, no warning.
    const inTime = await client.submit(paths.planMeeting({ incidentId: late }), {
      ...date('plannedOn', '2026-03-20'),
    })
    expect(inTime.status).toBe(303)
    let page = await client.get(paths.rapidReview({ incidentId: late }))
    expect(page.$('[data-planned-meeting]').text()).toBe(
      '20 March 2026 (Working day 14 of 15; deadline 23 March 2026)',
    )
    expect(page.$('[data-planned-meeting-warning]')).toHaveLength(0)

    // Moved after the deadline: a warning.
    await client.submit(paths.planMeeting({ incidentId: late }), {
      ...date('plannedOn', '2026-03-25'),
    })
    page = await client.get(paths.rapidReview({ incidentId: late }))
    expect(page.$('[data-planned-meeting]').text()).toContain(
      'Working day 17: 2 working days after the 15-working-day deadline',
    )
    expect(page.$('[data-planned-meeting-warning]').text()).toContain(
      'The meeting is planned after the rapid review deadline of 23 March 2026',
    )
    expect(await rapidReviewUpdates()).toBe(before + 2)
    // Only the case review team plans meetings.
    const lead = await app.clientAs(agencyLead)
    expect((await lead.get(paths.planMeeting({ incidentId: late }))).status).toBe(403)
  })

  it('refuses to send a rapid review to the panel before the notification, and changes nothing', async () => {
    const client = await app.clientAs(team)
    const decided = await client.submit(paths.decision({ incidentId: unnotified }), {
      ...date('meetingOn', '2026-03-10'),
      decision: 'no_further_review',
      decisionRationale: 'Fictional: single-agency learning is already under way.',
    })
    expect(decided.status).toBe(303)
    const page = await client.get(paths.rapidReview({ incidentId: unnotified }))
    expect(page.$('a:contains("Record it as sent to the national panel")')).toHaveLength(0)
    const row = await rapidReviewRow(unnotified)
    const updates = await rapidReviewUpdates()
    const refused = await client.submit(paths.sentToPanel({ incidentId: unnotified }), {
      ...date('sentOn', '2026-03-10'),
    })
    expect(refused.status).toBe(409)
    expect(refused.$('main').text()).toContain('Record the notification to the national panel')
    expect(await rapidReviewRow(unnotified)).toEqual(row)
    expect(row.sent_to_panel_on).toBeNull()
    expect(await rapidReviewUpdates()).toBe(updates)
    const incident = await app.services.db
      .selectFrom('serious_incident')
      .select('notified_on')
      .where('id', '=', unnotified)
      .executeTakeFirstOrThrow()
    expect(incident.notified_on).toBeNull()
  })

  it('shows the team a rapid review past day 15 and not sent as overdue on the home page', async () => {
    let home = await (await app.clientAs(team)).get('/')
    let text = home.$('main').text()
    // From the deadline register (deadlines.ts): both are due within 20 working days.
    expect(text).toContain('2 rapid reviews are due in the next 20 working days')
    expect(text).not.toContain('rapid review is overdue')

    // Tuesday 24 March: working day 16 for the review from 2 March, still not sent. (A new
    // sign-in: the first session has long timed out.)
    clock.set('2026-03-24T10:00:00Z')
    const client = await app.clientAs(team)
    home = await client.get('/')
    text = home.$('main').text()
    expect(text).toContain('1 rapid review is overdue')
    expect(text).toContain('1 rapid review is due in the next 20 working days')
    const overview = await client.get(paths.overview())
    expect(overview.$('[data-rapid-review-clock] [data-clock-state="overdue"]')).toHaveLength(1)
    // Agency leads are not shown the team's clocks.
    const lead = await (await app.clientAs(agencyLead)).get('/')
    expect(lead.$('main').text()).not.toContain('rapid review')
  })
})
