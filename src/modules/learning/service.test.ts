// The learning loop's rules against a real database: who may do what, the state guards on
// recommendations, the theme view's counts from stored fixtures, and briefings for the register.
import { fromLegacyContext } from '../../platform/use-case.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import type { Actor } from '../../platform/access/policy.ts'
import { FakeClock } from '../../platform/clock.ts'
import { AppError, ValidationError } from '../../platform/errors.ts'
import { loadActor } from '../../platform/identity/actors.ts'
import { addEvidence, recordProgress, signOffAction } from '../actions/index.ts'
import * as learning from './service.ts'
import { learningReviewSource } from './source-types.ts'
import { FindingSourceRegistry } from './sources.ts'
import { defaultThemes } from './vocabulary.ts'

const clock = new FakeClock('2026-03-10T10:00:00Z')
const sources = new FindingSourceRegistry([learningReviewSource])

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error.code
    throw error
  }
  return 'ok'
}

describe('learning service', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let manager: Actor
  let reviewer: Actor
  let policeLead: Actor
  let board: Actor
  let practitioner: Actor
  let southReviewer: Actor
  let themes: Map<string, string>

  const actorOf = async (user: TestUser): Promise<Actor> => {
    const loaded = await loadActor(app.services.db, user.partnershipId, user.id, {
      kind: 'session',
      sessionId: 'test',
    })
    if (loaded === undefined) throw new Error('no actor')
    return loaded.actor
  }
  const ctx = (actor: Actor) => ({ scope: north.scope, actor })

  const review = (title: string, heldOn: string) =>
    learning.createReview(app.services, ctx(reviewer), {
      title,
      reviewType: 'multi_agency_audit',
      heldOn,
      summary: null,
    })
  const finding = (sourceId: string, identifiedOn: string, themeNames: readonly string[]) =>
    learning.createFinding(app.services, ctx(reviewer), sources, {
      sourceType: 'learning_review',
      sourceId,
      title: `Finding of ${identifiedOn}`,
      detail: null,
      identifiedOn,
      themeIds: themeNames.map((n) => themes.get(n) ?? ''),
    })
  const recommendation = (findingId: string) =>
    learning.createRecommendation(app.services, ctx(reviewer), findingId, {
      title: 'Do better',
      detail: null,
      addressedTo: 'agency',
      agencyId: police,
    })
  const raise = (recommendationId: string) =>
    learning.raiseRecommendationAction(app.services, ctx(reviewer), recommendationId, {
      title: 'Change the procedure',
      description: null,
      ownerAgencyId: police,
      ownerUserId: null,
      dueDate: '2026-06-30',
    })
  const closeAction = async (actionId: string, completedOn: string) => {
    await recordProgress(fromLegacyContext(app.services, ctx(policeLead)), actionId, {
      status: 'completed',
      note: 'Done',
      updateDate: completedOn,
    })
    await addEvidence(fromLegacyContext(app.services, ctx(policeLead)), actionId, {
      upload: { filename: 'proof.pdf', kind: 'pdf', data: Buffer.from('%PDF-1.7 proof') },
      description: 'Proof',
    })
    await signOffAction(fromLegacyContext(app.services, ctx(manager)), actionId, {
      agreedOn: '2026-03-10',
      note: null,
    })
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    manager = await actorOf(await createUser(db, north, { roles: ['business_unit'] }))
    reviewer = await actorOf(await createUser(db, north, { roles: ['case_review_team'] }))
    policeLead = await actorOf(
      await createUser(db, north, { roles: ['agency_lead'], agencyId: police }),
    )
    board = await actorOf(await createUser(db, north, { roles: ['board_member'] }))
    practitioner = await actorOf(await createUser(db, north, { roles: ['practitioner'] }))
    southReviewer = await actorOf(await createUser(db, south, { roles: ['case_review_team'] }))
    themes = new Map(
      (await learning.activeThemes(app.services, north.scope)).map((t) => [t.name, t.id]),
    )
  })
  afterAll(async () => {
    await app.close()
  })

  it('seeds the vocabulary once per partnership', async () => {
    expect([...themes.keys()]).toEqual([...defaultThemes])
    await learning.ensureVocabulary(app.services, north.scope)
    expect(await learning.activeThemes(app.services, north.scope)).toHaveLength(
      defaultThemes.length,
    )
    const southThemes = await learning.activeThemes(app.services, south.scope)
    expect(southThemes.map((t) => t.name)).toEqual([...defaultThemes])
    expect(southThemes.some((t) => themes.get(t.name) === t.id)).toBe(false)
  })

  it('lets only the business unit and case review team manage findings, themes and recommendations', async () => {
    const reviewId = await review('Audit of supervision', '2026-01-05')
    const input = {
      sourceType: 'learning_review',
      sourceId: reviewId,
      title: 'Supervision was irregular',
      detail: null,
      identifiedOn: '2026-01-05',
      themeIds: [themes.get('Supervision') ?? ''],
    }
    for (const actor of [policeLead, board, practitioner])
      expect(await codeOf(learning.createFinding(app.services, ctx(actor), sources, input))).toBe(
        'forbidden',
      )
    for (const actor of [policeLead, board])
      expect(
        await codeOf(learning.addTheme(app.services, ctx(actor), { name: 'X', description: null })),
      ).toBe('forbidden')
    expect(await codeOf(learning.themeView(app.services, ctx(practitioner)))).toBe('forbidden')
    expect(await codeOf(learning.themeView(app.services, ctx(policeLead)))).toBe('ok')
    const findingId = await learning.createFinding(app.services, ctx(manager), sources, input)
    expect(
      await codeOf(
        learning.createRecommendation(app.services, ctx(policeLead), findingId, {
          title: 'x',
          detail: null,
          addressedTo: 'partnership',
          agencyId: null,
        }),
      ),
    ).toBe('forbidden')
    // Another partnership's finding is not found, not forbidden.
    expect(
      await codeOf(
        learning.getFinding(
          app.services,
          { scope: south.scope, actor: southReviewer },
          sources,
          findingId,
        ),
      ),
    ).toBe('not_found')
    expect(
      await codeOf(
        learning.createFinding(
          app.services,
          { scope: south.scope, actor: southReviewer },
          sources,
          { ...input, themeIds: [] },
        ),
      ),
    ).toBe('not_found')
  })

  it('refuses another partnership’s theme on a finding', async () => {
    const reviewId = await review('Audit of escalation', '2026-01-06')
    const southTheme = (await learning.activeThemes(app.services, south.scope))[0]?.id ?? ''
    const attempt = learning.createFinding(app.services, ctx(reviewer), sources, {
      sourceType: 'learning_review',
      sourceId: reviewId,
      title: 'Escalation was rare',
      detail: null,
      identifiedOn: '2026-01-06',
      themeIds: [southTheme],
    })
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
  })

  it('guards each step: sign-off needs every action closed, impact needs sign-off', async () => {
    const reviewId = await review('Review of bruising', '2026-02-01')
    const findingId = await finding(reviewId, '2026-02-01', ["Non-mobile babies' injuries"])
    const recommendationId = await recommendation(findingId)
    const signOff = () =>
      learning.signOffRecommendation(app.services, ctx(reviewer), recommendationId, {
        agreedOn: '2026-03-10',
        note: null,
      })
    const impact = () =>
      learning.recordImpact(app.services, ctx(reviewer), recommendationId, {
        impactNote: 'Referrals rose',
        impactIndicator: null,
        impactReaudit: 'Re-audit, March 2027',
      })
    expect(await codeOf(signOff())).toBe('conflict')
    // Raised in February, so the updates below are dated after the actions existed.
    clock.set('2026-02-20T10:00:00Z')
    const first = await raise(recommendationId)
    const second = await raise(recommendationId)
    clock.set('2026-03-10T10:00:00Z')
    await closeAction(first.id, '2026-03-01')
    expect(await codeOf(signOff())).toBe('conflict')
    expect(await codeOf(impact())).toBe('conflict')
    await closeAction(second.id, '2026-03-02')
    const ready = await learning.attention(app.services, reviewer)
    expect(ready.map((i) => i.text)).toEqual([
      '1 recommendation has every action closed and is ready to sign off',
    ])
    expect(await learning.attention(app.services, policeLead)).toEqual([])
    expect(await codeOf(signOff())).toBe('ok')
    expect((await learning.attention(app.services, reviewer)).map((i) => i.text)).toEqual([
      '1 signed-off recommendation is waiting for evidence of impact',
    ])
    expect(await codeOf(signOff())).toBe('conflict')
    expect(await codeOf(raise(recommendationId))).toBe('conflict')
    expect(await codeOf(impact())).toBe('ok')
    expect(await codeOf(impact())).toBe('conflict')
    const detail = await learning.getRecommendation(app.services, ctx(board), recommendationId)
    expect(detail.recommendation.status).toBe('impact_evidenced')
    expect(detail.recommendation.impactReaudit).toBe('Re-audit, March 2027')
    expect(detail.actions).toHaveLength(2)
  })

  it('counts the theme view exactly from stored findings, recommendations and actions', async () => {
    const db = app.services.db
    const fresh = await createPartnership(db)
    const agency = await createAgency(db, fresh)
    const bu = await actorOf(await createUser(db, fresh, { roles: ['business_unit'] }))
    const lead = await actorOf(
      await createUser(db, fresh, { roles: ['agency_lead'], agencyId: agency }),
    )
    const c = { scope: fresh.scope, actor: bu }
    const ids = new Map(
      (await learning.activeThemes(app.services, fresh.scope)).map((t) => [t.name, t.id]),
    )
    const tag = (names: string[]) => names.map((n) => ids.get(n) ?? '')
    const a = await learning.createReview(app.services, c, {
      title: 'Review A',
      reviewType: 'multi_agency_audit',
      heldOn: '2024-04-01',
      summary: null,
    })
    const b = await learning.createReview(app.services, c, {
      title: 'Audit B',
      reviewType: 'multi_agency_audit',
      heldOn: '2026-02-01',
      summary: null,
    })
    const add = (sourceId: string, identifiedOn: string, names: string[]) =>
      learning.createFinding(app.services, c, sources, {
        sourceType: 'learning_review',
        sourceId,
        title: 'A finding',
        detail: null,
        identifiedOn,
        themeIds: tag(names),
      })
    const f1 = await add(a, '2024-04-01', ['Neglect', 'Supervision'])
    await add(a, '2024-04-01', ['Neglect'])
    await add(b, '2026-02-01', ['Neglect', 'Online harm'])
    const rec = await learning.createRecommendation(app.services, c, f1, {
      title: 'Supervise neglect cases monthly',
      detail: null,
      addressedTo: 'partnership',
      agencyId: null,
    })
    // Raised in 2024 and completed in January 2025 (an update cannot predate its action).
    clock.set('2024-12-02T10:00:00Z')
    const done = await learning.raiseRecommendationAction(app.services, c, rec, {
      title: 'Monthly supervision audit',
      description: null,
      ownerAgencyId: agency,
      ownerUserId: null,
      dueDate: '2026-04-30',
    })
    clock.set('2026-03-10T10:00:00Z')
    await learning.raiseRecommendationAction(app.services, c, rec, {
      title: 'Supervision policy',
      description: null,
      ownerAgencyId: agency,
      ownerUserId: null,
      dueDate: '2026-04-30',
    })
    await recordProgress(
      fromLegacyContext(app.services, { scope: fresh.scope, actor: lead }),
      done.id,
      {
        status: 'completed',
        note: 'Done',
        updateDate: '2025-01-15',
      },
    )

    const { view } = await learning.themeView(app.services, c)
    expect(view.years).toEqual([2024, 2025, 2026])
    expect(view.totalFindings).toBe(3)
    const row = (name: string) => view.rows.find((r) => r.theme.name === name)
    expect(row('Neglect')).toMatchObject({
      findings: 3,
      byYear: [2, 0, 1],
      recommendations: 1,
      actions: 2,
      firstActionCompletedOn: '2025-01-15',
      returning: true,
    })
    expect([...(row('Neglect')?.sources ?? [])].sort()).toEqual(
      [`learning_review:${a}`, `learning_review:${b}`].sort(),
    )
    expect(row('Neglect')?.actionsByStatus).toMatchObject({ completed: 1, not_started: 1 })
    expect(row('Supervision')).toMatchObject({ findings: 1, byYear: [1, 0, 0], returning: false })
    expect(row('Online harm')).toMatchObject({ findings: 1, recommendations: 0, actions: 0 })
    expect(row('Exploitation')).toMatchObject({ findings: 0, byYear: [0, 0, 0] })
    expect(view.rows).toHaveLength(defaultThemes.length)
  })

  it('lists only published briefings of the partnership for the public register', async () => {
    const reviewId = await review('Review for briefing', '2026-02-02')
    const draft = await learning.createBriefing(
      app.services,
      ctx(reviewer),
      sources,
      { kind: 'source', type: 'learning_review', id: reviewId },
      {
        title: 'Draft briefing',
        whatHappened: 'a',
        whatWeLearned: 'b',
        whatToDoDifferently: 'c',
        questionsForReflection: 'd',
      },
    )
    const published = await learning.createBriefing(
      app.services,
      ctx(reviewer),
      sources,
      { kind: 'theme', themeId: themes.get('Neglect') ?? '' },
      {
        title: 'Published briefing',
        whatHappened: 'a',
        whatWeLearned: 'b',
        whatToDoDifferently: 'c',
        questionsForReflection: 'd',
      },
    )
    await learning.setBriefingPublished(app.services, ctx(reviewer), published, true)
    const listed = await learning.listPublishedBriefings(app.services.db, north.scope)
    expect(listed.map((b) => b.id)).toEqual([published])
    expect(listed.map((b) => b.id)).not.toContain(draft)
    expect(await learning.listPublishedBriefings(app.services.db, south.scope)).toEqual([])
    expect(
      await codeOf(learning.getBriefing(app.services, ctx(practitioner), sources, draft)),
    ).toBe('not_found')
  })
})
