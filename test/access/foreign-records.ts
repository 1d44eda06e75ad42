// Real records in another partnership, for the access matrix's cross-partnership attempts. The
// matrix puts one of these ids in every path parameter of every route, so a route that forgot to
// scope a query by partnership would show (or change) a record that really exists — a random id
// could never reveal that.
//
// To add a parameter: add a ForeignFixture below naming the table its id comes from (and `under`
// when the same name means different records in different modules). If the demo seed does not
// create such a record, give the fixture a `make` that creates one.
import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Tables } from '../../src/schema.ts'
import type { Services } from '../../src/platform/services.ts'
import { newApiToken } from '../../src/platform/identity/api-tokens.ts'
import { randomToken } from '../../src/platform/identity/crypto.ts'

export interface ForeignFixture {
  /** The path parameter, without its colon. */
  readonly param: string
  /** Only for routes whose URL starts with this (one name, different records in two modules). */
  readonly under?: string
  /** Where the id comes from. */
  readonly table: keyof Tables
  /** The column holding the id (default `id`). */
  readonly idColumn?: string
  /** The column holding the partnership (default `partnership_id`). */
  readonly tenantColumn?: string
  /** A column whose text must never appear in an answer to another partnership. */
  readonly text?: string
  /** Other parameters of the same route this record decides: parameter -> column. */
  readonly parents?: Readonly<Record<string, string>>
  /** Creates a record when the demo seed makes none (runs once, before the matrix). */
  readonly make?: (services: Services, partnershipId: string) => Promise<void>
}

/** Parameters that are not record ids: a plausible value for each. */
export const nonIdParams: Readonly<Record<string, () => string>> = {
  token: () => randomToken(),
  file: () => 'report',
  '*': () => 'no-such-asset',
  date: () => '2026-12-25',
}

async function someUser(db: Kysely<Tables>, partnershipId: string): Promise<string> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export const foreignFixtures: readonly ForeignFixture[] = [
  // Platform and administration
  { param: 'agencyId', table: 'agency', text: 'name' },
  { param: 'userId', table: 'app_user', text: 'email' },
  {
    param: 'partnershipId',
    table: 'partnership',
    tenantColumn: 'id',
    text: 'name',
  },
  {
    param: 'sessionId',
    table: 'session',
    text: 'user_agent',
    make: async (services, partnershipId) => {
      await services.sessions.create(services.db, {
        partnershipId,
        userId: await someUser(services.db, partnershipId),
        stage: 'active',
        method: 'password',
        ip: '192.0.2.44',
        userAgent: 'Navigateur de Zoë d’Arcy (foreign)',
      })
    },
  },
  {
    param: 'proposalId',
    table: 'role_grant_proposal',
    make: async (services, partnershipId) => {
      const userId = await someUser(services.db, partnershipId)
      await services.db
        .insertInto('role_grant_proposal')
        .values({
          partnership_id: partnershipId,
          user_id: userId,
          roles: ['case_review_team'],
          based_on_roles: [],
          agency_id: null,
          proposed_by: userId,
          proposed_at: services.clock.now(),
        })
        .execute()
    },
  },
  {
    param: 'tokenId',
    table: 'api_token',
    text: 'name',
    make: async (services, partnershipId) => {
      const userId = await someUser(services.db, partnershipId)
      const { hash, displayPrefix } = newApiToken()
      await services.db
        .insertInto('api_token')
        .values({
          partnership_id: partnershipId,
          user_id: userId,
          name: 'Ó Súilleabháin returns feed (foreign)',
          token_hash: hash,
          token_prefix: displayPrefix,
          permissions: ['actions.read'],
          created_at: services.clock.now(),
          created_by: userId,
        })
        .execute()
    },
  },
  {
    param: 'messageId',
    table: 'outbox_message',
    text: 'subject',
    make: async (services, partnershipId) => {
      await services.db
        .insertInto('outbox_message')
        .values({
          partnership_id: partnershipId,
          to_address: 'lukasz.nowak@foreign.example',
          subject: 'Papers for Łukasz’s foreign panel',
          text_body: 'Fictional message in another partnership.',
          status: 'kept',
        })
        .execute()
    },
  },
  // Governance
  { param: 'personId', table: 'person', text: 'full_name' },
  { param: 'groupId', table: 'partnership_group', text: 'name' },
  {
    param: 'membershipId',
    table: 'group_membership',
    parents: { groupId: 'group_id' },
  },
  { param: 'meetingId', table: 'meeting', text: 'location' },
  {
    param: 'itemId',
    table: 'agenda_item',
    text: 'title',
    parents: { meetingId: 'meeting_id' },
  },
  {
    param: 'paperId',
    table: 'meeting_paper',
    text: 'title',
    parents: { meetingId: 'meeting_id' },
    make: async (services, partnershipId) => {
      const item = await services.db
        .selectFrom('agenda_item')
        .select(['id', 'meeting_id'])
        .where('partnership_id', '=', partnershipId)
        .orderBy('id')
        .executeTakeFirstOrThrow()
      const data = Buffer.from('%PDF-1.4 fictional paper')
      const file = await services.db
        .insertInto('stored_file')
        .values({
          partnership_id: partnershipId,
          filename: 'foreign-paper.pdf',
          kind: 'pdf',
          size_bytes: data.length,
          sha256: randomBytes(32).toString('hex'),
          data,
          uploaded_by_user_id: null,
          uploaded_at: services.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await services.db
        .insertInto('meeting_paper')
        .values({
          partnership_id: partnershipId,
          meeting_id: item.meeting_id,
          agenda_item_id: item.id,
          file_id: file.id,
          title: 'Siobhán’s foreign briefing paper',
          added_at: services.clock.now(),
          added_by_user_id: null,
        })
        .execute()
    },
  },
  { param: 'challengeId', table: 'challenge', text: 'subject' },
  // Actions
  { param: 'actionId', table: 'action', text: 'title' },
  {
    param: 'evidenceId',
    table: 'action_evidence',
    text: 'description',
    parents: { actionId: 'action_id' },
  },
  // Learning
  { param: 'themeId', table: 'learning_theme', text: 'name' },
  { param: 'reviewId', under: '/learning/', table: 'learning_review', text: 'title' },
  { param: 'findingId', table: 'learning_finding', text: 'title' },
  { param: 'recommendationId', table: 'learning_recommendation', text: 'title' },
  { param: 'briefingId', table: 'learning_briefing', text: 'title' },
  // Performance
  { param: 'indicatorId', table: 'perf_indicator', text: 'title' },
  // Risk
  { param: 'riskId', table: 'risk', text: 'title' },
  {
    param: 'uploadId',
    table: 'perf_upload',
    text: 'filename',
    make: async (services, partnershipId) => {
      await services.db
        .insertInto('perf_upload')
        .values({
          partnership_id: partnershipId,
          agency_id: null,
          filename: 'zoë-foreign-returns.csv',
          rows: '[]',
          status: 'pending',
          uploaded_at: services.clock.now(),
          uploaded_by_user_id: await someUser(services.db, partnershipId),
          confirmed_at: null,
        })
        .execute()
    },
  },
  // Case reviews (the public register takes the partnership in its URL: a foreign one is the
  // point there, and those routes are public)
  { param: 'incidentId', table: 'serious_incident', text: 'child_pseudonym' },
  { param: 'returnId', table: 'information_return' },
  { param: 'reviewId', under: '/case-reviews/', table: 'case_review', text: 'title' },
  {
    param: 'reviewId',
    under: '/published-reviews/',
    table: 'case_review',
    text: 'title',
    parents: { partnershipId: 'partnership_id' },
  },
  {
    param: 'reviewId',
    under: '/api/v1/public/',
    table: 'case_review',
    text: 'title',
    parents: { partnershipId: 'partnership_id' },
  },
]

/** The fixture for a parameter of a route: the one with the longest matching `under`. */
export function fixtureFor(param: string, url: string): ForeignFixture | undefined {
  return foreignFixtures
    .filter((f) => f.param === param && url.startsWith(f.under ?? ''))
    .sort((a, b) => (b.under ?? '').length - (a.under ?? '').length)[0]
}

export function paramNames(url: string): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '')
  return url.endsWith('*') ? [...names, '*'] : names
}

export interface ForeignUrl {
  readonly url: string
  /** Texts of the foreign records in the URL, which no answer may contain. */
  readonly texts: readonly string[]
  /** Parameters the URL holds a real foreign record id for. */
  readonly idParams: readonly string[]
  /** What is missing to try every parameter with a real foreign record (empty when nothing). */
  readonly missing: readonly string[]
}

interface Row {
  readonly id: string | number
  readonly text: string | null
  readonly [column: string]: unknown
}

/**
 * A URL for the route pattern with a guessed value in every id parameter (a random UUID, or
 * something that is not a UUID at all): it names no record in any partnership.
 */
export function guessedUrl(pattern: string, guess: () => string): string {
  const value = (name: string) => nonIdParams[name]?.() ?? guess()
  return pattern
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(value(name)))
    .replace(/\*$/, value('*'))
}

/** Runs each fixture's `make`, once, before the matrix starts. */
export async function makeForeignRecords(services: Services, partnershipId: string): Promise<void> {
  for (const fixture of foreignFixtures) await fixture.make?.(services, partnershipId)
}

/**
 * A URL for the route pattern with real ids of records in the other partnership. Parameters are
 * resolved right to left, so a child record (a paper) decides its parents (its meeting) and the
 * URL names records that belong together.
 */
export async function foreignUrl(
  db: Kysely<Tables>,
  partnershipId: string,
  pattern: string,
): Promise<ForeignUrl> {
  const names = paramNames(pattern)
  const values = new Map<string, string>()
  const texts: string[] = []
  const idParams: string[] = []
  const missing: string[] = []
  for (const name of [...names].reverse()) {
    const sample = nonIdParams[name]
    if (sample !== undefined) {
      values.set(name, sample())
      continue
    }
    const fixture = fixtureFor(name, pattern)
    const row =
      fixture === undefined ? undefined : await pick(db, partnershipId, fixture, values.get(name))
    if (fixture === undefined || row === undefined) {
      missing.push(
        fixture === undefined
          ? `:${name} has no foreign record: add a ForeignFixture (param, table, text) to ` +
              `test/access/foreign-records.ts, or list it in nonIdParams there if it is not an id`
          : `:${name} has no ${fixture.table} row in the other partnership: make the demo seed ` +
              `create one, or give its fixture in test/access/foreign-records.ts a make()`,
      )
      values.set(name, '00000000-0000-4000-8000-000000000000')
      continue
    }
    values.set(name, String(row.id))
    idParams.push(name)
    if (typeof row.text === 'string' && row.text.length >= 6) texts.push(row.text)
    for (const [parent, column] of Object.entries(fixture.parents ?? {})) {
      if (names.includes(parent) && !values.has(parent)) values.set(parent, String(row[column]))
    }
  }
  const url = pattern
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(values.get(name) ?? ''))
    .replace(/\*$/, values.get('*') ?? '')
  return { url, texts, idParams, missing }
}

async function pick(
  db: Kysely<Tables>,
  partnershipId: string,
  fixture: ForeignFixture,
  id: string | undefined,
): Promise<Row | undefined> {
  const idColumn = sql.ref(fixture.idColumn ?? 'id')
  const tenant = sql.ref(fixture.tenantColumn ?? 'partnership_id')
  const text = fixture.text === undefined ? sql`null` : sql.ref(fixture.text)
  const parents = Object.values(fixture.parents ?? {}).map((c) => sql.ref(c))
  const extra = parents.length === 0 ? sql`` : sql`, ${sql.join(parents)}`
  const byId = id === undefined ? sql`` : sql`and ${idColumn}::text = ${id}`
  const result = await sql<Row>`
    select ${idColumn} as id, ${text} as text ${extra}
    from ${sql.table(fixture.table)}
    where ${tenant} = ${partnershipId} ${byId}
    order by ${idColumn}
    limit 1`.execute(db)
  return result.rows[0]
}

/**
 * A fingerprint of everything the fixtures' tables hold for the partnership, to show that no
 * request from another partnership changed any of it.
 */
export async function foreignFingerprint(
  db: Kysely<Tables>,
  partnershipId: string,
): Promise<Record<string, string>> {
  const tables = [...new Set(foreignFixtures.map((f) => f.table))]
  const result: Record<string, string> = {}
  for (const table of tables) {
    const fixture = foreignFixtures.find((f) => f.table === table)
    const tenant = sql.ref(fixture?.tenantColumn ?? 'partnership_id')
    const row = await sql<{ n: number; digest: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as digest
      from ${sql.table(table)} as t
      where ${tenant} = ${partnershipId}`.execute(db)
    result[table] = `${row.rows[0]?.n ?? 0}:${row.rows[0]?.digest ?? ''}`
  }
  return result
}
