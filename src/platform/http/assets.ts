// Static assets are served by the app itself (no CDN): GOV.UK Frontend's images and script, our
// own script, and the stylesheet compiled from Sass on first request and kept in memory.
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import * as sass from 'sass'
import { platformPaths } from '../paths.ts'
import { notFound } from '../errors.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const govukDist = path.resolve(
  path.dirname(require.resolve('govuk-frontend/package.json')),
  'dist',
  'govuk',
)
const nodeModules = path.resolve(path.dirname(require.resolve('govuk-frontend/package.json')), '..')

const scripts: Record<string, string> = {
  'govuk-frontend.min.js': path.join(govukDist, 'govuk-frontend.min.js'),
  'application.js': path.join(here, 'public', 'application.js'),
}

let stylesheet: string | undefined

export function compileStylesheet(): string {
  stylesheet ??= sass.compile(path.join(here, 'styles', 'application.scss'), {
    loadPaths: [nodeModules],
    style: 'compressed',
    quietDeps: true,
  }).css
  return stylesheet
}

export async function setUpAssets(
  app: FastifyInstance,
  options: { production: boolean },
): Promise<void> {
  const maxAge = options.production ? 60 * 60 * 1000 : 0
  await app.register(fastifyStatic, { root: govukDist, serve: false, decorateReply: true })

  app.get(platformPaths.assets.pattern, { config: { access: 'public' } }, (request, reply) => {
    const file = (request.params as { '*': string })['*']
    return reply.sendFile(file, path.join(govukDist, 'assets'), { maxAge, immutable: false })
  })

  app.get(platformPaths.scripts.pattern, { config: { access: 'public' } }, (request, reply) => {
    const file = scripts[(request.params as { file: string }).file]
    if (file === undefined) throw notFound()
    return reply.sendFile(path.basename(file), path.dirname(file), { maxAge })
  })

  app.get(platformPaths.stylesheet.pattern, { config: { access: 'public' } }, (_request, reply) => {
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', options.production ? 'public, max-age=3600' : 'no-cache')
      .send(compileStylesheet())
  })
}
