// Performance: the multi-agency dataset, agency submissions and the scorecard. See README.md.
import { roleTexts } from '../../platform/access/role-text.ts'
import type { AppModule } from '../../platform/module.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import { deadlineClocks } from '../../platform/deadlines/index.ts'
import { provide } from '../../platform/extensions.ts'
import { dataReturnsClock } from './deadlines.ts'
import { actionSources, type ActionSourceType } from '../actions/index.ts'
import { importDefinitions } from '../../platform/imports/index.ts'
import { riskLinkSources } from '../risk/index.ts'
import { indicatorLinkSource } from './concerns.ts'
import * as performance from './migrations/2026-11-22-0300-performance.ts'
import * as indicatorChallenges from './migrations/2026-12-07-0510-indicator-challenges.ts'
import { performanceApiRoutes } from './api.ts'
import { concernRoutes } from './concern-routes.ts'
import { performancePaths } from './paths.ts'
import { performanceRoutes } from './routes.ts'
import { seedPerformanceDemo } from './seed.ts'
import { submissionImport } from './submission-import.ts'
import { INDICATOR_SOURCE, PERFORMANCE_PERMISSIONS, sendReminders } from './service.ts'

export const performanceMigrations: NamedMigrations = {
  '2026-11-22-0300-performance': performance,
  '2026-12-07-0510-indicator-challenges': indicatorChallenges,
}

/** How the action tracker names and links actions raised from indicators. */
export const indicatorActionSource: ActionSourceType = {
  type: INDICATOR_SOURCE,
  label: 'Indicator',
  async describe(db, scope, ids) {
    if (ids.length === 0) return new Map()
    const rows = await db
      .selectFrom('perf_indicator')
      .select(['id', 'code', 'title'])
      .where('partnership_id', '=', scope.partnershipId)
      .where('id', 'in', ids)
      .execute()
    return new Map(
      rows.map((r) => [
        r.id,
        { text: `${r.code}: ${r.title}`, href: performancePaths.indicator({ indicatorId: r.id }) },
      ]),
    )
  },
}

export const performanceModule: AppModule = {
  name: 'performance',
  dependsOn: ['actions', 'governance'],
  provides: [
    provide(
      roleTexts,
      { role: 'business_unit', text: 'Runs the scorecard and the data returns.' },
      { role: 'board_member', text: 'Reads the scorecard and raises concerns about it.' },
      { role: 'agency_lead', text: "Submits their agency's figures." },
    ),
    provide(actionSources, indicatorActionSource),
    provide(riskLinkSources, { kind: 'indicators', source: indicatorLinkSource }),
    provide(deadlineClocks, dataReturnsClock),
    provide(importDefinitions, submissionImport),
  ],
  migrations: performanceMigrations,
  permissions: {
    [PERFORMANCE_PERMISSIONS.read]: {
      description: 'See the scorecard, the indicator catalogue and each indicator’s figures',
      grants: {
        partnership_admin: 'all',
        business_unit: 'all',
        board_member: 'all',
        agency_lead: 'all',
      },
    },
    [PERFORMANCE_PERMISSIONS.submit]: {
      description: 'Submit values and commentary (your own agency’s indicators, for agency leads)',
      grants: { business_unit: 'all', agency_lead: 'own_agency' },
    },
    [PERFORMANCE_PERMISSIONS.manage]: {
      description: 'Keep the indicator catalogue, areas, population and comparators',
      grants: { business_unit: 'all' },
    },
    [PERFORMANCE_PERMISSIONS.raise]: {
      description: 'Raise actions, challenges and risks from indicators',
      grants: { business_unit: 'all', board_member: 'all' },
    },
  },
  navigation: [
    {
      text: 'Performance',
      href: performancePaths.scorecard(),
      permission: PERFORMANCE_PERMISSIONS.read,
      activePrefix: '/performance',
      description: 'The multi-agency scorecard: what the numbers say and what is being done.',
    },
  ],
  viewGlobals: { performancePaths },
  registerRoutes(app, services) {
    performanceRoutes(app, services)
    concernRoutes(app, services)
    performanceApiRoutes(app, services)
  },
  jobs: (services) => [
    {
      name: 'performance.submission-reminders',
      // 7am UTC every day.
      schedule: '0 7 * * *',
      async handler() {
        await sendReminders(services)
      },
    },
  ],
  seedDemo: seedPerformanceDemo,
}
