// The import kit through HTTP, with a fictional import of partner agencies (name, type, short
// name; matched on the name): a file with problems on several rows is refused whole, listing every
// problem by row and column; a clean file is previewed, then applied in one transaction; the same
// file imported twice changes nothing; a filled-in template (CSV and XLSX) passes; the log and the
// audit trail record each import; the API answers in JSON.
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { TestClient } from '../../../test/support/client.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { multipartBody } from '../../../test/support/multipart.ts'
import { agencyTypes, type AgencyType } from '../db/tables.ts'
import { provide } from '../extensions.ts'
import { newApiToken } from '../identity/api-tokens.ts'
import type { AppModule } from '../module.ts'
import { defineImport, importDefinitions, type Classified } from './definition.ts'
import { importLogPath, importPaths } from './paths.ts'
import { importTemplateXlsx } from './template.ts'

interface AgencyRow {
  readonly name: string
  readonly type: AgencyType
  readonly shortName: string | null
}

const PERMISSION = 'import_test.agencies'

async function stored(
  db: TestApp['services']['db'],
  partnershipId: string,
  names: readonly string[],
) {
  if (names.length === 0) return new Map<string, { type: string; short: string | null }>()
  const rows = await db
    .selectFrom('agency')
    .select(['name', 'type', 'short_name'])
    .where('partnership_id', '=', partnershipId)
    .where(
      sql<string>`lower(name)`,
      'in',
      names.map((n) => n.toLowerCase()),
    )
    .execute()
  return new Map(rows.map((r) => [r.name.toLowerCase(), { type: r.type, short: r.short_name }]))
}

/** The fictional import: a stand-in for a module's (it writes through "its service" here). */
const agencyImport = defineImport<AgencyRow, undefined, 'name' | 'type' | 'shortName'>({
  key: 'test-agencies',
  title: 'Partner agencies',
  description: 'The partnership’s agencies, one a row.',
  permission: PERMISSION,
  columns: [
    {
      key: 'name',
      name: 'Name',
      description: 'The agency’s full name.',
      example: 'Northshire Police',
      required: true,
      schema: z.string().max(100, 'Name must be 100 characters or fewer'),
    },
    {
      key: 'type',
      name: 'Type',
      description: `One of: ${agencyTypes.join(', ')}.`,
      example: 'police',
      required: true,
      schema: z.enum(agencyTypes, { error: `Type must be one of ${agencyTypes.join(', ')}` }),
    },
    {
      key: 'shortName',
      name: 'Short name',
      description: 'How narrow report columns name it.',
      example: 'Police',
      optionalInFile: true,
      schema: z.string().max(20, 'Short name must be 20 characters or fewer'),
    },
  ],
  naturalKey: { columns: ['name'], of: (row) => row.name.toLowerCase() },
  check: (values) => ({
    ok: true,
    row: {
      name: String(values.name),
      type: values.type as AgencyType,
      shortName: (values.shortName as string | undefined) ?? null,
    },
  }),
  classify: async (ctx, rows) => {
    const current = await stored(
      ctx.db,
      ctx.scope.partnershipId,
      rows.map((r) => r.name),
    )
    return rows.map((r): Classified => {
      const c = current.get(r.name.toLowerCase())
      if (c === undefined) return 'create'
      if (c.type === r.type && c.short === r.shortName) return 'unchanged'
      // Dropping a stored short name may break reports: a warning to acknowledge.
      return c.short !== null && r.shortName === null
        ? { change: 'update', warning: `This removes the short name “${c.short}”` }
        : 'update'
    })
  },
  describe: (row) => ({ name: row.name, type: row.type, shortName: row.shortName ?? '' }),
  apply: async (ctx, rows) => {
    const current = await stored(
      ctx.db,
      ctx.scope.partnershipId,
      rows.map((r) => r.name),
    )
    let created = 0
    let updated = 0
    for (const r of rows) {
      const c = current.get(r.name.toLowerCase())
      if (c === undefined) {
        await ctx.db
          .insertInto('agency')
          .values({
            partnership_id: ctx.scope.partnershipId,
            name: r.name,
            type: r.type,
            short_name: r.shortName,
          })
          .execute()
        created += 1
      } else if (c.type !== r.type || c.short !== r.shortName) {
        await ctx.db
          .updateTable('agency')
          .set({ type: r.type, short_name: r.shortName })
          .where('partnership_id', '=', ctx.scope.partnershipId)
          .where(sql<string>`lower(name)`, '=', r.name.toLowerCase())
          .execute()
        updated += 1
      }
    }
    return { created, updated, unchanged: rows.length - created - updated }
  },
  guidance: ['Agencies are matched on their name, ignoring capitals.'],
})

const testModule: AppModule = {
  name: 'import-test',
  provides: [provide(importDefinitions, agencyImport)],
  permissions: {
    [PERMISSION]: {
      description: 'Import agencies (test)',
      grants: { business_unit: 'all', agency_lead: 'own_agency' },
    },
  },
}

const paths = importPaths('test-agencies')

describe('the import kit', () => {
  let app: TestApp
  let north: TestPartnership
  let manager: TestUser
  let practitioner: TestUser

  const agencies = async () =>
    (
      await app.services.db
        .selectFrom('agency')
        .select(['name', 'type', 'short_name'])
        .where('partnership_id', '=', north.id)
        .orderBy('name')
        .execute()
    ).map((a) => `${a.name}|${a.type}|${a.short_name ?? ''}`)

  const upload = async (
    client: TestClient,
    data: Buffer | string,
    filename = 'agencies.csv',
    contentType = 'text/csv',
  ) => {
    const page = await client.get(paths.upload())
    expect(page.status).toBe(200)
    const { body, contentType: type } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '' },
      files: [
        {
          field: 'file',
          filename,
          contentType,
          data: typeof data === 'string' ? Buffer.from(data) : data,
        },
      ],
    })
    return client.request('POST', paths.upload(), body, { 'content-type': type })
  }

  const problemsOn = (page: Awaited<ReturnType<TestClient['get']>>) =>
    page
      .$('[data-problems] tbody tr')
      .toArray()
      .map((tr) =>
        page
          .$(tr)
          .find('td')
          .toArray()
          .map((td) => page.$(td).text().trim()),
      )

  /** Uploads, previews and confirms; returns the preview's counts and the done page. */
  const importFile = async (client: TestClient, data: Buffer | string, filename?: string) => {
    const checked = await upload(client, data, filename)
    expect(checked.status).toBe(303)
    const preview = await client.get(checked.location ?? '')
    expect(preview.status).toBe(200)
    const counts = preview
      .$('[data-counts] .govuk-summary-list__row')
      .toArray()
      .map((r) => preview.$(r).text().replace(/\s+/g, ' ').trim())
    const confirm = preview.$('form[action$="/confirm"]').attr('action') ?? ''
    const done = await client.post(confirm, {})
    expect(done.status).toBe(303)
    return { counts, preview, confirm, done: await client.get(done.location ?? '') }
  }

  beforeAll(async () => {
    app = await buildTestApp({ modules: [testModule] })
    north = await createPartnership(app.services.db)
    manager = await createUser(app.services.db, north, { roles: ['business_unit'] })
    practitioner = await createUser(app.services.db, north, { roles: ['practitioner'] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('refuses a file with problems on several rows whole, listing each by row and column', async () => {
    const client = await app.clientAs(manager)
    const csv = [
      'Short name,Type,Name', // columns in another order: letters follow the file
      'Police,police,Northshire Police', // 2: fine
      'ICB,health,Northshire ICB', // 3: bad type
      ',education,', // 4: no name
      'A name far too long to be short,other,Łukasz’s Club', // 5: short name too long
      'Police again,police,northshire police', // 6: repeats row 2
      '', // 7: empty, left out
      "O'Brien,fire,", // 8: no name
    ].join('\n')
    const page = await upload(client, csv)
    expect(page.status).toBe(400)
    const summary = page.$('.govuk-error-summary').text()
    expect(summary).toContain('5 problems: nothing has been saved')
    expect(summary).toContain('Row 3, column B (Type)')
    expect(problemsOn(page)).toEqual([
      ['3', 'B (Type)', `Type must be one of ${agencyTypes.join(', ')}`],
      ['4', 'C (Name)', 'Enter the name'],
      ['5', 'A (Short name)', 'Short name must be 20 characters or fewer'],
      ['6', 'C (Name)', 'This row repeats row 2 (same name)'],
      ['8', 'C (Name)', 'Enter the name'],
    ])
    expect(await agencies()).toEqual([])
    const runs = await app.services.db
      .selectFrom('import_run')
      .select('id')
      .where('partnership_id', '=', north.id)
      .execute()
    expect(runs).toEqual([])
  })

  it('says what is wrong with a file it cannot use', async () => {
    const client = await app.clientAs(manager)
    const noHeader = await upload(client, 'Title,Kind\nA,b\n')
    expect(noHeader.status).toBe(400)
    expect(noHeader.$('#file-error').text()).toContain('it has no Name, Type column')
    const pdf = await upload(client, Buffer.from('%PDF-1.4 not a spreadsheet'), 'x.csv')
    expect(pdf.$('#file-error').text()).toContain('must be a CSV or an Excel (XLSX) file')
    const empty = await upload(client, 'Name,Type\n\n\n')
    expect(empty.$('#file-error').text()).toContain('has no rows filled in')
  })

  it('previews, applies only when confirmed, and changes nothing when the same file comes again', async () => {
    const client = await app.clientAs(manager)
    const csv =
      'Name,Type,Short name\nNorthshire Police,police,Police\nZoë’s Family Hub,voluntary_community,\n'
    const checked = await upload(client, csv)
    expect(checked.status).toBe(303)
    expect(await agencies()).toEqual([]) // checked, not saved
    const first = await importFile(client, csv)
    expect(first.counts).toEqual([
      'File agencies.csv',
      'Rows 2',
      'New records 2',
      'Changed records 0',
      'Unchanged 0',
    ])
    expect(first.preview.$('[data-change="create"]').length).toBe(2)
    expect(first.done.$('.govuk-panel').text()).toContain('2 created, 0 updated, 0 unchanged')
    const after = await agencies()
    expect(after).toEqual([
      'Northshire Police|police|Police',
      'Zoë’s Family Hub|voluntary_community|',
    ])
    // Confirming again is refused; the earlier upload (never confirmed) can still be discarded.
    expect((await client.post(first.confirm, {})).status).toBe(409)

    const second = await importFile(client, csv)
    expect(second.counts).toContain('Unchanged 2')
    expect(second.preview.$('.govuk-inset-text').text()).toContain('This same file was imported')
    expect(second.done.$('.govuk-panel').text()).toContain('0 created, 0 updated, 2 unchanged')
    expect(await agencies()).toEqual(after)

    const changed = await importFile(
      client,
      'Name,Type,Short name\nnorthshire police,police,NP\nZoë’s Family Hub,voluntary_community,\n',
    )
    expect(changed.counts).toContain('Changed records 1')
    expect(changed.preview.$('[data-change="update"]').text()).toContain('NP')
    expect(await agencies()).toEqual([
      'Northshire Police|police|NP',
      'Zoë’s Family Hub|voluntary_community|',
    ])

    // The log lists every import with its hash and counts; the audit trail has each one.
    const log = await client.get(importLogPath())
    expect(log.status).toBe(200)
    const runs = log.$('[data-runs] tbody tr')
    expect(runs.length).toBe(4)
    expect(runs.first().text()).toContain('Imported')
    const audited = await app.services.db
      .selectFrom('audit_event')
      .select(['action', 'changes'])
      .where('partnership_id', '=', north.id)
      .where('record_type', '=', 'import_run')
      .where('action', '=', 'update')
      .execute()
    expect(audited.length).toBe(3)
    expect(JSON.stringify(audited[0]?.changes)).toMatch(/"sha256":"[0-9a-f]{64}"/)
  })

  it('applies all rows or none: a row that fails at confirmation rolls back the rest', async () => {
    const client = await app.clientAs(manager)
    const rows = Array.from({ length: 1200 }, (_, i) => `Agency ${String(i)},other,`)
    const checked = await upload(client, `Name,Type\n${rows.join('\n')}\n`)
    expect(checked.status).toBe(303)
    const before = await agencies()
    // Make the third batch fail at apply: a name the database refuses (a check constraint).
    await sql`alter table agency add constraint agency_test_no_1100 check (name <> 'Agency 1100')`.execute(
      app.services.db,
    )
    try {
      const preview = await client.get(checked.location ?? '')
      const confirm = preview.$('form[action$="/confirm"]').attr('action') ?? ''
      const done = await client.post(confirm, {})
      expect(done.status).toBe(500)
    } finally {
      await sql`alter table agency drop constraint agency_test_no_1100`.execute(app.services.db)
    }
    expect(await agencies()).toEqual(before)
  })

  it('warns of rows that may do harm, lists them by row, and applies only once acknowledged', async () => {
    const client = await app.clientAs(manager)
    await importFile(
      client,
      'Name,Type,Short name\nZoë’s Youth Club,other,OBT\nŁukasz Centre,other,LC\n',
    )
    const csv = 'Name,Type,Short name\nŁukasz Centre,other,LC\nZoë’s Youth Club,other,\n'
    const checked = await upload(client, csv)
    expect(checked.status).toBe(303)
    const preview = await client.get(checked.location ?? '')
    expect(preview.status).toBe(200)
    const warnings = preview
      .$('[data-warnings] tbody tr')
      .toArray()
      .map((tr) =>
        preview
          .$(tr)
          .find('td')
          .toArray()
          .map((td) => preview.$(td).text().trim())
          .join(' '),
      )
    expect(warnings).toEqual(['3 This removes the short name “OBT”'])
    expect(preview.$('input[name="acknowledgeWarnings"]').length).toBe(1)
    const confirm = preview.$('form[action$="/confirm"]').attr('action') ?? ''
    // Without the tick: the preview again with the checkbox's error, and nothing applied.
    const refused = await client.post(confirm, {})
    expect(refused.status).toBe(400)
    expect(refused.$('#acknowledgeWarnings-error').text()).toContain(
      'Confirm that you have read the warnings',
    )
    expect(refused.$('[data-warnings]').text()).toContain('OBT')
    expect(await agencies()).toContain('Zoë’s Youth Club|other|OBT')
    const done = await client.post(confirm, { acknowledgeWarnings: 'yes' })
    expect(done.status).toBe(303)
    expect(await agencies()).toContain('Zoë’s Youth Club|other|')
  })

  it('gives templates that validate once filled in (CSV and XLSX, with a guidance sheet)', async () => {
    const client = await app.clientAs(manager)
    const csv = await client.get(paths.templateCsv())
    expect(csv.status).toBe(200)
    expect(csv.body.replace(/^\uFEFF/, '').trim()).toBe('Name,Type,Short name')
    const filled = `${csv.body}Łukasz’s Youth Club,voluntary_community,-Youth-\r\n`
    const fromCsv = await upload(client, filled, 'template.csv')
    expect(fromCsv.status).toBe(303)

    const xlsx = await client.get(paths.templateXlsx())
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    // The same workbook the route sends, read back as a person would fill it in.
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await importTemplateXlsx(agencyImport)) as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Partner agencies',
      'Guidance',
      'Notes',
    ])
    const guidance = workbook.getWorksheet('Guidance')
    expect(guidance?.getRow(2).values).toEqual([
      undefined,
      'A',
      'Name',
      'Yes',
      'The agency’s full name.',
      'Northshire Police',
    ])
    const data = workbook.worksheets[0]
    data?.addRow(['St Mary’s Surgery', 'health_provider', 'GP'])
    data?.addRow(['Ashdown Vale School', 'education', null])
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
    const fromXlsx = await upload(
      client,
      buffer,
      'template.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(fromXlsx.status).toBe(303)
    const preview = await client.get(fromXlsx.location ?? '')
    expect(
      preview
        .$('[data-change="create"]')
        .toArray()
        .map((r) => preview.$(r).find('td').eq(2).text()),
    ).toEqual(['St Mary’s Surgery', 'Ashdown Vale School'])
  })

  it('reads a large file in one streaming pass and applies it in batches', async () => {
    const client = await app.clientAs(manager)
    const rows = Array.from({ length: 5000 }, (_, i) => `Bulk agency ${String(i)},other,`)
    const result = await importFile(client, `Name,Type\n${rows.join('\n')}\n`, 'bulk.csv')
    expect(result.counts).toContain('New records 5000')
    expect(result.preview.$('[data-change="create"]').length).toBe(50) // a sample
    expect(result.done.$('.govuk-panel').text()).toContain('5000 created')
  })

  it('answers the API in JSON: 400 with every row problem, then check and confirm', async () => {
    const { token, hash, displayPrefix } = newApiToken()
    await app.services.db
      .insertInto('api_token')
      .values({
        partnership_id: north.id,
        user_id: manager.id,
        name: 'Imports',
        token_hash: hash,
        token_prefix: displayPrefix,
        permissions: [PERMISSION],
        created_at: app.services.clock.now(),
        created_by: manager.id,
      })
      .execute()
    const client = app.client()
    const send = (csv: string) => {
      const { body, contentType } = multipartBody({
        fields: {},
        files: [
          { field: 'file', filename: 'api.csv', contentType: 'text/csv', data: Buffer.from(csv) },
        ],
      })
      return client.request('POST', paths.api(), body, {
        'content-type': contentType,
        authorization: `Bearer ${token}`,
      })
    }
    const bad = await send('Name,Type\nA,nope\n,police\n')
    expect(bad.status).toBe(400)
    const error = bad.json<{
      error: { details: { problems: { row: number; letter: string; message: string }[] } }
    }>().error
    expect(error.details.problems.map((p) => [p.row, p.letter])).toEqual([
      [2, 'B'],
      [3, 'A'],
    ])
    const good = await send('Name,Type\nO’Brien Trust,voluntary_community\n')
    expect(good.status).toBe(201)
    const preview = good.json<{ importId: string; create: number }>()
    expect(preview.create).toBe(1)
    const confirmed = await client.request(
      'POST',
      paths.apiConfirm({ importId: preview.importId }),
      undefined,
      { authorization: `Bearer ${token}` },
    )
    expect(confirmed.status, confirmed.body).toBe(200)
    expect(confirmed.json()).toMatchObject({ created: 1, updated: 0, unchanged: 0 })

    // A file with warnings: listed by row in the preview; confirmed only with acknowledgeWarnings.
    const warned = await send('Name,Type\nŁukasz Centre,other\n')
    expect(warned.status).toBe(201)
    const check = warned.json<{
      importId: string
      warnings: { row: number; message: string }[]
      warningCount: number
    }>()
    expect(check.warnings).toEqual([{ row: 2, message: 'This removes the short name “LC”' }])
    expect(check.warningCount).toBe(1)
    const json = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const unacknowledged = await client.request(
      'POST',
      paths.apiConfirm({ importId: check.importId }),
      JSON.stringify({}),
      json,
    )
    expect(unacknowledged.status).toBe(400)
    expect(
      unacknowledged.json<{ error: { details: { fields: { field: string }[] } } }>().error.details
        .fields[0]?.field,
    ).toBe('acknowledgeWarnings')
    expect(await agencies()).toContain('Łukasz Centre|other|LC')
    const acknowledgedConfirm = await client.request(
      'POST',
      paths.apiConfirm({ importId: check.importId }),
      JSON.stringify({ acknowledgeWarnings: true }),
      json,
    )
    expect(acknowledgedConfirm.status, acknowledgedConfirm.body).toBe(200)
    expect(await agencies()).toContain('Łukasz Centre|other|')
  })

  it('lets only those with the import’s permission reach it, and only their own uploads', async () => {
    const prac = await app.clientAs(practitioner)
    expect((await prac.get(paths.upload())).status).toBe(403)
    expect((await prac.get(paths.templateCsv())).status).toBe(403)
    const log = await prac.get(importLogPath())
    expect(log.status).toBe(200)
    expect(log.$('[data-runs-none]').length).toBe(1)
    const other = await createUser(app.services.db, north, { roles: ['business_unit'] })
    const mine = await upload(await app.clientAs(manager), 'Name,Type\nX,other\n')
    const theirs = await app.clientAs(other)
    expect((await theirs.get(mine.location ?? '')).status).toBe(404)
    // Someone whose grant reaches only their own agency sees only their own imports in the log.
    const lead = await createUser(app.services.db, north, {
      roles: ['agency_lead'],
      agencyId: await createAgency(app.services.db, north),
    })
    const leadClient = await app.clientAs(lead)
    expect((await upload(leadClient, 'Name,Type\nY,other\n')).status).toBe(303)
    const leadLog = await leadClient.get(importLogPath())
    expect(leadLog.$('[data-runs] tbody tr').length).toBe(1)
    const managerLog = await (await app.clientAs(manager)).get(importLogPath())
    expect(managerLog.$('[data-runs] tbody tr').length).toBeGreaterThan(1)
  })
})
