// Meetings through HTTP: scheduling (and refusing a meeting that ends before it starts), standing
// items, agenda items and papers (with size and type limits), declarations, attendance with
// substitutes and quoracy, minutes, actions raised in the meeting, publishing, invitations, Word
// exports, restricted items, and joint groups seen from the neighbouring partnership.
import { randomUUID } from 'node:crypto'
import JSZip from 'jszip'
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
import { actionPaths } from '../actions/index.ts'
import { governancePaths } from './paths.ts'
import * as meetings from './meetings.ts'
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

    // Attendance cannot be recorded before the meeting (14 April, 10am): the page does not offer
    // it, and a direct post is refused with what to do.
    const attendanceForm = {
      [`status-${chairId}`]: 'present',
      [`status-${policeRepId}`]: 'substitute',
      [`substitute-${policeRepId}`]: deputyId,
      [`status-${councilRepId}`]: 'apologies',
    }
    expect((await client.get(meetingUrl)).$('a:contains("Record attendance")').length).toBe(0)
    const early = await client.post(governancePaths.attendance({ meetingId }), attendanceForm)
    expect(early.status).toBe(409)
    expect(early.body).toContain('This meeting has not happened yet')
    // On the day, after it starts: the police member sent a substitute.
    // (A new sign-in: a month on, the earlier session has timed out.)
    const before = clock.now()
    clock.set(new Date('2026-04-14T11:00:00Z'))
    const onTheDay = await app.clientAs(manager)
    expect((await onTheDay.get(meetingUrl)).$('a:contains("Record attendance")').length).toBe(1)
    const attendance = await onTheDay.submit(
      governancePaths.attendance({ meetingId }),
      attendanceForm,
    )
    clock.set(before)
    expect(attendance.status).toBe(303)
    page = await client.get(meetingUrl)
    expect(page.$('[data-attendance]').text()).toContain('Ravi Shah attended instead')
    expect(page.$('[data-quorum]').text()).toBe('Quorate')

    const emptyMinutes = await client.submit(governancePaths.itemMinutes({ meetingId, itemId }), {
      minutes: '  ',
      decisions: '',
    })
    expect(emptyMinutes.status).toBe(400)
    expect(emptyMinutes.$('.govuk-error-summary').text()).toContain(
      'Enter the minutes or the decisions for this item',
    )
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
    expect(JSON.stringify(invitations[0]?.attachments)).toContain(
      'DTSTART;TZID=Europe/London:20260414T100000',
    )

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

  const exportAudits = async () =>
    (
      await app.services.db
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'export')
        .where('record_type', '=', 'group_attendance')
        .execute()
    ).length

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

      // The downloads refuse a backwards or impossible period the same way, and export nothing.
      const exportsBefore = await exportAudits()
      for (const url of [
        governancePaths.attendanceCsv({ groupId }, { from: '2026-04-14', to: '2026-04-01' }),
        governancePaths.attendanceXlsx({ groupId }, { from: '2026-04-14', to: '2026-04-01' }),
        governancePaths.attendanceCsv({ groupId }, { ...query, 'to-day': '1', 'from-day': '30' }),
        governancePaths.attendanceXlsx({ groupId }, { from: '2026-02-30' }),
      ]) {
        const refused = await client.get(url)
        expect(refused.status, url).toBe(400)
        expect(refused.headers['content-type']).toContain('text/html')
      }
      expect(
        (
          await client.get(
            governancePaths.attendanceCsv({ groupId }, { from: '2026-04-14', to: '2026-04-01' }),
          )
        )
          .$('main')
          .text(),
      ).toContain('The end of the period must be after the start')
      expect(await exportAudits()).toBe(exportsBefore)
      // A period given to a download is the period exported: none of the meetings fell in March.
      const march = await client.get(
        governancePaths.attendanceCsv({ groupId }, { from: '2026-03-01', to: '2026-03-31' }),
      )
      expect(march.status).toBe(200)
      expect(march.body).not.toContain('Northshire Police')
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
  // A meeting set up through the services: an item with a paper, minutes, a decision, a
  // declaration and an action; a restricted item with its own paper and minutes; attendance.
  const fullMeeting = async (date: string) => {
    const ctx = ctxOf(manager)
    const [meetingId = ''] = await meetings.scheduleMeetings(app.services, ctx, groupId, {
      date,
      startTime: '10:00',
      endTime: '12:00',
      location: 'County Hall',
      repeat: 'none',
      occurrences: null,
    })
    const open = await meetings.addAgendaItem(app.services, ctx, meetingId, {
      title: 'Neglect strategy refresh',
      presenterName: 'Zoë Clarke',
      restricted: false,
    })
    const restricted = await meetings.addAgendaItem(app.services, ctx, meetingId, {
      title: 'Allegation against a named officer',
      presenterName: 'LADO',
      restricted: true,
    })
    const paper = (itemId: string, title: string) =>
      meetings.addPaper(app.services, ctx, meetingId, itemId, {
        title,
        upload: {
          filename: `${title.toLowerCase().replace(/\W+/g, '-')}.pdf`,
          kind: 'pdf',
          data: Buffer.from(`%PDF-1.4 ${title}`),
        },
      })
    const openPaper = await paper(open, 'Strategy draft')
    const restrictedPaper = await paper(restricted, 'LADO briefing')
    await meetings.recordMinutes(app.services, ctx, meetingId, open, {
      minutes: 'The board discussed the refreshed strategy.',
      decisions: 'Approved for consultation.',
    })
    await meetings.recordMinutes(app.services, ctx, meetingId, restricted, {
      minutes: 'The officer has been suspended pending the investigation.',
      decisions: 'Refer to the LADO panel.',
    })
    await meetings.addDeclaration(app.services, ctx, meetingId, open, {
      personId: councilRepId,
      interest: 'Line manager of the author',
    })
    await meetings.raiseMeetingAction(app.services, ctx, meetingId, open, {
      title: 'Publish the refreshed strategy',
      description: null,
      ownerAgencyId: police,
      ownerUserId: null,
      dueDate: '2026-09-30',
    })
    // Attendance is recorded once the meeting has happened.
    const before = clock.now()
    clock.set(new Date(`${date}T13:00:00Z`))
    await meetings.recordAttendance(app.services, ctx, meetingId, [
      { personId: chairId, status: 'present', substitutePersonId: null },
      { personId: policeRepId, status: 'substitute', substitutePersonId: deputyId },
      { personId: councilRepId, status: 'apologies', substitutePersonId: null },
    ])
    clock.set(before)
    return { meetingId, openPaper, restrictedPaper }
  }

  /** The text of a downloaded Word document, one line per paragraph. */
  const docxText = async (client: TestClient, url: string): Promise<string> => {
    const response = await app.server.inject({
      method: 'GET',
      url,
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    expect(response.statusCode).toBe(200)
    const zip = await JSZip.loadAsync(response.rawPayload)
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    return xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
  }

  it('shows papers to members only once the pack is published (the business unit always)', async () => {
    const { meetingId, openPaper } = await fullMeeting('2026-04-21')
    const meetingPage = governancePaths.meeting({ meetingId })
    const paperUrl = governancePaths.paper({ meetingId, paperId: openPaper })
    const myPaperUrl = governancePaths.myPaper({ meetingId, paperId: openPaper })
    const bu = await app.clientAs(manager)
    const board = await app.clientAs(boardMember)
    const member = await app.clientAs(owner)

    // Before publication: the business unit sees and downloads the paper; nobody else does.
    expect((await bu.get(meetingPage)).$('[data-papers]').text()).toContain('Strategy draft')
    expect((await bu.get(paperUrl)).status).toBe(200)
    const boardPage = await board.get(meetingPage)
    expect(boardPage.status).toBe(200)
    expect(boardPage.$('[data-agenda]').text()).toContain('Neglect strategy refresh')
    expect(boardPage.$('[data-papers]').length).toBe(0)
    expect((await board.get(paperUrl)).status).toBe(404)
    expect((await board.get(myPaperUrl)).status).toBe(404)
    const memberPage = await member.get(governancePaths.myMeeting({ meetingId }))
    expect(memberPage.status).toBe(200)
    expect(memberPage.$('[data-papers]').length).toBe(0)
    expect((await member.get(myPaperUrl)).status).toBe(404)

    expect((await bu.post(governancePaths.publish({ meetingId }))).status).toBe(303)

    // After publication: members and readers see and download it.
    expect((await board.get(meetingPage)).$('[data-papers]').text()).toContain('Strategy draft')
    const fromPage = await board.get(paperUrl)
    expect(fromPage.status).toBe(200)
    expect(fromPage.body).toContain('%PDF-1.4 Strategy draft')
    expect(
      (await member.get(governancePaths.myMeeting({ meetingId }))).$('[data-papers]').text(),
    ).toContain('Strategy draft')
    const direct = await member.get(myPaperUrl)
    expect(direct.status).toBe(200)
    expect(direct.body).toContain('%PDF-1.4 Strategy draft')
    // Every download, and only a download that happened, is audited as a view of the paper.
    const views = await app.services.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'changes'])
      .where('action', '=', 'view')
      .where('record_type', '=', 'meeting_paper')
      .where('record_id', '=', openPaper)
      .orderBy('id')
      .execute()
    expect(views.map((v) => v.actor_user_id)).toEqual([manager.id, boardMember.id, owner.id])
    expect(views[0]?.changes).toEqual({ downloaded: { file: expect.any(String) as unknown } })
  })

  it('shows a restricted item, its paper and minutes to a cleared member who is not the business unit, and to nobody else', async () => {
    const { meetingId, restrictedPaper } = await fullMeeting('2026-04-22')
    await meetings.publishPack(app.services, ctxOf(manager), meetingId)
    // A cleared member with an account of their own (a board member, not the business unit).
    const clearedUser = await createUser(app.services.db, north, {
      roles: ['board_member'],
      email: 'niamh.ni-bhriain@example.org',
      displayName: 'Niamh Ní Bhriain',
    })
    const clearedPerson = await service.createPerson(app.services, ctxOf(manager), {
      fullName: 'Niamh Ní Bhriain',
      email: 'niamh.ni-bhriain@example.org',
      jobTitle: 'Independent scrutineer',
      phone: null,
      agencyId: null,
      isNamedContact: false,
    })
    await service.addMember(app.services, ctxOf(manager), groupId, {
      personId: clearedPerson,
      role: 'adviser',
      agencyId: null,
      clearedForRestricted: true,
      startedOn: '2026-03-01',
    })
    const myPaperUrl = governancePaths.myPaper({ meetingId, paperId: restrictedPaper })

    const cleared = await app.clientAs(clearedUser)
    const mine = await cleared.get(governancePaths.myMeeting({ meetingId }))
    expect(mine.$('[data-agenda]').text()).toContain('Allegation against a named officer')
    expect(mine.$('[data-papers]').text()).toContain('LADO briefing')
    const paper = await cleared.get(myPaperUrl)
    expect(paper.status).toBe(200)
    expect(paper.body).toContain('LADO briefing')
    const clearedMinutes = await docxText(cleared, governancePaths.minutesDocx({ meetingId }))
    expect(clearedMinutes).toContain('Allegation against a named officer')
    expect(clearedMinutes).toContain('The officer has been suspended pending the investigation.')

    // Bea is a member of the board and may read governance, but is not cleared.
    const uncleared = await app.clientAs(boardMember)
    const theirs = await uncleared.get(governancePaths.myMeeting({ meetingId }))
    expect(theirs.status).toBe(200)
    expect(theirs.$('[data-agenda]').text()).toContain('Restricted item')
    expect(theirs.$('[data-agenda]').text()).toContain('Neglect strategy refresh')
    expect(theirs.$('[data-agenda]').text()).not.toContain('Allegation against a named officer')
    expect(theirs.$('[data-papers]').text()).toContain('Strategy draft')
    expect(theirs.$('[data-papers]').text()).not.toContain('LADO briefing')
    expect(theirs.body).not.toContain(restrictedPaper)
    expect((await uncleared.get(myPaperUrl)).status).toBe(404)
    expect(
      (await uncleared.get(governancePaths.paper({ meetingId, paperId: restrictedPaper }))).status,
    ).toBe(404)
    for (const url of [
      governancePaths.agendaDocx({ meetingId }),
      governancePaths.minutesDocx({ meetingId }),
    ]) {
      const text = await docxText(uncleared, url)
      expect(text).toContain('Restricted item')
      expect(text).toContain('Neglect strategy refresh')
      expect(text).not.toContain('Allegation against a named officer')
      expect(text).not.toContain('LADO')
      expect(text).not.toContain('suspended')
    }
  })

  it('writes the agenda and minutes as Word documents with items, attendance, quoracy, decisions and actions', async () => {
    const { meetingId } = await fullMeeting('2026-04-23')
    const client = await app.clientAs(manager)

    const agenda = await docxText(client, governancePaths.agendaDocx({ meetingId }))
    expect(agenda).toContain('Safeguarding Children Board: agenda')
    expect(agenda).toContain('County Hall')
    expect(agenda).toContain('at least 2 members present')
    expect(agenda).toContain("The young person's item")
    expect(agenda).toContain('Neglect strategy refresh')
    expect(agenda).toContain('Zoë Clarke')
    expect(agenda).toContain('Strategy draft')
    // The business unit's copy names the restricted item and marks it.
    expect(agenda).toContain('Allegation against a named officer (restricted)')

    const minutes = await docxText(client, governancePaths.minutesDocx({ meetingId }))
    expect(minutes).toContain('Safeguarding Children Board: minutes')
    expect(minutes).toMatch(/Present\n[^]*Siobhán O'Neill \(Chair, Northshire Council\)/)
    expect(minutes).toContain('Zoë Clarke (Member, Northshire Council)')
    expect(minutes).toContain('Łukasz Nowak (Member, Northshire Police), represented by Ravi Shah')
    expect(minutes).toContain('Quoracy: Quorate.')
    expect(minutes).toContain('2. Neglect strategy refresh')
    expect(minutes).toContain('Declarations of interest: Zoë Clarke: Line manager of the author')
    expect(minutes).toContain('The board discussed the refreshed strategy.')
    expect(minutes).toContain('Decision: Approved for consultation.')
    expect(minutes).toContain('Decision: Refer to the LADO panel.')
    // The actions table: reference, action, owner, due date, one cell to a line.
    expect(minutes).toMatch(
      /A-\d{4}\nPublish the refreshed strategy\nNorthshire Police\n2026-09-30\n/,
    )
  })
  it('cancels a meeting: status, one audit entry, and a calendar cancellation to each member', async () => {
    const client = await app.clientAs(manager)
    const meetingId =
      (
        await schedule(client, groupId, { 'date-day': '28', location: 'Room 4, County Hall' })
      ).location
        ?.split('/')
        .pop() ?? ''
    const meetingUrl = governancePaths.meeting({ meetingId })
    const cancelUrl = governancePaths.cancelMeeting({ meetingId })
    await client.get(meetingUrl)
    expect((await client.post(governancePaths.invitations({ meetingId }))).status).toBe(303)

    // Only the business unit may cancel.
    const reader = await app.clientAs(boardMember)
    await reader.get(meetingUrl)
    expect((await reader.post(cancelUrl)).status).toBe(403)

    const outboxBefore = (
      await app.services.db.selectFrom('outbox_message').select('id').execute()
    ).map((r) => r.id)
    const auditBefore = await app.services.db
      .selectFrom('audit_event')
      .select('id')
      .where('record_id', '=', meetingId)
      .execute()
    expect(
      (await client.submit(cancelUrl, { reason: 'The chair is unwell and the papers are late.' }))
        .status,
    ).toBe(303)

    const stored = await app.services.db
      .selectFrom('meeting')
      .select('status')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow()
    expect(stored.status).toBe('cancelled')
    const audit = await app.services.db
      .selectFrom('audit_event')
      .select(['action', 'record_type', 'actor_user_id', 'changes'])
      .where('record_id', '=', meetingId)
      .where(
        'id',
        'not in',
        auditBefore.map((a) => a.id),
      )
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'update',
      record_type: 'meeting',
      actor_user_id: manager.id,
    })
    expect(JSON.stringify(audit[0]?.changes)).toContain('cancelled')

    const mail = await app.services.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'attachments'])
      .where('partnership_id', '=', north.id)
      .where('id', 'not in', outboxBefore.length === 0 ? [-1] : outboxBefore)
      .execute()
    const members = (await service.getGroup(app.services, north.scope, groupId)).members
      .map((m) => m.email)
      .filter((e) => e !== null)
      .sort()
    expect(mail.map((m) => m.to_address).sort()).toEqual(members)
    expect(members).toEqual(
      expect.arrayContaining([
        'board.member@example.org',
        'chair@example.org',
        'lukasz.nowak@example.org',
      ]),
    )
    for (const m of mail) {
      expect(m.subject).toMatch(/^Cancelled: Safeguarding Children Board, 28 April 2026 at 10am$/)
      const ics = JSON.stringify(m.attachments)
      expect(ics).toContain('METHOD:CANCEL')
      expect(ics).toContain('STATUS:CANCELLED')
      expect(ics).toContain(`UID:${meetingId}@assure`)
      expect(ics).toContain('method=CANCEL')
    }

    // The page says so and offers no more publishing; a second cancellation or a publication is refused.
    const page = await client.get(meetingUrl)
    expect(page.$('[data-cancelled]').text()).toBe('Cancelled')
    expect(page.$(`form[action="${cancelUrl}"]`).length).toBe(0)
    expect((await client.post(cancelUrl, { reason: 'Cancelled twice by mistake.' })).status).toBe(
      409,
    )
    expect((await client.post(governancePaths.publish({ meetingId }))).status).toBe(409)
    expect(
      (await client.post(governancePaths.cancelMeeting({ meetingId: randomUUID() }))).status,
    ).toBe(404)
  })
})
