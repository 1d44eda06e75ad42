import type { MigrationDb } from '../migrations.ts'

// Two-factor codes are throttled per account with an exponential lock-out (identity/service.ts):
// the count of wrong codes since the last right one, and the time until which codes are refused.
// Kept on the account row, so the check and the update take the row's lock and concurrent guesses
// cannot slip past the limit.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('totp_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_locked_until', 'timestamptz')
    .execute()
}
