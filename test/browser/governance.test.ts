// A meeting's life in a real browser: schedule it, add an agenda item and a paper, record
// attendance and a declaration of interest, minute the item, raise an action, and see the action
// in its owner's "My actions". axe-core checks every page on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startBrowserHarness, expectAccessible, type BrowserHarness } from './support.ts'
import { createAgency, createPartnership, createUser, type TestUser } from '../support/factories.ts'
import { tenantScope } from '../../src/platform/tenancy.ts'
import * as service from '../../src/modules/governance/service.ts'
import { governancePaths } from '../../src/modules/governance/paths.ts'

describe('governance in the browser', () => {
  let harness: BrowserHarness
  let manager: TestUser
  let owner: TestUser
  let groupId: string
  let chairId: string
  let memberId: string

  beforeAll(async () => {
    harness = await startBrowserHarness()
    const db = harness.app.services.db
    const partnership = await createPartnership(db)
    const police = await createAgency(db, partnership, {
      name: 'Northshire Police',
      type: 'police',
    })
    const council = await createAgency(db, partnership, {
      name: 'Northshire Council',
      type: 'local_authority',
    })
    manager = await createUser(db, partnership, { roles: ['business_unit'] })
    owner = await createUser(db, partnership, {
      roles: ['practitioner'],
      agencyId: police,
      displayName: 'Łukasz Nowak',
    })
    const ctx = {
      scope: tenantScope(partnership.id),
      actor: {
        userId: manager.id,
        partnershipId: partnership.id,
        displayName: 'Manager',
        email: manager.email,
        agencyId: null,
        roles: new Set(manager.roles),
        via: { kind: 'session' as const, sessionId: 'test' },
      },
    }
    groupId = await service.createGroup(harness.app.services, ctx, {
      name: 'Safeguarding Children Board',
      shortName: null,
      kind: 'board',
      parentGroupId: null,
      purpose: null,
      quorumMinimum: 2,
      quorumNeedsChair: true,
      quorumNeedsStatutoryPartners: false,
    })
    const person = (fullName: string, agencyId: string) =>
      service.createPerson(harness.app.services, ctx, {
        fullName,
        email: null,
        jobTitle: null,
        phone: null,
        agencyId,
        isNamedContact: false,
      })
    chairId = await person("Siobhán O'Neill", council)
    memberId = await person('Zoë Adeyemi', police)
    for (const [personId, role] of [
      [chairId, 'chair'],
      [memberId, 'member'],
    ] as const)
      await service.addMember(harness.app.services, ctx, groupId, {
        personId,
        role,
        agencyId: null,
        clearedForRestricted: false,
        startedOn: '2026-01-01',
      })
  })
  afterAll(async () => {
    await harness.close()
  })

  const checked = async (page: Page, url: RegExp | string) => {
    if (typeof url === 'string') await page.goto(url)
    else await page.waitForURL(url)
    await expectAccessible(page)
  }

  it('runs a meeting from scheduling to an action in the owner’s list', async () => {
    const context = await harness.contextAs(manager)
    const page = await context.newPage()
    await checked(page, governancePaths.group({ groupId }))
    await checked(page, governancePaths.groups())

    // Schedule: first a meeting that ends before it starts (refused), then a good one.
    await checked(page, governancePaths.newMeeting({ groupId }))
    await page.fill('#date-day', '14')
    await page.fill('#date-month', '4')
    await page.fill('#date-year', '2027')
    await page.fill('#startTime', '14:00')
    await page.fill('#endTime', '13:00')
    await page.click('button:has-text("Schedule")')
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('The end time must be after the start time')
    await expectAccessible(page)
    // The meeting has already happened, so its attendance can be recorded (it cannot be before).
    await page.fill('#date-year', '2026')
    await page.fill('#startTime', '10:00')
    await page.fill('#endTime', '12:00')
    await page.fill('#location', 'County Hall, Room 2')
    await page.click('button:has-text("Schedule")')
    await checked(page, /\/governance\/meetings\/[0-9a-f-]+$/)
    const meetingUrl = page.url()

    // An agenda item and a paper.
    await page.click('text=Add an agenda item')
    await checked(page, /\/items\/new$/)
    await page.fill('#title', 'Neglect strategy')
    await page.fill('#presenterName', 'Zoë Clarke')
    await page.click('button:has-text("Add item")')
    await checked(page, meetingUrl)
    await page.click('a:has-text("Add a paper")')
    await checked(page, /\/papers$/)
    await page.fill('#title', 'Draft neglect strategy')
    await page.setInputFiles('#paper', {
      name: 'strategy.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 draft neglect strategy'),
    })
    await page.click('button:has-text("Add paper")')
    await checked(page, meetingUrl)
    expect(await page.locator('[data-papers]').textContent()).toContain('Draft neglect strategy')

    // Attendance and a declaration.
    await page.click('text=Record attendance')
    await checked(page, /\/attendance$/)
    await page.check(`input[name="status-${chairId}"][value="present"]`)
    await page.check(`input[name="status-${memberId}"][value="present"]`)
    await page.click('button:has-text("Save attendance")')
    await checked(page, meetingUrl)
    expect(await page.locator('[data-quorum]').textContent()).toBe('Quorate')
    await page.click('a:has-text("Record a declaration of interest")')
    await checked(page, /\/declarations$/)
    await page.selectOption('#personId', memberId)
    await page.fill('#interest', 'Sits on the strategy steering group')
    await page.click('button:has-text("Record declaration")')
    await checked(page, meetingUrl)

    // Minutes, then an action for Łukasz.
    await page.click('a:has-text("Minute the item")')
    await checked(page, /\/minutes$/)
    await page.fill('#minutes', 'The board discussed the draft strategy.')
    await page.fill('#decisions', 'Approved for consultation.')
    await page.click('button:has-text("Save minutes")')
    await checked(page, meetingUrl)
    await page.click('a:has-text("Raise an action")')
    await checked(page, /\/actions\/new$/)
    await page.fill('#title', 'Consult young people on the neglect strategy')
    await page.selectOption('#ownerAgencyId', { label: 'Northshire Police' })
    await page.selectOption('#ownerUserId', owner.id)
    await page.fill('#dueDate-day', '30')
    await page.fill('#dueDate-month', '6')
    await page.fill('#dueDate-year', '2027')
    await page.click('button:has-text("Raise action")')
    await checked(page, meetingUrl)
    expect(await page.locator('[data-declarations]').textContent()).toContain(
      'Sits on the strategy steering group',
    )
    expect(await page.locator('[data-minutes]').textContent()).toContain('discussed the draft')
    expect(await page.locator('[data-actions]').textContent()).toContain(
      'Consult young people on the neglect strategy',
    )
    await context.close()

    const ownerContext = await harness.contextAs(owner)
    const ownerPage = await ownerContext.newPage()
    await checked(ownerPage, '/actions')
    expect(await ownerPage.locator('[data-actions]').textContent()).toContain(
      'Consult young people on the neglect strategy',
    )
    await ownerContext.close()
  })

  it('renders the register, challenge and report pages accessibly', async () => {
    const db = harness.app.services.db
    const meeting = await db
      .selectFrom('meeting')
      .select('id')
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow()
    const context = await harness.contextAs(manager)
    const page = await context.newPage()
    for (const url of [
      governancePaths.home(),
      governancePaths.agencies(),
      governancePaths.newAgency(),
      governancePaths.people(),
      governancePaths.newPerson(),
      governancePaths.person({ personId: chairId }),
      governancePaths.newGroup(),
      governancePaths.editGroup({ groupId }),
      governancePaths.newMember({ groupId }),
      governancePaths.termsOfReference({ groupId }),
      governancePaths.standingItems({ groupId }),
      governancePaths.shares({ groupId }),
      governancePaths.meetings(),
      governancePaths.myMeetings(),
      governancePaths.myMeeting({ meetingId: meeting.id }),
      governancePaths.attendanceReport({ groupId }),
      governancePaths.challenges(),
      governancePaths.newChallenge(),
    ]) {
      const response = await page.goto(url)
      expect(response?.status(), url).toBe(200)
      await expectAccessible(page)
    }
    // A form shown again with errors is accessible too.
    await page.goto(governancePaths.newChallenge())
    await page.click('button:has-text("Record challenge")')
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1)
    await expectAccessible(page)
    await context.close()
  })
})
