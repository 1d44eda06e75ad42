// Governance: how the partnership runs itself. See README.md.
import type { AppModule } from '../../platform/module.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import * as peopleAndGroups from './migrations/2026-11-22-0210-people-and-groups.ts'

export const governanceMigrations: NamedMigrations = {
  '2026-11-22-0210-people-and-groups': peopleAndGroups,
}

export const governanceModule: AppModule = {
  name: 'governance',
  migrations: governanceMigrations,
}
