// Outgoing mail, through an outbox (docs/decisions/0013-mail-outbox.md). A use case queues its
// mail in the transaction of the change that causes it: the change and its mail are kept or lost
// together, and a mail server that is down never turns a saved change into an error page. The
// delivery job (delivery-job.ts) then sends each queued message through SMTP, retrying with
// backoff, or, with no SMTP server configured, keeps it in the development outbox (/dev/outbox).
//
// A message may name secrets (a password-reset or invitation link). They are stored encrypted, for
// the SMTP delivery only; everything readable, the development outbox included, shows them masked.
import { randomUUID } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Tables } from '../../schema.ts'
import type { Clock } from '../clock.ts'
import type { Config } from '../config.ts'
import { decrypt, deriveKey, encrypt } from '../identity/crypto.ts'
import type { JobQueue } from '../jobs/queue.ts'
import type { Services } from '../services.ts'
import * as outbox from './outbox-repository.ts'

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
  /**
   * Parts of the text that must never be shown anywhere but in the email itself: a live
   * password-reset or invitation link. The development outbox shows them masked.
   */
  readonly secrets?: readonly string[]
}

export interface DeliveryReport {
  readonly sent: number
  /** Kept in the development outbox (no SMTP server). */
  readonly kept: number
  readonly retrying: number
  readonly failed: number
}

export interface Mailer {
  readonly mode: 'smtp' | 'outbox'
  /**
   * Queues a message in the caller's transaction. It is delivered by the delivery job once the
   * transaction commits, and never if it rolls back.
   */
  queue(trx: Kysely<Tables>, mail: OutgoingMail): Promise<void>
  /** Delivers the messages that are due, one claim at a time (the delivery job's work). */
  deliver(options?: { readonly limit?: number }): Promise<DeliveryReport>
  close(): void
}

export const MAIL_DELIVERY_JOB = 'platform.mail-delivery'

/** Shown in place of a secret in everything but the email itself. */
export const MASKED_SECRET = '[link removed: it works only from the email itself]'

export const delivery = {
  /** How long a worker holds a claim; a worker that dies mid-send loses it after this. */
  claimMs: 10 * 60_000,
  /** Attempts before a message is given up (about a day and a half of retries). */
  maxAttempts: 40,
  firstRetryMs: 60_000,
  maxRetryMs: 60 * 60_000,
  /** Sent mail is deleted this long after it was sent. */
  keepSentMs: 30 * 24 * 60 * 60_000,
  /** Timeouts for one SMTP conversation: far inside the claim. */
  smtpTimeoutMs: 60_000,
} as const

/** The wait before attempt n + 1 after n failed attempts: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(delivery.firstRetryMs * 2 ** Math.max(0, failedAttempts - 1), delivery.maxRetryMs)
}

/** Queues mail in the use case's transaction: `await queueMail(tx, { to, subject, … })`. */
export async function queueMail(
  ctx: { readonly services: Pick<Services, 'mail'>; readonly db: Kysely<Tables> },
  mail: OutgoingMail,
): Promise<void> {
  await ctx.services.mail.queue(ctx.db, mail)
}

export interface MailerOptions {
  readonly config: Config
  readonly db: Kysely<Tables>
  readonly logger: FastifyBaseLogger
  readonly clock: Clock
  /** The session secret: a key derived from it seals live links while they wait. */
  readonly secret: string
  /** When given and started, a committed message starts the delivery job at once. */
  readonly jobs?: JobQueue
}

interface Transport {
  readonly delivered: 'sent' | 'kept'
  send(mail: Omit<OutgoingMail, 'secrets' | 'partnershipId'>): Promise<void>
  close(): void
}

export function createMailer(options: MailerOptions): Mailer {
  const { config, db, logger, clock, jobs } = options
  const key = deriveKey(options.secret, 'mail-outbox')
  const transport = createTransport(config)
  if (transport.delivered === 'kept' && config.env === 'production') {
    logger.warn('no SMTP server is configured (ALLOW_NO_SMTP): email is not sent')
  }
  // One delivery job per transaction is enough however many messages it queues.
  const kicked = new WeakSet<object>()

  async function queue(trx: Kysely<Tables>, mail: OutgoingMail): Promise<void> {
    if (!trx.isTransaction) {
      throw new Error('Mail is queued inside the transaction of the change that causes it')
    }
    const secrets = (mail.secrets ?? []).filter((s) => s.length > 0)
    const attachments = mail.attachments ?? []
    if (
      secrets.some(
        (s) => mail.subject.includes(s) || attachments.some((a) => a.content.includes(s)),
      )
    ) {
      throw new Error('A secret may appear only in the body of a message')
    }
    const mask = (value: string) => secrets.reduce((t, s) => t.split(s).join(MASKED_SECRET), value)
    const carriesSecret = secrets.some((s) => mail.text.includes(s) || mail.html?.includes(s))
    await outbox.insertMessage(trx, {
      partnershipId: mail.partnershipId,
      to: mail.to,
      subject: mail.subject,
      text: mask(mail.text),
      html: mail.html === undefined ? null : mask(mail.html),
      attachments: attachments.length === 0 ? null : JSON.stringify(attachments),
      sealedBody: carriesSecret
        ? encrypt(key, JSON.stringify({ text: mail.text, html: mail.html ?? null }))
        : null,
      dueAt: clock.now(),
    })
    if (jobs?.started === true && !kicked.has(trx)) {
      kicked.add(trx)
      // Written in the same transaction: the job exists exactly when the message does.
      await jobs.send(MAIL_DELIVERY_JOB, { kick: true }, { transaction: trx })
    }
  }

  function readable(row: outbox.OutboxRow): Omit<OutgoingMail, 'secrets' | 'partnershipId'> {
    const body =
      row.sealed_body === null
        ? { text: row.text_body, html: row.html_body }
        : (JSON.parse(decrypt(key, row.sealed_body)) as { text: string; html: string | null })
    return {
      to: row.to_address,
      subject: row.subject,
      text: body.text,
      ...(body.html === null ? {} : { html: body.html }),
      attachments: Array.isArray(row.attachments) ? (row.attachments as MailAttachment[]) : [],
    }
  }

  async function deliver(
    deliverOptions: { readonly limit?: number } = {},
  ): Promise<DeliveryReport> {
    const report = { sent: 0, kept: 0, retrying: 0, failed: 0 }
    for (let n = 0; n < (deliverOptions.limit ?? 500); n++) {
      const now = clock.now()
      const token = randomUUID()
      const row = await outbox.claimNext(db, {
        now,
        until: new Date(now.getTime() + delivery.claimMs),
        token,
      })
      if (row === undefined) break
      try {
        await transport.send(readable(row))
      } catch (error) {
        const giveUp = row.attempts >= delivery.maxAttempts
        const message = error instanceof Error ? error.message : String(error)
        await outbox.markAttemptFailed(db, row.id, token, {
          error: message,
          retryAt: giveUp ? null : new Date(clock.now().getTime() + retryDelayMs(row.attempts)),
        })
        // The server's reason is kept in the table; it can name the recipient, so the log
        // line carries only its codes.
        const why = { outboxId: row.id, attempts: row.attempts, ...errorCodes(error) }
        if (giveUp) {
          report.failed += 1
          logger.error(why, 'mail given up')
        } else {
          report.retrying += 1
          logger.warn(why, 'mail not delivered; it will be tried again')
        }
        continue
      }
      const recorded = await outbox.markDelivered(db, row.id, token, {
        status: transport.delivered,
        at: clock.now(),
      })
      if (!recorded) {
        logger.warn({ outboxId: row.id }, 'mail delivered after its claim expired')
      }
      report[transport.delivered] += 1
      logger.info(
        { outboxId: row.id },
        transport.delivered === 'sent' ? 'mail sent' : 'mail kept in the development outbox',
      )
    }
    if (report.sent > 0) {
      await outbox.deleteSentBefore(db, new Date(clock.now().getTime() - delivery.keepSentMs))
    }
    return report
  }

  return {
    mode: transport.delivered === 'sent' ? 'smtp' : 'outbox',
    queue,
    deliver,
    close: () => {
      transport.close()
    },
  }
}

function errorCodes(error: unknown): { code?: string; responseCode?: number } {
  if (typeof error !== 'object' || error === null) return {}
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown }
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
  }
}

function createTransport(config: Config): Transport {
  const smtp = config.mail.smtp
  if (smtp === undefined) {
    return { delivered: 'kept', send: async () => {}, close() {} }
  }
  const transporter: Transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    connectionTimeout: delivery.smtpTimeoutMs,
    greetingTimeout: delivery.smtpTimeoutMs,
    socketTimeout: delivery.smtpTimeoutMs,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
  })
  return {
    delivered: 'sent',
    async send(mail) {
      await transporter.sendMail({
        from: config.mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html === undefined ? {} : { html: mail.html }),
        ...(mail.attachments === undefined || mail.attachments.length === 0
          ? {}
          : {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
            }),
      })
    },
    close() {
      transporter.close()
    },
  }
}
