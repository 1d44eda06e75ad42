// Mail and the change that causes it, end to end: an invitation made while the mail server is
// down is kept and the administrator sees success; the delivery job sends it when the server is
// back, once, and its link works. With job workers running, a committed message is delivered at
// once, without waiting for the schedule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAIL_DELIVERY_JOB, retryDelayMs } from '../../src/platform/mail/mailer.ts'
import { FakeClock } from '../../src/platform/clock.ts'
import { adminPaths } from '../../src/modules/admin/paths.ts'
import { buildTestApp, type TestApp } from '../support/app.ts'
import { createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts'

describe('an invitation while the mail server is down', () => {
  let app: TestApp
  let admin: TestUser
  let port: number
  let back: TestSmtpServer | undefined
  const clock = new FakeClock('2027-03-01T09:00:00Z')

  beforeAll(async () => {
    const gone = await startSmtpServer()
    port = gone.port
    await gone.close()
    app = await buildTestApp({ clock, env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) } })
    const north = await createPartnership(app.services.db)
    admin = await createUser(app.services.db, north, {
      roles: ['partnership_admin'],
      displayName: "Siobhán O'Brien",
    })
  })
  afterAll(async () => {
    await app.close()
    await back?.close()
  })

  const runDeliveryJob = async () => {
    const job = app.jobs.find((j) => j.name === MAIL_DELIVERY_JOB)
    if (job === undefined) throw new Error('no mail delivery job')
    await job.handler({})
  }

  it('keeps the change, shows success, and delivers the invitation once the server is back', async () => {
    const client = await app.clientAs(admin)
    const page = await client.submit(adminPaths.invite(), {
      displayName: 'Łukasz Wiśniewski',
      email: 'lukasz.w@northshire-police.example',
      roles: ['practitioner'],
    })
    expect(page.status).toBe(303)
    const next = await client.get(page.location ?? '')
    expect(next.status).toBe(200)
    expect(next.$('.govuk-error-summary').length).toBe(0)
    const user = await app.services.db
      .selectFrom('app_user')
      .select(['id', 'status'])
      .where('email', '=', 'lukasz.w@northshire-police.example')
      .executeTakeFirstOrThrow()
    expect(user.status).toBe('invited')

    // The job runs while the server is still down: the invitation waits.
    await runDeliveryJob()
    const waiting = await app.services.db
      .selectFrom('outbox_message')
      .select(['status', 'attempts'])
      .where('to_address', '=', 'lukasz.w@northshire-police.example')
      .execute()
    expect(waiting).toEqual([{ status: 'queued', attempts: 1 }])

    // The server comes back where it was; the retry falls due and the job delivers it, once.
    back = await startSmtpServer({ port })
    clock.advance(retryDelayMs(1))
    await runDeliveryJob()
    await runDeliveryJob()
    expect(back.messages.map((m) => m.to)).toEqual(['lukasz.w@northshire-police.example'])
    const link = /http:\/\/localhost:3000(\/invitation\/\S+)/.exec(back.messages[0]?.text ?? '')
    expect(link).not.toBeNull()
    expect((await app.client().get(link?.[1] ?? '')).status).toBe(200)
    const delivered = await app.services.db
      .selectFrom('outbox_message')
      .select(['status', 'attempts', 'sealed_body'])
      .where('to_address', '=', 'lukasz.w@northshire-police.example')
      .execute()
    expect(delivered).toEqual([{ status: 'sent', attempts: 2, sealed_body: null }])
  })
})

describe('with job workers running', { timeout: 60_000 }, () => {
  let app: TestApp
  let smtp: TestSmtpServer

  beforeAll(async () => {
    smtp = await startSmtpServer()
    app = await buildTestApp({ env: smtp.env() })
    await app.services.jobs.start(app.jobs)
  })
  afterAll(async () => {
    await app.close()
    await smtp.close()
  })

  it('delivers a message as soon as its transaction commits, and never one rolled back', async () => {
    await expect(
      app.services.db.transaction().execute(async (trx) => {
        await app.services.mail.queue(trx, {
          to: 'zoe@example.org',
          subject: 'Rolled back with its change',
          text: 'Fictional.',
          partnershipId: null,
        })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    await app.services.db.transaction().execute(async (trx) => {
      for (const name of ['Aoife', 'Zoë'])
        await app.services.mail.queue(trx, {
          to: 'zoe@example.org',
          subject: `Committed for ${name}`,
          text: 'Fictional.',
          partnershipId: null,
        })
    })
    // One job for the transaction however many messages it queued; none for the rolled-back one.
    const { rows } = await app.services.database.executeSql(
      'select count(*)::int as n from pgboss.job where name = $1 and data @> $2::jsonb',
      [MAIL_DELIVERY_JOB, JSON.stringify({ kick: true })],
    )
    expect(Number(rows[0]?.n)).toBe(1)
    const deadline = Date.now() + 30_000
    while (smtp.messages.length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200))
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual([
      'Committed for Aoife',
      'Committed for Zoë',
    ])
  })
})
