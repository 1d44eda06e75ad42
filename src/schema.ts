// The whole database as Kysely sees it: the platform's tables and each module's. A module adds
// its table types here when it adds tables (the composition root, like src/modules/index.ts).
import type { PlatformTables } from './platform/db/tables.ts'
import type { ActionTables } from './modules/actions/tables.ts'
import type { GovernanceTables } from './modules/governance/tables.ts'
import type { PerformanceTables } from './modules/performance/tables.ts'
import type { LearningTables } from './modules/learning/tables.ts'
import type { CaseReviewTables } from './modules/case-reviews/tables.ts'
import type { RiskTables } from './modules/risk/tables.ts'
import type { AdminTables } from './modules/admin/tables.ts'

export interface Tables
  extends
    PlatformTables,
    GovernanceTables,
    ActionTables,
    PerformanceTables,
    LearningTables,
    CaseReviewTables,
    RiskTables,
    AdminTables {}
