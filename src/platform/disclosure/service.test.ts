// A partnership's disclosure settings against a real database (PGlite, or PostgreSQL with
// ASSURE_TEST_DB=postgres): defaults when none are stored, saved per partnership with an audit
// entry, bad input refused with nothing saved, and only those allowed may change them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import type { Actor } from '../access/policy.ts'
import { AppError, ValidationError } from '../errors.ts'
import { loadActor } from '../identity/actors.ts'
import { actorContext, systemContext } from '../use-case.ts'
import { defaultDisclosureSettings } from './settings.ts'
import {
  disclosureSettingsFor,
  storedDisclosureSettings,
  updateDisclosureSettings,
} from './service.ts'
import { publishable } from './publish.ts'
import { oneWayTable } from './table.ts'

describe('disclosure settings', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let admin: Actor
  let practitioner: Actor

  const actorOf = async (user: TestUser): Promise<Actor> => {
    const loaded = await loadActor(app.services.db, user.partnershipId, user.id, {
      kind: 'session',
      sessionId: 'test',
    })
    if (loaded === undefined) throw new Error('no actor')
    return loaded.actor
  }

  const auditEntries = () =>
    app.services.db
      .selectFrom('audit_event')
      .select(['partnership_id', 'actor_user_id', 'action', 'record_id', 'changes'])
      .where('record_type', '=', 'disclosure_setting')
      .orderBy('id')
      .execute()

  beforeAll(async () => {
    app = await buildTestApp()
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    admin = await actorOf(await createUser(db, north, { roles: ['partnership_admin'] }))
    practitioner = await actorOf(await createUser(db, north, { roles: ['practitioner'] }))
  })

  afterAll(async () => {
    await app.close()
  })

  it('uses the defaults (1 to 4 as <5, zeros shown) when the partnership has chosen none', async () => {
    const ctx = systemContext(app.services, north.scope, 'Yearly report')
    expect(await disclosureSettingsFor(ctx)).toEqual(defaultDisclosureSettings)
    expect(await storedDisclosureSettings(ctx)).toEqual({
      threshold: 4,
      primarySymbol: null,
      secondarySymbol: '[c]',
      suppressZeros: false,
    })
  })

  it('refuses bad input with every field named and saves nothing', async () => {
    const attempt = updateDisclosureSettings(actorContext(app.services, admin), {
      threshold: '1',
      primarySymbol: '',
      secondarySymbol: '[c]',
      suppressZeros: 'yes',
    })
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError
    expect(error.fields.map((f) => f.field)).toEqual([
      'threshold',
      'primarySymbol',
      'suppressZeros',
    ])
    expect(await app.services.db.selectFrom('disclosure_setting').selectAll().execute()).toEqual([])
    expect(await auditEntries()).toEqual([])
  })

  it('lets only those with platform.disclosure.manage change them', async () => {
    const attempt = updateDisclosureSettings(actorContext(app.services, practitioner), {
      threshold: 9,
      primarySymbol: null,
      secondarySymbol: '[c]',
      suppressZeros: false,
    })
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' })
    await expect(attempt).rejects.toBeInstanceOf(AppError)
  })

  it('saves one partnership’s settings, audited, and publishes its tables by them', async () => {
    const ctx = actorContext(app.services, admin)
    const saved = await updateDisclosureSettings(ctx, {
      threshold: 9,
      primarySymbol: null,
      secondarySymbol: '*',
      suppressZeros: true,
    })
    expect(saved).toEqual({
      threshold: 9,
      primarySymbol: '<10',
      secondarySymbol: '*',
      suppressZeros: true,
    })
    expect(await disclosureSettingsFor(ctx)).toEqual(saved)
    // Another partnership keeps the defaults.
    expect(await disclosureSettingsFor(systemContext(app.services, south.scope, 'Test'))).toEqual(
      defaultDisclosureSettings,
    )

    const table = oneWayTable({
      title: 'Notifications by source',
      categoryHeading: 'Source',
      countHeading: 'Notifications',
      categories: [
        { label: 'School', count: 30 },
        { label: 'GP practice', count: 7 },
        { label: 'Police', count: 22 },
      ],
    })
    const published = publishable(table, await disclosureSettingsFor(ctx))
    expect(published.rows.map((r) => r.figures[0]?.text)).toEqual(['30', '<10', '*'])

    // Changing it again updates the one row; each change is audited with what changed.
    await updateDisclosureSettings(ctx, {
      threshold: '9',
      primarySymbol: '1-9',
      secondarySymbol: '*',
      suppressZeros: true,
    })
    const rows = await app.services.db.selectFrom('disclosure_setting').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ partnership_id: north.id, primary_symbol: '1-9' })
    const entries = await auditEntries()
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({
      partnership_id: north.id,
      actor_user_id: admin.userId,
      action: 'update',
      record_id: north.id,
    })
    expect(entries[1]!.changes).toEqual({
      before: { primarySymbol: null },
      after: { primarySymbol: '1-9' },
    })
  })

  it('has the database refuse a secondary symbol equal to the small-number symbol', async () => {
    await expect(
      app.services.db
        .insertInto('disclosure_setting')
        .values({
          partnership_id: south.id,
          threshold: 4,
          primary_symbol: null,
          secondary_symbol: '<5',
          suppress_zeros: false,
          updated_at: new Date(),
          updated_by_user_id: null,
        })
        .execute(),
    ).rejects.toThrow(/disclosure_setting_symbols_differ/)
  })
})
