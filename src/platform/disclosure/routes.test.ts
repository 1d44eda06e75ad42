// The settings page in-process: the defaults and an example published under them, errors shown
// on the page with nothing saved, a saved change that the example then follows, and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createPartnership, createUser, type TestUser } from '../../../test/support/factories.ts'
import type { Page } from '../../../test/support/client.ts'
import { platformPaths } from '../paths.ts'

describe('the published-statistics settings page', () => {
  let app: TestApp
  let admin: TestUser
  let businessUnit: TestUser
  let boardMember: TestUser
  const page = platformPaths.disclosureSettings()

  const exampleCells = (p: Page) =>
    p
      .$('table tbody td')
      .toArray()
      .map((td) => p.$(td).find('[aria-hidden]').text() || p.$(td).text().trim())

  beforeAll(async () => {
    app = await buildTestApp()
    const north = await createPartnership(app.services.db)
    admin = await createUser(app.services.db, north, { roles: ['partnership_admin'] })
    businessUnit = await createUser(app.services.db, north, {
      roles: ['business_unit'],
      displayName: 'Łukasz Nowak',
    })
    boardMember = await createUser(app.services.db, north, { roles: ['board_member'] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('shows the defaults and an example table published under them', async () => {
    const client = await app.clientAs(admin)
    const shown = await client.get(page)
    expect(shown.status).toBe(200)
    expect(shown.$('#threshold').val()).toBe('4')
    expect(shown.$('#primarySymbol').val()).toBe('')
    expect(shown.$('#secondarySymbol').val()).toBe('[c]')
    expect(shown.$('input[name=suppressZeros][value=no]').is(':checked')).toBe(true)
    // 23, 3, 11, 0 with a total of 37: the 3 and its cheapest complement, the 11, are hidden.
    expect(exampleCells(shown)).toEqual(['23', '<5', '[c]', '0', '37'])
  })

  it('shows every problem on the page with status 400 and saves nothing', async () => {
    const client = await app.clientAs(businessUnit)
    const refused = await client.submit(page, {
      threshold: '1',
      primarySymbol: '',
      secondarySymbol: '<5',
    })
    expect(refused.status).toBe(400)
    const summary = refused.$('.govuk-error-summary').text()
    expect(summary).toContain('The largest number to hide must be between 2 and 20')
    expect(summary).toContain('Select how zeros are shown')
    expect(refused.$('#threshold').val()).toBe('1')
    expect(await app.services.db.selectFrom('disclosure_setting').selectAll().execute()).toEqual([])

    const sameSymbol = await client.submit(page, {
      threshold: '4',
      primarySymbol: '',
      secondarySymbol: '<5',
      suppressZeros: 'no',
    })
    expect(sameSymbol.status).toBe(400)
    expect(sameSymbol.$('#secondarySymbol-error').text()).toContain('must differ')
  })

  it('saves a change, which the example then follows', async () => {
    const client = await app.clientAs(businessUnit)
    const saved = await client.submit(page, {
      threshold: '9',
      primarySymbol: '',
      secondarySymbol: '*',
      suppressZeros: 'yes',
    })
    expect(saved.status).toBe(303)
    expect(saved.location).toBe(`${page}?saved=1`)
    const after = await client.get(saved.location!)
    expect(after.$('.govuk-notification-banner').text()).toContain('The settings are saved')
    expect(after.$('#threshold').val()).toBe('9')
    expect(after.$('input[name=suppressZeros][value=yes]').is(':checked')).toBe(true)
    // 3 and 0 are both hidden as <10; each could be anything from 0 to 3 and they add up to 3,
    // so nothing else needs hiding.
    expect(exampleCells(after)).toEqual(['23', '<10', '11', '<10', '37'])
  })

  it('is refused to those without the permission, and without a CSRF token', async () => {
    const board = await app.clientAs(boardMember)
    expect((await board.get(page)).status).toBe(403)
    const client = await app.clientAs(admin)
    await client.get(page)
    const forged = await client.post(
      page,
      { threshold: '2', secondarySymbol: '[c]', suppressZeros: 'no' },
      { csrf: null },
    )
    expect(forged.status).toBe(403)
    expect(
      (await app.services.db.selectFrom('disclosure_setting').select('threshold').execute())[0],
    ).toEqual({ threshold: 9 })
  })
})
