// The register through HTTP: agencies, people, groups, the structure chart, memberships, terms of
// reference, standing items and sharing; who may reach each page; bad input changes nothing.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { multipartBody } from '../../../test/support/multipart.ts'
import { FakeClock } from '../../platform/clock.ts'
import { governancePaths } from './paths.ts'

describe('governance register pages', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let manager: TestUser
  let admin: TestUser
  let boardMember: TestUser
  let practitioner: TestUser
  let southManager: TestUser

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    admin = await createUser(db, north, { roles: ['partnership_admin'] })
    boardMember = await createUser(db, north, { roles: ['board_member'] })
    practitioner = await createUser(db, north, { roles: ['practitioner'] })
    southManager = await createUser(db, south, { roles: ['business_unit'] })
  })
  afterAll(async () => {
    await app.close()
  })

  const count = async (table: 'agency' | 'person' | 'partnership_group' | 'group_membership') =>
    Number(
      (
        await app.services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('partnership_id', '=', north.id)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('keeps the agency register, listed by type, with named contacts', async () => {
    const client = await app.clientAs(admin)
    const empty = await client.submit(governancePaths.newAgency(), { name: '', type: '' })
    expect(empty.status).toBe(400)
    expect(empty.$('.govuk-error-summary').text()).toContain('Enter the name of the agency')
    expect(empty.$('#type-error').text()).toContain('Select the type of agency')
    const before = await count('agency')
    const duplicate = await client.submit(governancePaths.newAgency(), {
      name: 'northshire police',
      type: 'police',
    })
    expect(duplicate.status).toBe(400)
    expect(await count('agency')).toBe(before)

    const created = await client.submit(governancePaths.newAgency(), {
      name: "St Ætheldreda's Academy Trust",
      shortName: 'Academy',
      type: 'education',
    })
    expect(created.status).toBe(303)
    const page = await client.get(created.location ?? '')
    expect(page.$('h1').text()).toBe("St Ætheldreda's Academy Trust")

    const list = await client.get(governancePaths.agencies())
    expect(list.$('[data-agency-type="Education"]').text()).toContain(
      "St Ætheldreda's Academy Trust",
    )
    expect(list.$('[data-agency-type="Police"]').text()).toContain('Northshire Police')

    const managerClient = await app.clientAs(manager)
    const contact = await managerClient.submit(governancePaths.newPerson(), {
      fullName: 'Łukasz Kowalczyk',
      email: 'lukasz.k@example.org',
      jobTitle: 'Detective Inspector',
      agencyId: police,
      isNamedContact: 'yes',
    })
    expect(contact.status).toBe(303)
    const agencyPage = await managerClient.get(governancePaths.agency({ agencyId: police }))
    expect(agencyPage.$('[data-contacts]').text()).toContain('Łukasz Kowalczyk')
  })

  it('refuses a named contact without an agency, and nothing is saved', async () => {
    const client = await app.clientAs(manager)
    const before = await count('person')
    const page = await client.submit(governancePaths.newPerson(), {
      fullName: "Niamh O'Connor",
      email: 'not an email',
      isNamedContact: 'yes',
    })
    expect(page.status).toBe(400)
    expect(page.$('#email-error').text()).toContain('Enter an email address in the correct format')
    const second = await client.submit(governancePaths.newPerson(), {
      fullName: "Niamh O'Connor",
      isNamedContact: 'yes',
    })
    expect(second.status).toBe(400)
    expect(second.$('#agencyId-error').text()).toContain(
      'Select the agency this person is a named contact for',
    )
    expect(await count('person')).toBe(before)
  })

  it('builds groups into a structure chart and refuses a loop', async () => {
    const client = await app.clientAs(manager)
    const board = await client.submit(governancePaths.newGroup(), {
      name: 'Safeguarding Children Board',
      kind: 'board',
      quorumMinimum: '3',
      quorumNeedsChair: 'yes',
    })
    expect(board.status).toBe(303)
    const boardId = (board.location ?? '').split('/').pop() ?? ''
    const sub = await client.submit(governancePaths.newGroup(), {
      name: 'Quality Assurance Sub-group',
      kind: 'sub_group',
      parentGroupId: boardId,
    })
    expect(sub.status).toBe(303)
    const subId = (sub.location ?? '').split('/').pop() ?? ''

    const chart = await client.get(governancePaths.groups())
    const nested = chart.$('[data-structure-chart] > li > ul > li').text()
    expect(nested).toContain('Quality Assurance Sub-group')
    expect(chart.$('[data-structure-chart] > li > .app-tree__node').text()).toContain(
      'Safeguarding Children Board',
    )

    const loop = await client.submit(governancePaths.editGroup({ groupId: boardId }), {
      name: 'Safeguarding Children Board',
      kind: 'board',
      parentGroupId: subId,
    })
    expect(loop.status).toBe(400)
    expect(loop.$('#parentGroupId-error').text()).toContain('cannot report to itself')

    const badQuorum = await client.submit(governancePaths.newGroup(), {
      name: 'Panel',
      kind: 'panel',
      quorumMinimum: 'three',
    })
    expect(badQuorum.status).toBe(400)
    expect(badQuorum.$('#quorumMinimum-error').text()).toContain('must be a whole number')
  })

  it('adds members with roles and agencies, standing items, and terms of reference with a review date', async () => {
    const db = app.services.db
    const client = await app.clientAs(manager)
    const group = await client.submit(governancePaths.newGroup(), {
      name: 'Child Exploitation Sub-group',
      kind: 'sub_group',
    })
    const groupId = (group.location ?? '').split('/').pop() ?? ''
    const person = await client.submit(governancePaths.newPerson(), {
      fullName: 'Zoë Adeyemi',
      agencyId: police,
    })
    const personId = (person.location ?? '').split('/').pop() ?? ''
    const added = await client.submit(governancePaths.newMember({ groupId }), {
      personId,
      role: 'vice_chair',
      clearedForRestricted: 'yes',
      'startedOn-day': '1',
      'startedOn-month': '3',
      'startedOn-year': '2026',
    })
    expect(added.status).toBe(303)
    const again = await client.submit(governancePaths.newMember({ groupId }), {
      personId,
      role: 'member',
      'startedOn-day': '1',
      'startedOn-month': '3',
      'startedOn-year': '2026',
    })
    expect(again.status).toBe(400)
    expect(again.$('#personId-error').text()).toContain('already a member')
    const page = await client.get(governancePaths.group({ groupId }))
    expect(page.$('[data-members]').text()).toContain('Vice-chair')
    expect(page.$('[data-members]').text()).toContain('Northshire Police')
    const personPage = await client.get(governancePaths.person({ personId }))
    expect(personPage.$('[data-memberships]').text()).toContain('Child Exploitation Sub-group')

    expect(
      (
        await client.submit(governancePaths.standingItems({ groupId }), {
          title: "The young person's item",
        })
      ).status,
    ).toBe(303)

    // Terms of reference: a disallowed file is refused with a clear message and nothing saved.
    await client.get(governancePaths.termsOfReference({ groupId }))
    const post = (files: Parameters<typeof multipartBody>[0]['files'], day: string) => {
      const { body, contentType } = multipartBody({
        fields: {
          _csrf: client.csrfToken ?? '',
          'reviewDate-day': day,
          'reviewDate-month': '1',
          'reviewDate-year': '2026',
        },
        files,
      })
      return client.request('POST', governancePaths.termsOfReference({ groupId }), body, {
        'content-type': contentType,
      })
    }
    const bad = await post(
      [
        {
          field: 'document',
          filename: 'tor.exe',
          contentType: 'application/pdf',
          data: Buffer.from('MZ\u0090\u0000'),
        },
      ],
      '31',
    )
    expect(bad.status).toBe(400)
    expect(bad.$('#document-error').text()).toContain('The selected file must be a PDF')
    const stored = await db
      .selectFrom('partnership_group')
      .select('terms_of_reference_file_id')
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow()
    expect(stored.terms_of_reference_file_id).toBeNull()
    const good = await post(
      [
        {
          field: 'document',
          filename: 'tor.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('%PDF-1.4 terms'),
        },
      ],
      '31',
    )
    expect(good.status).toBe(303)
    const list = await client.get(governancePaths.groups())
    // Review date 31 January 2026 is before "today" (10 March 2026): flagged.
    expect(list.$('[data-review-overdue]').length).toBe(1)
    const download = await client.get(governancePaths.termsOfReferenceFile({ groupId }))
    expect(download.status).toBe(200)
    expect(download.body).toContain('%PDF-1.4 terms')
  })

  it('lets only the right roles in, and treats ids from another partnership as not found', async () => {
    const reader = await app.clientAs(boardMember)
    expect((await reader.get(governancePaths.groups())).status).toBe(200)
    expect((await reader.get(governancePaths.newGroup())).status).toBe(403)
    expect((await reader.get(governancePaths.newAgency())).status).toBe(403)
    const outsider = await app.clientAs(practitioner)
    expect((await outsider.get(governancePaths.groups())).status).toBe(403)
    expect((await outsider.get(governancePaths.agencies())).status).toBe(403)
    const southern = await app.clientAs(southManager)
    expect((await southern.get(governancePaths.agency({ agencyId: police }))).status).toBe(404)
    expect((await southern.get(governancePaths.editAgency({ agencyId: police }))).status).toBe(404)
    expect((await southern.get(governancePaths.group({ groupId: randomUUID() }))).status).toBe(404)
    expect((await southern.get(governancePaths.person({ personId: 'not-a-uuid' }))).status).toBe(
      404,
    )
  })

  it('refuses a form without the CSRF token', async () => {
    const client = await app.clientAs(manager)
    const page = await client.post(
      governancePaths.newGroup(),
      { name: 'No token', kind: 'panel' },
      { csrf: null },
    )
    expect(page.status).toBe(403)
  })
})
