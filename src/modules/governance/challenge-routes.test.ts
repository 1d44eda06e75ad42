// The challenge log through HTTP: recording a challenge, the challenged agency's response, the
// outcome, actions raised from it; agency leads see and answer only challenges involving their
// agency; ids from another partnership are not found. Also the attendance report's downloads.
import { randomUUID } from 'node:crypto'
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
import { governancePaths } from './paths.ts'

describe('challenge log', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let health: string
  let school: string
  let manager: TestUser
  let policeLead: TestUser
  let schoolLead: TestUser
  let practitioner: TestUser
  let southManager: TestUser
  let challengeUrl: string

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    health = await createAgency(db, north, { name: 'Northshire ICB', type: 'health_commissioner' })
    school = await createAgency(db, north, { name: "St Brigid's School", type: 'education' })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    schoolLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: school })
    practitioner = await createUser(db, north, { roles: ['practitioner'] })
    southManager = await createUser(db, south, { roles: ['business_unit'] })
  })
  afterAll(async () => {
    await app.close()
  })

  const raisedOn = { 'raisedOn-day': '2', 'raisedOn-month': '3', 'raisedOn-year': '2026' }

  it('records a challenge, and refuses one made by an agency to itself', async () => {
    const client = await app.clientAs(manager)
    const count = async () =>
      (
        await app.services.db
          .selectFrom('challenge')
          .select('id')
          .where('partnership_id', '=', north.id)
          .execute()
      ).length
    const same = await client.submit(governancePaths.newChallenge(), {
      raisedByAgencyId: health,
      raisedToAgencyId: health,
      subject: 'Strategy meeting attendance',
      detail: 'Health were not invited.',
      ...raisedOn,
    })
    expect(same.status).toBe(400)
    expect(same.$('#raisedToAgencyId-error').text()).toContain('Select a different agency')
    const empty = await client.submit(governancePaths.newChallenge(), {})
    expect(empty.status).toBe(400)
    expect(empty.$('.govuk-error-summary').text()).toContain(
      'Select the agency raising the challenge',
    )
    expect(await count()).toBe(0)

    const created = await client.submit(governancePaths.newChallenge(), {
      raisedByAgencyId: health,
      raisedToAgencyId: police,
      subject: 'Health not invited to strategy meetings',
      detail: 'In three cases in January, health were not invited to the strategy meeting.',
      ...raisedOn,
    })
    expect(created.status).toBe(303)
    challengeUrl = created.location ?? ''
    const page = await client.get(challengeUrl)
    expect(page.$('h1').text()).toBe('Health not invited to strategy meetings')
    expect(page.$('.govuk-caption-l').text()).toContain('C-001')
  })

  it('lets the challenged agency’s lead respond, and no other agency’s', async () => {
    const challengeId = challengeUrl.split('/').pop() ?? ''
    const school = await app.clientAs(schoolLead)
    expect((await school.get(challengeUrl)).status).toBe(403)
    expect((await school.get(governancePaths.challengeResponse({ challengeId }))).status).toBe(403)
    expect((await school.get(governancePaths.challenges())).$('[data-challenges]').length).toBe(0)

    const lead = await app.clientAs(policeLead)
    expect((await lead.get(governancePaths.challenges())).$('[data-challenges]').text()).toContain(
      'Health not invited',
    )
    const future = await lead.submit(governancePaths.challengeResponse({ challengeId }), {
      response: 'Agreed; we will change the template.',
      'respondedOn-day': '1',
      'respondedOn-month': '4',
      'respondedOn-year': '2026',
    })
    expect(future.status).toBe(400)
    expect(future.$('#respondedOn-error').text()).toContain('must be today or in the past')
    const answered = await lead.submit(governancePaths.challengeResponse({ challengeId }), {
      response: 'Agreed; the strategy meeting template now lists health.',
      'respondedOn-day': '9',
      'respondedOn-month': '3',
      'respondedOn-year': '2026',
    })
    expect(answered.status).toBe(303)
    expect((await lead.get(governancePaths.challengeOutcome({ challengeId }))).status).toBe(403)
  })

  it('records the outcome and raises an action from the challenge', async () => {
    const challengeId = challengeUrl.split('/').pop() ?? ''
    const client = await app.clientAs(manager)
    const action = await client.submit(governancePaths.challengeAction({ challengeId }), {
      title: 'Audit strategy meeting invitations',
      ownerAgencyId: police,
      'dueDate-day': '30',
      'dueDate-month': '4',
      'dueDate-year': '2026',
    })
    expect(action.status).toBe(303)
    const outcome = await client.submit(governancePaths.challengeOutcome({ challengeId }), {
      status: 'resolved',
      outcome: 'Template changed; audit in April.',
      'outcomeDate-day': '10',
      'outcomeDate-month': '3',
      'outcomeDate-year': '2026',
    })
    expect(outcome.status).toBe(303)
    const page = await client.get(challengeUrl)
    expect(page.$('[data-response]').text()).toContain('template now lists health')
    expect(page.$('[data-outcome]').text()).toContain('Template changed')
    expect(page.$('.govuk-summary-list').text()).toContain('Resolved')
    expect(page.$('[data-actions]').text()).toContain('Audit strategy meeting invitations')
    const again = await client.submit(governancePaths.challengeOutcome({ challengeId }), {
      status: 'escalated',
      outcome: 'Changed my mind',
      'outcomeDate-day': '10',
      'outcomeDate-month': '3',
      'outcomeDate-year': '2026',
    })
    expect(again.status).toBe(409)
  })

  it('escalates a challenge, and later resolves the escalated challenge', async () => {
    const client = await app.clientAs(manager)
    const created = await client.submit(governancePaths.newChallenge(), {
      raisedByAgencyId: school,
      raisedToAgencyId: health,
      subject: 'School nurse not at child protection conferences',
      detail: 'Three conferences in February had no health representative.',
      ...raisedOn,
    })
    expect(created.status).toBe(303)
    const url = created.location ?? ''
    const challengeId = url.split('/').pop() ?? ''
    const stored = async () =>
      app.services.db
        .selectFrom('challenge')
        .select(['status', 'outcome', 'closed_on'])
        .where('id', '=', challengeId)
        .executeTakeFirstOrThrow()
    const updates = async () =>
      (
        await app.services.db
          .selectFrom('audit_event')
          .select('id')
          .where('record_type', '=', 'challenge')
          .where('record_id', '=', challengeId)
          .where('action', '=', 'update')
          .execute()
      ).length
    const outcomeDate = {
      'outcomeDate-day': '9',
      'outcomeDate-month': '3',
      'outcomeDate-year': '2026',
    }

    const escalated = await client.submit(governancePaths.challengeOutcome({ challengeId }), {
      status: 'escalated',
      outcome: 'Not resolved between the agencies; referred to the executive group.',
      ...outcomeDate,
    })
    expect(escalated.status).toBe(303)
    expect(await stored()).toEqual({
      status: 'escalated',
      outcome: 'Not resolved between the agencies; referred to the executive group.',
      closed_on: null,
    })
    expect(await updates()).toBe(1)
    const page = await client.get(url)
    expect(page.$('.govuk-summary-list').text()).toContain('Escalated')
    expect(page.$('[data-outcome]').text()).toContain('referred to the executive group')
    // Still answerable by the challenged agency? No: only open challenges take a response.
    const healthLead = await createUser(app.services.db, north, {
      roles: ['agency_lead'],
      agencyId: health,
    })
    const lead = await app.clientAs(healthLead)
    expect(
      (
        await lead.submit(governancePaths.challengeResponse({ challengeId }), {
          response: 'Late reply.',
          'respondedOn-day': '10',
          'respondedOn-month': '3',
          'respondedOn-year': '2026',
        })
      ).status,
    ).toBe(409)

    const resolved = await client.submit(governancePaths.challengeOutcome({ challengeId }), {
      status: 'resolved',
      outcome: 'The executive agreed a rota for the school nursing service.',
      'outcomeDate-day': '10',
      'outcomeDate-month': '3',
      'outcomeDate-year': '2026',
    })
    expect(resolved.status).toBe(303)
    expect(await stored()).toMatchObject({ status: 'resolved', closed_on: '2026-03-10' })
    expect(await updates()).toBe(2)
  })

  it('keeps other roles and partnerships out', async () => {
    const challengeId = challengeUrl.split('/').pop() ?? ''
    expect(
      (await (await app.clientAs(practitioner)).get(governancePaths.challenges())).status,
    ).toBe(403)
    const southern = await app.clientAs(southManager)
    expect((await southern.get(challengeUrl)).status).toBe(404)
    expect((await southern.get(governancePaths.challengeOutcome({ challengeId }))).status).toBe(404)
    expect(
      (await southern.get(governancePaths.challenge({ challengeId: randomUUID() }))).status,
    ).toBe(404)
  })
})
