// Overdue escalation and the reminder digest, run as the jobs run them: both are idempotent, and the
// digest sends one email per person even when two runs race.
import { fromLegacyContext } from '../../platform/use-case.ts'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { testConfig } from '../../../test/support/config.ts'
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import { createMailer, retryDelayMs } from '../../platform/mail/mailer.ts'
import { raiseAction } from '../actions/index.ts'
import { tenantScope } from '../../platform/tenancy.ts'
import * as meetings from './meetings.ts'
import { escalateOverdueActions, sendDigests } from './reminders.ts'
import * as service from './service.ts'

describe('governance jobs', () => {
  let app: TestApp
  let clock: FakeClock
  let north: TestPartnership
  let police: string
  let manager: TestUser
  let owner: TestUser
  let other: TestUser
  let boardId: string
  let subGroupId: string

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
    clock = new FakeClock('2026-03-10T10:00:00Z')
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    owner = await createUser(db, north, {
      roles: ['agency_lead'],
      agencyId: police,
      email: 'oisin.oshea@example.org',
    })
    other = await createUser(db, north, { roles: ['practitioner'], email: 'amara@example.org' })
    const ctx = ctxOf(manager)
    const group = (name: string, kind: 'board' | 'sub_group', parentGroupId: string | null) =>
      service.createGroup(app.services, ctx, {
        name,
        shortName: null,
        kind,
        parentGroupId,
        purpose: null,
        quorumMinimum: null,
        quorumNeedsChair: false,
        quorumNeedsStatutoryPartners: false,
      })
    boardId = await group('Board', 'board', null)
    subGroupId = await group('Learning and Improvement Sub-group', 'sub_group', boardId)
    await meetings.scheduleMeetings(app.services, ctx, boardId, {
      date: '2026-03-20',
      startTime: '10:00',
      endTime: '12:00',
      location: null,
      repeat: 'monthly',
      occurrences: 2,
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('puts an overdue action on the parent group’s next meeting agenda, once', async () => {
    const ctx = { scope: north.scope, systemLabel: 'test' }
    const { id } = await raiseAction(fromLegacyContext(app.services, ctx, undefined), {
      source: { type: 'test_source', id: '00000000-0000-4000-8000-000000000001' },
      title: 'Refresh the escalation policy',
      ownerAgencyId: police,
      ownerUserId: owner.id,
      dueDate: '2026-03-01',
      raisedOn: '2026-02-01',
      raisedByGroupId: subGroupId,
    })
    await raiseAction(fromLegacyContext(app.services, ctx, undefined), {
      source: { type: 'test_source', id: '00000000-0000-4000-8000-000000000002' },
      title: 'Not yet due',
      ownerAgencyId: police,
      dueDate: '2026-06-01',
      raisedByGroupId: subGroupId,
    })
    const [first, second] = await Promise.all([
      escalateOverdueActions(app.services, north.scope),
      escalateOverdueActions(app.services, north.scope),
    ])
    expect(first + second).toBe(1)
    expect(await escalateOverdueActions(app.services, north.scope)).toBe(0)
    const items = await app.services.db
      .selectFrom('agenda_item as i')
      .innerJoin('meeting as m', 'm.id', 'i.meeting_id')
      .select(['i.title', 'm.starts_at', 'm.group_id', 'i.escalated_action_id'])
      .where('i.partnership_id', '=', north.id)
      .where('i.escalated_action_id', 'is not', null)
      .execute()
    expect(items).toHaveLength(1)
    expect(items[0]?.group_id).toBe(boardId)
    expect(items[0]?.starts_at.toISOString()).toBe('2026-03-20T10:00:00.000Z')
    expect(items[0]?.escalated_action_id).toBe(id)
    expect(items[0]?.title).toContain('Refresh the escalation policy')
    const history = await app.services.db
      .selectFrom('action_update')
      .select('kind')
      .where('action_id', '=', id)
      .execute()
    expect(history.map((h) => h.kind)).toContain('escalated')

    // Once that meeting has passed and the action is still overdue, it goes to the next one.
    clock.set(new Date('2026-03-21T10:00:00Z'))
    expect(await escalateOverdueActions(app.services, north.scope)).toBe(1)
    clock.set(new Date('2026-03-10T10:00:00Z'))
  })

  it('escalates and marks overdue at start-up as well as nightly, so a fresh demo shows escalations', () => {
    const atStart = app.jobs.filter((j) => j.catchUpOnStart === true).map((j) => j.name)
    expect(atStart).toEqual(
      expect.arrayContaining(['actions.mark-overdue', 'governance.escalate-overdue-actions']),
    )
    // The digest mails people: it must not go out again because the server restarted.
    expect(atStart).not.toContain('governance.reminder-digest')
  })

  it('sends one digest per person even when run twice at once', async () => {
    const ctx = ctxOf(manager)
    // A pack published for a meeting of a group the other user sits on.
    const personId = await service.createPerson(app.services, ctx, {
      fullName: 'Amara Okafor',
      email: 'amara@example.org',
      jobTitle: null,
      phone: null,
      agencyId: null,
      isNamedContact: false,
    })
    await service.addMember(app.services, ctx, boardId, {
      personId,
      role: 'lay_member',
      agencyId: null,
      clearedForRestricted: false,
      startedOn: '2026-01-01',
    })
    const [meetingId] = await meetings.scheduleMeetings(app.services, ctx, boardId, {
      date: '2026-03-25',
      startTime: '14:00',
      endTime: '15:00',
      location: null,
      repeat: 'none',
      occurrences: null,
    })
    await meetings.publishPack(app.services, ctx, meetingId ?? '')
    const before = await app.services.db.selectFrom('outbox_message').select('id').execute()

    const [a, b] = await Promise.all([
      sendDigests(app.services, north.scope),
      sendDigests(app.services, north.scope),
    ])
    expect(a + b).toBe(2)
    const digests = await app.services.db
      .selectFrom('outbox_message')
      .select(['to_address', 'text_body'])
      .where('subject', '=', 'Your actions and meeting papers')
      .where('id', 'not in', before.length === 0 ? [-1] : before.map((r) => r.id))
      .execute()
    expect(digests.map((d) => d.to_address).sort()).toEqual([
      'amara@example.org',
      'oisin.oshea@example.org',
    ])
    const ownerDigest = digests.find((d) => d.to_address === 'oisin.oshea@example.org')
    expect(ownerDigest?.text_body).toContain('Overdue actions:')
    expect(ownerDigest?.text_body).toContain('Refresh the escalation policy')
    expect(ownerDigest?.text_body).not.toContain('Not yet due')
    const amaraDigest = digests.find((d) => d.to_address === 'amara@example.org')
    expect(amaraDigest?.text_body).toContain('Meeting papers published')
    // A second run the same day sends nothing more.
    expect(await sendDigests(app.services, north.scope)).toBe(0)
    // Nobody with nothing to report gets one.
    expect(digests.some((d) => d.to_address === manager.email)).toBe(false)
    // The digest found Amara's meeting through the person record linked to her account.
    const linked = await app.services.db
      .selectFrom('person')
      .select('user_id')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow()
    expect(linked.user_id).toBe(other.id)
  })
  it('queues the digest with its claim; when the mail server is down it waits, and is delivered once when the server is back', async () => {
    // Two days on: the owner's action is still overdue; no pack was published in the last day.
    clock.set(new Date('2026-03-12T07:00:00Z'))
    // A mail server that has gone away: its port refuses connections.
    const gone = await startSmtpServer()
    const port = gone.port
    await gone.close()
    const mailer = createMailer({
      config: testConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) }),
      db: app.services.db,
      logger: pino({ level: 'silent' }),
      clock,
      secret: app.services.secret,
    })
    let back: TestSmtpServer | undefined
    try {
      const claims = async () =>
        (
          await app.services.db
            .selectFrom('reminder_digest')
            .select('user_id')
            .where('partnership_id', '=', north.id)
            .where('digest_date', '=', '2026-03-12')
            .execute()
        ).map((r) => r.user_id)
      const todays = async () =>
        app.services.db
          .selectFrom('outbox_message')
          .select(['to_address', 'status', 'attempts', 'last_error'])
          .where('subject', '=', 'Your actions and meeting papers')
          .where('text_body', 'like', '%Refresh the escalation policy%')
          .where('id', '>', before)
          .execute()

      // Mail from the earlier runs has gone (to the development outbox); only today's is new.
      await app.services.mail.deliver()
      const before = (
        await app.services.db
          .selectFrom('outbox_message')
          .select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.lit(0)).as('id'))
          .executeTakeFirstOrThrow()
      ).id
      // The claim and the mail commit together.
      expect(await sendDigests(app.services, north.scope)).toBe(1)
      expect(await claims()).toEqual([owner.id])
      expect(await todays()).toMatchObject([
        { to_address: 'oisin.oshea@example.org', status: 'queued', attempts: 0 },
      ])

      // The server is down: the digest stays queued, with the failure noted.
      await mailer.deliver()
      const waiting = await todays()
      expect(waiting).toMatchObject([{ status: 'queued', attempts: 1 }])
      expect(waiting[0]?.last_error).toMatch(/ECONNREFUSED|connect/i)
      // Another digest run the same day sends nothing more.
      expect(await sendDigests(app.services, north.scope)).toBe(0)
      expect(await todays()).toHaveLength(1)

      // The server comes back; once the retry is due the digest is delivered, exactly once.
      back = await startSmtpServer({ port })
      clock.advance(retryDelayMs(1))
      await mailer.deliver()
      await mailer.deliver()
      const received = back.messages.filter((m) => m.to === 'oisin.oshea@example.org')
      expect(received).toHaveLength(1)
      expect(received[0]?.text).toContain('Refresh the escalation policy')
      expect(await todays()).toMatchObject([{ status: 'sent', attempts: 2, last_error: null }])
      expect(await sendDigests(app.services, north.scope)).toBe(0)
    } finally {
      mailer.close()
      await back?.close()
      clock.set(new Date('2026-03-10T10:00:00Z'))
    }
  })
})
