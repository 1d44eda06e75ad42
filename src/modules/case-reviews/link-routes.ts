// An agency contact without an account answers a rapid review information request through a
// secure link (no sign-in): see the return, add chronology entries, submit it. The token is the
// path parameter `token` (the request log redacts it by name); the page sends no Referer, so the
// link cannot leak to another site. A dead link (unknown, expired, spent, or the return received
// or the rapid review closed) is a 404 that says what to do.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { withDateParts } from '../../platform/validation.ts'
import type { Services } from '../../platform/services.ts'
import { caseReviewPaths as paths } from './paths.ts'
import { formatIncidentReference } from './presenter.ts'
import { entryFormSchema } from './schemas.ts'
import * as service from './service.ts'

type TokenRequest = FastifyRequest<{ Params: { token: string } }>

export function returnLinkRoutes(app: FastifyInstance, services: Services): void {
  const origin = (request: FastifyRequest) => ({ requestId: request.id, ip: request.ip })
  const noLeaks = (reply: FastifyReply) =>
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store')

  const expired = (reply: FastifyReply) =>
    noLeaks(reply).code(404).render('case-reviews/views/link-expired.njk', {
      pageTitle: 'This link has expired or has already been used',
    })

  const page = async (
    request: TokenRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) => {
    const { token } = request.params
    const linked = await service.viewReturnByLink(services, token, origin(request))
    if (linked === undefined) return expired(reply)
    const { item } = linked
    return noLeaks(reply)
      .code(errors.length > 0 ? 400 : 200)
      .render('case-reviews/views/link-return.njk', {
        pageTitle: `Information from ${item.agencyName}`,
        page: {
          incidentReference: formatIncidentReference(item.incidentReference),
          agencyName: item.agencyName,
          contactName: item.contactName,
          dueOn: item.dueOn,
          expiresOn: linked.expiresOn,
          entries: linked.entries,
          links: { entry: paths.linkEntry({ token }), submit: paths.linkSubmit({ token }) },
        },
        values,
        errors: formErrors(errors, request.body),
      })
  }

  app.get<{ Params: { token: string } }>(
    paths.linkReturn.pattern,
    { config: { access: 'public' } },
    async (request, reply) => page(request, reply, {}),
  )

  app.post<{ Params: { token: string } }>(
    paths.linkEntry.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const parsed = parseForm(entryFormSchema, withDateParts(request.body, ['entryDate']))
      if (!parsed.ok) return page(request, reply, submittedValues(request.body), parsed.errors)
      try {
        const added = await service.addEntryByLink(
          services,
          request.params.token,
          parsed.value,
          origin(request),
        )
        if (!added) return await expired(reply)
      } catch (error) {
        if (error instanceof ValidationError)
          return page(request, reply, submittedValues(request.body), error.fields)
        throw error
      }
      return noLeaks(reply).redirect(paths.linkReturn({ token: request.params.token }), 303)
    },
  )

  app.post<{ Params: { token: string } }>(
    paths.linkSubmit.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const submitted = await service.submitReturnByLink(
        services,
        request.params.token,
        origin(request),
      )
      if (!submitted) return expired(reply)
      return noLeaks(reply).render('case-reviews/views/link-submitted.njk', {
        pageTitle: 'Information submitted',
      })
    },
  )
}
