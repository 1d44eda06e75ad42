// Policy-level cases of the access matrix (issue 12.1): the partnership administrator manages
// accounts, never cases. Routes alone cannot show this (the administrator may reach the audit
// trail, the roles form and the token form); what they may do there is what these cases check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../support/app.ts'
import {
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../support/factories.ts'
import { adminPaths } from '../../src/modules/admin/paths.ts'
import { WITHHELD_CHANGES } from '../../src/modules/admin/presenter.ts'
import { caseReviewPaths } from '../../src/modules/case-reviews/paths.ts'
import { deriveKey, encrypt } from '../../src/platform/identity/crypto.ts'
import { setTotp } from '../../src/platform/identity/repository.ts'
import { newTotpSecret, totpCode } from '../../src/platform/identity/totp.ts'

const PSEUDONYM = 'Child Zoë Ł-7'
const WHAT_HAPPENED = 'A fictional fracture found by O’Brien at the Łukasz Street clinic.'

describe('administrator separation (policy-level access cases)', () => {
  let app: TestApp
  let north: TestPartnership
  let admin: TestUser
  let secondAdmin: TestUser
  let team: TestUser
  let adminOnTeam: TestUser

  beforeAll(async () => {
    app = await buildTestApp()
    const db = app.services.db
    north = await createPartnership(db)
    admin = await createUser(db, north, { roles: ['partnership_admin'] })
    secondAdmin = await createUser(db, north, { roles: ['partnership_admin'] })
    team = await createUser(db, north, { roles: ['case_review_team'] })
    adminOnTeam = await createUser(db, north, { roles: ['partnership_admin', 'case_review_team'] })
    const client = await app.clientAs(team)
    await client.get(caseReviewPaths.newIncident())
    const created = await client.post(caseReviewPaths.newIncident(), {
      childPseudonym: PSEUDONYM,
      ageBand: 'under_1',
      harm: 'serious_harm',
      whatHappened: WHAT_HAPPENED,
      'awareOn-day': '2',
      'awareOn-month': '3',
      'awareOn-year': '2026',
    })
    expect(created.status).toBe(303)
  })
  afterAll(async () => {
    await app.close()
  })

  const rolesOf = async (user: TestUser) =>
    (
      await app.services.db
        .selectFrom('user_role')
        .select('role')
        .where('user_id', '=', user.id)
        .execute()
    )
      .map((r) => r.role)
      .sort()

  const pendingFor = async (user: TestUser) =>
    app.services.db
      .selectFrom('role_grant_proposal')
      .select(['id', 'proposed_by'])
      .where('user_id', '=', user.id)
      .where('outcome', 'is', null)
      .execute()

  const proposeRoles = async (by: TestUser, user: TestUser, roles: string[]) => {
    const client = await app.clientAs(by)
    await client.get(adminPaths.userRoles({ userId: user.id }))
    return client.post(adminPaths.userRoles({ userId: user.id }), { roles, agencyId: '' })
  }

  describe('giving a case-level role', () => {
    it('an administrator cannot give themselves one: it waits for a second administrator', async () => {
      const answer = await proposeRoles(admin, admin, ['partnership_admin', 'case_review_team'])
      expect(answer.status).toBe(303)
      expect(answer.location).toContain('done=proposed')
      expect(await rolesOf(admin)).toEqual(['partnership_admin'])
      expect(await pendingFor(admin)).toHaveLength(1)
    })

    it('nobody can approve a proposal that gives them the role', async () => {
      const [proposal] = await pendingFor(admin)
      const client = await app.clientAs(admin)
      await client.get(adminPaths.roleProposals())
      const refused = await client.post(
        adminPaths.approveProposal({ proposalId: proposal?.id ?? '' }),
      )
      expect(refused.status).toBe(403)
      expect(await rolesOf(admin)).toEqual(['partnership_admin'])
      // Turned down by its proposer (withdrawn), so it does not linger.
      expect(
        (await client.post(adminPaths.rejectProposal({ proposalId: proposal?.id ?? '' }))).status,
      ).toBe(303)
      expect(await pendingFor(admin)).toHaveLength(0)
    })

    it('an administrator cannot approve their own proposal; a second administrator can', async () => {
      const practitioner = await createUser(app.services.db, north, { roles: ['practitioner'] })
      await proposeRoles(admin, practitioner, ['practitioner', 'case_review_team'])
      expect(await rolesOf(practitioner)).toEqual(['practitioner'])
      const [proposal] = await pendingFor(practitioner)
      const proposalId = proposal?.id ?? ''
      const own = await app.clientAs(admin)
      const list = await own.get(adminPaths.roleProposals())
      expect(list.$('[data-proposals]').text()).toContain('Another administrator must approve')
      expect((await own.post(adminPaths.approveProposal({ proposalId }))).status).toBe(403)
      expect(await rolesOf(practitioner)).toEqual(['practitioner'])

      const second = await app.clientAs(secondAdmin)
      await second.get(adminPaths.roleProposals())
      const approved = await second.post(adminPaths.approveProposal({ proposalId }))
      expect(approved.status).toBe(303)
      expect(await rolesOf(practitioner)).toEqual(['case_review_team', 'practitioner'])
      const entries = await app.services.db
        .selectFrom('audit_event')
        .select(['actor_user_id', 'record_type', 'changes'])
        .where('record_id', 'in', [proposalId, practitioner.id])
        .orderBy('chain_seq')
        .execute()
      expect(entries.map((e) => [e.record_type, e.actor_user_id])).toEqual([
        ['role_grant_proposal', admin.id],
        ['role_grant_proposal', secondAdmin.id],
        ['user', secondAdmin.id],
      ])
      // Approved once: a second approval finds nothing waiting.
      expect((await second.post(adminPaths.approveProposal({ proposalId }))).status).toBe(404)
    })

    it('an invitation with a case-level role gives it only when a second administrator approves', async () => {
      const client = await app.clientAs(admin)
      await client.get(adminPaths.invite())
      const invited = await client.post(adminPaths.invite(), {
        email: 'lukasz.obrien@example.org',
        displayName: 'Łukasz O’Brien',
        agencyId: '',
        roles: ['case_review_team'],
      })
      expect(invited.status).toBe(303)
      const user = await app.services.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'lukasz.obrien@example.org')
        .executeTakeFirstOrThrow()
      const asTestUser = { ...team, id: user.id }
      expect(await rolesOf(asTestUser)).toEqual([])
      expect(await pendingFor(asTestUser)).toHaveLength(1)
    })
  })

  describe('API tokens', () => {
    const tokensOf = async (user: TestUser) =>
      app.services.db.selectFrom('api_token').selectAll().where('user_id', '=', user.id).execute()

    it('an administrator cannot issue a token for a case-level account', async () => {
      const client = await app.clientAs(admin)
      const form = await client.get(adminPaths.newApiToken())
      expect(form.$('select[name=userId]').html()).not.toContain(team.id)
      const refused = await client.post(adminPaths.newApiToken(), {
        userId: team.id,
        name: 'Case review feed',
        permissions: ['case_reviews.read'],
        expiresInDays: '90',
      })
      expect(refused.status).toBe(400)
      expect(refused.$('.govuk-error-summary').text()).toContain('only its holder')
      expect(await tokensOf(team)).toHaveLength(0)
    })

    it('the case-level user makes their own, only with a fresh code from their second factor', async () => {
      const secret = newTotpSecret()
      await setTotp(app.services.db, north.scope, team.id, {
        sealedSecret: encrypt(deriveKey(app.services.secret, 'totp'), secret),
        enabledAt: app.services.clock.now(),
        lastStep: 0,
      })
      const client = await app.clientAs(team)
      const account = await client.get('/account')
      expect(account.$(`a[href="${adminPaths.ownApiToken()}"]`)).toHaveLength(1)
      expect((await client.get(adminPaths.ownApiToken())).status).toBe(200)
      const form = {
        name: 'Zoë’s review tracker',
        permissions: ['case_reviews.read'],
        expiresInDays: '30',
      }
      const noCode = await client.post(adminPaths.ownApiToken(), form)
      expect(noCode.status).toBe(400)
      const wrong = await client.post(adminPaths.ownApiToken(), { ...form, code: '000000' })
      expect(wrong.status).toBe(400)
      expect(wrong.$('#code-error').text()).toContain('current code')
      expect(await tokensOf(team)).toHaveLength(0)
      const code = totpCode(secret, app.services.clock.now())
      const made = await client.post(adminPaths.ownApiToken(), { ...form, code })
      expect(made.status).toBe(200)
      expect(made.$('[data-api-token]').text().trim()).toMatch(/^assure_/)
      expect(await tokensOf(team)).toHaveLength(1)
      // The same code cannot be used again.
      const replay = await client.post(adminPaths.ownApiToken(), { ...form, code })
      expect(replay.status).toBe(400)
      // The administrator has no such page.
      const adminClient = await app.clientAs(admin)
      expect((await adminClient.get(adminPaths.ownApiToken())).status).toBe(403)
    })

    it('names the token in the audit entries of calls made with it', async () => {
      const lead = await createUser(app.services.db, north, { roles: ['business_unit'] })
      const client = await app.clientAs(admin)
      await client.get(adminPaths.newApiToken(undefined, { userId: lead.id }))
      const issued = await client.post(adminPaths.newApiToken(), {
        userId: lead.id,
        name: 'Ó Súilleabháin data feed',
        permissions: ['actions.read'],
        expiresInDays: '90',
      })
      const token = issued.$('[data-api-token]').text().trim()
      const [stored] = await tokensOf(lead)
      // A call the token may not make is refused, and the refusal is audited naming the token.
      const denied = await app.server.inject({
        method: 'GET',
        url: '/api/v1/governance/agencies',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(denied.statusCode).toBe(403)
      const entry = await app.services.db
        .selectFrom('audit_event')
        .select(['actor_user_id', 'actor_label'])
        .where('action', '=', 'permission_denied')
        .where('actor_user_id', '=', lead.id)
        .executeTakeFirstOrThrow()
      expect(entry.actor_label).toBe(`API token "Ó Súilleabháin data feed" (${stored?.id ?? ''})`)
    })
  })

  describe('the audit trail', () => {
    it('does not show a case-level record’s content to the administrator, on the page or in exports', async () => {
      const client = await app.clientAs(admin)
      const query = { recordType: 'serious_incident' }
      const page = await client.get(adminPaths.audit(undefined, query))
      expect(page.status).toBe(200)
      expect(page.$('main').text()).toContain('serious_incident')
      expect(page.$('main').text()).toContain(WITHHELD_CHANGES)
      const csv = await client.get(adminPaths.auditCsv(undefined, query))
      const xlsx = await client.get(adminPaths.auditXlsx(undefined, query))
      expect(csv.status).toBe(200)
      expect(xlsx.status).toBe(200)
      for (const body of [page.body, csv.body]) {
        expect(body).not.toContain('Zoë Ł-7')
        expect(body).not.toContain('Łukasz Street')
        expect(body).not.toContain('serious_harm')
      }
    })

    it('shows that content to someone on the owning team', async () => {
      const client = await app.clientAs(adminOnTeam)
      const page = await client.get(adminPaths.audit(undefined, { recordType: 'serious_incident' }))
      expect(page.$('main').text()).toContain('Łukasz Street')
      expect(page.$('main').text()).not.toContain(WITHHELD_CHANGES)
    })

    it('still shows the administrator everything of records that are not case-level', async () => {
      const client = await app.clientAs(admin)
      // The exports above wrote their own entries, with what was exported.
      const page = await client.get(adminPaths.audit(undefined, { recordType: 'audit_trail' }))
      expect(page.$('main').text()).toContain('"format":"csv"')
      expect(page.$('main').text()).not.toContain(WITHHELD_CHANGES)
    })
  })
})
