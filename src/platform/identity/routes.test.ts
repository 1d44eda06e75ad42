// Signing in through the real pages: passwords, throttling, two-factor, session fixation,
// timeouts, revocation, deactivation, password reset links and invitations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { TestClient } from '../../../test/support/client.ts'
import { deliverThroughSmtp } from '../../../test/support/mail.ts'
import {
  TEST_PASSWORD,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../clock.ts'
import { platformPaths } from '../paths.ts'
import { tenantScope } from '../tenancy.ts'
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from './sessions.ts'
import { totpCode } from './totp.ts'
import { issueAccountLink, PASSWORD_RESET_TTL_MS, THROTTLE_WINDOW_MS } from './service.ts'

const SESSION = 'assure-session'

describe('signing in', () => {
  let app: TestApp
  let clock: FakeClock
  let north: TestPartnership
  let manager: TestUser

  beforeAll(async () => {
    clock = new FakeClock('2026-03-10T10:00:00Z')
    // Behind a (pretend) proxy, so each test can sign in from an address of its own.
    app = await buildTestApp({ clock, env: { TRUST_PROXY: 'true' } })
    north = await createPartnership(app.services.db)
    manager = await createUser(app.services.db, north, {
      roles: ['business_unit'],
      displayName: 'Siobhán Ní Bhriain',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  let addresses = 0
  const nextAddress = () => {
    addresses += 1
    return `10.1.${addresses >> 8}.${addresses & 255}`
  }
  /** Posts the sign-in form from an address (a new one each time unless given). */
  const signIn = async (
    client: TestClient,
    email: string,
    password = TEST_PASSWORD,
    ip = nextAddress(),
  ) => {
    await client.get(platformPaths.signIn())
    return client.request(
      'POST',
      platformPaths.signIn(),
      new URLSearchParams({ email, password, _csrf: client.csrfToken ?? '' }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    )
  }

  const auditCount = async (action: string, recordId?: string) => {
    let q = app.services.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action as 'sign_in')
    if (recordId !== undefined) q = q.where('record_id', '=', recordId)
    return (await q.executeTakeFirstOrThrow()).n
  }

  it('signs in with a correct password, with a new session id, and audits it', async () => {
    const client = app.client()
    // A session the browser already had (e.g. one planted part-way through sign-in by an
    // attacker) is ended and replaced, never promoted.
    const { token: plantedToken } = await app.services.sessions.create(app.services.db, {
      partnershipId: north.id,
      userId: manager.id,
      stage: 'awaiting_second_factor',
      method: 'password',
      ip: null,
      userAgent: null,
    })
    client.cookies.set(SESSION, plantedToken)
    const planted = app.client()
    planted.cookies.set(SESSION, plantedToken)
    const before = await auditCount('sign_in', manager.id)
    const page = await signIn(client, manager.email)
    expect(page.status).toBe(303)
    expect(page.location).toBe('/')
    const token = client.cookies.get(SESSION)
    expect(token).toBeDefined()
    expect(token).not.toBe(plantedToken)
    expect((await planted.get(platformPaths.signInTwoFactor())).status).toBe(303)
    expect((await planted.get(platformPaths.signInTwoFactor())).location).toContain('/sign-in')
    const home = await client.get('/')
    expect(home.status).toBe(200)
    expect(home.$('h1').text()).toContain('Siobhán Ní Bhriain')
    expect(await auditCount('sign_in', manager.id)).toBe(before + 1)
  })

  it('refuses a wrong password or an unknown address with the same message, and audits both', async () => {
    const client = app.client()
    const wrong = await signIn(client, manager.email, 'not the password at all')
    const unknown = await signIn(client, 'nobody.here@example.org', 'not the password at all')
    expect(wrong.status).toBe(400)
    expect(unknown.status).toBe(400)
    const message = (p: typeof wrong) => p.$('.govuk-error-summary').text().trim()
    expect(message(wrong)).toBe(message(unknown))
    expect(message(wrong)).toContain('Enter a correct email address and password')
    expect(client.cookies.has(SESSION)).toBe(false)
    const failed = await app.services.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'actor_label', 'partnership_id'])
      .where('action', '=', 'failed_sign_in')
      .execute()
    expect(failed).toContainEqual({
      actor_user_id: manager.id,
      actor_label: null,
      partnership_id: north.id,
    })
    expect(failed).toContainEqual({
      actor_user_id: null,
      actor_label: 'nobody.here@example.org',
      partnership_id: null,
    })
  })

  it('shows field errors for an empty form, writing nothing', async () => {
    const client = app.client()
    await client.get(platformPaths.signIn())
    const page = await client.post(platformPaths.signIn(), { email: '', password: '' })
    expect(page.status).toBe(400)
    expect(page.$('#email-error').text()).toContain('Enter an email address')
    expect(page.$('#password-error').text()).toContain('Enter your password')
  })

  it('throttles an account after 10 failures in 5 minutes, then lets the person in again', async () => {
    const target = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const attacker = app.client()
    // Each attempt from a different address, so only the per-account limit applies.
    for (let i = 0; i < 10; i++)
      expect((await signIn(attacker, target.email, `guess number ${i}`)).status).toBe(400)
    // Even the right password is refused now, and the message does not say the account exists.
    const owner = app.client()
    const refused = await signIn(owner, target.email)
    expect(refused.status).toBe(429)
    expect(refused.$('.govuk-error-summary').text()).toContain('too many attempts')
    expect(owner.cookies.has(SESSION)).toBe(false)
    // An unknown address is throttled in just the same way (the lock-out reveals nothing).
    for (let i = 0; i < 10; i++) await signIn(attacker, 'no.such.person@example.org', `guess ${i}`)
    const unknown = await signIn(attacker, 'no.such.person@example.org', 'guess again')
    expect(unknown.status).toBe(429)
    // The lock-out lasts only until the failures are 5 minutes old.
    clock.advance(THROTTLE_WINDOW_MS + 1000)
    const allowed = await signIn(owner, target.email)
    expect(allowed.status).toBe(303)
    expect(owner.cookies.has(SESSION)).toBe(true)
  })

  it('lets a browser that signed in before through while an attacker holds the account locked', async () => {
    const target = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const owner = app.client()
    expect((await signIn(owner, target.email)).status).toBe(303)
    const home = await owner.get('/')
    await owner.post(
      platformPaths.signOut(),
      {},
      {
        csrf: home.$('form[action="/sign-out"] input[name=_csrf]').attr('value') ?? null,
      },
    )
    clock.advance(1000)
    const attacker = app.client()
    for (let i = 0; i < 10; i++) await signIn(attacker, target.email, `guess ${i}`)
    expect((await signIn(app.client(), target.email)).status).toBe(429)
    // The owner's browser carries a device cookie for this account.
    expect((await signIn(owner, target.email)).status).toBe(303)
  })

  it('throttles an address after 10 failures in 5 minutes, whatever accounts it tries', async () => {
    const client = app.client()
    const ip = '192.0.2.77'
    for (let i = 0; i < 10; i++)
      await signIn(client, `someone${i}@example.org`, 'wrong password here', ip)
    expect((await signIn(client, manager.email, TEST_PASSWORD, ip)).status).toBe(429)
    expect((await signIn(client, manager.email, TEST_PASSWORD)).status).toBe(303)
  })

  it('ends a session after 30 minutes idle and after 12 hours in all', async () => {
    const client = app.client()
    expect((await signIn(client, manager.email)).status).toBe(303)
    clock.advance(IDLE_TIMEOUT_MS - 60_000)
    expect((await client.get('/')).status).toBe(200)
    clock.advance(IDLE_TIMEOUT_MS - 60_000)
    // Still alive: the request before kept it from going idle.
    expect((await client.get('/')).status).toBe(200)
    clock.advance(IDLE_TIMEOUT_MS + 1000)
    const idle = await client.get('/')
    expect(idle.status).toBe(303)
    expect(idle.location).toContain(platformPaths.signIn())

    const busy = app.client()
    expect((await signIn(busy, manager.email)).status).toBe(303)
    for (let elapsed = 0; elapsed < ABSOLUTE_TIMEOUT_MS - IDLE_TIMEOUT_MS; elapsed += 20 * 60_000) {
      clock.advance(20 * 60_000)
      expect((await busy.get('/')).status).toBe(200)
    }
    clock.advance(IDLE_TIMEOUT_MS)
    expect((await busy.get('/')).status).toBe(303)
  })

  it('signs out (ending the session on the server) and audits it', async () => {
    const client = app.client()
    await signIn(client, manager.email)
    const token = client.cookies.get(SESSION) ?? ''
    const home = await client.get('/')
    const out = await client.post(
      platformPaths.signOut(),
      {},
      {
        csrf: home.$('form[action="/sign-out"] input[name=_csrf]').attr('value') ?? null,
      },
    )
    expect(out.status).toBe(303)
    expect(client.cookies.has(SESSION)).toBe(false)
    // Replaying the old cookie does not work: the session was ended on the server.
    const replay = app.client()
    replay.cookies.set(SESSION, token)
    expect((await replay.get('/')).status).toBe(303)
    expect(await auditCount('sign_out', manager.id)).toBeGreaterThan(0)
  })

  it('signs a person out everywhere from their account page', async () => {
    const user = await createUser(app.services.db, north, { roles: ['board_member'] })
    const first = app.client()
    const second = app.client()
    await signIn(first, user.email)
    await signIn(second, user.email)
    const account = await first.get(platformPaths.account())
    expect(account.status).toBe(200)
    expect(account.$('[data-sessions] tbody tr')).toHaveLength(2)
    const out = await first.post(platformPaths.accountSignOutEverywhere())
    expect(out.status).toBe(303)
    expect((await first.get('/')).status).toBe(303)
    expect((await second.get('/')).status).toBe(303)
  })

  it('ends a revoked session at its very next request', async () => {
    const client = app.client()
    await signIn(client, manager.email)
    expect((await client.get('/')).status).toBe(200)
    await app.services.sessions.revokeAllForUser(
      app.services.db,
      tenantScope(north.id),
      manager.id,
      'test',
    )
    expect((await client.get('/')).status).toBe(303)
  })

  it('shuts a deactivated account out on its very next request, and refuses its password', async () => {
    const user = await createUser(app.services.db, north, { roles: ['business_unit'] })
    const client = app.client()
    await signIn(client, user.email)
    expect((await client.get('/')).status).toBe(200)
    await app.services.db
      .updateTable('app_user')
      .set({ status: 'deactivated' })
      .where('id', '=', user.id)
      .execute()
    expect((await client.get('/')).status).toBe(303)
    expect((await signIn(app.client(), user.email)).status).toBe(400)
  })

  it('changes a password, ending the person’s other sessions', async () => {
    const user = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const here = app.client()
    const elsewhere = app.client()
    await signIn(here, user.email)
    await signIn(elsewhere, user.email)
    await here.get(platformPaths.accountPassword())
    const wrong = await here.post(platformPaths.accountPassword(), {
      currentPassword: 'not my password',
      password: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    expect(wrong.status).toBe(400)
    expect(wrong.$('#currentPassword-error').text()).toContain('not correct')
    const mismatch = await here.post(platformPaths.accountPassword(), {
      currentPassword: TEST_PASSWORD,
      password: 'a brand new passphrase',
      confirmPassword: 'a different passphrase',
    })
    expect(mismatch.status).toBe(400)
    expect(mismatch.$('#confirmPassword-error').text()).toContain('Passwords do not match')
    const done = await here.post(platformPaths.accountPassword(), {
      currentPassword: TEST_PASSWORD,
      password: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    expect(done.status).toBe(303)
    expect((await here.get('/')).status).toBe(200)
    expect((await elsewhere.get('/')).status).toBe(303)
    expect((await signIn(app.client(), user.email, 'a brand new passphrase')).status).toBe(303)
  })

  describe('two-factor authentication', () => {
    it('makes a case-level account set up an authenticator at first sign-in, then asks for codes', async () => {
      const lado = await createUser(app.services.db, north, {
        roles: ['lado_team'],
        displayName: 'Łukasz Wiśniewski',
      })
      const client = app.client()
      const first = await signIn(client, lado.email)
      expect(first.location).toBe(platformPaths.signInSetUpTwoFactor())
      // Part-way through, nothing else is open.
      expect((await client.get('/')).status).toBe(303)
      const setup = await client.get(platformPaths.signInSetUpTwoFactor())
      expect(setup.status).toBe(200)
      const secret = setup.$('[data-totp-key]').text().replace(/\s+/g, '')
      expect(secret).toMatch(/^[A-Z2-7]{32}$/)
      const setupKey = setup.$('input[name=setupKey]').attr('value') ?? ''
      const wrong = await client.post(platformPaths.signInSetUpTwoFactor(), {
        setupKey,
        code: '000000',
      })
      expect(wrong.status).toBe(400)
      const partialToken = client.cookies.get(SESSION)
      const done = await client.post(platformPaths.signInSetUpTwoFactor(), {
        setupKey,
        code: totpCode(secret, clock.now()),
      })
      expect(done.status).toBe(303)
      expect(client.cookies.get(SESSION)).not.toBe(partialToken)
      expect((await client.get('/')).status).toBe(200)

      // Next time: password, then a code (a fresh one: codes cannot be replayed).
      clock.advance(60_000)
      const again = app.client()
      const step1 = await signIn(again, lado.email)
      expect(step1.location).toBe(platformPaths.signInTwoFactor())
      await again.get(platformPaths.signInTwoFactor())
      const bad = await again.post(platformPaths.signInTwoFactor(), { code: '123456' })
      expect(bad.status).toBe(400)
      const code = totpCode(secret, clock.now())
      const good = await again.post(platformPaths.signInTwoFactor(), { code })
      expect(good.status).toBe(303)
      expect((await again.get('/')).status).toBe(200)

      const replay = app.client()
      await signIn(replay, lado.email)
      await replay.get(platformPaths.signInTwoFactor())
      expect((await replay.post(platformPaths.signInTwoFactor(), { code })).status).toBe(400)
    })
  })

  describe('password reset links', () => {
    it('emails a link (without revealing whether the address has an account) that works once', async () => {
      const user = await createUser(app.services.db, north, { roles: ['practitioner'] })
      const client = app.client()
      await client.get(platformPaths.forgotPassword())
      const known = await client.post(platformPaths.forgotPassword(), { email: user.email })
      const unknown = await client.post(platformPaths.forgotPassword(), {
        email: 'no.account@example.org',
      })
      expect(known.status).toBe(200)
      expect(unknown.status).toBe(200)
      expect(known.$('h1').text()).toBe(unknown.$('h1').text())
      const delivered = (await deliverThroughSmtp(app)).filter((m) => m.to === user.email)
      expect(delivered).toHaveLength(1)
      const link = /http:\/\/localhost:3000(\/sign-in\/reset-password\/\S+)/.exec(
        delivered[0]?.text ?? '',
      )?.[1]
      expect(link).toBeDefined()
      const url = link ?? ''
      const session = app.client()
      await signIn(session, user.email)

      const form = await client.get(url)
      expect(form.status).toBe(200)
      const short = await client.post(url, { password: 'short', confirmPassword: 'short' })
      expect(short.status).toBe(400)
      expect(short.$('#password-error').text()).toContain('12 characters or more')
      const done = await client.post(url, {
        password: 'Zoë’s new passphrase',
        confirmPassword: 'Zoë’s new passphrase',
      })
      expect(done.status).toBe(303)
      // Sessions that existed are ended; the old password no longer works; the new one does.
      expect((await session.get('/')).status).toBe(303)
      expect((await signIn(app.client(), user.email)).status).toBe(400)
      expect((await signIn(app.client(), user.email, 'Zoë’s new passphrase')).status).toBe(303)
      // Single use.
      expect((await client.get(url)).status).toBe(404)
      const reuse = await client.post(url, {
        password: 'another passphrase 99',
        confirmPassword: 'another passphrase 99',
      })
      expect(reuse.status).toBe(404)
    })

    it('refuses a link after an hour', async () => {
      const user = await createUser(app.services.db, north, { roles: ['practitioner'] })
      const link = await app.services.db
        .transaction()
        .execute((trx) =>
          issueAccountLink(app.services, trx, tenantScope(north.id), user.id, 'password_reset'),
        )
      const url = new URL(link).pathname
      const client = app.client()
      expect((await client.get(url)).status).toBe(200)
      clock.advance(PASSWORD_RESET_TTL_MS + 1000)
      expect((await client.get(url)).status).toBe(404)
      const late = await client.post(url, {
        password: 'too late passphrase',
        confirmPassword: 'too late passphrase',
      })
      expect(late.status).toBe(404)
      expect((await signIn(app.client(), user.email)).status).toBe(303)
    })
  })

  it('accepts an invitation: the invited person sets a password and can then sign in', async () => {
    const invited = await createUser(app.services.db, north, {
      roles: ['agency_lead'],
      status: 'invited',
      password: null,
    })
    expect((await signIn(app.client(), invited.email, 'anything at all 1')).status).toBe(400)
    const link = await app.services.db
      .transaction()
      .execute((trx) =>
        issueAccountLink(app.services, trx, tenantScope(north.id), invited.id, 'invitation'),
      )
    const url = new URL(link).pathname
    const client = app.client()
    await client.get(url)
    const done = await client.post(url, {
      password: 'my first passphrase',
      confirmPassword: 'my first passphrase',
    })
    expect(done.status).toBe(303)
    expect((await client.get(url)).status).toBe(404)
    expect((await signIn(app.client(), invited.email, 'my first passphrase')).status).toBe(303)
  })
})
