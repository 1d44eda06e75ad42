// Fuzzing every form and API route of the real application with generated bodies (fast-check):
// signed in as a person holding every role, with a valid CSRF token, in a partnership holding the
// whole demo, so URLs name real records and forms carry their real field names (read from each
// form's page, or from the OpenAPI document). No answer may be a 5xx, and a 4xx must change
// nothing (no audited create, update or delete). Also: a malformed multipart body sent with no
// session to every POST is a 4xx. Inputs per route are bounded; the seed is fixed, so a failure
// reproduces (FUZZ_SEED and FUZZ_RUNS change them).
import * as cheerio from 'cheerio'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appModules } from '../../src/modules/index.ts'
import { roles } from '../../src/platform/access/roles.ts'
import { seedDemo } from '../../src/platform/demo/seed.ts'
import { cookieNames } from '../../src/platform/http/cookies.ts'
import type { RouteEntry } from '../../src/platform/http/routing.ts'
import { deriveKey, hmac, randomToken, sha256 } from '../../src/platform/identity/crypto.ts'
import { tenantScope } from '../../src/platform/tenancy.ts'
import { foreignUrl, makeForeignRecords } from '../access/foreign-records.ts'
import { buildTestApp, type TestApp } from '../support/app.ts'
import { createAgency, createUser, type TestUser } from '../support/factories.ts'
import { multipartBody } from '../support/multipart.ts'

const SEED = Number(process.env.FUZZ_SEED ?? 20261208)
/** Generated bodies per route, on top of the fixed hostile ones. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2)
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Text people (and attackers) type: the hostile characters this suite exists for, and worse. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'Zo\uDC00ë',
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    '99999999999999999999',
    'NaN',
    '2026-02-30',
    '31',
    '13',
    'true',
    '<script>alert(1)</script>',
    "O'Brien'; drop table audit_event; --",
    '/\\evil.example',
    '//evil.example',
    '/réunions?q=Zoë',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(70_000),
  ),
)

interface Target {
  readonly route: RouteEntry
  readonly url: string
  readonly fields: readonly string[]
  readonly multipart: boolean
}

describe('fuzzing every form and API route (fast-check)', () => {
  let app: TestApp
  let user: TestUser
  let partnershipId: string
  let csrfKey: Buffer
  let names: ReturnType<typeof cookieNames>
  const targets: Target[] = []

  beforeAll(async () => {
    app = await buildTestApp()
    const db = app.services.db
    names = cookieNames(app.services.config.secureCookies)
    csrfKey = deriveKey(app.services.secret, 'csrf')
    partnershipId = (await seedDemo(app.services, appModules)).partnershipId
    await makeForeignRecords(app.services, partnershipId)
    const partnership = { id: partnershipId, scope: tenantScope(partnershipId), name: 'Demo' }
    const agency = await createAgency(db, partnership)
    user = await createUser(db, partnership, { roles: [...roles], agencyId: agency })

    // The fields of each API body and query string, from the published OpenAPI document.
    const doc = app.server.swagger() as {
      paths?: Record<string, Record<string, ApiOperation>>
    }
    const apiFields = new Map<string, string[]>()
    for (const [apiPath, operations] of Object.entries(doc.paths ?? {})) {
      for (const [method, operation] of Object.entries(operations)) {
        const body = operation.requestBody?.content?.['application/json']?.schema?.properties ?? {}
        const query = (operation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => p.name)
        apiFields.set(`${method.toUpperCase()} ${apiPath.replace(/\{(\w+)\}/g, ':$1')}`, [
          ...Object.keys(body),
          ...query,
        ])
      }
    }

    for (const route of app.routes) {
      const isApi = route.kind === 'api'
      if (!STATE_CHANGING.has(route.method) && !(isApi && route.method === 'GET')) continue
      if (route.url.includes('*')) continue
      const url = (await foreignUrl(db, partnershipId, route.url)).url
      let fields: string[] = apiFields.get(`${route.method} ${route.url}`) ?? []
      let multipart = false
      if (!isApi) {
        // A form's fields are what its page shows (a button's form has none but the token).
        const page = await send('GET', url, undefined, {})
        const $ = cheerio.load(page.body)
        const form = $('form[method="post"]').filter((_, f) => {
          const action = $(f).attr('action')
          return action === undefined || action.split('?')[0] === url
        })
        fields = [
          ...new Set(
            form
              .find('input[name], select[name], textarea[name]')
              .toArray()
              .map((e) => $(e).attr('name') ?? '')
              .filter((n) => n !== '' && n !== '_csrf'),
          ),
        ]
        multipart = form.attr('enctype') === 'multipart/form-data'
      }
      targets.push({ route, url, fields, multipart })
    }
  }, 240_000)

  afterAll(async () => {
    await app.close()
  })

  interface ApiOperation {
    readonly requestBody?: {
      readonly content?: Record<string, { schema?: { properties?: Record<string, unknown> } }>
    }
    readonly parameters?: readonly { readonly in: string; readonly name: string }[]
  }

  /** One request as the everything-user, in a session of its own, with a valid CSRF token. */
  async function send(
    method: string,
    url: string,
    payload: string | Buffer | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    // Keep the person able to do everything, whatever an earlier request changed.
    await app.services.db
      .updateTable('app_user')
      .set({ status: 'active' })
      .where('id', '=', user.id)
      .execute()
    const { token } = await app.services.sessions.create(app.services.db, {
      partnershipId: user.partnershipId,
      userId: user.id,
      stage: 'active',
      method: 'password',
      ip: '127.0.0.1',
      userAgent: 'fuzz',
    })
    const seed = randomToken()
    const response = await app.server.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie: `${names.session}=${token}; ${names.csrf}=${seed}`,
        'x-csrf-token': hmac(csrfKey, `${seed}|${sha256(token)}`),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload }),
    })
    return { status: response.statusCode, body: response.body }
  }

  const changes = async (): Promise<number> =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from audit_event
          where partnership_id = ${partnershipId} and action in ('create', 'update', 'delete')`.execute(
          app.services.db,
        )
      ).rows[0]?.n ?? 0,
    )

  /** Bodies for a target: the fixed hostile ones, then RUNS generated from the seed. */
  function bodiesFor(target: Target, index: number): Record<string, unknown>[] {
    const keys = target.fields.length > 0 ? target.fields : ['title', 'note', 'id']
    const every = (value: string) => Object.fromEntries(keys.map((k) => [k, value]))
    const value = target.route.kind === 'api' ? fc.oneof(hostileText, fc.jsonValue()) : hostileText
    const generated = fc.sample(
      fc.record(
        Object.fromEntries(
          keys.map((k) => [
            k,
            target.route.kind === 'api'
              ? value
              : fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })),
          ]),
        ),
        { requiredKeys: [] },
      ),
      { numRuns: RUNS, seed: SEED + index },
    )
    return [{ ['na\u0000me']: 'x', ...every('a\u0000b') }, every('\uD83D'), ...generated]
  }

  function encode(
    target: Target,
    body: Record<string, unknown>,
  ): { url: string; payload: string | Buffer | undefined; headers: Record<string, string> } {
    if (target.route.kind === 'api') {
      if (target.route.method === 'GET') {
        const query = new URLSearchParams()
        for (const [k, v] of Object.entries(body))
          query.append(k, typeof v === 'string' ? v : JSON.stringify(v))
        return { url: `${target.url}?${query.toString()}`, payload: undefined, headers: {} }
      }
      return {
        url: target.url,
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }
    }
    const fields: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(body))
      fields[k] = Array.isArray(v) ? v.map(String) : String(v)
    if (target.multipart) {
      const { body: payload, contentType } = multipartBody({
        fields,
        files: [
          {
            field:
              target.fields.find((f) => /file|paper|document|evidence|report/.test(f)) ?? 'file',
            filename: typeof body.title === 'string' ? body.title : 'Zoë’s file\u0000.pdf',
            contentType: 'application/pdf',
            data: Buffer.from('%PDF-1.7 fuzz'),
          },
        ],
      })
      return { url: target.url, payload, headers: { 'content-type': contentType } }
    }
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one)
    return {
      url: target.url,
      payload: params.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }
  }

  it('never answers a 5xx, and a 4xx writes nothing', async () => {
    expect(targets.length).toBeGreaterThan(50)
    const problems: string[] = []
    let sent = 0
    for (const [index, target] of targets.entries()) {
      const label = `${target.route.method} ${target.route.url}`
      const cases = bodiesFor(target, index).map((b) => encode(target, b))
      // Raw bytes that are not valid percent-encoding or UTF-8, for forms.
      if (target.route.kind !== 'api' && STATE_CHANGING.has(target.route.method))
        cases.push({
          url: target.url,
          payload: '%ED%A0%80=%FF&title=%00%C0%AF&%E0%80=1',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      for (const c of cases) {
        const before = await changes()
        const answer = await send(target.route.method, c.url, c.payload, c.headers)
        sent += 1
        if (answer.status >= 500)
          problems.push(
            `${label}: ${answer.status} for ${String(c.payload ?? c.url).slice(0, 200)}`,
          )
        else if (answer.status >= 400 && answer.status !== 403 && (await changes()) !== before)
          problems.push(`${label}: ${answer.status} but a change was audited`)
      }
    }
    expect(problems).toEqual([])
    expect(sent).toBeGreaterThanOrEqual(targets.length * (RUNS + 2))
  }, 600_000)

  it('answers a malformed multipart body sent without a session to every POST with a 4xx', async () => {
    const problems: string[] = []
    const bodies = [
      { payload: '--x\r\nnot a header\r\n\r\n', type: 'multipart/form-data; boundary=x' },
      { payload: 'no boundary at all', type: 'multipart/form-data' },
    ]
    for (const target of targets.filter((t) => t.route.method === 'POST')) {
      for (const body of bodies) {
        const response = await app.server.inject({
          method: 'POST',
          url: target.url,
          payload: body.payload,
          headers: { 'content-type': body.type },
        })
        // Pages send someone not signed in to sign in (303); everything else is a 4xx.
        if (response.statusCode >= 500 || response.statusCode < 300)
          problems.push(`${target.route.url}: ${response.statusCode}`)
      }
    }
    expect(problems).toEqual([])
  }, 120_000)
})
