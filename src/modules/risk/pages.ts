// The risk register's page handlers: each loads through a use case and hands the view its model.
// The route table (routes.ts) says which path and permission each one answers.
import type { RouteInput } from '../../platform/http/route-table.ts'
import { dateParts } from '../../platform/http/route-table.ts'
import { today, type UseCaseContext } from '../../platform/use-case.ts'
import { presentActionRow, raiseActionOptions, type RaiseActionForm } from '../actions/index.ts'
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
import type { CloseForm, ReviewForm, RiskForm } from './schemas.ts'
import { registerQuerySchema } from './schemas.ts'
import { requireOpen } from './policy.ts'
import * as service from './service.ts'
import type { RiskRow } from './service.ts'

type RiskPage = RouteInput<'/risks/:riskId'>

const scales = { likelihoodLabels, impactLabels, categoryLabels }

function riskRow(r: RiskRow, on: string) {
  return {
    ...r,
    referenceText: formatRiskReference(r.reference),
    href: riskPaths.risk({ riskId: r.id }),
    categoryText: categoryLabels[r.category],
    score: riskScore(r.likelihood, r.impact),
    scoreTag: scoreTag(r.likelihood, r.impact),
    statusTag: statusTag(r.status, r.reviewDate, on),
    reviewOverdue: r.status === 'open' && r.reviewDate < on,
  }
}

export async function registerPage({ ctx, query, reply }: RouteInput<string>) {
  const filter = registerQuerySchema.parse(query)
  const { risks, agencies } = await service.listRegister(ctx, {
    status: filter.status,
    ownerAgencyId: filter.agency,
    sort: filter.sort,
  })
  const on = today(ctx)
  const sortLink = (sort: string) =>
    riskPaths.register(undefined, { status: filter.status, agency: filter.agency, sort })
  return reply.render('risk/views/register.njk', {
    pageTitle: 'Risk register',
    query: filter,
    risks: risks.map((r) => riskRow(r, on)),
    heatMap: heatMap(risks),
    agencies,
    sortLinks: {
      score: sortLink('score'),
      reference: sortLink('reference'),
      review: sortLink('review'),
    },
    likelihoodLabels,
  })
}

export async function riskPage({ ctx, params, reply }: RiskPage) {
  const detail = await service.getRisk(ctx, params.riskId)
  const on = today(ctx)
  const risk = riskRow(detail.risk, on)
  return reply.render('risk/views/risk.njk', {
    pageTitle: `${risk.referenceText}: ${risk.title}`,
    ...detail,
    canManage: detail.can.manage,
    risk,
    likelihoodText: likelihoodLabels[detail.risk.likelihood - 1],
    impactText: impactLabels[detail.risk.impact - 1],
    actions: detail.actions.map((a) => presentActionRow(a, on, new Map())),
    reviews: detail.reviews.map((v) => ({
      ...v,
      previousScore: scoreTag(v.previousLikelihood, v.previousImpact),
      score: scoreTag(v.likelihood, v.impact),
    })),
    backLink: { href: riskPaths.register(), text: 'Risk register' },
  })
}

// ---------------------------------------------------------------------------------------------
// Forms: `load` gives the page its data, `save` runs the use case and says where to go next.

async function formData(ctx: UseCaseContext, pageTitle: string) {
  return { pageTitle, options: await service.formOptions(ctx), ...scales }
}

/** The risk, which must be open for any of its forms to be offered. */
async function openRisk(ctx: UseCaseContext, riskId: string) {
  const detail = await service.getRisk(ctx, riskId)
  requireOpen(detail.risk, 'changed')
  return detail
}

async function riskFormPage(ctx: UseCaseContext, riskId: string, pageTitle: string) {
  const detail = await openRisk(ctx, riskId)
  return {
    pageTitle,
    risk: riskRow(detail.risk, today(ctx)),
    backLink: { href: riskPaths.risk({ riskId: detail.risk.id }) },
  }
}

export const newRisk = {
  template: 'risk/views/risk-form.njk',
  load: async ({ ctx }: RouteInput<string>) => ({
    ...(await formData(ctx, 'Add a risk')),
    action: riskPaths.newRisk(),
    backLink: { href: riskPaths.register() },
  }),
  save: async ({ ctx }: RouteInput<string>, value: RiskForm) => {
    const { id } = await service.createRisk(ctx, value)
    return riskPaths.risk({ riskId: id })
  },
}

export const editRisk = {
  template: 'risk/views/risk-form.njk',
  load: async ({ ctx, params }: RiskPage) => {
    const detail = await openRisk(ctx, params.riskId)
    const r = detail.risk
    return {
      ...(await formData(ctx, `Change ${formatRiskReference(r.reference)}`)),
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
  save: async ({ ctx, params }: RiskPage, value: RiskForm) => {
    await service.updateRisk(ctx, params.riskId, value)
    return riskPaths.risk({ riskId: params.riskId })
  },
}

export const reviewRisk = {
  template: 'risk/views/review.njk',
  load: async ({ ctx, params }: RiskPage) => {
    const page = await riskFormPage(ctx, params.riskId, 'Review the risk')
    return {
      ...page,
      ...scales,
      values: { likelihood: String(page.risk.likelihood), impact: String(page.risk.impact) },
    }
  },
  save: async ({ ctx, params }: RiskPage, value: ReviewForm) => {
    await service.reviewRisk(ctx, params.riskId, value)
    return riskPaths.risk({ riskId: params.riskId })
  },
}

export const closeRisk = {
  template: 'risk/views/close.njk',
  load: ({ ctx, params }: RiskPage) => riskFormPage(ctx, params.riskId, 'Close the risk'),
  save: async ({ ctx, params }: RiskPage, value: CloseForm) => {
    await service.closeRisk(ctx, params.riskId, value)
    return riskPaths.risk({ riskId: params.riskId })
  },
}

export const raiseMitigation = {
  template: 'risk/views/mitigation.njk',
  load: async ({ ctx, params }: RiskPage) => ({
    ...(await riskFormPage(ctx, params.riskId, 'Raise a mitigating action')),
    options: await raiseActionOptions(ctx),
  }),
  save: async ({ ctx, params }: RiskPage, value: RaiseActionForm) => {
    await service.raiseMitigation(ctx, params.riskId, value)
    return riskPaths.risk({ riskId: params.riskId })
  },
}
