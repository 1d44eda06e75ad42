// Reviews through HTTP — reviewer, milestones, hold, publication — and the public register, which
// must never show an unpublished or held review, nor any case-level field, on its pages or its API.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
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
import type { TestClient } from '../../../test/support/client.ts'
import { FakeClock } from '../../platform/clock.ts'
import { learningPaths } from '../learning/index.ts'
import { caseReviewPaths as paths } from './paths.ts'
import { caseReviewActionSources, describeCaseReview } from './sources.ts'

const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  }
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`)

// Case-level fields of the fictional incident: none of these may reach the register.
const caseLevel = {
  pseudonym: 'Child K',
  whatHappened: 'Fictional fracture found at a health visit',
  awareOn: '2 March 2026',
  workingTitle: 'Child K working title',
  heldTitle: 'Held review public title',
  heldWorking: 'Baby Q working title',
  draftWorking: 'Siblings R and S working title',
  panelReference: 'CSPRP-4242',
}

describe('reviews and the public register', () => {
  const clock = new FakeClock('2026-09-15T10:00:00Z')
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let team: TestUser
  let manager: TestUser
  let southTeam: TestUser
  let published: string
  let held: string
  let draft: string

  const publish = async (
    client: TestClient,
    reviewId: string,
    fields: Record<string, string>,
    files = true,
  ) => {
    await client.get(paths.publish({ reviewId }))
    const { body, contentType } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '', ...fields },
      files: files
        ? [
            {
              field: 'report',
              filename: 'report.pdf',
              contentType: 'application/pdf',
              data: pdf('report'),
            },
            {
              field: 'briefing',
              filename: 'briefing.pdf',
              contentType: 'application/pdf',
              data: pdf('briefing'),
            },
          ]
        : [],
    })
    return client.request('POST', paths.publish({ reviewId }), body, {
      'content-type': contentType,
    })
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    const police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    team = await createUser(db, north, { roles: ['case_review_team'] })
    manager = await createUser(db, north, {
      roles: ['business_unit', 'agency_lead'],
      agencyId: police,
    })
    southTeam = await createUser(db, south, { roles: ['case_review_team'] })
    const client = await app.clientAs(team)
    const incident = await client.submit(paths.newIncident(), {
      childPseudonym: caseLevel.pseudonym,
      ageBand: 'under_1',
      harm: 'serious_harm',
      whatHappened: caseLevel.whatHappened,
      ...date('awareOn', '2026-03-02'),
    })
    const incidentId = incident.location?.split('/').pop() ?? ''
    await client.submit(paths.notification({ incidentId }), {
      ...date('notifiedOn', '2026-03-05'),
      panelReference: caseLevel.panelReference,
    })
    const start = async (title: string, kind: string, withIncident: boolean) => {
      const page = await client.submit(paths.newReview(), {
        kind,
        title,
        ...date('initiatedOn', '2026-03-20'),
        ...(withIncident ? { incidentId } : {}),
      })
      expect(page.status).toBe(303)
      return page.location?.split('/').pop() ?? ''
    }
    published = await start(caseLevel.workingTitle, 'lcspr', true)
    held = await start(caseLevel.heldWorking, 'lcspr', false)
    draft = await start(caseLevel.draftWorking, 'thematic', false)
  })
  afterAll(async () => {
    await app.close()
  })

  it('records the reviewer, terms of reference and milestones with planned and actual dates', async () => {
    const client = await app.clientAs(team)
    const details = await client.submit(paths.reviewDetails({ reviewId: published }), {
      reviewerName: 'Dr Aoife Ní Bhriain',
      ...date('reviewerAppointedOn', '2026-04-01'),
      termsOfReference: 'Fictional terms of reference.',
    })
    expect(details.status).toBe(303)
    const bad = await client.submit(paths.milestones({ reviewId: published }), {
      ...date('draft-planned', '2026-02-31'),
    })
    expect(bad.status).toBe(400)
    const saved = await client.submit(paths.milestones({ reviewId: published }), {
      ...date('agency_reports-planned', '2026-05-01'),
      ...date('agency_reports-actual', '2026-05-04'),
      ...date('draft-planned', '2026-07-01'),
    })
    expect(saved.status).toBe(303)
    const page = await client.get(paths.review({ reviewId: published }))
    const milestones = page.$('[data-milestones]').text().replace(/\s+/g, ' ')
    expect(milestones).toContain('Agency reports 1 May 2026 4 May 2026')
    expect(milestones).toContain('Draft report 1 July 2026 Late')
    expect(page.$('main').text()).toContain('Dr Aoife Ní Bhriain')
    // The form shows the saved dates again.
    const form = await client.get(paths.milestones({ reviewId: published }))
    expect(form.$('input[name="agency_reports-actual-day"]').val()).toBe('4')
  })

  it('holds publication while criminal proceedings run, and refuses to publish a held review', async () => {
    const client = await app.clientAs(team)
    const noReason = await client.submit(paths.hold({ reviewId: held }), { held: 'yes' })
    expect(noReason.status).toBe(400)
    expect(noReason.$('.govuk-error-summary').text()).toContain('Enter why publication is held')
    const hold = await client.submit(paths.hold({ reviewId: held }), {
      held: 'yes',
      holdReason: 'Fictional criminal proceedings are running.',
    })
    expect(hold.status).toBe(303)
    const refused = await publish(client, held, {
      publicTitle: caseLevel.heldTitle,
      publicSummary: 'Should not appear.',
      ...date('publishedOn', '2026-09-01'),
    })
    expect(refused.status).toBe(409)
  })

  it('refuses publication without the report and briefing or a public title, and writes nothing', async () => {
    const client = await app.clientAs(team)
    const page = await publish(client, published, {}, false)
    expect(page.status).toBe(400)
    const summary = page.$('.govuk-error-summary').text()
    expect(summary).toContain('Enter the title to publish')
    expect(summary).toContain('Select a file')
    const row = await app.services.db
      .selectFrom('case_review')
      .select('published_on')
      .where('id', '=', published)
      .executeTakeFirstOrThrow()
    expect(row.published_on).toBeNull()
  })

  it('publishes a review with its report and practitioner briefing', async () => {
    const client = await app.clientAs(team)
    const done = await publish(client, published, {
      publicTitle: 'Learning about injuries to non-mobile babies',
      publicSummary: 'What agencies learned about bruising protocols.',
      ...date('publishedOn', '2026-09-10'),
    })
    expect(done.status).toBe(303)
    const page = await client.get(paths.review({ reviewId: published }))
    expect(page.$('[data-review-status]').text()).toContain('Published')
    const report = await client.get(paths.reviewFile({ reviewId: published, file: 'report' }))
    expect(report.status).toBe(200)
    expect(report.body).toContain('report')
  })

  it('shows a published review’s published learning briefing on the register and API, never a draft or a held review’s', async () => {
    const client = await app.clientAs(team)
    const briefing = async (reviewId: string, title: string, publish: boolean) => {
      const created = await client.submit(
        learningPaths.briefingNew(undefined, { sourceType: 'case_review', sourceId: reviewId }),
        {
          sourceType: 'case_review',
          sourceId: reviewId,
          title,
          whatHappened: `${title}: what happened (fictional).`,
          whatWeLearned: `${title}: bruising in babies who cannot move is never minor.`,
          whatToDoDifferently: `${title}: refer under the protocol, whoever explains it.`,
          questionsForReflection: `${title}: who else should see this baby?`,
        },
      )
      expect(created.status).toBe(303)
      const briefingId = created.location?.split('/').pop() ?? ''
      if (publish) {
        await client.get(learningPaths.briefing({ briefingId }))
        expect((await client.post(learningPaths.briefingPublish({ briefingId }))).status).toBe(303)
      }
    }
    await briefing(published, 'Bruising protocol briefing for Zoë’s team', true)
    await briefing(published, 'Draft briefing not yet agreed', false)
    await briefing(held, 'Briefing on a held review', true)

    const anonymous = app.client()
    const page = await anonymous.get(
      paths.publicReview({ partnershipId: north.id, reviewId: published }),
    )
    const shown = page.$('[data-learning-briefing]')
    expect(shown).toHaveLength(1)
    const text = shown.text()
    for (const part of [
      'Bruising protocol briefing for Zoë’s team',
      'what happened (fictional).',
      'bruising in babies who cannot move is never minor.',
      'refer under the protocol, whoever explains it.',
      'who else should see this baby?',
    ])
      expect(text).toContain(part)
    const list = await anonymous.get(paths.publicList({ partnershipId: north.id }))
    expect(list.$('[data-learning-briefing-title]').text()).toContain(
      'Bruising protocol briefing for Zoë’s team',
    )
    for (const body of [page.body, list.body]) {
      expect(body).not.toContain('Draft briefing not yet agreed')
      expect(body).not.toContain('Briefing on a held review')
    }

    const api = await anonymous.get(
      paths.apiPublicReview({ partnershipId: north.id, reviewId: published }),
    )
    const json = api.json<{ learningBriefings: Record<string, string>[] }>()
    expect(json.learningBriefings).toEqual([
      {
        title: 'Bruising protocol briefing for Zoë’s team',
        whatHappened: 'Bruising protocol briefing for Zoë’s team: what happened (fictional).',
        whatWeLearned:
          'Bruising protocol briefing for Zoë’s team: bruising in babies who cannot move is never minor.',
        whatToDoDifferently:
          'Bruising protocol briefing for Zoë’s team: refer under the protocol, whoever explains it.',
        questionsForReflection:
          'Bruising protocol briefing for Zoë’s team: who else should see this baby?',
      },
    ])
    const all = await anonymous.get(paths.apiPublicList({ partnershipId: north.id }))
    expect(all.body).toContain('Bruising protocol briefing for Zoë’s team')
    expect(all.body).not.toContain('Draft briefing not yet agreed')
    expect(all.body).not.toContain('Briefing on a held review')
  })

  it('lists only the published review on the public pages, without sign-in, and no case-level field', async () => {
    const anonymous = app.client()
    const list = await anonymous.get(paths.publicList({ partnershipId: north.id }))
    expect(list.status).toBe(200)
    const text = list.$('main').text()
    expect(list.$('[data-published-review]')).toHaveLength(1)
    expect(text).toContain('Learning about injuries to non-mobile babies')
    const review = await anonymous.get(
      paths.publicReview({ partnershipId: north.id, reviewId: published }),
    )
    expect(review.status).toBe(200)
    for (const body of [list.body, review.body])
      for (const value of Object.values(caseLevel)) expect(body).not.toContain(value)
    for (const hidden of [held, draft])
      expect(
        (await anonymous.get(paths.publicReview({ partnershipId: north.id, reviewId: hidden })))
          .status,
      ).toBe(404)
    const briefing = await anonymous.get(
      paths.publicFile({ partnershipId: north.id, reviewId: published, file: 'briefing' }),
    )
    expect(briefing.status).toBe(200)
    // Even an anonymous download of a published file is audited, as the public register.
    const downloads = await app.services.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'actor_label', 'partnership_id'])
      .where('action', '=', 'view')
      .where('record_type', '=', 'case_review_briefing')
      .where('record_id', '=', published)
      .execute()
    expect(downloads).toEqual([
      { actor_user_id: null, actor_label: 'public register', partnership_id: north.id },
    ])
    expect(
      (
        await anonymous.get(
          paths.publicFile({ partnershipId: north.id, reviewId: held, file: 'report' }),
        )
      ).status,
    ).toBe(404)
    // Another partnership's register is its own; unknown partnerships are not found.
    const southList = await anonymous.get(paths.publicList({ partnershipId: south.id }))
    expect(southList.$('[data-published-review]')).toHaveLength(0)
    expect(
      (await anonymous.get(paths.publicReview({ partnershipId: south.id, reviewId: published })))
        .status,
    ).toBe(404)
    expect((await anonymous.get(paths.publicList({ partnershipId: randomUUID() }))).status).toBe(
      404,
    )
    expect((await anonymous.get(paths.publicList({ partnershipId: 'northshire' }))).status).toBe(
      404,
    )
  })

  it('gives the same, and only the public fields, through the JSON API', async () => {
    const anonymous = app.client()
    const response = await anonymous.get(paths.apiPublicList({ partnershipId: north.id }))
    expect(response.status).toBe(200)
    const body = response.json<{ reviews: Record<string, unknown>[] }>()
    expect(body.reviews).toHaveLength(1)
    expect(Object.keys(body.reviews[0] ?? {}).sort()).toEqual([
      'briefingUrl',
      'id',
      'kind',
      'kindLabel',
      'learningBriefings',
      'publishedOn',
      'reportUrl',
      'summary',
      'title',
    ])
    for (const value of Object.values(caseLevel)) expect(response.body).not.toContain(value)
    const one = await anonymous.get(
      paths.apiPublicReview({ partnershipId: north.id, reviewId: published }),
    )
    expect(one.json<{ title: string }>().title).toBe('Learning about injuries to non-mobile babies')
    for (const hidden of [held, draft]) {
      const missing = await anonymous.get(
        paths.apiPublicReview({ partnershipId: north.id, reviewId: hidden }),
      )
      expect(missing.status).toBe(404)
      expect(missing.json<{ error: { code: string } }>().error.code).toBe('not_found')
    }
    const spec = await anonymous.get('/api/v1/openapi.json')
    expect(spec.body).toContain('/api/v1/public/{partnershipId}/reviews')
  })

  it('never shows a review that is published and also held, on the pages or the API', async () => {
    const db = app.services.db
    const holdPublished = () =>
      db
        .updateTable('case_review')
        .set({ publication_held: true, hold_reason: 'Fictional: proceedings reopened.' })
        .where('partnership_id', '=', north.id)
        .where('id', '=', published)
        .execute()
    // The use cases refuse to hold a published review, and so does the database...
    await expect(holdPublished()).rejects.toThrow(/case_review_published_complete/)
    // ...but the register must not depend on either: set it directly, without the constraint
    // (this file's own database), and put both back afterwards.
    await sql`alter table case_review drop constraint case_review_published_complete`.execute(db)
    await holdPublished()
    try {
      const anonymous = app.client()
      const list = await anonymous.get(paths.publicList({ partnershipId: north.id }))
      expect(list.status).toBe(200)
      expect(list.$('[data-published-review]')).toHaveLength(0)
      expect(list.body).not.toContain('Learning about injuries to non-mobile babies')
      expect(
        (await anonymous.get(paths.publicReview({ partnershipId: north.id, reviewId: published })))
          .status,
      ).toBe(404)
      expect(
        (
          await anonymous.get(
            paths.publicFile({ partnershipId: north.id, reviewId: published, file: 'report' }),
          )
        ).status,
      ).toBe(404)
      const api = await anonymous.get(paths.apiPublicList({ partnershipId: north.id }))
      expect(api.json<{ reviews: unknown[] }>().reviews).toEqual([])
      expect(api.body).not.toContain('Bruising protocol briefing')
      const one = await anonymous.get(
        paths.apiPublicReview({ partnershipId: north.id, reviewId: published }),
      )
      expect(one.status).toBe(404)
    } finally {
      await db
        .updateTable('case_review')
        .set({ publication_held: false, hold_reason: null })
        .where('partnership_id', '=', north.id)
        .where('id', '=', published)
        .execute()
      await sql`alter table case_review add constraint case_review_published_complete check (published_on is null or (not publication_held and public_title is not null and public_summary is not null and report_file_id is not null and briefing_file_id is not null))`.execute(
        db,
      )
    }
  })

  it('shows unpublished reviews only to the case review team, audits every view, and 404s across partnerships', async () => {
    const other = await app.clientAs(manager)
    for (const url of [
      paths.review({ reviewId: held }),
      paths.milestones({ reviewId: held }),
      paths.publish({ reviewId: held }),
      paths.reviewFile({ reviewId: published, file: 'report' }),
      paths.newReview(),
    ])
      expect((await other.get(url)).status).toBe(403)
    const south1 = await app.clientAs(southTeam)
    expect((await south1.get(paths.review({ reviewId: held }))).status).toBe(404)
    expect((await south1.get(paths.hold({ reviewId: held }))).status).toBe(404)
    expect(
      (await south1.get(paths.reviewFile({ reviewId: published, file: 'report' }))).status,
    ).toBe(404)

    const client = await app.clientAs(team)
    const count = async () =>
      (
        await app.services.db
          .selectFrom('audit_event')
          .select('id')
          .where('action', '=', 'view')
          .where('record_type', '=', 'case_review')
          .where('record_id', '=', draft)
          .execute()
      ).length
    const before = await count()
    await client.get(paths.review({ reviewId: draft }))
    await client.get(paths.review({ reviewId: draft }))
    expect(await count()).toBe(before + 2)
  })

  it('names a review for findings and actions by reference and kind, never by its working title', async () => {
    const described = await describeCaseReview(app.services.db, north.scope, published)
    expect(described?.href).toBe(paths.review({ reviewId: published }))
    expect(described?.title).toMatch(/^CR-\d{3} \(Local child safeguarding practice review\)$/)
    expect(await describeCaseReview(app.services.db, south.scope, published)).toBeUndefined()
    const source = caseReviewActionSources[0]
    const map = await source?.describe(app.services.db, north.scope, [published, randomUUID()])
    expect(map?.size).toBe(1)
    expect(map?.get(published)?.text).not.toContain('Child K')
  })
})
