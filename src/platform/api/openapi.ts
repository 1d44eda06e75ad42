// The API under /api/v1 is described by one OpenAPI document, generated from the routes' Zod
// schemas: served as JSON at /api/v1/openapi.json, and as a readable reference at /api/v1/docs.
import type { FastifyInstance } from 'fastify'
import fastifySwagger from '@fastify/swagger'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'
import { platformPaths } from '../paths.ts'
import { isApiUrl } from '../http/routing.ts'
import { presentApiReference } from './reference-presenter.ts'

export async function setUpOpenApi(
  app: FastifyInstance,
  options: { baseUrl: string; version: string },
): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Assure API',
        version: options.version,
        description:
          "JSON API for agencies' own systems. Authenticate with an API token issued by your partnership " +
          'administrator, sent as `Authorization: Bearer <token>`. Errors have one shape: ' +
          '`{ "error": { "code", "message", "details" } }`.',
      },
      servers: [{ url: options.baseUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An Assure API token' },
        },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: (args) => {
      if (
        !isApiUrl(args.url) ||
        args.url === platformPaths.openApi.pattern ||
        args.url === platformPaths.apiDocs.pattern
      ) {
        return { schema: { ...args.schema, hide: true }, url: args.url }
      }
      return jsonSchemaTransform(args)
    },
  })

  app.get(
    platformPaths.openApi.pattern,
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  )

  app.get(
    platformPaths.apiDocs.pattern,
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply.render('api/views/reference.njk', {
        pageTitle: 'API reference',
        reference: presentApiReference(app.swagger() as unknown as Record<string, unknown>),
      }),
  )
}
