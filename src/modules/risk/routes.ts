// The risk register's pages. Thin: declare access, parse input, call the service, render.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { conflict } from '../../platform/errors.ts'
import { requestContext } from '../../platform/http/access-control.ts'
import type { Services } from '../../platform/services.ts'
import { presentActionRow, raiseActionOptions, raiseActionFormSchema } from '../actions/index.ts'
import { dateParts, formRoute } from '../../platform/http/form-route.ts'
import type { RiskLinkSources } from './links.ts'
import { riskPaths } from './paths.ts'
import {
  categoryLabels,
  formatRiskReference,
  heatMap,
  impactLabels,
  likelihoodLabels,
  riskScore,
  scoreTag,
  statusTag,
} from './presenter.ts'
import {
  closeFormSchema,
  registerQuerySchema,
  reviewFormSchema,
  riskFormSchema,
} from './schemas.ts'
import * as service from './service.ts'
import { RISK_PERMISSIONS as P, type RiskRow } from './service.ts'

type Params = Record<string, string>

export function riskRoutes(
  app: FastifyInstance,
  services: Services,
  sources: RiskLinkSources,
): void {
  const row = (r: RiskRow, today: string) => ({
    ...r,
    referenceText: formatRiskReference(r.reference),
    href: riskPaths.risk({ riskId: r.id }),
    categoryText: categoryLabels[r.category],
    score: riskScore(r.likelihood, r.impact),
    scoreTag: scoreTag(r.likelihood, r.impact),
    statusTag: statusTag(r.status, r.reviewDate, today),
    reviewOverdue: r.status === 'open' && r.reviewDate < today,
  })
  const scales = { likelihoodLabels, impactLabels, categoryLabels }

  app.get(
    riskPaths.register.pattern,
    { config: { access: { permission: P.read } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const query = registerQuerySchema.parse(request.query ?? {})
      const { risks, agencies } = await service.listRegister(services, ctx, {
        status: query.status,
        ownerAgencyId: query.agency,
        sort: query.sort,
      })
      const today = service.todayIn(services)
      const sortLink = (sort: string) =>
        riskPaths.register(undefined, { status: query.status, agency: query.agency, sort })
      return reply.render('risk/views/register.njk', {
        pageTitle: 'Risk register',
        query,
        risks: risks.map((r) => row(r, today)),
        heatMap: heatMap(risks),
        agencies,
        sortLinks: {
          score: sortLink('score'),
          reference: sortLink('reference'),
          review: sortLink('review'),
        },
        likelihoodLabels,
      })
    },
  )

  const ctxOf = (request: FastifyRequest) => requestContext(request)
  const riskIdOf = (request: FastifyRequest<{ Params: Params }>) => request.params.riskId ?? ''
  const formPage = async (request: FastifyRequest<{ Params: Params }>, pageTitle: string) => ({
    pageTitle,
    options: await service.formOptions(services, ctxOf(request).scope, sources),
    ...scales,
  })
  const openRisk = async (request: FastifyRequest<{ Params: Params }>) => {
    const detail = await service.getRisk(services, ctxOf(request), sources, riskIdOf(request))
    if (detail.risk.status !== 'open') throw conflict('This risk has been closed.')
    return detail
  }

  formRoute(app, {
    pattern: riskPaths.newRisk.pattern,
    permission: P.manage,
    template: 'risk/views/risk-form.njk',
    load: async (request) => ({
      ...(await formPage(request, 'Add a risk')),
      action: riskPaths.newRisk(),
      backLink: { href: riskPaths.register() },
    }),
    schema: riskFormSchema,
    dateFields: ['reviewDate'],
    save: async (request, value) => {
      const { id } = await service.createRisk(services, ctxOf(request), sources, undefined, value)
      return riskPaths.risk({ riskId: id })
    },
  })

  app.get<{ Params: { riskId: string } }>(
    riskPaths.risk.pattern,
    { config: { access: { permission: P.read } } },
    async (request, reply) => {
      const ctx = ctxOf(request)
      const detail = await service.getRisk(services, ctx, sources, request.params.riskId)
      const today = service.todayIn(services)
      const risk = row(detail.risk, today)
      return reply.render('risk/views/risk.njk', {
        pageTitle: `${risk.referenceText}: ${risk.title}`,
        ...detail,
        risk,
        likelihoodText: likelihoodLabels[detail.risk.likelihood - 1],
        impactText: impactLabels[detail.risk.impact - 1],
        actions: detail.actions.map((a) => presentActionRow(a, today, new Map())),
        reviews: detail.reviews.map((v) => ({
          ...v,
          previousScore: scoreTag(v.previousLikelihood, v.previousImpact),
          score: scoreTag(v.likelihood, v.impact),
        })),
        backLink: { href: riskPaths.register(), text: 'Risk register' },
      })
    },
  )

  formRoute(app, {
    pattern: riskPaths.editRisk.pattern,
    permission: P.manage,
    template: 'risk/views/risk-form.njk',
    load: async (request) => {
      const detail = await openRisk(request)
      const r = detail.risk
      return {
        ...(await formPage(request, `Change ${formatRiskReference(r.reference)}`)),
        risk: r,
        action: riskPaths.editRisk({ riskId: r.id }),
        values: {
          title: r.title,
          description: r.description,
          category: r.category,
          likelihood: String(r.likelihood),
          impact: String(r.impact),
          ownerAgencyId: r.ownerAgencyId,
          ownerUserId: r.ownerUserId ?? '',
          indicatorIds: detail.indicators.map((i) => i.id),
          challengeIds: detail.challenges.map((c) => c.id),
          ...dateParts('reviewDate', r.reviewDate),
        },
        backLink: { href: riskPaths.risk({ riskId: r.id }) },
      }
    },
    schema: riskFormSchema,
    dateFields: ['reviewDate'],
    save: async (request, value) => {
      await service.updateRisk(services, ctxOf(request), sources, riskIdOf(request), value)
      return riskPaths.risk({ riskId: riskIdOf(request) })
    },
  })

  const riskPage = async (request: FastifyRequest<{ Params: Params }>, title: string) => {
    const detail = await openRisk(request)
    const today = service.todayIn(services)
    return {
      pageTitle: title,
      risk: row(detail.risk, today),
      backLink: { href: riskPaths.risk({ riskId: detail.risk.id }) },
    }
  }

  formRoute(app, {
    pattern: riskPaths.reviewRisk.pattern,
    permission: P.manage,
    template: 'risk/views/review.njk',
    load: async (request) => {
      const page = await riskPage(request, 'Review the risk')
      return {
        ...page,
        ...scales,
        values: { likelihood: String(page.risk.likelihood), impact: String(page.risk.impact) },
      }
    },
    schema: reviewFormSchema,
    dateFields: ['nextReviewDate'],
    save: async (request, value) => {
      await service.reviewRisk(services, ctxOf(request), riskIdOf(request), value)
      return riskPaths.risk({ riskId: riskIdOf(request) })
    },
  })

  formRoute(app, {
    pattern: riskPaths.closeRisk.pattern,
    permission: P.manage,
    template: 'risk/views/close.njk',
    load: (request) => riskPage(request, 'Close the risk'),
    schema: closeFormSchema,
    save: async (request, value) => {
      await service.closeRisk(services, ctxOf(request), riskIdOf(request), value)
      return riskPaths.risk({ riskId: riskIdOf(request) })
    },
  })

  formRoute(app, {
    pattern: riskPaths.mitigation.pattern,
    permission: P.manage,
    template: 'risk/views/mitigation.njk',
    load: async (request) => ({
      ...(await riskPage(request, 'Raise a mitigating action')),
      options: await raiseActionOptions(services, ctxOf(request).scope),
    }),
    schema: raiseActionFormSchema,
    dateFields: ['dueDate'],
    save: async (request, value) => {
      await service.raiseMitigation(services, ctxOf(request), riskIdOf(request), value)
      return riskPaths.risk({ riskId: riskIdOf(request) })
    },
  })
}
