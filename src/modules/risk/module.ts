// The risk register: the partnership's risks, scored, owned, reviewed and mitigated. See README.md.
import type { AppModule } from '../../platform/module.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import * as register from './migrations/2026-12-07-0500-risk-register.ts'
import { riskApiRoutes } from './api.ts'
import { seedRiskDemo } from './demo.ts'
import { provide } from '../../platform/extensions.ts'
import { actionSources } from '../actions/index.ts'
import { linkSourcesOf, riskLinkSources } from './links.ts'
import { challengeLinkSource, riskActionSource } from './sources.ts'
import { riskPaths } from './paths.ts'
import { riskRoutes } from './routes.ts'
import { RISK_PERMISSIONS, attention } from './service.ts'

export const riskMigrations: NamedMigrations = {
  '2026-12-07-0500-risk-register': register,
}

/** The risk register. Performance provides how indicators are linked (riskLinkSources). */
export const riskModule: AppModule = {
  name: 'risk',
  // After performance and governance: a risk links to their indicators and challenges.
  dependsOn: ['actions', 'governance', 'performance'],
  provides: [
    provide(actionSources, riskActionSource),
    provide(riskLinkSources, { kind: 'challenges', source: challengeLinkSource }),
  ],
  migrations: riskMigrations,
  permissions: {
    [RISK_PERMISSIONS.read]: {
      description: 'See the risk register, each risk, its mitigations and its review history',
      grants: {
        partnership_admin: 'all',
        business_unit: 'all',
        board_member: 'all',
        agency_lead: 'all',
      },
    },
    [RISK_PERMISSIONS.manage]: {
      description: 'Add, change, review and close risks, and raise their mitigating actions',
      grants: { business_unit: 'all' },
    },
  },
  navigation: [
    {
      text: 'Risks',
      href: riskPaths.register(),
      permission: RISK_PERMISSIONS.read,
      activePrefix: '/risks',
      description:
        'The risk register: what could stop children being safeguarded, and what is being done.',
    },
  ],
  viewGlobals: { riskPaths },
  registerRoutes(app, services) {
    const sources = linkSourcesOf(services)
    riskRoutes(app, services, sources)
    riskApiRoutes(app, services, sources)
  },
  attention: (actor, services) => attention(services, actor),
  seedDemo: (trx, context) => seedRiskDemo(trx, context, linkSourcesOf(context.services)),
}
