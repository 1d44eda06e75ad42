import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

const fk = (table: string, column: string) =>
  sql.raw(`(partnership_id, ${column}) references ${table} (partnership_id, id)`)

// The risk register: each risk scored likelihood x impact (1–5 each), owned by an agency, reviewed
// by a date; every re-scoring kept; links to the indicators and challenges it was raised from or
// bears on. The links refer to performance's and governance's rows by composite foreign keys, so
// a link can never cross partnerships.
export async function up(db: MigrationDb): Promise<void> {
  await sql`
    create table risk (
      partnership_id uuid not null references partnership (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      reference integer not null check (reference > 0),
      title text not null check (length(trim(title)) between 1 and 300),
      description text not null check (length(trim(description)) between 1 and 5000),
      category text not null
        check (category in ('practice', 'partnership', 'workforce', 'resources', 'data', 'reputation')),
      likelihood integer not null check (likelihood between 1 and 5),
      impact integer not null check (impact between 1 and 5),
      owner_agency_id uuid not null,
      owner_user_id uuid,
      review_date date not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      closed_on date,
      closure_note text,
      created_at timestamptz not null,
      created_by_user_id uuid,
      updated_at timestamptz not null,
      primary key (partnership_id, id),
      unique (partnership_id, reference),
      check ((status = 'closed') = (closed_on is not null)),
      foreign key ${fk('agency', 'owner_agency_id')},
      foreign key ${fk('app_user', 'owner_user_id')},
      foreign key ${fk('app_user', 'created_by_user_id')}
    )`.execute(db)
  await sql`create index risk_review_date_idx on risk (partnership_id, review_date) where status = 'open'`.execute(
    db,
  )

  await sql`
    create table risk_review (
      partnership_id uuid not null,
      id uuid not null default gen_random_uuid(),
      risk_id uuid not null,
      reviewed_on date not null,
      previous_likelihood integer not null check (previous_likelihood between 1 and 5),
      previous_impact integer not null check (previous_impact between 1 and 5),
      likelihood integer not null check (likelihood between 1 and 5),
      impact integer not null check (impact between 1 and 5),
      note text not null check (length(trim(note)) between 1 and 5000),
      next_review_date date not null,
      reviewed_at timestamptz not null,
      reviewed_by_user_id uuid,
      reviewed_by_label text,
      primary key (partnership_id, id),
      foreign key ${fk('risk', 'risk_id')} on delete cascade,
      foreign key ${fk('app_user', 'reviewed_by_user_id')}
    )`.execute(db)
  await sql`create index risk_review_risk_idx on risk_review (partnership_id, risk_id, reviewed_at)`.execute(
    db,
  )

  await sql`
    create table risk_indicator (
      partnership_id uuid not null,
      risk_id uuid not null,
      indicator_id uuid not null,
      primary key (partnership_id, risk_id, indicator_id),
      foreign key ${fk('risk', 'risk_id')} on delete cascade,
      foreign key ${fk('perf_indicator', 'indicator_id')}
    )`.execute(db)
  await sql`create index risk_indicator_indicator_idx on risk_indicator (partnership_id, indicator_id)`.execute(
    db,
  )

  await sql`
    create table risk_challenge (
      partnership_id uuid not null,
      risk_id uuid not null,
      challenge_id uuid not null,
      primary key (partnership_id, risk_id, challenge_id),
      foreign key ${fk('risk', 'risk_id')} on delete cascade,
      foreign key ${fk('challenge', 'challenge_id')}
    )`.execute(db)
}
