// Performance's data returns on the deadline register: each period of each active indicator, due
// the indicator's days to submit after the period ends (the data calendar's dates), shown to the
// business unit and to the owning agency's lead only, and met when the first figures arrived in
// time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import { platformPaths } from '../../platform/paths.ts'
import { systemContext } from '../../platform/use-case.ts'
import { dataReturnsClock } from './deadlines.ts'
import * as service from './service.ts'

describe('data returns on the deadline register', () => {
  let app: TestApp
  let north: TestPartnership
  let policeLead: TestUser
  let councilLead: TestUser
  let businessUnit: TestUser
  let indicatorId: string

  const submit = async (period: string, on: string) => {
    const services = { ...app.services, clock: { now: () => new Date(`${on}T10:00:00Z`) } }
    const result = await service.submitValues(
      services,
      { scope: north.scope, systemLabel: 'test' },
      [
        {
          code: 'POL-07',
          period,
          numerator: '7',
          denominator: '10',
          status: 'final',
          confidence: 'high',
        },
      ],
      'form',
    )
    expect(result.ok).toBe(true)
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-12-23T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    const council = await createAgency(db, north, { name: "Northshire Children's Services" })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    councilLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: council })
    businessUnit = await createUser(db, north, { roles: ['business_unit'] })
    indicatorId = await service.createIndicator(
      app.services,
      { scope: north.scope, systemLabel: 'test' },
      {
        code: 'POL-07',
        title: 'Return interviews within 72 hours',
        definition: 'A fictional indicator for tests.',
        numeratorDefinition: null,
        denominatorDefinition: null,
        unit: 'percentage',
        polarity: 'higher_is_better',
        frequency: 'monthly',
        measure: 'period_total',
        ownerAgencyId: police,
        source: null,
        priority: null,
        subGroup: null,
        target: null,
        tolerance: null,
        byArea: false,
        daysToSubmit: 15,
      },
    )
    await submit('2026-09', '2026-12-23') // due 15 October: late
    await submit('2026-10', '2026-11-10') // due 15 November: on time
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
          label: string
          dueOn: string
          state: string
        }[]
      }>()
      .deadlines.filter((d) => d.clock === 'performance.data_returns' && d.dueOn >= '2026-11-01')
      .map((d) => [d.recordId, d.label, d.dueOn, d.state])
  }

  it("lists the agency's outstanding returns by due date to its lead and the business unit", async () => {
    const expected = [
      [
        indicatorId,
        'POL-07 Return interviews within 72 hours: November 2026',
        '2026-12-15',
        'overdue',
      ],
      [
        indicatorId,
        'POL-07 Return interviews within 72 hours: December 2026',
        '2027-01-15',
        'due_soon',
      ],
    ]
    expect(await listed(policeLead)).toEqual(expected)
    expect(await listed(businessUnit)).toEqual(expected)
    expect(await listed(councilLead)).toEqual([])
  })

  it('judges each return met when its first figures arrived by the due date', async () => {
    const deadlines = await dataReturnsClock.deadlines(
      systemContext(app.services, north.scope, 'Test'),
      { from: '2026-10-01', to: '2026-12-31' },
    )
    expect(deadlines.map((d) => [d.dueOn, d.completedOn ?? null, d.met])).toEqual([
      ['2026-10-15', '2026-12-23', false],
      ['2026-11-15', '2026-11-10', true],
      ['2026-12-15', null, false],
    ])
  })
})
