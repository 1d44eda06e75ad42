// The action tracker's clock on the deadline register: every open action by its due date, shown
// to whoever may see the action (their own, their agency's, or all), and judged met when it was
// completed by its due date.
import { randomUUID } from 'node:crypto'
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
import { platformPaths } from '../../platform/paths.ts'
import { systemContext } from '../../platform/use-case.ts'
import { actionsDueClock } from './deadlines.ts'
import * as actions from './service.ts'

describe('actions on the deadline register', () => {
  let app: TestApp
  let north: TestPartnership
  let policeLead: TestUser
  let healthLead: TestUser
  let manager: Actor
  const ids: Record<string, string> = {}

  const actorOf = async (user: TestUser): Promise<Actor> => {
    const loaded = await loadActor(app.services.db, user.partnershipId, user.id, {
      kind: 'session',
      sessionId: 'test',
    })
    if (loaded === undefined) throw new Error('no actor')
    return loaded.actor
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-12-23T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    const health = await createAgency(db, north, { name: 'Northshire ICB' })
    manager = await actorOf(await createUser(db, north, { roles: ['business_unit'] }))
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    healthLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: health })
    const raise = async (key: string, dueDate: string, ownerAgencyId: string) => {
      const { id } = await actions.raiseAction(
        app.services,
        { scope: north.scope, actor: manager },
        undefined,
        {
          source: { type: 'test_source', id: randomUUID() },
          title: `Fictional action ${key} for O’Brien`,
          ownerAgencyId,
          dueDate,
          raisedOn: '2026-12-01',
        },
      )
      ids[key] = id
    }
    await raise('overdue', '2026-12-18', police)
    await raise('soon', '2027-01-04', police)
    await raise('health', '2027-01-05', health)
    await raise('done', '2026-12-31', police)
    await actions.recordProgress(
      app.services,
      { scope: north.scope, actor: await actorOf(policeLead) },
      ids.done ?? '',
      { status: 'completed', note: 'Done early' },
    )
  })
  afterAll(async () => {
    await app.close()
  })

  const listed = async (user: TestUser) => {
    const answer = await (await app.clientAs(user)).get(platformPaths.apiDeadlines())
    expect(answer.status).toBe(200)
    return answer
      .json<{
        deadlines: {
          clock: string
          recordId: string
          dueOn: string
          state: string
          workingDays: number
        }[]
      }>()
      .deadlines.filter((d) => d.clock === 'actions.due')
      .map((d) => [d.recordId, d.dueOn, d.state, d.workingDays])
  }

  it("lists an agency's open actions by due date, in working days, to that agency's lead only", async () => {
    expect(await listed(policeLead)).toEqual([
      [ids.overdue, '2026-12-18', 'overdue', 3],
      // Thursday 24th, then (after Christmas, Boxing Day in lieu) 29th, 30th, 31st and 4 January.
      [ids.soon, '2027-01-04', 'due_soon', 5],
    ])
    expect(await listed(healthLead)).toEqual([[ids.health, '2027-01-05', 'due_soon', 6]])
  })

  it('judges an action met when it was completed by its due date', async () => {
    const deadlines = await actionsDueClock.deadlines(
      systemContext(app.services, north.scope, 'Test'),
      { from: '2026-12-01', to: '2027-01-31' },
    )
    expect(deadlines.map((d) => [d.recordId, d.completedOn ?? null, d.met])).toEqual([
      [ids.overdue, null, false],
      [ids.done, '2026-12-23', true],
      [ids.soon, null, null],
      [ids.health, null, null],
    ])
  })
})
