// The Northshire demo's risk register: seven fictional risks, some linked to demo indicators and
// a challenge, mitigations in the action tracker, a review kept, overdue reviews, one closed; and
// the register, a risk and the linked indicator's page render over it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { appModules } from '../index.ts'
import { seedDemo } from '../../platform/demo/seed.ts'
import { FakeClock } from '../../platform/clock.ts'
import { riskPaths } from './paths.ts'

describe('risk demo data', () => {
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

  it('holds a register with links, mitigations, reviews, overdue and closed risks', async () => {
    const db = app.services.db
    const risks = await db
      .selectFrom('risk')
      .select(['id', 'status', 'review_date as reviewDate'])
      .where('partnership_id', '=', partnershipId)
      .execute()
    expect(risks.length).toBeGreaterThanOrEqual(6)
    expect(risks.length).toBeLessThanOrEqual(8)
    expect(risks.filter((r) => r.status === 'closed')).toHaveLength(1)
    expect(risks.filter((r) => r.status === 'open' && r.reviewDate < '2026-11-22').length).toBe(2)
    const count = async (table: 'risk_indicator' | 'risk_challenge' | 'risk_review') =>
      (
        await db
          .selectFrom(table)
          .select('risk_id')
          .where('partnership_id', '=', partnershipId)
          .execute()
      ).length
    expect(await count('risk_indicator')).toBeGreaterThanOrEqual(4)
    expect(await count('risk_challenge')).toBe(1)
    expect(await count('risk_review')).toBe(1)
    const mitigations = await db
      .selectFrom('action')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('source_type', '=', 'risk')
      .execute()
    expect(mitigations.length).toBeGreaterThanOrEqual(3)
  })

  it('renders the register, a risk and the linked indicator', async () => {
    const user = await app.services.db
      .selectFrom('app_user')
      .select(['id', 'email', 'partnership_id as partnershipId', 'agency_id as agencyId'])
      .where('email', '=', 'business.unit@northshire-scp.example')
      .executeTakeFirstOrThrow()
    const client = await app.clientAs({ ...user, roles: ['business_unit'] })
    const register = await client.get(riskPaths.register())
    expect(register.status).toBe(200)
    // Highest score first: 5 x 4 after its review.
    expect(register.$('[data-risk-reference]').first().text()).toContain(
      'Assessments are not completed in time',
    )
    const href = register.$('[data-risk-reference] a').first().attr('href') ?? ''
    const risk = await client.get(href)
    expect(risk.status).toBe(200)
    expect(risk.$('[data-reviews]').text()).toContain('16 High')
    const indicator = risk.$('[data-linked-indicators] a').first().attr('href') ?? ''
    const page = await client.get(indicator)
    expect(page.status).toBe(200)
    expect(page.$('[data-raised]').text()).toContain('Assessments are not completed in time')
    expect(page.$('[data-raised]').text()).toContain(
      'What is the plan to recover assessment timeliness?',
    )
  })
})
