// The challenge log's pages. Thin: declare access, parse input, call the service, render.
import { today as todayOf } from './service.ts'
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { FastifyInstance } from 'fastify'
import { requestContext } from '../../platform/http/access-control.ts'
import type { Services } from '../../platform/services.ts'
import { presentActionRow, raiseActionOptions, raiseActionFormSchema } from '../actions/index.ts'
import * as challenges from './challenges.ts'
import { dateParts, formRoute } from '../../platform/http/form-route.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS as P } from './permissions.ts'
import { challengeStatusClasses, challengeStatusLabels } from './presenter.ts'
import {
  challengeFormSchema,
  challengeOutcomeFormSchema,
  challengeResponseFormSchema,
} from './schemas.ts'
import * as service from './service.ts'

export function challengeRoutes(app: FastifyInstance, services: Services): void {
  const tag = (status: keyof typeof challengeStatusLabels) => ({
    text: challengeStatusLabels[status],
    classes: challengeStatusClasses[status],
  })

  app.get(
    governancePaths.challenges.pattern,
    { config: { access: { permission: P.readChallenges } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const rows = await challenges.listChallenges(services, ctx)
      return reply.render('governance/views/challenges.njk', {
        pageTitle: 'Challenge log',
        challenges: rows.map((c) => ({
          ...c,
          referenceText: challenges.formatChallengeReference(c.reference),
          tag: tag(c.status),
        })),
      })
    },
  )

  formRoute(app, {
    pattern: governancePaths.newChallenge.pattern,
    permission: P.manageChallenges,
    template: 'governance/views/challenge-form.njk',
    load: async (request) => {
      const { scope } = requestContext(request)
      return {
        pageTitle: 'Record a challenge',
        values: dateParts('raisedOn', service.today(services)),
        agencies: await service.listAgencies(services, scope),
        people: await service.listPeople(services, scope),
        groups: await service.listGroups(services, scope),
        backLink: { href: governancePaths.challenges() },
      }
    },
    schema: challengeFormSchema,
    dateFields: ['raisedOn'],
    save: async (request, value) =>
      governancePaths.challenge({
        challengeId: await challenges.raiseChallenge(services, requestContext(request), value),
      }),
  })

  app.get<{ Params: { challengeId: string } }>(
    governancePaths.challenge.pattern,
    { config: { access: { permission: P.readChallenges } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await challenges.getChallenge(services, ctx, request.params.challengeId)
      const today = todayOf(services)
      return reply.render('governance/views/challenge.njk', {
        pageTitle: `${challenges.formatChallengeReference(detail.challenge.reference)}: ${detail.challenge.subject}`,
        ...detail,
        referenceText: challenges.formatChallengeReference(detail.challenge.reference),
        tag: tag(detail.challenge.status),
        actions: detail.actions.map((a) => presentActionRow(a, today, new Map())),
        backLink: { href: governancePaths.challenges(), text: 'Challenge log' },
      })
    },
  )

  const challengeForm = (pattern: string, permission: string, template: string, title: string) => ({
    pattern,
    permission,
    template,
    load: async (request: Parameters<Parameters<typeof formRoute>[1]['load']>[0]) => {
      const ctx = requestContext(request)
      const challengeId = request.params.challengeId ?? ''
      const detail = await challenges.getChallenge(services, ctx, challengeId)
      return {
        pageTitle: title,
        challenge: detail.challenge,
        referenceText: challenges.formatChallengeReference(detail.challenge.reference),
        action: pattern.replace(':challengeId', encodeURIComponent(challengeId)),
        options: await raiseActionOptions(fromLegacyContext(services, { scope: ctx.scope })),
        backLink: { href: governancePaths.challenge({ challengeId }) },
      }
    },
  })

  formRoute(app, {
    ...challengeForm(
      governancePaths.challengeResponse.pattern,
      P.respondToChallenges,
      'governance/views/challenge-response.njk',
      'Record the response',
    ),
    schema: challengeResponseFormSchema,
    dateFields: ['respondedOn'],
    save: async (request, value) => {
      const challengeId = request.params.challengeId ?? ''
      await challenges.respondToChallenge(services, requestContext(request), challengeId, value)
      return governancePaths.challenge({ challengeId })
    },
  })

  formRoute(app, {
    ...challengeForm(
      governancePaths.challengeOutcome.pattern,
      P.manageChallenges,
      'governance/views/challenge-outcome.njk',
      'Record the outcome',
    ),
    schema: challengeOutcomeFormSchema,
    dateFields: ['outcomeDate'],
    save: async (request, value) => {
      const challengeId = request.params.challengeId ?? ''
      await challenges.recordOutcome(services, requestContext(request), challengeId, value)
      return governancePaths.challenge({ challengeId })
    },
  })

  formRoute(app, {
    ...challengeForm(
      governancePaths.challengeAction.pattern,
      P.manageChallenges,
      'governance/views/challenge-action.njk',
      'Raise an action from the challenge',
    ),
    schema: raiseActionFormSchema,
    dateFields: ['dueDate'],
    save: async (request, value) => {
      const challengeId = request.params.challengeId ?? ''
      await challenges.raiseChallengeAction(services, requestContext(request), challengeId, value)
      return governancePaths.challenge({ challengeId })
    },
  })
}
