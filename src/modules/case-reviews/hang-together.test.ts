// Case reviews that hang together (issue 13.5), through HTTP: an agency contact without an account
// answers through a secure link (and is never told to sign in to an account they do not have); a
// return due too late for the rapid review is warned about; publishing completes its milestone and
// may not name the child; a form that cannot succeed is not offered, and a conflict keeps the input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { deliverThroughSmtp } from '../../../test/support/mail.ts'
import { multipartBody } from '../../../test/support/multipart.ts'
import type { TestClient } from '../../../test/support/client.ts'
import { FakeClock } from '../../platform/clock.ts'
import { sha256 } from '../../platform/identity/crypto.ts'
import { caseReviewPaths as paths } from './paths.ts'
import { namesChild } from './service.ts'

const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  }
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`)

describe('case reviews that hang together', () => {
  const clock = new FakeClock('2026-03-10T10:00:00Z') // Tuesday 10 March 2026
  let app: TestApp
  let north: TestPartnership
  const agencies: Record<string, string> = {}
  let team: TestUser
  let policeLead: TestUser
  let practitioner: TestUser
  let incidentId: string
  /** The council contact's secure link (an account that may not answer returns). */
  let councilToken: string

  const returnFor = async (agencyId: string) =>
    app.services.db
      .selectFrom('information_return')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .executeTakeFirst()

  const publish = async (client: TestClient, reviewId: string, fields: Record<string, string>) => {
    await client.get(paths.newReview()) // any page with a form, for the CSRF token
    const { body, contentType } = multipartBody({
      fields: { _csrf: client.csrfToken ?? '', ...fields },
      files: [
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
      ],
    })
    return client.request('POST', paths.publish({ reviewId }), body, {
      'content-type': contentType,
    })
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock })
    const db = app.services.db
    north = await createPartnership(db)
    for (const [key, name, type] of [
      ['police', 'Northshire Police', 'police'],
      ['health', 'Northshire ICB', 'health_commissioner'],
      ['council', 'Northshire Council', 'local_authority'],
      ['school', 'St Zoë’s Academy', 'education'],
      ['probation', 'Northshire Probation', 'probation'],
    ] as const)
      agencies[key] = await createAgency(db, north, { name, type })
    team = await createUser(db, north, { roles: ['case_review_team'] })
    policeLead = await createUser(db, north, {
      roles: ['agency_lead'],
      agencyId: agencies.police ?? '',
      email: 'lukasz.nowak@example.org',
      displayName: 'Łukasz Nowak',
    })
    // An account that may not answer returns: an email to it must not say "sign in".
    practitioner = await createUser(db, north, {
      roles: ['practitioner'],
      agencyId: agencies.council ?? '',
      email: 'aoife.obrien@example.org',
    })
    const client = await app.clientAs(team)
    const created = await client.submit(paths.newIncident(), {
      childPseudonym: 'Child Zoë',
      ageBand: 'under_1',
      harm: 'serious_harm',
      whatHappened: 'A fictional non-mobile baby was brought to hospital with a fracture.',
      agencyIds: Object.values(agencies),
      ...date('awareOn', '2026-03-02'),
    })
    incidentId = created.location?.split('/').pop() ?? ''
  })
  afterAll(async () => {
    await app.close()
  })

  it('asks account holders to sign in, and sends everyone else a secure, single-use, audited link', async () => {
    const client = await app.clientAs(team)
    for (const [agency, name, email] of [
      ['police', 'Łukasz Nowak', policeLead.email],
      ['health', 'Siân Ó Briain', 'sian.obriain@example.org'],
      ['council', 'Aoife O’Brien', practitioner.email],
    ] as const) {
      const sent = await client.submit(paths.requestReturn({ incidentId }), {
        agencyId: agencies[agency] ?? '',
        contactName: name,
        contactEmail: email,
      })
      expect(sent.status).toBe(303)
    }
    const mail = await deliverThroughSmtp(app)
    const to = (email: string) => mail.find((m) => m.to.includes(email))?.text ?? ''
    // The agency lead has an account that may answer: sign in, no link.
    expect(to(policeLead.email)).toContain('Sign in to Assure')
    expect(to(policeLead.email)).not.toContain('/information-request/')
    // No account, or an account that cannot answer: a secure link, never "sign in".
    for (const email of ['sian.obriain@example.org', practitioner.email]) {
      expect(to(email)).not.toMatch(/sign in/i)
      expect(to(email)).toContain('/information-request/')
      expect(to(email)).toContain('23 March 2026') // due 16 March + 5 working days
    }
    const tokenIn = (text: string) =>
      /https?:\/\/\S+\/information-request\/(\S+)/.exec(text)?.[1] ?? ''
    const token = tokenIn(to('sian.obriain@example.org'))
    councilToken = tokenIn(to(practitioner.email))
    expect(token.length).toBeGreaterThan(20)
    // Stored only as its hash; readable copies of the mail mask it.
    const links = await app.services.db.selectFrom('information_return_link').selectAll().execute()
    expect(links.map((l) => l.token_hash)).toContain(sha256(token))
    expect(JSON.stringify(links)).not.toContain(token)
    const outbox = await app.services.db.selectFrom('outbox_message').selectAll().execute()
    expect(outbox.some((m) => m.text_body.includes(token))).toBe(false)

    // The contact, not signed in, sees their agency's return (never the child's pseudonym).
    const contact = app.client()
    const url = paths.linkReturn({ token })
    const page = await contact.get(url)
    expect(page.status).toBe(200)
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.$('h1').text()).toContain('Northshire ICB')
    expect(page.body).not.toContain('Child Zoë')
    const bad = await contact.submit(url, { whatHappened: 'x' }, paths.linkEntry({ token }))
    expect(bad.status).toBe(400)
    expect(bad.$('.govuk-error-summary').text()).toContain('date')
    const added = await contact.submit(
      url,
      {
        ...date('entryDate', '2026-02-01'),
        whatHappened: 'The fictional health visitor saw the baby at home.',
      },
      paths.linkEntry({ token }),
    )
    expect(added.status).toBe(303)
    expect((await contact.get(url)).$('[data-entries]').text()).toContain(
      'The fictional health visitor saw the baby at home.',
    )
    const submitted = await contact.submit(url, {}, paths.linkSubmit({ token }))
    expect(submitted.status).toBe(200)
    expect((await returnFor(agencies.health ?? ''))?.returned_on).toBe('2026-03-10')
    // Single use: once submitted, the link opens nothing and changes nothing.
    const spent = await contact.get(url)
    expect(spent.status).toBe(404)
    expect(spent.body).toContain('expired or has already been used')
    const again = await contact.post(paths.linkEntry({ token }), {
      ...date('entryDate', '2026-02-02'),
      whatHappened: 'A second fictional entry after submitting.',
    })
    expect(again.status).toBe(404)

    // Every view and change through the link is audited as the link, never naming the token.
    const audit = await app.services.db
      .selectFrom('audit_event')
      .select(['action', 'record_type', 'actor_label', 'actor_user_id', 'changes'])
      .where('actor_label', '=', 'Secure link for Siân Ó Briain')
      .execute()
    const changes = audit.filter((a) => a.action !== 'view')
    expect(changes.map((a) => `${a.action} ${a.record_type}`).sort()).toEqual([
      'create chronology_entry',
      'update information_return',
    ])
    // Six pages shown through the link (a refused entry re-renders the page): six view entries.
    expect(
      audit.filter((a) => a.action === 'view' && a.record_type === 'information_return'),
    ).toHaveLength(6)
    expect(audit.every((a) => a.actor_user_id === null)).toBe(true)
    const everything = await app.services.db.selectFrom('audit_event').selectAll().execute()
    expect(JSON.stringify(everything)).not.toContain(token)
  })

  it('ends a secure link five working days after the return was due', async () => {
    // The council contact's return was due 16 March: the link works to 23 March, not the 24th.
    const url = paths.linkReturn({ token: councilToken })
    try {
      clock.set('2026-03-23T17:00:00Z')
      expect((await app.client().get(url)).status).toBe(200)
      clock.set('2026-03-24T08:00:00Z')
      const expired = await app.client().get(url)
      expect(expired.status).toBe(404)
      expect(expired.body).toContain('ask the case review team for a new link')
      expect((await app.client().get(paths.linkReturn({ token: 'x'.repeat(43) }))).status).toBe(404)
    } finally {
      clock.set('2026-03-10T10:00:00Z')
    }
  })

  it('warns about a return due after the planned meeting or the deadline, and goes ahead when confirmed', async () => {
    const client = await app.clientAs(team)
    expect(
      (
        await client.submit(paths.planMeeting({ incidentId }), {
          ...date('plannedOn', '2026-03-13'),
        })
      ).status,
    ).toBe(303)
    const request = {
      agencyId: agencies.school ?? '',
      contactName: 'Zoë Quinn',
      contactEmail: 'zoe.quinn@example.org',
      ...date('dueOn', '2026-03-17'),
    }
    const warned = await client.submit(paths.requestReturn({ incidentId }), request)
    expect(warned.status).toBe(400)
    expect(warned.$('#confirmLate-error').text()).toContain(
      'after the rapid review meeting planned for 13 March 2026',
    )
    expect(warned.$('[data-late-warning] input[name="confirmLate"]').length).toBe(1)
    expect(warned.$('#contactName').val()).toBe('Zoë Quinn')
    expect(await returnFor(agencies.school ?? '')).toBeUndefined()
    const confirmed = await client.submit(paths.requestReturn({ incidentId }), {
      ...request,
      confirmLate: 'yes',
    })
    expect(confirmed.status).toBe(303)
    expect((await returnFor(agencies.school ?? ''))?.due_on).toBe('2026-03-17')

    // After the 15-working-day deadline (23 March) as well.
    const late = await client.submit(paths.requestReturn({ incidentId }), {
      agencyId: agencies.probation ?? '',
      contactName: 'Siobhán Kelly',
      contactEmail: 'siobhan.kelly@example.org',
      ...date('dueOn', '2026-03-24'),
    })
    expect(late.status).toBe(400)
    expect(late.$('#confirmLate-error').text()).toContain(
      'after the rapid review’s deadline of 23 March 2026',
    )
    expect(await returnFor(agencies.probation ?? '')).toBeUndefined()
  })

  it('refuses a public title or summary that names the child, and publishing completes the milestone', async () => {
    const client = await app.clientAs(team)
    const created = await client.submit(paths.newReview(), {
      kind: 'lcspr',
      title: 'Child Zoë LCSPR',
      incidentId,
      ...date('initiatedOn', '2026-03-10'),
    })
    expect(created.status).toBe(303)
    const reviewId = created.location?.split('/').pop() ?? ''
    const named = await publish(client, reviewId, {
      publicTitle: 'Learning from CHILD ZOË',
      publicSummary: 'What agencies learned about zoë’s care and about bruising in babies.',
      ...date('publishedOn', '2026-03-10'),
    })
    expect(named.status).toBe(400)
    expect(named.$('#publicTitle-error').text()).toContain('must not name the child')
    expect(named.$('#publicSummary-error').text()).toContain('must not name the child')
    expect(named.$('#publicTitle').val()).toBe('Learning from CHILD ZOË')
    const unpublished = await app.services.db
      .selectFrom('case_review')
      .select('published_on')
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow()
    expect(unpublished.published_on).toBeNull()

    const published = await publish(client, reviewId, {
      publicTitle: 'Learning about bruising in non-mobile babies',
      // A whole-word check: a school named after someone else is not the child.
      publicSummary: 'What agencies, St Zoëlla’s nursery among them, learned about bruising.',
      ...date('publishedOn', '2026-03-10'),
    })
    expect(published.status).toBe(303)
    const milestone = await app.services.db
      .selectFrom('review_milestone')
      .select(['actual_on'])
      .where('review_id', '=', reviewId)
      .where('kind', '=', 'publication')
      .executeTakeFirst()
    expect(milestone?.actual_on).toBe('2026-03-10')
    const page = await client.get(paths.review({ reviewId }))
    expect(page.$('main').text()).toContain('Publication')
    const audited = await app.services.db
      .selectFrom('audit_event')
      .select('id')
      .where('record_type', '=', 'case_review_milestones')
      .where('record_id', '=', reviewId)
      .execute()
    expect(audited).toHaveLength(1)
  })

  it('names the child by pseudonym or by its distinctive word, whole-word and in any case', () => {
    expect(namesChild('about child k and others', 'Child K')).toBe(true)
    expect(namesChild('vitamin K deficiency', 'Child K')).toBe(false)
    expect(namesChild('ŁUKASZ’s family', 'Baby Łukasz')).toBe(true)
    expect(namesChild('Łukaszewicz report', 'Baby Łukasz')).toBe(false)
    expect(namesChild('A baby’s care', 'Baby Łukasz')).toBe(false)
  })

  it('offers no publish form while a review is held, and keeps the input when a conflict still happens', async () => {
    const client = await app.clientAs(team)
    const created = await client.submit(paths.newReview(), {
      kind: 'thematic',
      title: 'Fictional thematic review of neglect',
      ...date('initiatedOn', '2026-03-10'),
    })
    const reviewId = created.location?.split('/').pop() ?? ''
    const form = await client.get(paths.publish({ reviewId }))
    expect(form.$(`form[action="${paths.publish({ reviewId })}"]`).length).toBe(1)
    const held = await client.submit(paths.hold({ reviewId }), {
      held: 'yes',
      holdReason: 'Fictional criminal proceedings are under way.',
    })
    expect(held.status).toBe(303)
    const review = await client.get(paths.review({ reviewId }))
    expect(review.$(`a[href="${paths.publish({ reviewId })}"]`).length).toBe(0)
    const notOffered = await client.get(paths.publish({ reviewId }))
    expect(notOffered.status).toBe(200)
    expect(notOffered.$('main form[method="post"]').length).toBe(0)
    expect(notOffered.$('[data-unavailable]').text()).toContain('Lift the hold before publishing')
    // A tab opened before the hold: the post is a 409 that keeps what was typed.
    const conflict = await publish(client, reviewId, {
      publicTitle: 'Learning about neglect in teenagers',
      publicSummary: 'What the partnership learned about neglect of older children.',
      ...date('publishedOn', '2026-03-10'),
    })
    expect(conflict.status).toBe(409)
    expect(conflict.$('.govuk-error-summary').text()).toContain('Lift the hold before publishing')
    expect(conflict.$('#publicTitle').val()).toBe('Learning about neglect in teenagers')
    expect(conflict.$('#publicSummary').text()).toContain('neglect of older children')
  })
})
