// The action tracker: the one place every module's learning turns into change. See README.md.
import type { AppModule } from '../../platform/module.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import * as actions from './migrations/2026-11-22-0220-actions.ts'
import { actionApiRoutes } from './api.ts'
import { actionPaths } from './paths.ts'
import { actionRoutes } from './routes.ts'
import { ACTION_PERMISSIONS, attention, markOverdueEverywhere } from './service.ts'
import { ActionSourceRegistry, actionSources } from './sources.ts'

export const actionMigrations: NamedMigrations = {
  '2026-11-22-0220-actions': actions,
}

const everyone = {
  partnership_admin: 'all',
  business_unit: 'all',
  board_member: 'all',
  agency_lead: 'all',
  practitioner: 'all',
  cdop_team: 'all',
  lado_team: 'all',
  case_review_team: 'all',
  private_fostering_team: 'all',
} as const

/** The action tracker. Modules that raise actions provide their sources (actionSources). */
export const actionsModule: AppModule = {
  name: 'actions',
  migrations: actionMigrations,
  permissions: {
    [ACTION_PERMISSIONS.mine]: {
      description: 'See and update the actions you own yourself',
      grants: everyone,
    },
    [ACTION_PERMISSIONS.read]: {
      description: "See actions: all of the partnership's, or your own agency's",
      grants: {
        business_unit: 'all',
        board_member: 'all',
        case_review_team: 'all',
        agency_lead: 'own_agency',
      },
    },
    [ACTION_PERMISSIONS.update]: {
      description: 'Record progress and evidence on actions (your own agency’s, for agency leads)',
      grants: { business_unit: 'all', agency_lead: 'own_agency' },
    },
    [ACTION_PERMISSIONS.manage]: {
      description: 'Agree new due dates, sign actions off and return them to their owners',
      grants: { business_unit: 'all' },
    },
  },
  navigation: [
    {
      text: 'Actions',
      href: actionPaths.mine(),
      permission: ACTION_PERMISSIONS.mine,
      activePrefix: '/actions',
      description: 'The action tracker: what each agency has agreed to do, and by when.',
    },
  ],
  viewGlobals: { actionPaths },
  registerRoutes(app, services) {
    const sources = new ActionSourceRegistry(services.extensions.of(actionSources))
    actionRoutes(app, services, sources)
    actionApiRoutes(app, services, sources)
  },
  attention: (actor, services) => attention(services, actor),
  jobs: (services) => [
    {
      name: 'actions.mark-overdue',
      // Just after midnight in winter, 1am in summer (UK time).
      schedule: '5 0 * * *',
      catchUpOnStart: true,
      async handler() {
        await markOverdueEverywhere(services)
      },
    },
  ],
}
