// The development outbox: mail that would have been sent, when no SMTP server is configured.
// Only administrators of the partnership the mail concerns can read it (it holds sign-in links).
import type { FastifyInstance } from 'fastify'
import { notFound } from '../errors.ts'
import { requestContext } from '../http/access-control.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'

export const OUTBOX_PERMISSION = 'platform.outbox.read'

export function outboxRoutes(app: FastifyInstance, services: Services): void {
  const access = { permission: OUTBOX_PERMISSION }

  app.get(platformPaths.outbox.pattern, { config: { access } }, async (request, reply) => {
    if (services.mail.mode !== 'outbox') throw notFound()
    const { scope } = requestContext(request)
    const messages = await services.db
      .selectFrom('outbox_message')
      .select(['id', 'created_at', 'to_address', 'subject'])
      .where('partnership_id', '=', scope.partnershipId)
      .orderBy('id', 'desc')
      .limit(200)
      .execute()
    return reply.render('mail/views/outbox.njk', { pageTitle: 'Development outbox', messages })
  })

  app.get(platformPaths.outboxMessage.pattern, { config: { access } }, async (request, reply) => {
    if (services.mail.mode !== 'outbox') throw notFound()
    const { scope } = requestContext(request)
    const id = Number((request.params as { messageId: string }).messageId)
    if (!Number.isSafeInteger(id)) throw notFound()
    const message = await services.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('partnership_id', '=', scope.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (message === undefined) throw notFound()
    return reply.render('mail/views/outbox-message.njk', { pageTitle: message.subject, message })
  })
}
