// The performance module in a real browser: an agency uploads a file, sees its problems by row and
// column, fixes them, checks the preview, confirms, and sees the scorecard change. Every page
// passes axe-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import { createAgency, createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { FakeClock } from '../../src/platform/clock.ts'
import { performancePaths } from '../../src/modules/performance/paths.ts'
import * as service from '../../src/modules/performance/service.ts'

const header =
  'Indicator code,Indicator,Period,Area,Numerator,Denominator,Value,Status,Confidence,Note'

describe('performance in the browser', () => {
  let harness: BrowserHarness
  let lead: TestUser
  let indicatorId: string

  beforeAll(async () => {
    harness = await startBrowserHarness({ clock: new FakeClock('2026-04-20T10:00:00Z') })
    const db = harness.app.services.db
    const north = await createPartnership(db)
    const council = await createAgency(db, north, {
      name: "Northshire Children's Services",
      type: 'local_authority',
    })
    lead = await createUser(db, north, {
      roles: ['agency_lead', 'board_member'],
      agencyId: council,
      displayName: 'Siân Ó Briain',
    })
    const system = { scope: north.scope, systemLabel: 'test' }
    await service.areas(harness.app.services, north.scope)
    indicatorId = await service.createIndicator(harness.app.services, system, {
      code: 'CSC-01',
      title: 'Assessments within 45 working days',
      definition: 'Assessments completed within 45 working days of referral.',
      numeratorDefinition: 'Assessments completed in time',
      denominatorDefinition: 'Assessments completed',
      unit: 'percentage',
      polarity: 'higher_is_better',
      frequency: 'monthly',
      measure: 'period_total',
      ownerAgencyId: council,
      source: 'Case management system',
      priority: 'Child protection',
      subGroup: 'Performance sub-group',
      target: 85,
      tolerance: 5,
      byArea: false,
      daysToSubmit: 15,
    })
    await service.submitValues(
      harness.app.services,
      system,
      [
        {
          code: 'CSC-01',
          period: '2026-02',
          numerator: '70',
          denominator: '100',
          status: 'final',
          confidence: 'high',
        },
      ],
      'form',
    )
  })
  afterAll(async () => {
    await harness.close()
  })

  it('uploads a file, shows its problems, takes the corrected file and changes the scorecard', async () => {
    const context = await harness.contextAs(lead)
    const page = await context.newPage()

    await page.goto(performancePaths.scorecard(undefined, { month: '2026-03' }))
    expect(await page.locator('[data-indicator="CSC-01"] [data-latest]').textContent()).toBe('–')
    await expectAccessible(page)

    await page.goto(performancePaths.submissions())
    await expectAccessible(page)
    await page.setInputFiles('#file', {
      name: 'march.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\nCSC-01,,2026-03,,92,80,,final,high,\n`),
    })
    await page.getByRole('button', { name: 'Check the file' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'nothing has been saved',
    )
    expect(await page.locator('[data-problem-row="2"]').textContent()).toContain(
      'Numerator must not be larger than the denominator',
    )
    expect(await page.locator('[data-problem-row="2"]').textContent()).toContain('E (Numerator)')
    await expectAccessible(page)

    await page.setInputFiles('#file', {
      name: 'march.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${header}\nCSC-01,,2026-03,,72,80,,final,high,Checked against the case system\n`,
      ),
    })
    await page.getByRole('button', { name: 'Check the file' }).click()
    // The upload runs through the platform import kit: preview, then confirm.
    await page.waitForURL(/\/imports\/performance-submissions\/[0-9a-f-]+$/)
    expect(await page.locator('h1').textContent()).toBe('Check what will change before you confirm')
    expect(await page.locator('[data-change="create"]').count()).toBe(1)
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Confirm and import' }).click()
    expect(await page.locator('.govuk-panel').textContent()).toContain('1 created')
    await expectAccessible(page)

    await page.goto(performancePaths.scorecard(undefined, { month: '2026-03' }))
    const row = page.locator('[data-indicator="CSC-01"]')
    expect(await row.locator('[data-latest]').textContent()).toBe('90.0%')
    expect((await row.locator('[data-rag]').textContent())?.trim()).toBe('Green')
    expect(await row.textContent()).toContain('(improving)')
    await expectAccessible(page)

    await page.goto(performancePaths.indicator({ indicatorId }, { month: '2026-03' }))
    expect(await page.locator('svg[role="img"]').first().getAttribute('aria-label')).toContain(
      '90%',
    )
    await expectAccessible(page)
    await context.close()
  })
})
