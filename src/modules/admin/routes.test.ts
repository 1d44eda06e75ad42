// Administration through HTTP: invitations, roles, deactivation, sessions, API tokens and the
// audit trail — each write audited exactly once, in the same transaction (a failed write: none).
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { deliverThroughSmtp } from '../../../test/support/mail.ts'
import {
  TEST_PASSWORD,
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../../platform/clock.ts'
import { platformPaths } from '../../platform/paths.ts'
import { adminPaths } from './paths.ts'

describe('administration', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let admin: TestUser
  let southAdmin: TestUser

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-05-01T09:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    admin = await createUser(db, north, {
      roles: ['partnership_admin'],
      displayName: "Siobhán O'Brien",
    })
    southAdmin = await createUser(db, south, { roles: ['partnership_admin'] })
  })
  afterAll(async () => {
    await app.close()
  })

  const auditCount = async () =>
    (
      await app.services.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partnership_id', '=', north.id)
        .where('action', '!=', 'permission_denied')
        .executeTakeFirstOrThrow()
    ).n

  const signIn = async (email: string, password: string) => {
    const client = app.client()
    await client.get(platformPaths.signIn())
    const page = await client.post(platformPaths.signIn(), { email, password })
    return { client, page }
  }

  it('invites someone: one account, one audit entry, an email with a link that works', async () => {
    const client = await app.clientAs(admin)
    const before = await auditCount()
    const bad = await client.submit(adminPaths.invite(), {
      displayName: '',
      email: 'not an email',
    })
    expect(bad.status).toBe(400)
    expect(bad.$('.govuk-error-summary').text()).toContain('Enter their full name')
    expect(bad.$('#roles-error').text()).toContain('Select at least one role')
    expect(await auditCount()).toBe(before)

    const page = await client.submit(adminPaths.invite(), {
      displayName: 'Łukasz Wiśniewski',
      email: 'Lukasz.W@Northshire-Police.example',
      agencyId: police,
      roles: ['agency_lead', 'practitioner'],
    })
    expect(page.status).toBe(303)
    expect(await auditCount()).toBe(before + 1)
    const user = await app.services.db
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', 'lukasz.w@northshire-police.example')
      .executeTakeFirstOrThrow()
    expect(user.status).toBe('invited')
    expect(user.agency_id).toBe(police)

    const again = await client.submit(adminPaths.invite(), {
      displayName: 'Someone Else',
      email: 'lukasz.w@northshire-police.example',
      roles: 'practitioner',
    })
    expect(again.status).toBe(400)
    expect(again.$('#email-error').text()).toContain('already has an account')

    const mail = (await deliverThroughSmtp(app)).filter((m) => m.to === user.email)
    expect(mail).toHaveLength(1)
    const link = /http:\/\/localhost:3000(\/invitation\/\S+)/.exec(mail[0]?.text ?? '')?.[1] ?? ''
    const invited = app.client()
    await invited.get(link)
    const set = await invited.post(link, {
      password: 'Łukasz’s passphrase',
      confirmPassword: 'Łukasz’s passphrase',
    })
    expect(set.status).toBe(303)
    const { page: signedIn } = await signIn(user.email, 'Łukasz’s passphrase')
    expect(signedIn.status).toBe(303)
    expect(signedIn.location).toBe('/')

    const pending = await client.get(adminPaths.invitations())
    expect(pending.$('[data-invitations]').text()).not.toContain('Łukasz')
  })

  it('resends and withdraws an invitation; the withdrawn link stops working', async () => {
    const client = await app.clientAs(admin)
    await client.submit(adminPaths.invite(), {
      displayName: 'Zoë Adeyemi',
      email: 'zoe.adeyemi@example.org',
      roles: 'board_member',
    })
    const user = await app.services.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'zoe.adeyemi@example.org')
      .executeTakeFirstOrThrow()
    const listed = await client.get(adminPaths.invitations())
    expect(listed.$('[data-invitations]').text()).toContain('Zoë Adeyemi')
    await client.get(adminPaths.user({ userId: user.id }))
    expect((await client.post(adminPaths.resendInvitation({ userId: user.id }))).status).toBe(303)
    const mails = (await deliverThroughSmtp(app)).filter((m) => m.to === 'zoe.adeyemi@example.org')
    expect(mails).toHaveLength(2)
    const first = /(\/invitation\/\S+)/.exec(mails[0]?.text ?? '')?.[1] ?? ''
    const second = /(\/invitation\/\S+)/.exec(mails[1]?.text ?? '')?.[1] ?? ''
    // A new invitation replaces the old link.
    expect((await app.client().get(first)).status).toBe(404)
    expect((await app.client().get(second)).status).toBe(200)
    expect((await client.post(adminPaths.revokeInvitation({ userId: user.id }))).status).toBe(303)
    expect((await app.client().get(second)).status).toBe(404)
  })

  it('changes roles and agency: the person’s sessions end and the new roles apply', async () => {
    const person = await createUser(app.services.db, north, { roles: ['business_unit'] })
    const theirs = await app.clientAs(person)
    expect((await theirs.get('/')).status).toBe(200)
    const client = await app.clientAs(admin)
    const form = await client.get(adminPaths.userRoles({ userId: person.id }))
    expect(form.$('input[name=roles][value=business_unit]').attr('checked')).toBeDefined()
    const before = await auditCount()
    const saved = await client.post(adminPaths.userRoles({ userId: person.id }), {
      agencyId: police,
      roles: ['agency_lead'],
    })
    expect(saved.status).toBe(303)
    expect(await auditCount()).toBe(before + 1)
    expect((await theirs.get('/')).status).toBe(303)
    const entry = await app.services.db
      .selectFrom('audit_event')
      .select('changes')
      .where('record_id', '=', person.id)
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow()
    expect(entry.changes).toEqual({
      before: { roles: ['business_unit'], agencyId: null },
      after: { roles: ['agency_lead'], agencyId: police },
    })
    const roles = await app.services.db
      .selectFrom('user_role')
      .select('role')
      .where('user_id', '=', person.id)
      .execute()
    expect(roles).toEqual([{ role: 'agency_lead' }])
  })

  it('deactivates an account (effective on the next request) and reactivates it', async () => {
    const person = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const theirs = await app.clientAs(person)
    expect((await theirs.get('/')).status).toBe(200)
    const client = await app.clientAs(admin)
    await client.get(adminPaths.user({ userId: person.id }))
    expect((await client.post(adminPaths.deactivate({ userId: person.id }))).status).toBe(303)
    expect((await theirs.get('/')).status).toBe(303)
    expect((await signIn(person.email, TEST_PASSWORD)).page.status).toBe(400)
    // Deactivating twice is refused (the state is guarded).
    expect((await client.post(adminPaths.deactivate({ userId: person.id }))).status).toBe(409)
    expect((await client.post(adminPaths.reactivate({ userId: person.id }))).status).toBe(303)
    expect((await signIn(person.email, TEST_PASSWORD)).page.status).toBe(303)
  })

  it('fails closed: if the audit entry cannot be written, the change is not made', async () => {
    const person = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const client = await app.clientAs(admin)
    await client.get(adminPaths.user({ userId: person.id }))
    const before = await auditCount()
    const spy = vi
      .spyOn(app.services.audit, 'record')
      .mockRejectedValueOnce(new Error('the audit trail is unavailable'))
    const page = await client.post(adminPaths.deactivate({ userId: person.id }))
    spy.mockRestore()
    expect(page.status).toBe(500)
    const row = await app.services.db
      .selectFrom('app_user')
      .select('status')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('active')
    expect(await auditCount()).toBe(before)
  })

  it('keeps partnerships apart: another partnership’s ids are simply not found', async () => {
    const person = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const client = await app.clientAs(southAdmin)
    expect((await client.get(adminPaths.user({ userId: person.id }))).status).toBe(404)
    expect((await client.get(adminPaths.userRoles({ userId: person.id }))).status).toBe(404)
    await client.get(adminPaths.users())
    expect((await client.post(adminPaths.deactivate({ userId: person.id }))).status).toBe(404)
    const users = await client.get(adminPaths.users())
    expect(users.$('[data-users]').text()).not.toContain(person.email)
    expect((await client.get(adminPaths.user({ userId: randomUUID() }))).status).toBe(404)
  })

  it('lists each role, what it allows (with descriptions) and who holds it', async () => {
    const db = app.services.db
    await createUser(db, north, { roles: ['lado_team'], displayName: 'Tomasz Wiśniewski' })
    await createUser(db, north, {
      roles: ['lado_team'],
      displayName: 'Ángel Departed',
      status: 'deactivated',
    })
    const client = await app.clientAs(admin)
    const page = await client.get(adminPaths.roles())
    expect(page.status).toBe(200)
    expect(page.$('[data-role]')).toHaveLength(9)
    const lado = page.$('[data-role=lado_team]')
    expect(lado.find('[data-holders]').text()).toContain('Tomasz Wiśniewski')
    expect(lado.find('[data-holders]').text()).not.toContain('Ángel Departed')
    const administrator = page.$('[data-role=partnership_admin]')
    expect(administrator.find('[data-holders]').text()).toContain("Siobhán O'Brien")
    const described = new Map(app.services.policy.permissions())
    expect(administrator.find('[data-permission="admin.audit"]').text()).toContain(
      described.get('admin.audit')?.description,
    )
    // Scopes are shown: an agency lead responds to challenges for their own agency only.
    expect(
      page.$('[data-role=agency_lead] [data-permission="governance.challenges.respond"]').text(),
    ).toContain('own agency')
    // A case-level permission appears under its team and nowhere else.
    const holdersOfCaseReviews = page
      .$('[data-permission="case_reviews.read"]')
      .map((_, row) => page.$(row).closest('[data-role]').attr('data-role'))
      .get()
    expect(holdersOfCaseReviews).toEqual(['case_review_team'])

    // The administration index links to it, and to the agencies accounts belong to.
    const home = await client.get(adminPaths.home())
    expect(home.$(`a[href="${adminPaths.roles()}"]`)).toHaveLength(1)
    expect(home.$('a[href="/governance/agencies"]')).toHaveLength(1)

    // Another partnership's administrator sees their own holders only; others may not look.
    const theirs = await (await app.clientAs(southAdmin)).get(adminPaths.roles())
    expect(theirs.status).toBe(200)
    expect(theirs.$('[data-role=lado_team] [data-holders]').text()).not.toContain('Tomasz')
    const manager = await createUser(db, north, { roles: ['business_unit'] })
    expect((await (await app.clientAs(manager)).get(adminPaths.roles())).status).toBe(403)
  })

  it('lists active sessions and ends one', async () => {
    const person = await createUser(app.services.db, north, {
      roles: ['board_member'],
      displayName: 'Marcus Ellison-Hart',
    })
    const theirs = await app.clientAs(person)
    await theirs.get('/')
    const client = await app.clientAs(admin)
    const list = await client.get(adminPaths.sessions())
    expect(list.$('[data-sessions]').text()).toContain('Marcus Ellison-Hart')
    const action = list
      .$('[data-sessions] tr')
      .filter((_, tr) => list.$(tr).text().includes('Marcus Ellison-Hart'))
      .find('form')
      .attr('action')
    expect(action).toBeDefined()
    expect((await client.post(action ?? '')).status).toBe(303)
    expect((await theirs.get('/')).status).toBe(303)
    expect(
      (await client.post(adminPaths.revokeSession({ sessionId: 'f'.repeat(64) }))).status,
    ).toBe(404)
  })

  it('issues an API token shown once, limited to its permissions, and revokes it', async () => {
    const client = await app.clientAs(admin)
    const before = await auditCount()
    const created = await client.submit(adminPaths.newServiceAccount(), {
      displayName: 'Northshire Police case system',
      agencyId: police,
      roles: 'agency_lead',
    })
    expect(created.status).toBe(303)
    const form = await client.get(created.location ?? '')
    expect(form.status).toBe(200)
    const userId = form.$('input[name=userId]').attr('value') ?? ''
    const refused = await client.post(adminPaths.newApiToken(), {
      userId,
      name: 'Too wide',
      permissions: ['admin.users'],
      expiresInDays: '90',
    })
    expect(refused.status).toBe(400)
    expect(refused.$('#permissions-error').text()).toContain('roles give it')
    const issued = await client.post(adminPaths.newApiToken(), {
      userId,
      name: 'Police returns',
      permissions: ['actions.read'],
      expiresInDays: '90',
    })
    expect(issued.status).toBe(200)
    const token = issued.$('[data-api-token]').text().trim()
    expect(token).toMatch(/^assure_/)
    expect(await auditCount()).toBe(before + 2)
    const stored = await app.services.db
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token)

    const api = app.client()
    const auth = { authorization: `Bearer ${token}` }
    expect((await api.get('/api/v1/actions', auth)).status).toBe(200)
    const list = await client.get(adminPaths.apiTokens())
    expect(list.$('[data-api-tokens]').text()).toContain('Police returns')
    expect(list.$('[data-api-tokens]').text()).not.toContain(token)
    expect(list.$('[data-api-tokens]').text()).not.toContain('Never')
    expect((await client.post(adminPaths.revokeApiToken({ tokenId: stored.id }))).status).toBe(303)
    expect((await api.get('/api/v1/actions', auth)).status).toBe(401)
  })

  it('searches the audit trail, exports it (itself audited) and says who looked at a record', async () => {
    const person = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const client = await app.clientAs(admin)
    await client.get(adminPaths.user({ userId: person.id }))
    await client.post(adminPaths.deactivate({ userId: person.id }))
    const search = await client.get(
      adminPaths.audit(undefined, { recordType: 'user', recordId: person.id }),
    )
    expect(search.status).toBe(200)
    expect(search.$('[data-audit] tbody tr')).toHaveLength(1)
    expect(search.$('[data-audit]').text()).toContain("Siobhán O'Brien")
    const badDate = await client.get(adminPaths.audit(undefined, { from: '22/11/2026' }))
    expect(badDate.status).toBe(400)
    expect(badDate.$('#from-error').text()).toContain('Enter a date')

    const csv = await client.get(
      adminPaths.auditCsv(undefined, { recordType: 'user', recordId: person.id }),
    )
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('Changed')
    const xlsx = await client.get(adminPaths.auditXlsx())
    expect(xlsx.status).toBe(200)
    const exports = await app.services.db
      .selectFrom('audit_event')
      .select('changes')
      .where('partnership_id', '=', north.id)
      .where('action', '=', 'export')
      .where('record_type', '=', 'audit_trail')
      .execute()
    expect(exports).toHaveLength(2)

    const who = await client.get(
      adminPaths.whoLooked(undefined, { recordType: 'user', recordId: person.id }),
    )
    expect(who.$('[data-viewers]').text()).toContain("Siobhán O'Brien")

    // Only administrators may read the trail.
    const practitioner = await createUser(app.services.db, north, { roles: ['business_unit'] })
    const other = await app.clientAs(practitioner)
    expect((await other.get(adminPaths.audit())).status).toBe(403)
    expect((await other.get(adminPaths.auditCsv())).status).toBe(403)
  })
})
