// Raising a risk or a challenge from an indicator (see concerns.ts). Thin: declare access, parse,
// call the use case, render.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requestContext } from '../../platform/http/access-control.ts'
import { personContext } from '../../platform/use-case.ts'
import type { Services } from '../../platform/services.ts'
import { formRoute } from '../../platform/http/form-route.ts'
import {
  categoryLabels,
  impactLabels,
  likelihoodLabels,
  RISK_PERMISSIONS,
  formOptions,
} from '../risk/index.ts'
import { GOVERNANCE_PERMISSIONS } from '../governance/index.ts'
import { raiseChallengeFromIndicator, raiseRiskFromIndicator } from './concerns.ts'
import { performancePaths } from './paths.ts'
import { raiseChallengeFormSchema, raiseRiskFormSchema } from './schemas.ts'
import * as service from './service.ts'
import { PERFORMANCE_PERMISSIONS } from './service.ts'

type Params = Record<string, string>

export function concernRoutes(app: FastifyInstance, services: Services): void {
  // Raising from an indicator needs performance's permission (the route) and the receiving
  // module's (checked again by its service when saving).
  const indicatorOf = async (request: FastifyRequest<{ Params: Params }>, permission: string) => {
    const ctx = requestContext(request)
    // Another partnership's indicator is not found, whoever asks.
    const indicator = await service.getIndicator(services, ctx, request.params.indicatorId ?? '')
    services.policy.authorize(ctx.actor, permission)
    return indicator
  }

  formRoute(app, {
    pattern: performancePaths.raiseRisk.pattern,
    permission: PERFORMANCE_PERMISSIONS.raise,
    template: 'performance/views/raise-risk.njk',
    load: async (request) => {
      const indicator = await indicatorOf(request, RISK_PERMISSIONS.manage)
      return {
        pageTitle: `Raise a risk from ${indicator.code}`,
        indicator,
        options: await formOptions(personContext(services, request)),
        categoryLabels,
        likelihoodLabels,
        impactLabels,
        values: { ownerAgencyId: indicator.ownerAgencyId },
        backLink: { href: performancePaths.indicator({ indicatorId: indicator.id }) },
      }
    },
    schema: raiseRiskFormSchema,
    dateFields: ['reviewDate'],
    save: async (request, value) => {
      const indicatorId = request.params.indicatorId ?? ''
      await raiseRiskFromIndicator(services, requestContext(request), indicatorId, value)
      return performancePaths.indicator({ indicatorId })
    },
  })

  formRoute(app, {
    pattern: performancePaths.raiseChallenge.pattern,
    permission: PERFORMANCE_PERMISSIONS.raise,
    template: 'performance/views/raise-challenge.njk',
    load: async (request) => {
      const indicator = await indicatorOf(request, GOVERNANCE_PERMISSIONS.manageChallenges)
      return {
        pageTitle: `Raise a challenge from ${indicator.code}`,
        indicator,
        agencies: await service.agencyOptions(services, requestContext(request).scope),
        values: { raisedToAgencyId: indicator.ownerAgencyId },
        backLink: { href: performancePaths.indicator({ indicatorId: indicator.id }) },
      }
    },
    schema: raiseChallengeFormSchema,
    save: async (request, value) => {
      const indicatorId = request.params.indicatorId ?? ''
      await raiseChallengeFromIndicator(services, requestContext(request), indicatorId, value)
      return performancePaths.indicator({ indicatorId })
    },
  })
}
