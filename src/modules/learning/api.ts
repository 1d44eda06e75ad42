// The learning module's JSON API: the theme view's figures, for reports and agencies' own systems.
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requestContext } from '../../platform/http/access-control.ts'
import type { Services } from '../../platform/services.ts'
import { learningPaths } from './paths.ts'
import { apiThemeView } from './schemas.ts'
import * as service from './service.ts'
import { LEARNING_PERMISSIONS } from './service.ts'

export function learningApiRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>()
  api.get(
    learningPaths.apiThemes.pattern,
    {
      config: { access: { permission: LEARNING_PERMISSIONS.read } },
      schema: {
        tags: ['Learning'],
        summary: 'The theme view',
        description:
          'How often each theme recurs across all sources and years, the recommendations and actions answering it, and whether it keeps returning despite completed actions.',
        response: { 200: apiThemeView },
      },
    },
    async (request) => {
      const ctx = requestContext(request)
      const { view } = await service.themeView(services, ctx)
      return {
        years: [...view.years],
        themes: view.rows.map((r) => ({
          id: r.theme.id,
          name: r.theme.name,
          retired: r.theme.retired,
          findings: r.findings,
          byYear: Object.fromEntries(view.years.map((y, i) => [String(y), r.byYear[i] ?? 0])),
          sources: r.sources.length,
          recommendations: r.recommendations,
          actions: r.actions,
          actionsByStatus: { ...r.actionsByStatus },
          returning: r.returning,
        })),
      }
    },
  )
}
