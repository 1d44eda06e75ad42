// The performance pages. Thin: declare access, parse input, call the service, render.
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requestContext, type RequestContext } from '../../platform/http/access-control.ts'
import { formErrors, parseForm, submittedValues } from '../../platform/http/forms.ts'
import { MAX_UPLOAD_BYTES, multipartForm } from '../../platform/http/uploads.ts'
import { importLogPath, importPaths } from '../../platform/imports/index.ts'
import { sendDownload } from '../../platform/exports/download.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { withDateParts } from '../../platform/validation.ts'
import { messages } from '../../platform/messages.ts'
import type { Services } from '../../platform/services.ts'
import {
  actionPaths,
  raiseActionFormSchema,
  raiseActionOptions,
  actionStatusLabels,
} from '../actions/index.ts'
import { boardPaper, rawCsv, scorecardWorkbook } from './exports.ts'
import { raisedFromIndicator } from './concerns.ts'
import { performancePaths } from './paths.ts'
import {
  formatValue,
  measureLabels,
  monthOptions,
  polarityLabels,
  presentDetail,
  presentScorecard,
} from './presenter.ts'
import {
  frequencies,
  frequencyLabels,
  periodCode,
  periodContaining,
  periodLabel,
  latestPeriodEndedBy,
  addMonths,
} from './rules/periods.ts'
import { polarities } from './rules/rag.ts'
import { unitLabels, units } from './rules/rates.ts'
import {
  areaFormSchema,
  commentaryFormSchema,
  indicatorFormSchema,
  valueFormSchema,
  type IndicatorForm,
} from './schemas.ts'
import * as service from './service.ts'
import { PERFORMANCE_PERMISSIONS } from './service.ts'
import { SUBMISSION_IMPORT } from './submission-import.ts'
import { confidenceRatings, measures, valueStatuses } from './tables.ts'

const read = { permission: PERFORMANCE_PERMISSIONS.read }
const submit = { permission: PERFORMANCE_PERMISSIONS.submit }
const manage = { permission: PERFORMANCE_PERMISSIONS.manage }
const raise = { permission: PERFORMANCE_PERMISSIONS.raise }

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

// The filter form sends every field, empty when it means "any": an empty value is no filter, and
// a value that does not fit is ignored on its own rather than dropping the other filters.
const filterField = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined)

const scorecardQuery = z.object({
  month: filterField(z.string().regex(MONTH)),
  priority: filterField(z.string().max(200)),
  subGroup: filterField(z.string().max(200)),
  agency: filterField(z.uuid()),
})

type IndicatorParams = { indicatorId: string }

function scorecardRequest(request: FastifyRequest): service.ScorecardRequest {
  const parsed = scorecardQuery.safeParse(request.query)
  const q = parsed.success ? parsed.data : {}
  return {
    ...(q.month === undefined ? {} : { month: `${q.month}-01` }),
    ...(q.priority === undefined ? {} : { priority: q.priority }),
    ...(q.subGroup === undefined ? {} : { subGroup: q.subGroup }),
    ...(q.agency === undefined ? {} : { agencyId: q.agency }),
  }
}

function monthOf(request: FastifyRequest): string | undefined {
  const q = request.query as Record<string, unknown> | undefined
  const m = q?.month
  return typeof m === 'string' && MONTH.test(m) ? `${m}-01` : undefined
}

function indicatorFields(v: IndicatorForm) {
  return {
    code: v.code,
    title: v.title,
    definition: v.definition,
    numeratorDefinition: v.numeratorDefinition,
    denominatorDefinition: v.denominatorDefinition,
    unit: v.unit,
    polarity: v.polarity,
    frequency: v.frequency,
    measure: v.measure,
    ownerAgencyId: v.ownerAgencyId,
    source: v.source,
    priority: v.priority,
    subGroup: v.subGroup,
    target: v.target,
    tolerance: v.tolerance,
    byArea: v.byArea,
    daysToSubmit: v.daysToSubmit,
  }
}

const options = <T extends string>(values: readonly T[], labels: Readonly<Record<T, string>>) =>
  values.map((value) => ({ value, text: labels[value] }))

export function performanceRoutes(app: FastifyInstance, services: Services): void {
  // ---------------------------------------------------------------------------------------------
  // Scorecard and drill-down.

  app.get(
    performancePaths.scorecard.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const req = scorecardRequest(request)
      const card = await service.scorecard(services, ctx, req)
      const query = {
        month: card.month.slice(0, 7),
        priority: req.priority,
        subGroup: req.subGroup,
        agency: req.agencyId,
      }
      return reply.render('performance/views/scorecard.njk', {
        pageTitle: 'Scorecard',
        month: periodLabel('monthly', card.month),
        sections: presentScorecard(card),
        filter: {
          months: monthOptions(card.months, card.month),
          priorities: card.priorities,
          subGroups: card.subGroups,
          agencies: card.agencies,
          values: query,
        },
        exports: {
          xlsx: performancePaths.exportXlsx(undefined, query),
          docx: performancePaths.exportDocx(undefined, query),
          csv: performancePaths.exportCsv(),
        },
      })
    },
  )

  app.get(
    performancePaths.catalogue.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const rows = await service.listCatalogue(services, ctx)
      return reply.render('performance/views/catalogue.njk', {
        pageTitle: 'Indicator catalogue',
        indicators: rows.map((i) => ({
          ...i,
          href: performancePaths.indicator({ indicatorId: i.id }),
          unitLabel: unitLabels[i.unit],
          frequencyLabel: frequencyLabels[i.frequency],
          polarityLabel: polarityLabels[i.polarity],
          targetText: i.target === null ? 'None' : formatValue(i.target, i.unit),
        })),
      })
    },
  )

  app.get<{ Params: IndicatorParams }>(
    performancePaths.indicator.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const detail = await service.indicatorDetail(
        services,
        ctx,
        request.params.indicatorId,
        monthOf(request),
      )
      const page = presentDetail(detail)
      return reply.render('performance/views/indicator.njk', {
        pageTitle: `${detail.indicator.code}: ${detail.indicator.title}`,
        indicator: detail.indicator,
        page,
        canSubmit: detail.canSubmit,
        canRaise: detail.canRaise && service.canRaiseFrom(detail.line),
        actions: detail.actions.map((a) => ({
          reference: `A-${String(a.reference).padStart(4, '0')}`,
          title: a.title,
          owner: a.ownerAgencyName,
          status: actionStatusLabels[a.status],
          dueDate: a.dueDate,
          href: actionPaths.action({ actionId: a.id }),
        })),
        raised: await raisedFromIndicator(services, ctx, detail.indicator.id),
        commentary: detail.commentary.map((c) => ({
          ...c,
          period: periodLabel(detail.indicator.frequency, c.periodStart),
        })),
        backLink: { href: performancePaths.scorecard(), text: 'Scorecard' },
      })
    },
  )

  // ---------------------------------------------------------------------------------------------
  // The catalogue: add and change indicators.

  const indicatorPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[],
    indicatorId?: string,
  ) => {
    const ctx = requestContext(request)
    const agencies = await service.agencyOptions(services, ctx.scope)
    return reply
      .code(errors.length > 0 ? 400 : 200)
      .render('performance/views/indicator-form.njk', {
        pageTitle: indicatorId === undefined ? 'Add an indicator' : 'Change the indicator',
        editing: indicatorId !== undefined,
        values,
        errors: formErrors(errors),
        agencies,
        units: options(units, unitLabels),
        polarities: options(polarities, polarityLabels),
        frequencies: options(frequencies, frequencyLabels),
        measures: options(measures, measureLabels),
        backLink: {
          href:
            indicatorId === undefined
              ? performancePaths.catalogue()
              : performancePaths.indicator({ indicatorId }),
        },
      })
  }

  app.get(
    performancePaths.newIndicator.pattern,
    { config: { access: manage } },
    async (request, reply) => indicatorPage(request, reply, { daysToSubmit: '20' }, []),
  )

  app.post(
    performancePaths.newIndicator.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const parsed = parseForm(indicatorFormSchema, request.body)
      if (!parsed.ok)
        return indicatorPage(request, reply, submittedValues(request.body), parsed.errors)
      let id: string
      try {
        id = await service.createIndicator(services, ctx, indicatorFields(parsed.value))
      } catch (error) {
        if (error instanceof ValidationError)
          return indicatorPage(request, reply, submittedValues(request.body), error.fields)
        throw error
      }
      return reply.redirect(performancePaths.indicator({ indicatorId: id }), 303)
    },
  )

  app.get<{ Params: IndicatorParams }>(
    performancePaths.editIndicator.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const i = await service.getIndicator(services, ctx, request.params.indicatorId)
      const values = {
        ...i,
        target: i.target === null ? '' : String(i.target),
        tolerance: i.tolerance === null ? '' : String(i.tolerance),
        daysToSubmit: String(i.daysToSubmit),
        byArea: i.byArea ? 'yes' : '',
      }
      return indicatorPage(request, reply, values, [], i.id)
    },
  )

  app.post<{ Params: IndicatorParams }>(
    performancePaths.editIndicator.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const id = request.params.indicatorId
      await service.getIndicator(services, ctx, id)
      const parsed = parseForm(indicatorFormSchema, request.body)
      if (!parsed.ok)
        return indicatorPage(request, reply, submittedValues(request.body), parsed.errors, id)
      try {
        await service.updateIndicator(services, ctx, id, indicatorFields(parsed.value), {
          effectiveFrom: parsed.value.effectiveFrom,
          reason: parsed.value.reason,
        })
      } catch (error) {
        if (error instanceof ValidationError)
          return indicatorPage(request, reply, submittedValues(request.body), error.fields, id)
        throw error
      }
      return reply.redirect(performancePaths.indicator({ indicatorId: id }), 303)
    },
  )

  // ---------------------------------------------------------------------------------------------
  // Entering a value in a form, and commentary.

  const valuePage = async (
    request: FastifyRequest<{ Params: IndicatorParams }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[],
  ) => {
    const ctx = requestContext(request)
    const indicator = await service.getIndicator(services, ctx, request.params.indicatorId)
    services.policy.authorize(ctx.actor, PERFORMANCE_PERMISSIONS.submit, {
      agencyId: indicator.ownerAgencyId,
    })
    const areas = await service.areas(services, ctx.scope)
    const latest = latestPeriodEndedBy(
      indicator.frequency,
      addMonths(periodContaining('monthly', service.todayIn(services)), -1),
    )
    return reply.code(errors.length > 0 ? 400 : 200).render('performance/views/value-form.njk', {
      pageTitle: `Enter a value for ${indicator.code}`,
      indicator,
      unitLabel: unitLabels[indicator.unit],
      periodHint: `For example, ${periodCode(indicator.frequency, latest)}`,
      values: {
        period: periodCode(indicator.frequency, latest),
        status: 'provisional',
        confidence: 'high',
        ...values,
      },
      errors: formErrors(errors),
      areas: indicator.byArea ? areas.filter((a) => a.kind === 'district') : [],
      statuses: valueStatuses.map((s) => ({
        value: s,
        text: s === 'final' ? 'Final' : 'Provisional',
      })),
      confidences: confidenceRatings.map((c) => ({
        value: c,
        text: `${c[0]?.toUpperCase() ?? ''}${c.slice(1)}`,
      })),
      backLink: { href: performancePaths.indicator({ indicatorId: indicator.id }) },
    })
  }

  const valueFieldFor = {
    code: 'period',
    title: 'period',
    period: 'period',
    area: 'area',
    numerator: 'numerator',
    denominator: 'denominator',
    value: 'value',
    status: 'status',
    confidence: 'confidence',
    note: 'note',
  } as const

  app.get<{ Params: IndicatorParams }>(
    performancePaths.enterValue.pattern,
    { config: { access: submit } },
    async (request, reply) => valuePage(request, reply, {}, []),
  )

  app.post<{ Params: IndicatorParams }>(
    performancePaths.enterValue.pattern,
    { config: { access: submit } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const indicator = await service.getIndicator(services, ctx, request.params.indicatorId)
      services.policy.authorize(ctx.actor, PERFORMANCE_PERMISSIONS.submit, {
        agencyId: indicator.ownerAgencyId,
      })
      const parsed = parseForm(valueFormSchema, request.body)
      if (!parsed.ok) return valuePage(request, reply, submittedValues(request.body), parsed.errors)
      const v = parsed.value
      const result = await service.submitValues(
        services,
        ctx,
        [
          {
            code: indicator.code,
            period: v.period,
            area: v.area,
            numerator: v.numerator,
            denominator: v.denominator,
            value: v.value,
            status: v.status,
            confidence: v.confidence,
            note: v.note,
          },
        ],
        'form',
      )
      if (!result.ok)
        return valuePage(
          request,
          reply,
          submittedValues(request.body),
          result.problems.map((p) => ({ field: valueFieldFor[p.column], message: p.message })),
        )
      return reply.redirect(performancePaths.indicator({ indicatorId: indicator.id }), 303)
    },
  )

  const commentaryPage = async (
    request: FastifyRequest<{ Params: IndicatorParams }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[],
  ) => {
    const ctx = requestContext(request)
    const indicator = await service.getIndicator(services, ctx, request.params.indicatorId)
    services.policy.authorize(ctx.actor, PERFORMANCE_PERMISSIONS.submit, {
      agencyId: indicator.ownerAgencyId,
    })
    const latest = latestPeriodEndedBy(
      indicator.frequency,
      await service.defaultMonth(services, ctx.scope),
    )
    return reply.code(errors.length > 0 ? 400 : 200).render('performance/views/commentary.njk', {
      pageTitle: `Commentary on ${indicator.code}`,
      indicator,
      values: { period: periodCode(indicator.frequency, latest), ...values },
      errors: formErrors(errors),
      backLink: { href: performancePaths.indicator({ indicatorId: indicator.id }) },
    })
  }

  app.get<{ Params: IndicatorParams }>(
    performancePaths.commentary.pattern,
    { config: { access: submit } },
    async (request, reply) => commentaryPage(request, reply, {}, []),
  )

  app.post<{ Params: IndicatorParams }>(
    performancePaths.commentary.pattern,
    { config: { access: submit } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const parsed = parseForm(commentaryFormSchema, request.body)
      if (!parsed.ok)
        return commentaryPage(request, reply, submittedValues(request.body), parsed.errors)
      try {
        await service.saveCommentary(services, ctx, request.params.indicatorId, parsed.value)
      } catch (error) {
        if (error instanceof ValidationError)
          return commentaryPage(request, reply, submittedValues(request.body), error.fields)
        throw error
      }
      return reply.redirect(
        performancePaths.indicator({ indicatorId: request.params.indicatorId }),
        303,
      )
    },
  )

  // ---------------------------------------------------------------------------------------------
  // From numbers to action.

  const raiseActionPage = async (
    request: FastifyRequest<{ Params: IndicatorParams }>,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: readonly FieldError[],
  ) => {
    const ctx = requestContext(request)
    const indicator = await service.getIndicator(services, ctx, request.params.indicatorId)
    return reply.code(errors.length > 0 ? 400 : 200).render('performance/views/raise-action.njk', {
      pageTitle: `Raise an action from ${indicator.code}`,
      indicator,
      options: await raiseActionOptions(fromLegacyContext(services, { scope: ctx.scope })),
      values: { ownerAgencyId: indicator.ownerAgencyId, ...values },
      errors: formErrors(errors),
      backLink: { href: performancePaths.indicator({ indicatorId: indicator.id }) },
    })
  }

  app.get<{ Params: IndicatorParams }>(
    performancePaths.raiseAction.pattern,
    { config: { access: raise } },
    async (request, reply) => raiseActionPage(request, reply, {}, []),
  )

  app.post<{ Params: IndicatorParams }>(
    performancePaths.raiseAction.pattern,
    { config: { access: raise } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const parsed = parseForm(raiseActionFormSchema, withDateParts(request.body, ['dueDate']))
      if (!parsed.ok)
        return raiseActionPage(request, reply, submittedValues(request.body), parsed.errors)
      try {
        await service.raiseActionFromIndicator(
          services,
          ctx,
          request.params.indicatorId,
          parsed.value,
        )
      } catch (error) {
        if (error instanceof ValidationError)
          return raiseActionPage(request, reply, submittedValues(request.body), error.fields)
        throw error
      }
      return reply.redirect(
        performancePaths.indicator({ indicatorId: request.params.indicatorId }),
        303,
      )
    },
  )

  // ---------------------------------------------------------------------------------------------
  // Areas, population and comparators.

  const areasView = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: readonly FieldError[]
      values?: Record<string, unknown>
      problems?: readonly service.CsvProblem[]
      imported?: number
    } = {},
  ) => {
    const ctx = requestContext(request)
    const page = await service.areasPage(services, ctx)
    const errors = extra.errors ?? []
    return reply.code(errors.length > 0 ? 400 : 200).render('performance/views/areas.njk', {
      pageTitle: 'Areas and population',
      areas: page.areas.map((a) => ({
        name: a.name,
        kind: a.kind === 'partnership' ? 'Whole partnership' : 'District',
        population: page.years.map((y) => page.population.get(`${a.id}|${y}`) ?? null),
      })),
      years: page.years,
      errors: formErrors(errors),
      values: extra.values ?? {},
      problems: extra.problems ?? [],
      imported: extra.imported,
    })
  }

  app.get(performancePaths.areas.pattern, { config: { access: manage } }, async (request, reply) =>
    areasView(request, reply),
  )

  app.post(
    performancePaths.areas.pattern,
    { config: { access: manage } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const parsed = parseForm(areaFormSchema, request.body)
      if (!parsed.ok)
        return areasView(request, reply, {
          errors: parsed.errors,
          values: submittedValues(request.body),
        })
      try {
        await service.addArea(services, ctx, parsed.value.name)
      } catch (error) {
        if (error instanceof ValidationError)
          return areasView(request, reply, {
            errors: error.fields,
            values: submittedValues(request.body),
          })
        throw error
      }
      return reply.redirect(performancePaths.areas(), 303)
    },
  )

  const importFile = (request: FastifyRequest) => multipartForm(request.body).files.file?.[0]

  app.post(
    performancePaths.population.pattern,
    { config: { access: manage, uploads: { fileBytes: MAX_UPLOAD_BYTES } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const file = importFile(request)
      if (file === undefined)
        return areasView(request, reply, {
          errors: [{ field: 'file', message: messages.fileRequired() }],
        })
      if (file.truncated)
        return areasView(request, reply, {
          errors: [{ field: 'file', message: messages.fileSize(20) }],
        })
      const result = await service.importPopulation(services, ctx, file.data)
      if (!result.ok)
        return areasView(request, reply, {
          errors: [
            {
              field: 'file',
              message:
                result.fileError ??
                `The selected file has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: nothing was imported`,
            },
          ],
          problems: result.problems,
        })
      return areasView(request, reply, { imported: result.count })
    },
  )

  const comparatorsView = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: readonly FieldError[]
      problems?: readonly service.CsvProblem[]
      imported?: number
    } = {},
  ) => {
    const errors = extra.errors ?? []
    return reply.code(errors.length > 0 ? 400 : 200).render('performance/views/comparators.njk', {
      pageTitle: 'Comparators',
      errors: formErrors(errors),
      problems: extra.problems ?? [],
      imported: extra.imported,
    })
  }

  app.get(
    performancePaths.comparators.pattern,
    { config: { access: manage } },
    async (request, reply) => comparatorsView(request, reply),
  )

  app.post(
    performancePaths.comparators.pattern,
    { config: { access: manage, uploads: { fileBytes: MAX_UPLOAD_BYTES } } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const file = importFile(request)
      if (file === undefined)
        return comparatorsView(request, reply, {
          errors: [{ field: 'file', message: messages.fileRequired() }],
        })
      if (file.truncated)
        return comparatorsView(request, reply, {
          errors: [{ field: 'file', message: messages.fileSize(20) }],
        })
      const result = await service.importComparators(services, ctx, file.data)
      if (!result.ok)
        return comparatorsView(request, reply, {
          errors: [
            {
              field: 'file',
              message:
                result.fileError ??
                `The selected file has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: nothing was imported`,
            },
          ],
          problems: result.problems,
        })
      return comparatorsView(request, reply, { imported: result.count })
    },
  )

  // ---------------------------------------------------------------------------------------------
  // Submissions: the data calendar. Files are uploaded, checked, previewed and confirmed through
  // the platform import kit (submission-import.ts); this page links to its template and upload.

  const ownAgencyOnly = (ctx: RequestContext) =>
    services.policy.scopeOf(ctx.actor, PERFORMANCE_PERMISSIONS.submit) !== 'all'

  const submissionsPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = requestContext(request)
    const own = ownAgencyOnly(ctx)
    const items =
      own && ctx.actor.agencyId === null
        ? []
        : await service.dataCalendar(
            services,
            ctx,
            own && ctx.actor.agencyId !== null ? { agencyId: ctx.actor.agencyId } : {},
          )
    const statusText = {
      submitted: 'Submitted',
      submitted_late: 'Submitted late',
      missing: 'Missing',
      due: 'Due',
    } as const
    const statusClass = {
      submitted: 'govuk-tag--green',
      submitted_late: 'govuk-tag--yellow',
      missing: 'govuk-tag--red',
      due: 'govuk-tag--blue',
    } as const
    const rows = items.map((i) => ({
      code: i.indicator.code,
      title: i.indicator.title,
      href: performancePaths.indicator({ indicatorId: i.indicator.id }),
      agency: i.indicator.ownerAgencyName,
      period: periodLabel(i.indicator.frequency, i.periodStart),
      dueDate: i.dueDate,
      status: { text: statusText[i.status], classes: statusClass[i.status] },
      submittedOn: i.submittedOn,
      late: i.status === 'missing' || i.status === 'submitted_late',
    }))
    const lastMonth = addMonths(periodContaining('monthly', service.todayIn(services)), -1)
    const imports = importPaths(SUBMISSION_IMPORT)
    return reply.render('performance/views/submissions.njk', {
      pageTitle: 'Data submissions',
      noAgency: own && ctx.actor.agencyId === null,
      outstanding: rows.filter((r) => r.late),
      calendar: rows,
      upload: imports.upload(),
      importLog: importLogPath(),
      templates: {
        csv: imports.templateCsv(undefined, { month: lastMonth.slice(0, 7) }),
        xlsx: imports.templateXlsx(undefined, { month: lastMonth.slice(0, 7) }),
        month: periodLabel('monthly', lastMonth),
      },
    })
  }

  app.get(
    performancePaths.submissions.pattern,
    { config: { access: submit } },
    async (request, reply) => submissionsPage(request, reply),
  )

  // ---------------------------------------------------------------------------------------------
  // Exports.

  app.get(
    performancePaths.exportXlsx.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const card = await service.scorecard(services, ctx, scorecardRequest(request))
      await service.auditExport(services, ctx, {
        format: 'xlsx',
        month: card.month,
        indicators: card.lines.length,
      })
      return sendDownload(
        reply,
        'xlsx',
        `Scorecard ${card.month.slice(0, 7)}`,
        await scorecardWorkbook(card),
      )
    },
  )

  app.get(
    performancePaths.exportDocx.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const card = await service.scorecard(services, ctx, scorecardRequest(request))
      await service.auditExport(services, ctx, {
        format: 'docx',
        month: card.month,
        indicators: card.lines.length,
      })
      return sendDownload(
        reply,
        'docx',
        `Performance board paper ${card.month.slice(0, 7)}`,
        await boardPaper(card),
      )
    },
  )

  app.get(
    performancePaths.exportCsv.pattern,
    { config: { access: read } },
    async (request, reply) => {
      const ctx = requestContext(request)
      const data = await service.rawData(services, ctx)
      await service.auditExport(services, ctx, { format: 'csv', rows: data.values.length })
      return sendDownload(
        reply,
        'csv',
        `Performance data ${service.todayIn(services)}`,
        rawCsv(data),
      )
    },
  )
}
