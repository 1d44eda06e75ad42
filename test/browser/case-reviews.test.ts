// Case reviews in a real browser: record a serious incident, see its statutory clocks, work the
// rapid review and a review's pages, and read the public register signed out — axe-core clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAgency, createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { FakeClock } from '../../src/platform/clock.ts'
import { caseReviewPaths as paths } from '../../src/modules/case-reviews/paths.ts'
import { expectAccessible, startBrowserHarness, type BrowserHarness } from './support.ts'

describe('case reviews in the browser', () => {
  let harness: BrowserHarness
  let team: TestUser
  let partnershipId: string

  beforeAll(async () => {
    // Tuesday 10 March 2026.
    harness = await startBrowserHarness({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = harness.app.services.db
    const partnership = await createPartnership(db)
    partnershipId = partnership.id
    await createAgency(db, partnership, { name: 'Northshire Police', type: 'police' })
    await createAgency(db, partnership, { name: 'Northshire ICB', type: 'health_commissioner' })
    team = await createUser(db, partnership, {
      roles: ['case_review_team'],
      displayName: 'Zoë O’Brien',
    })
  })
  afterAll(async () => {
    await harness.close()
  })

  it('records an incident, shows its clocks, and every page on the way is accessible', async () => {
    const context = await harness.contextAs(team)
    const page = await context.newPage()
    await page.goto(paths.overview())
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Record a serious incident' }).click()
    await expectAccessible(page)

    // Sent empty first: the error summary, accessibly.
    await page.getByRole('button', { name: 'Record the incident' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter the child’s pseudonym',
    )
    await expectAccessible(page)

    await page.getByLabel('Child’s pseudonym').fill('Child K')
    await page.getByLabel('Under 1').check()
    await page.getByLabel('Seriously harmed').check()
    await page.getByLabel('Day').fill('2')
    await page.getByLabel('Month').fill('3')
    await page.getByLabel('Year').fill('2026')
    await page.getByLabel('What happened').fill('A fictional baby was brought to hospital.')
    await page.getByLabel('Northshire Police').check()
    await page.getByRole('button', { name: 'Record the incident' }).click()

    await expect.poll(() => page.locator('h1').textContent()).toBe('Child K')
    const clocks = (await page.locator('[data-clocks]').textContent())?.replace(/\s+/g, ' ')
    expect(clocks).toContain('Overdue by 1 working day (due 9 March 2026)')
    expect(clocks).toContain('9 working days left (due 23 March 2026)')
    await expectAccessible(page)

    await page.getByRole('button', { name: 'Rapid review' }).click()
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Ask an agency for information' }).click()
    await expectAccessible(page)
    await page.goto(page.url().replace('/returns/new', '/chronology'))
    await expectAccessible(page)
    await page.goto(page.url().replace('/chronology', '/decision'))
    await expectAccessible(page)

    // The meeting planned after the day-15 deadline (23 March): a warning, accessibly.
    await page.goto(page.url().replace('/decision', '/meeting'))
    await expectAccessible(page)
    await page.getByLabel('Day').fill('25')
    await page.getByLabel('Month').fill('3')
    await page.getByLabel('Year').fill('2026')
    await page.getByRole('button', { name: 'Save the planned date' }).click()
    await expect
      .poll(() => page.locator('[data-planned-meeting-warning]').textContent())
      .toContain('The meeting is planned after the rapid review deadline of 23 March 2026')
    expect(await page.locator('[data-planned-meeting]').textContent()).toContain('Working day 17')
    await expectAccessible(page)
    await context.close()
  })

  it('shows the review pages and the public register accessibly', async () => {
    const context = await harness.contextAs(team)
    const page = await context.newPage()
    await page.goto(paths.newReview())
    await expectAccessible(page)
    await page.getByLabel('Thematic review').check()
    await page.getByLabel('Working title').fill('Thematic review: non-mobile babies')
    await page.getByLabel('Day').fill('1')
    await page.getByLabel('Month').fill('3')
    await page.getByLabel('Year').fill('2026')
    await page.getByRole('button', { name: 'Start the review' }).click()
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Thematic review: non-mobile babies')
    await expectAccessible(page)
    const reviewUrl = page.url()
    for (const suffix of ['/milestones', '/hold', '/publish', '/details']) {
      await page.goto(reviewUrl + suffix)
      await expectAccessible(page)
    }
    // A learning briefing written from the review page, then published.
    await page.goto(reviewUrl)
    await page.getByRole('button', { name: 'Write a briefing' }).click()
    await expectAccessible(page)
    await page.fill('#title', 'Bruising in babies who cannot move')
    await page.fill('#whatHappened', 'Fictional: bruising was explained away.')
    await page.fill('#whatWeLearned', 'Bruising in a non-mobile baby is never minor.')
    await page.fill('#whatToDoDifferently', 'Refer under the protocol, every time.')
    await page.fill('#questionsForReflection', 'Who else should see this baby?')
    await page.getByRole('button', { name: 'Save briefing' }).click()
    await page.waitForURL(/\/learning\/briefings\/[0-9a-f-]{36}$/)
    const briefingUrl = page.url()
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.waitForURL(briefingUrl)
    await page.goto(reviewUrl)
    expect(await page.locator('[data-review-briefings]').textContent()).toContain(
      'Bruising in babies who cannot move',
    )
    await expectAccessible(page)
    // Publish it, with its report and practitioner briefing.
    await page.goto(reviewUrl + '/publish')
    await page.getByLabel('Title to publish').fill('Learning about non-mobile babies')
    await page.getByLabel('Summary to publish').fill('What agencies learned, and what changed.')
    await page.getByLabel('Day').fill('10')
    await page.getByLabel('Month').fill('3')
    await page.getByLabel('Year').fill('2026')
    const pdf = (name: string) => ({
      name,
      mimeType: 'application/pdf',
      buffer: Buffer.from(`%PDF-1.4\n% fictional ${name}\n%%EOF\n`),
    })
    await page.getByLabel('The report').setInputFiles(pdf('report.pdf'))
    await page.getByLabel('The practitioner briefing').setInputFiles(pdf('briefing.pdf'))
    await page.getByRole('button', { name: 'Publish' }).click()
    await expect
      .poll(() => page.locator('[data-review-status]').textContent())
      .toContain('Published')
    await context.close()

    const anonymous = await harness.context()
    const publicPage = await anonymous.newPage()
    await publicPage.goto(paths.publicList({ partnershipId }))
    expect(await publicPage.locator('h1').textContent()).toBe('Published case reviews')
    expect(await publicPage.locator('main').textContent()).not.toContain(
      'Thematic review: non-mobile',
    )
    await expectAccessible(publicPage)
    await publicPage.getByRole('link', { name: 'Learning about non-mobile babies' }).click()
    await expect
      .poll(() => publicPage.locator('h1').textContent())
      .toBe('Learning about non-mobile babies')
    expect(await publicPage.locator('[data-learning-briefing]').textContent()).toContain(
      'Bruising in a non-mobile baby is never minor.',
    )
    await expectAccessible(publicPage)
    await anonymous.close()
  })
})
