// The scorecard's filter form, the drill-down's data table, the exports (the workbook's sheets and
// definitions, the board paper's charts), the XLSX template round trip and the population import's
// errors, through HTTP.
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import type { Page, TestClient } from '../../../test/support/client.ts'
import { multipartBody } from '../../../test/support/multipart.ts'
import { FakeClock } from '../../platform/clock.ts'
import { actionPaths } from '../actions/index.ts'
import { importPaths } from '../../platform/imports/index.ts'
import { performancePaths } from './paths.ts'
import { SUBMISSION_IMPORT } from './submission-import.ts'
import type { IndicatorFields } from './repository.ts'
import * as service from './service.ts'

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

/** The indicator codes a scorecard page shows. */
const codesOn = (page: Page) =>
  page
    .$('[data-indicator]')
    .toArray()
    .map((el) => page.$(el).attr('data-indicator'))

describe('performance scorecard filters, drill-down, exports and imports', () => {
  let app: TestApp
  let north: TestPartnership
  let police: string
  let council: string
  let manager: TestUser
  let policeLead: TestUser
  let board: TestUser
  let assessments: string
  let districtRate: string

  /** Submits the scorecard's filter form as a browser does: every field, changed as given. */
  const filter = async (client: TestClient, changes: Record<string, string>) => {
    const page = await client.get(performancePaths.scorecard())
    const form = page.$('form.app-filter')
    const params = new URLSearchParams()
    form.find('select[name]').each((_, el) => {
      const select = page.$(el)
      const name = select.attr('name') ?? ''
      const chosen = select.find('option[selected]').first()
      const value = chosen.length > 0 ? chosen.attr('value') : select.find('option').first().val()
      params.set(name, changes[name] ?? String(value ?? ''))
    })
    return client.get(`${form.attr('action') ?? ''}?${params.toString()}`)
  }

  /** A download's bytes (the test client reads bodies as text). */
  const download = async (client: TestClient, url: string) => {
    const response = await app.server.inject({
      method: 'GET',
      url,
      headers: {
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    expect(response.statusCode).toBe(200)
    return response.rawPayload
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-04-20T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    council = await createAgency(db, north, {
      name: "Northshire Children's Services",
      type: 'local_authority',
    })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    board = await createUser(db, north, { roles: ['board_member'], agencyId: police })
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
    await service.createIndicator(
      app.services,
      system,
      indicator({
        code: 'POL-01',
        ownerAgencyId: police,
        unit: 'count',
        polarity: 'none',
        target: null,
        tolerance: null,
        measure: 'snapshot',
        priority: 'Exploitation',
        subGroup: 'Missing and exploited children',
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
        tolerance: null,
        byArea: true,
        priority: 'Neglect and children exposed to domestic abuse',
        title: 'Children in need rate',
      }),
    )
    const pop = 'Area,Year,Population\nAshdown Vale,2026,20000\n"St Mary\'s Ward",2026,5000\n'
    expect(await service.importPopulation(app.services, system, Buffer.from(pop))).toEqual({
      ok: true,
      count: 2,
    })
    const row = (code: string, period: string, rest: Record<string, string>) => ({
      code,
      period,
      status: 'final',
      confidence: 'high',
      ...rest,
    })
    const saved = await service.submitValues(
      app.services,
      system,
      [
        row('CSC-01', '2026-01', { numerator: '70', denominator: '100' }),
        row('CSC-01', '2026-02', {
          numerator: '72',
          denominator: '100',
          confidence: 'medium',
          note: 'Two teams’ records were migrated late',
        }),
        row('CSC-01', '2026-03', { numerator: '91', denominator: '100', status: 'provisional' }),
        row('POL-01', '2026-02', { numerator: '28' }),
        row('POL-01', '2026-03', { numerator: '31' }),
        row('CSC-02', '2026-03', {
          area: 'Ashdown Vale',
          numerator: '300',
          status: 'provisional',
          confidence: 'low',
          note: 'Zoë Ćwikła’s team still validating',
        }),
        row('CSC-02', '2026-03', { area: "St Mary's Ward", numerator: '50' }),
      ],
      'form',
    )
    expect(saved.ok).toBe(true)
  })
  afterAll(async () => {
    await app.close()
  })

  it('applies each filter from the form, treating "Any …" (an empty value) as no filter', async () => {
    const client = await app.clientAs(board)
    const any = await filter(client, { month: '2026-03' })
    expect(any.status).toBe(200)
    // Every field was sent, the empty ones included.
    expect(codesOn(any).sort()).toEqual(['CSC-01', 'CSC-02', 'POL-01'])
    expect(any.$('h1').text()).toContain('March 2026')

    // "Any agency" (agency=) no longer throws the other filters away.
    const early = await filter(client, { month: '2026-03', priority: 'Early help', agency: '' })
    expect(codesOn(early)).toEqual(['CSC-01'])
    expect(early.$('select#priority option[selected]').attr('value')).toBe('Early help')

    const group = await filter(client, {
      month: '2026-03',
      subGroup: 'Missing and exploited children',
    })
    expect(codesOn(group)).toEqual(['POL-01'])
    expect(group.$('select#subGroup option[selected]').attr('value')).toBe(
      'Missing and exploited children',
    )

    const byAgency = await filter(client, { month: '2026-03', agency: council })
    expect(codesOn(byAgency).sort()).toEqual(['CSC-01', 'CSC-02'])
    expect(byAgency.$('select#agency option[selected]').text()).toBe(
      "Northshire Children's Services",
    )
    expect(byAgency.$('a[href*="scorecard.xlsx"]').attr('href')).toContain(`agency=${council}`)

    const february = await filter(client, { month: '2026-02' })
    expect(february.$('h1').text()).toContain('February 2026')
    expect(february.$('[data-indicator="CSC-01"] [data-latest]').text()).toBe('72.0%')
    expect(february.$('select#month option[selected]').attr('value')).toBe('2026-02')

    // A value that does not fit is ignored on its own: the month still applies.
    const odd = await client.get(
      `${performancePaths.scorecard()}?month=2026-02&agency=not-an-agency&priority=${encodeURIComponent('Neglect and children exposed to domestic abuse')}`,
    )
    expect(odd.status).toBe(200)
    expect(odd.$('h1').text()).toContain('February 2026')
    expect(codesOn(odd)).toEqual(['CSC-02'])
  })

  it('shows each value’s status, confidence and note in the drill-down’s tables', async () => {
    const client = await app.clientAs(board)
    const page = await client.get(
      performancePaths.indicator({ indicatorId: assessments }, { month: '2026-03' }),
    )
    expect(page.status).toBe(200)
    const headers = page
      .$('[data-long-trend] thead th')
      .toArray()
      .map((th) => page.$(th).text().trim())
    expect(headers).toEqual(['Period', 'Value', 'Status', 'Confidence', 'Note'])
    const rows = page
      .$('[data-long-trend] tbody tr')
      .toArray()
      .map((tr) =>
        page
          .$(tr)
          .find('td')
          .toArray()
          .map((td) => page.$(td).text().trim()),
      )
    expect(rows.slice(0, 3)).toEqual([
      ['March 2026', '91.0%', 'Provisional', 'High', ''],
      ['February 2026', '72.0%', 'Final', 'Medium', 'Two teams’ records were migrated late'],
      ['January 2026', '70.0%', 'Final', 'High', ''],
    ])

    const rate = await client.get(
      performancePaths.indicator({ indicatorId: districtRate }, { month: '2026-03' }),
    )
    const byArea = rate
      .$('[data-by-area] tbody tr')
      .toArray()
      .map((tr) =>
        rate
          .$(tr)
          .find('th, td')
          .toArray()
          .map((td) => rate.$(td).text().trim()),
      )
    expect(byArea).toEqual([
      [
        'Ashdown Vale',
        '300',
        '20000',
        '150.0',
        'Provisional',
        'Low',
        'Zoë Ćwikła’s team still validating',
      ],
      ["St Mary's Ward", '50', '5000', '100.0', 'Final', 'High', ''],
    ])
    // The partnership's figure is provisional while a district's is, at the lowest confidence
    // given, with the districts' notes named.
    expect(
      rate
        .$('[data-long-trend] tbody tr')
        .first()
        .find('td')
        .toArray()
        .map((td) => rate.$(td).text().trim()),
    ).toEqual([
      'March 2026',
      '140.0',
      'Provisional',
      'Low',
      'Ashdown Vale: Zoë Ćwikła’s team still validating',
    ])
  })

  it('exports the scorecard workbook with a sheet per priority and the definitions', async () => {
    const client = await app.clientAs(board)
    const data = await download(
      client,
      performancePaths.exportXlsx(undefined, { month: '2026-03' }),
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(data as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Early help',
      'Exploitation',
      // Excel's 31 characters: whole words left off the end, never cut mid-word.
      'Neglect & children exposed',
      'Definitions',
      'Notes',
    ])
    const cellsOf = (sheetName: string, rowNumber: number) => {
      const values = workbook.getWorksheet(sheetName)?.getRow(rowNumber).values
      return Array.isArray(values) ? values.slice(1) : []
    }
    expect(cellsOf('Early help', 2).slice(0, 5)).toEqual([
      'CSC-01',
      'Assessments within 45 working days',
      'March 2026',
      0.91,
      'Provisional',
    ])
    // Numbers as numbers, percentages with a percentage format, the RAG filled in its colour,
    // and the header row frozen.
    const early = workbook.getWorksheet('Early help')!
    const header = (early.getRow(1).values as unknown[]).slice(1)
    const cell = (name: string) => early.getRow(2).getCell(header.indexOf(name) + 1)
    expect(cell('Latest').type).toBe(ExcelJS.ValueType.Number)
    expect(cell('Latest').numFmt).toBe('0.0%')
    expect(cell('Target').value).toBe(0.85)
    expect(cell('Target').numFmt).toBe('0.0%')
    expect(cell('RAG').value).toBe('Green')
    expect(cell('RAG').fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFCCE2D8' } })
    expect(early.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const missing = workbook.getWorksheet('Exploitation')!
    const missingHeader = (missing.getRow(1).values as unknown[]).slice(1)
    const latest = missing.getRow(2).getCell(missingHeader.indexOf('Latest') + 1)
    expect(latest.value).toBe(31)
    expect(latest.numFmt).toBe('#,##0')
    const headers = cellsOf('Definitions', 1).map((h) => (typeof h === 'string' ? h : ''))
    const definitions = workbook.getWorksheet('Definitions')
    const rows: Record<string, unknown>[] = []
    definitions?.eachRow((row, n) => {
      if (n === 1) return
      const values = Array.isArray(row.values) ? row.values.slice(1) : []
      rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i]])))
    })
    expect(rows.find((r) => r.Code === 'CSC-01')).toMatchObject({
      Indicator: 'Assessments within 45 working days',
      Polarity: 'Higher is better',
      'Snapshot or period total': 'Period total',
      Target: 85,
      Tolerance: 5,
      Priority: 'Early help',
      'Sub-group': 'Performance sub-group',
      'Owning agency': "Northshire Children's Services",
    })
    expect(rows.find((r) => r.Code === 'POL-01')).toMatchObject({
      'Snapshot or period total': 'Snapshot',
      Polarity: 'No polarity',
      Priority: 'Exploitation',
      'Sub-group': 'Missing and exploited children',
    })
  })

  it('puts each indicator’s trend chart in the board paper as a picture with alt text', async () => {
    const client = await app.clientAs(board)
    const data = await download(
      client,
      performancePaths.exportDocx(undefined, { month: '2026-03' }),
    )
    const zip = await JSZip.loadAsync(data)
    const media = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f))
    expect(media.length).toBe(3)
    for (const file of media) {
      const png = await zip.file(file)?.async('nodebuffer')
      expect(png?.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      )
      // A chart, not a blank: wider than tall, at twice the size it is shown.
      expect(png?.readUInt32BE(16)).toBe(1200)
      expect(png?.readUInt32BE(20)).toBe(440)
    }
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    const descriptions = [...xml.matchAll(/<wp:docPr\b[^>]*\bdescr="([^"]*)"/g)].map((m) => m[1])
    expect(descriptions.length).toBe(3)
    expect(descriptions).toEqual([
      'Assessments within 45 working days, March 2025 to March 2026: from 70% in Jan 26 to 91% in Mar 26; highest 91% (Mar 26), lowest 70% (Jan 26). Target 85%.',
      'Missing episodes, March 2025 to March 2026: from 28 in Feb 26 to 31 in Mar 26; highest 31 (Mar 26), lowest 28 (Feb 26).',
      'Children in need rate, March 2025 to March 2026: 140 in Mar 26.',
    ])
    // The data table stays beside the chart.
    expect(xml).toContain('91.0%')
  })

  it('takes the XLSX template back: download, fill in with Excel, upload, preview', async () => {
    const client = await app.clientAs(policeLead)
    const data = await download(
      client,
      importPaths(SUBMISSION_IMPORT).templateXlsx(undefined, { month: '2026-03' }),
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(data as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    if (sheet === undefined) throw new Error('The template has no sheet')
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header.slice(0, 5)).toEqual([
      'Indicator code',
      'Indicator',
      'Period',
      'Area',
      'Numerator',
    ])
    // Only the police's own indicator, pre-filled with what is held.
    expect(sheet.rowCount).toBe(2)
    const row = sheet.getRow(2)
    expect(row.getCell(1).value).toBe('POL-01')
    expect(row.getCell(3).value).toBe('2026-03')
    expect(row.getCell(5).value).toBe(31)
    row.getCell(5).value = 34
    row.getCell(8).value = 'final'
    row.getCell(10).value = "Revised after O'Connor's audit"
    const filled = Buffer.from(await workbook.xlsx.writeBuffer())

    await client.get(performancePaths.submissions())
    const { body, contentType } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '' },
      files: [
        {
          field: 'file',
          filename: 'Data submission 2026-03.xlsx',
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data: filled,
        },
      ],
    })
    const checked = await client.request('POST', importPaths(SUBMISSION_IMPORT).upload(), body, {
      'content-type': contentType,
    })
    expect(checked.status).toBe(303)
    const preview = await client.get(checked.location ?? '')
    expect(preview.status).toBe(200)
    const revised = preview.$('[data-change="update"]')
    expect(revised.length).toBe(1)
    expect(revised.text()).toContain('POL-01')
    expect(revised.text()).toContain('31')
    expect(revised.text()).toContain('34')
    expect(preview.$('[data-change="create"]').length).toBe(0)
  })

  it('links an action raised from an indicator to the action’s own page', async () => {
    const system = { scope: north.scope, systemLabel: 'test' }
    // Runs last: a fourth indicator, red in February and March, from which an action is raised.
    const late = await service.createIndicator(
      app.services,
      system,
      indicator({ code: 'CSC-09', ownerAgencyId: council, title: 'Visits within 10 days' }),
    )
    const saved = await service.submitValues(
      app.services,
      system,
      ['2026-01', '2026-02', '2026-03'].map((period) => ({
        code: 'CSC-09',
        period,
        numerator: '60',
        denominator: '100',
        status: 'final',
        confidence: 'high',
      })),
      'form',
    )
    expect(saved.ok).toBe(true)
    const client = await app.clientAs(board)
    const raised = await client.submit(performancePaths.raiseAction({ indicatorId: late }), {
      title: 'Recover visit timeliness',
      ownerAgencyId: council,
      'dueDate-day': '30',
      'dueDate-month': '6',
      'dueDate-year': '2026',
    })
    expect(raised.status).toBe(303)
    const action = await app.services.db
      .selectFrom('action')
      .select('id')
      .where('partnership_id', '=', north.id)
      .where('source_id', '=', late)
      .executeTakeFirstOrThrow()
    const page = await client.get(performancePaths.indicator({ indicatorId: late }))
    const link = page
      .$('[data-raised] a')
      .filter((_, a) => page.$(a).text() === 'Recover visit timeliness')
    expect(link.attr('href')).toBe(actionPaths.action({ actionId: action.id }))
  })

  it('rejects a population file with problems, by row and column, and imports none of it', async () => {
    const client = await app.clientAs(manager)
    const before = await app.services.db
      .selectFrom('perf_population')
      .select(['area_id', 'year', 'population'])
      .where('partnership_id', '=', north.id)
      .orderBy('area_id')
      .orderBy('year')
      .execute()
    const audits = async () =>
      Number(
        (
          await app.services.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('partnership_id', '=', north.id)
            .where('record_type', '=', 'perf_population')
            .executeTakeFirstOrThrow()
        ).n,
      )
    const auditsBefore = await audits()
    await client.get(performancePaths.areas())
    const csv = [
      'Area,Year,Population',
      'Ashdown Vale,2027,21000', // 2: fine on its own
      'Llanfair Dôl,2027,4000', // 3: no such area
      "St Mary's Ward,20x7,5100", // 4: not a year
      'Ashdown Vale,2028,lots', // 5: not a number
      'Ashdown Vale,2027,21500', // 6: repeats row 2
    ].join('\n')
    const { body, contentType } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '' },
      files: [
        {
          field: 'file',
          filename: 'population.csv',
          contentType: 'text/csv',
          data: Buffer.from(csv),
        },
      ],
    })
    const page = await client.request('POST', performancePaths.population(), body, {
      'content-type': contentType,
    })
    expect(page.status).toBe(400)
    expect(page.$('.govuk-error-summary').text()).toContain('4 problems: nothing was imported')
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
      ['3', 'Area', 'There is no area called Llanfair Dôl'],
      ['4', 'Year', 'Year must be a year like 2024'],
      ['5', 'Population', 'Population must be a whole number'],
      ['6', 'Area', 'This area and year appear more than once'],
    ])
    const after = await app.services.db
      .selectFrom('perf_population')
      .select(['area_id', 'year', 'population'])
      .where('partnership_id', '=', north.id)
      .orderBy('area_id')
      .orderBy('year')
      .execute()
    expect(after).toEqual(before)
    expect(await audits()).toBe(auditsBefore)
  })
})
