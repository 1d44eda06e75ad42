// Account security (issue 12.6): replacing the second factor needs the current password and a
// current code, ends the person's other sessions and emails them; "forgot password" does the same
// work whether or not the address has an account; and someone who has the password gets a few
// dozen two-factor guesses a day, not thousands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin, RootOperationNode } from 'kysely'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { TestClient } from '../../../test/support/client.ts'
import {
  TEST_PASSWORD,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../clock.ts'
import { platformPaths } from '../paths.ts'
import type { Services } from '../services.ts'
import { deriveKey, encrypt } from './crypto.ts'
import { requestPasswordReset } from './service.ts'
import { newTotpSecret, totpCode } from './totp.ts'

describe('account security', () => {
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

  async function withTwoFactor(user: TestUser): Promise<string> {
    const secret = newTotpSecret()
    await app.services.db
      .updateTable('app_user')
      .set({
        totp_secret: encrypt(deriveKey(app.services.secret, 'totp'), secret),
        totp_enabled_at: clock.now(),
      })
      .where('id', '=', user.id)
      .execute()
    return secret
  }

  async function outboxTo(address: string) {
    return app.services.db
      .selectFrom('outbox_message')
      .select(['subject', 'text_body'])
      .where('to_address', '=', address)
      .execute()
  }

  describe('replacing the second factor', () => {
    async function replaceForm(client: TestClient) {
      const form = await client.get(platformPaths.accountTwoFactor())
      expect(form.status).toBe(200)
      return {
        setupKey: form.$('input[name=setupKey]').val() as string,
        secret: form.$('[data-totp-key]').text().replace(/\s+/g, ''),
        asksPassword: form.$('#currentPassword').length === 1,
        asksCode: form.$('#currentCode').length === 1,
      }
    }

    it('needs the current password and a current code, then ends other sessions and emails', async () => {
      const person = await createUser(app.services.db, north, {
        roles: ['lado_team'],
        displayName: 'Łukasz Nowak',
      })
      const oldSecret = await withTwoFactor(person)
      const here = await app.clientAs(person)
      const elsewhere = await app.clientAs(person)
      const form = await replaceForm(here)
      expect(form).toMatchObject({ asksPassword: true, asksCode: true })
      const newCode = totpCode(form.secret, clock.now())

      // A thief in one session, without the password or the old authenticator, gets nowhere.
      const noProof = await here.post(platformPaths.accountTwoFactor(), {
        setupKey: form.setupKey,
        code: newCode,
        currentPassword: 'not the password 1',
        currentCode: '000000',
      })
      expect(noProof.status).toBe(400)
      expect(noProof.$('#currentPassword-error').text()).toContain('not correct')
      expect(noProof.$('#currentCode-error').text()).toContain('not correct')
      const passwordOnly = await here.post(platformPaths.accountTwoFactor(), {
        setupKey: form.setupKey,
        code: newCode,
        currentPassword: TEST_PASSWORD,
      })
      expect(passwordOnly.status).toBe(400)
      expect(passwordOnly.$('#currentCode-error').text()).toContain('not correct')
      const unchanged = await app.services.db
        .selectFrom('app_user')
        .select(['totp_secret', 'totp_failures'])
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow()
      // The wrong codes were counted towards the lock-out (not rolled back with the refusal).
      expect(unchanged.totp_failures).toBe(2)
      expect((await elsewhere.get('/')).status).toBe(200)
      expect(await outboxTo(person.email)).toEqual([])

      const done = await here.post(platformPaths.accountTwoFactor(), {
        setupKey: form.setupKey,
        code: newCode,
        currentPassword: TEST_PASSWORD,
        currentCode: totpCode(oldSecret, clock.now()),
      })
      expect(done.status).toBe(303)
      const after = await app.services.db
        .selectFrom('app_user')
        .select(['totp_secret', 'totp_failures'])
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow()
      expect(after.totp_secret).not.toBe(unchanged.totp_secret)
      expect(after.totp_failures).toBe(0)
      // This session goes on; the other one is ended; the person is told by email.
      expect((await here.get('/')).status).toBe(200)
      expect((await elsewhere.get('/')).status).toBe(303)
      const mail = await outboxTo(person.email)
      expect(mail.map((m) => m.subject)).toEqual([
        'Your Assure two-factor authentication has changed',
      ])
      expect(mail[0]?.text_body).toContain('every other session of yours has been signed out')
    })

    it('asks only for the password when two-factor is not yet on', async () => {
      const person = await createUser(app.services.db, north, { roles: ['business_unit'] })
      const client = await app.clientAs(person)
      const form = await replaceForm(client)
      expect(form).toMatchObject({ asksPassword: true, asksCode: false })
      const refused = await client.post(platformPaths.accountTwoFactor(), {
        setupKey: form.setupKey,
        code: totpCode(form.secret, clock.now()),
        currentPassword: 'not the password 2',
      })
      expect(refused.status).toBe(400)
      const done = await client.post(platformPaths.accountTwoFactor(), {
        setupKey: form.setupKey,
        code: totpCode(form.secret, clock.now()),
        currentPassword: TEST_PASSWORD,
      })
      expect(done.status).toBe(303)
    })
  })

  it('gives someone who has the password far fewer than 2,900 code guesses a day', async () => {
    const person = await createUser(app.services.db, north, { roles: ['cdop_team'] })
    const secret = await withTwoFactor(person)
    const start = clock.now().getTime()
    const dayEnds = start + 24 * 60 * 60 * 1000
    let checked = 0
    let refused = 0
    // The attacker signs in with the password and tries a wrong code whenever the lock allows.
    while (clock.now().getTime() < dayEnds) {
      const client = app.client()
      await client.get(platformPaths.signIn())
      const signedIn = await client.post(platformPaths.signIn(), {
        email: person.email,
        password: TEST_PASSWORD,
      })
      expect(signedIn.location).toBe(platformPaths.signInTwoFactor())
      await client.get(platformPaths.signInTwoFactor())
      const wrong = totpCode(secret, new Date(clock.now().getTime() - 60 * 60_000))
      const page = await client.post(platformPaths.signInTwoFactor(), { code: wrong })
      if (page.status === 400) checked += 1
      else {
        expect(page.status).toBe(429)
        refused += 1
      }
      const row = await app.services.db
        .selectFrom('app_user')
        .select('totp_locked_until')
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow()
      const next = Math.max(row.totp_locked_until?.getTime() ?? 0, clock.now().getTime() + 1000)
      clock.advance(next - clock.now().getTime())
    }
    expect(checked).toBeGreaterThanOrEqual(5)
    expect(checked).toBeLessThan(50)
    expect(refused).toBe(0)
  })

  describe('forgot password', () => {
    /** Every SQL statement a use case runs, by kind, through a counting view of the database. */
    function counted(services: Services): { services: Services; statements: string[] } {
      const statements: string[] = []
      const plugin: KyselyPlugin = {
        transformQuery(args): RootOperationNode {
          statements.push(args.node.kind)
          return args.node
        },
        async transformResult(args) {
          return args.result
        },
      }
      return { services: { ...services, db: services.db.withPlugin(plugin) }, statements }
    }

    async function operationsFor(address: string) {
      const { services, statements } = counted(app.services)
      const audited = await app.services.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      await requestPasswordReset(services, address, {
        ip: '192.0.2.7',
        userAgent: null,
        requestId: 'req-forgot',
      })
      const auditedAfter = await app.services.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return {
        statements: statements.length,
        auditEntries: auditedAfter.n - audited.n,
        mailQueued: (await outboxTo(address)).length,
      }
    }

    it('does the same work whether or not the address has an account', async () => {
      const person = await createUser(app.services.db, north, { roles: ['practitioner'] })
      const known = await operationsFor(person.email)
      const unknown = await operationsFor('nobody.here@example.org')
      const deactivated = await createUser(app.services.db, north, { status: 'deactivated' })
      const inactive = await operationsFor(deactivated.email)
      expect(known).toMatchObject({ auditEntries: 1, mailQueued: 1 })
      expect(known.statements).toBeGreaterThan(5)
      expect(unknown).toEqual(known)
      expect(inactive).toEqual(known)
      // The account gets a link; the others a notice that no active account uses the address.
      expect((await outboxTo(person.email))[0]?.subject).toBe('Reset your Assure password')
      expect((await outboxTo('nobody.here@example.org'))[0]?.subject).toBe(
        'Resetting an Assure password',
      )
    })

    it('sends at most 3 emails an hour to an address, known or not, doing the same work', async () => {
      const person = await createUser(app.services.db, north, { roles: ['practitioner'] })
      const runs = { known: [] as number[], unknown: [] as number[] }
      for (let i = 0; i < 5; i++) {
        runs.known.push((await operationsFor(person.email)).statements)
        runs.unknown.push((await operationsFor('still.nobody@example.org')).statements)
      }
      expect(runs.unknown).toEqual(runs.known)
      expect(await outboxTo(person.email)).toHaveLength(3)
      expect(await outboxTo('still.nobody@example.org')).toHaveLength(3)
    })
  })
})
