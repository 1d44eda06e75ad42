// A case review in the learning loop: findings recorded against a real case review (the
// case_review finding source), their recommendations and actions listed on the review's page, and
// the finding counted in the theme view under the review's reference — never its working title.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { TestClient } from '../../../test/support/client.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import { learningPaths } from '../learning/index.ts'
import { caseReviewPaths as paths } from './paths.ts'

const idFrom = (location: string | undefined) => location?.split('/').pop() ?? ''

async function themeIdsByName(client: TestClient, formUrl: string) {
  const form = await client.get(formUrl)
  const ids: Record<string, string> = {}
  form.$('input[name="themeIds"]').each((_, el) => {
    const input = form.$(el)
    const label = form
      .$(`label[for="${input.attr('id') ?? ''}"]`)
      .text()
      .trim()
    ids[label] = input.attr('value') ?? ''
  })
  return ids
}

describe('case reviews in the learning loop', () => {
  const clock = new FakeClock('2026-06-10T10:00:00Z')
  let app: TestApp
  let north: TestPartnership
  let police: string
  let team: TestUser
  let policeLead: TestUser
  let reviewId: string

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    team = await createUser(db, north, {
      roles: ['case_review_team'],
      displayName: 'Siân Ó Dálaigh',
    })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    const client = await app.clientAs(team)
    const created = await client.submit(paths.newReview(), {
      kind: 'lcspr',
      title: 'LCSPR Baby M’s working title',
      'initiatedOn-day': '2',
      'initiatedOn-month': '2',
      'initiatedOn-year': '2026',
    })
    expect(created.status).toBe(303)
    reviewId = idFrom(created.location)
  })
  afterAll(async () => {
    await app.close()
  })

  it('records a finding against the case review from its page and shows it in the theme view', async () => {
    const client = await app.clientAs(team)
    const page = await client.get(paths.review({ reviewId }))
    expect(page.$('[data-no-review-findings]')).toHaveLength(1)
    const findingUrl = page.$('a:contains("Record a finding")').attr('href') ?? ''
    expect(findingUrl).toBe(
      learningPaths.findingNew(undefined, { sourceType: 'case_review', sourceId: reviewId }),
    )
    expect(page.$('a:contains("Write a briefing")').attr('href')).toBe(
      learningPaths.briefingNew(undefined, { sourceType: 'case_review', sourceId: reviewId }),
    )
    const themes = await themeIdsByName(client, findingUrl)
    const babies = themes["Non-mobile babies' injuries"] ?? ''
    const sharing = themes['Information sharing'] ?? ''
    expect(babies).not.toBe('')

    const finding = await client.post(learningPaths.findingNew(), {
      sourceType: 'case_review',
      sourceId: reviewId,
      title: 'Bruising was explained away by the family and not referred',
      'identifiedOn-day': '3',
      'identifiedOn-month': '6',
      'identifiedOn-year': '2026',
      themeIds: [babies, sharing],
    })
    expect(finding.status).toBe(303)
    const findingId = idFrom(finding.location)
    const recommendation = await client.submit(learningPaths.recommendationNew({ findingId }), {
      title: 'Police share every bruising referral with the health visitor',
      addressedTo: 'agency',
      agencyId: police,
    })
    expect(recommendation.status).toBe(303)
    const recommendationId = idFrom(recommendation.location)
    const action = await client.submit(learningPaths.recommendationAction({ recommendationId }), {
      title: 'Add health visitors to the bruising referral list',
      ownerAgencyId: police,
      'dueDate-day': '30',
      'dueDate-month': '9',
      'dueDate-year': '2026',
    })
    expect(action.status).toBe(303)

    // The review's page lists the finding, its recommendation and the action with its status.
    const after = await client.get(paths.review({ reviewId }))
    const learning = after.$('[data-review-learning]')
    expect(learning.find('[data-review-finding]')).toHaveLength(1)
    expect(learning.text()).toContain('Bruising was explained away by the family and not referred')
    expect(learning.find('[data-review-recommendation]').text()).toContain(
      'Police share every bruising referral with the health visitor',
    )
    expect(learning.find('[data-review-recommendation]').text()).toContain('Open')
    const actionRow = learning.find('[data-review-action]')
    expect(actionRow).toHaveLength(1)
    expect(actionRow.text()).toContain('Add health visitors to the bruising referral list')
    expect(actionRow.text()).toContain('Not started')

    // The theme view counts it, under the review's reference and kind.
    const themePage = await client.get(learningPaths.theme({ themeId: babies }))
    expect(themePage.$('[data-theme-counts]').text()).toContain('1 finding from 1 source')
    const source = themePage.$('[data-findings] a[href="' + paths.review({ reviewId }) + '"]')
    expect(source.text()).toMatch(/^CR-\d{3} \(Local child safeguarding practice review\)$/)
    expect(themePage.body).not.toContain('Baby M’s working title')
    const api = await client.get(learningPaths.apiThemes())
    const row = api
      .json<{
        themes: { id: string; findings: number; recommendations: number; actions: number }[]
      }>()
      .themes.find((t) => t.id === babies)
    expect(row).toMatchObject({ findings: 1, recommendations: 1, actions: 1 })
  })

  it('keeps the case review, and so its learning section, from agency leads', async () => {
    const lead = await app.clientAs(policeLead)
    expect((await lead.get(paths.review({ reviewId }))).status).toBe(403)
  })
})
