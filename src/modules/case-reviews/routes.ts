// Case reviews' pages. Thin: declare access, parse input, call the service, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { requestContext, type RequestContext } from '../../platform/http/access-control.ts'
import { formErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { MAX_UPLOAD_BYTES, multipartForm } from '../../platform/http/uploads.ts'
import { ValidationError, isAppError, type FieldError } from '../../platform/errors.ts'
import {
  checkUpload,
  describeKinds,
  documentKinds,
  sendStoredFile,
} from '../../platform/files/file-store.ts'
import { withDateParts } from '../../platform/validation.ts'
import type { Services } from '../../platform/services.ts'
import { presentSourceLearning, learningFromSource } from '../learning/index.ts'
import { caseReviewPaths as paths } from './paths.ts'
import {
  ageBandLabels,
  decisionLabels,
  harmLabels,
  milestoneLabels,
  reviewKindLabels,
} from './presenter.ts'
import * as present from './view-models.ts'
import {
  chronologyQuery,
  decisionFormSchema,
  entryFormSchema,
  holdFormSchema,
  holidayFormSchema,
  incidentFormSchema,
  milestoneDateFields,
  milestonesFormSchema,
  notificationFormSchema,
  planMeetingFormSchema,
  publishFormSchema,
  returnRequestFormSchema,
  reviewDetailsFormSchema,
  reviewFormSchema,
  sentFormSchema,
} from './schemas.ts'
import * as service from './service.ts'
import { CASE_REVIEW_PERMISSIONS } from './service.ts'
import { caseReviewFindingSource } from './sources.ts'
import { ageBands, harmKinds, milestoneKinds, rapidReviewDecisions, reviewKinds } from './tables.ts'

const read = { permission: CASE_REVIEW_PERMISSIONS.read }
const manage = { permission: CASE_REVIEW_PERMISSIONS.manage }
const returns = { permission: CASE_REVIEW_PERMISSIONS.returns }
const holidays = { permission: CASE_REVIEW_PERMISSIONS.holidays }

type Params = Record<string, string>

const options = <T extends string>(values: readonly T[], labels: Readonly<Record<T, string>>) =>
  values.map((value) => ({ value, text: labels[value] }))

export function caseReviewRoutes(app: FastifyInstance, services: Services): void {
  /**
   * A form page and its POST: shows the form (GET), validates the whole submission, runs the use
   * case, and redirects; bad input re-renders with 400 and nothing written. A form that cannot
   * succeed in the record's state is not offered: `load` returns `unavailable` (what to do
   * instead) and the page says so. A conflict that still happens (someone else changed the
   * record) re-renders the form with 409, the person's input kept, and what to do.
   */
  const formPage = <S extends z.ZodType>(definition: {
    pattern: string
    access: typeof manage | typeof holidays
    template: string
    title: string
    schema: S
    dateFields?: readonly string[]
    load: (ctx: RequestContext, params: Params) => Promise<Record<string, unknown>>
    run: (ctx: RequestContext, params: Params, value: z.output<S>) => Promise<string>
  }) => {
    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, unknown>,
      errors: readonly FieldError[] = [],
      status = errors.length > 0 ? 400 : 200,
    ) => {
      const ctx = requestContext(request)
      const data = await definition.load(ctx, request.params as Params)
      if (request.method === 'GET' && typeof data.unavailable === 'string')
        return reply.render('case-reviews/views/unavailable.njk', {
          pageTitle: definition.title,
          ...data,
        })
      return reply.code(status).render(definition.template, {
        pageTitle: definition.title,
        ...data,
        values,
        errors: formErrors(errors, request.body),
      })
    }
    app.get(definition.pattern, { config: { access: definition.access } }, async (request, reply) =>
      show(request, reply, {}),
    )
    app.post(
      definition.pattern,
      { config: { access: definition.access } },
      async (request, reply) => {
        const ctx = requestContext(request)
        const parsed = parseForm(
          definition.schema,
          withDateParts(request.body, definition.dateFields ?? []),
        )
        if (!parsed.ok) return show(request, reply, submittedValues(request.body), parsed.errors)
        try {
          const next = await definition.run(ctx, request.params as Params, parsed.value)
          return await reply.redirect(next, 303)
        } catch (error) {
          if (error instanceof ValidationError)
            return show(request, reply, submittedValues(request.body), error.fields)
          if (isAppError(error) && error.code === 'conflict')
            return show(
              request,
              reply,
              submittedValues(request.body),
              [{ field: 'form', message: error.message }],
              409,
            )
          throw error
        }
      },
    )
  }

  /** What stops a rapid review form from succeeding now, if anything. */
  const rapidReviewClosed = (incident: service.IncidentRow) =>
    incident.sentToPanelOn === null
      ? undefined
      : 'This rapid review has been sent to the national panel and is closed, so it can no longer be changed.'

  // Overview.
  app.get(paths.overview.pattern, { config: { access: read } }, async (request, reply) => {
    const ctx = requestContext(request)
    const data = await service.overview(services, ctx)
    return reply.render('case-reviews/views/overview.njk', {
      pageTitle: 'Case reviews',
      ...present.overviewPage(data),
      canManage: services.policy.can(ctx.actor, CASE_REVIEW_PERMISSIONS.manage),
      publicRegister: paths.publicList({ partnershipId: ctx.scope.partnershipId }),
    })
  })

  // Serious incidents.
  formPage({
    pattern: paths.newIncident.pattern,
    access: manage,
    template: 'case-reviews/views/incident-form.njk',
    title: 'Record a serious incident',
    schema: incidentFormSchema,
    dateFields: ['awareOn'],
    load: async (ctx) => ({
      agencies: await service.agencyOptions(services, ctx.scope),
      ageBands: options(ageBands, ageBandLabels),
      harms: options(harmKinds, harmLabels),
      backLink: { href: paths.overview() },
    }),
    run: async (ctx, _params, value) => {
      const incidentId = await service.recordIncident(services, ctx, value)
      return paths.incident({ incidentId })
    },
  })

  app.get<{ Params: { incidentId: string } }>(
    paths.incident.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.getIncident(services, ctx, request.params.incidentId)
      const page = present.incidentPage(detail)
      return reply.render('case-reviews/views/incident.njk', {
        pageTitle: `${page.reference}: ${detail.incident.childPseudonym}`,
        page,
        backLink: { href: paths.overview(), text: 'Case reviews' },
      })
    },
  )

  formPage({
    pattern: paths.notification.pattern,
    access: manage,
    template: 'case-reviews/views/notification.njk',
    title: 'Record the notification to the national panel',
    schema: notificationFormSchema,
    dateFields: ['notifiedOn'],
    load: async (ctx, params) => {
      const incident = await service.incidentForForm(
        services,
        ctx,
        params.incidentId ?? '',
        'serious_incident',
      )
      return {
        incident: present.incidentHeading(incident),
        backLink: { href: paths.incident({ incidentId: incident.id }) },
      }
    },
    run: async (ctx, params, value) => {
      const incidentId = params.incidentId ?? ''
      await service.recordNotification(services, ctx, incidentId, value)
      return paths.incident({ incidentId })
    },
  })

  // Rapid reviews.
  app.get<{ Params: { incidentId: string } }>(
    paths.rapidReview.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.getRapidReview(services, ctx, request.params.incidentId)
      const page = present.incidentPage(detail)
      return reply.render('case-reviews/views/rapid-review.njk', {
        pageTitle: `Rapid review: ${page.reference}`,
        page,
        backLink: { href: page.href, text: page.reference },
      })
    },
  )

  formPage({
    pattern: paths.requestReturn.pattern,
    access: manage,
    template: 'case-reviews/views/request-return.njk',
    title: 'Ask an agency for information',
    schema: returnRequestFormSchema,
    dateFields: ['dueOn'],
    load: async (ctx, params) => {
      const incident = await service.incidentForForm(
        services,
        ctx,
        params.incidentId ?? '',
        'rapid_review',
      )
      return {
        incident: present.incidentHeading(incident),
        agencies: await service.agencyOptions(services, ctx.scope),
        unavailable: rapidReviewClosed(incident),
        backLink: { href: paths.rapidReview({ incidentId: incident.id }) },
      }
    },
    run: async (ctx, params, value) => {
      const incidentId = params.incidentId ?? ''
      await service.requestReturn(services, ctx, incidentId, value)
      return paths.rapidReview({ incidentId })
    },
  })

  app.get<{ Params: { incidentId: string } }>(
    paths.chronology.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const query = chronologyQuery.parse(request.query ?? {})
      const order = query.order ?? 'asc'
      const view = await service.chronology(services, ctx, request.params.incidentId, {
        order,
        ...(query.agency === undefined ? {} : { agencyId: query.agency }),
      })
      return reply.render('case-reviews/views/chronology.njk', {
        pageTitle: `Multi-agency chronology: ${present.incidentHeading(view.incident).reference}`,
        ...present.chronologyPage(view, { order, agencyId: query.agency }),
        backLink: {
          href: paths.rapidReview({ incidentId: view.incident.id }),
          text: 'Rapid review',
        },
      })
    },
  )

  formPage({
    pattern: paths.decision.pattern,
    access: manage,
    template: 'case-reviews/views/decision.njk',
    title: 'Record the rapid review meeting and decision',
    schema: decisionFormSchema,
    dateFields: ['meetingOn'],
    load: async (ctx, params) => {
      const incident = await service.incidentForForm(
        services,
        ctx,
        params.incidentId ?? '',
        'rapid_review',
      )
      return {
        incident: present.incidentHeading(incident),
        decisions: options(rapidReviewDecisions, decisionLabels),
        unavailable: rapidReviewClosed(incident),
        backLink: { href: paths.rapidReview({ incidentId: incident.id }) },
      }
    },
    run: async (ctx, params, value) => {
      const incidentId = params.incidentId ?? ''
      await service.recordDecision(services, ctx, incidentId, value)
      return paths.rapidReview({ incidentId })
    },
  })

  formPage({
    pattern: paths.planMeeting.pattern,
    access: manage,
    template: 'case-reviews/views/plan-meeting.njk',
    title: 'Plan the rapid review meeting',
    schema: planMeetingFormSchema,
    dateFields: ['plannedOn'],
    load: async (ctx, params) => {
      const incident = await service.incidentForForm(
        services,
        ctx,
        params.incidentId ?? '',
        'rapid_review',
      )
      return {
        incident: present.incidentHeading(incident),
        unavailable:
          rapidReviewClosed(incident) ??
          (incident.meetingOn === null
            ? undefined
            : 'The rapid review meeting has already been held, so it can no longer be planned.'),
        backLink: { href: paths.rapidReview({ incidentId: incident.id }) },
      }
    },
    run: async (ctx, params, value) => {
      const incidentId = params.incidentId ?? ''
      await service.planMeeting(services, ctx, incidentId, value)
      return paths.rapidReview({ incidentId })
    },
  })

  formPage({
    pattern: paths.sentToPanel.pattern,
    access: manage,
    template: 'case-reviews/views/sent.njk',
    title: 'Record the rapid review sent to the national panel',
    schema: sentFormSchema,
    dateFields: ['sentOn'],
    load: async (ctx, params) => {
      const incident = await service.incidentForForm(
        services,
        ctx,
        params.incidentId ?? '',
        'rapid_review',
      )
      const outstanding = await service.outstandingReturns(services, ctx, incident)
      return {
        incident: present.incidentHeading(incident),
        outstanding: outstanding.map((r) => r.agencyName),
        unavailable:
          rapidReviewClosed(incident) ??
          (incident.notifiedOn === null
            ? 'Record the notification to the national panel before sending the rapid review.'
            : incident.decision === null || incident.meetingOn === null
              ? 'Record the rapid review meeting and decision before sending it.'
              : undefined),
        backLink: { href: paths.rapidReview({ incidentId: incident.id }) },
      }
    },
    run: async (ctx, params, value) => {
      const incidentId = params.incidentId ?? ''
      await service.recordSentToPanel(services, ctx, incidentId, value)
      return paths.rapidReview({ incidentId })
    },
  })

  // Information returns, for the agencies.
  app.get(paths.returns.pattern, { config: { access: returns } }, async (request, reply) => {
    const ctx = requestContext(request)
    const rows = await service.listReturnsFor(services, ctx)
    return reply.render('case-reviews/views/returns.njk', {
      pageTitle: 'Rapid review information requests',
      returns: rows.map((r) => present.returnRow(r, service.todayIn(services))),
      noAgency:
        ctx.actor.agencyId === null &&
        !services.policy.can(ctx.actor, CASE_REVIEW_PERMISSIONS.read),
    })
  })

  const returnPage = async (
    request: FastifyRequest<{ Params: { returnId: string } }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const detail = await service.getReturn(services, ctx, request.params.returnId)
    return reply.code(errors.length > 0 ? 400 : 200).render('case-reviews/views/return.njk', {
      pageTitle: `Information for ${present.incidentReference(detail.item.incidentReference)}`,
      page: present.returnPage(detail, service.todayIn(services)),
      values,
      errors: formErrors(errors, request.body),
      backLink: { href: paths.returns() },
    })
  }

  app.get<{ Params: { returnId: string } }>(
    paths.informationReturn.pattern,
    { config: { access: returns } },
    async (request, reply) => returnPage(request, reply, {}),
  )

  app.post<{ Params: { returnId: string } }>(
    paths.returnEntry.pattern,
    { config: { access: returns } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const parsed = parseForm(entryFormSchema, withDateParts(request.body, ['entryDate']))
      if (!parsed.ok)
        return returnPage(request, reply, submittedValues(request.body), parsed.errors)
      try {
        await service.addChronologyEntry(services, ctx, request.params.returnId, parsed.value)
      } catch (error) {
        if (error instanceof ValidationError)
          return returnPage(request, reply, submittedValues(request.body), error.fields)
        throw error
      }
      return reply.redirect(paths.informationReturn({ returnId: request.params.returnId }), 303)
    },
  )

  app.post<{ Params: { returnId: string } }>(
    paths.returnReceived.pattern,
    { config: { access: returns } },
    async (request, reply) => {
      const ctx = requestContext(request)
      await service.markReturnReceived(services, ctx, request.params.returnId)
      return reply.redirect(paths.informationReturn({ returnId: request.params.returnId }), 303)
    },
  )

  // The partnership's own extra non-working days.
  formPage({
    pattern: paths.holidays.pattern,
    access: holidays,
    template: 'case-reviews/views/holidays.njk',
    title: 'Bank holidays and extra non-working days',
    schema: holidayFormSchema,
    dateFields: ['date'],
    load: async (ctx) => ({ list: await service.listHolidays(services, ctx) }),
    run: async (ctx, _params, value) => {
      await service.addHoliday(services, ctx, value)
      return paths.holidays()
    },
  })

  app.post<{ Params: { date: string } }>(
    paths.removeHoliday.pattern,
    { config: { access: holidays } },
    async (request, reply) => {
      await service.removeHoliday(services, requestContext(request), request.params.date)
      return reply.redirect(paths.holidays(), 303)
    },
  )

  // Reviews.
  formPage({
    pattern: paths.newReview.pattern,
    access: manage,
    template: 'case-reviews/views/review-form.njk',
    title: 'Start a review',
    schema: reviewFormSchema,
    dateFields: ['initiatedOn'],
    load: async (ctx) => {
      const data = await service.overview(services, ctx)
      return {
        kinds: options(reviewKinds, reviewKindLabels),
        incidents: data.incidents.map((i) => ({
          value: i.id,
          text: `${present.incidentReference(i.reference)}: ${i.childPseudonym}`,
        })),
        backLink: { href: paths.overview() },
      }
    },
    run: async (ctx, _params, value) => {
      const reviewId = await service.createReview(services, ctx, value)
      return paths.review({ reviewId })
    },
  })

  app.get<{ Params: { reviewId: string } }>(
    paths.review.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.getReview(services, ctx, request.params.reviewId)
      const page = present.reviewPage(detail)
      // The learning loop from this review: findings, recommendations and their actions.
      const learning = await learningFromSource(services, ctx, {
        type: caseReviewFindingSource.type,
        id: detail.review.id,
      })
      return reply.render('case-reviews/views/review.njk', {
        pageTitle: `${page.reference}: ${detail.review.title}`,
        page,
        learning:
          learning === undefined
            ? undefined
            : {
                ...presentSourceLearning(learning),
                canManage: learning.canManage,
                links: learning.links,
              },
        backLink: { href: paths.overview(), text: 'Case reviews' },
      })
    },
  )

  const reviewForm = async (ctx: RequestContext, params: Params) => {
    const detail = await service.getReview(services, ctx, params.reviewId ?? '')
    return {
      review: detail.review,
      page: present.reviewPage(detail),
      backLink: { href: paths.review({ reviewId: detail.review.id }) },
    }
  }
  type ReviewFormData = Awaited<ReturnType<typeof reviewForm>>
  const withUnavailable = (
    data: ReviewFormData,
    why: (review: service.ReviewRow) => string | undefined,
  ) => ({ ...data, unavailable: why(data.review) })
  const reviewPublished = (review: service.ReviewRow) =>
    review.publishedOn === null
      ? undefined
      : 'This review has been published, so it can no longer be changed.'
  const publishBlocked = (review: service.ReviewRow) =>
    reviewPublished(review) ??
    (review.publicationHeld
      ? 'Publication of this review is held. Lift the hold before publishing.'
      : undefined)

  formPage({
    pattern: paths.reviewDetails.pattern,
    access: manage,
    template: 'case-reviews/views/review-details.njk',
    title: 'Reviewer and terms of reference',
    schema: reviewDetailsFormSchema,
    dateFields: ['reviewerAppointedOn'],
    load: async (ctx, params) => withUnavailable(await reviewForm(ctx, params), reviewPublished),
    run: async (ctx, params, value) => {
      const reviewId = params.reviewId ?? ''
      await service.updateReviewDetails(services, ctx, reviewId, value)
      return paths.review({ reviewId })
    },
  })

  formPage({
    pattern: paths.milestones.pattern,
    access: manage,
    template: 'case-reviews/views/milestones.njk',
    title: 'Milestones',
    schema: milestonesFormSchema,
    dateFields: milestoneDateFields,
    load: async (ctx, params) => {
      const data = await reviewForm(ctx, params)
      return {
        ...data,
        saved: present.milestoneValues(data.page.milestones),
        milestoneKinds: milestoneKinds.map((kind) => ({ kind, label: milestoneLabels[kind] })),
      }
    },
    run: async (ctx, params, value) => {
      const reviewId = params.reviewId ?? ''
      const dates = value as Record<string, string | null>
      await service.saveMilestones(
        services,
        ctx,
        reviewId,
        milestoneKinds.map((kind) => ({
          kind,
          plannedOn: dates[`${kind}-planned`] ?? null,
          actualOn: dates[`${kind}-actual`] ?? null,
        })),
      )
      return paths.review({ reviewId })
    },
  })

  formPage({
    pattern: paths.hold.pattern,
    access: manage,
    template: 'case-reviews/views/hold.njk',
    title: 'Publication hold',
    schema: holdFormSchema,
    load: async (ctx, params) => withUnavailable(await reviewForm(ctx, params), reviewPublished),
    run: async (ctx, params, value) => {
      const reviewId = params.reviewId ?? ''
      await service.setPublicationHold(
        services,
        ctx,
        reviewId,
        value.held === 'yes' ? { held: true, reason: value.holdReason } : { held: false },
      )
      return paths.review({ reviewId })
    },
  })

  const publishPage = async (
    request: FastifyRequest<{ Params: { reviewId: string } }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[] = [],
    status = errors.length > 0 ? 400 : 200,
  ) => {
    const ctx = requestContext(request)
    const data = await reviewForm(ctx, request.params)
    const unavailable = publishBlocked(data.review)
    if (request.method === 'GET' && unavailable !== undefined)
      return reply.render('case-reviews/views/unavailable.njk', {
        pageTitle: 'Publish the review',
        ...data,
        unavailable,
      })
    return reply.code(status).render('case-reviews/views/publish.njk', {
      pageTitle: 'Publish the review',
      ...data,
      allowedFiles: describeKinds(documentKinds),
      values,
      errors: formErrors(errors, request.body),
    })
  }

  app.get<{ Params: { reviewId: string } }>(
    paths.publish.pattern,
    { config: { access: manage } },
    async (request, reply) => publishPage(request, reply, {}),
  )

  app.post<{ Params: { reviewId: string } }>(
    paths.publish.pattern,
    { config: { access: manage, uploads: { fileBytes: MAX_UPLOAD_BYTES, files: 2 } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const form = multipartForm(request.body)
      const parsed = parseForm(publishFormSchema, withDateParts(form.fields, ['publishedOn']))
      const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors]
      const report = checkUpload(form.files.report?.[0], documentKinds)
      if (!report.ok) errors.push({ field: 'report', message: report.message })
      const briefing = checkUpload(form.files.briefing?.[0], documentKinds)
      if (!briefing.ok) errors.push({ field: 'briefing', message: briefing.message })
      if (!parsed.ok || !report.ok || !briefing.ok)
        return publishPage(request, reply, submittedValues(form.fields), errors)
      try {
        await service.publishReview(services, ctx, request.params.reviewId, {
          ...parsed.value,
          report: report.upload,
          briefing: briefing.upload,
        })
      } catch (error) {
        if (error instanceof ValidationError)
          return publishPage(request, reply, submittedValues(form.fields), error.fields)
        if (isAppError(error) && error.code === 'conflict')
          return publishPage(
            request,
            reply,
            submittedValues(form.fields),
            [
              {
                field: 'form',
                message: `${error.message} Your title and summary are kept below; choose the files again when you publish.`,
              },
            ],
            409,
          )
        throw error
      }
      return reply.redirect(paths.review({ reviewId: request.params.reviewId }), 303)
    },
  )

  app.get<{ Params: { reviewId: string; file: string } }>(
    paths.reviewFile.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const file = await service.reviewFile(
        services,
        ctx,
        request.params.reviewId,
        request.params.file,
      )
      return sendStoredFile(reply, file)
    },
  )
}
