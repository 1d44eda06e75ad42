// The public register of published reviews: pages and a JSON API, no sign-in. Only reviews that
// are published and not held, and only their public fields (public title, summary, date, kind,
// report and briefing): the queries behind it cannot read a case-level column.
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { sendStoredFile } from '../../platform/files/file-store.ts'
import type { Services } from '../../platform/services.ts'
import { caseReviewPaths as paths } from './paths.ts'
import { reviewKindLabels } from './presenter.ts'
import {
  apiPublishedList,
  apiPublishedReview,
  publicPartnershipParams,
  publicReviewParams,
} from './schemas.ts'
import * as service from './service.ts'

const tags = ['Public register']

function publicView(partnershipId: string, r: service.PublicReview) {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: reviewKindLabels[r.kind],
    title: r.publicTitle,
    summary: r.publicSummary,
    publishedOn: r.publishedOn,
    href: paths.publicReview({ partnershipId, reviewId: r.id }),
    reportUrl: paths.publicFile({ partnershipId, reviewId: r.id, file: 'report' }),
    briefingUrl: paths.publicFile({ partnershipId, reviewId: r.id, file: 'briefing' }),
    learningBriefings: r.briefings.map((b) => ({ ...b })),
  }
}

export function publicRegisterRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { partnershipId: string } }>(
    paths.publicList.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const { partnershipId } = request.params
      const register = await service.publicRegister(services, partnershipId)
      return reply.render('case-reviews/views/public-list.njk', {
        pageTitle: `Published case reviews – ${register.partnershipName}`,
        partnershipName: register.partnershipName,
        reviews: register.reviews.map((r) => publicView(partnershipId, r)),
        apiUrl: paths.apiPublicList({ partnershipId }),
      })
    },
  )

  app.get<{ Params: { partnershipId: string; reviewId: string } }>(
    paths.publicReview.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const { partnershipId, reviewId } = request.params
      const { partnershipName, review } = await service.publicReview(
        services,
        partnershipId,
        reviewId,
      )
      return reply.render('case-reviews/views/public-review.njk', {
        pageTitle: review.publicTitle,
        partnershipName,
        review: publicView(partnershipId, review),
        backLink: { href: paths.publicList({ partnershipId }), text: 'Published case reviews' },
      })
    },
  )

  app.get<{ Params: { partnershipId: string; reviewId: string; file: string } }>(
    paths.publicFile.pattern,
    { config: { access: 'public' } },
    async (request, reply) => {
      const { partnershipId, reviewId, file } = request.params
      return sendStoredFile(
        reply,
        await service.publicFile(services, partnershipId, reviewId, file, {
          requestId: request.id,
          ip: request.ip,
        }),
      )
    },
  )

  const api = app.withTypeProvider<ZodTypeProvider>()
  api.get(
    paths.apiPublicList.pattern,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'List published case reviews',
        description:
          'The reviews a partnership has published (never one that is unpublished or held), with public fields only. No sign-in needed.',
        params: publicPartnershipParams,
        response: { 200: apiPublishedList },
      },
    },
    async (request) => {
      const { partnershipId } = request.params
      const register = await service.publicRegister(services, partnershipId)
      return {
        partnership: register.partnershipName,
        reviews: register.reviews.map((r) => apiOf(partnershipId, r)),
      }
    },
  )
  api.get(
    paths.apiPublicReview.pattern,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Read one published case review',
        params: publicReviewParams,
        response: { 200: apiPublishedReview },
      },
    },
    async (request) => {
      const { partnershipId, reviewId } = request.params
      const { review } = await service.publicReview(services, partnershipId, reviewId)
      return apiOf(partnershipId, review)
    },
  )
}

function apiOf(partnershipId: string, r: service.PublicReview) {
  const { href: _href, ...fields } = publicView(partnershipId, r)
  return fields
}
