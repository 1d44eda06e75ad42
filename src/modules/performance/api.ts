// The performance JSON API: agencies' own systems read the catalogue and submit values.
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requestContext } from '../../platform/http/access-control.ts'
import { ValidationError } from '../../platform/errors.ts'
import type { Services } from '../../platform/services.ts'
import { performancePaths } from './paths.ts'
import { periodCode } from './rules/periods.ts'
import {
  apiIndicator,
  apiIndicatorParams,
  apiSubmissionBody,
  apiSubmissionResult,
  apiValue,
} from './schemas.ts'
import * as service from './service.ts'
import { PERFORMANCE_PERMISSIONS } from './service.ts'
import * as repo from './repository.ts'

const tags = ['Performance']

export function performanceApiRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    performancePaths.apiIndicators.pattern,
    {
      config: { access: { permission: PERFORMANCE_PERMISSIONS.read } },
      schema: {
        tags,
        summary: 'List the indicator catalogue',
        response: { 200: z.object({ indicators: z.array(apiIndicator) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const rows = await service.listCatalogue(services, ctx)
      return {
        indicators: rows.map((i) => ({
          id: i.id,
          code: i.code,
          version: i.version,
          title: i.title,
          definition: i.definition,
          numeratorDefinition: i.numeratorDefinition,
          denominatorDefinition: i.denominatorDefinition,
          unit: i.unit,
          polarity: i.polarity,
          frequency: i.frequency,
          measure: i.measure,
          ownerAgency: { id: i.ownerAgencyId, name: i.ownerAgencyName },
          priority: i.priority,
          subGroup: i.subGroup,
          target: i.target,
          tolerance: i.tolerance,
          byArea: i.byArea,
        })),
      }
    },
  )

  api.get(
    performancePaths.apiIndicatorValues.pattern,
    {
      config: { access: { permission: PERFORMANCE_PERMISSIONS.read } },
      schema: {
        tags,
        summary: "Read an indicator's values",
        description: 'Every current value of the indicator, by period and area.',
        params: apiIndicatorParams,
        response: { 200: z.object({ code: z.string(), values: z.array(apiValue) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const indicator = await service.getIndicator(services, ctx, request.params.indicatorId)
      const areas = new Map((await service.areas(services, ctx.scope)).map((a) => [a.id, a]))
      const values = await repo.listValuesForIndicator(services.db, ctx.scope, indicator.id)
      return {
        code: indicator.code,
        values: values.map((v) => {
          const area = areas.get(v.areaId)
          return {
            period: periodCode(indicator.frequency, v.periodStart),
            area: area === undefined || area.kind === 'partnership' ? '' : area.name,
            numerator: v.numerator,
            denominator: v.denominator,
            value: v.value,
            status: v.status,
            confidence: v.confidence,
            note: v.note,
            revision: v.revision,
            submittedAt: v.submittedAt.toISOString(),
          }
        }),
      }
    },
  )

  api.post(
    performancePaths.apiSubmissions.pattern,
    {
      config: { access: { permission: PERFORMANCE_PERMISSIONS.submit } },
      schema: {
        tags,
        summary: 'Submit values',
        description:
          'Checks every value by the same rules as an uploaded file and saves them all, or none: ' +
          'problems come back as a 400 with details.fields naming each value (values.3.numerator). ' +
          'A value for a period and area that already has one is a revision: the earlier value is kept. ' +
          "An agency lead's token may submit only their own agency's indicators: a value for another agency's " +
          'indicator is reported in the same 400 as the other problems (values.2.indicatorCode), and nothing is saved.',
        body: apiSubmissionBody,
        response: { 201: apiSubmissionResult },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      const text = (v: number | null | undefined) =>
        v === null || v === undefined ? '' : String(v)
      const rows = request.body.values.map((v) => ({
        code: v.indicatorCode,
        period: v.period,
        area: v.area ?? '',
        numerator: text(v.numerator),
        denominator: text(v.denominator),
        value: text(v.value),
        status: v.status ?? 'provisional',
        confidence: v.confidence ?? 'high',
        note: v.note ?? '',
      }))
      const result = await service.submitValues(services, ctx, rows, 'api', { firstRow: 0 })
      if (!result.ok)
        throw new ValidationError(
          result.problems.map((p) => ({
            field: `values.${p.row}.${p.column === 'code' ? 'indicatorCode' : p.column}`,
            message: p.message,
          })),
        )
      return reply.code(201).send(result.summary)
    },
  )
}
