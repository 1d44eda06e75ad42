// OpenID Connect sign-in end to end against a real provider (oidc-provider) listening on
// loopback: an active account, an invited one, an unknown address, and replies whose state or
// nonce do not match the sign-in that was started (refused).
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Provider from 'oidc-provider'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { TestClient } from '../../../test/support/client.ts'
import {
  createPartnership,
  createUser,
  type TestPartnership,
} from '../../../test/support/factories.ts'
import { freePort } from '../../../test/support/processes.ts'
import { platformPaths } from '../paths.ts'
import { decrypt, deriveKey, encrypt } from './crypto.ts'

const APP_BASE = 'http://localhost:3000'
const CLIENT_ID = 'assure-test'
const CLIENT_SECRET = 'a fictional client secret for tests only'

/** A browser at the provider: keeps its cookies, follows its redirects, submits its forms. */
class ProviderBrowser {
  readonly #cookies = new Map<string, string>()

  async #fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair?.indexOf('=') ?? -1
      if (pair === undefined || at < 0) continue
      this.#cookies.set(pair.slice(0, at), pair.slice(at + 1))
    }
    return response
  }

  /** Signs in at the provider as `login` and returns the URL it sends the browser back to. */
  async signIn(authorizationUrl: string, login: string): Promise<string> {
    let url = authorizationUrl
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(APP_BASE)) return url
      const response = await this.#fetch(url)
      const location = response.headers.get('location')
      if (location !== null) {
        url = new URL(location, url).href
        continue
      }
      const html = await response.text()
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1]
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
      if (prompt === undefined || action === undefined)
        throw new Error(`Unexpected page at the provider: ${response.status}`)
      const body = new URLSearchParams({ prompt })
      if (prompt === 'login') {
        body.set('login', login)
        body.set('password', 'any password: the test provider accepts any')
      }
      const submitted = await this.#fetch(new URL(action, url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      })
      const next = submitted.headers.get('location')
      if (next === null) throw new Error(`The provider did not redirect: ${submitted.status}`)
      url = new URL(next, url).href
    }
    throw new Error('Too many redirects at the provider')
  }
}

describe('sign-in with OpenID Connect', () => {
  let app: TestApp
  let idp: Server
  let north: TestPartnership

  beforeAll(async () => {
    const port = await freePort()
    const issuer = `http://127.0.0.1:${port}`
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${APP_BASE}${platformPaths.oidcCallback()}`],
        },
      ],
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: () => ({ sub: id, email: id, email_verified: true }),
      }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['a fictional cookie key for the test provider'] },
    })
    idp = provider.listen(port)
    app = await buildTestApp({
      env: {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_LABEL: 'Sign in with Northshire Health',
      },
    })
    north = await createPartnership(app.services.db)
    expect((idp.address() as AddressInfo).port).toBe(port)
  })
  afterAll(async () => {
    await app.close()
    await new Promise<void>((resolve) => {
      idp.close(() => {
        resolve()
      })
    })
  })

  /** Starts sign-in at Assure and returns where the provider sends the browser back. */
  const throughProvider = async (client: TestClient, login: string) => {
    const signInPage = await client.get(platformPaths.signIn())
    const link = signInPage.$('[data-oidc]')
    expect(link.text()).toBe('Sign in with Northshire Health')
    const start = await client.get(link.attr('href') ?? '')
    expect(start.status).toBe(303)
    const back = await new ProviderBrowser().signIn(start.location ?? '', login)
    return back.slice(APP_BASE.length)
  }

  it('signs in an active account matched by email, and audits it', async () => {
    const user = await createUser(app.services.db, north, {
      roles: ['business_unit'],
      email: 'priya.raman@northshire-health.example',
      displayName: 'Priya Raman',
    })
    const client = app.client()
    const callback = await throughProvider(client, 'Priya.Raman@northshire-health.example')
    const done = await client.get(callback)
    expect(done.status).toBe(303)
    expect(done.location).toBe('/')
    const home = await client.get('/')
    expect(home.status).toBe(200)
    expect(home.$('h1').text()).toContain('Priya Raman')
    const entry = await app.services.db
      .selectFrom('audit_event')
      .select('changes')
      .where('action', '=', 'sign_in')
      .where('actor_user_id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(entry.changes).toEqual({ method: 'oidc' })
  })

  it('activates an invited account when its person signs in through the provider', async () => {
    const user = await createUser(app.services.db, north, {
      roles: ['board_member'],
      email: 'siobhan.obrien@northshire-health.example',
      status: 'invited',
      password: null,
    })
    const client = app.client()
    const done = await client.get(await throughProvider(client, user.email))
    expect(done.status).toBe(303)
    expect((await client.get('/')).status).toBe(200)
    const row = await app.services.db
      .selectFrom('app_user')
      .select('status')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('active')
  })

  it('still asks for two-factor set-up for a case-level role', async () => {
    const user = await createUser(app.services.db, north, {
      roles: ['cdop_team'],
      email: 'grace.okonjo@northshire-health.example',
    })
    const client = app.client()
    const done = await client.get(await throughProvider(client, user.email))
    expect(done.location).toBe(platformPaths.signInSetUpTwoFactor())
    expect((await client.get('/')).status).toBe(303)
  })

  it('refuses an email address that has no account, saying so clearly', async () => {
    const client = app.client()
    const done = await client.get(await throughProvider(client, 'stranger@elsewhere.example'))
    expect(done.status).toBe(403)
    expect(done.$('h1').text()).toBe('There is no Assure account for this email address')
    expect(done.$('main').text()).toContain('stranger@elsewhere.example')
    expect(client.cookies.has('assure-session')).toBe(false)
    const failed = await app.services.db
      .selectFrom('audit_event')
      .select('actor_label')
      .where('action', '=', 'failed_sign_in')
      .where('actor_label', '=', 'stranger@elsewhere.example')
      .execute()
    expect(failed).toHaveLength(1)
  })

  it('refuses a reply whose state does not match the sign-in this browser started', async () => {
    await createUser(app.services.db, north, {
      roles: ['practitioner'],
      email: 'lukasz.nowak@northshire-health.example',
    })
    const victim = app.client()
    const attackerCallback = await throughProvider(
      app.client(),
      'lukasz.nowak@northshire-health.example',
    )
    // The victim started their own sign-in; the attacker's reply (login CSRF) is refused.
    await victim.get(platformPaths.oidcStart())
    const refused = await victim.get(attackerCallback)
    expect(refused.status).toBe(400)
    expect(refused.$('h1').text()).toBe('Sign-in could not be completed')
    expect(victim.cookies.has('assure-session')).toBe(false)
    // And with no sign-in started at all.
    const none = await app.client().get(attackerCallback)
    expect(none.status).toBe(400)
  })

  it('refuses a reply whose ID token nonce does not match', async () => {
    const client = app.client()
    const callback = await throughProvider(client, 'lukasz.nowak@northshire-health.example')
    // Change the nonce this browser expects (as a replayed ID token from another sign-in would).
    const key = deriveKey(app.services.secret, 'oidc-flight')
    const flight = JSON.parse(decrypt(key, client.cookies.get('assure-oidc') ?? '')) as Record<
      string,
      unknown
    >
    client.cookies.set('assure-oidc', encrypt(key, JSON.stringify({ ...flight, nonce: 'another' })))
    const refused = await client.get(callback)
    expect(refused.status).toBe(400)
    expect(client.cookies.has('assure-session')).toBe(false)
  })
})
