// The risk register: the partnership's risks, scored, owned, reviewed and mitigated. See README.md.
import { roleTexts } from '../../platform/access/role-text.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import { deadlineClocks } from '../../platform/deadlines/index.ts'
import { provide } from '../../platform/extensions.ts'
import type { AppModule } from '../../platform/module.ts'
import { actionSources } from '../actions/index.ts'
import { seedRiskDemo } from './demo.ts'
import { riskReviewClock } from './deadlines.ts'
import { riskLinkSources } from './links.ts'
import * as register from './migrations/2026-12-07-0500-risk-register.ts'
import * as reviewDueOn from './migrations/2026-12-08-0240-risk-review-due-on.ts'
import { riskPaths } from './paths.ts'
import { RISK_PERMISSIONS, riskPermissions } from './policy.ts'
import { riskRoutes } from './routes.ts'
import { challengeLinkSource, riskActionSource } from './sources.ts'

export const riskMigrations: NamedMigrations = {
  '2026-12-07-0500-risk-register': register,
  '2026-12-08-0240-risk-review-due-on': reviewDueOn,
}

export const riskModule: AppModule = {
  name: 'risk',
  // After performance and governance: a risk links to their indicators and challenges.
  dependsOn: ['actions', 'governance', 'performance'],
  provides: [
    provide(
      roleTexts,
      { role: 'business_unit', text: 'Keeps the risk register.' },
      { role: 'board_member', text: 'Reads the risk register.' },
      { role: 'agency_lead', text: 'Reads the risk register.' },
    ),
    provide(actionSources, riskActionSource),
    provide(riskLinkSources, { kind: 'challenges', source: challengeLinkSource }),
    provide(deadlineClocks, riskReviewClock),
  ],
  migrations: riskMigrations,
  permissions: riskPermissions,
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
  routes: riskRoutes,
  // Reviews past their date reach the home page through the deadline register (deadlines.ts).
  seedDemo: (_trx, context) => seedRiskDemo(context),
}
