// The demo: the learning loop in every state, built through the modules' own use cases.
import { fromLegacyContext } from '../../platform/use-case.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { seedDemo } from '../../platform/demo/seed.ts'
import { tenantScope } from '../../platform/tenancy.ts'
import { londonDate } from '../../platform/london-time.ts'
import { appModules } from '../index.ts'
import { effectiveStatus, listActionsForSource } from '../actions/index.ts'
import { RECOMMENDATION_ACTION_SOURCE, themeView } from './service.ts'
import { loadActor } from '../../platform/identity/actors.ts'

describe('learning demo data', () => {
  let app: TestApp
  let partnershipId: string
  beforeAll(async () => {
    app = await buildTestApp()
    partnershipId = (await seedDemo(app.services, appModules)).partnershipId
  })
  afterAll(async () => {
    await app.close()
  })

  it('has recommendations in every state and their actions in every tracker status', async () => {
    const db = app.services.db
    const recommendations = await db
      .selectFrom('learning_recommendation')
      .select(['id', 'status'])
      .where('partnership_id', '=', partnershipId)
      .execute()
    expect(new Set(recommendations.map((r) => r.status))).toEqual(
      new Set(['open', 'signed_off', 'impact_evidenced']),
    )
    const actions = await listActionsForSource(
      fromLegacyContext(app.services, { scope: tenantScope(partnershipId) }),
      RECOMMENDATION_ACTION_SOURCE,
      recommendations.map((r) => r.id),
    )
    const today = londonDate(app.services.clock.now())
    expect(new Set(actions.map((a) => effectiveStatus(a.status, a.dueDate, today)))).toEqual(
      new Set([
        'not_started',
        'on_track',
        'at_risk',
        'overdue',
        'completed',
        'closed_with_evidence',
      ]),
    )
    const published = await db
      .selectFrom('learning_briefing')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('published_at', 'is not', null)
      .execute()
    expect(published).toHaveLength(1)
  })

  it('shows a theme returning despite completed actions', async () => {
    const user = await app.services.db
      .selectFrom('app_user as u')
      .innerJoin('user_role as r', (j) =>
        j.onRef('r.partnership_id', '=', 'u.partnership_id').onRef('r.user_id', '=', 'u.id'),
      )
      .select('u.id')
      .where('u.partnership_id', '=', partnershipId)
      .where('r.role', '=', 'business_unit')
      .executeTakeFirstOrThrow()
    const loaded = await loadActor(app.services.db, partnershipId, user.id, {
      kind: 'session',
      sessionId: 'test',
    })
    if (loaded === undefined) throw new Error('no actor')
    const { view } = await themeView(app.services, {
      scope: tenantScope(partnershipId),
      actor: loaded.actor,
    })
    const voice = view.rows.find((r) => r.theme.name === 'Voice and lived experience of the child')
    // Three from learning reviews and audits, one each from the demo SCR and LCSPR.
    expect(voice?.findings).toBe(5)
    expect(voice?.returning).toBe(true)
    expect(view.totalFindings).toBe(16)
  })
})
