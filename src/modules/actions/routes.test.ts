// The action tracker through HTTP: pages, forms (with files), exports and the JSON API, and who
// may reach each.
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { multipartBody } from '../../../test/support/multipart.ts'
import { FakeClock } from '../../platform/clock.ts'
import { FILE_MAX_BYTES } from '../../platform/files/file-store.ts'
import { newApiToken } from '../../platform/identity/api-tokens.ts'
import type { TestClient } from '../../../test/support/client.ts'
import { actionPaths } from './paths.ts'
import { createGroup } from '../governance/index.ts'
import { raiseAction } from './service.ts'

describe('action tracker pages and API', () => {
  let app: TestApp
  let north: TestPartnership
  let police: string
  let health: string
  let manager: TestUser
  let policeLead: TestUser
  let healthLead: TestUser
  let practitioner: TestUser
  let policeAction: string
  let healthAction: string

  const raise = async (ownerAgencyId: string, title: string, ownerUserId?: string) =>
    (
      await raiseAction(app.services, { scope: north.scope, systemLabel: 'test' }, undefined, {
        source: { type: 'test_source', id: randomUUID() },
        title,
        ownerAgencyId,
        ...(ownerUserId === undefined ? {} : { ownerUserId }),
        dueDate: '2026-06-30',
      })
    ).id

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    health = await createAgency(db, north, { name: 'Northshire ICB', type: 'health_commissioner' })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    healthLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: health })
    practitioner = await createUser(db, north, {
      roles: ['practitioner'],
      agencyId: health,
      displayName: 'Łukasz Nowak',
    })
    policeAction = await raise(police, 'Review missing-from-home protocol')
    healthAction = await raise(health, 'Audit GP safeguarding referrals', practitioner.id)
  })
  afterAll(async () => {
    await app.close()
  })

  it('shows an agency lead their agency’s actions and not another agency’s', async () => {
    const client = await app.clientAs(policeLead)
    const agency = await client.get(actionPaths.agency())
    expect(agency.status).toBe(200)
    expect(agency.$('[data-actions]').text()).toContain('Review missing-from-home protocol')
    const all = await client.get(actionPaths.all())
    expect(all.$('[data-actions]').text()).not.toContain('Audit GP safeguarding referrals')
    expect((await client.get(actionPaths.action({ actionId: healthAction }))).status).toBe(403)
    expect((await client.get(actionPaths.progress({ actionId: healthAction }))).status).toBe(403)
  })

  it('shows an owner their action in "My actions", even without any other access to actions', async () => {
    const client = await app.clientAs(practitioner)
    const mine = await client.get(actionPaths.mine())
    expect(mine.status).toBe(200)
    expect(mine.$('[data-actions]').text()).toContain('Audit GP safeguarding referrals')
    expect((await client.get(actionPaths.action({ actionId: healthAction }))).status).toBe(200)
    expect((await client.get(actionPaths.all())).status).toBe(403)
    expect((await client.get(actionPaths.action({ actionId: policeAction }))).status).toBe(403)
  })

  it('records progress with evidence, and refuses bad input with a message and nothing saved', async () => {
    const client = await app.clientAs(policeLead)
    const url = actionPaths.progress({ actionId: policeAction })
    await client.get(url)
    const post = (
      fields: Record<string, string>,
      files: Parameters<typeof multipartBody>[0]['files'] = [],
    ) => {
      const { body, contentType } = multipartBody({
        fields: { _csrf: client.csrfToken ?? '', ...fields },
        files,
      })
      return client.request('POST', url, body, { 'content-type': contentType })
    }
    const today = { 'updateDate-day': '10', 'updateDate-month': '3', 'updateDate-year': '2026' }

    const empty = await post({})
    expect(empty.status).toBe(400)
    expect(empty.$('.govuk-error-summary').text()).toContain('Select the status of the action')
    expect(empty.$('.govuk-error-summary').text()).toContain('Enter what has happened')

    const disallowed = await post(
      { status: 'on_track', note: 'Draft ready', evidenceDescription: 'The draft', ...today },
      [
        {
          field: 'evidence',
          filename: 'draft.exe',
          contentType: 'application/pdf',
          data: Buffer.from([0x4d, 0x5a, 0x90, 0]),
        },
      ],
    )
    expect(disallowed.status).toBe(400)
    expect(disallowed.$('#evidence-error').text()).toContain(
      'The selected file must be a PDF, a Word document, an Excel spreadsheet, a PowerPoint presentation, a PNG image, a JPEG image or a CSV file',
    )
    const oversize = await post(
      { status: 'on_track', note: 'Draft ready', evidenceDescription: 'The draft', ...today },
      [
        {
          field: 'evidence',
          filename: 'draft.pdf',
          contentType: 'application/pdf',
          data: Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(FILE_MAX_BYTES)]),
        },
      ],
    )
    expect(oversize.status).toBe(400)
    expect(oversize.$('#evidence-error').text()).toContain(
      'The selected file must be smaller than 10MB',
    )
    const unchanged = await client.get(actionPaths.action({ actionId: policeAction }))
    expect(unchanged.$('[data-timeline] li')).toHaveLength(1)
    expect(await count(app, 'stored_file')).toBe(0)

    const saved = await post(
      {
        status: 'on_track',
        note: "Draft shared with St Agnes' school",
        evidenceDescription: 'The draft protocol',
        ...today,
      },
      [
        {
          field: 'evidence',
          filename: 'protocol.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('%PDF-1.7 protocol'),
        },
      ],
    )
    expect(saved.status).toBe(303)
    const page = await client.get(actionPaths.action({ actionId: policeAction }))
    expect(page.$('[data-timeline]').text()).toContain("Draft shared with St Agnes' school")
    const link = page.$('[data-evidence] a').attr('href') ?? ''
    const download = await client.get(link)
    expect(download.status).toBe(200)
    expect(download.headers['content-disposition']).toContain('protocol.pdf')
    expect(download.body).toBe('%PDF-1.7 protocol')
    // The evidence is the action's: another agency cannot fetch it.
    expect((await (await app.clientAs(healthLead)).get(link)).status).toBe(403)
    // The download (and only it: not the refused one) is audited as a view of the evidence.
    const views = await app.services.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'record_id'])
      .where('action', '=', 'view')
      .where('record_type', '=', 'action_evidence')
      .execute()
    expect(views).toEqual([{ actor_user_id: policeLead.id, record_id: link.split('/').pop() }])
  })

  it('lets only the business unit agree a due date or sign off', async () => {
    const lead = await app.clientAs(policeLead)
    expect((await lead.get(actionPaths.dueDate({ actionId: policeAction }))).status).toBe(403)
    const bu = await app.clientAs(manager)
    const bad = await bu.submit(actionPaths.dueDate({ actionId: policeAction }), {
      'newDueDate-day': '31',
      'newDueDate-month': '2',
      'newDueDate-year': '2026',
      reason: '',
    })
    expect(bad.status).toBe(400)
    expect(bad.$('.govuk-error-summary').text()).toContain('The new due date must be a real date')
    const ok = await bu.submit(actionPaths.dueDate({ actionId: policeAction }), {
      'newDueDate-day': '31',
      'newDueDate-month': '7',
      'newDueDate-year': '2026',
      reason: 'Agreed at the executive',
    })
    expect(ok.status).toBe(303)
  })

  it('refuses a new due date in the past, and an update dated before the action existed', async () => {
    const bu = await app.clientAs(manager)
    const before = await app.services.db
      .selectFrom('action_update')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    const past = await bu.submit(actionPaths.dueDate({ actionId: healthAction }), {
      'newDueDate-day': '1',
      'newDueDate-month': '3',
      'newDueDate-year': '2026',
      reason: 'Agreed at the executive',
    })
    expect(past.status).toBe(400)
    expect(past.$('.govuk-error-summary').text()).toContain(
      'The new due date must be today or in the future',
    )
    expect(past.$('.govuk-error-summary a').attr('href')).toBe('#newDueDate-day')
    // The reason typed is kept for the user to correct the date.
    expect(past.$('textarea[name="reason"]').text()).toContain('Agreed at the executive')

    const owner = await app.clientAs(practitioner)
    const url = actionPaths.progress({ actionId: healthAction })
    await owner.get(url)
    const progress = (fields: Record<string, string>) => {
      const { body, contentType } = multipartBody({
        fields: { _csrf: owner.csrfToken ?? '', ...fields },
        files: [],
      })
      return owner.request('POST', url, body, { 'content-type': contentType })
    }
    const early = await progress({
      status: 'on_track',
      note: 'Practices written to about the audit',
      'updateDate-day': '9',
      'updateDate-month': '3',
      'updateDate-year': '2026',
    })
    expect(early.status).toBe(400)
    expect(early.$('.govuk-error-summary').text()).toContain(
      'The date of the update must be the same as or after the date the action was raised (10 March 2026)',
    )
    const tooShort = await progress({
      status: 'on_track',
      note: 'ok',
      'updateDate-day': '10',
      'updateDate-month': '3',
      'updateDate-year': '2026',
    })
    expect(tooShort.status).toBe(400)
    expect(tooShort.$('.govuk-error-summary').text()).toContain(
      'What has happened must be 10 characters or more',
    )
    const after = await app.services.db
      .selectFrom('action_update')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('exports the action log as CSV and Excel, and audits each export', async () => {
    const client = await app.clientAs(manager)
    const csv = await client.get(actionPaths.exportCsv(undefined, { view: 'all' }))
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('Review missing-from-home protocol')
    // Dates are Excel dates with a date format, not text.
    const raw = await app.server.inject({
      method: 'GET',
      url: actionPaths.exportXlsx(undefined, { view: 'all' }),
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    expect(raw.statusCode).toBe(200)
    expect(raw.rawPayload.subarray(0, 2).toString()).toBe('PK')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(raw.rawPayload as unknown as ArrayBuffer)
    const log = workbook.getWorksheet('Action log')!
    const headers = (log.getRow(1).values as unknown[]).slice(1)
    for (const name of ['Raised on', 'Due date']) {
      const cell = log.getRow(2).getCell(headers.indexOf(name) + 1)
      expect(cell.type).toBe(ExcelJS.ValueType.Date)
      expect(cell.numFmt).toBe('d mmm yyyy')
    }
    const exports = await app.services.db
      .selectFrom('audit_event')
      .select('record_type')
      .where('action', '=', 'export')
      .where('actor_user_id', '=', manager.id)
      .execute()
    expect(exports).toHaveLength(2)
    // A lead's export holds only their agency's actions.
    const leadCsv = await (await app.clientAs(healthLead)).get(actionPaths.exportCsv())
    expect(leadCsv.body).not.toContain('Review missing-from-home protocol')
  })

  it('lists overdue actions and counts actions by group; an agency lead sees only their agency’s', async () => {
    const ctx = {
      scope: north.scope,
      actor: {
        userId: manager.id,
        partnershipId: north.id,
        displayName: 'Test',
        email: manager.email,
        agencyId: null,
        roles: new Set(manager.roles),
        via: { kind: 'session' as const, sessionId: 'test' },
      },
    }
    const group = (name: string, kind: 'board' | 'sub_group') =>
      createGroup(app.services, ctx, {
        name,
        shortName: null,
        kind,
        parentGroupId: null,
        purpose: null,
        quorumMinimum: null,
        quorumNeedsChair: false,
        quorumNeedsStatutoryPartners: false,
      })
    const board = await group('Safeguarding Children Board', 'board')
    const subGroup = await group('Learning and Improvement Sub-group', 'sub_group')
    const raiseFor = (ownerAgencyId: string, title: string, groupId: string, dueDate: string) =>
      raiseAction(app.services, { scope: north.scope, systemLabel: 'test' }, undefined, {
        source: { type: 'test_source', id: randomUUID() },
        title,
        ownerAgencyId,
        dueDate,
        raisedOn: '2026-01-15',
        raisedByGroupId: groupId,
      })
    await raiseFor(police, 'Refresh the escalation policy', board, '2026-03-01')
    await raiseFor(health, 'Train GPs in the neglect toolkit', board, '2026-02-27')
    await raiseFor(police, 'Publish the rapid review learning', subGroup, '2026-05-31')

    const bu = await app.clientAs(manager)
    const overdue = await bu.get(actionPaths.overdue())
    expect(overdue.status).toBe(200)
    const listed = overdue.$('[data-actions] tbody tr')
    expect(listed).toHaveLength(2)
    expect(listed.text()).toContain('Refresh the escalation policy')
    expect(listed.text()).toContain('Train GPs in the neglect toolkit')
    expect(listed.text()).not.toContain('Publish the rapid review learning')

    const lead = await app.clientAs(policeLead)
    const leadOverdue = await lead.get(actionPaths.overdue())
    expect(leadOverdue.status).toBe(200)
    expect(leadOverdue.$('[data-actions] tbody tr')).toHaveLength(1)
    expect(leadOverdue.$('[data-actions]').text()).toContain('Refresh the escalation policy')
    expect(leadOverdue.$('[data-actions]').text()).not.toContain('Train GPs')

    // By group: open, overdue, completed and closed counts for each group (columns in that order).
    const counts = (page: Awaited<ReturnType<typeof bu.get>>, name: string) =>
      page
        .$('tbody tr')
        .filter((_, row) => page.$(row).find('th').text().trim() === name)
        .find('td')
        .map((_, cell) => page.$(cell).text().trim().split(/\s/)[0])
        .get()
    const byGroup = await bu.get(actionPaths.byGroup())
    expect(byGroup.status).toBe(200)
    expect(counts(byGroup, 'Safeguarding Children Board')).toEqual(['0', '2', '0', '0'])
    expect(counts(byGroup, 'Learning and Improvement Sub-group')).toEqual(['1', '0', '0', '0'])
    expect(
      byGroup
        .$('a')
        .filter((_, a) => byGroup.$(a).text().includes('overdue actions of Safeguarding'))
        .attr('href'),
    ).toBe(actionPaths.all(undefined, { group: board, status: 'overdue' }))
    const leadByGroup = await lead.get(actionPaths.byGroup())
    expect(counts(leadByGroup, 'Safeguarding Children Board')).toEqual(['0', '1', '0', '0'])
    expect(counts(leadByGroup, 'Learning and Improvement Sub-group')).toEqual(['1', '0', '0', '0'])
    const healthByGroup = await (await app.clientAs(healthLead)).get(actionPaths.byGroup())
    expect(counts(healthByGroup, 'Safeguarding Children Board')).toEqual(['0', '1', '0', '0'])
    expect(counts(healthByGroup, 'Learning and Improvement Sub-group')).toEqual([])

    // Without the permission to read actions, neither view.
    const owner = await app.clientAs(practitioner)
    expect((await owner.get(actionPaths.overdue())).status).toBe(403)
    expect((await owner.get(actionPaths.byGroup())).status).toBe(403)
  })

  it('keeps another partnership’s action a 404', async () => {
    const south = await createPartnership(app.services.db)
    const southUser = await createUser(app.services.db, south, { roles: ['business_unit'] })
    const client = await app.clientAs(southUser)
    expect((await client.get(actionPaths.action({ actionId: policeAction }))).status).toBe(404)
    expect((await client.get(actionPaths.action({ actionId: 'not-a-uuid' }))).status).toBe(404)
  })

  describe('JSON API', () => {
    const tokenFor = async (user: TestUser, permissions: string[]) => {
      const { token, hash, displayPrefix } = newApiToken()
      await app.services.db
        .insertInto('api_token')
        .values({
          partnership_id: user.partnershipId,
          user_id: user.id,
          name: 'Agency system',
          token_hash: hash,
          token_prefix: displayPrefix,
          permissions,
          created_at: new Date(),
          created_by: user.id,
        })
        .execute()
      return { authorization: `Bearer ${token}` }
    }
    const api = (
      client: TestClient,
      method: string,
      url: string,
      headers: Record<string, string>,
      body?: unknown,
    ) =>
      client.request(method, url, body === undefined ? undefined : JSON.stringify(body), {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      })

    it('lists and reads only the token holder’s agency’s actions, and takes progress updates', async () => {
      const headers = await tokenFor(healthLead, ['actions.read', 'actions.update'])
      const client = app.client()
      const list = await api(client, 'GET', actionPaths.apiList(), headers)
      expect(list.status).toBe(200)
      const actions = list.json<{ actions: { id: string; ownerAgency: { id: string } }[] }>()
        .actions
      expect(actions.map((a) => a.id)).toContain(healthAction)
      expect(actions.every((a) => a.ownerAgency.id === health)).toBe(true)

      const denied = await api(
        client,
        'POST',
        actionPaths.apiUpdates({ actionId: policeAction }),
        headers,
        {
          status: 'on_track',
          note: 'Trying another agency’s action',
        },
      )
      expect(denied.status).toBe(403)
      expect(denied.json()).toMatchObject({ error: { code: 'forbidden' } })

      const bad = await api(
        client,
        'POST',
        actionPaths.apiUpdates({ actionId: healthAction }),
        headers,
        {
          status: 'finished',
          note: '',
        },
      )
      expect(bad.status).toBe(400)
      expect(bad.json()).toMatchObject({ error: { code: 'validation' } })

      const posted = await api(
        client,
        'POST',
        actionPaths.apiUpdates({ actionId: healthAction }),
        headers,
        {
          status: 'at_risk',
          note: 'Two practices have not returned data',
          updateDate: '2026-03-10',
        },
      )
      expect(posted.status).toBe(201)
      expect(posted.json()).toMatchObject({
        status: 'at_risk',
        updates: [
          {
            kind: 'progress',
            note: 'Two practices have not returned data',
            updateDate: '2026-03-10',
          },
          { kind: 'raised' },
        ],
      })
      const read = await api(
        client,
        'GET',
        actionPaths.apiAction({ actionId: healthAction }),
        headers,
      )
      const detail = read.json<{ reference: string; status: string }>()
      expect(detail.reference).toMatch(/^A-\d{4}$/)
      expect(detail.status).toBe('at_risk')
      expect(
        (await api(client, 'GET', actionPaths.apiAction({ actionId: randomUUID() }), headers))
          .status,
      ).toBe(404)
    })

    it('describes the action endpoints in the OpenAPI document', async () => {
      const doc = (await app.client().get('/api/v1/openapi.json')).json<{
        paths: Record<string, Record<string, { tags?: string[] }>>
      }>()
      expect(doc.paths['/api/v1/actions']?.get?.tags).toEqual(['Actions'])
      expect(doc.paths['/api/v1/actions/{actionId}/updates']?.post?.tags).toEqual(['Actions'])
    })
  })
})

async function count(app: TestApp, table: 'stored_file' | 'action'): Promise<number> {
  const row = await app.services.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}
