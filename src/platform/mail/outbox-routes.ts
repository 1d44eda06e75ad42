// The development outbox: mail that would have been sent, when no SMTP server is configured.
// Only administrators of the partnership the mail concerns can read it. It never shows a live
// link (the mailer masks them before anything is stored readable), and it does not exist in
// production, even when ALLOW_NO_SMTP lets production run without a mail server.
import type { FastifyInstance } from 'fastify'
import { notFound } from '../errors.ts'
import { requestContext } from '../http/access-control.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { findKept, listKept } from './outbox-repository.ts'

export const OUTBOX_PERMISSION = 'platform.outbox.read'

export function outboxRoutes(app: FastifyInstance, services: Services): void {
  if (services.config.env === 'production') return
  const access = { permission: OUTBOX_PERMISSION }

  app.get(platformPaths.outbox.pattern, { config: { access } }, async (request, reply) => {
    if (services.mail.mode !== 'outbox') throw notFound()
    const { scope } = requestContext(request)
    const messages = await listKept(services.db, scope.partnershipId)
    return reply.render('mail/views/outbox.njk', { pageTitle: 'Development outbox', messages })
  })

  app.get(platformPaths.outboxMessage.pattern, { config: { access } }, async (request, reply) => {
    if (services.mail.mode !== 'outbox') throw notFound()
    const { scope } = requestContext(request)
    const id = Number((request.params as { messageId: string }).messageId)
    if (!Number.isSafeInteger(id)) throw notFound()
    const message = await findKept(services.db, scope.partnershipId, id)
    if (message === undefined) throw notFound()
    return reply.render('mail/views/outbox-message.njk', { pageTitle: message.subject, message })
  })
}
