// The risk register in a real browser: add a risk (first with problems), review it, raise a
// mitigation, and see the register with its heat map. axe-core checks every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import { createAgency, createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { FakeClock } from '../../src/platform/clock.ts'
import { riskPaths } from '../../src/modules/risk/paths.ts'

describe('risk register in the browser', () => {
  let harness: BrowserHarness
  let manager: TestUser
  let lead: TestUser

  beforeAll(async () => {
    harness = await startBrowserHarness({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = harness.app.services.db
    const partnership = await createPartnership(db)
    const police = await createAgency(db, partnership, {
      name: 'Northshire Police',
      type: 'police',
    })
    await createAgency(db, partnership, {
      name: "Northshire Children's Services",
      type: 'local_authority',
    })
    manager = await createUser(db, partnership, { roles: ['business_unit'] })
    lead = await createUser(db, partnership, {
      roles: ['agency_lead'],
      agencyId: police,
      displayName: 'Siobhán Ó Briain',
    })
  })
  afterAll(async () => {
    await harness.close()
  })

  const checked = async (page: Page, url: RegExp | string) => {
    if (typeof url === 'string') await page.goto(url)
    else await page.waitForURL(url)
    await expectAccessible(page)
  }

  it('adds, reviews and mitigates a risk, and shows it on the register', async () => {
    const context = await harness.contextAs(manager)
    const page = await context.newPage()
    await checked(page, riskPaths.register())
    await page.click('a:has-text("Add a risk")')
    await checked(page, riskPaths.newRisk())
    await page.click('button:has-text("Save risk")')
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Enter the risk')
    await expectAccessible(page)

    await page.fill('#title', 'Children who go missing are not offered a return interview')
    await page.fill('#description', 'Notifications reach the service late; exploitation is missed.')
    await page.check('input[name="category"][value="practice"]')
    await page.check('input[name="likelihood"][value="3"]')
    await page.check('input[name="impact"][value="5"]')
    await page.selectOption('#ownerAgencyId', { label: 'Northshire Police' })
    await page.selectOption('#ownerUserId', lead.id)
    await page.fill('#reviewDate-day', '30')
    await page.fill('#reviewDate-month', '4')
    await page.fill('#reviewDate-year', '2026')
    await page.click('button:has-text("Save risk")')
    await checked(page, /\/risks\/[0-9a-f-]+$/)
    const riskUrl = page.url()
    expect(await page.locator('[data-score]').textContent()).toContain('15 High')

    await page.click('a:has-text("Review the risk")')
    await checked(page, /\/review$/)
    await page.check('input[name="likelihood"][value="2"]')
    await page.fill('#note', 'Same-day notifications started in February.')
    await page.fill('#nextReviewDate-day', '30')
    await page.fill('#nextReviewDate-month', '6')
    await page.fill('#nextReviewDate-year', '2026')
    await page.click('button:has-text("Record review")')
    await checked(page, riskUrl)
    expect(await page.locator('[data-reviews]').textContent()).toContain('15 High')

    await page.click('a:has-text("Raise a mitigating action")')
    await checked(page, /\/mitigations\/new$/)
    await page.fill('#title', 'Send missing notifications the same day')
    await page.selectOption('#ownerAgencyId', { label: 'Northshire Police' })
    await page.fill('#dueDate-day', '31')
    await page.fill('#dueDate-month', '5')
    await page.fill('#dueDate-year', '2026')
    await page.click('button:has-text("Raise action")')
    await checked(page, riskUrl)
    expect(await page.locator('[data-actions]').textContent()).toContain(
      'Send missing notifications the same day',
    )

    await checked(page, riskPaths.register())
    expect(await page.locator('[data-risks]').textContent()).toContain('R-001')
    expect(
      await page.locator('[data-heat-map] td[data-likelihood="2"][data-impact="5"]').textContent(),
    ).toContain('1')
    await context.close()

    // The agency lead reads the register too.
    const leadContext = await harness.contextAs(lead)
    const leadPage = await leadContext.newPage()
    await checked(leadPage, riskPaths.register())
    await checked(leadPage, riskUrl)
    await leadContext.close()
  })
})
