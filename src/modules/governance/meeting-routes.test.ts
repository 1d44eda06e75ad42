// Meetings through HTTP: scheduling (and refusing a meeting that ends before it starts), standing
// items, agenda items and papers (with size and type limits), declarations, attendance with
// substitutes and quoracy, minutes, actions raised in the meeting, publishing, invitations, Word
// exports, restricted items, and joint groups seen from the neighbouring partnership.
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
import { multipartBody } from '../../../test/support/multipart.ts'
import type { TestClient } from '../../../test/support/client.ts'
import { FakeClock } from '../../platform/clock.ts'
import { FILE_MAX_BYTES } from '../../platform/files/file-store.ts'
import { actionPaths } from '../actions/paths.ts'
import { governancePaths } from './paths.ts'
import * as service from './service.ts'
import { tenantScope } from '../../platform/tenancy.ts'

describe('meetings', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let council: string
  let icb: string
  let manager: TestUser
  let owner: TestUser
  let boardMember: TestUser
  let southMember: TestUser
  let southOutsider: TestUser
  let groupId: string
  let jointGroupId: string
  let chairId: string
  let policeRepId: string
  let councilRepId: string
  let deputyId: string

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

  const clock = new FakeClock('2026-03-10T10:00:00Z')

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    council = await createAgency(db, north, { name: 'Northshire Council', type: 'local_authority' })
    icb = await createAgency(db, north, { name: 'Northshire ICB', type: 'health_commissioner' })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    owner = await createUser(db, north, {
      roles: ['practitioner'],
      agencyId: police,
      displayName: 'Łukasz Nowak',
      email: 'lukasz.nowak@example.org',
    })
    boardMember = await createUser(db, north, {
      roles: ['board_member'],
      email: 'board.member@example.org',
    })
    southMember = await createUser(db, south, {
      roles: ['board_member'],
      email: 'aoife.byrne@example.org',
    })
    southOutsider = await createUser(db, south, { roles: ['board_member'] })
    const ctx = ctxOf(manager)
    groupId = await service.createGroup(app.services, ctx, {
      name: 'Safeguarding Children Board',
      shortName: null,
      kind: 'board',
      parentGroupId: null,
      purpose: null,
      quorumMinimum: 2,
      quorumNeedsChair: true,
      quorumNeedsStatutoryPartners: false,
    })
    const person = async (fullName: string, agencyId: string | null, email: string | null) =>
      service.createPerson(app.services, ctx, {
        fullName,
        email,
        jobTitle: null,
        phone: null,
        agencyId,
        isNamedContact: false,
      })
    chairId = await person("Siobhán O'Neill", council, 'chair@example.org')
    policeRepId = await person('Łukasz Nowak', police, 'lukasz.nowak@example.org')
    councilRepId = await person('Zoë Clarke', council, null)
    deputyId = await person('Ravi Shah', police, null)
    const boardPerson = await person('Bea Member', icb, 'board.member@example.org')
    for (const [personId, role, cleared] of [
      [chairId, 'chair', true],
      [policeRepId, 'member', false],
      [councilRepId, 'member', false],
      [boardPerson, 'member', false],
    ] as const)
      await service.addMember(app.services, ctx, groupId, {
        personId,
        role,
        agencyId: null,
        clearedForRestricted: cleared,
        startedOn: '2026-01-01',
      })
    await service.addStandingItem(app.services, ctx, groupId, {
      title: "The young person's item",
      presenterName: 'Youth forum',
    })
    jointGroupId = await service.createGroup(app.services, ctx, {
      name: 'Joint Child Death Overview Panel',
      shortName: null,
      kind: 'panel',
      parentGroupId: groupId,
      purpose: null,
      quorumMinimum: null,
      quorumNeedsChair: false,
      quorumNeedsStatutoryPartners: false,
    })
    await service.shareGroup(app.services, ctx, jointGroupId, south.id)
    await service.addJointMember(app.services, ctx, jointGroupId, {
      fullName: 'Aoife Byrne',
      email: 'Aoife.Byrne@example.org',
      homePartnershipId: south.id,
      organisation: 'Southmoor ICB',
      role: 'member',
      startedOn: '2026-01-01',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  const meetingCount = async () =>
    Number(
      (
        await app.services.db
          .selectFrom('meeting')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('partnership_id', '=', north.id)
          .executeTakeFirstOrThrow()
      ).n,
    )

  const schedule = async (client: TestClient, group: string, fields: Record<string, string>) =>
    client.submit(governancePaths.newMeeting({ groupId: group }), {
      'date-day': '14',
      'date-month': '4',
      'date-year': '2026',
      startTime: '10:00',
      endTime: '12:00',
      repeat: 'none',
      ...fields,
    })

  it('refuses a meeting that ends before it starts, and saves nothing', async () => {
    const client = await app.clientAs(manager)
    const before = await meetingCount()
    const page = await schedule(client, groupId, { startTime: '14:00', endTime: '13:30' })
    expect(page.status).toBe(400)
    expect(page.$('#endTime-error').text()).toContain('The end time must be after the start time')
    expect(page.$('.govuk-error-summary a[href="#endTime"]').length).toBe(1)
    expect(await meetingCount()).toBe(before)
  })

  it('schedules a monthly series, each with the standing items on its agenda', async () => {
    const client = await app.clientAs(manager)
    const before = await meetingCount()
    const page = await schedule(client, groupId, {
      'date-day': '31',
      'date-month': '5',
      repeat: 'monthly',
      occurrences: '3',
    })
    expect(page.status).toBe(303)
    expect(await meetingCount()).toBe(before + 3)
    const starts = await app.services.db
      .selectFrom('meeting')
      .select('starts_at')
      .where('partnership_id', '=', north.id)
      .where('series_id', 'is not', null)
      .orderBy('starts_at')
      .execute()
    // 10:00 in London in summer is 09:00 UTC; June has 30 days.
    expect(starts.map((s) => s.starts_at.toISOString())).toEqual([
      '2026-05-31T09:00:00.000Z',
      '2026-06-30T09:00:00.000Z',
      '2026-07-31T09:00:00.000Z',
    ])
  })

  it('runs a meeting: items, papers, a declaration, attendance with a substitute, minutes, an action', async () => {
    const client = await app.clientAs(manager)
    const created = await schedule(client, groupId, { location: 'County Hall, Room 2' })
    expect(created.status).toBe(303)
    const meetingUrl = created.location ?? ''
    const meetingId = meetingUrl.split('/').pop() ?? ''
    let page = await client.get(meetingUrl)
    expect(page.$('[data-agenda]').text()).toContain("The young person's item")

    expect(
      (
        await client.submit(governancePaths.newItem({ meetingId }), {
          title: 'Neglect strategy',
          presenterName: 'Zoë Clarke',
        })
      ).status,
    ).toBe(303)
    const itemId = (
      await app.services.db
        .selectFrom('agenda_item')
        .select('id')
        .where('meeting_id', '=', meetingId)
        .where('title', '=', 'Neglect strategy')
        .executeTakeFirstOrThrow()
    ).id

    // Papers: disallowed and oversize files are refused with a clear message; nothing saved.
    const paperUrl = governancePaths.itemPaper({ meetingId, itemId })
    await client.get(paperUrl)
    const upload = (filename: string, data: Buffer) => {
      const { body, contentType } = multipartBody({
        fields: { _csrf: client.csrfToken ?? '', title: 'Neglect strategy draft' },
        files: [{ field: 'paper', filename, contentType: 'application/pdf', data }],
      })
      return client.request('POST', paperUrl, body, { 'content-type': contentType })
    }
    const wrongType = await upload('strategy.pdf', Buffer.from('just some text'))
    expect(wrongType.status).toBe(400)
    expect(wrongType.$('#paper-error').text()).toContain(
      'The selected file must be a PDF, a Word document, an Excel spreadsheet or a PowerPoint presentation',
    )
    const tooBig = await upload(
      'strategy.pdf',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(FILE_MAX_BYTES + 1, 32)]),
    )
    expect(tooBig.status).toBe(400)
    expect(tooBig.$('#paper-error').text()).toContain('The selected file must be smaller than 10MB')
    const papersBefore = await app.services.db
      .selectFrom('meeting_paper')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(papersBefore).toEqual([])
    const good = await upload('strategy.pdf', Buffer.from('%PDF-1.4 neglect strategy'))
    expect(good.status).toBe(303)

    expect(
      (
        await client.submit(governancePaths.itemDeclaration({ meetingId, itemId }), {
          personId: councilRepId,
          interest: 'Line manager of the author',
        })
      ).status,
    ).toBe(303)

    // Attendance: the police member sent a substitute.
    const attendance = await client.submit(governancePaths.attendance({ meetingId }), {
      [`status-${chairId}`]: 'present',
      [`status-${policeRepId}`]: 'substitute',
      [`substitute-${policeRepId}`]: deputyId,
      [`status-${councilRepId}`]: 'apologies',
    })
    expect(attendance.status).toBe(303)
    page = await client.get(meetingUrl)
    expect(page.$('[data-attendance]').text()).toContain('Ravi Shah attended instead')
    expect(page.$('[data-quorum]').text()).toBe('Quorate')

    expect(
      (
        await client.submit(governancePaths.itemMinutes({ meetingId, itemId }), {
          minutes: 'The board discussed the draft strategy.',
          decisions: 'Approved for consultation.',
        })
      ).status,
    ).toBe(303)

    // An action with no owner is refused; nothing is saved.
    const actionUrl = governancePaths.itemAction({ meetingId, itemId })
    const noOwner = await client.submit(actionUrl, {
      title: 'Publish the neglect strategy',
      'dueDate-day': '30',
      'dueDate-month': '6',
      'dueDate-year': '2026',
    })
    expect(noOwner.status).toBe(400)
    expect(noOwner.$('#ownerAgencyId-error').text()).toContain(
      'Select the agency that owns the action',
    )
    const raised = await client.submit(actionUrl, {
      title: 'Publish the neglect strategy',
      ownerAgencyId: police,
      ownerUserId: owner.id,
      'dueDate-day': '30',
      'dueDate-month': '6',
      'dueDate-year': '2026',
    })
    expect(raised.status).toBe(303)
    const actions = await app.services.db
      .selectFrom('action')
      .select(['title', 'source_type', 'raised_by_group_id'])
      .where('partnership_id', '=', north.id)
      .execute()
    expect(actions).toEqual([
      {
        title: 'Publish the neglect strategy',
        source_type: 'meeting_item',
        raised_by_group_id: groupId,
      },
    ])

    page = await client.get(meetingUrl)
    expect(page.$('[data-declarations]').text()).toContain('Line manager of the author')
    expect(page.$('[data-minutes]').text()).toContain('discussed the draft strategy')
    expect(page.$('[data-decisions]').text()).toContain('Approved for consultation')
    expect(page.$('[data-actions]').text()).toContain('Publish the neglect strategy')

    // The owner sees it in "my actions", and where it came from.
    const ownerClient = await app.clientAs(owner)
    const mine = await ownerClient.get(actionPaths.mine())
    expect(mine.$('[data-actions]').text()).toContain('Publish the neglect strategy')
    expect(mine.$('[data-actions]').text()).toContain('Safeguarding Children Board')

    // Word exports of the agenda and minutes.
    const agenda = await client.get(governancePaths.agendaDocx({ meetingId }))
    expect(agenda.status).toBe(200)
    expect(agenda.headers['content-type']).toContain('wordprocessingml')
    const minutes = await client.get(governancePaths.minutesDocx({ meetingId }))
    expect(minutes.status).toBe(200)

    // Publishing the pack and sending invitations mail the members who have an email address.
    await client.get(meetingUrl)
    expect((await client.post(governancePaths.publish({ meetingId }))).status).toBe(303)
    await client.get(meetingUrl)
    expect((await client.post(governancePaths.invitations({ meetingId }))).status).toBe(303)
    const mail = await app.services.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'attachments'])
      .where('partnership_id', '=', north.id)
      .orderBy('id')
      .execute()
    const published = mail.filter((m) => m.subject.startsWith('Meeting papers published'))
    expect(published.map((m) => m.to_address).sort()).toEqual([
      'board.member@example.org',
      'chair@example.org',
      'lukasz.nowak@example.org',
    ])
    const invitations = mail.filter((m) => m.subject.startsWith('Invitation'))
    expect(invitations).toHaveLength(3)
    expect(JSON.stringify(invitations[0]?.attachments)).toContain('BEGIN:VCALENDAR')
    expect(JSON.stringify(invitations[0]?.attachments)).toContain('DTSTART:20260414T090000Z')

    // A member sees the meeting and its papers in their own view.
    const memberClient = await app.clientAs(owner)
    const myList = await memberClient.get(governancePaths.myMeetings())
    expect(myList.$('[data-my-meetings]').text()).toContain('Safeguarding Children Board')
    const myMeeting = await memberClient.get(governancePaths.myMeeting({ meetingId }))
    expect(myMeeting.status).toBe(200)
    const paperLink = myMeeting.$('[data-papers] a').attr('href') ?? ''
    const paper = await memberClient.get(paperLink)
    expect(paper.status).toBe(200)
    expect(paper.body).toContain('neglect strategy')
  })

  it('shows restricted items only to members cleared for them', async () => {
    const client = await app.clientAs(manager)
    const meetingId =
      (await schedule(client, groupId, { 'date-day': '15' })).location?.split('/').pop() ?? ''
    await client.submit(governancePaths.newItem({ meetingId }), {
      title: 'Allegation against a named officer',
      restricted: 'yes',
    })
    expect(
      (await client.get(governancePaths.meeting({ meetingId }))).$('[data-agenda]').text(),
    ).toContain('Allegation against a named officer')
    const reader = await app.clientAs(boardMember)
    const page = await reader.get(governancePaths.meeting({ meetingId }))
    expect(page.status).toBe(200)
    expect(page.$('[data-agenda]').text()).not.toContain('Allegation against a named officer')
    expect(page.$('[data-agenda]').text()).toContain('Restricted item')
  })

  it('lets joint-group members from the neighbouring partnership see that group’s meetings and nothing else', async () => {
    const client = await app.clientAs(manager)
    const jointMeeting = (await schedule(client, jointGroupId, {})).location?.split('/').pop() ?? ''
    const boardMeeting =
      (await schedule(client, groupId, { 'date-day': '16' })).location?.split('/').pop() ?? ''
    const southern = await app.clientAs(southMember)
    const list = await southern.get(governancePaths.myMeetings())
    expect(list.$('[data-my-meetings]').text()).toContain('Joint Child Death Overview Panel')
    expect(list.$('[data-my-meetings]').text()).not.toContain('Safeguarding Children Board')
    expect(
      (await southern.get(governancePaths.myMeeting({ meetingId: jointMeeting }))).status,
    ).toBe(200)
    expect(
      (await southern.get(governancePaths.myMeeting({ meetingId: boardMeeting }))).status,
    ).toBe(404)
    expect((await southern.get(governancePaths.meeting({ meetingId: jointMeeting }))).status).toBe(
      404,
    )
    expect((await southern.get(governancePaths.group({ groupId: jointGroupId }))).status).toBe(404)
    const outsider = await app.clientAs(southOutsider)
    expect(
      (await outsider.get(governancePaths.myMeeting({ meetingId: jointMeeting }))).status,
    ).toBe(404)
    expect((await outsider.get(governancePaths.myMeetings())).$('[data-my-meetings]').length).toBe(
      0,
    )
  })

  it('reports attendance for a period on the page, as CSV and as Excel', async () => {
    // The meeting run above (14 April 2026) is in the future for the fake clock: move time on.
    clock.set(new Date('2026-05-01T10:00:00Z'))
    try {
      const client = await app.clientAs(manager)
      const query = {
        'from-day': '1',
        'from-month': '4',
        'from-year': '2026',
        'to-day': '14',
        'to-month': '4',
        'to-year': '2026',
      }
      const page = await client.get(governancePaths.attendanceReport({ groupId }, query))
      expect(page.status).toBe(200)
      // Only the meeting of 14 April falls in the period; the police member sent a substitute.
      expect(page.$('[data-sentence]').text()).toBe(
        'Safeguarding Children Board met once; Northshire Council 100%, Northshire ICB 0%, Northshire Police 100%.',
      )
      const csv = await client.get(
        governancePaths.attendanceCsv({ groupId }, { from: '2026-04-01', to: '2026-04-14' }),
      )
      expect(csv.status).toBe(200)
      expect(csv.headers['content-type']).toContain('text/csv')
      expect(csv.body).toContain('Northshire Police')
      const xlsx = await client.get(governancePaths.attendanceXlsx({ groupId }))
      expect(xlsx.status).toBe(200)
      expect(xlsx.headers['content-type']).toContain('spreadsheetml')
      const backwards = await client.get(
        governancePaths.attendanceReport(
          { groupId },
          { ...query, 'to-day': '1', 'from-day': '30' },
        ),
      )
      expect(backwards.status).toBe(400)
      expect(backwards.$('#to-error').text()).toContain('must be after the start')
    } finally {
      clock.set(new Date('2026-03-10T10:00:00Z'))
    }
  })

  it('gives 403 to roles without the permission and 404 for unknown ids', async () => {
    const reader = await app.clientAs(boardMember)
    const anyMeeting = randomUUID()
    expect((await reader.get(governancePaths.newItem({ meetingId: anyMeeting }))).status).toBe(403)
    expect((await reader.get(governancePaths.attendance({ meetingId: anyMeeting }))).status).toBe(
      403,
    )
    expect((await reader.get(governancePaths.meeting({ meetingId: anyMeeting }))).status).toBe(404)
    const managerClient = await app.clientAs(manager)
    expect(
      (await managerClient.get(governancePaths.attendance({ meetingId: anyMeeting }))).status,
    ).toBe(404)
    const practitioner = await app.clientAs(owner)
    expect((await practitioner.get(governancePaths.meetings())).status).toBe(403)
  })
})
