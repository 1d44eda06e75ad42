// The platform's own pages in a real browser, filled with the fictional demo: the deadline
// register and its compliance view, and the import kit (log, upload with problems, template
// links). axe-core checks each page, including a form shown again with its errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import { createUser, type TestUser } from '../support/factories.ts'
import { seedDemo } from '../../src/platform/demo/seed.ts'
import { tenantScope } from '../../src/platform/tenancy.ts'
import { appModules } from '../../src/modules/index.ts'
import { platformPaths } from '../../src/platform/paths.ts'
import { importLogPath, importPaths } from '../../src/platform/imports/paths.ts'
import { SUBMISSION_IMPORT } from '../../src/modules/performance/submission-import.ts'

describe('platform pages in the browser', () => {
  let harness: BrowserHarness
  let manager: TestUser

  beforeAll(async () => {
    harness = await startBrowserHarness()
    const demo = await seedDemo(harness.app.services, appModules)
    const northshire = {
      id: demo.partnershipId,
      scope: tenantScope(demo.partnershipId),
      name: 'Northshire',
    }
    manager = await createUser(harness.app.services.db, northshire, {
      roles: ['business_unit'],
      displayName: 'Zoë O’Brien',
    })
  })
  afterAll(async () => {
    await harness.close()
  })

  it('shows the deadline register and its compliance view accessibly, filtered without JavaScript', async () => {
    const context = await harness.contextAs(manager)
    const page = await context.newPage()
    for (const url of [platformPaths.deadlines(), platformPaths.deadlineCompliance()]) {
      const response = await page.goto(url)
      expect(response?.status(), url).toBe(200)
      await expectAccessible(page)
    }
    await page.goto(platformPaths.deadlines())
    const rows = await page.locator('table tbody tr').count()
    expect(rows).toBeGreaterThan(0)
    await context.close()
  })

  it('shows the import pages accessibly, and a file with problems listed by row and column', async () => {
    const context = await harness.contextAs(manager)
    const page = await context.newPage()
    const paths = importPaths(SUBMISSION_IMPORT)
    for (const url of [importLogPath(), paths.upload()]) {
      const response = await page.goto(url)
      expect(response?.status(), url).toBe(200)
      await expectAccessible(page)
    }
    await page.goto(paths.upload())
    await page.setInputFiles('input[type="file"]', {
      name: 'figures.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('code,title,period,value\nNOPE,Nothing,2026-13,abc\n'),
    })
    await page.locator('main form button').first().click()
    await page.waitForLoadState()
    expect(await page.locator('.govuk-error-summary').count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  })
})
