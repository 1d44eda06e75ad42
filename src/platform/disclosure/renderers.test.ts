// The same published table as a page, CSV, XLSX, DOCX and JSON: each shows the hidden figures as
// their symbols, the rest as numbers, and carries the notes.
import { describe, expect, it } from 'vitest'
import * as cheerio from 'cheerio'
import ExcelJS from 'exceljs'
import Fastify from 'fastify'
import fastifySwagger from '@fastify/swagger'
import JSZip from 'jszip'
import { parse } from 'csv-parse/sync'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { apiPublishedTable } from './api.ts'
import { createViewEngine } from '../http/views.ts'
import { disclosureTableCsv, disclosureTableDocx, disclosureTablesXlsx } from './files.ts'
import { presentDisclosureTable } from './html.ts'
import { exactFigures, publishable, type TableForDisplay } from './publish.ts'
import { defaultDisclosureSettings } from './settings.ts'
import { countTable } from './table.ts'

// Categories × years, where the 3 in the second row would otherwise be 24 − 10 − 11.
const table = countTable({
  title: 'Child deaths reviewed, by category and year of death',
  rowHeading: 'Category',
  rows: ['Trauma and other external factors', 'Malignancy', "Infection (O'Brien review)"],
  columns: ['2021', '2022', '2023'],
  cells: [
    [12, 9, 15],
    [3, 10, 11],
    [8, 7, 9],
  ],
})
const published = publishable(table, defaultDisclosureSettings)
const expectedGrid = [
  ['Category', '2021', '2022', '2023', 'Total'],
  ['Trauma and other external factors', '12', '9', '15', '36'],
  ['Malignancy', '<5', '[c]', '11', '24'],
  ["Infection (O'Brien review)", '[c]', '[c]', '9', '24'],
  ['Total', '23', '26', '35', '84'],
]

// The app's own view engine, with its search path and shared macros.
const views = createViewEngine()
const renderHtml = (t: TableForDisplay): cheerio.CheerioAPI =>
  cheerio.load(
    views.renderString(
      '{% from "disclosure/disclosure-table.njk" import disclosureTable %}{{ disclosureTable(t) }}',
      { t: presentDisclosureTable(t) },
    ),
  )

describe('renderers', () => {
  it('renders a GOV.UK table with row headers, symbols explained to screen readers, and the notes', () => {
    const $ = renderHtml(published)
    expect($('table.govuk-table caption').text().trim()).toBe(published.title)
    expect(
      $('thead th')
        .map((_, th) => $(th).text())
        .get(),
    ).toEqual(expectedGrid[0])
    const rows = $('tbody tr')
      .toArray()
      .map((tr) =>
        $(tr)
          .children('th, td')
          .toArray()
          .map((c) => $(c).find('[aria-hidden]').text() || $(c).text().trim()),
      )
    expect(rows).toEqual(expectedGrid.slice(1))
    expect($('tbody th[scope=row]')).toHaveLength(4)
    const hiddenCell = $('tbody tr').eq(1).find('td').eq(0)
    expect(hiddenCell.find('.govuk-visually-hidden').text()).toBe('a number from 1 to 4')
    expect($('tbody tr').eq(1).find('td').eq(1).find('.govuk-visually-hidden').text()).toBe(
      'hidden so that a small number cannot be worked out',
    )
    expect($('[role=region][tabindex=0]').attr('aria-label')).toBe(published.title)
    expect(
      $('p.govuk-body-s')
        .map((_, p) => $(p).text())
        .get(),
    ).toEqual(published.notes)
    // The owning team's page says its figures are exact; a published one does not.
    expect($('.govuk-tag').length).toBe(0)
    const exact = renderHtml(exactFigures(table))
    expect(exact('.govuk-tag').text()).toBe('Exact figures')
    expect(exact('tbody tr').eq(1).find('td').eq(0).text().trim()).toBe('3')
  })

  it('renders a withheld table as its title and the reason, with no figures', () => {
    const tiny = countTable({
      title: 'Too few to publish',
      rowHeading: 'Age',
      rows: ['Under 1', '1 to 4'],
      columns: ['Boys', 'Girls'],
      cells: [
        [1, 1],
        [1, 1],
      ],
    })
    const $ = renderHtml(publishable(tiny, defaultDisclosureSettings))
    expect($('table')).toHaveLength(0)
    expect($('h2').text()).toBe('Too few to publish')
    expect($('.govuk-inset-text').text()).toContain('not published')
  })

  it('writes CSV with numbers, symbols and then the notes', () => {
    const csv = disclosureTableCsv(published)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const records: string[][] = parse(csv.slice(1), { relax_column_count: true })
    expect(records.slice(0, 5)).toEqual(expectedGrid)
    expect(records[5]!.every((v) => v === '')).toBe(true)
    expect(records.slice(6).map((r) => r[0])).toEqual(published.notes)
  })

  it('writes XLSX with shown figures as numbers, hidden ones as text, and a Notes sheet', async () => {
    const buffer = await disclosureTablesXlsx('Child deaths', [published])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Child deaths reviewed, category',
      'Notes',
    ])
    const ws = workbook.worksheets[0]!
    expect(ws.getRow(1).values).toEqual([undefined, ...expectedGrid[0]!])
    expect(ws.getRow(2).values).toEqual([
      undefined,
      'Trauma and other external factors',
      12,
      9,
      15,
      36,
    ])
    expect(ws.getRow(3).values).toEqual([undefined, 'Malignancy', '<5', '[c]', 11, 24])
    expect(ws.getRow(5).values).toEqual([undefined, 'Total', 23, 26, 35, 84])
    const notes = workbook.worksheets[1]!
    expect(notes.getColumn(1).values.slice(1)).toEqual(published.notes)
  })

  it('writes DOCX with the table and the notes', async () => {
    const zip = await JSZip.loadAsync(await disclosureTableDocx(published))
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    const text = xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&apos;/g, "'")
    const lines = text.split('\n')
    expect(lines[0]).toBe(published.title)
    // The table's cells, row by row, each a paragraph of its own.
    expect(lines.slice(1, 26)).toEqual(expectedGrid.flat())
    for (const note of published.notes) expect(lines).toContain(note)
  })

  it('sends JSON through an /api/v1 route whose response schema is in the OpenAPI document', async () => {
    const app = Fastify()
    app.setValidatorCompiler(validatorCompiler)
    app.setSerializerCompiler(serializerCompiler)
    await app.register(fastifySwagger, {
      openapi: { info: { title: 'Test', version: '1' } },
      transform: jsonSchemaTransform,
    })
    app
      .withTypeProvider<ZodTypeProvider>()
      .get(
        '/api/v1/tables/deaths',
        { schema: { response: { 200: apiPublishedTable } } },
        async () => published,
      )
    await app.ready()
    const response = await app.inject({ method: 'GET', url: '/api/v1/tables/deaths' })
    expect(response.statusCode).toBe(200)
    const body = apiPublishedTable.parse(response.json())
    expect(body.rows[1]!.figures.map((f) => f.text)).toEqual(['<5', '[c]', '11'])
    expect(body.rows[1]!.figures[0]).toEqual({ value: null, text: '<5', hidden: 'primary' })
    expect(body.totals!.total).toEqual({ value: 84, text: '84', hidden: null })
    expect(body.notes).toEqual(published.notes)
    const doc = app.swagger() as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>
    }
    const schema = JSON.stringify(doc.paths['/api/v1/tables/deaths']?.get.responses['200'])
    expect(schema).toContain('"audience"')
    expect(schema).toContain('"withheld"')

    // An exact table does not pass a published endpoint's response schema.
    expect(apiPublishedTable.safeParse(exactFigures(table)).success).toBe(false)
    await app.close()
  })
})
