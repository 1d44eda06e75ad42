import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

const fk = (table: string, column: string) =>
  sql.raw(`(partnership_id, ${column}) references ${table} (partnership_id, id)`)

// The multi-agency dataset. Indicators (with their definition history), the partnership's areas
// and child population, agencies' submitted values (with every revision kept), comparators,
// commentary, pending uploads awaiting confirmation, risks and challenges raised from indicators,
// and the reminders already sent.
export async function up(db: MigrationDb): Promise<void> {
  await sql`
    create table perf_area (
      partnership_id uuid not null references partnership (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(trim(name)) between 1 and 120),
      kind text not null check (kind in ('partnership', 'district')),
      sort_order integer not null default 0,
      primary key (partnership_id, id),
      unique (partnership_id, name)
    )`.execute(db)
  // One whole-partnership area per partnership.
  await sql`create unique index perf_area_whole_key on perf_area (partnership_id) where kind = 'partnership'`.execute(
    db,
  )

  await sql`
    create table perf_population (
      partnership_id uuid not null,
      area_id uuid not null,
      year integer not null check (year between 1990 and 2100),
      population integer not null check (population >= 0),
      primary key (partnership_id, area_id, year),
      foreign key ${fk('perf_area', 'area_id')} on delete cascade
    )`.execute(db)

  await sql`
    create table perf_indicator (
      partnership_id uuid not null references partnership (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      code text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
      version integer not null default 1 check (version >= 1),
      title text not null check (length(trim(title)) between 1 and 200),
      definition text not null,
      numerator_definition text,
      denominator_definition text,
      unit text not null check (unit in ('count', 'percentage', 'rate_per_10000', 'days', 'score')),
      polarity text not null check (polarity in ('higher_is_better', 'lower_is_better', 'none')),
      frequency text not null check (frequency in ('monthly', 'quarterly', 'yearly')),
      measure text not null check (measure in ('snapshot', 'period_total')),
      owner_agency_id uuid not null,
      source text,
      priority text,
      sub_group text,
      target numeric,
      tolerance numeric check (tolerance is null or tolerance >= 0),
      by_area boolean not null default false,
      days_to_submit integer not null default 20 check (days_to_submit between 0 and 120),
      active boolean not null default true,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (partnership_id, id),
      unique (partnership_id, code),
      foreign key ${fk('agency', 'owner_agency_id')}
    )`.execute(db)
  await sql`create index perf_indicator_owner_idx on perf_indicator (partnership_id, owner_agency_id)`.execute(
    db,
  )

  // Each definition the indicator has had. A definition change starts a new version from a period;
  // the scorecard marks the break in the series there.
  await sql`
    create table perf_indicator_version (
      partnership_id uuid not null,
      indicator_id uuid not null,
      version integer not null check (version >= 1),
      effective_from date not null,
      title text not null,
      definition text not null,
      numerator_definition text,
      denominator_definition text,
      unit text not null,
      reason text,
      created_at timestamptz not null,
      created_by_user_id uuid,
      primary key (partnership_id, indicator_id, version),
      foreign key ${fk('perf_indicator', 'indicator_id')} on delete cascade,
      foreign key ${fk('app_user', 'created_by_user_id')}
    )`.execute(db)

  await sql`
    create table perf_value (
      partnership_id uuid not null,
      id uuid not null default gen_random_uuid(),
      indicator_id uuid not null,
      area_id uuid not null,
      period_start date not null check (extract(day from period_start) = 1),
      numerator numeric,
      denominator numeric check (denominator is null or denominator >= 0),
      value numeric,
      status text not null check (status in ('provisional', 'final')),
      confidence text not null check (confidence in ('high', 'medium', 'low')),
      note text,
      revision integer not null default 1 check (revision >= 1),
      first_submitted_at timestamptz not null,
      submitted_at timestamptz not null,
      submitted_by_user_id uuid,
      submitted_by_label text,
      primary key (partnership_id, id),
      unique (partnership_id, indicator_id, area_id, period_start),
      foreign key ${fk('perf_indicator', 'indicator_id')},
      foreign key ${fk('perf_area', 'area_id')},
      foreign key ${fk('app_user', 'submitted_by_user_id')},
      check (numerator is not null or value is not null)
    )`.execute(db)
  await sql`create index perf_value_period_idx on perf_value (partnership_id, period_start, indicator_id)`.execute(
    db,
  )

  // The values a revision replaced, and who had given them.
  await sql`
    create table perf_value_revision (
      partnership_id uuid not null,
      id uuid not null default gen_random_uuid(),
      value_id uuid not null,
      revision integer not null,
      numerator numeric,
      denominator numeric,
      value numeric,
      status text not null,
      confidence text not null,
      note text,
      submitted_at timestamptz not null,
      submitted_by_user_id uuid,
      submitted_by_label text,
      replaced_at timestamptz not null,
      replaced_by_user_id uuid,
      primary key (partnership_id, id),
      unique (partnership_id, value_id, revision),
      foreign key ${fk('perf_value', 'value_id')} on delete cascade,
      foreign key ${fk('app_user', 'submitted_by_user_id')},
      foreign key ${fk('app_user', 'replaced_by_user_id')}
    )`.execute(db)

  await sql`
    create table perf_comparator (
      partnership_id uuid not null,
      indicator_id uuid not null,
      year integer not null check (year between 1990 and 2100),
      kind text not null check (kind in ('england', 'region', 'neighbour')),
      name text not null check (length(trim(name)) between 1 and 120),
      value numeric not null,
      primary key (partnership_id, indicator_id, year, kind, name),
      foreign key ${fk('perf_indicator', 'indicator_id')} on delete cascade
    )`.execute(db)

  await sql`
    create table perf_commentary (
      partnership_id uuid not null,
      indicator_id uuid not null,
      period_start date not null,
      what_it_tells_us text not null,
      what_we_are_doing text,
      written_at timestamptz not null,
      written_by_user_id uuid,
      primary key (partnership_id, indicator_id, period_start),
      foreign key ${fk('perf_indicator', 'indicator_id')} on delete cascade,
      foreign key ${fk('app_user', 'written_by_user_id')}
    )`.execute(db)

  // An upload checked and waiting for its uploader to confirm it (nothing of it is in perf_value
  // until then). Kept in the database, not the session: no application data in the session.
  await sql`
    create table perf_upload (
      partnership_id uuid not null,
      id uuid not null default gen_random_uuid(),
      agency_id uuid,
      filename text not null,
      rows jsonb not null,
      status text not null check (status in ('pending', 'confirmed', 'discarded')),
      uploaded_at timestamptz not null,
      uploaded_by_user_id uuid not null,
      confirmed_at timestamptz,
      primary key (partnership_id, id),
      foreign key ${fk('agency', 'agency_id')},
      foreign key ${fk('app_user', 'uploaded_by_user_id')},
      check ((status = 'confirmed') = (confirmed_at is not null))
    )`.execute(db)

  // A risk or a challenge raised from an indicator (actions go to the action tracker).
  await sql`
    create table perf_concern (
      partnership_id uuid not null,
      id uuid not null default gen_random_uuid(),
      indicator_id uuid not null,
      kind text not null check (kind in ('risk', 'challenge')),
      title text not null check (length(trim(title)) between 1 and 300),
      description text,
      addressed_to_agency_id uuid,
      status text not null check (status in ('open', 'closed')),
      raised_at timestamptz not null,
      raised_by_user_id uuid,
      primary key (partnership_id, id),
      foreign key ${fk('perf_indicator', 'indicator_id')},
      foreign key ${fk('agency', 'addressed_to_agency_id')},
      foreign key ${fk('app_user', 'raised_by_user_id')}
    )`.execute(db)

  // Reminders already sent, so the daily job sends each at most once.
  await sql`
    create table perf_reminder (
      partnership_id uuid not null,
      agency_id uuid not null,
      due_date date not null,
      kind text not null check (kind in ('due_soon', 'overdue')),
      sent_at timestamptz not null,
      primary key (partnership_id, agency_id, due_date, kind),
      foreign key ${fk('agency', 'agency_id')} on delete cascade
    )`.execute(db)
}
