import { sql } from 'kysely'
import type { MigrationDb } from '../migrations.ts'

// The audit chain becomes keyed (HMAC-SHA-256 with AUDIT_KEY, docs/decisions/0015). The key is not
// in the database, so a migration cannot re-hash old entries: instead each entry says how its hash
// was made. Entries already written keep 'sha256' and stay verifiable as they are (adding a column
// with a constant default rewrites no row and fires no trigger); the application writes every new
// entry as 'hmac-sha256', naming the scheme explicitly (there is no default from now on).
export async function up(db: MigrationDb): Promise<void> {
  await sql`alter table audit_event add column hash_scheme text not null default 'sha256'
    constraint audit_event_hash_scheme check (hash_scheme in ('sha256', 'hmac-sha256'))`.execute(db)
  await sql`alter table audit_event alter column hash_scheme drop default`.execute(db)
}
