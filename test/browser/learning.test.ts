// The learning loop in a real browser: record a finding with themes, make a recommendation, raise
// its action, record evidence as the agency lead, sign off, and see the theme view — with
// axe-core on every page visited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../support/factories.ts'
import { FakeClock } from '../../src/platform/clock.ts'
import { learningPaths } from '../../src/modules/learning/paths.ts'

describe('the learning loop in the browser', () => {
  let harness: BrowserHarness
  let reviewer: TestUser
  let manager: TestUser
  let policeLead: TestUser
  let partnership: TestPartnership

  beforeAll(async () => {
    harness = await startBrowserHarness({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = harness.app.services.db
    partnership = await createPartnership(db)
    const police = await createAgency(db, partnership, {
      name: 'Northshire Police',
      type: 'police',
    })
    await createAgency(db, partnership, { name: 'Northshire ICB', type: 'health_commissioner' })
    reviewer = await createUser(db, partnership, {
      roles: ['case_review_team'],
      displayName: 'Siobhán Ní Bhriain',
    })
    manager = await createUser(db, partnership, { roles: ['business_unit'] })
    policeLead = await createUser(db, partnership, {
      roles: ['agency_lead'],
      agencyId: police,
      displayName: 'Łukasz O’Neill',
    })
  })
  afterAll(async () => {
    await harness.close()
  })

  const fillDate = async (page: Page, id: string, day: string, month: string, year: string) => {
    await page.fill(`#${id}-day`, day)
    await page.fill(`#${id}-month`, month)
    await page.fill(`#${id}-year`, year)
  }

  it('goes from finding to recommendation, action, evidence, sign-off and the theme view', async () => {
    const reviewerContext = await harness.contextAs(reviewer)
    const page = await reviewerContext.newPage()

    // A learning review to record the finding against.
    await page.goto(learningPaths.reviewNew())
    await expectAccessible(page)
    await page.fill('#title', 'Multi-agency audit of neglect in under-fives')
    await page.getByLabel('Multi-agency audit', { exact: true }).check()
    await fillDate(page, 'heldOn', '14', '1', '2026')
    await page.getByRole('button', { name: 'Save review' }).click()
    await page.waitForURL(/\/learning\/reviews\/[0-9a-f-]{36}$/)
    await expectAccessible(page)

    // The finding, tagged with two themes; first with a mistake, shown accessibly.
    await page.getByRole('button', { name: 'Record a finding' }).click()
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Save finding' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Select at least one theme',
    )
    await expectAccessible(page)
    await page.fill('#title', 'The baby’s daily life was not explored')
    await fillDate(page, 'identifiedOn', '14', '1', '2026')
    await page.getByLabel('Neglect', { exact: true }).check()
    await page.getByLabel('Voice and lived experience of the child', { exact: true }).check()
    await page.getByRole('button', { name: 'Save finding' }).click()
    await page.waitForURL(/\/learning\/findings\/[0-9a-f-]{36}$/)
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('Neglect')
    await expectAccessible(page)

    // The recommendation, to a named agency.
    await page.getByRole('button', { name: 'Make a recommendation' }).click()
    await expectAccessible(page)
    await page.fill('#title', 'Officers attending homes note where babies sleep')
    await page.getByLabel('A named agency').check()
    await page.selectOption('#agencyId', { label: 'Northshire Police' })
    await page.getByRole('button', { name: 'Save recommendation' }).click()
    await page.waitForURL(/\/learning\/recommendations\/[0-9a-f-]{36}$/)
    const recommendationUrl = page.url()
    await expectAccessible(page)

    // Its action in the tracker.
    await page.getByRole('button', { name: 'Raise an action' }).click()
    await expectAccessible(page)
    await page.fill('#title', 'Add sleeping arrangements to the attendance checklist')
    await page.selectOption('#ownerAgencyId', { label: 'Northshire Police' })
    await fillDate(page, 'dueDate', '30', '6', '2026')
    await page.getByRole('button', { name: 'Raise action' }).click()
    await page.waitForURL(recommendationUrl)
    const actionLink = page.locator('[data-actions] a').first()
    expect(await actionLink.textContent()).toBe(
      'Add sleeping arrangements to the attendance checklist',
    )
    const actionHref = (await actionLink.getAttribute('href')) ?? ''
    await expectAccessible(page)

    // The police lead completes it, with evidence, on the tracker's pages.
    const leadContext = await harness.contextAs(policeLead)
    const lead = await leadContext.newPage()
    await lead.goto(actionHref)
    await expectAccessible(lead)
    await lead.getByRole('button', { name: 'Record progress' }).click()
    await expectAccessible(lead)
    await lead.getByLabel('Completed').check()
    await lead.fill('#note', 'Checklist changed and every response team briefed')
    await fillDate(lead, 'updateDate', '10', '3', '2026')
    await lead.setInputFiles('#evidence', {
      name: 'checklist.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7 revised checklist'),
    })
    await lead.fill('#evidenceDescription', 'The revised attendance checklist')
    await lead.getByRole('button', { name: 'Save update' }).click()
    await lead.waitForURL(new RegExp(`${actionHref}$`))
    expect(await lead.locator('[data-evidence]').textContent()).toContain(
      'The revised attendance checklist',
    )
    await expectAccessible(lead)
    await leadContext.close()

    // The business unit closes the action with its evidence.
    const managerContext = await harness.contextAs(manager)
    const bu = await managerContext.newPage()
    await bu.goto(actionHref)
    await bu.getByRole('button', { name: 'Sign off' }).click()
    await expectAccessible(bu)
    await fillDate(bu, 'agreedOn', '10', '3', '2026')
    await bu.getByRole('button', { name: 'Sign off and close' }).click()
    await bu.waitForURL(new RegExp(`${actionHref}$`))
    await managerContext.close()

    // The case review group signs the recommendation off and records its impact.
    await page.goto(recommendationUrl)
    await page.getByRole('button', { name: 'Sign off the recommendation' }).click()
    await expectAccessible(page)
    await fillDate(page, 'agreedOn', '10', '3', '2026')
    await page.getByRole('button', { name: 'Sign off' }).click()
    await page.waitForURL(recommendationUrl)
    await page.getByRole('button', { name: 'Record the evidence of impact' }).click()
    await expectAccessible(page)
    await page.fill('#impactNote', 'Referrals about unsafe sleep from police attendances rose')
    await page.fill('#impactIndicator', 'Police referrals for under-ones (scorecard)')
    await page.getByRole('button', { name: 'Close with evidence of impact' }).click()
    await page.waitForURL(recommendationUrl)
    expect(await page.locator('.govuk-summary-list').textContent()).toContain(
      'Closed with evidence of impact',
    )
    await expectAccessible(page)

    // The theme view counts the finding under both themes.
    await page.goto(learningPaths.themeView())
    const neglect = page.locator('[data-theme-table] [data-theme="Neglect"]')
    expect(await neglect.locator('[data-findings]').textContent()).toBe('1')
    expect(await neglect.locator('[data-recommendations]').textContent()).toBe('1')
    expect(await neglect.locator('[data-actions-summary]').textContent()).toBe(
      '1 closed with evidence',
    )
    expect(await page.locator('svg.app-heat-map').count()).toBe(1)
    await expectAccessible(page)
    await neglect.getByRole('link', { name: 'Neglect' }).click()
    expect(await page.locator('h1').textContent()).toBe('Neglect')
    await expectAccessible(page)
    await page.goto(learningPaths.themeSummary())
    await expectAccessible(page)
    await page.goto(learningPaths.vocabulary())
    await expectAccessible(page)
    await page.goto(learningPaths.findings())
    await expectAccessible(page)
    await page.goto(learningPaths.reviews())
    await expectAccessible(page)
    await reviewerContext.close()
  }, 240_000)

  it('writes and publishes a briefing that a practitioner then reads', async () => {
    const reviewerContext = await harness.contextAs(reviewer)
    const page = await reviewerContext.newPage()
    await page.goto(learningPaths.reviews())
    await page.locator('[data-reviews] a').first().click()
    await page.getByRole('button', { name: 'Write a learning briefing' }).click()
    await expectAccessible(page)
    await page.fill('#title', 'Seeing where the baby sleeps')
    await page.fill('#whatHappened', 'A review found nobody had seen where the baby slept.')
    await page.fill('#whatWeLearned', 'Unsafe sleep is easy to miss unless we ask to see.')
    await page.fill('#whatToDoDifferently', 'Ask to see where the baby sleeps, every visit.')
    await page.fill('#questionsForReflection', 'When did you last see where a baby slept?')
    await page.getByRole('button', { name: 'Save briefing' }).click()
    await page.waitForURL(/\/learning\/briefings\/[0-9a-f-]{36}$/)
    const briefingUrl = page.url()
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.waitForURL(briefingUrl)
    expect(await page.locator('[data-publication]').textContent()).toContain('Published')
    await reviewerContext.close()

    const practitioner = await createUser(harness.app.services.db, partnership, {
      roles: ['practitioner'],
      displayName: 'Zoë Adebayo',
    })
    const practitionerContext = await harness.contextAs(practitioner)
    const reader = await practitionerContext.newPage()
    await reader.goto(learningPaths.briefings())
    await expectAccessible(reader)
    await reader.getByRole('link', { name: 'Seeing where the baby sleeps' }).click()
    expect(await reader.locator('h1').textContent()).toBe('Seeing where the baby sleeps')
    await expectAccessible(reader)
    await practitionerContext.close()
  }, 120_000)
})
