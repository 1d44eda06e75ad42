// The printable summary, theme by theme, against stored fixtures: the reviews a theme came from,
// the recommendations answering it with their actions' status, and what changed (the impact note).
// Agency leads are listed only their own agency's actions.
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
import { loadActor } from '../../platform/identity/actors.ts'
import { addEvidence, recordProgress, signOffAction } from '../actions/index.ts'
import { performancePaths } from '../performance/index.ts'
import * as performanceRepo from '../performance/repository.ts'
import { learningPaths } from './paths.ts'
import * as learning from './service.ts'
import { learningReviewSource } from './source-types.ts'
import { FindingSourceRegistry } from './sources.ts'

const sources = new FindingSourceRegistry([learningReviewSource])

describe('the printable learning summary', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let manager: TestUser
  let policeLead: TestUser
  let doneId: string
  let indicatorId: string
  let foreignIndicatorId: string

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    const health = await createAgency(db, north, {
      name: 'Northshire ICB',
      type: 'health_commissioner',
    })
    manager = await createUser(db, north, { roles: ['business_unit'], displayName: 'Zoë Brennan' })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    const loaded = await loadActor(db, north.id, manager.id, { kind: 'session', sessionId: 't' })
    if (loaded === undefined) throw new Error('no actor')
    const actor: Actor = loaded.actor
    const ctx = { scope: north.scope, actor }
    const themes = new Map(
      (await learning.activeThemes(app.services, north.scope)).map((t) => [t.name, t.id]),
    )
    const tag = (...names: string[]) => names.map((n) => themes.get(n) ?? '')
    const review = (title: string, heldOn: string) =>
      learning.createReview(app.services, ctx, {
        title,
        reviewType: 'multi_agency_audit',
        heldOn,
        summary: null,
      })
    const finding = (sourceId: string, title: string, identifiedOn: string, themeIds: string[]) =>
      learning.createFinding(app.services, ctx, sources, {
        sourceType: 'learning_review',
        sourceId,
        title,
        detail: null,
        identifiedOn,
        themeIds,
      })
    const audit2024 = await review('Audit of neglect in under-fives (2024)', '2024-05-01')
    const audit2025 = await review('Audit of O’Connor family support (2025)', '2025-06-01')
    const f1 = await finding(audit2024, 'Daily life not explored', '2024-05-01', tag('Neglect'))
    await finding(audit2025, 'Neglect drift again', '2025-06-01', tag('Neglect', 'Supervision'))
    await finding(audit2025, 'Online harm not asked about', '2025-06-01', tag('Online harm'))

    const recommend = (title: string, agencyId: string) =>
      learning.createRecommendation(app.services, ctx, f1, {
        title,
        detail: null,
        addressedTo: 'agency',
        agencyId,
      })
    const done = await recommend('Police record home conditions at every visit', police)
    const pending = await recommend('Health visitors describe a day in the life', health)
    const closed = await learning.raiseRecommendationAction(app.services, ctx, done, {
      title: 'Add home conditions to the attendance checklist',
      description: null,
      ownerAgencyId: police,
      ownerUserId: null,
      dueDate: '2026-06-30',
    })
    await recordProgress(fromLegacyContext(app.services, ctx), closed.id, {
      status: 'completed',
      note: 'Checklist changed.',
      updateDate: '2026-03-10',
    })
    await addEvidence(fromLegacyContext(app.services, ctx), closed.id, {
      upload: { filename: 'checklist.pdf', kind: 'pdf', data: Buffer.from('%PDF-1.4\n% x\n') },
      description: 'The new checklist',
    })
    await signOffAction(fromLegacyContext(app.services, ctx), closed.id, {
      agreedOn: '2026-03-05',
      note: null,
    })
    await learning.signOffRecommendation(app.services, ctx, done, {
      agreedOn: '2026-03-06',
      note: null,
    })
    doneId = done
    const [indicator] = await performanceRepo.insertIndicators(
      db,
      north.scope,
      [
        {
          code: 'NEG-01',
          title: 'Referrals describing home conditions',
          definition: 'Fictional: the share of neglect referrals that describe the home.',
          numeratorDefinition: null,
          denominatorDefinition: null,
          unit: 'percentage',
          polarity: 'higher_is_better',
          frequency: 'quarterly',
          measure: 'snapshot',
          ownerAgencyId: police,
          source: null,
          priority: null,
          subGroup: null,
          target: null,
          tolerance: null,
          byArea: false,
          daysToSubmit: 20,
        },
      ],
      new Date('2026-03-01T10:00:00Z'),
    )
    indicatorId = indicator?.id ?? ''
    const [foreign] = await performanceRepo.insertIndicators(
      db,
      south.scope,
      [
        {
          code: 'SOU-01',
          title: 'Southmoor measure',
          definition: 'Fictional.',
          numeratorDefinition: null,
          denominatorDefinition: null,
          unit: 'count',
          polarity: 'none',
          frequency: 'yearly',
          measure: 'period_total',
          ownerAgencyId: await createAgency(db, south),
          source: null,
          priority: null,
          subGroup: null,
          target: null,
          tolerance: null,
          byArea: false,
          daysToSubmit: 20,
        },
      ],
      new Date('2026-03-01T10:00:00Z'),
    )
    foreignIndicatorId = foreign?.id ?? ''
    await learning.raiseRecommendationAction(app.services, ctx, pending, {
      title: 'Change the new birth visit template',
      description: null,
      ownerAgencyId: health,
      ownerUserId: null,
      dueDate: '2026-09-30',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('links evidence of impact to an indicator from the partnership’s own catalogue, shown as a link', async () => {
    const client = await app.clientAs(manager)
    const form = await client.get(learningPaths.recommendationImpact({ recommendationId: doneId }))
    const options = form
      .$('select[name="impactIndicatorId"] option')
      .map((_, el) => form.$(el).text())
      .get()
    expect(options).toEqual(['None', 'NEG-01: Referrals describing home conditions'])
    const count = async () =>
      (
        await app.services.db
          .selectFrom('audit_event')
          .select('id')
          .where('record_type', '=', 'learning_recommendation')
          .where('record_id', '=', doneId)
          .where('action', '=', 'update')
          .execute()
      ).length
    const before = await count()
    for (const bad of [foreignIndicatorId, 'not-an-indicator']) {
      const refused = await client.post(
        learningPaths.recommendationImpact({ recommendationId: doneId }),
        {
          impactNote: 'Referrals describing home conditions rose from 4 in 20 to 17 in 20.',
          impactIndicatorId: bad,
        },
      )
      expect(refused.status).toBe(400)
      expect(refused.$('#impactIndicatorId-error').text()).toContain(
        'Select an indicator from the catalogue',
      )
    }
    expect(await count()).toBe(before)
    const saved = await client.post(
      learningPaths.recommendationImpact({ recommendationId: doneId }),
      {
        impactNote: 'Referrals describing home conditions rose from 4 in 20 to 17 in 20.',
        impactIndicatorId: indicatorId,
        impactReaudit: 'Re-audit, February 2026',
      },
    )
    expect(saved.status).toBe(303)
    expect(await count()).toBe(before + 1)
    const page = await client.get(learningPaths.recommendation({ recommendationId: doneId }))
    const link = page.$('[data-impact-indicator]')
    expect(link.text()).toBe('NEG-01: Referrals describing home conditions')
    expect(link.attr('href')).toBe(performancePaths.indicator({ indicatorId }))
  })

  it('lists, per theme, its reviews, the recommendations with their actions’ status and what changed', async () => {
    const client = await app.clientAs(manager)
    const page = await client.get(learningPaths.themeSummary())
    expect(page.status).toBe(200)
    // Only themes with findings have a section.
    const names = page
      .$('[data-summary-theme]')
      .map((_, el) => page.$(el).attr('data-summary-theme'))
      .get()
    expect(names.sort()).toEqual(['Neglect', 'Online harm', 'Supervision'])

    const neglect = page.$('[data-summary-theme="Neglect"]')
    expect(
      neglect
        .find('[data-summary-source]')
        .map((_, el) => page.$(el).text())
        .get(),
    ).toEqual(
      expect.arrayContaining([
        'Learning review: Audit of neglect in under-fives (2024)',
        'Learning review: Audit of O’Connor family support (2025)',
      ]),
    )
    expect(neglect.find('[data-summary-source]')).toHaveLength(2)
    expect(neglect.find('[data-summary-recommendation]')).toHaveLength(2)
    const statuses = neglect
      .find('[data-summary-action]')
      .map((_, el) => page.$(el).attr('data-status'))
      .get()
    expect(statuses.sort()).toEqual(['closed_with_evidence', 'not_started'])
    expect(neglect.find('[data-summary-impact]')).toHaveLength(1)
    expect(neglect.find('[data-summary-impact]').text()).toContain(
      'What changed: Referrals describing home conditions rose from 4 in 20 to 17 in 20.',
    )
    expect(neglect.find('[data-summary-impact]').text()).toContain('Re-audit, February 2026')
    expect(neglect.find('[data-summary-impact] [data-impact-indicator]').attr('href')).toBe(
      performancePaths.indicator({ indicatorId }),
    )
    expect(neglect.text()).toContain('Closed with evidence of impact')

    // Supervision came from one review, and no recommendation answers it.
    const supervision = page.$('[data-summary-theme="Supervision"]')
    expect(supervision.find('[data-summary-source]')).toHaveLength(1)
    expect(supervision.find('[data-summary-recommendation]')).toHaveLength(0)
    // The table's figures agree.
    expect(page.$('[data-theme-table] [data-theme="Neglect"] [data-findings]').text()).toBe('2')
    expect(page.$('[data-theme-table] [data-theme="Neglect"] [data-sources]').text()).toBe('2')
  })

  it('lists an agency lead only their own agency’s actions', async () => {
    const client = await app.clientAs(policeLead)
    const page = await client.get(learningPaths.themeSummary())
    expect(page.status).toBe(200)
    const listed = page.$('[data-summary-theme="Neglect"] [data-summary-action]')
    expect(listed).toHaveLength(1)
    expect(listed.text()).toContain('Add home conditions to the attendance checklist')
    expect(page.body).not.toContain('Change the new birth visit template')
  })
})
