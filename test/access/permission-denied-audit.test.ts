// Every permission denial is written to the audit trail (src/platform/http/error-handling.ts,
// recordDenial): who, in which partnership, which route and path, from where — for a page and for
// the API with a token. If the entry cannot be written, the request is still denied.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../support/factories.ts'
import { newApiToken } from '../../src/platform/identity/api-tokens.ts'

describe('permission denials in the audit trail', () => {
  let app: TestApp
  let north: TestPartnership
  let practitioner: TestUser

  beforeAll(async () => {
    app = await buildTestApp()
    north = await createPartnership(app.services.db)
    const agency = await createAgency(app.services.db, north)
    practitioner = await createUser(app.services.db, north, {
      roles: ['practitioner'],
      agencyId: agency,
      displayName: 'Łukasz Nowak',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  const denials = async (userId: string) =>
    app.services.db
      .selectFrom('audit_event')
      .select(['partnership_id', 'actor_user_id', 'record_type', 'record_id', 'changes', 'ip'])
      .where('action', '=', 'permission_denied')
      .where('actor_user_id', '=', userId)
      .orderBy('id')
      .execute()

  it('records a page refused to someone without the permission', async () => {
    const client = await app.clientAs(practitioner)
    const before = (await denials(practitioner.id)).length
    const page = await client.get('/admin/users?sort=name')
    expect(page.status).toBe(403)
    const rows = await denials(practitioner.id)
    expect(rows).toHaveLength(before + 1)
    expect(rows.at(-1)).toEqual({
      partnership_id: north.id,
      actor_user_id: practitioner.id,
      record_type: 'route',
      record_id: 'GET /admin/users',
      // The path without its query string (which may carry personal data).
      changes: { path: '/admin/users' },
      ip: '127.0.0.1',
    })
  })

  it('records an API call refused to a token', async () => {
    const { token, hash, displayPrefix } = newApiToken()
    await app.services.db
      .insertInto('api_token')
      .values({
        partnership_id: north.id,
        user_id: practitioner.id,
        name: 'Training system',
        token_hash: hash,
        token_prefix: displayPrefix,
        permissions: [],
        created_at: new Date(),
        created_by: practitioner.id,
      })
      .execute()
    const before = (await denials(practitioner.id)).length
    const answer = await app.server.inject({
      method: 'GET',
      url: '/api/v1/actions',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(answer.statusCode).toBe(403)
    const rows = await denials(practitioner.id)
    expect(rows).toHaveLength(before + 1)
    expect(rows.at(-1)).toMatchObject({
      partnership_id: north.id,
      record_type: 'route',
      record_id: 'GET /api/v1/actions',
    })
  })

  it('writes nothing but still denies when the audit trail cannot be written', async () => {
    const client = await app.clientAs(practitioner)
    const before = (await denials(practitioner.id)).length
    const spy = vi
      .spyOn(app.services.audit, 'record')
      .mockRejectedValueOnce(new Error('the audit trail is unavailable'))
    const page = await client.get('/admin/audit')
    const attempts = spy.mock.calls.length
    spy.mockRestore()
    expect(attempts).toBe(1)
    expect(page.status).toBe(403)
    expect(await denials(practitioner.id)).toHaveLength(before)
  })

  it('does not record a request that was allowed', async () => {
    const admin = await createUser(app.services.db, north, { roles: ['partnership_admin'] })
    const client = await app.clientAs(admin)
    expect((await client.get('/admin/users')).status).toBe(200)
    expect(await denials(admin.id)).toHaveLength(0)
  })
})
