// The shell's pages in a real browser: GOV.UK template, no console errors, axe-core clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import { createPartnership, createUser } from '../support/factories.ts'

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
