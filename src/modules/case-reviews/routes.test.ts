// Case reviews through HTTP: recording an incident and its clocks, the rapid review (information
// returns, chronology, decision, sent), who may see what, and the audit of every view.
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
import { caseReviewPaths as paths } from './paths.ts'
import { deadlineAttention } from '../../platform/deadlines/index.ts'
import { actorContext } from '../../platform/use-case.ts'
import { chaseReturns } from './service.ts'

const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  }
}

describe('serious incidents and rapid reviews', () => {
  const clock = new FakeClock('2026-03-10T10:00:00Z') // Tuesday 10 March 2026
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let health: string
  let team: TestUser
  let manager: TestUser
  let policeLead: TestUser
  let healthLead: TestUser
  let southTeam: TestUser
  let incidentId: string

  const views = async (recordType: string, recordId: string | null) =>
    (
      await app.services.db
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'view')
        .where('record_type', '=', recordType)
        .$call((q) => (recordId === null ? q : q.where('record_id', '=', recordId)))
        .execute()
    ).length

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    health = await createAgency(db, north, { name: 'Northshire ICB', type: 'health_commissioner' })
    team = await createUser(db, north, { roles: ['case_review_team'], displayName: 'Zoë O’Brien' })
    manager = await createUser(db, north, {
      roles: ['business_unit', 'partnership_admin', 'board_member'],
    })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    healthLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: health })
    southTeam = await createUser(db, south, { roles: ['case_review_team'] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('refuses an incident with missing or bad answers, saying what is wrong, and writes nothing', async () => {
    const client = await app.clientAs(team)
    const page = await client.submit(paths.newIncident(), { ...date('awareOn', '2026-02-30') })
    expect(page.status).toBe(400)
    const summary = page.$('.govuk-error-summary').text()
    expect(summary).toContain('Enter the child’s pseudonym')
    expect(summary).toContain('Select the child’s age')
    expect(summary).toContain('must be a real date')
    expect(summary).toContain('Enter what happened')
    const future = await client.submit(paths.newIncident(), {
      childPseudonym: 'Child K',
      ageBand: 'under_1',
      harm: 'serious_harm',
      whatHappened: 'Fictional.',
      ...date('awareOn', '2026-03-11'),
    })
    expect(future.status).toBe(400)
    expect(future.$('#awareOn-error').text()).toContain('today or in the past')
    const count = await app.services.db.selectFrom('serious_incident').select('id').execute()
    expect(count).toHaveLength(0)
  })

  it('records an incident and shows its clocks in working days', async () => {
    const client = await app.clientAs(team)
    const created = await client.submit(paths.newIncident(), {
      childPseudonym: 'Child K',
      ageBand: 'under_1',
      harm: 'serious_harm',
      whatHappened: 'A fictional non-mobile baby was brought to hospital with a fracture.',
      agencyIds: [police, health],
      ...date('awareOn', '2026-03-02'),
    })
    expect(created.status).toBe(303)
    incidentId = created.location?.split('/').pop() ?? ''
    const page = await client.get(created.location ?? '')
    expect(page.status).toBe(200)
    const clocks = page.$('[data-clocks]').text().replace(/\s+/g, ' ')
    // Aware Monday 2 March: notification due Monday 9 March (5 working days), now 1 day overdue.
    expect(clocks).toContain('Overdue by 1 working day (due 9 March 2026)')
    // Rapid review: 15 working days, due Monday 23 March; 9 working days left on 10 March.
    expect(clocks).toContain('9 working days left (due 23 March 2026)')
    expect(page.$('main').text()).toContain('Northshire ICB, Northshire Police')
  })

  it('writes a view audit entry for every view of the incident and the rapid review', async () => {
    const client = await app.clientAs(team)
    const before = await views('serious_incident', incidentId)
    await client.get(paths.incident({ incidentId }))
    await client.get(paths.incident({ incidentId }))
    expect(await views('serious_incident', incidentId)).toBe(before + 2)
    const rapidBefore = await views('rapid_review', null)
    await client.get(paths.rapidReview({ incidentId }))
    expect(await views('rapid_review', null)).toBe(rapidBefore + 1)
    const listBefore = await views('case_review_list', null)
    await client.get(paths.overview())
    expect(await views('case_review_list', null)).toBe(listBefore + 1)
  })

  it('shows incidents only to the case review team; another partnership’s id is not found', async () => {
    for (const user of [manager, policeLead]) {
      const client = await app.clientAs(user)
      expect((await client.get(paths.overview())).status).toBe(403)
      expect((await client.get(paths.incident({ incidentId }))).status).toBe(403)
      expect((await client.get(paths.rapidReview({ incidentId }))).status).toBe(403)
      expect((await client.get(paths.chronology({ incidentId }))).status).toBe(403)
      expect((await client.get(paths.newIncident())).status).toBe(403)
    }
    const other = await app.clientAs(southTeam)
    expect((await other.get(paths.incident({ incidentId }))).status).toBe(404)
    expect((await other.get(paths.rapidReview({ incidentId }))).status).toBe(404)
    expect((await other.get(paths.notification({ incidentId }))).status).toBe(404)
    expect((await other.get(paths.incident({ incidentId: randomUUID() }))).status).toBe(404)
    expect((await other.get(paths.incident({ incidentId: 'not-an-id' }))).status).toBe(404)
  })

  it('surfaces the overdue notification on the case review team’s home page', async () => {
    const items = await deadlineAttention(
      actorContext(app.services, {
        userId: team.id,
        partnershipId: north.id,
        displayName: 'Zoë O’Brien',
        email: team.email,
        agencyId: null,
        roles: new Set(['case_review_team']),
        via: { kind: 'session', sessionId: 'test' },
      }),
    )
    expect(items.find((i) => i.severity === 'overdue')?.text).toBe(
      '1 serious incident notification to the national panel is overdue',
    )
    const home = await (await app.clientAs(team)).get('/')
    expect(home.$('main').text()).toContain(
      '1 serious incident notification to the national panel is overdue',
    )
    const lead = await (await app.clientAs(manager)).get('/')
    expect(lead.$('main').text()).not.toContain('serious incident')
  })

  it('records the notification, and the clock shows it late', async () => {
    const client = await app.clientAs(team)
    const early = await client.submit(paths.notification({ incidentId }), {
      ...date('notifiedOn', '2026-03-01'),
    })
    expect(early.status).toBe(400)
    const saved = await client.submit(paths.notification({ incidentId }), {
      ...date('notifiedOn', '2026-03-10'),
      panelReference: 'CSPRP-0001',
    })
    expect(saved.status).toBe(303)
    const page = await client.get(paths.incident({ incidentId }))
    expect(page.$('[data-clocks]').text()).toContain('Done 1 working day late')
  })

  it('asks agencies for information by email, lets each agency see and answer only its own, and chases until returned', async () => {
    const client = await app.clientAs(team)
    for (const [agencyId, name, email] of [
      [police, 'Łukasz Nowak', 'lukasz.nowak@example.org'],
      [health, 'Siân Ó Briain', 'sian.obriain@example.org'],
    ] as const) {
      const sent = await client.submit(paths.requestReturn({ incidentId }), {
        agencyId,
        contactName: name,
        contactEmail: email,
      })
      expect(sent.status).toBe(303)
    }
    const again = await client.submit(paths.requestReturn({ incidentId }), {
      agencyId: police,
      contactName: 'Łukasz Nowak',
      contactEmail: 'lukasz.nowak@example.org',
    })
    expect(again.status).toBe(400)
    const mail = await app.services.db.selectFrom('outbox_message').selectAll().execute()
    expect(mail.map((m) => m.to_address).sort()).toEqual([
      'lukasz.nowak@example.org',
      'sian.obriain@example.org',
    ])
    // No case-level detail in the email.
    expect(
      mail.every((m) => !m.text_body.includes('Child K') && !m.text_body.includes('fracture')),
    ).toBe(true)

    const returns = await app.services.db.selectFrom('information_return').selectAll().execute()
    const policeReturn = returns.find((r) => r.agency_id === police)?.id ?? ''
    const healthReturn = returns.find((r) => r.agency_id === health)?.id ?? ''
    // Due 10 working days from awareness (16 March), unless the form says otherwise.
    expect(returns.every((r) => r.due_on === '2026-03-16')).toBe(true)

    const lead = await app.clientAs(policeLead)
    const list = await lead.get(paths.returns())
    expect(list.status).toBe(200)
    expect(list.$('[data-returns]').text()).toContain('Northshire Police')
    expect(list.$('[data-returns]').text()).not.toContain('Northshire ICB')
    expect((await lead.get(paths.informationReturn({ returnId: healthReturn }))).status).toBe(403)
    expect((await lead.get(paths.incident({ incidentId }))).status).toBe(403)
    const entryBad = await lead.submit(
      paths.informationReturn({ returnId: policeReturn }),
      {},
      paths.returnEntry({ returnId: policeReturn }),
    )
    expect(entryBad.status).toBe(400)
    for (const [day, text] of [
      ['2026-02-20', 'Police attended a fictional report of a domestic argument.'],
      ['2026-01-05', 'Police shared a fictional notification with children’s services.'],
    ] as const) {
      const added = await lead.submit(
        paths.informationReturn({ returnId: policeReturn }),
        { ...date('entryDate', day), whatHappened: text },
        paths.returnEntry({ returnId: policeReturn }),
      )
      expect(added.status).toBe(303)
    }
    const health1 = await app.clientAs(healthLead)
    await health1.submit(
      paths.informationReturn({ returnId: healthReturn }),
      {
        ...date('entryDate', '2026-02-01'),
        whatHappened: 'Health visitor saw the fictional baby.',
      },
      paths.returnEntry({ returnId: healthReturn }),
    )
    expect(
      (
        await health1.post(paths.returnEntry({ returnId: policeReturn }), {
          ...date('entryDate', '2026-02-01'),
          whatHappened: 'x',
        })
      ).status,
    ).toBe(403)

    // The chaser: due 16 March; nothing on the 13th, a reminder on the 16th, not twice in a day,
    // not again until 2 working days later, never once returned.
    clock.set('2026-03-13T09:00:00Z')
    expect(await chaseReturns(app.services, north.scope)).toBe(0)
    clock.set('2026-03-16T09:00:00Z')
    expect(await chaseReturns(app.services, north.scope)).toBe(2)
    expect(await chaseReturns(app.services, north.scope)).toBe(0)
    const leadLater = await app.clientAs(policeLead) // a fresh session at the new time
    const received = await leadLater.submit(
      paths.informationReturn({ returnId: policeReturn }),
      {},
      paths.returnReceived({ returnId: policeReturn }),
    )
    expect(received.status).toBe(303)
    // Once received, the agency's chronology is closed: no form is offered, and a post is refused
    // with what to do, storing nothing.
    const entryAction = paths.returnEntry({ returnId: policeReturn })
    const closed = await leadLater.get(paths.informationReturn({ returnId: policeReturn }))
    expect(closed.$(`form[action="${entryAction}"]`).length).toBe(0)
    const entries = async () =>
      Number(
        (
          await app.services.db
            .selectFrom('chronology_entry')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const entriesBefore = await entries()
    const late = await leadLater.post(entryAction, {
      ...date('entryDate', '2026-03-02'),
      whatHappened: 'A late fictional entry from the police.',
    })
    expect(late.status).toBe(409)
    expect(late.body).toContain('can no longer be added to')
    expect(await entries()).toBe(entriesBefore)
    clock.set('2026-03-17T09:00:00Z')
    expect(await chaseReturns(app.services, north.scope)).toBe(0)
    clock.set('2026-03-18T09:00:00Z')
    expect(await chaseReturns(app.services, north.scope)).toBe(1)
    const reminders = await app.services.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject'])
      .where('subject', 'like', 'Reminder%')
      .execute()
    expect(reminders.map((r) => r.to_address).sort()).toEqual([
      'lukasz.nowak@example.org',
      'sian.obriain@example.org',
      'sian.obriain@example.org',
    ])
  })

  it('merges the agencies’ chronologies into one timeline, sortable and filterable by agency', async () => {
    const client = await app.clientAs(team)
    const page = await client.get(paths.chronology({ incidentId }))
    const dates = page
      .$('[data-entry] td:first-child')
      .map((_, el) => page.$(el).text())
      .get()
    expect(dates).toEqual(['5 January 2026', '1 February 2026', '20 February 2026'])
    const newest = await client.get(paths.chronology({ incidentId }, { order: 'desc' }))
    expect(newest.$('[data-entry] td:first-child').first().text()).toBe('20 February 2026')
    const onlyHealth = await client.get(paths.chronology({ incidentId }, { agency: health }))
    expect(onlyHealth.$('[data-entry]')).toHaveLength(1)
    expect(onlyHealth.$('[data-entry]').text()).toContain('Northshire ICB')
  })

  it('records the meeting and decision, then the rapid review sent to the panel, which closes it', async () => {
    const client = await app.clientAs(team)
    const empty = await client.submit(paths.decision({ incidentId }), {})
    expect(empty.status).toBe(400)
    expect(empty.$('.govuk-error-summary').text()).toContain('Select the decision')
    const decided = await client.submit(paths.decision({ incidentId }), {
      ...date('meetingOn', '2026-03-17'),
      decision: 'lcspr',
      decisionRationale: 'Fictional: learning about non-mobile babies across agencies.',
    })
    expect(decided.$('.govuk-error-summary').text()).toBe('')
    expect(decided.status).toBe(303)
    // The health return is still outstanding: sending closes the rapid review to it, so the
    // team must say why (a field-level error, nothing stored), and the reason is kept and audited.
    const form = await client.get(paths.sentToPanel({ incidentId }))
    expect(form.$('label[for="outstandingReason"]').text()).toContain('outstanding')
    expect(form.$('#outstandingReason-hint').text()).toContain('Northshire ICB')
    const noReason = await client.submit(paths.sentToPanel({ incidentId }), {
      ...date('sentOn', '2026-03-18'),
    })
    expect(noReason.status).toBe(400)
    expect(noReason.$('#outstandingReason-error').text()).toContain(
      'Give the reason for sending the rapid review while 1 information return is outstanding (Northshire ICB)',
    )
    const unsent = await app.services.db
      .selectFrom('rapid_review')
      .select(['sent_to_panel_on', 'sent_with_outstanding_reason'])
      .executeTakeFirstOrThrow()
    expect(unsent.sent_to_panel_on).toBeNull()
    const reason = 'Fictional: the ICB summary was given orally at the meeting.'
    const sent = await client.submit(paths.sentToPanel({ incidentId }), {
      ...date('sentOn', '2026-03-18'),
      outstandingReason: reason,
    })
    expect(sent.status).toBe(303)
    const stored = await app.services.db
      .selectFrom('rapid_review')
      .select(['id', 'sent_with_outstanding_reason'])
      .executeTakeFirstOrThrow()
    expect(stored.sent_with_outstanding_reason).toBe(reason)
    const audited = await app.services.db
      .selectFrom('audit_event')
      .select('changes')
      .where('record_type', '=', 'rapid_review')
      .where('record_id', '=', stored.id)
      .where('action', '=', 'update')
      .execute()
    expect(JSON.stringify(audited.map((a) => a.changes))).toContain(reason)
    const page = await client.get(paths.rapidReview({ incidentId }))
    expect(page.$('[data-rapid-review]').text()).toContain(
      'Local child safeguarding practice review',
    )
    expect(page.$('[data-rapid-review]').text()).toContain('Done in 12 of 15 working days')
    expect(page.$('[data-rapid-review]').text()).toContain(reason)
    // A closed rapid review offers no decision form; a post that still arrives (a tab left open)
    // is a 409 that keeps what was typed and says why.
    const offered = await client.get(paths.decision({ incidentId }))
    expect(offered.status).toBe(200)
    expect(offered.$('main form[method="post"]').length).toBe(0)
    expect(offered.$('[data-unavailable]').text()).toContain('sent to the national panel')
    const closed = await client.post(paths.decision({ incidentId }), {
      ...date('meetingOn', '2026-03-17'),
      decision: 'no_further_review',
      decisionRationale: 'Changed mind about the fictional review.',
    })
    expect(closed.status).toBe(409)
    expect(closed.$('.govuk-error-summary').text()).toContain('sent to the national panel')
    expect(closed.$('#decisionRationale').text()).toContain(
      'Changed mind about the fictional review.',
    )
  })

  it('refuses a form without its CSRF token', async () => {
    const client = await app.clientAs(team)
    const page = await client.post(
      paths.newIncident(),
      { childPseudonym: 'Child L' },
      { csrf: null },
    )
    expect(page.status).toBe(403)
  })
})
