// The learning module's pages. Thin: declare access, parse input, call the service, render.
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requestContext } from '../../platform/http/access-control.ts'
import { formErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { ValidationError, notFound, type FieldError } from '../../platform/errors.ts'
import { sendDownload } from '../../platform/exports/download.ts'
import { toDocx } from '../../platform/exports/docx.ts'
import { withDateParts } from '../../platform/validation.ts'
import type { Services } from '../../platform/services.ts'
import { presentActionRow, raiseActionOptions, raiseActionFormSchema } from '../actions/index.ts'
import { performancePaths } from '../performance/index.ts'
import { learningPaths } from './paths.ts'
import {
  addresseeOf,
  presentActions,
  presentRecommendation,
  presentThemeSummary,
  presentThemeView,
  recommendationTag,
  reviewTypeLabels,
} from './presenter.ts'
import {
  briefingFormSchema,
  findingFormSchema,
  impactFormSchema,
  recommendationFormSchema,
  reviewFormSchema,
  signOffFormSchema,
  themeFormSchema,
} from './schemas.ts'
import * as service from './service.ts'
import { LEARNING_PERMISSIONS, LEARNING_REVIEW_SOURCE } from './service.ts'
import type { DescribedFindingSource, FindingSourceRegistry } from './sources.ts'
import { findingSourceKey } from './sources.ts'
import { newLearningReviewTypes } from './tables.ts'

const read = { permission: LEARNING_PERMISSIONS.read }
const manage = { permission: LEARNING_PERMISSIONS.manage }
const themes = { permission: LEARNING_PERMISSIONS.themes }
const briefings = { permission: LEARNING_PERMISSIONS.briefings }
const reviews = { permission: LEARNING_PERMISSIONS.reviews }

type Values = Record<string, unknown>

const sourceQuery = z.object({ sourceType: z.string().max(40), sourceId: z.string().max(40) })
const briefingQuery = z.union([z.object({ themeId: z.string().max(40) }), sourceQuery])

function view(name: string): string {
  return `learning/views/${name}.njk`
}

function status(errors: readonly FieldError[]): number {
  return errors.length > 0 ? 400 : 200
}

function findingItem(f: service.FindingRow, sources: ReadonlyMap<string, DescribedFindingSource>) {
  return {
    ...f,
    href: learningPaths.finding({ findingId: f.id }),
    source: sources.get(findingSourceKey({ type: f.sourceType, id: f.sourceId })),
  }
}

export function learningRoutes(
  app: FastifyInstance,
  services: Services,
  sources: FindingSourceRegistry,
): void {
  /** Runs a use case from a form; a ValidationError re-renders the form with its messages. */
  const attempt = async (
    run: () => Promise<string>,
    again: (errors: readonly FieldError[]) => Promise<FastifyReply>,
    reply: FastifyReply,
  ) => {
    let location: string
    try {
      location = await run()
    } catch (error) {
      if (error instanceof ValidationError) return again(error.fields)
      throw error
    }
    return reply.redirect(location, 303)
  }

  // -------------------------------------------------------------------------------------------
  // The theme view, one theme, the printable summary.

  app.get(learningPaths.themeView.pattern, { config: { access: read } }, async (request, reply) => {
    const ctx = requestContext(request)
    const data = await service.themeView(services, ctx)
    return reply.render(view('theme-view'), {
      pageTitle: 'What we learned and what changed',
      theme: presentThemeView(data.view),
      totalFindings: data.view.totalFindings,
      canManage: services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage),
      canAdminister: services.policy.can(ctx.actor, LEARNING_PERMISSIONS.themes),
    })
  })

  app.get(
    learningPaths.themeSummary.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const data = await service.themeSummary(services, ctx)
      const described = await sources.describeAll(
        services.db,
        ctx.scope,
        data.findings.map((f) => ({ type: f.sourceType, id: f.sourceId })),
      )
      return reply.render(view('summary'), {
        pageTitle: 'Learning summary: themes, recommendations and actions',
        theme: presentThemeView(data.view),
        sections: presentThemeSummary(
          data.view,
          { ...data, actions: data.visibleActions },
          described,
        ),
        totalFindings: data.view.totalFindings,
        today: data.today,
        backLink: { href: learningPaths.themeView() },
      })
    },
  )

  app.get<{ Params: { themeId: string } }>(
    learningPaths.theme.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.themeDetail(services, ctx, request.params.themeId)
      const row = detail.view.rows.find((r) => r.theme.id === detail.theme.id)
      const described = await sources.describeAll(
        services.db,
        ctx.scope,
        detail.findings.map((f) => ({ type: f.sourceType, id: f.sourceId })),
      )
      const returning = new Set(row?.returningFindingIds ?? [])
      return reply.render(view('theme'), {
        pageTitle: detail.theme.name,
        theme: detail.theme,
        years: detail.view.years,
        byYear: row?.byYear ?? [],
        firstActionCompletedOn: row?.firstActionCompletedOn ?? null,
        findings: detail.findings.map((f) => ({
          ...findingItem(f, described),
          returning: returning.has(f.id),
        })),
        sourceCount: row?.sources.length ?? 0,
        recommendations: detail.recommendations.map(presentRecommendation),
        actions: presentActions(detail.actions, detail.today, detail.recommendations),
        backLink: { href: learningPaths.themeView(), text: 'Theme view' },
      })
    },
  )

  // -------------------------------------------------------------------------------------------
  // The theme vocabulary.

  app.get(
    learningPaths.vocabulary.pattern,
    { config: { access: themes } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const list = await service.listVocabulary(services, ctx)
      return reply.render(view('vocabulary'), {
        pageTitle: 'Theme vocabulary',
        active: list.filter((t) => t.retiredAt === null),
        retired: list.filter((t) => t.retiredAt !== null),
        backLink: { href: learningPaths.themeView(), text: 'Theme view' },
      })
    },
  )

  const themeForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    themeId: string | undefined,
    values: Values,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const theme =
      themeId === undefined ? undefined : await service.getVocabularyTheme(services, ctx, themeId)
    return reply.code(status(errors)).render(view('theme-form'), {
      pageTitle: theme === undefined ? 'Add a theme' : `Rename “${theme.name}”`,
      action:
        theme === undefined
          ? learningPaths.vocabularyNew()
          : learningPaths.vocabularyEdit({ themeId: theme.id }),
      values,
      errors: formErrors(errors),
      backLink: { href: learningPaths.vocabulary() },
    })
  }

  app.get(
    learningPaths.vocabularyNew.pattern,
    { config: { access: themes } },
    async (request, reply) => themeForm(request, reply, undefined, {}),
  )
  app.post(
    learningPaths.vocabularyNew.pattern,
    { config: { access: themes } },
    async (request, reply) => {
      const parsed = parseForm(themeFormSchema, request.body)
      const values = submittedValues(request.body)
      if (!parsed.ok) return themeForm(request, reply, undefined, values, parsed.errors)
      return attempt(
        async () => {
          await service.addTheme(services, requestContext(request), parsed.value)
          return learningPaths.vocabulary()
        },
        (errors) => themeForm(request, reply, undefined, values, errors),
        reply,
      )
    },
  )
  app.get<{ Params: { themeId: string } }>(
    learningPaths.vocabularyEdit.pattern,
    { config: { access: themes } },
    async (request, reply) => {
      const theme = await service.getVocabularyTheme(
        services,
        requestContext(request),
        request.params.themeId,
      )
      return themeForm(request, reply, theme.id, {
        name: theme.name,
        description: theme.description ?? '',
      })
    },
  )
  app.post<{ Params: { themeId: string } }>(
    learningPaths.vocabularyEdit.pattern,
    { config: { access: themes } },
    async (request, reply) => {
      const { themeId } = request.params
      const parsed = parseForm(themeFormSchema, request.body)
      const values = submittedValues(request.body)
      if (!parsed.ok) return themeForm(request, reply, themeId, values, parsed.errors)
      return attempt(
        async () => {
          await service.renameTheme(services, requestContext(request), themeId, parsed.value)
          return learningPaths.vocabulary()
        },
        (errors) => themeForm(request, reply, themeId, values, errors),
        reply,
      )
    },
  )
  for (const [pattern, retired] of [
    [learningPaths.vocabularyRetire.pattern, true],
    [learningPaths.vocabularyReinstate.pattern, false],
  ] as const) {
    app.post<{ Params: { themeId: string } }>(
      pattern,
      { config: { access: themes } },
      async (request, reply) => {
        await service.setThemeRetired(
          services,
          requestContext(request),
          request.params.themeId,
          retired,
        )
        return reply.redirect(learningPaths.vocabulary(), 303)
      },
    )
  }

  // -------------------------------------------------------------------------------------------
  // Learning reviews.

  app.get(
    learningPaths.reviews.pattern,
    { config: { access: reviews } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const reviews = await service.listReviews(services, ctx)
      return reply.render(view('reviews'), {
        pageTitle: 'Learning reviews and audits',
        reviews: reviews.map((r) => ({
          ...r,
          href: learningPaths.review({ reviewId: r.id }),
          typeLabel: reviewTypeLabels[r.reviewType],
        })),
        canManage: services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage),
        backLink: { href: learningPaths.themeView(), text: 'Theme view' },
      })
    },
  )

  const reviewForm = async (
    _request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors: readonly FieldError[] = [],
  ) =>
    reply.code(status(errors)).render(view('review-form'), {
      pageTitle: 'Record a learning review or audit',
      values,
      errors: formErrors(errors),
      reviewTypes: newLearningReviewTypes.map((t) => ({ value: t, text: reviewTypeLabels[t] })),
      backLink: { href: learningPaths.reviews() },
    })

  app.get(learningPaths.reviewNew.pattern, { config: { access: manage } }, async (request, reply) =>
    reviewForm(request, reply, {}),
  )
  app.post(
    learningPaths.reviewNew.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const values = submittedValues(request.body)
      const parsed = parseForm(reviewFormSchema, withDateParts(request.body, ['heldOn']))
      if (!parsed.ok) return reviewForm(request, reply, values, parsed.errors)
      const id = await service.createReview(services, requestContext(request), parsed.value)
      return reply.redirect(learningPaths.review({ reviewId: id }), 303)
    },
  )

  app.get<{ Params: { reviewId: string } }>(
    learningPaths.review.pattern,
    { config: { access: reviews } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const { review, findings } = await service.getReview(services, ctx, request.params.reviewId)
      const described = await sources.describeAll(
        services.db,
        ctx.scope,
        findings.map((f) => ({ type: f.sourceType, id: f.sourceId })),
      )
      return reply.render(view('review'), {
        pageTitle: review.title,
        review: { ...review, typeLabel: reviewTypeLabels[review.reviewType] },
        findings: findings.map((f) => findingItem(f, described)),
        canManage: services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage),
        newFinding: learningPaths.findingNew(undefined, {
          sourceType: LEARNING_REVIEW_SOURCE,
          sourceId: review.id,
        }),
        newBriefing: learningPaths.briefingNew(undefined, {
          sourceType: LEARNING_REVIEW_SOURCE,
          sourceId: review.id,
        }),
        backLink: { href: learningPaths.reviews(), text: 'Learning reviews and audits' },
      })
    },
  )

  // -------------------------------------------------------------------------------------------
  // Findings.

  app.get(learningPaths.findings.pattern, { config: { access: read } }, async (request, reply) => {
    const ctx = requestContext(request)
    const { findings, sources: described } = await service.listFindings(services, ctx, sources)
    return reply.render(view('findings'), {
      pageTitle: 'Findings',
      findings: findings.map((f) => findingItem(f, described)),
      backLink: { href: learningPaths.themeView(), text: 'Theme view' },
    })
  })

  const findingForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ref: { type: string; id: string },
    values: Values,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const source = await service.findingSource(services, ctx, sources, ref)
    const active = await service.activeThemes(services, ctx.scope)
    const chosen = new Set(
      ([] as unknown[]).concat(values.themeIds ?? []).filter((v) => typeof v === 'string'),
    )
    return reply.code(status(errors)).render(view('finding-form'), {
      pageTitle: 'Record a finding',
      source,
      values,
      errors: formErrors(errors),
      themes: active.map((t) => ({ value: t.id, text: t.name, checked: chosen.has(t.id) })),
      backLink: { href: source.href ?? learningPaths.findings() },
    })
  }

  app.get(
    learningPaths.findingNew.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const query = sourceQuery.safeParse(request.query)
      if (!query.success) throw notFound()
      const ref = { type: query.data.sourceType, id: query.data.sourceId }
      return findingForm(request, reply, ref, { sourceType: ref.type, sourceId: ref.id })
    },
  )
  app.post(
    learningPaths.findingNew.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const values = submittedValues(request.body)
      const body = withDateParts(request.body, ['identifiedOn'])
      const ref = sourceQuery.safeParse(body)
      if (!ref.success) throw notFound()
      const source = { type: ref.data.sourceType, id: ref.data.sourceId }
      const parsed = parseForm(findingFormSchema, body)
      if (!parsed.ok) return findingForm(request, reply, source, values, parsed.errors)
      return attempt(
        async () => {
          const id = await service.createFinding(
            services,
            requestContext(request),
            sources,
            parsed.value,
          )
          return learningPaths.finding({ findingId: id })
        },
        (errors) => findingForm(request, reply, source, values, errors),
        reply,
      )
    },
  )

  app.get<{ Params: { findingId: string } }>(
    learningPaths.finding.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.getFinding(services, ctx, sources, request.params.findingId)
      return reply.render(view('finding'), {
        pageTitle: detail.finding.title,
        finding: detail.finding,
        source: detail.source,
        themes: detail.finding.themes.map((t) => ({
          ...t,
          href: learningPaths.theme({ themeId: t.id }),
        })),
        recommendations: detail.recommendations.map(presentRecommendation),
        canManage: detail.canManage,
        backLink: { href: detail.source.href ?? learningPaths.findings() },
      })
    },
  )

  // -------------------------------------------------------------------------------------------
  // Recommendations.

  const recommendationForm = async (
    request: FastifyRequest<{ Params: { findingId: string } }>,
    reply: FastifyReply,
    values: Values,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    const detail = await service.getFinding(services, ctx, sources, request.params.findingId, {
      audit: false,
    })
    const options = await raiseActionOptions(fromLegacyContext(services, { scope: ctx.scope }))
    return reply.code(status(errors)).render(view('recommendation-form'), {
      pageTitle: 'Make a recommendation',
      finding: detail.finding,
      agencies: options.agencies,
      values,
      errors: formErrors(errors),
      backLink: { href: learningPaths.finding({ findingId: detail.finding.id }) },
    })
  }

  app.get<{ Params: { findingId: string } }>(
    learningPaths.recommendationNew.pattern,
    { config: { access: manage } },
    async (request, reply) => recommendationForm(request, reply, {}),
  )
  app.post<{ Params: { findingId: string } }>(
    learningPaths.recommendationNew.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const values = submittedValues(request.body)
      const parsed = parseForm(recommendationFormSchema, request.body)
      if (!parsed.ok) return recommendationForm(request, reply, values, parsed.errors)
      return attempt(
        async () => {
          const id = await service.createRecommendation(
            services,
            requestContext(request),
            request.params.findingId,
            parsed.value,
          )
          return learningPaths.recommendation({ recommendationId: id })
        },
        (errors) => recommendationForm(request, reply, values, errors),
        reply,
      )
    },
  )

  type RecParams = { Params: { recommendationId: string } }

  app.get<RecParams>(
    learningPaths.recommendation.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.getRecommendation(services, ctx, request.params.recommendationId)
      const r = detail.recommendation
      return reply.render(view('recommendation'), {
        pageTitle: r.title,
        recommendation: {
          ...r,
          addressee: addresseeOf(r),
          status: recommendationTag(r.status),
          impactIndicatorHref:
            r.impactIndicatorId === null
              ? null
              : performancePaths.indicator({ indicatorId: r.impactIndicatorId }),
        },
        statusValue: r.status,
        finding: {
          ...detail.finding,
          href: learningPaths.finding({ findingId: detail.finding.id }),
        },
        actions: detail.actions.map((a) => presentActionRow(a, detail.today, new Map())),
        hiddenActions: detail.actionCount - detail.actions.length,
        canManage: detail.canManage,
        signOffBlocked: detail.signOffBlocked,
        backLink: { href: learningPaths.finding({ findingId: detail.finding.id }) },
      })
    },
  )

  const recommendationPage = async (
    request: FastifyRequest<RecParams>,
    reply: FastifyReply,
    template: string,
    title: string,
    values: Values,
    errors: readonly FieldError[],
    extra: Values = {},
  ) => {
    const ctx = requestContext(request)
    const detail = await service.getRecommendation(services, ctx, request.params.recommendationId, {
      audit: false,
    })
    return reply.code(status(errors)).render(view(template), {
      pageTitle: title,
      recommendation: {
        ...detail.recommendation,
        addressee: addresseeOf(detail.recommendation),
        href: learningPaths.recommendation({ recommendationId: detail.recommendation.id }),
      },
      signOffBlocked: detail.signOffBlocked,
      values,
      errors: formErrors(errors),
      backLink: {
        href: learningPaths.recommendation({ recommendationId: detail.recommendation.id }),
      },
      ...extra,
    })
  }

  const raiseActionPage = async (
    request: FastifyRequest<RecParams>,
    reply: FastifyReply,
    values: Values,
    errors: readonly FieldError[] = [],
  ) =>
    recommendationPage(request, reply, 'recommendation-action', 'Raise an action', values, errors, {
      options: await raiseActionOptions(
        fromLegacyContext(services, { scope: requestContext(request).scope }),
      ),
    })

  app.get<RecParams>(
    learningPaths.recommendationAction.pattern,
    { config: { access: manage } },
    async (request, reply) => raiseActionPage(request, reply, {}),
  )
  app.post<RecParams>(
    learningPaths.recommendationAction.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const values = submittedValues(request.body)
      const parsed = parseForm(raiseActionFormSchema, withDateParts(request.body, ['dueDate']))
      if (!parsed.ok) return raiseActionPage(request, reply, values, parsed.errors)
      const { recommendationId } = request.params
      return attempt(
        async () => {
          await service.raiseRecommendationAction(
            services,
            requestContext(request),
            recommendationId,
            parsed.value,
          )
          return learningPaths.recommendation({ recommendationId })
        },
        (errors) => raiseActionPage(request, reply, values, errors),
        reply,
      )
    },
  )

  const signOffPage = async (
    request: FastifyRequest<RecParams>,
    reply: FastifyReply,
    values: Values,
    errors: readonly FieldError[] = [],
  ) =>
    recommendationPage(
      request,
      reply,
      'recommendation-sign-off',
      'Sign off the recommendation',
      values,
      errors,
    )

  app.get<RecParams>(
    learningPaths.recommendationSignOff.pattern,
    { config: { access: manage } },
    async (request, reply) => signOffPage(request, reply, {}),
  )
  app.post<RecParams>(
    learningPaths.recommendationSignOff.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const values = submittedValues(request.body)
      const parsed = parseForm(signOffFormSchema, withDateParts(request.body, ['agreedOn']))
      if (!parsed.ok) return signOffPage(request, reply, values, parsed.errors)
      const { recommendationId } = request.params
      return attempt(
        async () => {
          await service.signOffRecommendation(
            services,
            requestContext(request),
            recommendationId,
            parsed.value,
          )
          return learningPaths.recommendation({ recommendationId })
        },
        (errors) => signOffPage(request, reply, values, errors),
        reply,
      )
    },
  )

  const impactPage = async (
    request: FastifyRequest<RecParams>,
    reply: FastifyReply,
    values: Values,
    errors: readonly FieldError[] = [],
  ) =>
    recommendationPage(
      request,
      reply,
      'recommendation-impact',
      'Record the evidence of impact',
      values,
      errors,
      {
        indicators: [
          { value: '', text: 'None' },
          ...(await service.impactIndicatorOptions(services, requestContext(request).scope)),
        ].map((o) => ({ ...o, selected: o.value === (values.impactIndicatorId ?? '') })),
      },
    )

  app.get<RecParams>(
    learningPaths.recommendationImpact.pattern,
    { config: { access: manage } },
    async (request, reply) => impactPage(request, reply, {}),
  )
  app.post<RecParams>(
    learningPaths.recommendationImpact.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const values = submittedValues(request.body)
      const parsed = parseForm(impactFormSchema, request.body)
      if (!parsed.ok) return impactPage(request, reply, values, parsed.errors)
      const { recommendationId } = request.params
      return attempt(
        async () => {
          await service.recordImpact(
            services,
            requestContext(request),
            recommendationId,
            parsed.value,
          )
          return learningPaths.recommendation({ recommendationId })
        },
        (errors) => impactPage(request, reply, values, errors),
        reply,
      )
    },
  )

  // -------------------------------------------------------------------------------------------
  // Practitioner briefings.

  app.get(
    learningPaths.briefings.pattern,
    { config: { access: briefings } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const list = await service.listBriefingsFor(services, ctx)
      return reply.render(view('briefings'), {
        pageTitle: 'Learning briefings',
        briefings: list.briefings.map((b) => ({
          ...b,
          href: learningPaths.briefing({ briefingId: b.id }),
        })),
        canManage: list.canManage,
      })
    },
  )

  const subjectOf = (query: unknown): service.BriefingSubject | undefined => {
    const parsed = briefingQuery.safeParse(query)
    if (!parsed.success) return undefined
    return 'themeId' in parsed.data
      ? { kind: 'theme', themeId: parsed.data.themeId }
      : { kind: 'source', type: parsed.data.sourceType, id: parsed.data.sourceId }
  }

  const briefingForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    target: { subject: service.BriefingSubject } | { briefingId: string },
    values: Values,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = requestContext(request)
    if ('briefingId' in target) {
      const detail = await service.getBriefing(services, ctx, sources, target.briefingId)
      return reply.code(status(errors)).render(view('briefing-form'), {
        pageTitle: 'Edit the briefing',
        subject: detail.subject,
        action: learningPaths.briefingEdit({ briefingId: detail.briefing.id }),
        hidden: {},
        values,
        errors: formErrors(errors),
        backLink: { href: learningPaths.briefing({ briefingId: detail.briefing.id }) },
      })
    }
    services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
    const subject = await service.briefingSubject(services, ctx, sources, target.subject)
    return reply.code(status(errors)).render(view('briefing-form'), {
      pageTitle: 'Write a learning briefing',
      subject,
      action: learningPaths.briefingNew(),
      hidden:
        target.subject.kind === 'theme'
          ? { themeId: target.subject.themeId }
          : { sourceType: target.subject.type, sourceId: target.subject.id },
      values,
      errors: formErrors(errors),
      backLink: { href: subject.href ?? learningPaths.briefings() },
    })
  }

  app.get(
    learningPaths.briefingNew.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const subject = subjectOf(request.query)
      if (subject === undefined) throw notFound()
      return briefingForm(request, reply, { subject }, {})
    },
  )
  app.post(
    learningPaths.briefingNew.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const subject = subjectOf(request.body)
      if (subject === undefined) throw notFound()
      const values = submittedValues(request.body)
      const parsed = parseForm(briefingFormSchema, request.body)
      if (!parsed.ok) return briefingForm(request, reply, { subject }, values, parsed.errors)
      const id = await service.createBriefing(
        services,
        requestContext(request),
        sources,
        subject,
        parsed.value,
      )
      return reply.redirect(learningPaths.briefing({ briefingId: id }), 303)
    },
  )

  type BriefingParams = { Params: { briefingId: string } }

  app.get<BriefingParams>(
    learningPaths.briefing.pattern,
    { config: { access: briefings } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.getBriefing(services, ctx, sources, request.params.briefingId)
      return reply.render(view('briefing'), {
        pageTitle: detail.briefing.title,
        briefing: detail.briefing,
        subject: detail.subject,
        canManage: detail.canManage,
        backLink: { href: learningPaths.briefings(), text: 'Learning briefings' },
      })
    },
  )

  app.get<BriefingParams>(
    learningPaths.briefingEdit.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const { briefing } = await service.getBriefing(
        services,
        ctx,
        sources,
        request.params.briefingId,
      )
      return briefingForm(
        request,
        reply,
        { briefingId: briefing.id },
        {
          title: briefing.title,
          whatHappened: briefing.whatHappened,
          whatWeLearned: briefing.whatWeLearned,
          whatToDoDifferently: briefing.whatToDoDifferently,
          questionsForReflection: briefing.questionsForReflection,
        },
      )
    },
  )
  app.post<BriefingParams>(
    learningPaths.briefingEdit.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const { briefingId } = request.params
      const values = submittedValues(request.body)
      const parsed = parseForm(briefingFormSchema, request.body)
      if (!parsed.ok) return briefingForm(request, reply, { briefingId }, values, parsed.errors)
      await service.updateBriefing(services, requestContext(request), briefingId, parsed.value)
      return reply.redirect(learningPaths.briefing({ briefingId }), 303)
    },
  )

  for (const [pattern, published] of [
    [learningPaths.briefingPublish.pattern, true],
    [learningPaths.briefingUnpublish.pattern, false],
  ] as const) {
    app.post<BriefingParams>(pattern, { config: { access: manage } }, async (request, reply) => {
      const { briefingId } = request.params
      await service.setBriefingPublished(services, requestContext(request), briefingId, published)
      return reply.redirect(learningPaths.briefing({ briefingId }), 303)
    })
  }

  app.get<BriefingParams>(
    learningPaths.briefingDocx.pattern,
    { config: { access: briefings } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const { briefing, subject } = await service.getBriefing(
        services,
        ctx,
        sources,
        request.params.briefingId,
      )
      const document = await toDocx({
        title: briefing.title,
        subtitle: `Learning briefing · ${subject.label}: ${subject.title}`,
        blocks: [
          { kind: 'heading', level: 2, text: 'What happened' },
          { kind: 'paragraph', text: briefing.whatHappened },
          { kind: 'heading', level: 2, text: 'What we learned' },
          { kind: 'paragraph', text: briefing.whatWeLearned },
          { kind: 'heading', level: 2, text: 'What to do differently' },
          { kind: 'paragraph', text: briefing.whatToDoDifferently },
          { kind: 'heading', level: 2, text: 'Questions for reflection' },
          { kind: 'paragraph', text: briefing.questionsForReflection },
        ],
      })
      await service.auditBriefingExport(services, ctx, briefing.id)
      return sendDownload(reply, 'docx', `Learning briefing ${briefing.title}`, document)
    },
  )
}
