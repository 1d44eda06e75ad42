// Reflow (WCAG 1.4.10): no page scrolls sideways on a 320 px phone or a 1280 px laptop. Every page
// in the route table is visited, with its path filled with records of the fictional demo (as the
// access matrix fills them), by someone holding every role (public pages by someone not signed
// in), plus the links those pages offer to pages that need a query string. Wide content must
// scroll inside its own box (macros/scrollable-table.njk). The charts' labels are checked as
// drawn, and the header's "Sign out" must stay on one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { chartLabelProblems, startBrowserHarness, type BrowserHarness } from './support.ts'
import { createUser } from '../support/factories.ts'
import { foreignUrl, makeForeignRecords } from '../access/foreign-records.ts'
import { roles } from '../../src/platform/access/roles.ts'
import { seedDemo } from '../../src/platform/demo/seed.ts'
import { tenantScope } from '../../src/platform/tenancy.ts'
import { appModules } from '../../src/modules/index.ts'

const WIDTHS = [1280, 320] as const

/** Routes that send a file or an asset, not a page, by their address (others are found below). */
function isDownload(pattern: string): boolean {
  const last = pattern.split('/').pop() ?? ''
  return (
    last.includes('.') ||
    last === 'file' ||
    last === '*' ||
    /^\/(assets|javascripts|stylesheets)(\/|$)/.test(pattern)
  )
}

interface Visit {
  readonly url: string
  readonly signedIn: boolean
}

interface PageReport {
  readonly overflow: readonly {
    width: number
    scrollWidth: number
    clientWidth: number
    widest: string
  }[]
  readonly signOutLines: number
  readonly links: readonly string[]
}

/** What one page shows at each width: overflow (and what sticks out), and its links. */
async function inspect(page: Page): Promise<PageReport> {
  const overflow: PageReport['overflow'][number][] = []
  let signOutLines = 0
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    const found = await page.evaluate(() => {
      interface Rect {
        readonly right: number
        readonly width: number
      }
      interface Element {
        readonly tagName: string
        readonly className: unknown
        readonly textContent: string | null
        readonly parentElement: Element | null
        getBoundingClientRect(): Rect
      }
      const doc = (
        globalThis as unknown as {
          document: {
            scrollingElement: { scrollWidth: number; clientWidth: number }
            querySelectorAll(selector: string): Iterable<Element>
            createRange(): {
              selectNodeContents(node: Element): void
              getClientRects(): Iterable<{ top: number }>
            }
          }
        }
      ).document
      const { scrollWidth, clientWidth } = doc.scrollingElement
      // The outermost elements that stick out past the right edge, to say what to fix.
      const widest = Array.from(doc.querySelectorAll('body *'))
        .filter((el) => {
          const right = el.getBoundingClientRect().right
          const parent = el.parentElement?.getBoundingClientRect().right ?? 0
          return right > clientWidth + 0.5 && parent <= clientWidth + 0.5
        })
        .slice(0, 3)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\s+/g, '.')} ` +
            `"${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`,
        )
        .join('; ')
      const signOut = Array.from(doc.querySelectorAll('button')).find(
        (b) => b.textContent?.trim() === 'Sign out',
      )
      let lines = 0
      if (signOut !== undefined && signOut.getBoundingClientRect().width > 0) {
        const range = doc.createRange()
        range.selectNodeContents(signOut)
        lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size
      }
      return { scrollWidth, clientWidth, widest, lines }
    })
    if (found.scrollWidth > found.clientWidth) overflow.push({ width, ...found })
    if (width === 1280) signOutLines = found.lines
  }
  const links = await page
    .locator('a[href^="/"]')
    .evaluateAll((anchors) =>
      (anchors as unknown as { getAttribute(name: string): string | null }[]).map(
        (a) => a.getAttribute('href') ?? '',
      ),
    )
  return { overflow, signOutLines, links }
}

describe('reflow: no page scrolls sideways at 320 px or 1280 px', () => {
  let harness: BrowserHarness
  let visits: Visit[]
  let signedIn: BrowserContext
  let anonymous: BrowserContext

  beforeAll(async () => {
    harness = await startBrowserHarness()
    const { services } = harness.app
    const demo = await seedDemo(services, appModules)
    await makeForeignRecords(services, demo.partnershipId)
    const everyone = await createUser(
      services.db,
      { id: demo.partnershipId, scope: tenantScope(demo.partnershipId), name: 'Northshire' },
      { roles: [...roles], displayName: "Zoë O'Brien-Łukasiewicz" },
    )
    signedIn = await harness.contextAs(everyone)
    anonymous = await harness.context()
    const seen = new Set<string>()
    visits = []
    for (const route of harness.app.routes) {
      if (route.method !== 'GET' || route.kind !== 'page' || isDownload(route.url)) continue
      if (seen.has(route.url)) continue
      seen.add(route.url)
      const { url } = await foreignUrl(services.db, demo.partnershipId, route.url)
      visits.push({ url, signedIn: route.access !== 'public' })
    }
  })
  afterAll(async () => {
    await harness.close()
  })

  it('visits every page, and each fits at both widths', async () => {
    const problems: string[] = []
    const pages = {
      signedIn: await signedIn.newPage(),
      anonymous: await anonymous.newPage(),
    }
    const notFound: Visit[] = []
    /** Links with a query string, by path: the way to pages that need one. */
    const queryLinks = new Map<string, string>()
    let checked = 0

    const check = async (visit: Visit): Promise<void> => {
      const page = visit.signedIn ? pages.signedIn : pages.anonymous
      await page.setViewportSize({ width: WIDTHS[0], height: 900 })
      const response = await page.goto(visit.url).catch((error: unknown) => {
        // A file sent as an attachment (an evidence file, a paper) is not a page.
        if (error instanceof Error && error.message.includes('Download is starting')) return null
        throw error
      })
      if (response === null || !(response.headers()['content-type'] ?? '').startsWith('text/html'))
        return
      if (response.status() === 404) notFound.push(visit)
      else checked += 1
      const report = await inspect(page)
      for (const o of report.overflow)
        problems.push(
          `${String(o.width)} px ${visit.url}: ${String(o.scrollWidth)} px wide in ${String(o.clientWidth)} px (${o.widest})`,
        )
      if (report.signOutLines > 1)
        problems.push(`${visit.url}: "Sign out" wraps onto ${String(report.signOutLines)} lines`)
      for (const problem of await chartLabelProblems(page))
        problems.push(`${visit.url}: ${problem}`)
      for (const href of report.links) {
        const [path, query] = href.split('?')
        if (path !== undefined && query !== undefined && !queryLinks.has(path))
          queryLinks.set(path, href)
      }
    }

    for (const visit of visits) await check(visit)
    // A page that needs a query string (a finding is recorded "from" a review) is not found at its
    // bare address: visit it through a link that leads to it.
    for (const visit of [...notFound]) {
      const href = queryLinks.get(visit.url)
      if (href !== undefined) await check({ url: href, signedIn: visit.signedIn })
    }

    expect(problems).toEqual([])
    // The walk saw the pages it should have: every module's pages, not a run of error pages.
    expect(visits.length).toBeGreaterThan(120)
    expect(checked).toBeGreaterThan(visits.length - 15)
    await pages.signedIn.close()
    await pages.anonymous.close()
  }, 600_000)
})
