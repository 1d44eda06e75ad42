// The risk register through HTTP: adding, changing, reviewing and closing risks, mitigations as
// actions, links to indicators and challenges, the register's sorting, filters and heat map, the
// API, who may do what, and that ids from another partnership are not found.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { TestClient } from '../../../test/support/client.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import { newApiToken } from '../../platform/identity/api-tokens.ts'
import { platformPaths } from '../../platform/paths.ts'
import { insertChallenge } from '../governance/repository.ts'
import { createIndicator } from '../performance/index.ts'
import { riskPaths } from './paths.ts'

describe('risk register', () => {
  const clock = new FakeClock('2026-03-10T10:00:00Z')
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let council: string
  let manager: TestUser
  let policeLead: TestUser
  let schoolLead: TestUser
  let board: TestUser
  let practitioner: TestUser
  let southManager: TestUser
  let indicatorId: string
  let challengeId: string
  let riskUrl: string
  let riskId: string

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    council = await createAgency(db, north, {
      name: "Northshire Children's Services",
      type: 'local_authority',
    })
    await createAgency(db, south)
    manager = await createUser(db, north, { roles: ['business_unit'], displayName: 'Zoë O’Brien' })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    const school = await createAgency(db, north, { name: "St Brigid's School", type: 'education' })
    schoolLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: school })
    board = await createUser(db, north, { roles: ['board_member'] })
    practitioner = await createUser(db, north, { roles: ['practitioner'], agencyId: council })
    southManager = await createUser(db, south, { roles: ['business_unit'] })
    indicatorId = await createIndicator(
      app.services,
      { scope: north.scope, systemLabel: 'test' },
      {
        code: 'CSC-01',
        title: 'Assessments within 45 working days',
        definition: 'A fictional indicator for tests.',
        numeratorDefinition: null,
        denominatorDefinition: null,
        unit: 'percentage',
        polarity: 'higher_is_better',
        frequency: 'monthly',
        measure: 'period_total',
        source: 'Test fixture',
        priority: 'Early help',
        subGroup: 'Performance sub-group',
        target: 85,
        tolerance: 5,
        byArea: false,
        daysToSubmit: 15,
        ownerAgencyId: council,
      },
    )
    challengeId = (
      await db.transaction().execute((trx) =>
        insertChallenge(trx, north.scope, {
          raisedOn: '2026-03-01',
          raisedByAgencyId: police,
          raisedByPersonId: null,
          raisedToAgencyId: council,
          raisedToPersonId: null,
          groupId: null,
          subject: 'Strategy meetings held without health',
          detail: 'Fictional.',
        }),
      )
    ).id
  })
  afterAll(async () => {
    await app.close()
  })

  const auditEntries = async () =>
    app.services.db
      .selectFrom('audit_event')
      .select(['action', 'record_type as recordType', 'record_id as recordId'])
      .where('partnership_id', '=', north.id)
      // The indicator made for these tests has its own entry.
      .where('record_type', '<>', 'perf_indicator')
      .orderBy('chain_seq')
      .execute()
  const riskCount = async () =>
    (
      await app.services.db
        .selectFrom('risk')
        .select('id')
        .where('partnership_id', '=', north.id)
        .execute()
    ).length

  const riskForm = (overrides: Record<string, string | string[]> = {}) => ({
    title: 'Assessments are late and children wait for help',
    description: 'Vacancies in the assessment teams; children’s needs escalate unseen.',
    category: 'practice',
    likelihood: '4',
    impact: '4',
    ownerAgencyId: council,
    'reviewDate-day': '30',
    'reviewDate-month': '4',
    'reviewDate-year': '2026',
    ...overrides,
  })

  it('adds a risk, after showing every problem and saving nothing', async () => {
    const client = await app.clientAs(manager)
    const empty = await client.submit(riskPaths.newRisk(), {})
    expect(empty.status).toBe(400)
    const summary = empty.$('.govuk-error-summary').text()
    expect(summary).toContain('Enter the risk')
    expect(summary).toContain('Select how likely the risk is')
    expect(summary).toContain('Select the agency that owns the risk')
    expect(summary).toContain('Enter the review date')
    const past = await client.submit(
      riskPaths.newRisk(),
      riskForm({ impact: '9', 'reviewDate-day': '1', indicatorIds: randomUUID() }),
    )
    expect(past.status).toBe(400)
    expect(past.$('#impact-error').text()).toContain('Select how great the impact would be')
    expect(past.$('input[name="title"]').val()).toBe(
      'Assessments are late and children wait for help',
    )
    const unknown = await client.submit(
      riskPaths.newRisk(),
      riskForm({ 'reviewDate-day': '1', 'reviewDate-month': '2', indicatorIds: randomUUID() }),
    )
    expect(unknown.status).toBe(400)
    expect(unknown.$('#reviewDate-error').text()).toContain('must be today or in the future')
    expect(unknown.$('#indicatorIds-error').text()).toContain('Select the indicators from the list')
    expect(await riskCount()).toBe(0)
    expect(await auditEntries()).toEqual([])

    const created = await client.submit(
      riskPaths.newRisk(),
      riskForm({ indicatorIds: indicatorId, challengeIds: challengeId, ownerUserId: manager.id }),
    )
    expect(created.status).toBe(303)
    riskUrl = created.location ?? ''
    riskId = riskUrl.split('/').pop() ?? ''
    expect(await auditEntries()).toEqual([
      { action: 'create', recordType: 'risk', recordId: riskId },
    ])
    const page = await client.get(riskUrl)
    expect(page.$('.govuk-caption-l').text()).toContain('R-001')
    expect(page.$('[data-score]').text()).toContain('16 High')
    expect(page.$('.govuk-summary-list').text()).toContain('Zoë O’Brien')
    expect(page.$('[data-linked-indicators]').text()).toContain('CSC-01')
    const challenges = page.$('[data-linked-challenges]').text()
    expect(challenges).toContain('C-001: Strategy meetings held without health')
    expect(challenges).toContain('Open')
    // The challenge log decides who sees a challenge: not an agency it does not involve.
    const asSchool = await (await app.clientAs(schoolLead)).get(riskUrl)
    expect(asSchool.status).toBe(200)
    expect(asSchool.$('[data-linked-challenges]').text()).not.toContain('Strategy meetings')
    expect(asSchool.$('[data-linked-challenges]').text()).toContain('Not available to you')
    const asPolice = await (await app.clientAs(policeLead)).get(riskUrl)
    expect(asPolice.$('[data-linked-challenges]').text()).toContain('Strategy meetings')
  })

  it('re-scores a risk at review and keeps the earlier score, who and when', async () => {
    const client = await app.clientAs(manager)
    const url = riskPaths.reviewRisk({ riskId })
    const before = (await auditEntries()).length
    const bad = await client.submit(url, {
      likelihood: '2',
      impact: '4',
      note: '',
      'nextReviewDate-day': '10',
      'nextReviewDate-month': '3',
      'nextReviewDate-year': '2026',
    })
    expect(bad.status).toBe(400)
    expect(bad.$('#note-error').text()).toContain('Enter what the review found')
    const today = await client.submit(url, {
      likelihood: '2',
      impact: '4',
      note: 'Recruitment has filled three posts.',
      'nextReviewDate-day': '10',
      'nextReviewDate-month': '3',
      'nextReviewDate-year': '2026',
    })
    expect(today.status).toBe(400)
    expect(today.$('#nextReviewDate-error').text()).toContain('must be after today')
    expect((await auditEntries()).length).toBe(before)
    const reviewed = await client.submit(url, {
      likelihood: '2',
      impact: '4',
      note: 'Recruitment has filled three posts.',
      'nextReviewDate-day': '10',
      'nextReviewDate-month': '6',
      'nextReviewDate-year': '2026',
    })
    expect(reviewed.status).toBe(303)
    expect((await auditEntries()).slice(before)).toEqual([
      { action: 'update', recordType: 'risk', recordId: riskId },
    ])
    const page = await client.get(riskUrl)
    expect(page.$('[data-score]').text()).toContain('8 Medium')
    const history = page.$('[data-reviews] tbody tr')
    expect(history.length).toBe(1)
    expect(history.text()).toContain('16 High')
    expect(history.text()).toContain('8 Medium')
    expect(history.text()).toContain('Zoë O’Brien')
    expect(history.text()).toContain('10 March 2026')
  })

  it('changes a risk and its links, audited once', async () => {
    const client = await app.clientAs(manager)
    const form = await client.get(riskPaths.editRisk({ riskId }))
    expect(form.$(`input[name="indicatorIds"][value="${indicatorId}"]`).attr('checked')).toBe(
      'checked',
    )
    const before = (await auditEntries()).length
    const changed = await client.submit(
      riskPaths.editRisk({ riskId }),
      riskForm({
        title: 'Assessments are late',
        likelihood: '2',
        'reviewDate-day': '10',
        'reviewDate-month': '6',
        ownerAgencyId: police,
      }),
    )
    expect(changed.status).toBe(303)
    const entries = (await auditEntries()).slice(before)
    expect(entries).toEqual([{ action: 'update', recordType: 'risk', recordId: riskId }])
    const page = await client.get(riskUrl)
    expect(page.$('h1').text()).toBe('Assessments are late')
    expect(page.$('[data-linked-indicators]').length).toBe(0)
    expect(page.$('[data-linked-challenges]').length).toBe(0)
    expect(page.$('.govuk-summary-list').text()).toContain('Northshire Police')
  })

  it('raises a mitigation as an action in the tracker', async () => {
    const client = await app.clientAs(manager)
    const url = riskPaths.mitigation({ riskId })
    const bad = await client.submit(url, { title: '' })
    expect(bad.status).toBe(400)
    const raised = await client.submit(url, {
      title: 'Recruit four permanent social workers',
      ownerAgencyId: council,
      'dueDate-day': '30',
      'dueDate-month': '6',
      'dueDate-year': '2026',
    })
    expect(raised.status).toBe(303)
    const page = await client.get(riskUrl)
    expect(page.$('[data-actions]').text()).toContain('Recruit four permanent social workers')
    const action = await app.services.db
      .selectFrom('action')
      .select(['id', 'source_type'])
      .where('partnership_id', '=', north.id)
      .executeTakeFirstOrThrow()
    expect(action.source_type).toBe('risk')
    const actionPage = await client.get(`/actions/${action.id}`)
    expect(actionPage.body).toContain('R-001: Assessments are late')
  })

  it('sorts and filters the register and counts the heat map', async () => {
    const client = await app.clientAs(manager)
    // R-002, 5 x 5 = 25, owned by the council.
    await client.submit(
      riskNew(),
      riskForm({ title: 'Exploited children are not identified', likelihood: '5', impact: '5' }),
    )
    const bySCore = await client.get(riskPaths.register())
    const refs = bySCore
      .$('[data-risk-reference]')
      .map((_, el) => bySCore.$(el).attr('data-risk-reference'))
      .get()
    expect(refs).toEqual(['R-002', 'R-001'])
    const byRef = await client.get(riskPaths.register(undefined, { sort: 'reference' }))
    expect(
      byRef
        .$('[data-risk-reference]')
        .map((_, el) => byRef.$(el).attr('data-risk-reference'))
        .get(),
    ).toEqual(['R-001', 'R-002'])
    const police_ = await client.get(riskPaths.register(undefined, { agency: police }))
    expect(police_.$('[data-risk-reference]').length).toBe(1)
    expect(police_.$('[data-risk-reference]').attr('data-risk-reference')).toBe('R-001')
    expect(bySCore.$('[data-heat-map] td[data-likelihood="5"][data-impact="5"]').text()).toContain(
      '1',
    )
    expect(bySCore.$('[data-heat-map] td[data-likelihood="2"][data-impact="4"]').text()).toContain(
      '1',
    )
    expect(bySCore.$('[data-heat-map] td[data-likelihood="1"][data-impact="1"]').text()).toContain(
      '0',
    )
    expect(bySCore.$('[data-heat-map] th[scope="row"]').length).toBe(5)
  })

  const riskNew = () => riskPaths.newRisk()

  it('closes a risk, which then cannot be changed or reviewed', async () => {
    const client = await app.clientAs(manager)
    const bad = await client.submit(riskPaths.closeRisk({ riskId }), { closureNote: ' ' })
    expect(bad.status).toBe(400)
    expect(bad.$('#closureNote-error').text()).toContain('Enter why the risk can be closed')
    const closed = await client.submit(riskPaths.closeRisk({ riskId }), {
      closureNote: 'Recruitment complete; timeliness back above target.',
    })
    expect(closed.status).toBe(303)
    const page = await client.get(riskUrl)
    expect(page.$('.govuk-summary-list').text()).toContain('Closed')
    expect((await client.get(riskPaths.editRisk({ riskId }))).status).toBe(409)
    const form = await client.post(riskPaths.reviewRisk({ riskId }), {})
    expect(form.status).toBe(409)
    const open = await client.get(riskPaths.register())
    expect(open.$('[data-risk-reference]').length).toBe(1)
    const closedList = await client.get(riskPaths.register(undefined, { status: 'closed' }))
    expect(closedList.$('[data-risk-reference]').attr('data-risk-reference')).toBe('R-001')
  })

  it('shows overdue reviews on the home page', async () => {
    const home = async (c: TestClient) => {
      const page = await c.get(platformPaths.home())
      expect(page.status).toBe(200)
      return page.$('main').text()
    }
    expect(await home(await app.clientAs(manager))).not.toContain('risk review is overdue')
    clock.set('2026-05-02T10:00:00Z')
    try {
      // R-002 was due for review on 30 April.
      // From the deadline register (src/modules/risk/deadlines.ts).
      expect(await home(await app.clientAs(manager))).toContain('1 risk review is overdue')
      // It is the council's risk, not the police's.
      expect(await home(await app.clientAs(policeLead))).not.toContain('risk review is overdue')
    } finally {
      clock.set('2026-03-10T10:00:00Z')
    }
  })

  it('lets agency leads and board members read but not manage', async () => {
    for (const user of [policeLead, board]) {
      const client = await app.clientAs(user)
      expect((await client.get(riskPaths.register())).status).toBe(200)
      expect((await client.get(riskUrl)).status).toBe(200)
      expect((await client.get(riskPaths.newRisk())).status).toBe(403)
      expect((await client.get(riskPaths.register())).$('a[href="/risks/new"]').length).toBe(0)
    }
    const lead = await app.clientAs(policeLead)
    await lead.get(riskPaths.register())
    const count = await riskCount()
    expect((await lead.post(riskPaths.newRisk(), riskForm())).status).toBe(403)
    expect((await lead.post(riskPaths.closeRisk({ riskId }), { closureNote: 'x' })).status).toBe(
      403,
    )
    expect(await riskCount()).toBe(count)
    const prac = await app.clientAs(practitioner)
    expect((await prac.get(riskPaths.register())).status).toBe(403)
  })

  it('does not find another partnership’s risks', async () => {
    const south = await app.clientAs(southManager)
    expect((await south.get(riskUrl)).status).toBe(404)
    expect((await south.get(riskPaths.editRisk({ riskId }))).status).toBe(404)
    expect((await south.get(riskPaths.reviewRisk({ riskId }))).status).toBe(404)
    expect((await south.get(riskPaths.risk({ riskId: 'not-a-uuid' }))).status).toBe(404)
    expect((await south.get(riskPaths.register())).$('[data-risk-reference]').length).toBe(0)
    // Nor link to its indicators or challenges.
    const linked = await south.submit(
      riskPaths.newRisk(),
      riskForm({ ownerAgencyId: council, indicatorIds: indicatorId, challengeIds: challengeId }),
    )
    expect(linked.status).toBe(400)
    expect(linked.$('#ownerAgencyId-error').length).toBe(1)
    const summary = linked.$('.govuk-error-summary').text()
    expect(summary).toContain('Select the indicators from the list')
    expect(summary).toContain('Select the challenges from the list')
  })

  describe('API', () => {
    const tokenFor = async (user: TestUser, permissions: string[]) => {
      const { token, hash, displayPrefix } = newApiToken()
      await app.services.db
        .insertInto('api_token')
        .values({
          partnership_id: user.partnershipId,
          user_id: user.id,
          name: 'Partner system',
          token_hash: hash,
          token_prefix: displayPrefix,
          permissions,
          created_at: new Date(),
          created_by: user.id,
        })
        .execute()
      return { authorization: `Bearer ${token}` }
    }
    const api = (method: string, url: string, headers: Record<string, string>, body?: unknown) =>
      app.client().request(method, url, body === undefined ? undefined : JSON.stringify(body), {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      })

    it('lists, reads and adds risks', async () => {
      const headers = await tokenFor(manager, ['risk.read', 'risk.manage'])
      const list = await api('GET', riskPaths.apiRisks(undefined, { status: 'all' }), headers)
      expect(list.status).toBe(200)
      const risks = list.json<{ risks: { reference: string; score: number; band: string }[] }>()
        .risks
      expect(risks.map((r) => [r.reference, r.score, r.band])).toEqual([
        ['R-002', 25, 'high'],
        ['R-001', 8, 'medium'],
      ])
      const read = await api('GET', riskPaths.apiRisk({ riskId }), headers)
      expect(read.status).toBe(200)
      expect(read.json<{ reviews: { previousScore: number; score: number }[] }>().reviews).toEqual([
        expect.objectContaining({ previousScore: 16, score: 8 }),
      ])

      const count = await riskCount()
      const bad = await api('POST', riskPaths.apiRisks(), headers, {
        title: '',
        likelihood: 7,
        impact: 3,
        category: 'practice',
        description: 'x',
        ownerAgencyId: council,
        reviewDate: '2026-02-30',
      })
      expect(bad.status).toBe(400)
      const fields = bad.json<{ error: { details: { fields: { field: string }[] } } }>().error
        .details.fields
      expect(fields.map((f) => f.field)).toEqual(
        expect.arrayContaining(['title', 'likelihood', 'reviewDate']),
      )
      const foreign = await api('POST', riskPaths.apiRisks(), headers, {
        title: 'Partner funding falls short',
        description: 'Two partners signal cuts.',
        category: 'resources',
        likelihood: 2,
        impact: 4,
        ownerAgencyId: randomUUID(),
        reviewDate: '2026-06-30',
      })
      expect(foreign.status).toBe(400)
      expect(await riskCount()).toBe(count)
      const created = await api('POST', riskPaths.apiRisks(), headers, {
        title: 'Partner funding falls short',
        description: 'Two partners signal cuts.',
        category: 'resources',
        likelihood: 2,
        impact: 4,
        ownerAgencyId: police,
        reviewDate: '2026-06-30',
        indicatorIds: [indicatorId],
      })
      expect(created.status).toBe(201)
      expect(created.json<{ reference: string }>().reference).toBe('R-003')
      expect(await riskCount()).toBe(count + 1)
    })

    it('refuses to add without the manage permission, and hides other partnerships’ risks', async () => {
      const readOnly = await tokenFor(manager, ['risk.read'])
      const refused = await api('POST', riskPaths.apiRisks(), readOnly, {
        title: 'x',
        description: 'x',
        category: 'data',
        likelihood: 1,
        impact: 1,
        ownerAgencyId: police,
        reviewDate: '2026-06-30',
      })
      expect(refused.status).toBe(403)
      const southToken = await tokenFor(southManager, ['risk.read'])
      expect((await api('GET', riskPaths.apiRisk({ riskId }), southToken)).status).toBe(404)
      expect(
        (await api('GET', riskPaths.apiRisks(), southToken)).json<{ risks: unknown[] }>().risks,
      ).toEqual([])
    })

    it('describes the risk endpoints in the OpenAPI document', async () => {
      const doc = (await app.client().get(platformPaths.openApi())).json<{
        paths: Record<string, Record<string, { tags?: string[] }>>
      }>()
      expect(doc.paths['/api/v1/risks']?.get?.tags).toEqual(['Risk'])
      expect(doc.paths['/api/v1/risks']?.post?.tags).toEqual(['Risk'])
      expect(doc.paths['/api/v1/risks/{riskId}']?.get?.tags).toEqual(['Risk'])
    })
  })
})
