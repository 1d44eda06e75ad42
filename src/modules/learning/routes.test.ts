// The learning loop through HTTP: a learning review, a finding tagged with themes, a
// recommendation, its action in the tracker, the agency's evidence, sign-off, impact; the theme
// vocabulary; briefings; who may reach each page; bad input changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
import { FakeClock } from '../../platform/clock.ts'
import { actionPaths } from '../actions/index.ts'
import { learningPaths } from './paths.ts'
import { defaultThemes } from './vocabulary.ts'

const idFrom = (location: string | undefined): string => {
  const id = /([0-9a-f-]{36})$/.exec(location ?? '')?.[1]
  if (id === undefined) throw new Error(`No id in ${String(location)}`)
  return id
}

describe('learning pages', () => {
  let app: TestApp
  let north: TestPartnership
  let south: TestPartnership
  let police: string
  let health: string
  let manager: TestUser
  let reviewer: TestUser
  let policeLead: TestUser
  let healthLead: TestUser
  let practitioner: TestUser
  let southReviewer: TestUser

  const count = async (table: 'learning_finding' | 'learning_recommendation' | 'action') => {
    const row = await app.services.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('partnership_id', '=', north.id)
      .executeTakeFirstOrThrow()
    return row.n
  }

  const themeIdsByName = async (client: TestClient, sourceUrl: string) => {
    const form = await client.get(sourceUrl)
    const ids: Record<string, string> = {}
    form.$('input[name="themeIds"]').each((_, el) => {
      const input = form.$(el)
      const label = form
        .$(`label[for="${input.attr('id') ?? ''}"]`)
        .text()
        .trim()
      ids[label] = input.attr('value') ?? ''
    })
    return ids
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock: new FakeClock('2026-03-10T10:00:00Z') })
    const db = app.services.db
    north = await createPartnership(db)
    south = await createPartnership(db)
    police = await createAgency(db, north, { name: 'Northshire Police', type: 'police' })
    health = await createAgency(db, north, { name: 'Northshire ICB', type: 'health_commissioner' })
    manager = await createUser(db, north, { roles: ['business_unit'] })
    reviewer = await createUser(db, north, {
      roles: ['case_review_team'],
      displayName: 'Siobhán Ní Bhriain',
    })
    policeLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: police })
    healthLead = await createUser(db, north, { roles: ['agency_lead'], agencyId: health })
    practitioner = await createUser(db, north, { roles: ['practitioner'], agencyId: health })
    southReviewer = await createUser(db, south, { roles: ['case_review_team'] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('seeds the theme vocabulary, and lets the case review team add, rename and retire themes', async () => {
    const client = await app.clientAs(reviewer)
    const list = await client.get(learningPaths.vocabulary())
    expect(list.status).toBe(200)
    const names = list
      .$('[data-vocabulary] [data-theme]')
      .map((_, el) => list.$(el).attr('data-theme'))
      .get()
    expect(names).toEqual([...defaultThemes])

    const empty = await client.submit(learningPaths.vocabularyNew(), { name: '' })
    expect(empty.status).toBe(400)
    expect(empty.$('.govuk-error-summary').text()).toContain('Enter the name of the theme')
    const duplicate = await client.submit(learningPaths.vocabularyNew(), { name: 'NEGLECT' })
    expect(duplicate.status).toBe(400)
    expect(duplicate.$('#name-error').text()).toContain('There is already a theme with this name')

    expect(
      (await client.submit(learningPaths.vocabularyNew(), { name: 'Transitions to adulthood' }))
        .status,
    ).toBe(303)
    const after = await client.get(learningPaths.vocabulary())
    const added = after.$('[data-theme="Transitions to adulthood"] a').attr('href') ?? ''
    const renamed = await client.submit(added, {
      name: 'Transition to adult services',
      description: "Young people's move to adult services",
    })
    expect(renamed.status).toBe(303)
    const themeId = /vocabulary\/([0-9a-f-]{36})\/edit/.exec(added)?.[1] ?? ''
    await client.get(learningPaths.vocabulary())
    expect((await client.post(learningPaths.vocabularyRetire({ themeId }))).status).toBe(303)
    const retired = await client.get(learningPaths.vocabulary())
    expect(retired.$('[data-retired]').text()).toContain('Transition to adult services')
    expect(retired.$('[data-vocabulary]').text()).not.toContain('Transition to adult services')
    // Retiring twice is refused, not an error page.
    expect((await client.post(learningPaths.vocabularyRetire({ themeId }))).status).toBe(409)
  })

  it('records a finding with themes, a recommendation, an action; evidence, sign-off and impact', async () => {
    const bu = await app.clientAs(manager)
    const cr = await app.clientAs(reviewer)

    const created = await cr.submit(learningPaths.reviewNew(), {
      title: 'Multi-agency audit of neglect in under-fives',
      reviewType: 'multi_agency_audit',
      'heldOn-day': '14',
      'heldOn-month': '1',
      'heldOn-year': '2026',
      summary: '',
    })
    expect(created.status).toBe(303)
    const reviewId = idFrom(created.location)
    const review = await cr.get(learningPaths.review({ reviewId }))
    expect(review.$('h1').text()).toBe('Multi-agency audit of neglect in under-fives')
    const findingUrl = review.$('a:contains("Record a finding")').attr('href') ?? ''
    const themes = await themeIdsByName(cr, findingUrl)
    const neglect = themes.Neglect ?? ''
    const voice = themes['Voice and lived experience of the child'] ?? ''
    expect(themes['Transition to adult services']).toBeUndefined()

    // Bad input: nothing written, every problem named.
    const before = await count('learning_finding')
    const bad = await cr.post(learningPaths.findingNew(), {
      sourceType: 'learning_review',
      sourceId: reviewId,
      title: '',
      'identifiedOn-day': '30',
      'identifiedOn-month': '2',
      'identifiedOn-year': '2026',
    })
    expect(bad.status).toBe(400)
    const summary = bad.$('.govuk-error-summary').text()
    expect(summary).toContain('Enter the finding')
    expect(summary).toContain('The date of the finding must be a real date')
    expect(summary).toContain('Select at least one theme')
    const future = await cr.post(learningPaths.findingNew(), {
      sourceType: 'learning_review',
      sourceId: reviewId,
      title: 'A later finding about neglect',
      'identifiedOn-day': '1',
      'identifiedOn-month': '4',
      'identifiedOn-year': '2026',
      themeIds: [neglect],
    })
    expect(future.status).toBe(400)
    expect(future.$('#identifiedOn-error').text()).toContain('must be today or in the past')
    expect(await count('learning_finding')).toBe(before)

    const finding = await cr.post(learningPaths.findingNew(), {
      sourceType: 'learning_review',
      sourceId: reviewId,
      title: 'Neglect was not recognised because the baby’s daily life was not explored',
      detail: '',
      'identifiedOn-day': '14',
      'identifiedOn-month': '1',
      'identifiedOn-year': '2026',
      themeIds: [neglect, voice],
    })
    expect(finding.status).toBe(303)
    const findingId = idFrom(finding.location)
    const findingPage = await cr.get(learningPaths.finding({ findingId }))
    expect(findingPage.$('.govuk-summary-list').text()).toContain('Neglect')
    expect(findingPage.$('.govuk-summary-list').text()).toContain(
      'Learning review: Multi-agency audit of neglect in under-fives',
    )

    const noAgency = await cr.submit(learningPaths.recommendationNew({ findingId }), {
      title: 'Police officers attending homes note the conditions babies live in',
      addressedTo: 'agency',
      agencyId: '',
    })
    expect(noAgency.status).toBe(400)
    expect(noAgency.$('#agencyId-error').text()).toContain('Select the agency')
    const otherPartnershipsAgency = await createAgency(app.services.db, south)
    const oneCharacter = await cr.submit(learningPaths.recommendationNew({ findingId }), {
      title: 'x',
      addressedTo: 'partnership',
    })
    expect(oneCharacter.status).toBe(400)
    expect(oneCharacter.$('#title-error').text()).toContain(
      'The recommendation must be 10 characters or more',
    )
    const foreign = await cr.submit(learningPaths.recommendationNew({ findingId }), {
      title: 'Police officers attending homes note the conditions babies live in',
      addressedTo: 'agency',
      agencyId: otherPartnershipsAgency,
    })
    expect(foreign.status).toBe(400)
    expect(await count('learning_recommendation')).toBe(0)

    const rec = await cr.submit(learningPaths.recommendationNew({ findingId }), {
      title: 'Police officers attending homes note the conditions babies live in',
      addressedTo: 'agency',
      agencyId: police,
    })
    expect(rec.status).toBe(303)
    const recommendationId = idFrom(rec.location)

    // No sign-off before there is an action.
    const early = await cr.get(learningPaths.recommendationSignOff({ recommendationId }))
    expect(early.$('[data-blocked]').text()).toContain('Raise at least one action')

    const badAction = await cr.submit(learningPaths.recommendationAction({ recommendationId }), {
      title: '',
      ownerAgencyId: police,
      'dueDate-day': '1',
      'dueDate-month': '1',
      'dueDate-year': '2026',
    })
    expect(badAction.status).toBe(400)
    expect(badAction.$('.govuk-error-summary').text()).toContain('Enter a title for the action')
    const pastDue = await cr.submit(learningPaths.recommendationAction({ recommendationId }), {
      title: 'Add home conditions to the attendance checklist',
      ownerAgencyId: police,
      'dueDate-day': '1',
      'dueDate-month': '1',
      'dueDate-year': '2026',
    })
    expect(pastDue.status).toBe(400)
    expect(pastDue.$('#dueDate-error').text()).toContain('must be today or in the future')
    expect(await count('action')).toBe(0)

    const raised = await cr.submit(learningPaths.recommendationAction({ recommendationId }), {
      title: 'Add home conditions to the attendance checklist',
      ownerAgencyId: police,
      'dueDate-day': '30',
      'dueDate-month': '6',
      'dueDate-year': '2026',
    })
    expect(raised.status).toBe(303)
    const recPage = await cr.get(learningPaths.recommendation({ recommendationId }))
    const actionHref = recPage.$('[data-actions] a').attr('href') ?? ''
    expect(recPage.$('[data-actions]').text()).toContain('Not started')
    const actionId = /actions\/([0-9a-f-]{36})/.exec(actionHref)?.[1] ?? ''

    // The tracker links back to the recommendation.
    const actionPage = await bu.get(actionPaths.action({ actionId }))
    expect(actionPage.$('.govuk-summary-list').text()).toContain(
      'Learning recommendation: Police officers attending homes note the conditions babies live in',
    )

    // The police lead completes it with evidence on the tracker's page; the health lead cannot.
    const lead = await app.clientAs(policeLead)
    expect((await (await app.clientAs(healthLead)).get(actionHref)).status).toBe(403)
    const leadRec = await (
      await app.clientAs(healthLead)
    ).get(learningPaths.recommendation({ recommendationId }))
    expect(leadRec.$('[data-no-actions]').text()).toContain('belong to your agency')
    await lead.get(actionPaths.progress({ actionId }))
    const { body, contentType } = multipartBody({
      fields: {
        _csrf: lead.csrfToken ?? '',
        status: 'completed',
        note: 'Checklist updated and briefed to every response team',
        'updateDate-day': '10',
        'updateDate-month': '3',
        'updateDate-year': '2026',
        evidenceDescription: 'The revised checklist',
      },
      files: [
        {
          field: 'evidence',
          filename: 'checklist.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('%PDF-1.7 checklist'),
        },
      ],
    })
    const progress = await lead.request('POST', actionPaths.progress({ actionId }), body, {
      'content-type': contentType,
    })
    expect(progress.status).toBe(303)

    // Completed is not enough: the tracker's sign-off must close it first.
    expect(
      (await cr.get(learningPaths.recommendationSignOff({ recommendationId })))
        .$('[data-blocked]')
        .text(),
    ).toContain('Every action must be signed off')
    expect(
      (
        await bu.submit(actionPaths.signOff({ actionId }), {
          'agreedOn-day': '10',
          'agreedOn-month': '3',
          'agreedOn-year': '2026',
        })
      ).status,
    ).toBe(303)

    // No impact before sign-off.
    await cr.get(learningPaths.recommendation({ recommendationId }))
    const tooEarly = await cr.post(learningPaths.recommendationImpact({ recommendationId }), {
      impactNote: 'Too soon to say what changed',
    })
    expect(tooEarly.status).toBe(409)

    const futureSignOff = await cr.submit(
      learningPaths.recommendationSignOff({ recommendationId }),
      {
        'agreedOn-day': '11',
        'agreedOn-month': '3',
        'agreedOn-year': '2026',
      },
    )
    expect(futureSignOff.status).toBe(400)
    expect(futureSignOff.$('#agreedOn-error').text()).toContain('must be today or in the past')
    const signed = await cr.submit(learningPaths.recommendationSignOff({ recommendationId }), {
      'agreedOn-day': '10',
      'agreedOn-month': '3',
      'agreedOn-year': '2026',
      note: 'Agreed at the case review group',
    })
    expect(signed.status).toBe(303)

    const noNote = await cr.submit(learningPaths.recommendationImpact({ recommendationId }), {
      impactNote: '',
    })
    expect(noNote.status).toBe(400)
    expect(noNote.$('#impactNote-error').text()).toContain('Enter the evidence of impact')
    const impact = await cr.submit(learningPaths.recommendationImpact({ recommendationId }), {
      impactNote: 'Referrals for neglect of babies from police attendances doubled',
      impactIndicator: 'Police referrals to children’s social care for under-ones',
      impactReaudit: '',
    })
    expect(impact.status).toBe(303)
    const closed = await cr.get(learningPaths.recommendation({ recommendationId }))
    expect(closed.$('.govuk-summary-list').text()).toContain('Closed with evidence of impact')
    expect(closed.$('.govuk-summary-list').text()).toContain('Referrals for neglect of babies')

    // Every change was audited.
    const audited = await app.services.db
      .selectFrom('audit_event')
      .select(['record_type', 'action'])
      .where('partnership_id', '=', north.id)
      .where('action', '<>', 'view')
      .where('record_type', 'in', [
        'learning_review',
        'learning_finding',
        'learning_recommendation',
      ])
      .execute()
    expect(audited.filter((a) => a.record_type === 'learning_recommendation')).toHaveLength(3)
    expect(audited.filter((a) => a.record_type === 'learning_finding')).toHaveLength(1)

    // The theme view counts it under both themes.
    const themeView = await bu.get(learningPaths.themeView())
    expect(themeView.status).toBe(200)
    const row = themeView.$('[data-theme-table] [data-theme="Neglect"]')
    expect(row.find('[data-findings]').text()).toBe('1')
    expect(row.find('[data-recommendations]').text()).toBe('1')
    expect(row.find('[data-actions-summary]').text()).toBe('1 closed with evidence')
    expect(themeView.$('svg.app-heat-map title').text()).toBe('Findings by theme and year')
    const printable = await bu.get(learningPaths.themeSummary())
    expect(
      printable.$('[data-theme="Voice and lived experience of the child"] [data-findings]').text(),
    ).toBe('1')
    const theme = await bu.get(learningPaths.theme({ themeId: neglect }))
    expect(theme.$('[data-findings]').text()).toContain('Neglect was not recognised')
    expect(theme.$('[data-actions]').text()).toContain(
      'Add home conditions to the attendance checklist',
    )

    const api = await bu.get(learningPaths.apiThemes())
    expect(api.status).toBe(200)
    const json = api.json<{
      themes: { name: string; findings: number; byYear: Record<string, number> }[]
    }>()
    expect(json.themes.find((t) => t.name === 'Neglect')).toMatchObject({
      findings: 1,
      byYear: { '2026': 1 },
    })
  })

  it('writes a view audit entry for every view of a learning review, finding and recommendation', async () => {
    const cr = await app.clientAs(reviewer)
    const reviewId = idFrom(
      (
        await cr.submit(learningPaths.reviewNew(), {
          title: 'Audit of Łukasz’s team’s supervision records',
          reviewType: 'multi_agency_audit',
          'heldOn-day': '2',
          'heldOn-month': '3',
          'heldOn-year': '2026',
        })
      ).location,
    )
    const review = await cr.get(learningPaths.review({ reviewId }))
    const themes = await themeIdsByName(
      cr,
      review.$('a:contains("Record a finding")').attr('href') ?? '',
    )
    const findingId = idFrom(
      (
        await cr.post(learningPaths.findingNew(), {
          sourceType: 'learning_review',
          sourceId: reviewId,
          title: 'Supervision did not ask about the child',
          'identifiedOn-day': '2',
          'identifiedOn-month': '3',
          'identifiedOn-year': '2026',
          themeIds: [themes.Supervision ?? ''],
        })
      ).location,
    )
    const recommendationId = idFrom(
      (
        await cr.submit(learningPaths.recommendationNew({ findingId }), {
          title: 'Supervision templates ask about the child',
          addressedTo: 'partnership',
        })
      ).location,
    )
    const views = async (recordType: string, recordId: string) =>
      (
        await app.services.db
          .selectFrom('audit_event')
          .select(['actor_user_id as actor'])
          .where('action', '=', 'view')
          .where('record_type', '=', recordType)
          .where('record_id', '=', recordId)
          .execute()
      ).map((v) => v.actor)
    const before = {
      review: (await views('learning_review', reviewId)).length,
      finding: (await views('learning_finding', findingId)).length,
      recommendation: (await views('learning_recommendation', recommendationId)).length,
    }
    await cr.get(learningPaths.review({ reviewId }))
    await cr.get(learningPaths.finding({ findingId }))
    const lead = await app.clientAs(policeLead)
    expect((await lead.get(learningPaths.recommendation({ recommendationId }))).status).toBe(200)
    expect(await views('learning_review', reviewId)).toHaveLength(before.review + 1)
    expect(await views('learning_finding', findingId)).toHaveLength(before.finding + 1)
    const recViews = await views('learning_recommendation', recommendationId)
    expect(recViews).toHaveLength(before.recommendation + 1)
    expect(recViews.at(-1)).toBe(policeLead.id)
    // A form page built on the record is not a view of it.
    await cr.get(learningPaths.recommendationAction({ recommendationId }))
    expect(await views('learning_recommendation', recommendationId)).toHaveLength(
      before.recommendation + 1,
    )
  })

  it('shows learning reviews only to the case review team and business unit', async () => {
    const cr = await app.clientAs(reviewer)
    const reviewId = idFrom(
      (
        await cr.submit(learningPaths.reviewNew(), {
          title: 'Practitioner event: Child P’s family (unpublished)',
          reviewType: 'practitioner_learning_event',
          'heldOn-day': '4',
          'heldOn-month': '3',
          'heldOn-year': '2026',
          summary: 'Fictional case detail only the team may read.',
        })
      ).location,
    )
    const board = await createUser(app.services.db, north, { roles: ['board_member'] })
    for (const user of [policeLead, board]) {
      const client = await app.clientAs(user)
      expect((await client.get(learningPaths.review({ reviewId }))).status).toBe(403)
      const list = await client.get(learningPaths.reviews())
      expect(list.status).toBe(403)
      expect(list.body).not.toContain('Child P’s family')
      // They still see the theme view, without a link to the reviews.
      const themeView = await client.get(learningPaths.themeView())
      expect(themeView.status).toBe(200)
      expect(themeView.$(`a[href="${learningPaths.reviews()}"]`)).toHaveLength(0)
    }
    for (const user of [reviewer, manager]) {
      const client = await app.clientAs(user)
      const page = await client.get(learningPaths.review({ reviewId }))
      expect(page.status).toBe(200)
      expect(page.$('main').text()).toContain('Fictional case detail only the team may read.')
      const themeView = await client.get(learningPaths.themeView())
      expect(themeView.$(`a[href="${learningPaths.reviews()}"]`).text()).toBe(
        'Learning reviews and audits',
      )
    }
  })

  it('lets only the business unit and case review team manage learning', async () => {
    const lead = await app.clientAs(policeLead)
    expect((await lead.get(learningPaths.themeView())).status).toBe(200)
    expect((await lead.get(learningPaths.reviewNew())).status).toBe(403)
    expect((await lead.get(learningPaths.vocabulary())).status).toBe(403)
    const prac = await app.clientAs(practitioner)
    expect((await prac.get(learningPaths.themeView())).status).toBe(403)
    expect((await prac.get(learningPaths.findings())).status).toBe(403)
    expect((await prac.get(learningPaths.briefings())).status).toBe(200)
    // A form needs its CSRF token.
    const bu = await app.clientAs(manager)
    await bu.get(learningPaths.reviewNew())
    const forged = await bu.post(
      learningPaths.reviewNew(),
      { title: 'Forged', reviewType: 'other' },
      { csrf: null },
    )
    expect(forged.status).toBe(403)
  })

  it('answers 404 for another partnership’s records and for ids that are not ids', async () => {
    const other = await app.clientAs(southReviewer)
    const created = await other.submit(learningPaths.reviewNew(), {
      title: 'Southmoor audit of exploitation',
      reviewType: 'multi_agency_audit',
      'heldOn-day': '2',
      'heldOn-month': '2',
      'heldOn-year': '2026',
    })
    const reviewId = idFrom(created.location)
    const cr = await app.clientAs(reviewer)
    expect((await cr.get(learningPaths.review({ reviewId }))).status).toBe(404)
    expect(
      (
        await cr.get(
          learningPaths.findingNew(undefined, {
            sourceType: 'learning_review',
            sourceId: reviewId,
          }),
        )
      ).status,
    ).toBe(404)
    expect(
      (
        await cr.get(
          learningPaths.findingNew(undefined, { sourceType: 'no_such_source', sourceId: reviewId }),
        )
      ).status,
    ).toBe(404)
    expect((await cr.get(learningPaths.review({ reviewId: 'not-an-id' }))).status).toBe(404)
    expect((await cr.get(learningPaths.finding({ findingId: reviewId }))).status).toBe(404)
    expect(
      (await cr.get(learningPaths.recommendation({ recommendationId: reviewId }))).status,
    ).toBe(404)
    expect((await cr.get(learningPaths.theme({ themeId: reviewId }))).status).toBe(404)
    expect((await cr.get(learningPaths.briefing({ briefingId: reviewId }))).status).toBe(404)
  })

  it('publishes briefings to practitioners, keeps drafts from them, and exports Word', async () => {
    const cr = await app.clientAs(reviewer)
    const reviewId = idFrom(
      (
        await cr.submit(learningPaths.reviewNew(), {
          title: 'Practitioner event on fathers',
          reviewType: 'practitioner_learning_event',
          'heldOn-day': '3',
          'heldOn-month': '3',
          'heldOn-year': '2026',
        })
      ).location,
    )
    const formUrl = learningPaths.briefingNew(undefined, {
      sourceType: 'learning_review',
      sourceId: reviewId,
    })
    const fields = {
      sourceType: 'learning_review',
      sourceId: reviewId,
      title: 'Seeing the men in a baby’s life',
      whatHappened: 'Several reviews found fathers were not asked about.',
      whatWeLearned: 'Ask who lives in and visits the home.',
      whatToDoDifferently: 'Record every adult in the household.',
      questionsForReflection: 'Who did you not ask about this week?',
    }
    const bad = await cr.submit(formUrl, { ...fields, whatWeLearned: '' })
    expect(bad.status).toBe(400)
    expect(bad.$('#whatWeLearned-error').text()).toContain('Enter what we learned')
    const created = await cr.submit(formUrl, fields)
    expect(created.status).toBe(303)
    const briefingId = idFrom(created.location)

    const prac = await app.clientAs(practitioner)
    expect((await prac.get(learningPaths.briefing({ briefingId }))).status).toBe(404)
    expect((await prac.get(learningPaths.briefings())).$('[data-briefings]').length).toBe(0)

    await cr.get(learningPaths.briefing({ briefingId }))
    expect((await cr.post(learningPaths.briefingPublish({ briefingId }))).status).toBe(303)
    const list = await prac.get(learningPaths.briefings())
    expect(list.$('[data-briefings]').text()).toContain('Seeing the men in a baby’s life')
    const page = await prac.get(learningPaths.briefing({ briefingId }))
    expect(page.status).toBe(200)
    expect(page.$('main').text()).toContain('Who did you not ask about this week?')
    // Practitioners may not manage briefings.
    expect((await prac.post(learningPaths.briefingUnpublish({ briefingId }))).status).toBe(403)

    const docx = await prac.get(learningPaths.briefingDocx({ briefingId }))
    expect(docx.status).toBe(200)
    expect(docx.headers['content-type']).toContain('wordprocessingml')
    expect(docx.body.slice(0, 2)).toBe('PK')
  })
})
