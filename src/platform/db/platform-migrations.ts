import type { NamedMigrations } from './migrations.ts'
import * as tenancy from './migrations/2026-11-21-0001-tenancy.ts'
import * as identity from './migrations/2026-11-21-0002-identity.ts'
import * as audit from './migrations/2026-11-21-0003-audit.ts'
import * as mail from './migrations/2026-11-21-0004-mail.ts'

export const platformMigrations: NamedMigrations = {
  '2026-11-21-0001-tenancy': tenancy,
  '2026-11-21-0002-identity': identity,
  '2026-11-21-0003-audit': audit,
  '2026-11-21-0004-mail': mail,
}
