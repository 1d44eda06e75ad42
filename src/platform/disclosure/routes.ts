// The page where a partnership sets how small numbers are hidden in what it publishes, with a
// fictional example table shown as it would be published under the saved settings.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FieldError } from '../errors.ts'
import { ValidationError } from '../errors.ts'
import { formErrors, submittedValues } from '../http/forms.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { personContext } from '../use-case.ts'
import { presentDisclosureTable } from './html.ts'
import { publishable } from './publish.ts'
import {
  DISCLOSURE_PERMISSIONS,
  disclosureSettingsFor,
  storedDisclosureSettings,
  updateDisclosureSettings,
} from './service.ts'
import { defaultPrimarySymbol, settingsFromForm, type DisclosureSettings } from './settings.ts'
import { oneWayTable } from './table.ts'

/** A made-up table, so the page can show what the settings do without touching real records. */
const example = (settings: DisclosureSettings) =>
  publishable(
    oneWayTable({
      title: 'Example: private fostering notifications by source',
      categoryHeading: 'Source',
      countHeading: 'Notifications',
      categories: [
        { label: 'School', count: 23 },
        { label: 'GP practice', count: 3 },
        { label: 'Police', count: 11 },
        { label: 'Parent or relative', count: 0 },
      ],
    }),
    settings,
  )

export function disclosureRoutes(app: FastifyInstance, services: Services): void {
  const access = { permission: DISCLOSURE_PERMISSIONS.manage }
  const page = platformPaths.disclosureSettings

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> | undefined,
    errors: readonly FieldError[] = [],
  ) => {
    const ctx = personContext(services, request)
    const stored = await storedDisclosureSettings(ctx)
    const saved = (request.query as { saved?: string } | undefined)?.saved === '1'
    return reply.code(errors.length > 0 ? 400 : 200).render('disclosure/views/settings.njk', {
      pageTitle: 'Small numbers in published tables',
      values: values ?? {
        threshold: String(stored.threshold),
        primarySymbol: stored.primarySymbol ?? '',
        secondarySymbol: stored.secondarySymbol,
        suppressZeros: stored.suppressZeros ? 'yes' : 'no',
      },
      defaultSymbol: defaultPrimarySymbol(stored.threshold),
      example: presentDisclosureTable(example(await disclosureSettingsFor(ctx))),
      saved: saved && errors.length === 0,
      errors: formErrors(errors),
    })
  }

  app.get(page.pattern, { config: { access } }, async (request, reply) =>
    show(request, reply, undefined),
  )

  app.post(page.pattern, { config: { access } }, async (request, reply) => {
    try {
      await updateDisclosureSettings(
        personContext(services, request),
        settingsFromForm(request.body),
      )
    } catch (error) {
      if (error instanceof ValidationError) {
        return show(request, reply, submittedValues(request.body), error.fields)
      }
      throw error
    }
    return reply.redirect(`${page()}?saved=1`, 303)
  })
}
