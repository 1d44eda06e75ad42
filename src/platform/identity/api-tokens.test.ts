// API tokens through real API calls: limited to the permissions they were issued with (whatever the
// owner's roles allow), refused once expired or once their owner is deactivated, and stamped with
// the time of their last use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../clock.ts'
import { newApiToken } from './api-tokens.ts'

const ACTIONS = '/api/v1/actions'
const THEMES = '/api/v1/learning/themes'

describe('API tokens', () => {
  let app: TestApp
  let clock: FakeClock
  let north: TestPartnership
  let manager: TestUser

  beforeAll(async () => {
    clock = new FakeClock('2026-06-01T08:30:00Z')
    app = await buildTestApp({ clock })
    north = await createPartnership(app.services.db)
    const agency = await createAgency(app.services.db, north, { name: 'Northshire Police' })
    manager = await createUser(app.services.db, north, {
      roles: ['business_unit'],
      agencyId: agency,
      displayName: 'Aoife Ní Cheallaigh',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  async function issue(
    user: TestUser,
    permissions: string[],
    expiresAt: Date | null = null,
  ): Promise<{ id: string; token: string }> {
    const { token, hash, displayPrefix } = newApiToken()
    const row = await app.services.db
      .insertInto('api_token')
      .values({
        partnership_id: user.partnershipId,
        user_id: user.id,
        name: 'Police case system',
        token_hash: hash,
        token_prefix: displayPrefix,
        permissions,
        created_at: clock.now(),
        created_by: user.id,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, token }
  }

  const call = (url: string, token: string) =>
    app.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

  const lastUsed = async (id: string) =>
    (
      await app.services.db
        .selectFrom('api_token')
        .select('last_used_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).last_used_at

  it('refuses (403) a permission the owner’s roles allow but the token was not given', async () => {
    // The business unit role holds both actions.read and learning.read.
    const { token } = await issue(manager, ['actions.read'])
    const allowed = await call(ACTIONS, token)
    expect(allowed.statusCode).toBe(200)
    const refused = await call(THEMES, token)
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } })
    // The owner's own session reaches the same endpoint: it is the token that is limited.
    const session = await app.clientAs(manager)
    expect((await session.get(THEMES)).status).toBe(200)
  })

  it('refuses (401) a token once it has expired', async () => {
    const { token } = await issue(
      manager,
      ['actions.read'],
      new Date(clock.now().getTime() + 60_000),
    )
    expect((await call(ACTIONS, token)).statusCode).toBe(200)
    clock.advance(60_000)
    const expired = await call(ACTIONS, token)
    expect(expired.statusCode).toBe(401)
    expect(expired.json()).toMatchObject({ error: { code: 'unauthenticated' } })
  })

  it('refuses (401) the token of an account that has been deactivated', async () => {
    const owner = await createUser(app.services.db, north, { roles: ['business_unit'] })
    const { token } = await issue(owner, ['actions.read'])
    expect((await call(ACTIONS, token)).statusCode).toBe(200)
    await app.services.db
      .updateTable('app_user')
      .set({ status: 'deactivated' })
      .where('id', '=', owner.id)
      .execute()
    expect((await call(ACTIONS, token)).statusCode).toBe(401)
  })

  it('records when it was last used, by the clock of the call', async () => {
    const { id, token } = await issue(manager, ['actions.read'])
    expect(await lastUsed(id)).toBeNull()
    clock.set('2026-06-02T14:15:00Z')
    expect((await call(ACTIONS, token)).statusCode).toBe(200)
    expect(await lastUsed(id)).toEqual(new Date('2026-06-02T14:15:00Z'))
    // A refused call still counts as a use of a live token.
    clock.set('2026-06-03T09:00:00Z')
    expect((await call(THEMES, token)).statusCode).toBe(403)
    expect(await lastUsed(id)).toEqual(new Date('2026-06-03T09:00:00Z'))
  })
})
