// The modules of this application: a plain list. Adding a module means adding one line here (and
// its tables to src/schema.ts). Each module declares what it depends on and what it provides to
// other modules' extension points; buildApp orders them and collects the rest.
import type { AppModule } from '../platform/module.ts'
import { actionsModule } from './actions/index.ts'
import { adminModule } from './admin/index.ts'
import { caseReviewsModule } from './case-reviews/index.ts'
import { governanceModule } from './governance/index.ts'
import { learningModule } from './learning/index.ts'
import { performanceModule } from './performance/index.ts'
import { riskModule } from './risk/index.ts'

export const appModules: readonly AppModule[] = [
  governanceModule,
  actionsModule,
  learningModule,
  adminModule,
  performanceModule,
  riskModule,
  caseReviewsModule,
]
