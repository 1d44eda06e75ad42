// Governance's JSON API: the register, groups with members, meetings (restricted items redacted,
// papers only once published), the attendance report (the page's numbers), the challenge log
// scoped to an agency lead's agency, and responses to challenges. Bad input is a 400 in the API's
// one error shape; another partnership's ids are 404.
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
import type { TestClient } from '../../../test/support/client.ts'
import { FakeClock } from '../../platform/clock.ts'
import { newApiToken } from '../../platform/identity/api-tokens.ts'
import { tenantScope } from '../../platform/tenancy.ts'
import * as challenges from './challenges.ts'
import * as meetings from './meetings.ts'
import { governancePaths } from './paths.ts'
import * as service from './service.ts'

describe('governance JSON API', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let health: string
  let school: string
  let southAgency: string
  let manager: TestUser
  let policeLead: TestUser
  let southManager: TestUser
  let boardId: string
  let pastMeetingId: string
  let restrictedItemId: string
  let toPolice: string
  let byPolice: string
  let schoolToHealth: string
  let southChallenge: string

  const ctxOf = (user: TestUser) => ({
    scope: tenantScope(user.partnershipId),
    actor: {
      userId: user.id,
      partnershipId: user.partnershipId,
      displayName: 'Test',
      email: user.email,
      agencyId: user.agencyId,
      roles: new Set(user.roles),
      via: { kind: 'session' as const, sessionId: 'test' },
    },
  })

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
  const readAll = ['governance.read', 'governance.challenges.read', 'governance.challenges.respond']

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

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    health = await createAgency(db, north, { name: 'Northshire ICB', type: 'health_commissioner' })
    school = await createAgency(db, north, { name: "St Brigid's School", type: 'education' })
    southAgency = await createAgency(db, south, { name: 'Southmoor Council' })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    policeLead = await createUser(db, north, {
      roles: ['agency_lead'],
      agencyId: police,
      displayName: 'Oisín O’Shea',
    })
    southManager = await createUser(db, south, { roles: ['business_unit'] })
    const ctx = ctxOf(manager)
    boardId = await service.createGroup(app.services, ctx, {
      name: 'Safeguarding Children Board',
      shortName: 'Board',
      kind: 'board',
      parentGroupId: null,
      purpose: null,
      quorumMinimum: 2,
      quorumNeedsChair: false,
      quorumNeedsStatutoryPartners: false,
    })
    const person = (fullName: string, agencyId: string) =>
      service.createPerson(app.services, ctx, {
        fullName,
        email: null,
        jobTitle: 'Designated lead',
        phone: null,
        agencyId,
        isNamedContact: true,
      })
    const zoe = await person('Zoë Clarke', police)
    const siobhan = await person("Siobhán O'Neill", health)
    for (const [personId, role] of [
      [zoe, 'chair'],
      [siobhan, 'member'],
    ] as const)
      await service.addMember(app.services, ctx, boardId, {
        personId,
        role,
        agencyId: null,
        clearedForRestricted: false,
        startedOn: '2026-01-01',
      })
    // A meeting held in February: police came, health sent apologies.
    ;[pastMeetingId = ''] = await meetings.scheduleMeetings(app.services, ctx, boardId, {
      date: '2026-02-10',
      startTime: '10:00',
      endTime: '12:00',
      location: 'County Hall',
      repeat: 'none',
      occurrences: null,
    })
    await meetings.recordAttendance(app.services, ctx, pastMeetingId, [
      { personId: zoe, status: 'present', substitutePersonId: null },
      { personId: siobhan, status: 'apologies', substitutePersonId: null },
    ])
    await meetings.addAgendaItem(app.services, ctx, pastMeetingId, {
      title: 'Neglect strategy',
      presenterName: 'Zoë Clarke',
      restricted: false,
    })
    restrictedItemId = await meetings.addAgendaItem(app.services, ctx, pastMeetingId, {
      title: 'Allegation against a named officer',
      presenterName: null,
      restricted: true,
    })
    const challenge = (by: string, to: string, subject: string) =>
      challenges.raiseChallenge(app.services, ctx, {
        raisedByAgencyId: by,
        raisedToAgencyId: to,
        raisedByPersonId: null,
        raisedToPersonId: null,
        groupId: null,
        subject,
        detail: 'Seen in the January audit.',
        raisedOn: '2026-03-02',
      })
    toPolice = await challenge(health, police, 'Health not invited to strategy meetings')
    byPolice = await challenge(police, health, 'Late health assessments')
    schoolToHealth = await challenge(school, health, 'School nurse referrals')
    const southAgency2 = await createAgency(db, south, { name: 'Southmoor Police' })
    southChallenge = await challenges.raiseChallenge(app.services, ctxOf(southManager), {
      raisedByAgencyId: southAgency,
      raisedToAgencyId: southAgency2,
      raisedByPersonId: null,
      raisedToPersonId: null,
      groupId: null,
      subject: 'Southmoor matter',
      detail: 'Elsewhere.',
      raisedOn: '2026-03-02',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('lists and reads agencies and groups with their members; other partnerships’ ids are 404', async () => {
    const headers = await tokenFor(policeLead, readAll)
    const client = app.client()
    const agencies = await api(client, 'GET', governancePaths.apiAgencies(), headers)
    expect(agencies.status).toBe(200)
    const names = agencies.json<{ agencies: { name: string }[] }>().agencies.map((a) => a.name)
    expect(names).toEqual(['Northshire ICB', 'Northshire Police', "St Brigid's School"])
    const agency = await api(
      client,
      'GET',
      governancePaths.apiAgency({ agencyId: police }),
      headers,
    )
    expect(agency.json()).toMatchObject({
      name: 'Northshire Police',
      type: 'police',
      contacts: [{ name: 'Zoë Clarke', isNamedContact: true }],
    })
    expect(
      (await api(client, 'GET', governancePaths.apiAgency({ agencyId: southAgency }), headers))
        .status,
    ).toBe(404)

    const groups = await api(client, 'GET', governancePaths.apiGroups(), headers)
    expect(groups.json()).toMatchObject({
      groups: [
        {
          id: boardId,
          kind: 'board',
          quorumRule: expect.stringContaining('at least 2 members present') as unknown,
        },
      ],
    })
    const group = await api(client, 'GET', governancePaths.apiGroup({ groupId: boardId }), headers)
    const members = group.json<{ members: { name: string; role: string; agency: unknown }[] }>()
      .members
    expect(members.map((m) => [m.name, m.role])).toEqual(
      expect.arrayContaining([
        ['Zoë Clarke', 'chair'],
        ["Siobhán O'Neill", 'member'],
      ]),
    )
    const southern = await tokenFor(southManager, ['governance.read'])
    const foreign = await api(
      client,
      'GET',
      governancePaths.apiGroup({ groupId: boardId }),
      southern,
    )
    expect(foreign.status).toBe(404)
    expect(foreign.json()).toMatchObject({ error: { code: 'not_found' } })
    expect(
      (await api(client, 'GET', governancePaths.apiMeeting({ meetingId: pastMeetingId }), southern))
        .status,
    ).toBe(404)
  })

  it('reads a meeting with its agenda and attendance, redacting restricted items for those not cleared', async () => {
    const client = app.client()
    const lead = await tokenFor(policeLead, readAll)
    const list = await api(
      client,
      'GET',
      governancePaths.apiMeetings(undefined, { groupId: boardId }),
      lead,
    )
    expect(list.json<{ meetings: { id: string }[] }>().meetings.map((m) => m.id)).toEqual([
      pastMeetingId,
    ])
    type Detail = {
      quorum: { state: string }
      agenda: { id: string; title: string; redacted: boolean; restricted: boolean }[]
      attendance: { name: string; status: string | null }[]
    }
    const seen = await api(
      client,
      'GET',
      governancePaths.apiMeeting({ meetingId: pastMeetingId }),
      lead,
    )
    expect(seen.status).toBe(200)
    const detail = seen.json<Detail>()
    expect(detail.quorum.state).toBe('not_quorate')
    expect(detail.attendance).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Zoë Clarke', status: 'present' }),
        expect.objectContaining({ name: "Siobhán O'Neill", status: 'apologies' }),
      ]),
    )
    expect(detail.agenda.map((i) => i.title)).toContain('Neglect strategy')
    const redacted = detail.agenda.find((i) => i.id === restrictedItemId)
    expect(redacted).toMatchObject({ title: 'Restricted item', redacted: true })
    expect(seen.body).not.toContain('Allegation against a named officer')

    // The business unit runs meetings (and its token carries that permission): it sees everything.
    const bu = await tokenFor(manager, ['governance.read', 'governance.manage'])
    const full = (
      await api(client, 'GET', governancePaths.apiMeeting({ meetingId: pastMeetingId }), bu)
    ).json<Detail>()
    expect(full.agenda.find((i) => i.id === restrictedItemId)).toMatchObject({
      title: 'Allegation against a named officer',
      redacted: false,
      restricted: true,
    })
  })

  it('lists a meeting’s papers only once the pack is published (for the business unit, at once)', async () => {
    const client = app.client()
    const lead = await tokenFor(policeLead, readAll)
    const bu = await tokenFor(manager, ['governance.read', 'governance.manage'])
    const [itemId = ''] = (
      await app.services.db
        .selectFrom('agenda_item')
        .select('id')
        .where('meeting_id', '=', pastMeetingId)
        .where('title', '=', 'Neglect strategy')
        .execute()
    ).map((r) => r.id)
    await meetings.addPaper(app.services, ctxOf(manager), pastMeetingId, itemId, {
      title: 'Neglect strategy draft',
      upload: { filename: 'strategy.pdf', kind: 'pdf', data: Buffer.from('%PDF-1.4 strategy') },
    })
    const papers = async (headers: Record<string, string>) =>
      (await api(client, 'GET', governancePaths.apiMeeting({ meetingId: pastMeetingId }), headers))
        .json<{ agenda: { papers: { title: string }[] }[] }>()
        .agenda.flatMap((i) => i.papers.map((p) => p.title))
    expect(await papers(lead)).toEqual([])
    expect(await papers(bu)).toEqual(['Neglect strategy draft'])
    await meetings.publishPack(app.services, ctxOf(manager), pastMeetingId)
    expect(await papers(lead)).toEqual(['Neglect strategy draft'])
  })

  it('reports attendance with the same numbers as the page, and refuses a backwards period', async () => {
    const client = app.client()
    const headers = await tokenFor(policeLead, readAll)
    const report = await api(
      client,
      'GET',
      governancePaths.apiGroupAttendance(
        { groupId: boardId },
        { from: '2026-01-01', to: '2026-03-10' },
      ),
      headers,
    )
    expect(report.status).toBe(200)
    const body = report.json<{
      meetingsHeld: number
      sentence: string
      byAgency: { agency: { name: string }; attended: number; expected: number; percent: number }[]
      byRole: { role: string; percent: number }[]
    }>()
    expect(body.meetingsHeld).toBe(1)
    expect(body.byAgency.map((a) => [a.agency.name, a.attended, a.expected, a.percent])).toEqual([
      ['Northshire ICB', 0, 1, 0],
      ['Northshire Police', 1, 1, 100],
    ])
    expect(body.byRole.map((r) => [r.role, r.percent])).toEqual([
      ['chair', 100],
      ['member', 0],
    ])
    const page = await (
      await app.clientAs(policeLead)
    ).get(
      governancePaths.attendanceReport(
        { groupId: boardId },
        { from: '2026-01-01', to: '2026-03-10' },
      ),
    )
    expect(page.$('[data-sentence]').text()).toBe(body.sentence)
    expect(body.sentence).toBe(
      'Safeguarding Children Board met once; Northshire ICB 0%, Northshire Police 100%.',
    )

    const backwards = await api(
      client,
      'GET',
      governancePaths.apiGroupAttendance(
        { groupId: boardId },
        { from: '2026-03-01', to: '2026-01-01' },
      ),
      headers,
    )
    expect(backwards.status).toBe(400)
    expect(backwards.json()).toEqual({
      error: {
        code: 'validation',
        message: expect.any(String) as unknown,
        details: {
          fields: [{ field: 'to', message: 'The end of the period must be after the start' }],
        },
      },
    })
    const notADate = await api(
      client,
      'GET',
      governancePaths.apiGroupAttendance({ groupId: boardId }, { from: '2026-02-30' }),
      headers,
    )
    expect(notADate.status).toBe(400)
    expect(notADate.json()).toMatchObject({
      error: { code: 'validation', details: { fields: [{ field: 'from' }] } },
    })
  })

  it('shows an agency lead only challenges involving their agency', async () => {
    const client = app.client()
    const headers = await tokenFor(policeLead, readAll)
    const list = await api(client, 'GET', governancePaths.apiChallenges(), headers)
    expect(list.status).toBe(200)
    const ids = list.json<{ challenges: { id: string }[] }>().challenges.map((c) => c.id)
    expect(ids.sort()).toEqual([toPolice, byPolice].sort())
    const one = await api(
      client,
      'GET',
      governancePaths.apiChallenge({ challengeId: toPolice }),
      headers,
    )
    expect(one.json()).toMatchObject({
      reference: 'C-001',
      raisedBy: { agency: { name: 'Northshire ICB' } },
      raisedTo: { agency: { id: police } },
      status: 'open',
      actions: [],
    })
    expect(
      (
        await api(
          client,
          'GET',
          governancePaths.apiChallenge({ challengeId: schoolToHealth }),
          headers,
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await api(
          client,
          'GET',
          governancePaths.apiChallenge({ challengeId: southChallenge }),
          headers,
        )
      ).status,
    ).toBe(404)
    // The whole log for the business unit.
    const all = await api(
      client,
      'GET',
      governancePaths.apiChallenges(),
      await tokenFor(manager, ['governance.challenges.read']),
    )
    expect(all.json<{ challenges: unknown[] }>().challenges).toHaveLength(3)
  })

  it('takes an agency lead’s response to a challenge made to their agency, and no other', async () => {
    const client = app.client()
    const headers = await tokenFor(policeLead, readAll)
    const respond = (challengeId: string, body: unknown) =>
      api(client, 'POST', governancePaths.apiChallengeResponse({ challengeId }), headers, body)
    const stored = async (id: string) =>
      app.services.db
        .selectFrom('challenge')
        .select(['response', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()

    // Raised by police, not to it; another agency's; another partnership's.
    const notTheirs = await respond(byPolice, { response: 'We disagree.' })
    expect(notTheirs.status).toBe(403)
    expect(notTheirs.json()).toMatchObject({ error: { code: 'forbidden' } })
    expect((await respond(schoolToHealth, { response: 'We disagree.' })).status).toBe(403)
    expect((await respond(southChallenge, { response: 'We disagree.' })).status).toBe(404)
    expect((await respond(randomUUID(), { response: 'We disagree.' })).status).toBe(404)
    expect(await stored(byPolice)).toEqual({ response: null, status: 'open' })

    const empty = await respond(toPolice, { response: '   ', respondedOn: '2026-02-30' })
    expect(empty.status).toBe(400)
    const error = empty.json<{
      error: { code: string; message: string; details: { fields: { field: string }[] } }
    }>().error
    expect(error.code).toBe('validation')
    expect(error.message).not.toBe('')
    expect(error.details.fields.map((f) => f.field).sort()).toEqual(['respondedOn', 'response'])
    const future = await respond(toPolice, {
      response: 'Agreed; we will change the template.',
      respondedOn: '2026-04-01',
    })
    expect(future.status).toBe(400)
    expect(future.json()).toMatchObject({
      error: { code: 'validation', details: { fields: [{ field: 'respondedOn' }] } },
    })
    expect(await stored(toPolice)).toEqual({ response: null, status: 'open' })

    const answered = await respond(toPolice, {
      response: 'Agreed; the strategy meeting template now lists health.',
    })
    expect(answered.status).toBe(201)
    expect(answered.json()).toMatchObject({
      id: toPolice,
      status: 'responded',
      respondedOn: '2026-03-10',
      response: 'Agreed; the strategy meeting template now lists health.',
    })
    const audit = await app.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_type', '=', 'challenge')
      .where('record_id', '=', toPolice)
      .where('actor_user_id', '=', policeLead.id)
      .execute()
    expect(audit).toEqual([{ action: 'update' }])
    // A token without the respond permission is refused.
    const readOnly = await tokenFor(policeLead, ['governance.challenges.read'])
    expect(
      (
        await api(
          client,
          'POST',
          governancePaths.apiChallengeResponse({ challengeId: toPolice }),
          readOnly,
          { response: 'Again' },
        )
      ).status,
    ).toBe(403)
  })

  it('describes the governance endpoints in the OpenAPI document', async () => {
    const doc = (await app.client().get('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>
    }>()
    for (const [path, method] of [
      ['/api/v1/governance/agencies', 'get'],
      ['/api/v1/governance/agencies/{agencyId}', 'get'],
      ['/api/v1/governance/groups', 'get'],
      ['/api/v1/governance/groups/{groupId}', 'get'],
      ['/api/v1/governance/groups/{groupId}/attendance', 'get'],
      ['/api/v1/governance/meetings', 'get'],
      ['/api/v1/governance/meetings/{meetingId}', 'get'],
      ['/api/v1/governance/challenges', 'get'],
      ['/api/v1/governance/challenges/{challengeId}', 'get'],
      ['/api/v1/governance/challenges/{challengeId}/response', 'post'],
    ] as const)
      expect(doc.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['Governance'])
  })
})
