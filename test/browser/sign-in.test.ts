// Signing in and out in a real browser: password then a code for a case-level account, forced
// two-factor set-up, a denied page showing the 403 page, signing out; the administration pages;
// axe-core on every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import {
  TEST_PASSWORD,
  createPartnership,
  createUser,
  type TestPartnership,
} from '../support/factories.ts'
import { deriveKey, encrypt } from '../../src/platform/identity/crypto.ts'
import { newTotpSecret, totpCode } from '../../src/platform/identity/totp.ts'

describe('signing in and out in the browser', () => {
  let harness: BrowserHarness
  let north: TestPartnership

  beforeAll(async () => {
    harness = await startBrowserHarness()
    north = await createPartnership(harness.app.services.db)
  })
  afterAll(async () => {
    await harness.close()
  })

  it('signs in with a password and an authenticator code, is refused an admin page, and signs out', async () => {
    const db = harness.app.services.db
    const user = await createUser(db, north, { roles: ['cdop_team'], displayName: 'Grace Okonjo' })
    const secret = newTotpSecret()
    await db
      .updateTable('app_user')
      .set({
        totp_secret: encrypt(deriveKey(harness.app.services.secret, 'totp'), secret),
        totp_enabled_at: new Date(),
      })
      .where('id', '=', user.id)
      .execute()

    const context = await harness.context()
    const page = await context.newPage()
    await page.goto('/')
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    expect(await page.locator('h1').textContent()).toBe('Sign in')
    await expectAccessible(page)

    // A wrong password: the error summary, accessibly.
    await page.getByLabel('Email address').fill(user.email)
    await page.getByLabel('Password', { exact: true }).fill('not the right password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter a correct email address and password',
    )
    await expectAccessible(page)

    await page.getByLabel('Email address').fill(user.email)
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor')
    await expectAccessible(page)
    await page
      .getByLabel('Enter the code from your authenticator app')
      .fill(totpCode(secret, new Date()))
    await page.getByRole('button', { name: 'Continue' }).click()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await page.locator('h1').textContent()).toBe('Hello, Grace Okonjo')

    const denied = await page.goto('/admin/users')
    expect(denied?.status()).toBe(403)
    expect(await page.locator('h1').textContent()).toBe(
      'You do not have permission to see this page',
    )
    await expectAccessible(page)

    await page.goto('/account')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'You have been signed out',
    )
    await expectAccessible(page)
    await page.goto('/')
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    await context.close()
  })

  it('makes a case-level account set up an authenticator at first sign-in', async () => {
    const user = await createUser(harness.app.services.db, north, { roles: ['lado_team'] })
    const context = await harness.context()
    const page = await context.newPage()
    await page.goto('/sign-in')
    await page.getByLabel('Email address').fill(user.email)
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect(new URL(page.url()).pathname).toBe('/sign-in/set-up-two-factor')
    await expectAccessible(page)
    const key = ((await page.locator('[data-totp-key]').textContent()) ?? '').replace(/\s+/g, '')
    await page.getByLabel('Code from your authenticator app').fill(totpCode(key, new Date()))
    await page.getByRole('button', { name: 'Continue' }).click()
    expect(new URL(page.url()).pathname).toBe('/')
    await context.close()
  })

  it('shows the administration pages accessibly', async () => {
    const admin = await createUser(harness.app.services.db, north, {
      roles: ['partnership_admin'],
      displayName: "Siobhán O'Brien",
    })
    const context = await harness.contextAs(admin)
    const page = await context.newPage()
    for (const url of [
      '/admin',
      '/admin/users',
      '/admin/users/invite',
      `/admin/users/${admin.id}`,
      `/admin/users/${admin.id}/roles`,
      '/admin/invitations',
      '/admin/roles',
      '/admin/role-proposals',
      '/admin/sessions',
      '/admin/api-tokens',
      `/admin/api-tokens/new?userId=${admin.id}`,
      '/admin/audit',
      `/admin/audit/who-looked?recordType=user&recordId=${admin.id}`,
      '/account/password',
      '/account/two-factor',
      '/sign-in/forgot-password',
    ]) {
      const response = await page.goto(url)
      expect(response?.status(), url).toBe(200)
      await expectAccessible(page)
    }
    // A form with errors.
    await page.goto('/admin/users/invite')
    await page.getByRole('button', { name: 'Send invitation' }).click()
    expect(await page.locator('.govuk-error-summary').count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  })
})
