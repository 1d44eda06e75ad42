// Row types of the platform's own tables, as Kysely sees them.
import type { ColumnType, Generated } from 'kysely'

/** A timestamptz column: read as Date, written as Date. */
export type Timestamp = ColumnType<Date, Date, Date>
/** A column with a database default. */
export type WithDefault<T> = ColumnType<T, T | undefined, T>

export interface PartnershipTable {
  id: Generated<string>
  name: string
  short_name: string
  is_demo: WithDefault<boolean>
  created_at: Generated<Date>
}

export const agencyTypes = [
  'local_authority',
  'police',
  'health_commissioner',
  'health_provider',
  'education',
  'probation',
  'cafcass',
  'district_council',
  'voluntary_community',
  'fire',
  'other',
] as const
export type AgencyType = (typeof agencyTypes)[number]

export interface AgencyTable {
  partnership_id: string
  id: Generated<string>
  name: string
  type: AgencyType
  /** How reports name the agency in a narrow column ("Police", "ICB"). */
  short_name: string | null
  active: WithDefault<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export type UserStatus = 'invited' | 'active' | 'deactivated'

export interface AppUserTable {
  partnership_id: string
  id: Generated<string>
  kind: WithDefault<'person' | 'service'>
  email: string
  display_name: string
  agency_id: string | null
  status: WithDefault<UserStatus>
  password_hash: string | null
  totp_secret: string | null
  totp_enabled_at: Timestamp | null
  totp_last_step: number | null
  /** Wrong two-factor codes since the last right one (the lock-out's exponent). */
  totp_failures: WithDefault<number>
  totp_locked_until: Timestamp | null
  is_demo: WithDefault<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
  last_sign_in_at: Timestamp | null
}

export interface UserRoleTable {
  partnership_id: string
  user_id: string
  role: string
}

export type SessionStage = 'awaiting_second_factor' | 'awaiting_second_factor_setup' | 'active'

export interface SessionTable {
  id: string
  partnership_id: string
  user_id: string
  stage: SessionStage
  method: 'password' | 'oidc'
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  ip: string | null
  user_agent: string | null
  revoked_at: Timestamp | null
  revoked_reason: string | null
}

export interface AccountTokenTable {
  token_hash: string
  purpose: 'invitation' | 'password_reset'
  partnership_id: string
  user_id: string
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
}

export interface SignInAttemptTable {
  id: Generated<number>
  attempted_at: Timestamp
  account_key: string
  ip: string
  succeeded: boolean
}

export interface ApiTokenTable {
  partnership_id: string
  id: Generated<string>
  user_id: string
  name: string
  token_hash: string
  token_prefix: string
  permissions: string[]
  created_at: Timestamp
  created_by: string
  expires_at: Timestamp | null
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export const auditActions = [
  'create',
  'update',
  'delete',
  'view',
  'export',
  'sign_in',
  'sign_out',
  'failed_sign_in',
  'permission_denied',
] as const
export type AuditAction = (typeof auditActions)[number]

export interface AuditEventTable {
  id: Generated<number>
  partnership_id: string | null
  chain_seq: number
  occurred_at: Timestamp
  actor_user_id: string | null
  actor_label: string | null
  action: AuditAction
  record_type: string
  record_id: string | null
  changes: ColumnType<unknown, string | null, never>
  ip: string | null
  request_id: string | null
  prev_hash: string
  /** 'sha256' (unkeyed, before ADR 0015) or 'hmac-sha256' (keyed with AUDIT_KEY). */
  hash_scheme: string
  hash: string
}

export interface OutboxMessageTable {
  id: Generated<number>
  partnership_id: string | null
  created_at: Generated<Date>
  to_address: string
  subject: string
  text_body: string
  html_body: string | null
  /** [{ filename, contentType, content }] for mail with attachments (calendar invitations). */
  attachments: ColumnType<unknown, string | null | undefined, never>
  /** queued → sent (SMTP) or kept (development outbox); failed after the last attempt. */
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>
  attempts: Generated<number>
  next_attempt_at: ColumnType<Date, Date | undefined, Date>
  claimed_until: Date | null
  claim_token: string | null
  delivered_at: Date | null
  last_error: string | null
  /** The message with its live links, encrypted; null once delivered or when it has none. */
  sealed_body: string | null
}

export type OutboxStatus = 'queued' | 'sent' | 'kept' | 'failed'

export interface StoredFileTable {
  partnership_id: string
  id: Generated<string>
  filename: string
  kind: string
  size_bytes: number
  sha256: string
  data: ColumnType<Uint8Array, Buffer, never>
  uploaded_by_user_id: string | null
  uploaded_at: Timestamp
}

/** A partnership's rule for small numbers in published tables (src/platform/disclosure). */
export interface DisclosureSettingTable {
  partnership_id: string
  threshold: number
  /** Null: '<' followed by threshold + 1. */
  primary_symbol: string | null
  secondary_symbol: string
  suppress_zeros: boolean
  updated_at: Timestamp
  updated_by_user_id: string | null
}

/** One file uploaded to an import (src/platform/imports): the import log. */
export interface ImportRunTable {
  partnership_id: string
  id: Generated<string>
  definition_key: string
  filename: string
  file_kind: 'csv' | 'xlsx'
  file_sha256: string
  file_size: number
  /** The file, kept only while the import is pending. */
  file_data: ColumnType<Uint8Array | null, Buffer | null, Buffer | null>
  row_count: number
  status: 'pending' | 'confirmed' | 'discarded'
  created_count: number | null
  updated_count: number | null
  unchanged_count: number | null
  uploaded_by_user_id: string
  uploaded_at: Timestamp
  finished_at: Timestamp | null
}

export interface PlatformTables {
  partnership: PartnershipTable
  agency: AgencyTable
  app_user: AppUserTable
  user_role: UserRoleTable
  session: SessionTable
  account_token: AccountTokenTable
  sign_in_attempt: SignInAttemptTable
  api_token: ApiTokenTable
  audit_event: AuditEventTable
  outbox_message: OutboxMessageTable
  stored_file: StoredFileTable
  disclosure_setting: DisclosureSettingTable
  import_run: ImportRunTable
}
