// Browser tests: the real app listening on a random loopback port, driven by Debian's Chromium
// through playwright-core, with axe-core checking every page against WCAG 2.2 AA.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/app.ts'
import type { TestUser } from '../support/factories.ts'
import { cookieNames } from '../../src/platform/http/cookies.ts'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface BrowserHarness {
  readonly app: TestApp
  readonly baseUrl: string
  readonly browser: Browser
  /** A fresh browser context (cookies of its own). */
  context(): Promise<BrowserContext>
  /** A context already signed in as the user (session made directly, as in route tests). */
  contextAs(user: TestUser): Promise<BrowserContext>
  close(): Promise<void>
}

export async function startBrowserHarness(options: TestAppOptions = {}): Promise<BrowserHarness> {
  const app = await buildTestApp(options)
  await app.server.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.server.address()
  if (address === null || typeof address === 'string')
    throw new Error('The test server has no port')
  const baseUrl = `http://127.0.0.1:${address.port}`
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const newContext = () => browser.newContext({ baseURL: baseUrl })
  return {
    app,
    baseUrl,
    browser,
    context: newContext,
    async contextAs(user) {
      const { token } = await app.services.sessions.create(app.services.db, {
        partnershipId: user.partnershipId,
        userId: user.id,
        stage: 'active',
        method: 'password',
        ip: '127.0.0.1',
        userAgent: 'browser test',
      })
      const context = await newContext()
      await context.addCookies([
        {
          name: cookieNames(false).session,
          value: token,
          url: baseUrl,
          httpOnly: true,
          sameSite: 'Lax',
        },
      ])
      return context
    },
    async close() {
      await browser.close()
      await app.close()
    },
  }
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the page and fails with what it found. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag
  // would be refused by it, rightly).
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }))
  })
  const report = violations.map(
    (v) =>
      `${v.id} (${v.impact ?? ''}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect(report, `axe-core violations on ${page.url()}`).toEqual([])
}

// What chartLabelProblems reads of the page (this project's TypeScript has no DOM types).
interface SvgBox {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}
interface SvgTextElement {
  readonly textContent: string | null
  getBBox(): SvgBox
}
interface SvgChartElement {
  readonly viewBox: { readonly baseVal: SvgBox }
  querySelectorAll(selector: string): Iterable<SvgTextElement>
}

/**
 * Every chart's labels as the browser lays them out: any label outside its SVG's drawing, or over
 * another label of the same chart (test/browser/charts.test.ts, overflow.test.ts).
 */
export async function chartLabelProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const document = (
      globalThis as unknown as {
        document: { querySelectorAll(selector: string): Iterable<SvgChartElement> }
      }
    ).document
    const problems: string[] = []
    const svgs = Array.from(
      document.querySelectorAll('svg.app-chart--line, svg.app-chart--bar, svg.app-heat-map'),
    )
    svgs.forEach((svg, n) => {
      const chart = `chart ${String(n + 1)}`
      const view = svg.viewBox.baseVal
      const boxes = Array.from(svg.querySelectorAll('text'), (text) => {
        const b = text.getBBox()
        const label = text.textContent ?? ''
        return { label, x1: b.x, x2: b.x + b.width, y1: b.y, y2: b.y + b.height }
      })
      const slack = 0.5
      for (const box of boxes) {
        if (box.x1 < view.x - slack || box.x2 > view.x + view.width + slack)
          problems.push(`${chart}: "${box.label}" is cut off at the side`)
        if (box.y1 < view.y - slack || box.y2 > view.y + view.height + slack)
          problems.push(`${chart}: "${box.label}" is cut off at the top or bottom`)
      }
      boxes.forEach((a, i) => {
        for (const b of boxes.slice(i + 1)) {
          const acrossX = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)
          const acrossY = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1)
          // A text's box includes the font's line gap: a sliver of overlap is not text on text.
          if (acrossX > 1 && acrossY > 3)
            problems.push(`${chart}: "${a.label}" and "${b.label}" overlap`)
        }
      })
    })
    return problems
  })
}
