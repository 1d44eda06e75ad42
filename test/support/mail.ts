// Mail as a person receives it: the app's queued mail delivered through a real SMTP server on
// loopback, as production delivers it. The development outbox masks live links, so a test that
// follows an invitation or reset link takes it from here.
import pino from 'pino'
import type { App } from '../../src/app.ts'
import { createMailer } from '../../src/platform/mail/mailer.ts'
import { testConfig } from './config.ts'
import { startSmtpServer, type ReceivedMail } from './smtp.ts'

export async function deliverThroughSmtp(app: App): Promise<ReceivedMail[]> {
  const smtp = await startSmtpServer()
  const mailer = createMailer({
    config: testConfig(smtp.env()),
    db: app.services.db,
    logger: pino({ level: 'silent' }),
    clock: app.services.clock,
    secret: app.services.secret,
  })
  try {
    await mailer.deliver()
  } finally {
    mailer.close()
    await smtp.close()
  }
  return smtp.messages
}
