// Mail through a real SMTP server on loopback, and the development outbox when there is none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { testConfig } from '../../../test/support/config.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.ts'
import { createMailer } from './mailer.ts'

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

describe('mail through SMTP', () => {
  let smtp: TestSmtpServer
  let app: TestApp
  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'assure', password: 'fictional-smtp-password' })
    app = await buildTestApp()
  })
  afterAll(async () => {
    await app.close()
    await smtp.close()
  })

  it('delivers to, subject, text, HTML and attachments, authenticating as configured', async () => {
    const config = testConfig({
      ...smtp.env(),
      MAIL_FROM: 'Northshire SCP <assure@northshire-scp.example>',
    })
    const mailer = createMailer(config, app.services.db, silent)
    expect(mailer.mode).toBe('smtp')
    try {
      await mailer.send({
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
      })
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
    // Nothing went to the outbox.
    const kept = await app.services.db.selectFrom('outbox_message').select('id').execute()
    expect(kept).toEqual([])
  })

  it('fails loudly when the server refuses the credentials', async () => {
    const config = testConfig({ ...smtp.env(), SMTP_PASSWORD: 'not-the-password' })
    const mailer = createMailer(config, app.services.db, silent)
    try {
      await expect(
        mailer.send({
          to: 'someone@northshire-scp.example',
          subject: 'Will not arrive',
          text: 'Refused.',
          partnershipId: null,
        }),
      ).rejects.toThrow(/Invalid user name or password|auth/i)
    } finally {
      mailer.close()
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
    await app.services.mail.send({
      to: 'aoife.kennedy@northshire-scp.example',
      subject: 'You have been invited to Assure',
      text: 'Follow this link to set your password.',
      partnershipId: north.id,
    })

    const admin = await createUser(app.services.db, north, { roles: ['partnership_admin'] })
    const client = await app.clientAs(admin)
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
})
