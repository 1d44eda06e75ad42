// The demo's case reviews: incidents at different stages, one notification overdue, one review
// published with its briefing (and only that one on the public register), one held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { seedDemo } from '../../platform/demo/seed.ts'
import { appModules } from '../index.ts'
import { learningPaths } from '../learning/index.ts'
import { caseReviewPaths as paths } from './paths.ts'
import { deadlineAttention } from '../../platform/deadlines/index.ts'
import { actorContext } from '../../platform/use-case.ts'

describe('case reviews demo data', () => {
  let app: TestApp
  let partnershipId: string
  beforeAll(async () => {
    app = await buildTestApp()
    partnershipId = (await seedDemo(app.services, appModules)).partnershipId
  })
  afterAll(async () => {
    await app.close()
  })

  it('has incidents and reviews at different stages', async () => {
    const db = app.services.db
    const incidents = await db
      .selectFrom('serious_incident')
      .select('notified_on')
      .where('partnership_id', '=', partnershipId)
      .execute()
    expect(incidents).toHaveLength(4)
    expect(incidents.filter((i) => i.notified_on === null)).toHaveLength(1)
    const reviews = await db
      .selectFrom('case_review')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .execute()
    expect(
      reviews.filter((r) => r.published_on !== null && r.briefing_file_id !== null),
    ).toHaveLength(1)
    expect(reviews.filter((r) => r.publication_held)).toHaveLength(1)
    const returns = await db.selectFrom('information_return').select('returned_on').execute()
    expect(returns.filter((r) => r.returned_on === null)).toHaveLength(2)
  })

  it('puts the SCR’s and the held LCSPR’s findings and recommendations in the theme view', async () => {
    const db = app.services.db
    const reviews = await db
      .selectFrom('case_review')
      .select(['id', 'kind'])
      .where('partnership_id', '=', partnershipId)
      .where('kind', 'in', ['scr', 'lcspr'])
      .execute()
    expect(reviews).toHaveLength(2)
    const findings = await db
      .selectFrom('learning_finding')
      .select(['id', 'source_id'])
      .where('partnership_id', '=', partnershipId)
      .where('source_type', '=', 'case_review')
      .execute()
    for (const review of reviews)
      expect(findings.filter((f) => f.source_id === review.id)).toHaveLength(2)
    const recommendations = await db
      .selectFrom('learning_recommendation')
      .select('status')
      .where('partnership_id', '=', partnershipId)
      .where(
        'finding_id',
        'in',
        findings.map((f) => f.id),
      )
      .execute()
    expect(recommendations.map((r) => r.status).sort()).toEqual([
      'impact_evidenced',
      'open',
      'signed_off',
    ])
    const user = await db
      .selectFrom('app_user as u')
      .innerJoin('user_role as r', (j) =>
        j.onRef('r.user_id', '=', 'u.id').onRef('r.partnership_id', '=', 'u.partnership_id'),
      )
      .select(['u.id', 'u.email'])
      .where('u.partnership_id', '=', partnershipId)
      .where('r.role', '=', 'case_review_team')
      .executeTakeFirstOrThrow()
    const client = await app.clientAs({
      ...user,
      partnershipId,
      agencyId: null,
      roles: ['case_review_team'],
    })
    const sharing = await db
      .selectFrom('learning_theme')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('name', '=', 'Information sharing')
      .executeTakeFirstOrThrow()
    const lcspr = reviews.find((r) => r.kind === 'lcspr')?.id ?? ''
    const theme = await client.get(learningPaths.theme({ themeId: sharing.id }))
    expect(theme.$(`[data-findings] a[href="${paths.review({ reviewId: lcspr })}"]`)).toHaveLength(
      1,
    )
    const review = await client.get(paths.review({ reviewId: lcspr }))
    expect(review.$('[data-review-finding]')).toHaveLength(2)
    expect(review.$('[data-review-action]').text()).toContain('On track')
  })

  it('shows the team the overdue notification, and the public only the published review', async () => {
    const team = await app.services.db
      .selectFrom('app_user as u')
      .innerJoin('user_role as r', (j) =>
        j.onRef('r.user_id', '=', 'u.id').onRef('r.partnership_id', '=', 'u.partnership_id'),
      )
      .select(['u.id', 'u.email', 'u.display_name'])
      .where('u.partnership_id', '=', partnershipId)
      .where('r.role', '=', 'case_review_team')
      .executeTakeFirstOrThrow()
    const items = await deadlineAttention(
      actorContext(app.services, {
        userId: team.id,
        partnershipId,
        displayName: team.display_name,
        email: team.email,
        agencyId: null,
        roles: new Set(['case_review_team']),
        via: { kind: 'session', sessionId: 'demo' },
      }),
    )
    expect(items.some((i) => i.severity === 'overdue' && i.text.includes('notification'))).toBe(
      true,
    )
    const list = await app.client().get(paths.publicList({ partnershipId }))
    expect(list.$('[data-published-review]')).toHaveLength(1)
    for (const pseudonym of ['Child A', 'Child B', 'Child C', 'Child D', 'Child Y'])
      expect(list.body).not.toContain(pseudonym)
  })
})
