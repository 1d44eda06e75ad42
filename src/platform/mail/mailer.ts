// Outgoing mail. With an SMTP server configured, mail goes through it (nodemailer); without one,
// it is kept in the development outbox (a table, listed at /dev/outbox) so a demo or a developer can
// follow invitation and reset links. Send only after the transaction that caused the mail commits.
import nodemailer, { type Transporter } from 'nodemailer'
import type { Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import type { Tables } from '../../schema.ts'

export interface MailAttachment {
  readonly filename: string
  /** e.g. 'text/calendar; charset=utf-8; method=REQUEST' for a calendar invitation. */
  readonly contentType: string
  readonly content: string
}

export interface OutgoingMail {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string
  readonly attachments?: readonly MailAttachment[]
  /** The partnership the mail is about, so its administrators can see it in the outbox. */
  readonly partnershipId: string | null
}

export interface Mailer {
  readonly mode: 'smtp' | 'outbox'
  send(mail: OutgoingMail): Promise<void>
  close(): void
}

export function createMailer(
  config: Config,
  db: Kysely<Tables>,
  logger: FastifyBaseLogger,
): Mailer {
  const smtp = config.mail.smtp
  if (smtp === undefined) {
    return {
      mode: 'outbox',
      async send(mail) {
        await db
          .insertInto('outbox_message')
          .values({
            partnership_id: mail.partnershipId,
            to_address: mail.to,
            subject: mail.subject,
            text_body: mail.text,
            html_body: mail.html ?? null,
            attachments:
              mail.attachments === undefined || mail.attachments.length === 0
                ? null
                : JSON.stringify(mail.attachments),
          })
          .execute()
        logger.info({ subject: mail.subject }, 'mail kept in the development outbox')
      },
      close() {},
    }
  }
  const transporter: Transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
  })
  return {
    mode: 'smtp',
    async send(mail) {
      await transporter.sendMail({
        from: config.mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html === undefined ? {} : { html: mail.html }),
        ...(mail.attachments === undefined
          ? {}
          : {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
            }),
      })
      logger.info({ subject: mail.subject }, 'mail sent')
    },
    close() {
      transporter.close()
    },
  }
}
