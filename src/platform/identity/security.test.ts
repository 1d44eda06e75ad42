// Transport and abuse protections around sign-in: cookie flags (and the __Host- prefix and HSTS
// only behind TLS), throttling of two-factor codes, and invitation links that expire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { Page, TestClient } from '../../../test/support/client.ts'
import {
  TEST_PASSWORD,
  createPartnership,
  createUser,
  type TestPartnership,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../clock.ts'
import { platformPaths } from '../paths.ts'
import { tenantScope } from '../tenancy.ts'
import { deriveKey, encrypt } from './crypto.ts'
import {
  INVITATION_TTL_MS,
  TOTP_FIRST_LOCK_MS,
  TOTP_FREE_FAILURES,
  issueAccountLink,
} from './service.ts'
import { newTotpSecret, totpCode } from './totp.ts'

function setCookies(page: Page): string[] {
  const header = page.headers['set-cookie']
  if (header === undefined) return []
  return Array.isArray(header) ? header : [header]
}

function cookieNamed(page: Page, name: string): string | undefined {
  return setCookies(page).find((c) => c.startsWith(`${name}=`))
}

async function signIn(client: TestClient, email: string, password = TEST_PASSWORD): Promise<Page> {
  await client.get(platformPaths.signIn())
  return client.post(platformPaths.signIn(), { email, password })
}

describe.each([
  { scheme: 'http', baseUrl: 'http://localhost:3000', prefix: '' },
  { scheme: 'https', baseUrl: 'https://assure.northshire-scp.example', prefix: '__Host-' },
])('cookies and HSTS over $scheme', ({ scheme, baseUrl, prefix }) => {
  let app: TestApp
  let north: TestPartnership

  beforeAll(async () => {
    app = await buildTestApp({ env: { BASE_URL: baseUrl } })
    north = await createPartnership(app.services.db)
  })
  afterAll(async () => {
    await app.close()
  })

  it('sets the session and CSRF cookies HttpOnly, SameSite=Lax, on the whole site', async () => {
    const user = await createUser(app.services.db, north, { roles: ['business_unit'] })
    const client = app.client()
    const form = await client.get(platformPaths.signIn())
    const signedIn = await client.post(platformPaths.signIn(), {
      email: user.email,
      password: TEST_PASSWORD,
    })
    expect(signedIn.status).toBe(303)
    const cookies = [
      cookieNamed(form, `${prefix}assure-csrf`),
      cookieNamed(signedIn, `${prefix}assure-session`),
    ]
    for (const cookie of cookies) {
      expect(cookie).toBeDefined()
      const flags = (cookie ?? '').split(/;\s*/).slice(1)
      expect(flags).toContain('HttpOnly')
      expect(flags).toContain('SameSite=Lax')
      expect(flags).toContain('Path=/')
      // __Host- cookies must not name a domain; none of ours do.
      expect(flags.some((f) => /^Domain=/i.test(f))).toBe(false)
      if (scheme === 'https') expect(flags).toContain('Secure')
      else expect(flags).not.toContain('Secure')
    }
    // Over TLS no cookie without the prefix is set at all.
    if (scheme === 'https')
      expect(setCookies(signedIn).every((c) => c.startsWith('__Host-'))).toBe(true)
    // The session works with the cookie the browser kept.
    expect((await client.get('/')).status).toBe(200)
  })

  it(`sends HSTS only over TLS`, async () => {
    const page = await app.client().get(platformPaths.signIn())
    const hsts = page.headers['strict-transport-security']
    if (scheme === 'https') expect(hsts).toBe('max-age=31536000; includeSubDomains')
    else expect(hsts).toBeUndefined()
  })
})

describe('two-factor codes and invitation links', () => {
  let app: TestApp
  let clock: FakeClock
  let north: TestPartnership

  beforeAll(async () => {
    clock = new FakeClock('2026-09-14T09:00:00Z')
    app = await buildTestApp({ clock })
    north = await createPartnership(app.services.db)
  })
  afterAll(async () => {
    await app.close()
  })

  it(`locks two-factor codes after ${TOTP_FREE_FAILURES} wrong ones, for longer each time`, async () => {
    const secret = newTotpSecret()
    const lado = await createUser(app.services.db, north, {
      roles: ['lado_team'],
      displayName: 'Tomasz Wiśniewski',
    })
    await app.services.db
      .updateTable('app_user')
      .set({
        totp_secret: encrypt(deriveKey(app.services.secret, 'totp'), secret),
        totp_enabled_at: clock.now(),
      })
      .where('id', '=', lado.id)
      .execute()
    const client = app.client()
    expect((await signIn(client, lado.email)).location).toBe(platformPaths.signInTwoFactor())
    await client.get(platformPaths.signInTwoFactor())
    const wrong = totpCode(secret, new Date(clock.now().getTime() - 10 * 60_000))
    for (let attempt = 0; attempt < TOTP_FREE_FAILURES; attempt += 1) {
      const page = await client.post(platformPaths.signInTwoFactor(), { code: wrong })
      expect(page.status).toBe(400)
    }
    // Now even the right code is refused, with a clear message and nothing signed in.
    const refused = await client.post(platformPaths.signInTwoFactor(), {
      code: totpCode(secret, clock.now()),
    })
    expect(refused.status).toBe(429)
    expect(refused.$('#code-error').text()).toContain('too many attempts. Try again in 1 minute')
    expect((await client.get('/')).status).toBe(303)
    // After the minute, one more wrong code locks it for two.
    clock.advance(TOTP_FIRST_LOCK_MS + 1000)
    expect((await client.post(platformPaths.signInTwoFactor(), { code: wrong })).status).toBe(400)
    clock.advance(TOTP_FIRST_LOCK_MS + 1000)
    const stillLocked = await client.post(platformPaths.signInTwoFactor(), {
      code: totpCode(secret, clock.now()),
    })
    expect(stillLocked.status).toBe(429)
    // Once it has passed, the person gets in with a fresh code, and the count starts again.
    clock.advance(TOTP_FIRST_LOCK_MS)
    const again = app.client()
    expect((await signIn(again, lado.email)).location).toBe(platformPaths.signInTwoFactor())
    await again.get(platformPaths.signInTwoFactor())
    const done = await again.post(platformPaths.signInTwoFactor(), {
      code: totpCode(secret, clock.now()),
    })
    expect(done.status).toBe(303)
    expect((await again.get('/')).status).toBe(200)
    const row = await app.services.db
      .selectFrom('app_user')
      .select(['totp_failures', 'totp_locked_until'])
      .where('id', '=', lado.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ totp_failures: 0, totp_locked_until: null })
  })

  it('refuses an invitation link once it has expired, leaving the account invited', async () => {
    const invited = await createUser(app.services.db, north, {
      roles: ['practitioner'],
      status: 'invited',
      password: null,
      displayName: 'Chloë Ó Briain',
    })
    const link = await app.services.db
      .transaction()
      .execute((trx) =>
        issueAccountLink(app.services, trx, tenantScope(north.id), invited.id, 'invitation'),
      )
    const url = new URL(link).pathname
    const client = app.client()
    clock.advance(INVITATION_TTL_MS - 60_000)
    expect((await client.get(url)).status).toBe(200)
    clock.advance(2 * 60_000)
    expect((await client.get(url)).status).toBe(404)
    const late = await client.post(url, {
      password: 'a late passphrase 42',
      confirmPassword: 'a late passphrase 42',
    })
    expect(late.status).toBe(404)
    const row = await app.services.db
      .selectFrom('app_user')
      .select(['status', 'password_hash'])
      .where('id', '=', invited.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'invited', password_hash: null })
  })
})
