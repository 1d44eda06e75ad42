// The clerk's meeting tools through HTTP (issue 13.1): cancelling with a confirmation and a reason,
// nothing recorded against a cancelled meeting, reinstating before the meeting date; managing the
// agenda; replacing papers; approving the previous minutes; the decision register; file names.
import { PDFDocument } from 'pdf-lib'
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
import { tenantScope } from '../../platform/tenancy.ts'
import { governancePaths } from './paths.ts'
import * as agenda from './agenda.ts'
import * as meetings from './meetings.ts'
import * as service from './service.ts'

describe('the clerk’s meeting tools', () => {
  let app: TestApp
  let north: TestPartnership
  let manager: TestUser
  let boardMember: TestUser
  let groupId: string
  let chairId: string
  const clock = new FakeClock('2026-03-10T10:00:00Z')

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

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    const council = await createAgency(db, north, {
      name: 'Northshire Council',
      type: 'local_authority',
    })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    boardMember = await createUser(db, north, { roles: ['board_member'] })
    const ctx = ctxOf(manager)
    groupId = await service.createGroup(app.services, ctx, {
      name: 'Safeguarding Children Board',
      shortName: null,
      kind: 'board',
      parentGroupId: null,
      purpose: null,
      quorumMinimum: null,
      quorumNeedsChair: false,
      quorumNeedsStatutoryPartners: false,
    })
    chairId = await service.createPerson(app.services, ctx, {
      fullName: "Siobhán O'Neill",
      email: 'chair@example.org',
      jobTitle: null,
      phone: null,
      agencyId: council,
      isNamedContact: false,
    })
    await service.addMember(app.services, ctx, groupId, {
      personId: chairId,
      role: 'chair',
      agencyId: null,
      clearedForRestricted: true,
      startedOn: '2026-01-01',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  /** Schedules a meeting of the board on the day given, 10am to 12pm. */
  const schedule = async (date: string): Promise<string> => {
    const [ids] = [
      await meetings.scheduleMeetings(app.services, ctxOf(manager), groupId, {
        date,
        startTime: '10:00',
        endTime: '12:00',
        location: 'County Hall',
        repeat: 'none',
        occurrences: null,
      }),
    ]
    return ids[0] ?? ''
  }

  const addItem = (meetingId: string, title: string, restricted = false) =>
    meetings.addAgendaItem(app.services, ctxOf(manager), meetingId, {
      title,
      presenterName: 'Zoë Clarke',
      restricted,
    })

  const auditOf = async (recordId: string) =>
    app.services.db
      .selectFrom('audit_event')
      .select(['action', 'changes'])
      .where('record_id', '=', recordId)
      .orderBy('id')
      .execute()

  const statusOf = async (meetingId: string) =>
    (
      await app.services.db
        .selectFrom('meeting')
        .select(['status', 'cancellation_reason'])
        .where('id', '=', meetingId)
        .executeTakeFirstOrThrow()
    ).status

  it('cancels only after confirmation with a reason, then refuses every write until reinstated', async () => {
    const meetingId = await schedule('2026-04-14')
    const itemId = await addItem(meetingId, 'Neglect strategy refresh')
    const client: TestClient = await app.clientAs(manager)
    const meetingUrl = governancePaths.meeting({ meetingId })
    const cancelUrl = governancePaths.cancelMeeting({ meetingId })

    // The meeting page links to a confirmation page; it does not cancel in one click.
    const before = await client.get(meetingUrl)
    expect(before.$(`a[href="${cancelUrl}"]`).text()).toContain('Cancel the meeting')
    expect(before.$(`form[action="${cancelUrl}"]`).length).toBe(0)
    const confirm = await client.get(cancelUrl)
    expect(confirm.status).toBe(200)
    expect(confirm.$('h1').text()).toBe('Cancel the meeting on 14 April 2026 at 10am')
    expect(confirm.$('textarea[name="reason"]').length).toBe(1)

    // No reason, no cancellation.
    const empty = await client.post(cancelUrl, { reason: '  ' })
    expect(empty.status).toBe(400)
    expect(empty.$('#reason-error').text()).toContain('why the meeting is cancelled')
    expect(await statusOf(meetingId)).toBe('scheduled')

    const reason = 'The chair is unwell and the papers are not ready.'
    expect((await client.submit(cancelUrl, { reason })).status).toBe(303)
    expect(await statusOf(meetingId)).toBe('cancelled')
    const audit = await auditOf(meetingId)
    expect(JSON.stringify(audit.at(-1)?.changes)).toContain(reason)

    // The page says when and why, offers no forms, and offers reinstatement.
    const page = await client.get(meetingUrl)
    expect(page.$('[data-cancellation]').text()).toContain(`Cancelled on 10 March 2026: ${reason}`)
    expect(page.$(`a[href="${governancePaths.newItem({ meetingId })}"]`).length).toBe(0)
    expect(page.$(`a[href="${governancePaths.itemMinutes({ meetingId, itemId })}"]`).length).toBe(0)
    expect(page.$(`form[action="${governancePaths.publish({ meetingId })}"]`).length).toBe(0)
    expect(page.$(`a[href="${governancePaths.reinstateMeeting({ meetingId })}"]`).length).toBe(1)

    // Every write on the cancelled meeting is refused with 409 and says why.
    const refusals = [
      await client.get(governancePaths.newItem({ meetingId })),
      await client.post(governancePaths.newItem({ meetingId }), { title: 'Late item' }),
      await client.post(governancePaths.itemMinutes({ meetingId, itemId }), {
        minutes: 'Discussed.',
        decisions: 'Agreed.',
      }),
      await client.post(governancePaths.itemDeclaration({ meetingId, itemId }), {
        personId: chairId,
        interest: 'Line manager of the author',
      }),
      await client.post(governancePaths.attendance({ meetingId }), {
        [`status-${chairId}`]: 'present',
      }),
      await client.post(governancePaths.publish({ meetingId })),
      await client.post(governancePaths.invitations({ meetingId })),
    ]
    for (const refused of refusals) {
      expect(refused.status).toBe(409)
      expect(refused.body).toContain('nothing more can be recorded against it')
    }
    const items = await app.services.db
      .selectFrom('agenda_item')
      .select(['title', 'minutes'])
      .where('meeting_id', '=', meetingId)
      .execute()
    expect(items.map((i) => i.title)).not.toContain('Late item')
    expect(items.every((i) => i.minutes === null)).toBe(true)

    // Reinstated before the meeting date, with a reason, audited; then it can be recorded against.
    const reinstateUrl = governancePaths.reinstateMeeting({ meetingId })
    expect((await client.get(reinstateUrl)).$('[data-cancellation]').text()).toContain(reason)
    expect((await client.post(reinstateUrl, { reason: '' })).status).toBe(400)
    const back = 'The chair has recovered and the papers are ready.'
    expect((await client.submit(reinstateUrl, { reason: back })).status).toBe(303)
    expect(await statusOf(meetingId)).toBe('scheduled')
    const after = await auditOf(meetingId)
    expect(JSON.stringify(after.at(-1)?.changes)).toContain(back)
    expect(
      (await client.submit(governancePaths.newItem({ meetingId }), { title: 'Late item' })).status,
    ).toBe(303)
    expect((await client.post(reinstateUrl, { reason: back })).status).toBe(409)

    // Only the business unit may cancel or reinstate.
    const reader = await app.clientAs(boardMember)
    expect((await reader.get(cancelUrl)).status).toBe(403)
    expect((await reader.get(reinstateUrl)).status).toBe(403)
  })

  it('cannot reinstate a cancelled meeting once its date has passed', async () => {
    const meetingId = await schedule('2026-03-20')
    await meetings.cancelMeeting(app.services, ctxOf(manager), meetingId, 'No quorum expected.')
    const saved = clock.now()
    clock.set(new Date('2026-03-21T09:00:00Z'))
    try {
      const client = await app.clientAs(manager)
      const page = await client.get(governancePaths.meeting({ meetingId }))
      expect(page.$(`a[href="${governancePaths.reinstateMeeting({ meetingId })}"]`).length).toBe(0)
      const refused = await client.get(governancePaths.reinstateMeeting({ meetingId }))
      expect(refused.status).toBe(409)
      expect(refused.body).toContain('20 March 2026 at 10am')
      expect(await statusOf(meetingId)).toBe('cancelled')
    } finally {
      clock.set(saved)
    }
  })

  const agendaWithdraw = (meetingId: string, itemId: string) =>
    agenda.withdrawAgendaItem(app.services, ctxOf(manager), meetingId, itemId)

  /** Uploads a paper through the form at `url` (a new paper, or a new version). */
  const upload = async (client: TestClient, url: string, title: string, content: string) => {
    await client.get(url)
    const { body, contentType } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '', title },
      files: [
        {
          field: 'paper',
          filename: 'strategy-final.pdf',
          contentType: 'application/pdf',
          data: Buffer.from(`%PDF-1.4 ${content}`),
        },
      ],
    })
    return client.request('POST', url, body, { 'content-type': contentType })
  }

  const agendaTitles = async (client: TestClient, meetingId: string) =>
    (await client.get(governancePaths.meeting({ meetingId })))
      .$('[data-agenda] > li:not([data-withdrawn])')
      .map((_, li) => li.attribs['data-item'])
      .get()

  it('reorders, edits and withdraws agenda items, and replaces papers keeping earlier versions', async () => {
    const meetingId = await schedule('2026-04-15')
    const first = await addItem(meetingId, 'Neglect strategy refresh')
    const second = await addItem(meetingId, 'Section 11 audit')
    const third = await addItem(meetingId, 'Budget')
    const client = await app.clientAs(manager)
    const meetingUrl = governancePaths.meeting({ meetingId })
    expect(await agendaTitles(client, meetingId)).toEqual([
      'Neglect strategy refresh',
      'Section 11 audit',
      'Budget',
    ])

    // Move up and down with plain form buttons (no script needed).
    const page = await client.get(meetingUrl)
    expect(
      page
        .$(`form[action="${governancePaths.moveItemUp({ meetingId, itemId: third })}"] button`)
        .text(),
    ).toContain('Move up')
    expect(
      page.$(`form[action="${governancePaths.moveItemUp({ meetingId, itemId: first })}"]`).length,
    ).toBe(0)
    expect(
      (await client.post(governancePaths.moveItemUp({ meetingId, itemId: third }))).status,
    ).toBe(303)
    expect(
      (await client.post(governancePaths.moveItemDown({ meetingId, itemId: first }))).status,
    ).toBe(303)
    expect(await agendaTitles(client, meetingId)).toEqual([
      'Budget',
      'Neglect strategy refresh',
      'Section 11 audit',
    ])
    const last = await client.post(governancePaths.moveItemDown({ meetingId, itemId: second }))
    expect(last.status).toBe(409)
    expect(last.body).toContain('already last on the agenda')

    // Edit: the form starts with what is there; bad input is refused; the change is audited.
    const editUrl = governancePaths.editItem({ meetingId, itemId: second })
    const edit = await client.get(editUrl)
    expect(edit.$('input[name="title"]').val()).toBe('Section 11 audit')
    expect((await client.post(editUrl, { title: '' })).status).toBe(400)
    expect(
      (
        await client.post(editUrl, {
          title: 'Section 11 audit: findings',
          presenterName: 'Łukasz Nowak',
        })
      ).status,
    ).toBe(303)
    expect(JSON.stringify((await auditOf(second)).at(-1)?.changes)).toContain(
      'Section 11 audit: findings',
    )

    // Replace a paper: the new version is current, the earlier one is listed and still downloads.
    const v1 = await meetings.addPaper(app.services, ctxOf(manager), meetingId, first, {
      title: 'Strategy draft',
      upload: {
        filename: 'strategy-draft.pdf',
        kind: 'pdf',
        data: Buffer.from('%PDF-1.4 first draft'),
      },
    })
    const replaceUrl = governancePaths.replacePaper({ meetingId, paperId: v1 })
    expect((await client.get(replaceUrl)).$('[data-replacing]').text()).toContain(
      'Replacing version 1',
    )
    const replaced = await upload(client, replaceUrl, 'Strategy, final', 'final version')
    expect(replaced.status).toBe(303)
    const after = await client.get(meetingUrl)
    expect(after.$('[data-papers]').text()).toContain('Strategy, final')
    expect(after.$('[data-papers]').text()).toContain('version 2')
    expect(after.$('[data-paper-versions]').text()).toContain('Version 1: Strategy draft')
    const old = await client.get(governancePaths.paper({ meetingId, paperId: v1 }))
    expect(old.status).toBe(200)
    expect(old.body).toContain('first draft')
    // An old version cannot be replaced again.
    expect((await client.get(replaceUrl)).status).toBe(409)

    // Withdraw: struck through and labelled, kept in the history, not in the pack or members' view.
    expect(
      (await client.post(governancePaths.withdrawItem({ meetingId, itemId: third }))).status,
    ).toBe(303)
    const withdrawn = (await client.get(meetingUrl)).$('[data-withdrawn]')
    expect(withdrawn.find('s').text()).toBe('Budget')
    expect(withdrawn.text()).toContain('Withdrawn')
    expect(await agendaTitles(client, meetingId)).toEqual([
      'Neglect strategy refresh',
      'Section 11 audit: findings',
    ])
    await meetings.publishPack(app.services, ctxOf(manager), meetingId)
    const mine = await client.get(governancePaths.myMeeting({ meetingId }))
    expect(mine.$('[data-agenda]').text()).not.toContain('Budget')
    // Nothing more is recorded against a withdrawn item.
    expect(
      (
        await client.post(governancePaths.itemMinutes({ meetingId, itemId: third }), {
          minutes: 'x',
          decisions: 'y',
        })
      ).status,
    ).toBe(409)
    expect(
      (await client.post(governancePaths.withdrawItem({ meetingId, itemId: third }))).status,
    ).toBe(409)

    // Only the business unit manages the agenda.
    const reader = await app.clientAs(boardMember)
    expect((await reader.get(editUrl)).status).toBe(403)
  })

  it('records approval of the draft minutes as a decision of the next meeting of the group', async () => {
    const previous = await schedule('2026-04-20')
    const next = await schedule('2026-05-20')
    const approveUrl = governancePaths.approvePreviousMinutes({ meetingId: next })
    // Not before the meeting at which they are approved.
    await (async () => {
      const client = await app.clientAs(manager)
      await client.get(governancePaths.meeting({ meetingId: next }))
      const refused = await client.post(approveUrl)
      expect(refused.status).toBe(409)
      expect(refused.body).toContain('on or after 20 May 2026 at 10am')
    })()
    const saved = clock.now()
    clock.set(new Date('2026-05-20T12:00:00Z'))
    try {
      const client = await app.clientAs(manager)
      const before = await client.get(governancePaths.meeting({ meetingId: previous }))
      expect(before.$('[data-minutes-draft]').text()).toContain('Draft minutes')
      const nextPage = await client.get(governancePaths.meeting({ meetingId: next }))
      expect(nextPage.$(`form[action="${approveUrl}"] button`).text()).toContain(
        'Record approval of the minutes of the meeting on 20 April 2026',
      )
      expect((await client.post(approveUrl)).status).toBe(303)

      // A decision of the next meeting…
      const after = await client.get(governancePaths.meeting({ meetingId: next }))
      const item = after.$('[data-item="Minutes of the previous meeting (20 April 2026)"]')
      expect(item.find('[data-decisions]').text()).toContain(
        'The minutes of the meeting on 20 April 2026 were approved as a true record.',
      )
      expect(after.$(`form[action="${approveUrl}"]`).length).toBe(0)
      // …shown on the meeting whose minutes it approved.
      const approved = await client.get(governancePaths.meeting({ meetingId: previous }))
      expect(approved.$('[data-minutes-approved]').text()).toContain(
        'Minutes approved at Safeguarding Children Board, 20 May 2026',
      )
      expect(approved.$('[data-minutes-approved] a').attr('href')).toBe(
        governancePaths.meeting({ meetingId: next }),
      )
      // Only once.
      const twice = await client.post(approveUrl)
      expect(twice.status).toBe(409)
      expect(twice.body).toContain('already approved at the meeting on 20 May 2026')
      expect(JSON.stringify((await auditOf(previous)).at(-1)?.changes)).toContain(next)
    } finally {
      clock.set(saved)
    }
  })

  it('keeps a decision register across meetings, searchable by group, date and subject, as CSV and JSON', async () => {
    const ctx = ctxOf(manager)
    const otherGroup = await service.createGroup(app.services, ctx, {
      name: 'Learning and Improvement Group',
      shortName: null,
      kind: 'sub_group',
      parentGroupId: groupId,
      purpose: null,
      quorumMinimum: null,
      quorumNeedsChair: false,
      quorumNeedsStatutoryPartners: false,
    })
    const june = await schedule('2026-06-17')
    const [july] = await meetings.scheduleMeetings(app.services, ctx, otherGroup, {
      date: '2026-07-08',
      startTime: '14:00',
      endTime: '15:30',
      location: null,
      repeat: 'none',
      occurrences: null,
    })
    const decide = async (
      meetingId: string,
      title: string,
      decisions: string,
      restricted = false,
    ) => {
      const itemId = await addItem(meetingId, title, restricted)
      await meetings.recordMinutes(app.services, ctx, meetingId, itemId, {
        minutes: null,
        decisions,
      })
      return itemId
    }
    await decide(
      june,
      'Neglect strategy: Zoë’s draft',
      'Approved for consultation until 30 September.',
    )
    await decide(june, 'Allegation against a named officer', 'Refer to the LADO panel.', true)
    const withdrawn = await decide(june, 'Old budget', 'Budget agreed.')
    await agendaWithdraw(june, withdrawn)
    await decide(
      july ?? '',
      'Rapid review of Child Q',
      'Commission a local child safeguarding practice review.',
    )

    const client = await app.clientAs(manager)
    const all = await client.get(governancePaths.decisions())
    expect(all.status).toBe(200)
    const titles = (page: typeof all) =>
      page
        .$('[data-decisions] tbody tr')
        .map((_, tr) => tr.attribs['data-decision'])
        .get()
    expect(titles(all)).toEqual(
      expect.arrayContaining([
        'Rapid review of Child Q',
        'Neglect strategy: Zoë’s draft',
        'Allegation against a named officer',
      ]),
    )
    expect(titles(all)).not.toContain('Old budget')
    expect(all.$('[data-decision="Rapid review of Child Q"]').text()).toContain('8 July 2026')

    // By group, by date range, by words in the subject or decision.
    const byGroup = await client.get(governancePaths.decisions({}, { group: otherGroup }))
    expect(titles(byGroup)).toEqual(['Rapid review of Child Q'])
    const byDate = await client.get(
      governancePaths.decisions(
        {},
        {
          'from-day': '1',
          'from-month': '6',
          'from-year': '2026',
          'to-day': '30',
          'to-month': '6',
          'to-year': '2026',
        },
      ),
    )
    expect(titles(byDate)).toEqual(
      expect.arrayContaining([
        'Neglect strategy: Zoë’s draft',
        'Allegation against a named officer',
      ]),
    )
    expect(titles(byDate)).not.toContain('Rapid review of Child Q')
    const byText = await client.get(governancePaths.decisions({}, { q: 'consultation' }))
    expect(titles(byText)).toEqual(['Neglect strategy: Zoë’s draft'])
    const backwards = await client.get(
      governancePaths.decisions({}, { from: '2026-07-01', to: '2026-06-01' }),
    )
    expect(backwards.status).toBe(400)
    expect(backwards.$('#to-error').text()).toContain(
      'The end of the period must be after the start',
    )

    // CSV of the same search.
    const csv = await client.get(byText.$('a[href*="decisions.csv"]').attr('href') ?? '')
    expect(csv.status).toBe(200)
    expect(String(csv.headers['content-type'])).toContain('text/csv')
    expect(csv.body).toContain('Meeting date,Group,Subject,Decision,Restricted')
    expect(csv.body).toContain(
      '2026-06-17,Safeguarding Children Board,Neglect strategy: Zoë’s draft,Approved for consultation until 30 September.,No',
    )
    expect(csv.body).not.toContain('Child Q')

    // Restricted decisions are left out for readers who do not run meetings.
    const reader = await app.clientAs(boardMember)
    const readerPage = await reader.get(governancePaths.decisions())
    expect(readerPage.status).toBe(200)
    expect(titles(readerPage)).not.toContain('Allegation against a named officer')
    expect(readerPage.body).not.toContain('Refer to the LADO panel')

    // The API.
    const json = await client.get(`${governancePaths.apiDecisions()}?group=${otherGroup}`)
    expect(json.status).toBe(200)
    expect(
      json.json<{ decisions: { subject: string; meetingDate: string }[] }>().decisions,
    ).toEqual([
      expect.objectContaining({ subject: 'Rapid review of Child Q', meetingDate: '2026-07-08' }),
    ])
    expect((await client.get(`${governancePaths.apiDecisions()}?from=not-a-date`)).status).toBe(400)
  })

  it('names downloaded files after the meeting and its date, not the download date', async () => {
    const meetingId = await schedule('2026-12-23')
    const client = await app.clientAs(manager)
    for (const [url, name] of [
      [
        governancePaths.agendaDocx({ meetingId }),
        'safeguarding-children-board-2026-12-23-agenda.docx',
      ],
      [
        governancePaths.minutesDocx({ meetingId }),
        'safeguarding-children-board-2026-12-23-minutes.docx',
      ],
    ] as const) {
      const response = await app.server.inject({
        method: 'GET',
        url,
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${name}"`)
    }
  })

  it('downloads the published pack as one PDF with a contents page, leaving out restricted papers for members not cleared', async () => {
    const meetingId = await schedule('2026-09-16')
    const pdfOf = async (pages: number, text: string) => {
      const doc = await PDFDocument.create()
      for (let i = 0; i < pages; i += 1) doc.addPage().drawText(text)
      return Buffer.from(await doc.save())
    }
    const open = await addItem(meetingId, 'Neglect strategy refresh')
    const restricted = await addItem(meetingId, 'Allegation against a named officer', true)
    const withdrawn = await addItem(meetingId, 'Old budget')
    const ctx = ctxOf(manager)
    for (const [itemId, title, pages] of [
      [open, 'Strategy draft', 1],
      [restricted, 'LADO briefing', 2],
      [withdrawn, 'Budget paper', 3],
    ] as const)
      await meetings.addPaper(app.services, ctx, meetingId, itemId, {
        title,
        upload: { filename: 'paper.pdf', kind: 'pdf', data: await pdfOf(pages, title) },
      })
    await agendaWithdraw(meetingId, withdrawn)
    const packUrl = governancePaths.myPack({ meetingId })
    const reader = await app.clientAs(boardMember)
    const download = async (client: TestClient) =>
      app.server.inject({
        method: 'GET',
        url: packUrl,
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      })
    // Not before publication, for members.
    expect((await download(reader)).statusCode).toBe(409)
    await meetings.publishPack(app.services, ctx, meetingId)

    const forReader = await download(reader)
    expect(forReader.statusCode).toBe(200)
    expect(forReader.headers['content-type']).toBe('application/pdf')
    expect(forReader.headers['content-disposition']).toBe(
      'attachment; filename="safeguarding-children-board-2026-09-16-pack.pdf"',
    )
    // Contents page + the open paper; not the restricted paper, not the withdrawn item's.
    expect((await PDFDocument.load(forReader.rawPayload)).getPageCount()).toBe(2)
    const manager_ = await app.clientAs(manager)
    const forClerk = await download(manager_)
    expect((await PDFDocument.load(forClerk.rawPayload)).getPageCount()).toBe(4)
    const page = await reader.get(governancePaths.myMeeting({ meetingId }))
    expect(page.$('[data-pack]').attr('href')).toBe(packUrl)
  })
})
