// /healthz: the process is up. /readyz: the database answers and its schema is current, so a load
// balancer sends traffic only to processes that can serve it.
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Services } from '../services.ts'
import { pendingMigrations, type NamedMigrations } from '../db/migrations.ts'
import { platformPaths } from '../paths.ts'

export function healthRoutes(
  app: FastifyInstance,
  services: Services,
  migrations: NamedMigrations,
): void {
  app.get(
    platformPaths.healthz.pattern,
    {
      config: { access: 'public' },
      schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    platformPaths.readyz.pattern,
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      let database: 'ok' | 'unreachable' = 'ok'
      let pending: string[] = []
      try {
        await sql`select 1`.execute(services.db)
        pending = await pendingMigrations(services.db, migrations)
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed')
        database = 'unreachable'
      }
      const ready = database === 'ok' && pending.length === 0
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not ready',
        checks: {
          database,
          migrations:
            database === 'ok'
              ? pending.length === 0
                ? 'current'
                : `${pending.length} pending`
              : 'unknown',
        },
      })
    },
  )
}
