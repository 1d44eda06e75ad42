// Every page that shows a case-level record writes exactly one view entry. The pages are found
// from the application's own route table (every GET under /case-reviews/ with a record id in its
// path), not listed by hand, so a page added later is checked without anyone remembering to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createUser, type TestUser } from '../../../test/support/factories.ts'
import { seedDemo } from '../../platform/demo/seed.ts'
import { tenantScope } from '../../platform/tenancy.ts'
import { appModules } from '../index.ts'

describe('view audit of case-level records (every record page, from the route table)', () => {
  let app: TestApp
  let partnershipId: string
  let team: TestUser
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    app = await buildTestApp()
    partnershipId = (await seedDemo(app.services, appModules)).partnershipId
    const db = app.services.db
    team = await createUser(
      db,
      { id: partnershipId, scope: tenantScope(partnershipId), name: 'Northshire' },
      { roles: ['case_review_team'], displayName: 'Łukasz O’Brien' },
    )
    const incident = await db
      .selectFrom('serious_incident')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const ret = await db
      .selectFrom('information_return')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const review = await db
      .selectFrom('case_review')
      .select('id')
      .where('partnership_id', '=', partnershipId)
      .where('report_file_id', 'is not', null)
      .where('briefing_file_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    Object.assign(ids, {
      incidentId: incident.id,
      returnId: ret.id,
      reviewId: review.id,
      file: 'report',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  const viewEntries = async () =>
    (
      await app.services.db
        .selectFrom('audit_event')
        .select(['record_type', 'record_id'])
        .where('partnership_id', '=', partnershipId)
        .where('action', '=', 'view')
        .execute()
    ).length

  const recordPages = () =>
    app.routes.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/case-reviews/') && r.url.includes('/:'),
    )

  it('finds the record pages in the route table', () => {
    // The incident, rapid review, chronology, return and review pages, the nine form pages and
    // the file download: if this drops, the filter above no longer finds them.
    expect(recordPages().length).toBeGreaterThanOrEqual(15)
  })

  it('writes exactly one view entry for every GET of every record page', async () => {
    const client = await app.clientAs(team)
    const problems: string[] = []
    for (const route of recordPages()) {
      const url = route.url.replace(/:(\w+)/g, (_, name: string) => {
        const id = ids[name]
        if (id === undefined) throw new Error(`No sample value for :${name} in ${route.url}`)
        return id
      })
      const before = await viewEntries()
      const page = await client.get(url)
      const written = (await viewEntries()) - before
      if (page.status !== 200) problems.push(`${route.url}: status ${page.status}`)
      else if (written !== 1) problems.push(`${route.url}: ${written} view entries`)
    }
    expect(problems).toEqual([])
  })
})
