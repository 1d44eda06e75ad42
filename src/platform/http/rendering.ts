// reply.render(template, context): a page in the GOV.UK template, with what every page needs
// (who is signed in, navigation they may use, the CSRF token, the CSP nonce) added here once.
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Policy } from '../access/policy.ts'
import type { NavigationEntry } from '../module.ts'
import type { ViewEngine } from './views.ts'

declare module 'fastify' {
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply
  }
}

export const SERVICE_NAME = 'Assure'

export function setUpRendering(
  app: FastifyInstance,
  options: { views: ViewEngine; navigation: readonly NavigationEntry[]; policy: Policy },
): void {
  app.decorateReply(
    'render',
    function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const request = this.request
      const actor = request.actor
      const currentPath = request.url.split('?')[0] ?? '/'
      const navigation =
        actor === undefined
          ? []
          : options.navigation
              .filter((entry) => options.policy.can(actor, entry.permission))
              .map((entry) => ({
                href: entry.href,
                text: entry.text,
                active:
                  currentPath === entry.href || currentPath.startsWith(`${entry.activePrefix}/`),
              }))
      const html = options.views.render(template, {
        serviceName: SERVICE_NAME,
        organisationName: request.partnership?.name ?? SERVICE_NAME,
        actor,
        partnership: request.partnership,
        navigation,
        csrfToken: request.csrfToken(),
        cspNonce: this.cspNonce.script,
        currentPath,
        can: (permission: string) => actor !== undefined && options.policy.can(actor, permission),
        ...context,
      })
      return this.type('text/html; charset=utf-8').send(html)
    },
  )
}
