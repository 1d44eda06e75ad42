// The shell's pages in a real browser: GOV.UK template, no console errors, axe-core clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import { createPartnership, createUser } from '../support/factories.ts'
import { path } from '../../src/platform/http/paths.ts'
import type { AppModule } from '../../src/platform/module.ts'

describe('shell pages in the browser', () => {
  let harness: BrowserHarness
  beforeAll(async () => {
    harness = await startBrowserHarness()
  })
  afterAll(async () => {
    await harness.close()
  })

  for (const [url, heading] of [
    ['/accessibility', 'Accessibility statement for Assure'],
    ['/privacy', 'Privacy notice'],
    ['/api/v1/docs', 'Assure API reference'],
    ['/no/such/page', 'Page not found'],
  ] as const) {
    it(`renders ${url} in the GOV.UK template, accessibly`, async () => {
      const context = await harness.context()
      const page = await context.newPage()
      const errors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      await page.goto(url)
      expect(await page.locator('h1').textContent()).toBe(heading)
      expect(await page.locator('html.govuk-template').count()).toBe(1)
      // GOV.UK Frontend's JavaScript ran (served by the app, allowed by the CSP).
      expect(await page.locator('body.govuk-frontend-supported').count()).toBe(1)
      await expectAccessible(page)
      // The browser reports the 404 page's own status as a console error; nothing else may fail.
      expect(
        errors.filter((e) => !(url === '/no/such/page' && e.includes('status of 404'))),
      ).toEqual([])
      await context.close()
    })
  }

  it('renders the 403 page for a signed-in person without the permission, accessibly', async () => {
    const partnership = await createPartnership(harness.app.services.db)
    const user = await createUser(harness.app.services.db, partnership, {
      roles: ['practitioner'],
      displayName: "Ciarán O'Neill",
    })
    const context = await harness.contextAs(user)
    const page = await context.newPage()
    const response = await page.goto('/dev/outbox')
    expect(response?.status()).toBe(403)
    expect(await page.locator('html.govuk-template').count()).toBe(1)
    expect(await page.locator('h1').count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  })

  it('renders the development outbox and a message in it, accessibly', async () => {
    const partnership = await createPartnership(harness.app.services.db)
    const admin = await createUser(harness.app.services.db, partnership, {
      roles: ['partnership_admin'],
      displayName: 'Zoë Adeyemi',
    })
    await harness.app.services.db.transaction().execute((trx) =>
      harness.app.services.mail.queue(trx, {
        to: 'łukasz.nowak@northshire-scp.example',
        subject: 'Your Assure account is ready',
        text: 'Follow the link to choose a password.\nIt works for 7 days.',
        partnershipId: partnership.id,
      }),
    )
    await harness.app.services.mail.deliver()
    const context = await harness.contextAs(admin)
    const page = await context.newPage()
    await page.goto('/dev/outbox')
    expect(await page.locator('h1').textContent()).toBe('Development outbox')
    expect(await page.locator('html.govuk-template').count()).toBe(1)
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Your Assure account is ready' }).click()
    expect(await page.locator('h1').textContent()).toBe('Your Assure account is ready')
    await expectAccessible(page)
    await context.close()
  })

  it('renders the home page for a signed-in person, accessibly', async () => {
    const partnership = await createPartnership(harness.app.services.db)
    const user = await createUser(harness.app.services.db, partnership, {
      roles: ['business_unit'],
      displayName: 'Siân Ó Briain',
    })
    const context = await harness.contextAs(user)
    const page = await context.newPage()
    await page.goto('/')
    expect(await page.locator('h1').textContent()).toBe('Hello, Siân Ó Briain')
    await expectAccessible(page)
    await context.close()
  })
})

describe('the 500 page in the browser', () => {
  // A module that exists only in this test, to provoke an unexpected error through the real pipeline.
  const brokenPath = path('/test/broken')
  const broken: AppModule = {
    name: 'broken',
    registerRoutes(app) {
      app.get(brokenPath.pattern, { config: { access: 'public' } }, async () => {
        throw new Error('an unexpected failure with internal detail')
      })
    },
  }
  let harness: BrowserHarness
  beforeAll(async () => {
    harness = await startBrowserHarness({ modules: [broken] })
  })
  afterAll(async () => {
    await harness.close()
  })

  it('shows the error id, no internal detail, in the GOV.UK template, accessibly', async () => {
    const context = await harness.context()
    const page = await context.newPage()
    const response = await page.goto(brokenPath())
    expect(response?.status()).toBe(500)
    expect(await page.locator('html.govuk-template').count()).toBe(1)
    expect(await page.locator('[data-error-id]').textContent()).toBe(
      await response?.headerValue('x-request-id'),
    )
    expect(await page.content()).not.toContain('internal detail')
    await expectAccessible(page)
    await context.close()
  })
})
