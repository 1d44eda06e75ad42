// The performance module through HTTP: uploads (errors by row and column, nothing written; preview
// then confirm; revisions keep history), the scorecard, drill-down, raising from indicators,
// imports, exports, the API, and who may reach each.
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
import { deflatedRepeat, xlsxSkeleton, zip } from '../../../test/support/zip.ts'
import type { TestClient } from '../../../test/support/client.ts'
import { FakeClock } from '../../platform/clock.ts'
import { newApiToken } from '../../platform/identity/api-tokens.ts'
import { importPaths } from '../../platform/imports/index.ts'
import { performancePaths } from './paths.ts'
import { SUBMISSION_IMPORT } from './submission-import.ts'
import * as service from './service.ts'
import type { IndicatorFields } from './repository.ts'

const imports = importPaths(SUBMISSION_IMPORT)

const header =
  'Indicator code,Indicator,Period,Area,Numerator,Denominator,Value,Status,Confidence,Note'

function indicator(
  overrides: Partial<IndicatorFields> & { code: string; ownerAgencyId: string },
): IndicatorFields {
  return {
    title: `Indicator ${overrides.code}`,
    definition: 'A fictional indicator for tests.',
    numeratorDefinition: null,
    denominatorDefinition: null,
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    measure: 'period_total',
    source: 'Test fixture',
    priority: 'Early help',
    subGroup: 'Performance sub-group',
    target: 85,
    tolerance: 5,
    byArea: false,
    daysToSubmit: 15,
    ...overrides,
  }
}

describe('performance pages, uploads and API', () => {
  const clock = new FakeClock('2026-04-20T10:00:00Z')
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let council: string
  let manager: TestUser
  let policeLead: TestUser
  let board: TestUser
  let practitioner: TestUser
  let assessments: string // council, percentage, monthly
  let missing: string // police, count, monthly
  let districtRate: string // council, rate per 10,000, by area
  let southIndicator: string

  const count = async (table: 'perf_value' | 'import_run' | 'perf_value_revision') =>
    Number(
      (
        await app.services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('partnership_id', '=', north.id)
          .executeTakeFirstOrThrow()
      ).n,
    )

  const upload = async (client: TestClient, csv: string, filename = 'figures.csv') => {
    const page = await client.get(performancePaths.submissions())
    expect(page.status).toBe(200)
    const { body, contentType } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '' },
      files: [{ field: 'file', filename, contentType: 'text/csv', data: Buffer.from(csv) }],
    })
    return client.request('POST', imports.upload(), body, { 'content-type': contentType })
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    council = await createAgency(db, north, {
      name: "Northshire Children's Services",
      type: 'local_authority',
    })
    const southAgency = await createAgency(db, south)
    manager = await createUser(db, north, { roles: ['business_unit'] })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    board = await createUser(db, north, { roles: ['board_member'], agencyId: police })
    practitioner = await createUser(db, north, { roles: ['practitioner'], agencyId: council })
    const system = { scope: north.scope, systemLabel: 'test' }
    await service.areas(app.services, north.scope)
    await service.addArea(app.services, system, 'Ashdown Vale')
    await service.addArea(app.services, system, "St Mary's Ward")
    assessments = await service.createIndicator(
      app.services,
      system,
      indicator({
        code: 'CSC-01',
        ownerAgencyId: council,
        title: 'Assessments within 45 working days',
      }),
    )
    missing = await service.createIndicator(
      app.services,
      system,
      indicator({
        code: 'POL-01',
        ownerAgencyId: police,
        unit: 'count',
        polarity: 'none',
        target: null,
        tolerance: null,
        title: 'Missing episodes',
      }),
    )
    districtRate = await service.createIndicator(
      app.services,
      system,
      indicator({
        code: 'CSC-02',
        ownerAgencyId: council,
        unit: 'rate_per_10000',
        polarity: 'none',
        target: null,
        byArea: true,
        title: 'Children in need rate',
      }),
    )
    southIndicator = await service.createIndicator(
      app.services,
      { scope: south.scope },
      indicator({ code: 'CSC-01', ownerAgencyId: southAgency }),
    )
    const pop = 'Area,Year,Population\nAshdown Vale,2026,20000\n"St Mary\'s Ward",2026,5000\n'
    const imported = await service.importPopulation(app.services, system, Buffer.from(pop))
    expect(imported).toEqual({ ok: true, count: 2 })
  })
  afterAll(async () => {
    await app.close()
  })

  it('rejects a file with problems whole, listing each by row and column, and saves nothing', async () => {
    const client = await app.clientAs(manager)
    const csv = [
      header,
      'NOPE-9,,2026-03,,5,10,,provisional,high,', // 2: unknown indicator
      'CSC-01,,2026-13,,5,10,,provisional,high,', // 3: wrong period
      'CSC-01,,2026-02,,five,10,,provisional,high,', // 4: non-numeric
      'CSC-01,,2026-01,,12,10,,provisional,high,', // 5: numerator larger than denominator
      'CSC-01,,2025-12,,,,101,provisional,high,', // 6: percentage out of range
      'POL-01,,2026-03,,7,,,final,high,', // 7: fine
      'POL-01,,2026-03,,8,,,final,high,', // 8: duplicate of 7
      'CSC-01,,2026-05,,5,10,,provisional,high,', // 9: period not ended
    ].join('\n')
    const page = await upload(client, csv)
    expect(page.status).toBe(400)
    expect(page.$('.govuk-error-summary').text()).toContain('nothing has been saved')
    const problems = page
      .$('[data-problems] tbody tr')
      .toArray()
      .map((tr) =>
        page
          .$(tr)
          .find('td')
          .toArray()
          .map((td) => page.$(td).text().trim()),
      )
    expect(problems).toEqual([
      ['2', 'A (Indicator code)', 'There is no indicator with the code NOPE-9'],
      ['3', 'C (Period)', 'The period must be a month like 2026-01'],
      ['4', 'E (Numerator)', 'Numerator must be a number'],
      ['5', 'E (Numerator)', 'Numerator must not be larger than the denominator'],
      ['6', 'G (Value)', 'A percentage must be between 0 and 100'],
      ['8', 'A (Indicator code)', 'This row repeats row 7 (same indicator, period and area)'],
      ['9', 'C (Period)', 'The period 2026-05 has not ended yet'],
    ])
    expect(await count('perf_value')).toBe(0)
    expect(await count('import_run')).toBe(0)
  })

  it('refuses a small XLSX that inflates to hundreds of megabytes, with memory bounded', async () => {
    const client = await app.clientAs(manager)
    const bomb = zip([
      ...xlsxSkeleton(),
      {
        name: 'xl/worksheets/sheet1.xml',
        compressed: await deflatedRepeat(400 * 1024 * 1024),
        declaredSize: 400 * 1024 * 1024,
      },
    ])
    await client.get(imports.upload())
    const { body, contentType } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '' },
      files: [
        {
          field: 'file',
          filename: 'figures.xlsx',
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data: bomb,
        },
      ],
    })
    globalThis.gc?.()
    const before = process.memoryUsage().rss
    let peak = before
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 5)
    const page = await client.request('POST', imports.upload(), body, {
      'content-type': contentType,
    })
    clearInterval(timer)
    expect(page.status).toBe(400)
    expect(page.$('#file-error').text()).toContain('too large when unpacked')
    expect(Math.max(peak, process.memoryUsage().rss) - before).toBeLessThan(150 * 1024 * 1024)
    expect(await count('import_run')).toBe(0)
  })

  it('previews a clean file, saves it only when confirmed, and shows it on the scorecard', async () => {
    const client = await app.clientAs(manager)
    const csv = [
      header,
      'CSC-01,,2026-01,,70,100,,final,high,',
      'CSC-01,,2026-02,,72,100,,final,high,',
      'CSC-01,,2026-03,,75,100,,provisional,medium,Early figure',
      'POL-01,,2026-03,,31,,,final,high,',
      'CSC-02,,2026-03,Ashdown Vale,300,,,final,high,',
      "CSC-02,,2026-03,St Mary's Ward,50,,,final,high,",
      'CSC-01,,2026-04,,,,,,,', // not filled in: skipped
    ].join('\n')
    const checked = await upload(client, csv)
    expect(checked.status).toBe(303)
    const preview = await client.get(checked.location ?? '')
    expect(preview.status).toBe(200)
    expect(preview.$('[data-change="create"]').length).toBe(6)
    expect(await count('perf_value')).toBe(0)

    const confirmed = await client.post(
      preview.$('form[action$="/confirm"]').attr('action') ?? '',
      {},
    )
    expect(confirmed.status).toBe(303)
    const done = await client.get(confirmed.location ?? '')
    expect(done.status).toBe(200)
    expect(done.$('.govuk-panel').text()).toContain('6 created, 0 updated, 0 unchanged')
    expect(await count('perf_value')).toBe(6)
    // Confirming twice changes nothing.
    expect(
      (await client.post(preview.$('form[action$="/confirm"]').attr('action') ?? '', {})).status,
    ).toBe(409)

    const card = await client.get(performancePaths.scorecard(undefined, { month: '2026-03' }))
    expect(card.status).toBe(200)
    const row = card.$('[data-indicator="CSC-01"]')
    expect(row.find('[data-latest]').text()).toBe('75.0% (provisional)')
    expect(row.find('[data-rag]').text().trim()).toBe('Red')
    expect(row.find('svg[role="img"]').attr('aria-label')).toContain('75%')
    // The whole partnership's rate comes from the districts' counts over their population:
    // (300 + 50) / (20,000 + 5,000) × 10,000 = 140.0 — not the average of 150.0 and 100.0.
    expect(card.$('[data-indicator="CSC-02"] [data-latest]').text()).toBe('140.0')
    const drill = await client.get(
      performancePaths.indicator({ indicatorId: districtRate }, { month: '2026-03' }),
    )
    const byArea = drill
      .$('[data-by-area] tbody tr')
      .toArray()
      .map((tr) => drill.$(tr).text().replace(/\s+/g, ' ').trim())
    expect(byArea).toEqual([
      'Ashdown Vale 300 20000 150.0 Final High',
      "St Mary's Ward 50 5000 100.0 Final High",
    ])
    expect(drill.$('svg.app-chart--bar').attr('aria-label')).toContain('highest Ashdown Vale 150')
  })

  it('keeps the earlier value and who gave it when a value is revised', async () => {
    const client = await app.clientAs(manager)
    const checked = await upload(
      client,
      `${header}\nCSC-01,,2026-03,,80,100,,final,high,Validated\n`,
    )
    const preview = await client.get(checked.location ?? '')
    expect(preview.$('[data-change="update"]').text()).toContain('75.0%')
    await client.post(preview.$('form[action$="/confirm"]').attr('action') ?? '', {})
    expect(await count('perf_value_revision')).toBe(1)
    const page = await client.get(
      performancePaths.indicator({ indicatorId: assessments }, { month: '2026-03' }),
    )
    expect(page.$('[data-latest]').text()).toBe('80.0%')
    const revision = page.$('[data-revisions] tbody tr').first().text()
    expect(revision).toContain('75.0% (provisional)')
    expect(revision).toContain("Zoë O'Brien")
  })

  it('warns before a file replaces final figures with provisional ones, or newer ones with older', async () => {
    const client = await app.clientAs(manager)
    const checked = await upload(
      client,
      `${header}\nCSC-01,,2026-03,,81,100,,provisional,high,\nPOL-01,,2026-03,,30,,,final,high,\n`,
    )
    expect(checked.status).toBe(303)
    // After the file was uploaded, a newer POL-01 figure for March arrives through the form.
    clock.advance(60_000)
    const newer = await client.submit(performancePaths.enterValue({ indicatorId: missing }), {
      period: '2026-03',
      numerator: '31',
      status: 'final',
      confidence: 'high',
      note: 'Checked again by Łukasz',
    })
    expect(newer.status).toBe(303)
    const preview = await client.get(checked.location ?? '')
    expect(preview.status).toBe(200)
    const warnings = preview
      .$('[data-warnings] tbody tr')
      .toArray()
      .map((tr) => preview.$(tr).text().replace(/\s+/g, ' ').trim())
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(
      /^2 ?This row replaces the final figure 80\.0% with a provisional one/,
    )
    expect(warnings[1]).toMatch(/^3 ?This row replaces a newer figure: 31 was submitted on .*2026/)
    const revisions = await count('perf_value_revision')
    const confirm = preview.$('form[action$="/confirm"]').attr('action') ?? ''
    const refused = await client.post(confirm, {})
    expect(refused.status).toBe(400)
    expect(refused.$('#acknowledgeWarnings-error').text()).toContain(
      'Confirm that you have read the warnings',
    )
    expect(await count('perf_value_revision')).toBe(revisions)
    const discarded = await client.post(
      preview.$('form[action$="/discard"]').attr('action') ?? '',
      {},
    )
    expect(discarded.status).toBe(303)
  })

  it('lets an agency lead submit only their own agency’s indicators', async () => {
    const client = await app.clientAs(policeLead)
    const page = await upload(
      client,
      `${header}\nCSC-01,,2026-03,,1,2,,final,high,\nPOL-01,,2026-02,,4,,,final,high,\n`,
    )
    expect(page.status).toBe(400)
    expect(page.$('[data-problems] tbody tr').first().text()).toContain('belongs to another agency')
    expect(await count('perf_value')).toBe(6)
    // The form and the API refuse another agency's indicator outright.
    expect(
      (await client.get(performancePaths.enterValue({ indicatorId: assessments }))).status,
    ).toBe(403)
    const own = await client.submit(performancePaths.enterValue({ indicatorId: missing }), {
      period: '2026-02',
      numerator: '4',
      status: 'final',
      confidence: 'high',
    })
    expect(own.status).toBe(303)
    expect(await count('perf_value')).toBe(7)
  })

  it('shows field errors on the value form and saves nothing', async () => {
    const client = await app.clientAs(manager)
    const page = await client.submit(performancePaths.enterValue({ indicatorId: assessments }), {
      period: '2026-02',
      numerator: '12',
      denominator: '10',
      status: 'final',
      confidence: 'high',
    })
    expect(page.status).toBe(400)
    expect(page.$('#numerator-error').text()).toContain('must not be larger than the denominator')
  })

  it('keeps partnerships apart: another partnership’s ids are not found', async () => {
    const client = await app.clientAs(manager)
    expect(
      (await client.get(performancePaths.indicator({ indicatorId: southIndicator }))).status,
    ).toBe(404)
    expect(
      (await client.get(performancePaths.enterValue({ indicatorId: southIndicator }))).status,
    ).toBe(404)
    expect((await client.get(imports.run({ importId: randomUUID() }))).status).toBe(404)
    expect(
      (await client.get(performancePaths.indicator({ indicatorId: 'not-a-uuid' }))).status,
    ).toBe(404)
  })

  it('allows each role only its pages', async () => {
    const prac = await app.clientAs(practitioner)
    expect((await prac.get(performancePaths.scorecard())).status).toBe(403)
    const member = await app.clientAs(board)
    expect((await member.get(performancePaths.scorecard())).status).toBe(200)
    expect((await member.get(performancePaths.submissions())).status).toBe(403)
    expect((await member.get(performancePaths.areas())).status).toBe(403)
    const lead = await app.clientAs(policeLead)
    expect((await lead.get(performancePaths.submissions())).status).toBe(200)
    expect((await lead.get(performancePaths.comparators())).status).toBe(403)
    expect(
      (await lead.get(performancePaths.raiseAction({ indicatorId: assessments }))).status,
    ).toBe(403)
    expect((await lead.get(performancePaths.newIndicator())).status).toBe(403)
  })

  const auditCount = async () =>
    (
      await app.services.db
        .selectFrom('audit_event')
        .select('id')
        .where('partnership_id', '=', north.id)
        .execute()
    ).length

  it('raises an action from an indicator red for two periods and lists it on the indicator', async () => {
    const client = await app.clientAs(board)
    // CSC-01: 72% (February), 80% (March), target 85 ± 5: red then amber — not yet a concern.
    const page = await client.get(performancePaths.indicator({ indicatorId: assessments }))
    expect(page.$('a[href$="/raise-action"]').length).toBe(0)
    const refused = await client.submit(
      performancePaths.raiseAction({ indicatorId: assessments }),
      {
        title: 'Recover assessment timeliness',
        ownerAgencyId: council,
        'dueDate-day': '30',
        'dueDate-month': '6',
        'dueDate-year': '2026',
      },
    )
    expect(refused.status).toBe(409)
    // The council revises March down to 70%: red for two periods.
    await service.submitValues(
      app.services,
      { scope: north.scope, systemLabel: 'test' },
      [
        {
          code: 'CSC-01',
          period: '2026-03',
          numerator: '70',
          denominator: '100',
          status: 'final',
          confidence: 'high',
        },
      ],
      'form',
    )
    const red = await client.get(performancePaths.indicator({ indicatorId: assessments }))
    expect(red.$('.govuk-warning-text').text()).toContain('Red for two periods')
    const raised = await client.submit(performancePaths.raiseAction({ indicatorId: assessments }), {
      title: 'Recover assessment timeliness',
      ownerAgencyId: council,
      'dueDate-day': '30',
      'dueDate-month': '6',
      'dueDate-year': '2026',
    })
    expect(raised.status).toBe(303)
    const listed = await client.get(performancePaths.indicator({ indicatorId: assessments }))
    expect(listed.$('[data-raised]').text()).toContain('Recover assessment timeliness')
    // Board members raise actions; risks and challenges are the business unit's to raise.
    expect(listed.$('a[href$="/raise-risk"]').length).toBe(0)
    expect(
      (await client.get(performancePaths.raiseRisk({ indicatorId: assessments }))).status,
    ).toBe(403)
    expect(
      (await client.get(performancePaths.raiseChallenge({ indicatorId: assessments }))).status,
    ).toBe(403)
    const notBoard = await client.post(performancePaths.raiseRisk({ indicatorId: assessments }), {
      title: 'Children wait for assessments',
      description: 'Vacancies in the assessment teams.',
      category: 'practice',
      likelihood: '4',
      impact: '4',
      ownerAgencyId: council,
      'reviewDate-day': '30',
      'reviewDate-month': '4',
      'reviewDate-year': '2026',
    })
    expect(notBoard.status).toBe(403)
  })

  it('raises a challenge into the challenge log, linked to the indicator, with its current status', async () => {
    const client = await app.clientAs(manager)
    const count = async (table: 'challenge' | 'perf_indicator_challenge') =>
      (
        await app.services.db
          .selectFrom(table)
          .select('partnership_id')
          .where('partnership_id', '=', north.id)
          .execute()
      ).length
    const url = performancePaths.raiseChallenge({ indicatorId: assessments })
    const bad = await client.submit(url, { raisedByAgencyId: police, subject: '' })
    expect(bad.status).toBe(400)
    expect(bad.$('.govuk-error-summary').text()).toContain('Select the agency being challenged')
    expect(bad.$('#subject-error').text()).toContain('Enter what the challenge is about')
    const same = await client.submit(url, {
      raisedByAgencyId: council,
      raisedToAgencyId: council,
      subject: 'Why are assessments late?',
      detail: 'Two red months.',
    })
    expect(same.status).toBe(400)
    expect(same.$('#raisedToAgencyId-error').text()).toContain('Select a different agency')
    expect(await count('challenge')).toBe(0)
    expect(await count('perf_indicator_challenge')).toBe(0)

    const before = await auditCount()
    const raised = await client.submit(url, {
      raisedByAgencyId: police,
      raisedToAgencyId: council,
      subject: 'Why are assessments late?',
      detail: 'Two red months in a row; what is the recovery plan?',
    })
    expect(raised.status).toBe(303)
    expect(await count('challenge')).toBe(1)
    expect(await count('perf_indicator_challenge')).toBe(1)
    // The challenge's own entry and the link's.
    expect((await auditCount()) - before).toBe(2)
    const listed = await client.get(performancePaths.indicator({ indicatorId: assessments }))
    const row = listed.$('[data-raised] tr:contains("Why are assessments late?")')
    expect(row.text()).toContain('C-001')
    expect(row.text()).toContain('Open')
    // The status shown is the challenge log's current one.
    await app.services.db
      .updateTable('challenge')
      .set({ status: 'escalated' })
      .where('partnership_id', '=', north.id)
      .execute()
    const again = await client.get(performancePaths.indicator({ indicatorId: assessments }))
    expect(again.$('[data-raised] tr:contains("Why are assessments late?")').text()).toContain(
      'Escalated',
    )
  })

  it('raises a risk into the register, linked to the indicator, in one audited change', async () => {
    const client = await app.clientAs(manager)
    const url = performancePaths.raiseRisk({ indicatorId: assessments })
    const risks = async () =>
      app.services.db
        .selectFrom('risk')
        .select(['id', 'likelihood', 'impact'])
        .where('partnership_id', '=', north.id)
        .execute()
    const bad = await client.submit(url, { title: 'Children wait', likelihood: '6' })
    expect(bad.status).toBe(400)
    expect(bad.$('#likelihood-error').text()).toContain('Select how likely the risk is')
    expect(bad.$('.govuk-error-summary').text()).toContain('Enter the review date')
    expect(await risks()).toEqual([])

    const before = await auditCount()
    const raised = await client.submit(url, {
      title: 'Children wait for assessments and risks escalate',
      description: 'Vacancies in the assessment teams; referrals up by a fifth.',
      category: 'practice',
      likelihood: '4',
      impact: '5',
      ownerAgencyId: council,
      'reviewDate-day': '30',
      'reviewDate-month': '4',
      'reviewDate-year': '2026',
    })
    expect(raised.status).toBe(303)
    const [risk] = await risks()
    expect(risk).toMatchObject({ likelihood: 4, impact: 5 })
    const links = await app.services.db
      .selectFrom('risk_indicator')
      .select('indicator_id')
      .where('partnership_id', '=', north.id)
      .execute()
    expect(links).toEqual([{ indicator_id: assessments }])
    expect((await auditCount()) - before).toBe(1)
    const listed = await client.get(performancePaths.indicator({ indicatorId: assessments }))
    const row = listed.$('[data-raised] tr:contains("Children wait for assessments")')
    expect(row.text()).toContain('R-001')
    expect(row.text()).toContain('20 High')
  })

  it('imports comparators and population with row and column errors', async () => {
    const client = await app.clientAs(manager)
    await client.get(performancePaths.comparators())
    const bad = multipartBody({
      fields: { _csrf: client.csrfToken ?? '' },
      files: [
        {
          field: 'file',
          filename: 'c.csv',
          contentType: 'text/csv',
          data: Buffer.from(
            'Indicator code,Year,Type,Name,Value\nCSC-01,2025,Galaxy,Far away,3\nCSC-01,2025,England,,x\n',
          ),
        },
      ],
    })
    const page = await client.request('POST', performancePaths.comparators(), bad.body, {
      'content-type': bad.contentType,
    })
    expect(page.status).toBe(400)
    expect(page.$('[data-problems]').text()).toContain(
      'Type must be England, Region or Statistical neighbour',
    )
    expect(page.$('[data-problem-row="3"]').text()).toContain('Value must be a number')
    const good = multipartBody({
      fields: { _csrf: client.csrfToken ?? '' },
      files: [
        {
          field: 'file',
          filename: 'c.csv',
          contentType: 'text/csv',
          data: Buffer.from(
            'Indicator code,Year,Type,Name,Value\nCSC-01,2026,England,,84.1\nCSC-01,2026,Statistical neighbour,Westmere,90\nCSC-01,2026,Statistical neighbour,Eastvale,60\nCSC-01,2026,Region,North West,81\n',
          ),
        },
      ],
    })
    expect(
      (
        await client.request('POST', performancePaths.comparators(), good.body, {
          'content-type': good.contentType,
        })
      ).status,
    ).toBe(200)
    const card = await client.get(performancePaths.scorecard(undefined, { month: '2026-03' }))
    expect(card.$('[data-indicator="CSC-01"]').text()).toContain(
      '2nd of 3 with statistical neighbours',
    )
  })

  it('exports the scorecard and the data', async () => {
    const client = await app.clientAs(board)
    const xlsx = await client.get(performancePaths.exportXlsx(undefined, { month: '2026-03' }))
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    const docx = await client.get(performancePaths.exportDocx(undefined, { month: '2026-03' }))
    expect(docx.headers['content-type']).toContain('wordprocessingml')
    const csv = await client.get(performancePaths.exportCsv())
    expect(csv.body).toContain('CSC-02')
    expect(csv.body).toContain("St Mary's Ward")
    const template = await (
      await app.clientAs(policeLead)
    ).get(imports.templateCsv(undefined, { month: '2026-03' }))
    expect(template.body).toContain('POL-01,Missing episodes,2026-03,,31')
    expect(template.body).not.toContain('CSC-01')
  })

  it('takes values through the API, with the same checks', async () => {
    const { token, hash, displayPrefix } = newApiToken()
    await app.services.db
      .insertInto('api_token')
      .values({
        partnership_id: north.id,
        user_id: policeLead.id,
        name: 'Police system',
        token_hash: hash,
        token_prefix: displayPrefix,
        permissions: ['performance.submit', 'performance.read'],
        created_at: new Date(),
        created_by: policeLead.id,
      })
      .execute()
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const bad = await app
      .client()
      .request(
        'POST',
        performancePaths.apiSubmissions(),
        JSON.stringify({ values: [{ indicatorCode: 'POL-01', period: 'March', numerator: 3 }] }),
        auth,
      )
    expect(bad.status).toBe(400)
    expect(
      bad.json<{ error: { details: { fields: { field: string }[] } } }>().error.details.fields[0]
        ?.field,
    ).toBe('values.0.period')
    // A batch with another agency's indicator: that value and the other values' problems
    // together, in one 400, and nothing saved.
    const before = await count('perf_value')
    const other = await app.client().request(
      'POST',
      performancePaths.apiSubmissions(),
      JSON.stringify({
        values: [
          { indicatorCode: 'POL-01', period: '2026-01', numerator: 12 },
          { indicatorCode: 'CSC-01', period: '2026-03', numerator: 3, denominator: 4 },
          { indicatorCode: 'POL-01', period: 'March', numerator: 3 },
        ],
      }),
      auth,
    )
    expect(other.status).toBe(400)
    const fields = other.json<{
      error: { details: { fields: { field: string; message: string }[] } }
    }>().error.details.fields
    expect(fields.map((f) => f.field)).toEqual(['values.1.indicatorCode', 'values.2.period'])
    expect(fields[0]?.message).toContain('CSC-01 belongs to another agency')
    expect(await count('perf_value')).toBe(before)
    const good = await app.client().request(
      'POST',
      performancePaths.apiSubmissions(),
      JSON.stringify({
        values: [{ indicatorCode: 'POL-01', period: '2026-01', numerator: 12, status: 'final' }],
      }),
      auth,
    )
    expect(good.status).toBe(201)
    expect(good.json()).toEqual({ created: 1, revised: 0, unchanged: 0 })
    const values = await app
      .client()
      .request('GET', performancePaths.apiIndicatorValues({ indicatorId: missing }), undefined, {
        authorization: `Bearer ${token}`,
      })
    expect(values.json<{ values: unknown[] }>().values.length).toBe(3)
  })

  it('lists late and missing submissions and reminds the agency once', async () => {
    const client = await app.clientAs(policeLead)
    const page = await client.get(performancePaths.submissions())
    // POL-01 for December 2025 was due on 15 January 2026 and never sent.
    expect(page.$('[data-outstanding]').text()).toContain('December 2025')
    const sent = await service.sendReminders(app.services)
    expect(sent).toBeGreaterThan(0)
    expect(await service.sendReminders(app.services)).toBe(0)
  })

  it('starts a new version when the definition changes, and marks the break', async () => {
    const client = await app.clientAs(manager)
    const form = await client.get(performancePaths.editIndicator({ indicatorId: assessments }))
    const values: Record<string, string> = {}
    form.$('form input[name], form textarea[name]').each((_, el) => {
      const name = form.$(el).attr('name') ?? ''
      const type = form.$(el).attr('type')
      if (type === 'radio' && form.$(el).attr('checked') === undefined) return
      if (name !== '_csrf') values[name] = form.$(el).val()?.toString() ?? ''
    })
    values.ownerAgencyId = council
    values.definition =
      'Assessments completed within 45 working days of referral, excluding transfers in.'
    const missingPeriod = await client.post(
      performancePaths.editIndicator({ indicatorId: assessments }),
      values,
    )
    expect(missingPeriod.status).toBe(400)
    expect(missingPeriod.$('#effectiveFrom-error').text()).toContain('Enter the period')
    const saved = await client.post(performancePaths.editIndicator({ indicatorId: assessments }), {
      ...values,
      effectiveFrom: '2026-03',
      reason: 'Transfers in are now excluded',
    })
    expect(saved.status).toBe(303)
    const card = await client.get(performancePaths.scorecard(undefined, { month: '2026-03' }))
    expect(card.$('[data-indicator="CSC-01"]').text()).toContain('Break in the series')
  })
})
