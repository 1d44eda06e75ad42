// The server-rendered charts as Chromium draws them: every label inside the drawing, none over
// another, with awkward data (long names, many periods, breaks side by side, big numbers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM, chartLabelProblems } from './support.ts'
import { awkwardCharts } from '../support/chart-labels.ts'

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

  it.each(Object.entries(awkwardCharts()))(
    'draws %s with every label whole and apart',
    async (_, svg) => {
      const page = await browser.newPage()
      await page.setContent(`<!doctype html><html lang="en"><body>${svg}</body></html>`)
      expect(await page.locator('svg').count()).toBe(1)
      expect(await page.locator('svg text').count()).toBeGreaterThan(3)
      expect(await chartLabelProblems(page)).toEqual([])
      await page.close()
    },
  )
})
