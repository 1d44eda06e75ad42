// The whole database as Kysely sees it: the platform's tables and each module's. A module adds
// its table types here when it adds tables (the composition root, like src/modules/index.ts).
import type { PlatformTables } from './platform/db/tables.ts'

export interface Tables extends PlatformTables {}
