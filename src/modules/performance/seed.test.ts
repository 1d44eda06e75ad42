// The Northshire demo's performance data: seeded with the rest of the demo in one transaction,
// and the scorecard works over it (red and worsening indicators, a break in the series, late and
// missing submissions, revisions, something raised).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { appModules } from '../index.ts'
import { seedDemo } from '../../platform/demo/seed.ts'
import { tenantScope } from '../../platform/tenancy.ts'
import { FakeClock } from '../../platform/clock.ts'
import { performancePaths } from './paths.ts'

describe('performance demo data', () => {
  let app: TestApp
  let partnershipId: string

  beforeAll(async () => {
    app = await buildTestApp({
      clock: new FakeClock('2026-11-22T09:00:00Z'),
      env: { DEMO_PASSWORD: 'demo password for tests 1' },
    })
    partnershipId = (await seedDemo(app.services, appModules)).partnershipId
  })
  afterAll(async () => {
    await app.close()
  })

  it('holds about sixty indicators over five years, twelve districts, revisions and raised items', async () => {
    const db = app.services.db
    const scope = tenantScope(partnershipId)
    const count = async (
      table:
        | 'perf_indicator'
        | 'perf_value'
        | 'perf_value_revision'
        | 'perf_indicator_challenge'
        | 'risk_indicator',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('partnership_id', '=', scope.partnershipId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await count('perf_indicator')).toBeGreaterThanOrEqual(55)
    expect(await count('perf_value')).toBeGreaterThan(10000)
    expect(await count('perf_value_revision')).toBeGreaterThan(0)
    expect(await count('perf_indicator_challenge')).toBe(1)
    expect(await count('risk_indicator')).toBeGreaterThan(0)
    const districts = await db
      .selectFrom('perf_area')
      .select('name')
      .where('partnership_id', '=', partnershipId)
      .where('kind', '=', 'district')
      .execute()
    expect(districts).toHaveLength(12)
  })

  it('renders the scorecard, a drill-down and the data calendar over it', async () => {
    const user = await app.services.db
      .selectFrom('app_user')
      .select(['id', 'email', 'partnership_id as partnershipId', 'agency_id as agencyId'])
      .where('email', '=', 'business.unit@northshire-scp.example')
      .executeTakeFirstOrThrow()
    const client = await app.clientAs({ ...user, roles: ['business_unit'] })
    const card = await client.get(performancePaths.scorecard())
    expect(card.status).toBe(200)
    expect(card.$('[data-indicator]').length).toBeGreaterThanOrEqual(55)
    expect(card.$('[data-rag]').text()).toContain('Red')
    expect(card.$('[data-scorecard]').text()).toContain('Break in the series')
    const id = card.$('[data-indicator="CIN-03"] a').attr('href') ?? ''
    const drill = await client.get(id)
    expect(drill.status).toBe(200)
    expect(drill.$('[data-raised]').text()).toContain('Recover assessment timeliness')
    const submissions = await client.get(performancePaths.submissions())
    expect(submissions.$('[data-outstanding]').text()).toMatch(/Missing|Submitted late/)
  })
})
