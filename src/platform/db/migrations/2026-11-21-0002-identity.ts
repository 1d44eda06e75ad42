import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('app_user')
    .addColumn('partnership_id', 'uuid', (c) =>
      c.notNull().references('partnership.id').onDelete('cascade'),
    )
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('person')
        .check(sql`kind in ('person', 'service')`),
    )
    .addColumn('email', 'text', (c) =>
      c.notNull().check(sql`email = lower(email) and position('@' in email) > 1`),
    )
    .addColumn('display_name', 'text', (c) =>
      c.notNull().check(sql`length(trim(display_name)) > 0`),
    )
    .addColumn('agency_id', 'uuid')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('invited')
        .check(sql`status in ('invited', 'active', 'deactivated')`),
    )
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled_at', 'timestamptz')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_sign_in_at', 'timestamptz')
    .addPrimaryKeyConstraint('app_user_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint('app_user_agency_fkey', ['partnership_id', 'agency_id'], 'agency', [
      'partnership_id',
      'id',
    ])
    .addCheckConstraint(
      'app_user_service_has_no_password',
      sql`kind = 'person' or password_hash is null`,
    )
    .execute()
  // One account per email address across the whole installation: the address says which
  // partnership a person signs in to.
  await db.schema
    .createIndex('app_user_email_key')
    .on('app_user')
    .column('email')
    .unique()
    .execute()
  await db.schema.createIndex('app_user_id_key').on('app_user').column('id').unique().execute()

  await db.schema
    .createTable('user_role')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(
        sql`role in ('partnership_admin', 'business_unit', 'board_member', 'agency_lead', 'practitioner',
          'cdop_team', 'lado_team', 'case_review_team', 'private_fostering_team')`,
      ),
    )
    .addPrimaryKeyConstraint('user_role_pkey', ['partnership_id', 'user_id', 'role'])
    .addForeignKeyConstraint(
      'user_role_user_fkey',
      ['partnership_id', 'user_id'],
      'app_user',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()

  // Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy
  // of this table cannot be replayed as cookies.
  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .check(sql`stage in ('awaiting_second_factor', 'awaiting_second_factor_setup', 'active')`),
    )
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('password', 'oidc')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_reason', 'text')
    .addForeignKeyConstraint(
      'session_user_fkey',
      ['partnership_id', 'user_id'],
      'app_user',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('session_user_idx')
    .on('session')
    .columns(['partnership_id', 'user_id'])
    .execute()

  // Single-use links sent by email: invitations and password resets. Only the hash is stored.
  await db.schema
    .createTable('account_token')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) =>
      c.notNull().check(sql`purpose in ('invitation', 'password_reset')`),
    )
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addForeignKeyConstraint(
      'account_token_user_fkey',
      ['partnership_id', 'user_id'],
      'app_user',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()

  // Every sign-in attempt, for throttling (10 failures in 5 minutes).
  await db.schema
    .createTable('sign_in_attempt')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('sign_in_attempt_account_idx')
    .on('sign_in_attempt')
    .columns(['account_key', 'attempted_at'])
    .execute()
  await db.schema
    .createIndex('sign_in_attempt_ip_idx')
    .on('sign_in_attempt')
    .columns(['ip', 'attempted_at'])
    .execute()

  // Tokens for agencies' own systems: scoped to one partnership and a set of permissions.
  await db.schema
    .createTable('api_token')
    .addColumn('partnership_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) > 0`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('permissions', sql`text[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addPrimaryKeyConstraint('api_token_pkey', ['partnership_id', 'id'])
    .addForeignKeyConstraint(
      'api_token_user_fkey',
      ['partnership_id', 'user_id'],
      'app_user',
      ['partnership_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
}
