// The deadline register's pages and API: what is due soon or overdue (/deadlines), how often each
// clock was met on time (/deadlines/compliance) and the same list as JSON (/api/v1/deadlines).
// Anyone signed in may open them; what they list is limited to the clocks the person holds the
// permission for, and each clock's records to what its module's policy lets them see.
import { z } from 'zod'
import { api, page, type RouteTable } from '../http/route-table.ts'
import { platformPaths } from '../paths.ts'
import {
  DUE_SOON_WORKING_DAYS,
  deadlineCompliance,
  deadlineRegister,
  financialYear,
  financialYearOf,
  moduleLabel,
  visibleClocks,
  type RegisterEntry,
} from './register.ts'
import { today } from '../use-case.ts'

const filterText = z.string().trim().min(1).max(100)

/** Page filters: a value that is not one of the options just lists nothing for it. */
const registerQuery = z.object({
  module: filterText.optional().catch(undefined),
  owner: filterText.optional().catch(undefined),
  clock: filterText.optional().catch(undefined),
})

const complianceQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  module: filterText.optional().catch(undefined),
})

const stateTags = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due_today: { text: 'Due today', classes: 'govuk-tag--orange' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--blue' },
} as const

function when(entry: RegisterEntry): string {
  const n = entry.workingDays
  const days = `${String(n)} working day${n === 1 ? '' : 's'}`
  if (entry.state === 'overdue') return n === 0 ? 'Overdue' : `${days} late`
  if (entry.state === 'due_today') return 'Today'
  return `In ${days}`
}

const apiDeadline = z.object({
  clock: z.string(),
  clockTitle: z.string(),
  module: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  label: z.string(),
  href: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  dueOn: z.string().describe('YYYY-MM-DD'),
  state: z.enum(['overdue', 'due_today', 'due_soon']),
  workingDays: z.number().int().describe('Working days left, or late by'),
})

export const deadlineApiSchemas = {
  list: {
    tags: ['Deadlines'],
    summary: 'Deadlines due soon or overdue',
    description:
      `Every open deadline due within ${String(DUE_SOON_WORKING_DAYS)} working days, or overdue, ` +
      'on the clocks the caller may see, filtered by module, owner (an agency id) or clock.',
    querystring: z.object({
      module: filterText.optional(),
      owner: filterText.optional(),
      clock: filterText.optional(),
    }),
    response: {
      200: z.object({
        today: z.string(),
        horizon: z.string().describe('The last day counted as due soon'),
        deadlines: z.array(apiDeadline),
      }),
    },
  },
} as const

export const deadlineRoutes: RouteTable = [
  page({
    path: platformPaths.deadlines,
    access: 'signedIn',
    handler: async ({ ctx, query, reply }) => {
      const filter = registerQuery.parse(query)
      const register = await deadlineRegister(ctx, filter)
      const option = (value: string, text: string) => ({ value, text })
      return reply.render('deadlines/views/register.njk', {
        pageTitle: 'Deadlines',
        query: filter,
        dueSoonDays: DUE_SOON_WORKING_DAYS,
        horizon: register.horizon,
        moduleItems: [
          option('', 'All modules'),
          ...register.modules.map((m) => option(m, moduleLabel(m))),
        ],
        ownerItems: [option('', 'All owners'), ...register.owners.map((o) => option(o.id, o.name))],
        clockItems: [
          option('', 'All deadlines'),
          ...register.clocks.map((c) => option(c.key, c.title)),
        ],
        noClocks: register.clocks.length === 0,
        entries: register.entries.map((e) => ({
          ...e,
          moduleText: moduleLabel(e.module),
          tag: stateTags[e.state],
          when: when(e),
        })),
      })
    },
  }),
  page({
    path: platformPaths.deadlineCompliance,
    access: 'signedIn',
    handler: async ({ ctx, query, reply }) => {
      const filter = complianceQuery.parse(query)
      const compliance = await deadlineCompliance(ctx, {
        financialYear: filter.year,
        module: filter.module,
      })
      const current = financialYearOf(today(ctx))
      const years = [current - 2, current - 1, current, current + 1]
      if (!years.includes(compliance.financialYear)) years.push(compliance.financialYear)
      return reply.render('deadlines/views/compliance.njk', {
        pageTitle: `Deadlines met on time, ${compliance.year.key}`,
        compliance,
        query: { ...filter, year: String(compliance.financialYear) },
        yearItems: years
          .sort((a, b) => a - b)
          .map((y) => ({ value: String(y), text: financialYear(y).key })),
        clocks: compliance.clocks.map((c) => ({ ...c, moduleText: moduleLabel(c.module) })),
        moduleItems: [
          { value: '', text: 'All modules' },
          ...[...new Set(visibleClocks(ctx).map((c) => c.module))]
            .sort()
            .map((m) => ({ value: m, text: moduleLabel(m) })),
        ],
      })
    },
  }),
  api({
    method: 'GET',
    path: platformPaths.apiDeadlines,
    access: 'signedIn',
    schema: deadlineApiSchemas.list,
    handler: async ({ ctx, query }) => {
      const register = await deadlineRegister(ctx, query)
      return {
        today: register.today,
        horizon: register.horizon,
        deadlines: register.entries.map((e) => ({
          clock: e.clock,
          clockTitle: e.clockTitle,
          module: e.module,
          recordType: e.recordType,
          recordId: e.recordId,
          label: e.label,
          href: e.href,
          owner: e.owner ?? null,
          dueOn: e.dueOn,
          state: e.state,
          workingDays: e.workingDays,
        })),
      }
    },
  }),
]
