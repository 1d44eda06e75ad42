// The modules of this application. Adding a module means adding it here (and its tables to
// src/schema.ts); nothing else in the platform names modules.
import type { AppModule } from '../platform/module.ts'
import { createActionsModule } from './actions/module.ts'
import { adminModule } from './admin/module.ts'
import { governanceModule } from './governance/module.ts'
import { governanceActionSources } from './governance/sources.ts'
import { createLearningModule } from './learning/module.ts'
import { learningActionSources } from './learning/source-types.ts'
import { indicatorActionSource, performanceModule } from './performance/module.ts'
import { caseReviewsModule } from './case-reviews/module.ts'
import { caseReviewActionSources, caseReviewFindingSource } from './case-reviews/sources.ts'
import { riskLinkSources } from './performance/concerns.ts'
import { createRiskModule } from './risk/module.ts'
import { riskActionSource } from './risk/sources.ts'

export const appModules: readonly AppModule[] = [
  governanceModule,
  // Every module that raises actions lists how its sources are described here.
  createActionsModule({
    sources: [
      ...governanceActionSources,
      ...learningActionSources,
      indicatorActionSource,
      ...caseReviewActionSources,
      riskActionSource,
    ],
  }),
  // Every module that records findings lists how its sources are described here.
  createLearningModule({ sources: [caseReviewFindingSource] }),
  adminModule,
  performanceModule,
  // After performance and governance: its demo links to their indicators and challenges.
  createRiskModule(riskLinkSources),
  caseReviewsModule,
]
