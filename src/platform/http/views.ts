// Server-rendered pages: Nunjucks with GOV.UK Frontend's templates and macros. Autoescaping is
// on; nothing is marked safe unless it was built by a macro or escaped on the way in.
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { longDate, longDateTime } from '../london-time.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const srcDir = path.resolve(here, '..', '..')
const require = createRequire(import.meta.url)
const govukDist = path.resolve(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist')

/** '2026-11-21' or a Date → '21 November 2026' (GOV.UK style), in UK time. */
export const formatDate = longDate

/** A Date → '21 November 2026 at 3:05pm', or 'at 10am' on the hour (GOV.UK style), in UK time. */
export const formatDateTime = longDateTime

export interface ViewEngine {
  render(template: string, context: Record<string, unknown>): string
  /** Renders template source (it may import and extend templates by name): for macro tests. */
  renderString(source: string, context: Record<string, unknown>): string
}

export function createViewEngine(
  options: { watch?: boolean; globals?: Record<string, unknown> } = {},
): ViewEngine {
  // Template names are looked up in these folders, in order: 'layout.njk', 'raise-action.njk' and
  // 'macros/form.njk' (src/platform/views), 'identity/views/sign-in.njk' (src/platform),
  // 'risk/views/risk.njk' (src/modules) and 'govuk/components/…' (GOV.UK Frontend).
  const loader = new nunjucks.FileSystemLoader(
    [
      path.join(srcDir, 'platform', 'views'),
      path.join(srcDir, 'platform'),
      path.join(srcDir, 'modules'),
      govukDist,
    ],
    { watch: options.watch ?? false, noCache: false },
  )
  const env = new nunjucks.Environment(loader, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  })
  env.addFilter('formatDate', formatDate)
  env.addFilter('formatDateTime', formatDateTime)
  env.addFilter('isoDate', (value: Date | null | undefined) =>
    value instanceof Date ? value.toISOString() : '',
  )
  for (const [name, value] of Object.entries(options.globals ?? {})) env.addGlobal(name, value)
  return {
    render(template, context) {
      return env.render(template, context)
    },
    renderString(source, context) {
      return env.renderString(source, context)
    },
  }
}
