// Role descriptions promise only what the installed modules do (issue 13.10): each sentence comes
// from a module that is there, and a role that no module uses yet says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import { appModules } from '../../modules/index.ts'
import { Extensions } from '../extensions.ts'
import { NOTHING_YET, roleDescriptions, roleTexts } from './role-text.ts'
import { roleLabels } from './roles.ts'

describe('role descriptions', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp()
  })
  afterAll(async () => {
    await app.close()
  })

  it('are made of the installed modules’ sentences, and a role no module uses says so', () => {
    const all = roleDescriptions(new Extensions(appModules))
    // The modules for these roles are not built yet: nothing may promise their work.
    for (const role of ['cdop_team', 'lado_team', 'private_fostering_team'] as const)
      expect(all[role]).toBe(NOTHING_YET)
    for (const text of Object.values(all))
      expect(text).not.toMatch(/training|self-assessment|child death|allegation/i)
    expect(all.case_review_team).toContain('serious incidents')

    // Without the case reviews module, the case review team has nothing either.
    const without = roleDescriptions(
      new Extensions(appModules.filter((m) => m.name !== 'case-reviews')),
    )
    expect(without.case_review_team).not.toContain('serious incidents')
    expect(without.agency_lead).not.toContain('chronology')
  })

  it('refuses a sentence that is not one', () => {
    expect(
      () =>
        new Extensions([
          {
            name: 'x',
            provides: [
              {
                point: roleTexts as never,
                values: [{ role: 'practitioner', text: 'books training' }],
              },
            ],
          },
        ]),
    ).toThrow(/one sentence/)
  })

  it('are what the roles page and the role checkboxes show', async () => {
    const north = await createPartnership(app.services.db)
    const admin = await createUser(app.services.db, north, { roles: ['partnership_admin'] })
    const client = await app.clientAs(admin)
    const page = await client.get('/admin/roles')
    expect(page.status).toBe(200)
    const text = page.$('main').text()
    expect(text).toContain(roleLabels.lado_team)
    expect(text).toContain(NOTHING_YET)
    expect(text).toContain('Runs the scorecard and the data returns.')
  })
})
