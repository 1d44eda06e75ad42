// A partnership's own extra non-working days move its statutory clocks, and only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createPartnership, createUser, type TestUser } from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import { caseReviewPaths as paths } from './paths.ts'
import { calendarFor } from './service.ts'
import type { TenantScope } from '../../platform/tenancy.ts'

describe('the partnership’s extra non-working days', () => {
  let app: TestApp
  let admin: TestUser
  let manager: TestUser
  let northScope: TenantScope
  let southScope: TenantScope

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const north = await createPartnership(app.services.db)
    const south = await createPartnership(app.services.db)
    northScope = north.scope
    southScope = south.scope
    admin = await createUser(app.services.db, north, { roles: ['partnership_admin'] })
    manager = await createUser(app.services.db, north, { roles: ['business_unit'] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('lists the computed bank holidays, adds a day that then moves the clock, and removes it', async () => {
    const client = await app.clientAs(admin)
    const page = await client.get(paths.holidays())
    expect(page.status).toBe(200)
    expect(page.$('[data-holidays="2026"]').text()).toContain('Boxing Day (substitute day)')
    const weekend = await client.submit(paths.holidays(), {
      'date-day': '14',
      'date-month': '3',
      'date-year': '2026',
      name: 'Fictional day',
    })
    expect(weekend.status).toBe(400)
    expect(weekend.$('#date-error').text()).toContain('already a weekend or bank holiday')
    const added = await client.submit(paths.holidays(), {
      'date-day': '16',
      'date-month': '3',
      'date-year': '2026',
      name: 'Fictional proclamation day',
    })
    expect(added.status).toBe(303)
    const north = await calendarFor(app.services, northScope)
    const south = await calendarFor(app.services, southScope)
    expect(north.addWorkingDays('2026-03-13', 1)).toBe('2026-03-17')
    expect(south.addWorkingDays('2026-03-13', 1)).toBe('2026-03-16')
    const removed = await client.submit(
      paths.holidays(),
      {},
      paths.removeHoliday({ date: '2026-03-16' }),
    )
    expect(removed.status).toBe(303)
    expect((await calendarFor(app.services, northScope)).isWorkingDay('2026-03-16')).toBe(true)
    expect((await client.post(paths.removeHoliday({ date: 'not-a-date' }))).status).toBe(404)
    expect((await client.post(paths.removeHoliday({ date: '2026-03-16' }))).status).toBe(404)
  })

  it('is refused to those without the permission', async () => {
    const client = await app.clientAs(manager)
    expect((await client.get(paths.holidays())).status).toBe(403)
  })
})
