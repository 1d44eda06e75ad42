import type { NamedMigrations } from './migrations.ts'
import * as tenancy from './migrations/2026-11-21-0001-tenancy.ts'
import * as identity from './migrations/2026-11-21-0002-identity.ts'
import * as audit from './migrations/2026-11-21-0003-audit.ts'
import * as mail from './migrations/2026-11-21-0004-mail.ts'
import * as fileStore from './migrations/2026-11-22-0200-file-store.ts'
import * as outboxAttachments from './migrations/2026-11-22-0201-outbox-attachments.ts'
import * as agencyShortName from './migrations/2026-11-22-0202-agency-short-name.ts'
import * as disclosureSettings from './migrations/2026-12-08-0100-disclosure-settings.ts'
import * as mailDelivery from './migrations/2026-12-08-0110-mail-delivery.ts'
import * as auditKeyedChain from './migrations/2026-12-08-0210-audit-keyed-chain.ts'
import * as secondFactorLockout from './migrations/2026-12-08-0211-second-factor-lockout.ts'
import * as imports from './migrations/2026-12-08-0230-imports.ts'

export const platformMigrations: NamedMigrations = {
  '2026-11-21-0001-tenancy': tenancy,
  '2026-11-21-0002-identity': identity,
  '2026-11-21-0003-audit': audit,
  '2026-11-21-0004-mail': mail,
  '2026-11-22-0200-file-store': fileStore,
  '2026-11-22-0201-outbox-attachments': outboxAttachments,
  '2026-11-22-0202-agency-short-name': agencyShortName,
  '2026-12-08-0100-disclosure-settings': disclosureSettings,
  '2026-12-08-0110-mail-delivery': mailDelivery,
  '2026-12-08-0210-audit-keyed-chain': auditKeyedChain,
  '2026-12-08-0211-second-factor-lockout': secondFactorLockout,
  '2026-12-08-0230-imports': imports,
}
