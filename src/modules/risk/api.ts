// The risk register's JSON API handlers: list, read and add risks (for reports and partners' own
// systems). Their paths, permissions and schemas are in the route table (routes.ts).
import type { z } from 'zod'
import type { ApiInput } from '../../platform/http/route-table.ts'
import { formatRiskReference, riskBand, riskScore } from './presenter.ts'
import type { apiRisk, riskApiSchemas } from './schemas.ts'
import * as service from './service.ts'
import type { LinkedRecord, RiskRow } from './service.ts'

type Schemas = typeof riskApiSchemas

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

export async function listRisks({ ctx, query }: ApiInput<string, Schemas['list']>) {
  const { risks } = await service.listRegister(ctx, {
    status: query.status ?? 'open',
    sort: 'score',
  })
  return { risks: risks.map(present) }
}

export async function readRisk({
  ctx,
  params,
}: ApiInput<'/api/v1/risks/:riskId', Schemas['read']>) {
  const detail = await service.getRisk(ctx, params.riskId)
  const link = (l: LinkedRecord) => ({ id: l.id, text: l.text, status: l.status?.text ?? null })
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
}

export async function addRisk({ ctx, body, reply }: ApiInput<string, Schemas['create']>) {
  const created = await service.createRisk(ctx, {
    ...body,
    ownerUserId: body.ownerUserId ?? null,
    indicatorIds: body.indicatorIds ?? [],
    challengeIds: body.challengeIds ?? [],
  })
  return reply.code(201).send(created)
}
