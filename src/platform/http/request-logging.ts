// Request ids and request logs. One line per request: method, route pattern, path (no query
// string, which could hold a name someone searched for), status and time. No headers, no bodies,
// no user identifiers: the audit trail, not the log, records who did what.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { IncomingMessage } from 'node:http'

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/

export function requestIdGenerator(trustIncoming: boolean): (request: IncomingMessage) => string {
  return (request) => {
    const incoming = request.headers['x-request-id']
    if (trustIncoming && typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming))
      return incoming
    return randomUUID()
  }
}

export function setUpRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request: FastifyRequest, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    )
  })
}
