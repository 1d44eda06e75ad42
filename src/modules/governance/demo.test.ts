// The demo seed's governance part: it runs inside the whole demo seed, quickly enough, and leaves
// the board, its sub-groups, the joint panel, a year of meetings, actions in every status and
// challenges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { seedDemo } from '../../platform/demo/seed.ts'
import { appModules } from '../index.ts'
import { escalateEverywhere, sendDigestsEverywhere } from './reminders.ts'
import { governancePaths } from './paths.ts'

describe('governance demo data', () => {
  let app: TestApp
  let partnershipId: string

  beforeAll(async () => {
    app = await buildTestApp({ env: { DEMO_PASSWORD: 'demo password for tests 42' } })
    partnershipId = (await seedDemo(app.services, appModules)).partnershipId
  })
  afterAll(async () => {
    await app.close()
  })

  it('creates the board and its groups, with one panel shared with Southmoor', async () => {
    const db = app.services.db
    const groups = await db
      .selectFrom('partnership_group')
      .select(['kind', 'name'])
      .where('partnership_id', '=', partnershipId)
      .execute()
    expect(new Set(groups.map((g) => g.kind))).toEqual(
      new Set(['board', 'executive', 'sub_group', 'panel', 'task_and_finish']),
    )
    const shares = await db.selectFrom('group_share').select('group_id').execute()
    expect(shares).toHaveLength(1)
  })

  it('has a year of meetings with attendance, actions in every status and challenges', async () => {
    const db = app.services.db
    const attended = await db
      .selectFrom('attendance')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow()
    expect(Number(attended.n)).toBeGreaterThan(100)
    const statuses = await db
      .selectFrom('action')
      .select('status')
      .distinct()
      .where('partnership_id', '=', partnershipId)
      .execute()
    expect(new Set(statuses.map((s) => s.status))).toEqual(
      new Set([
        'not_started',
        'on_track',
        'at_risk',
        'overdue',
        'completed',
        'closed_with_evidence',
      ]),
    )
    const challenges = await db
      .selectFrom('challenge')
      .select('status')
      .where('partnership_id', '=', partnershipId)
      .execute()
    // Other modules' demo data may add challenges to the log (performance raises one from a red
    // indicator): governance's own cover open, responded and resolved.
    expect(new Set(challenges.map((c) => c.status))).toEqual(
      new Set(['open', 'resolved', 'responded']),
    )
    // The jobs run over the demo without failing.
    expect(await escalateEverywhere(app.services)).toBeGreaterThan(0)
    expect(await sendDigestsEverywhere(app.services)).toBeGreaterThan(0)
  })

  it('shows the Southmoor business unit the joint panel in "My meetings"', async () => {
    const south = await app.services.db
      .selectFrom('app_user')
      .innerJoin('partnership', 'partnership.id', 'app_user.partnership_id')
      .select(['app_user.id', 'app_user.email', 'app_user.partnership_id'])
      .where('partnership.name', '=', 'Southmoor Safeguarding Children Partnership')
      .executeTakeFirstOrThrow()
    const client = await app.clientAs({
      id: south.id,
      email: south.email,
      partnershipId: south.partnership_id,
      agencyId: null,
      roles: ['business_unit'],
    })
    const page = await client.get(governancePaths.myMeetings())
    expect(page.$('[data-my-meetings]').text()).toContain('Joint Child Death Overview Panel')
    expect(page.$('[data-my-meetings]').text()).not.toContain('Executive Group')
  })
})
