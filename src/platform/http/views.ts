// Server-rendered pages: Nunjucks with GOV.UK Frontend's templates and macros. Autoescaping is
// on; nothing is marked safe unless it was built by a macro or escaped on the way in.
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'

const here = path.dirname(fileURLToPath(import.meta.url))
const srcDir = path.resolve(here, '..', '..')
const require = createRequire(import.meta.url)
const govukDist = path.resolve(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist')

const londonDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
const londonTime = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
})

/** '2026-11-21' or a Date → '21 November 2026' (GOV.UK style), in UK time. */
export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const date =
    typeof value === 'string'
      ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value)
      : value
  return Number.isNaN(date.getTime()) ? '' : londonDate.format(date)
}

/** A Date → '21 November 2026 at 3:05pm' (GOV.UK style), in UK time. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const date = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(date.getTime())) return ''
  return `${londonDate.format(date)} at ${londonTime.format(date).replace(' ', '').toLowerCase()}`
}

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
