// The action tracker's JSON API: agencies' own systems read their actions and report progress.
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requestContext } from '../../platform/http/access-control.ts'
import type { Services } from '../../platform/services.ts'
import { actionPaths } from './paths.ts'
import { apiActionOf } from './presenter.ts'
import {
  actionIdParams,
  actionListQuery,
  apiAction,
  apiActionDetail,
  apiProgressBody,
} from './schemas.ts'
import * as service from './service.ts'
import { ACTION_PERMISSIONS } from './service.ts'
import type { ActionSourceRegistry } from './sources.ts'

const tags = ['Actions']

export function actionApiRoutes(
  app: FastifyInstance,
  services: Services,
  sources: ActionSourceRegistry,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    actionPaths.apiList.pattern,
    {
      config: { access: { permission: ACTION_PERMISSIONS.read } },
      schema: {
        tags,
        summary: 'List actions',
        description:
          "Every action the token may see: all of the partnership's, or an agency lead's own agency's.",
        querystring: actionListQuery,
        response: { 200: z.object({ actions: z.array(apiAction) }) },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const q = request.query
      const rows = await service.listActions(services, ctx, {
        view: 'all',
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.agencyId === undefined ? {} : { agencyId: q.agencyId }),
        ...(q.groupId === undefined ? {} : { groupId: q.groupId }),
      })
      const described = await sources.describe(
        services.db,
        ctx.scope,
        rows.map((r) => ({ type: r.sourceType, id: r.sourceId })),
      )
      const today = service.todayIn(services)
      return { actions: rows.map((r) => apiActionOf(r, today, described)) }
    },
  )

  api.get(
    actionPaths.apiAction.pattern,
    {
      config: { access: { permission: ACTION_PERMISSIONS.read } },
      schema: {
        tags,
        summary: 'Read an action and its updates',
        params: actionIdParams,
        response: { 200: apiActionDetail },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const detail = await service.getAction(services, ctx, request.params.actionId)
      return present(services, sources, ctx.scope, detail)
    },
  )

  api.post(
    actionPaths.apiUpdates.pattern,
    {
      config: { access: { permission: ACTION_PERMISSIONS.update } },
      schema: {
        tags,
        summary: 'Report progress on an action',
        description:
          'Records a dated progress update (not started, on track, at risk) or completion. An action ' +
          'past its due date stays overdue until it is completed or given a new due date.',
        params: actionIdParams,
        body: apiProgressBody,
        response: { 201: apiActionDetail },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request)
      await service.recordProgress(services, ctx, request.params.actionId, {
        status: request.body.status,
        note: request.body.note,
        ...(request.body.updateDate === undefined ? {} : { updateDate: request.body.updateDate }),
      })
      const detail = await service.getAction(services, ctx, request.params.actionId)
      return reply.code(201).send(await present(services, sources, ctx.scope, detail))
    },
  )
}

async function present(
  services: Services,
  sources: ActionSourceRegistry,
  scope: Parameters<ActionSourceRegistry['describe']>[1],
  detail: service.ActionDetail,
): Promise<z.input<typeof apiActionDetail>> {
  const described = await sources.describe(services.db, scope, [
    { type: detail.action.sourceType, id: detail.action.sourceId },
  ])
  return {
    ...apiActionOf(detail.action, detail.today, described),
    updates: detail.updates.map((u) => ({
      id: u.id,
      kind: u.kind,
      statusAfter: u.statusAfter,
      note: u.note,
      updateDate: u.updateDate,
      recordedAt: u.recordedAt.toISOString(),
      recordedBy: u.recordedBy,
    })),
  }
}
