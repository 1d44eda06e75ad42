// Mail through the outbox: queued in the caller's transaction, delivered by the job through a real
// SMTP server on loopback, retried with backoff when the server fails, and kept in the development
// outbox when there is no server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { testConfig } from '../../../test/support/config.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.ts'
import { FakeClock } from '../clock.ts'
import { systemContext, transaction } from '../use-case.ts'
import {
  createMailer,
  delivery,
  queueMail,
  retryDelayMs,
  type Mailer,
  type OutgoingMail,
} from './mailer.ts'
import { claimNext, markDelivered } from './outbox-repository.ts'

const silent = pino({ level: 'silent' })

const invitation = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'SUMMARY:Northshire executive group',
  'DTSTART:20270114T100000Z',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n')

function mailerFor(app: TestApp, env: Record<string, string>, clock = app.services.clock): Mailer {
  return createMailer({
    config: testConfig(env),
    db: app.services.db,
    logger: silent,
    clock,
    secret: app.services.secret,
  })
}

async function queue(app: TestApp, mail: OutgoingMail): Promise<void> {
  await app.services.db.transaction().execute((trx) => app.services.mail.queue(trx, mail))
}

async function row(app: TestApp, subject: string) {
  return app.services.db
    .selectFrom('outbox_message')
    .selectAll()
    .where('subject', '=', subject)
    .executeTakeFirstOrThrow()
}

describe('mail through SMTP', () => {
  let smtp: TestSmtpServer
  let app: TestApp
  const clock = new FakeClock('2027-01-10T09:00:00Z')
  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'assure', password: 'fictional-smtp-password' })
    app = await buildTestApp({ clock })
  })
  afterAll(async () => {
    await app.close()
    await smtp.close()
  })

  it('delivers to, subject, text, HTML and attachments, authenticating as configured', async () => {
    const mailer = mailerFor(app, {
      ...smtp.env(),
      MAIL_FROM: 'Northshire SCP <assure@northshire-scp.example>',
    })
    expect(mailer.mode).toBe('smtp')
    try {
      await app.services.db.transaction().execute((trx) =>
        mailer.queue(trx, {
          to: 'zoe.adeyemi@northshire-scp.example',
          subject: 'Papers for the executive group – Zoë',
          text: 'The papers for Thursday’s meeting are ready.\nSee you there.',
          html: '<p>The papers for Thursday’s meeting are ready.</p>',
          attachments: [
            {
              filename: 'meeting.ics',
              contentType: 'text/calendar; charset=utf-8; method=REQUEST',
              content: invitation,
            },
          ],
          partnershipId: null,
        }),
      )
      // Queued, not sent, until the delivery job runs.
      expect(smtp.messages).toHaveLength(0)
      expect(await mailer.deliver()).toEqual({ sent: 1, kept: 0, retrying: 0, failed: 0 })
    } finally {
      mailer.close()
    }
    expect(smtp.messages).toHaveLength(1)
    const mail = smtp.messages[0]!
    expect(mail.authenticatedAs).toBe('assure')
    expect(mail.envelopeFrom).toBe('assure@northshire-scp.example')
    expect(mail.envelopeTo).toEqual(['zoe.adeyemi@northshire-scp.example'])
    expect(mail.from).toContain('assure@northshire-scp.example')
    expect(mail.to).toBe('zoe.adeyemi@northshire-scp.example')
    expect(mail.subject).toBe('Papers for the executive group – Zoë')
    expect(mail.text?.replace(/\r\n/g, '\n').trim()).toBe(
      'The papers for Thursday’s meeting are ready.\nSee you there.',
    )
    expect(mail.html).toContain('<p>The papers for Thursday’s meeting are ready.</p>')
    expect(mail.attachments).toHaveLength(1)
    const attachment = mail.attachments[0]!
    expect(attachment.filename).toBe('meeting.ics')
    expect(attachment.contentType).toMatch(/^text\/calendar/)
    expect(attachment.content.toString('utf8').replace(/\r\n/g, '\n')).toBe(
      invitation.replace(/\r\n/g, '\n'),
    )
    // Recorded as sent; nothing went to the development outbox.
    const stored = await row(app, 'Papers for the executive group – Zoë')
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, delivered_at: clock.now() })
    const kept = await app.services.db
      .selectFrom('outbox_message')
      .select('id')
      .where('status', '=', 'kept')
      .execute()
    expect(kept).toEqual([])
  })

  it('records a refused login with the server’s reason, retries with backoff, and delivers once fixed', async () => {
    const wrong = mailerFor(app, { ...smtp.env(), SMTP_PASSWORD: 'not-the-password' })
    const right = mailerFor(app, smtp.env())
    try {
      await queue(app, {
        to: 'someone@northshire-scp.example',
        subject: 'Refused at first',
        text: 'Refused.',
        partnershipId: null,
      })
      expect(await wrong.deliver()).toEqual({ sent: 0, kept: 0, retrying: 1, failed: 0 })
      const first = await row(app, 'Refused at first')
      expect(first).toMatchObject({ status: 'queued', attempts: 1, claim_token: null })
      expect(first.last_error).toMatch(/Invalid user name or password|auth/i)
      expect(first.next_attempt_at).toEqual(new Date(clock.now().getTime() + 60_000))
      // Not due yet: even a working server is not asked before the backoff has passed.
      expect(await right.deliver()).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 0 })
      expect(await wrong.deliver()).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 0 })
      clock.advance(60_000)
      expect(await wrong.deliver()).toEqual({ sent: 0, kept: 0, retrying: 1, failed: 0 })
      // The wait doubles.
      expect((await row(app, 'Refused at first')).next_attempt_at).toEqual(
        new Date(clock.now().getTime() + 120_000),
      )
      clock.advance(120_000)
      expect(await right.deliver()).toEqual({ sent: 1, kept: 0, retrying: 0, failed: 0 })
      expect(smtp.messages.filter((m) => m.subject === 'Refused at first')).toHaveLength(1)
      expect(await row(app, 'Refused at first')).toMatchObject({
        status: 'sent',
        attempts: 3,
        last_error: null,
      })
    } finally {
      wrong.close()
      right.close()
    }
  })

  it('waits 1, 2, 4 … minutes between attempts, never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ])
  })

  it('gives a message up after the last attempt, dropping any live link it held', async () => {
    const wrong = mailerFor(app, { ...smtp.env(), SMTP_PASSWORD: 'not-the-password' })
    try {
      await queue(app, {
        to: 'someone@northshire-scp.example',
        subject: 'Never arrives',
        text: 'Reset link: http://localhost:3000/sign-in/reset-password/fictional-token-123456',
        secrets: ['http://localhost:3000/sign-in/reset-password/fictional-token-123456'],
        partnershipId: null,
      })
      await app.services.db
        .updateTable('outbox_message')
        .set({ attempts: delivery.maxAttempts - 1 })
        .where('subject', '=', 'Never arrives')
        .execute()
      expect(await wrong.deliver()).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 1 })
      expect(await row(app, 'Never arrives')).toMatchObject({
        status: 'failed',
        attempts: delivery.maxAttempts,
        sealed_body: null,
      })
      clock.advance(delivery.maxRetryMs)
      expect(await wrong.deliver()).toEqual({ sent: 0, kept: 0, retrying: 0, failed: 0 })
    } finally {
      wrong.close()
    }
  })

  it('has no outbox page when an SMTP server is configured', async () => {
    const withSmtp = await buildTestApp({ env: smtp.env() })
    try {
      const partnership = await createPartnership(withSmtp.services.db)
      const admin = await createUser(withSmtp.services.db, partnership, {
        roles: ['partnership_admin'],
      })
      expect((await (await withSmtp.clientAs(admin)).get('/dev/outbox')).status).toBe(404)
    } finally {
      await withSmtp.close()
    }
  })
})

describe('the outbox is written in the caller’s transaction', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(async () => {
    await app.close()
  })

  it('keeps no message from a transaction that rolls back, and refuses to queue outside one', async () => {
    await expect(
      app.services.db.transaction().execute(async (trx) => {
        await app.services.mail.queue(trx, {
          to: 'niamh@example.org',
          subject: 'Rolled back',
          text: 'This change failed.',
          partnershipId: null,
        })
        throw new Error('the change failed after the mail was queued')
      }),
    ).rejects.toThrow('the change failed')
    const rows = await app.services.db
      .selectFrom('outbox_message')
      .select('id')
      .where('subject', '=', 'Rolled back')
      .execute()
    expect(rows).toEqual([])
    await expect(
      app.services.mail.queue(app.services.db, {
        to: 'niamh@example.org',
        subject: 'No transaction',
        text: 'Refused.',
        partnershipId: null,
      }),
    ).rejects.toThrow(/inside the transaction/)
  })
})

describe('queueMail in a use case', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(async () => {
    await app.close()
  })

  it('queues in the use case’s transaction, and goes when the use case fails', async () => {
    const north = await createPartnership(app.services.db)
    const ctx = systemContext(app.services, north.scope, 'Course booking reminder')
    await transaction(ctx, (tx) =>
      queueMail(tx, {
        to: 'amara@example.org',
        subject: 'Your course starts tomorrow',
        text: 'Fictional.',
        partnershipId: north.id,
      }),
    )
    await expect(
      transaction(ctx, async (tx) => {
        await queueMail(tx, {
          to: 'amara@example.org',
          subject: 'Booking that failed',
          text: 'Fictional.',
          partnershipId: north.id,
        })
        throw new Error('the booking was refused')
      }),
    ).rejects.toThrow('refused')
    const rows = await app.services.db
      .selectFrom('outbox_message')
      .select(['subject', 'status', 'partnership_id'])
      .where('to_address', '=', 'amara@example.org')
      .execute()
    expect(rows).toEqual([
      { subject: 'Your course starts tomorrow', status: 'queued', partnership_id: north.id },
    ])
    // Outside a transaction the context's database is refused.
    await expect(
      queueMail(ctx, { to: 'amara@example.org', subject: 'x', text: 'x', partnershipId: null }),
    ).rejects.toThrow(/inside the transaction/)
  })
})

describe('the development outbox (no SMTP server)', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(async () => {
    await app.close()
  })

  it('keeps mail and shows it to administrators of the partnership it concerns, and no one else', async () => {
    expect(app.services.mail.mode).toBe('outbox')
    const north = await createPartnership(app.services.db)
    const south = await createPartnership(app.services.db)
    await queue(app, {
      to: 'aoife.kennedy@northshire-scp.example',
      subject: 'You have been invited to Assure',
      text: 'Follow this link to set your password.',
      partnershipId: north.id,
    })

    const admin = await createUser(app.services.db, north, { roles: ['partnership_admin'] })
    const client = await app.clientAs(admin)
    // Queued, not yet delivered: not in the outbox until the delivery job has run.
    const before = await client.get('/dev/outbox')
    expect(before.$('a:contains("You have been invited to Assure")').length).toBe(0)
    expect(await app.services.mail.deliver()).toEqual({ sent: 0, kept: 1, retrying: 0, failed: 0 })

    const list = await client.get('/dev/outbox')
    expect(list.status).toBe(200)
    expect(list.$('h1').text()).toBe('Development outbox')
    const link = list.$('a:contains("You have been invited to Assure")')
    expect(link.length).toBe(1)
    expect(list.$('td:contains("aoife.kennedy@northshire-scp.example")').length).toBe(1)
    const messageUrl = link.attr('href')!
    const message = await client.get(messageUrl)
    expect(message.status).toBe(200)
    expect(message.$('h1').text()).toBe('You have been invited to Assure')
    expect(message.$('pre').text()).toBe('Follow this link to set your password.')

    // Another partnership's administrator sees neither the list entry nor the message.
    const southAdmin = await createUser(app.services.db, south, { roles: ['partnership_admin'] })
    const southClient = await app.clientAs(southAdmin)
    expect((await southClient.get('/dev/outbox')).$('a:contains("invited")').length).toBe(0)
    expect((await southClient.get(messageUrl)).status).toBe(404)
    // Someone who is not an administrator may not read it at all.
    const boardMember = await createUser(app.services.db, north, { roles: ['board_member'] })
    expect((await (await app.clientAs(boardMember)).get('/dev/outbox')).status).toBe(403)
    expect((await (await app.clientAs(boardMember)).get(messageUrl)).status).toBe(403)
    expect((await client.get('/dev/outbox/999999999')).status).toBe(404)
  })

  it('never stores or shows a live link readable: it is masked, and sealed only until delivery', async () => {
    const north = await createPartnership(app.services.db)
    const link = 'http://localhost:3000/invitation/Zm9yLWEtZmljdGlvbmFsLWludml0YXRpb24'
    await queue(app, {
      to: 'lukasz@example.org',
      subject: 'Invitation for Łukasz',
      text: `Dear Łukasz,\n\nOpen this link:\n\n${link}\n\nIt works once.`,
      html: `<p><a href="${link}">Set your password</a></p>`,
      secrets: [link],
      partnershipId: north.id,
    })
    const queued = await row(app, 'Invitation for Łukasz')
    expect(queued.text_body).not.toContain('Zm9yLWEtZmljdGlvbmFsLWludml0YXRpb24')
    expect(queued.html_body).not.toContain('Zm9yLWEtZmljdGlvbmFsLWludml0YXRpb24')
    expect(queued.text_body).toContain('[link removed: it works only from the email itself]')
    expect(queued.sealed_body).not.toBeNull()
    expect(queued.sealed_body).not.toContain('Zm9yLWEtZmljdGlvbmFsLWludml0YXRpb24')

    await app.services.mail.deliver()
    const kept = await row(app, 'Invitation for Łukasz')
    expect(kept.status).toBe('kept')
    expect(kept.sealed_body).toBeNull()
    const admin = await createUser(app.services.db, north, { roles: ['partnership_admin'] })
    const client = await app.clientAs(admin)
    const page = await client.get(`/dev/outbox/${kept.id}`)
    expect(page.status).toBe(200)
    expect(page.body).not.toContain('Zm9yLWEtZmljdGlvbmFsLWludml0YXRpb24')
    expect(page.$('pre').text()).toContain('[link removed: it works only from the email itself]')

    // A secret may only be in the body.
    await expect(
      queue(app, {
        to: 'lukasz@example.org',
        subject: `Your link ${link}`,
        text: link,
        secrets: [link],
        partnershipId: north.id,
      }),
    ).rejects.toThrow(/only in the body/)
  })
})

describe('delivery exactly once', () => {
  let app: TestApp
  let smtp: TestSmtpServer
  const clock = new FakeClock('2027-02-01T08:00:00Z')
  beforeAll(async () => {
    // Each message takes a moment to accept, so two workers are sending at the same time.
    smtp = await startSmtpServer({ delayMs: 15 })
    app = await buildTestApp({ clock })
  })
  afterAll(async () => {
    await app.close()
    await smtp.close()
  })

  it('delivers each message once when two workers run at the same time', async () => {
    const subjects = Array.from({ length: 24 }, (_, i) => `Digest ${i + 1} for O’Brien`)
    await app.services.db.transaction().execute(async (trx) => {
      for (const subject of subjects)
        await app.services.mail.queue(trx, {
          to: 'obrien@example.org',
          subject,
          text: 'Fictional digest.',
          partnershipId: null,
        })
    })
    const one = mailerFor(app, smtp.env())
    const two = mailerFor(app, smtp.env())
    try {
      const [a, b] = await Promise.all([one.deliver(), two.deliver()])
      expect(a.sent + b.sent).toBe(subjects.length)
      // Both really worked: neither found the queue empty.
      expect(a.sent).toBeGreaterThan(0)
      expect(b.sent).toBeGreaterThan(0)
      expect(smtp.messages.map((m) => m.subject).sort()).toEqual([...subjects].sort())
      // Nothing left for a third run.
      expect((await one.deliver()).sent).toBe(0)
      expect(smtp.messages).toHaveLength(subjects.length)
    } finally {
      one.close()
      two.close()
    }
  })

  it('lets the claim of a worker that died mid-send expire, then another delivers the message once', async () => {
    await queue(app, {
      to: 'zoe@example.org',
      subject: 'Claimed by a worker that died',
      text: 'Fictional.',
      partnershipId: null,
    })
    // A worker claims the message, then its process dies before it sends or records anything.
    const now = clock.now()
    const dead = await claimNext(app.services.db, {
      now,
      until: new Date(now.getTime() + delivery.claimMs),
      token: 'worker-that-died',
    })
    expect(dead?.subject).toBe('Claimed by a worker that died')
    const survivor = mailerFor(app, smtp.env())
    try {
      // While the claim holds, nobody else takes the message.
      expect((await survivor.deliver()).sent).toBe(0)
      clock.advance(delivery.claimMs - 1000)
      expect((await survivor.deliver()).sent).toBe(0)
      // Once it has expired, the message is delivered, once.
      clock.advance(1000)
      expect((await survivor.deliver()).sent).toBe(1)
      expect((await survivor.deliver()).sent).toBe(0)
      expect(
        smtp.messages.filter((m) => m.subject === 'Claimed by a worker that died'),
      ).toHaveLength(1)
      // Had the first worker come back, its claim is gone: it cannot record a delivery.
      expect(
        await markDelivered(app.services.db, dead!.id, 'worker-that-died', {
          status: 'sent',
          at: clock.now(),
        }),
      ).toBe(false)
    } finally {
      survivor.close()
    }
  })
})
