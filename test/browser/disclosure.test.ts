// The published-statistics settings page in a real browser: axe-core on the page with its example
// table (before and after a mistake), a change saved, and the page reflowing at 320 CSS pixels
// with the table scrolling inside its own region.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import { createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { platformPaths } from '../../src/platform/paths.ts'

describe('published-statistics settings in the browser', () => {
  let harness: BrowserHarness
  let admin: TestUser

  beforeAll(async () => {
    harness = await startBrowserHarness()
    const partnership = await createPartnership(harness.app.services.db)
    admin = await createUser(harness.app.services.db, partnership, {
      roles: ['partnership_admin'],
      displayName: 'Siobhán Ó Briain',
    })
  })
  afterAll(async () => {
    await harness.close()
  })

  it('shows the example table accessibly, refuses a mistake, and saves a change', async () => {
    const context = await harness.contextAs(admin)
    const page = await context.newPage()
    await page.goto(platformPaths.disclosureSettings())
    await expectAccessible(page)
    expect(await page.locator('table tbody td').allTextContents()).toContain(
      '<5a number from 1 to 4',
    )

    await page.fill('#threshold', '1')
    await page.click('button:has-text("Save settings")')
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('The largest number to hide must be between 2 and 20')
    await expectAccessible(page)

    await page.fill('#threshold', '9')
    await page.check('input[name="suppressZeros"][value="yes"]')
    await page.click('button:has-text("Save settings")')
    await expect.poll(() => page.locator('.govuk-notification-banner').count()).toBe(1)
    expect(await page.locator('table tbody td').allTextContents()).toContain(
      '<10a number from 0 to 9',
    )
    await expectAccessible(page)

    // Reflow: at 320px the page does not scroll sideways; only the table's region may.
    await page.setViewportSize({ width: 320, height: 640 })
    const widths = await page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } }
        }
      ).document
      return { scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth }
    })
    expect(widths.scroll).toBeLessThanOrEqual(widths.client)
    await expectAccessible(page)
    await context.close()
  })
})
