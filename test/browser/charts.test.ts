// The server-rendered charts as Chromium draws them: every label inside the drawing, none over
// another, with awkward data (long names, many periods, breaks side by side, big numbers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM, chartLabelProblems } from './support.ts'
import { barChart, lineChart } from '../../src/platform/charts/svg.ts'
import { renderHeatMap } from '../../src/platform/charts/heat-map.ts'

const monthNames = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
]
const months = Array.from({ length: 120 }, (_, i) => ({
  label: `${monthNames[i % 12] ?? ''} ${String(16 + Math.floor(i / 12))}`,
  value: 1000 + ((i * 37) % 90) * 1234.5,
}))

const charts: Record<string, string> = {
  'a line chart of ten years of months': lineChart(months, {
    title: 'Contacts',
    width: 600,
    height: 220,
    target: 50_000,
  }).svg,
  'a line chart with breaks side by side and at both edges': lineChart(months.slice(0, 24), {
    title: 'Contacts',
    breaks: ['Jan 16', 'Feb 16', 'Mar 16', 'Nov 17', 'Dec 17'],
    target: 111_000,
  }).svg,
  'a line chart of quarters with long labels': lineChart(
    months.slice(0, 16).map((p) => ({ ...p, label: `Quarter ending ${p.label}` })),
    { title: 'Contacts' },
  ).svg,
  'a bar chart with long area names': barChart(
    [
      { label: 'Ashby-de-la-Zouch and Castle Donington North Ward', value: 123_456.7 },
      { label: 'Corrick', value: 12 },
      { label: "St John's & Łukasz's Ward", value: null },
      { label: 'Pneumonoultramicroscopicsilicovolcanoconiosis-upon-Tyne-and-Wear', value: 3 },
    ],
    { title: 'Rate by district', target: 150_000 },
  ).svg,
  'a heat map with long theme names and wide headings': renderHeatMap({
    id: 'hm',
    title: 'Findings by theme and year',
    description: 'Darker means more',
    columns: ['2023', '2024 to 2025 (provisional)', '2026'],
    rows: [
      { label: 'Voice and lived experience of the child', values: [1, 0, 3] },
      { label: 'Fathers and other significant adults in the household', values: [2, 0, 1] },
      { label: 'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW', values: [0, 1, 0] },
      { label: 'Neglect', values: [7, 3, 12] },
    ],
  }),
}

describe('charts in the browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    })
  })
  afterAll(async () => {
    await browser.close()
  })

  it.each(Object.entries(charts))('draws %s with every label whole and apart', async (_, svg) => {
    const page = await browser.newPage()
    await page.setContent(`<!doctype html><html lang="en"><body>${svg}</body></html>`)
    expect(await page.locator('svg').count()).toBe(1)
    expect(await page.locator('svg text').count()).toBeGreaterThan(3)
    expect(await chartLabelProblems(page)).toEqual([])
    await page.close()
  })
})
