// The learning loop: themes, findings, recommendations, impact and the cross-source theme view.
// See README.md.
import { roleTexts } from '../../platform/access/role-text.ts'
import type { AppModule } from '../../platform/module.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import * as learning from './migrations/2026-11-22-0450-learning.ts'
import * as impactIndicator from './migrations/2026-12-07-0610-impact-indicator.ts'
import { learningApiRoutes } from './api.ts'
import { seedLearningDemo } from './demo.ts'
import { learningPaths } from './paths.ts'
import { learningRoutes } from './routes.ts'
import { LEARNING_PERMISSIONS, attention } from './service.ts'
import { learningActionSources, learningReviewSource } from './source-types.ts'
import { FindingSourceRegistry, findingSources } from './sources.ts'
import { provide } from '../../platform/extensions.ts'
import { actionSources } from '../actions/index.ts'

export const learningMigrations: NamedMigrations = {
  '2026-11-22-0450-learning': learning,
  '2026-12-07-0610-impact-indicator': impactIndicator,
}

/** The learning loop. Modules whose records yield findings provide them (findingSources). */
export const learningModule: AppModule = {
  name: 'learning',
  dependsOn: ['actions', 'performance'],
  provides: [
    provide(
      roleTexts,
      { role: 'business_unit', text: 'Records findings, recommendations and their impact.' },
      { role: 'case_review_team', text: 'Records findings, recommendations and their impact.' },
      { role: 'board_member', text: 'Reads what the partnership has learned.' },
      { role: 'agency_lead', text: 'Reads what the partnership has learned.' },
      { role: 'practitioner', text: 'Reads the published learning briefings.' },
    ),
    provide(findingSources, learningReviewSource),
    provide(actionSources, ...learningActionSources),
  ],
  migrations: learningMigrations,
  permissions: {
    [LEARNING_PERMISSIONS.read]: {
      description:
        'See findings, themes, recommendations and the theme view (what we learned and what changed)',
      grants: {
        business_unit: 'all',
        board_member: 'all',
        case_review_team: 'all',
        agency_lead: 'all',
      },
    },
    [LEARNING_PERMISSIONS.manage]: {
      description:
        'Record learning reviews, findings and recommendations; raise their actions; sign off and record impact; write briefings',
      grants: { business_unit: 'all', case_review_team: 'all' },
    },
    [LEARNING_PERMISSIONS.themes]: {
      description: 'Add, rename and retire themes in the shared theme vocabulary',
      grants: { business_unit: 'all', case_review_team: 'all' },
    },
    [LEARNING_PERMISSIONS.reviews]: {
      description:
        'See learning reviews and audits themselves (never published): the case review team and business unit',
      grants: { business_unit: 'all', case_review_team: 'all' },
    },
    [LEARNING_PERMISSIONS.briefings]: {
      description: 'Read published practitioner learning briefings',
      grants: {
        partnership_admin: 'all',
        business_unit: 'all',
        board_member: 'all',
        agency_lead: 'all',
        practitioner: 'all',
        cdop_team: 'all',
        lado_team: 'all',
        case_review_team: 'all',
        private_fostering_team: 'all',
      },
    },
  },
  navigation: [
    {
      text: 'Learning',
      href: learningPaths.themeView(),
      permission: LEARNING_PERMISSIONS.read,
      activePrefix: '/learning',
      description:
        'Findings, themes and recommendations from every review and audit, and what changed.',
    },
    {
      text: 'Briefings',
      href: learningPaths.briefings(),
      permission: LEARNING_PERMISSIONS.briefings,
      activePrefix: '/learning/briefings',
      description: 'Short practitioner briefings on what reviews have taught us.',
    },
  ],
  viewGlobals: { learningPaths },
  registerRoutes(app, services) {
    const sources = new FindingSourceRegistry(services.extensions.of(findingSources))
    learningRoutes(app, services, sources)
    learningApiRoutes(app, services)
  },
  attention: (actor, services) => attention(services, actor),
  seedDemo: (trx, context) => seedLearningDemo(trx, context),
}
