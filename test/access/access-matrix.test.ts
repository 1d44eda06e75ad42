// The access matrix, generated from the application's own route table: every route (pages and
// API, every module's, including ones added after this test was written) × every role × someone
// not signed in, and every API route again with API tokens. Ids in URLs are ids of real records in
// another partnership (the full demo seed, see foreign-records.ts): whoever holds the route's
// permission must get a clean 404 that shows nothing of the record, and nothing in the other
// partnership may change. A route with an id parameter that has no foreign record fails the suite
// until one is added. A second matrix checks that every state-changing route refuses a request
// without a valid CSRF token.
import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/app.ts'
import { freshDatabase } from '../support/databases.ts'
import { createAgency, createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { roles, type Role } from '../../src/platform/access/roles.ts'
import type { Access, RouteEntry } from '../../src/platform/http/routing.ts'
import { cookieNames } from '../../src/platform/http/cookies.ts'
import { deriveKey, hmac, randomToken, sha256 } from '../../src/platform/identity/crypto.ts'
import { newApiToken } from '../../src/platform/identity/api-tokens.ts'
import type { AppModule } from '../../src/platform/module.ts'
import { seedDemo } from '../../src/platform/demo/seed.ts'
import { appModules } from '../../src/modules/index.ts'
import { mustNotHold, publicRoutes } from './expected-permissions.ts'
import {
  foreignFingerprint,
  foreignUrl,
  guessedUrl,
  makeForeignRecords,
  type ForeignUrl,
} from './foreign-records.ts'

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Each route's URL with ids of real records in another partnership (a cross-partnership attempt). */
const foreignUrls = new Map<string, ForeignUrl>()

function sampleUrl(pattern: string): string {
  const foreign = foreignUrls.get(pattern)
  if (foreign === undefined) throw new Error(`No sample URL for ${pattern}`)
  return foreign.url
}

/** How a text would appear in an HTML page (Nunjucks escapes it) or a JSON body. */
function renderings(text: string): string[] {
  const html = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
  return [text, html, JSON.stringify(text).slice(1, -1)]
}

interface Caller {
  readonly label: string
  /** Undefined for someone not signed in. */
  readonly user: TestUser | undefined
  /** For API routes: an API token of the user's, limited to these permissions. */
  readonly token?: { readonly value: string; readonly permissions: ReadonlySet<string> }
}

interface Answer {
  readonly status: number
  readonly location: string | undefined
  readonly body: string
}

describe('access matrix (generated from the route table)', () => {
  let app: TestApp
  let names: ReturnType<typeof cookieNames>
  let csrfKey: Buffer
  const callers: Caller[] = [{ label: 'not signed in', user: undefined }]
  /** The same people calling the API with tokens (one with all its roles allow, one with none). */
  const tokenCallers: Caller[] = []
  let everyRole: TestUser
  let foreignPartnership: string
  let fingerprintBefore: Record<string, string>

  beforeAll(async () => {
    app = await buildTestApp()
    names = cookieNames(app.services.config.secureCookies)
    csrfKey = deriveKey(app.services.secret, 'csrf')
    const db = app.services.db
    // The other partnership: the whole fictional demo, every module's records.
    foreignPartnership = (await seedDemo(app.services, appModules)).partnershipId
    await makeForeignRecords(app.services, foreignPartnership)
    for (const route of app.routes) {
      if (!foreignUrls.has(route.url))
        foreignUrls.set(route.url, await foreignUrl(db, foreignPartnership, route.url))
    }
    fingerprintBefore = await foreignFingerprint(db, foreignPartnership)

    const partnership = await createPartnership(db)
    const agency = await createAgency(db, partnership)
    for (const role of roles) {
      callers.push({
        label: role,
        user: await createUser(db, partnership, { roles: [role], agencyId: agency }),
      })
    }
    everyRole = await createUser(db, partnership, { roles: [...roles], agencyId: agency })
    for (const caller of callers) {
      if (caller.user === undefined) continue
      const permissions = app.services.policy.permissionsFor(new Set(caller.user.roles))
      tokenCallers.push({
        label: `${caller.label} with an API token`,
        user: caller.user,
        token: {
          value: await issueToken(caller.user, permissions),
          permissions: new Set(permissions),
        },
      })
    }
    tokenCallers.push({
      label: 'every role with an API token limited to nothing',
      user: everyRole,
      token: { value: await issueToken(everyRole, []), permissions: new Set() },
    })
  })

  async function issueToken(user: TestUser, permissions: readonly string[]): Promise<string> {
    const { token, hash, displayPrefix } = newApiToken()
    await app.services.db
      .insertInto('api_token')
      .values({
        partnership_id: user.partnershipId,
        user_id: user.id,
        name: 'Access matrix',
        token_hash: hash,
        token_prefix: displayPrefix,
        permissions: [...permissions],
        created_at: app.services.clock.now(),
        created_by: user.id,
      })
      .execute()
    return token
  }
  afterAll(async () => {
    await app.close()
  })

  const sessions = new Map<string, string>()
  async function newSession(user: TestUser): Promise<string> {
    const { token } = await app.services.sessions.create(app.services.db, {
      partnershipId: user.partnershipId,
      userId: user.id,
      stage: 'active',
      method: 'password',
      ip: '127.0.0.1',
      userAgent: 'access matrix',
    })
    return token
  }

  /**
   * Sends one request as the caller, through a session of its own (so routes that end sessions
   * do not disturb the next request), with a valid CSRF token unless told otherwise.
   */
  async function send(
    route: RouteEntry,
    user: TestUser | undefined,
    csrf: 'valid' | 'missing' | 'wrong' = 'valid',
    token?: string,
  ): Promise<Answer> {
    if (token !== undefined) {
      const response = await app.server.inject({
        method: route.method as 'GET',
        url: sampleUrl(route.url),
        headers: {
          authorization: `Bearer ${token}`,
          ...(STATE_CHANGING.has(route.method) ? { 'content-type': 'application/json' } : {}),
        },
        ...(STATE_CHANGING.has(route.method) ? { payload: '{}' } : {}),
      })
      return { status: response.statusCode, location: undefined, body: response.body }
    }
    let sessionId = ''
    const cookies: string[] = []
    if (user !== undefined) {
      // Reading never ends a session, so reads share one; a change (sign out!) gets its own.
      const reuse = !STATE_CHANGING.has(route.method) ? sessions.get(user.id) : undefined
      const token = reuse ?? (await newSession(user))
      if (!STATE_CHANGING.has(route.method)) sessions.set(user.id, token)
      sessionId = sha256(token)
      cookies.push(`${names.session}=${token}`)
    }
    const seed = randomToken()
    cookies.push(`${names.csrf}=${seed}`)
    const headers: Record<string, string> = { cookie: cookies.join('; ') }
    if (csrf === 'valid') headers['x-csrf-token'] = hmac(csrfKey, `${seed}|${sessionId}`)
    if (csrf === 'wrong') headers['x-csrf-token'] = hmac(csrfKey, `${randomToken()}|${sessionId}`)
    const hasBody = STATE_CHANGING.has(route.method)
    if (hasBody)
      headers['content-type'] =
        route.kind === 'api' ? 'application/json' : 'application/x-www-form-urlencoded'
    const response = await app.server.inject({
      method: route.method as 'GET',
      url: sampleUrl(route.url),
      headers,
      ...(hasBody ? { payload: route.kind === 'api' ? '{}' : '' } : {}),
    })
    return {
      status: response.statusCode,
      location:
        typeof response.headers.location === 'string' ? response.headers.location : undefined,
      body: response.body,
    }
  }

  /** Builds an app that must fail to start, closing its database either way. */
  async function startFails(options: TestAppOptions): Promise<unknown> {
    const database = await freshDatabase()
    try {
      await buildTestApp({ ...options, database })
      return undefined
    } catch (error) {
      return error
    } finally {
      await database.close()
    }
  }

  function holds(caller: Caller & { user: TestUser }, access: Access): boolean {
    if (typeof access === 'string') return true
    if (caller.token !== undefined && !caller.token.permissions.has(access.permission)) return false
    const definition = app.services.policy
      .permissions()
      .find(([name]) => name === access.permission)?.[1]
    return caller.user.roles.some((role: Role) => definition?.grants[role] !== undefined)
  }

  /** The reviewed table (expected-permissions.ts) forbids this caller's only role the route. */
  function forbiddenByTable(user: TestUser, access: Access): boolean {
    if (typeof access === 'string' || user.roles.length !== 1) return false
    const [role] = user.roles
    return role !== undefined && mustNotHold(role, access.permission)
  }

  function describeRoute(route: RouteEntry): string {
    return `${route.method} ${route.url} (${typeof route.access === 'string' ? route.access : route.access.permission})`
  }

  it('covers a route table that includes pages and the API', () => {
    console.info(`access matrix: ${app.routes.length} routes × ${callers.length} callers`)
    expect(app.routes.length).toBeGreaterThan(10)
    expect(app.routes.some((r) => r.kind === 'api')).toBe(true)
    expect(app.routes.some((r) => r.kind === 'page')).toBe(true)
  })

  it('covers the deadline register: its pages and API are open to anyone signed in', () => {
    // What each caller gets from them is tested below like every route: the register lists only
    // the clocks (and records) the caller may see, so 'signedIn' is the right gate.
    const deadlineRoutes = app.routes.filter((r) => /^\/(api\/v1\/)?deadlines/.test(r.url))
    expect(deadlineRoutes.map((r) => [r.method, r.url, r.access, r.kind])).toEqual([
      ['GET', '/deadlines', 'signedIn', 'page'],
      ['GET', '/deadlines/compliance', 'signedIn', 'page'],
      ['GET', '/api/v1/deadlines', 'signedIn', 'api'],
    ])
  })

  it('opens without sign-in only the routes written down in expected-permissions.ts', () => {
    const open = new Set(app.routes.filter((r) => r.access === 'public').map((r) => r.url))
    const unlisted = [...open].filter((url) => publicRoutes[url] === undefined)
    expect(unlisted, 'public routes missing from publicRoutes in expected-permissions.ts').toEqual(
      [],
    )
    const stale = Object.keys(publicRoutes).filter((url) => !open.has(url))
    expect(stale, 'publicRoutes names routes that are not public (or gone)').toEqual([])
  })

  it('has a real record in another partnership for every id parameter of every route', () => {
    const missing = [...foreignUrls].flatMap(([pattern, foreign]) =>
      foreign.missing.map((problem) => `${pattern}: ${problem}`),
    )
    expect(missing).toEqual([])
    // Every route with an id in its URL is tried with a foreign one.
    const withIds = [...foreignUrls.values()].filter((f) => f.idParams.length > 0)
    expect(withIds.length).toBeGreaterThan(50)
    // …and most of them with text of the record that must not show.
    expect(withIds.filter((f) => f.texts.length > 0).length).toBeGreaterThan(40)
  })

  it('gives every role exactly what its permissions say, on every route', async () => {
    const problems: string[] = []
    // Reads first: a change such as "sign out everywhere" ends the sessions reads share.
    const ordered = [
      ...app.routes.filter((r) => !STATE_CHANGING.has(r.method)),
      ...app.routes.filter((r) => STATE_CHANGING.has(r.method)),
    ]
    for (const route of ordered) {
      const foreign = foreignUrls.get(route.url)
      // A page or API read naming another partnership's record: whoever may use the route gets
      // a 404, and nothing of the record.
      const crossPartnershipRead =
        route.method === 'GET' &&
        typeof route.access !== 'string' &&
        (foreign?.idParams.length ?? 0) > 0
      const asked = route.kind === 'api' ? [...callers, ...tokenCallers] : callers
      // The callers' requests for one route run side by side (each has its own session).
      const answers = await Promise.all(
        asked.map((caller) => send(route, caller.user, 'valid', caller.token?.value)),
      )
      for (const [index, caller] of asked.entries()) {
        const answer = answers[index]
        if (answer === undefined) continue
        const where = `${describeRoute(route)} as ${caller.label}: got ${answer.status}`
        if (answer.status >= 500) {
          problems.push(`${where} (a server error)`)
          continue
        }
        for (const text of foreign?.texts ?? []) {
          if (route.access !== 'public' && renderings(text).some((r) => answer.body.includes(r)))
            problems.push(`${where}, and the answer shows another partnership's "${text}"`)
        }
        if (caller.user === undefined) {
          if (route.access === 'public') {
            if (answer.status === 403) problems.push(`${where}, expected not 403`)
          } else if (route.kind === 'api') {
            if (answer.status !== 401) problems.push(`${where}, expected 401`)
          } else if (answer.status !== 303 || !(answer.location ?? '').startsWith('/sign-in')) {
            problems.push(`${where}, expected a redirect to sign in`)
          }
        } else if (forbiddenByTable(caller.user, route.access)) {
          if (answer.status !== 403)
            problems.push(`${where}, expected 403 (expected-permissions.ts)`)
        } else if (holds({ ...caller, user: caller.user }, route.access)) {
          if (answer.status === 403) problems.push(`${where}, expected not 403`)
          if (answer.status === 401) problems.push(`${where}, expected not 401`)
          if (crossPartnershipRead && answer.status !== 404)
            problems.push(`${where}, expected 404 for another partnership's record`)
        } else if (answer.status !== 403) {
          problems.push(`${where}, expected 403`)
        }
      }
    }
    // Whatever was asked, nothing in the other partnership changed.
    const after = await foreignFingerprint(app.services.db, foreignPartnership)
    for (const [table, fingerprint] of Object.entries(fingerprintBefore))
      if (after[table] !== fingerprint)
        problems.push(`${table}: the other partnership's rows changed during the matrix`)
    expect(problems).toEqual([])
  }, 900_000)

  it('answers a guessed id, in no partnership, with a 404 (never a 500)', async () => {
    const problems: string[] = []
    const reads = app.routes.filter(
      (r) =>
        r.method === 'GET' &&
        typeof r.access !== 'string' &&
        (foreignUrls.get(r.url)?.idParams.length ?? 0) > 0,
    )
    expect(reads.length).toBeGreaterThan(30)
    const token = await newSession(everyRole)
    for (const route of reads) {
      for (const guess of [() => randomUUID(), () => 'not-a-uuid']) {
        const url = guessedUrl(route.url, guess)
        const response = await app.server.inject({
          method: 'GET',
          url,
          headers: { cookie: `${names.session}=${token}` },
        })
        if (response.statusCode !== 404) problems.push(`GET ${url}: got ${response.statusCode}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('refuses every state-changing request without a valid CSRF token', async () => {
    const problems: string[] = []
    const changing = app.routes.filter((r) => STATE_CHANGING.has(r.method))
    expect(changing.length).toBeGreaterThan(0)
    for (const route of changing) {
      // Someone the route lets in, so it is the CSRF check (not access) that answers.
      const user = route.access === 'public' ? undefined : everyRole
      for (const csrf of ['missing', 'wrong'] as const) {
        const answer = await send(route, user, csrf)
        const refused =
          answer.status === 403 &&
          (route.kind === 'api'
            ? answer.body.includes('"code":"csrf"')
            : answer.body.includes('Your form has expired'))
        if (!refused)
          problems.push(`${describeRoute(route)} with a ${csrf} token: ${answer.status}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('refuses to start an app with a route that does not declare who may use it', async () => {
    const careless: AppModule = {
      name: 'careless',
      registerRoutes(server) {
        server.get('/careless', async () => 'no access declared')
      },
    }
    expect(String(await startFails({ modules: [careless] }))).toMatch(
      /does not declare config.access/,
    )
  })

  it('refuses to start an app with a route that needs a permission nobody declared', async () => {
    const typo: AppModule = {
      name: 'typo',
      registerRoutes(server) {
        server.get(
          '/typo',
          {
            config: {
              access: { permission: `no.such.permission.${randomBytes(2).toString('hex')}` },
            },
          },
          async () => 'typo',
        )
      },
    }
    expect(String(await startFails({ modules: [typo] }))).toMatch(/unknown permission/)
  })
})
