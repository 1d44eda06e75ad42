// The access matrix, generated from the application's own route table: every route (pages and
// API, every module's, including ones added after this test was written) × every role × someone
// not signed in. Ids in URLs are random UUIDs — ids that exist in no partnership, which is what a
// guessed or other-partnership id looks like — so a route must answer them with a clean 404, never
// a 500 and never a 403 that would reveal anything. A second matrix checks that every
// state-changing route refuses a request without a valid CSRF token.
import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/app.ts'
import { freshDatabase } from '../support/databases.ts'
import { createAgency, createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { roles, type Role } from '../../src/platform/access/roles.ts'
import type { Access, RouteEntry } from '../../src/platform/http/routing.ts'
import { cookieNames } from '../../src/platform/http/cookies.ts'
import { deriveKey, hmac, randomToken, sha256 } from '../../src/platform/identity/crypto.ts'
import type { AppModule } from '../../src/platform/module.ts'

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Ids of real records in another partnership, by parameter name (a cross-partnership attempt). */
const otherPartnership = new Map<string, string>()

/**
 * A value for a path parameter: a real id from another partnership where we have one, else a
 * random UUID for ids, and a plausible value for anything else.
 */
function sampleParam(name: string): string {
  const foreign = otherPartnership.get(name)
  if (foreign !== undefined) return foreign
  if (name === 'token') return randomToken()
  if (name === 'file') return 'no-such-file.js'
  if (name === '*') return 'no-such-asset'
  return randomUUID()
}

function sampleUrl(pattern: string): string {
  return pattern
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(sampleParam(name)))
    .replace(/\*$/, sampleParam('*'))
}

interface Caller {
  readonly label: string
  /** Undefined for someone not signed in. */
  readonly user: TestUser | undefined
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
  let everyRole: TestUser

  beforeAll(async () => {
    app = await buildTestApp()
    names = cookieNames(app.services.config.secureCookies)
    csrfKey = deriveKey(app.services.secret, 'csrf')
    const db = app.services.db
    const partnership = await createPartnership(db)
    const agency = await createAgency(db, partnership)
    for (const role of roles) {
      callers.push({
        label: role,
        user: await createUser(db, partnership, { roles: [role], agencyId: agency }),
      })
    }
    everyRole = await createUser(db, partnership, { roles: [...roles], agencyId: agency })
    const elsewhere = await createPartnership(db)
    const foreignAgency = await createAgency(db, elsewhere)
    otherPartnership.set(
      'userId',
      (await createUser(db, elsewhere, { agencyId: foreignAgency })).id,
    )
    otherPartnership.set('agencyId', foreignAgency)
  })
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
  ): Promise<Answer> {
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

  function holds(user: TestUser, access: Access): boolean {
    if (typeof access === 'string') return true
    const definition = app.services.policy
      .permissions()
      .find(([name]) => name === access.permission)?.[1]
    return user.roles.some((role: Role) => definition?.grants[role] !== undefined)
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

  it('gives every role exactly what its permissions say, on every route', async () => {
    const problems: string[] = []
    // Reads first: a change such as "sign out everywhere" ends the sessions reads share.
    const ordered = [
      ...app.routes.filter((r) => !STATE_CHANGING.has(r.method)),
      ...app.routes.filter((r) => STATE_CHANGING.has(r.method)),
    ]
    for (const route of ordered) {
      // The callers' requests for one route run side by side (each has its own session).
      const answers = await Promise.all(callers.map((caller) => send(route, caller.user)))
      for (const [index, caller] of callers.entries()) {
        const answer = answers[index]
        if (answer === undefined) continue
        const where = `${describeRoute(route)} as ${caller.label}: got ${answer.status}`
        if (answer.status >= 500) {
          problems.push(`${where} (a server error)`)
          continue
        }
        if (caller.user === undefined) {
          if (route.access === 'public') {
            if (answer.status === 403) problems.push(`${where}, expected not 403`)
          } else if (route.kind === 'api') {
            if (answer.status !== 401) problems.push(`${where}, expected 401`)
          } else if (answer.status !== 303 || !(answer.location ?? '').startsWith('/sign-in')) {
            problems.push(`${where}, expected a redirect to sign in`)
          }
        } else if (holds(caller.user, route.access)) {
          if (answer.status === 403) problems.push(`${where}, expected not 403`)
          if (answer.status === 401) problems.push(`${where}, expected not 401`)
        } else if (answer.status !== 403) {
          problems.push(`${where}, expected 403`)
        }
      }
    }
    expect(problems).toEqual([])
  }, 600_000)

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
      routes(server) {
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
      routes(server) {
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
