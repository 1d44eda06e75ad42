import { describe, expect, it } from 'vitest'
import { exactFigures, publishable, type Figure, type TableForDisplay } from './publish.ts'
import { defaultDisclosureSettings, disclosureSettingsInput } from './settings.ts'
import { countTable, CountTableError, oneWayTable, type CountTable } from './table.ts'

const deathsByCategory = (counts: readonly number[]): CountTable =>
  oneWayTable({
    title: 'Child deaths reviewed in 2025, by category',
    categoryHeading: 'Category',
    countHeading: 'Deaths',
    categories: [
      'Perinatal/neonatal event',
      'Chromosomal, genetic and congenital anomalies',
      'Infection',
      'Sudden unexpected, unexplained death',
    ].map((label, i) => ({ label, count: counts[i] ?? 0 })),
  })

const texts = (t: TableForDisplay): string[][] => [
  ...t.rows.map((r) => [...r.figures, ...(r.total ? [r.total] : [])].map((f) => f.text)),
  ...(t.totals
    ? [[...t.totals.figures, ...(t.totals.total ? [t.totals.total] : [])].map((f) => f.text)]
    : []),
]

describe('publishable and exactFigures', () => {
  it('keeps exact figures for the owning team and says they are not for publication', () => {
    const table = deathsByCategory([12, 3, 0, 6])
    const exact = exactFigures(table)
    expect(exact.audience).toBe('internal')
    expect(texts(exact)).toEqual([['12'], ['3'], ['0'], ['6'], ['21']])
    expect(exact.rows[1]!.figures[0]).toEqual({ value: 3, text: '3', hidden: null })
    expect(exact.notes.join(' ')).toMatch(/exact figures/i)
  })

  it('publishes a one-way table with the small count hidden and a complement beside it', () => {
    const published = publishable(deathsByCategory([12, 3, 0, 6]), defaultDisclosureSettings)
    expect(published.audience).toBe('published')
    // The 3 alone would be 21 − 12 − 0 − 6; the smallest other count, 6, is hidden with it.
    expect(texts(published)).toEqual([['12'], ['<5'], ['0'], ['[c]'], ['21']])
    expect(published.rows[1]!.figures[0]).toEqual<Figure>({
      value: null,
      text: '<5',
      hidden: 'primary',
    })
    expect(published.rows[3]!.figures[0]!.hidden).toBe('secondary')
    expect(published.notes).toEqual([
      'Numbers from 1 to 4 are shown as <5 so that no individual can be identified (1 figure in this table).',
      'One other figure is shown as [c] so that the hidden numbers cannot be worked out from the totals or the other figures (1 figure in this table).',
      'Zero is shown as 0.',
    ])
    expect(published.symbols.map((s) => [s.symbol, s.meaning])).toEqual([
      ['<5', 'a number from 1 to 4'],
      ['[c]', 'hidden so that a small number cannot be worked out'],
    ])
  })

  it('says so when nothing needed hiding', () => {
    const published = publishable(deathsByCategory([12, 9, 0, 6]), defaultDisclosureSettings)
    expect(texts(published)).toEqual([['12'], ['9'], ['0'], ['6'], ['27']])
    expect(published.notes[0]).toBe(
      'No figure in this table is between 1 and 4, so none is hidden.',
    )
    expect(published.symbols).toEqual([])
  })

  it('follows the partnership’s threshold, symbols and zero rule', () => {
    const settings = {
      threshold: 9,
      primarySymbol: '<10',
      secondarySymbol: '*',
      suppressZeros: true,
    }
    // 9 and 0 are both hidden; together they are 9, and each could be anything from 0 to 9, so
    // neither needs a complement.
    const published = publishable(deathsByCategory([40, 9, 0, 25]), settings)
    expect(texts(published)).toEqual([['40'], ['<10'], ['<10'], ['25'], ['74']])
    expect(published.notes).toEqual([
      'Numbers from 0 to 9 are shown as <10 so that no individual can be identified (2 figures in this table).',
    ])
    // A lone small count does need one: the smallest other count, 25, is hidden with the 2.
    const lone = publishable(deathsByCategory([40, 2, 31, 25]), settings)
    expect(texts(lone)).toEqual([['40'], ['<10'], ['31'], ['*'], ['98']])
  })

  it('rounds the figures it shows, totals separately, and says they may not add up', () => {
    const table = countTable({
      title: 'Contacts by kind and year',
      rowHeading: 'Kind of contact',
      rows: ['Allegation', 'Consultation', 'Information only'],
      columns: ['2024', '2025'],
      cells: [
        [17, 23],
        [41, 38],
        [12, 13],
      ],
    })
    const published = publishable(table, defaultDisclosureSettings, { roundTo: 5 })
    expect(texts(published)).toEqual([
      ['15', '25', '40'],
      ['40', '40', '80'],
      ['10', '15', '25'],
      ['70', '75', '145'],
    ])
    expect(published.roundedTo).toBe(5)
    expect(published.notes.at(-1)).toBe(
      'Figures are rounded to the nearest 5, and totals are rounded separately, so they may not add up.',
    )
    expect(() => publishable(table, defaultDisclosureSettings, { roundTo: 1 })).toThrow(
      CountTableError,
    )
  })

  it('hides small counts before rounding, so a 3 is never shown as 5', () => {
    const published = publishable(deathsByCategory([12, 3, 0, 6]), defaultDisclosureSettings, {
      roundTo: 5,
    })
    expect(texts(published)).toEqual([['10'], ['<5'], ['0'], ['[c]'], ['20']])
  })

  it('withholds a table that cannot be protected, with a note and no figures', () => {
    const table = countTable({
      title: 'Arrangements by age and reason',
      rowHeading: 'Age',
      rows: ['10 and under', '11 to 13'],
      columns: ['Study', 'Parents abroad'],
      cells: [
        [1, 1],
        [1, 1],
      ],
    })
    const published = publishable(table, defaultDisclosureSettings)
    expect(published).toMatchObject({ withheld: true, rows: [], totals: null })
    expect(published.notes).toEqual([
      'This table is not published because its numbers are too small: even with some figures hidden, they could identify individuals.',
    ])
  })

  it('refuses a table whose totals do not add up, or whose counts are not whole numbers', () => {
    const table = deathsByCategory([12, 3, 0, 6])
    expect(() => publishable({ ...table, columnTotals: [22] }, defaultDisclosureSettings)).toThrow(
      /not the sum/,
    )
    expect(() =>
      publishable({ ...table, cells: [[12], [3.5], [0], [6]] }, defaultDisclosureSettings),
    ).toThrow(/whole number/)
    expect(() => exactFigures({ ...table, cells: [[12], [-3], [0], [6]] })).toThrow(CountTableError)
  })
})

describe('disclosure settings as entered', () => {
  const valid = {
    threshold: '4',
    primarySymbol: null,
    secondarySymbol: '[c]',
    suppressZeros: false,
  }

  it('accepts the defaults and a threshold typed as text', () => {
    expect(disclosureSettingsInput.parse(valid)).toEqual({ ...valid, threshold: 4 })
  })

  it('refuses a threshold of 1, symbols that look like numbers or formulas, and equal symbols', () => {
    const problems = (input: object) =>
      disclosureSettingsInput
        .safeParse({ ...valid, ...input })
        .error?.issues.map((i) => [i.path.join('.'), i.message])
    expect(problems({ threshold: '1' })).toEqual([
      ['threshold', 'The largest number to hide must be between 2 and 20'],
    ])
    expect(problems({ threshold: 'four' })?.[0]?.[0]).toBe('threshold')
    expect(problems({ secondarySymbol: '5' })?.[0]?.[0]).toBe('secondarySymbol')
    expect(problems({ primarySymbol: '=1+1' })?.[0]?.[0]).toBe('primarySymbol')
    expect(problems({ secondarySymbol: '<5' })).toEqual([
      [
        'secondarySymbol',
        'The symbol for other hidden figures must differ from the symbol for small numbers',
      ],
    ])
  })
})
