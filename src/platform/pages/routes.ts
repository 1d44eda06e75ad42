// The shell's own pages: home (what needs my attention, and where I can go), the accessibility
// statement and the privacy notice.
import type { FastifyInstance } from 'fastify'
import type { AppModule } from '../module.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { requestContext } from '../http/access-control.ts'
import { deadlineAttention } from '../deadlines/register.ts'
import { personContext } from '../use-case.ts'
import { presentHome } from './home-presenter.ts'

export function pageRoutes(
  app: FastifyInstance,
  services: Services,
  modules: readonly AppModule[],
): void {
  app.get(
    platformPaths.home.pattern,
    { config: { access: 'signedIn' } },
    async (request, reply) => {
      const { actor } = requestContext(request)
      // Deadlines come from the register (every module's clocks); modules add what is not a clock.
      const attention = [
        ...(await deadlineAttention(personContext(services, request))),
        ...(
          await Promise.all(
            modules.map(async (m) =>
              m.attention === undefined ? [] : m.attention(actor, services),
            ),
          )
        ).flat(),
      ]
      const entries = modules
        .flatMap((m) => m.navigation ?? [])
        .filter((entry) => services.policy.can(actor, entry.permission))
      return reply.render('pages/views/home.njk', {
        pageTitle: 'Home',
        home: presentHome(actor, request.partnership?.name ?? '', attention, entries),
      })
    },
  )

  app.get(
    platformPaths.accessibility.pattern,
    { config: { access: 'public' } },
    async (_request, reply) =>
      reply.render('pages/views/accessibility.njk', { pageTitle: 'Accessibility statement' }),
  )

  app.get(
    platformPaths.privacy.pattern,
    { config: { access: 'public' } },
    async (_request, reply) =>
      reply.render('pages/views/privacy.njk', { pageTitle: 'Privacy notice' }),
  )
}
