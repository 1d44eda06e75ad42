// Administration: accounts, invitations, sessions, API tokens and the audit trail. See README.md.
import type { AppModule } from '../../platform/module.ts'
import { adminPaths } from './paths.ts'
import { adminRoutes } from './routes.ts'
import { ADMIN_PERMISSIONS } from './service.ts'
import * as roleGrantProposals from './migrations/2026-12-08-0220-role-grant-proposals.ts'

export const adminModule: AppModule = {
  name: 'admin',
  migrations: { '2026-12-08-0220-role-grant-proposals': roleGrantProposals },
  permissions: {
    [ADMIN_PERMISSIONS.users]: {
      description:
        'Invite people, change roles, deactivate accounts, end sessions, issue API tokens',
      grants: { partnership_admin: 'all' },
    },
    [ADMIN_PERMISSIONS.ownTokens]: {
      description:
        'Make an API token for yourself, after your second factor (the only way one is made for a case-level account)',
      grants: {
        case_review_team: 'all',
        cdop_team: 'all',
        lado_team: 'all',
        private_fostering_team: 'all',
      },
    },
    [ADMIN_PERMISSIONS.audit]: {
      description: 'Search and export the audit trail, and see who looked at a record',
      grants: { partnership_admin: 'all' },
    },
  },
  navigation: [
    {
      text: 'Administration',
      href: adminPaths.home(),
      permission: ADMIN_PERMISSIONS.users,
      activePrefix: '/admin',
      description: 'Accounts, invitations, sessions, API tokens and the audit trail.',
    },
  ],
  viewGlobals: { adminPaths },
  registerRoutes(app, services) {
    adminRoutes(app, services)
  },
}
