// The risk register's JSON API: list, read and add risks (for reports and partners' own systems).
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requestContext } from '../../platform/http/access-control.ts'
import type { Services } from '../../platform/services.ts'
import type { RiskLinkSources } from './links.ts'
import { riskPaths } from './paths.ts'
import { formatRiskReference, riskBand, riskScore } from './presenter.ts'
import {
  apiCreatedRisk,
  apiRisk,
  apiRiskBody,
  apiRiskDetail,
  apiRiskListQuery,
  apiRiskParams,
} from './schemas.ts'
import * as service from './service.ts'
import { RISK_PERMISSIONS, type RiskRow } from './service.ts'

const tags = ['Risk']

function present(r: RiskRow): z.infer<typeof apiRisk> {
  const score = riskScore(r.likelihood, r.impact)
  return {
    id: r.id,
    reference: formatRiskReference(r.reference),
    title: r.title,
    description: r.description,
    category: r.category,
    likelihood: r.likelihood,
    impact: r.impact,
    score,
    band: riskBand(score),
    ownerAgency: { id: r.ownerAgencyId, name: r.ownerAgencyName },
    ownerPerson: r.ownerUserId === null ? null : { id: r.ownerUserId, name: r.ownerUserName ?? '' },
    reviewDate: r.reviewDate,
    status: r.status,
    closedOn: r.closedOn,
  }
}

export function riskApiRoutes(
  app: FastifyInstance,
  services: Services,
  sources: RiskLinkSources,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    riskPaths.apiRisks.pattern,
    {
      config: { access: { permission: RISK_PERMISSIONS.read } },
      schema: {
        tags,
        summary: 'List the risk register',
        description: 'Risks, highest score first. Open risks unless status says otherwise.',
        querystring: apiRiskListQuery,
        response: { 200: z.object({ risks: z.array(apiRisk) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const { risks } = await service.listRegister(services, ctx, {
        status: request.query.status ?? 'open',
        sort: 'score',
      })
      return { risks: risks.map(present) }
    },
  )

  api.get(
    riskPaths.apiRisk.pattern,
    {
      config: { access: { permission: RISK_PERMISSIONS.read } },
      schema: {
        tags,
        summary: 'Read a risk',
        description: 'The risk with its linked indicators and challenges and its review history.',
        params: apiRiskParams,
        response: { 200: apiRiskDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const detail = await service.getRisk(services, ctx, sources, request.params.riskId)
      const link = (l: service.LinkedRecord) => ({
        id: l.id,
        text: l.text,
        status: l.status?.text ?? null,
      })
      return {
        ...present(detail.risk),
        indicators: detail.indicators.map(link),
        challenges: detail.challenges.map(link),
        reviews: detail.reviews.map((v) => ({
          reviewedOn: v.reviewedOn,
          previousScore: riskScore(v.previousLikelihood, v.previousImpact),
          score: riskScore(v.likelihood, v.impact),
          note: v.note,
          reviewedBy: v.reviewedBy,
        })),
      }
    },
  )

  api.post(
    riskPaths.apiRisks.pattern,
    {
      config: { access: { permission: RISK_PERMISSIONS.manage } },
      schema: {
        tags,
        summary: 'Add a risk',
        description:
          'Adds a risk to the register (reference given by the register). Problems come back as a ' +
          '400 with details.fields naming each field; nothing is saved.',
        body: apiRiskBody,
        response: { 201: apiCreatedRisk },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      const body = request.body
      const created = await service.createRisk(services, ctx, sources, undefined, {
        ...body,
        ownerUserId: body.ownerUserId ?? null,
        indicatorIds: body.indicatorIds ?? [],
        challengeIds: body.challengeIds ?? [],
      })
      return reply.code(201).send(created)
    },
  )
}
