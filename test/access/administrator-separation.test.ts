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
