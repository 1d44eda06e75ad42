// The register itself, with two made-up clocks in a test module: who sees which clock (by its
// permission) and which records (by the clock's own rule), the due-soon horizon in working days
// over Christmas, the filters, the page, the API, the home page, and the compliance counts, whose
// parts add up. The real clocks are tested in their own modules (src/modules/*/deadlines.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createAgency,
  createPartnership,
  createUser,
  type TestPartnership,
  type TestUser,
} from '../../../test/support/factories.ts'
import { FakeClock } from '../clock.ts'
import { provide } from '../extensions.ts'
import type { AppModule } from '../module.ts'
import { platformPaths } from '../paths.ts'
import { actorOf, today, type UseCaseContext } from '../use-case.ts'
import {
  deadlineClocks,
  inWindow,
  judgeDeadline,
  type Deadline,
  type DeadlineWindow,
} from './clocks.ts'
import { countDeadlines, financialYearOf, quartersOf } from './register.ts'

const TEAM = 'test_deadlines.team'
const RETURNS = 'test_deadlines.returns'

/** The records each clock knows, per partnership. */
const records = new Map<string, { team: Deadline[]; returns: Deadline[] }>()

function deadline(
  clock: string,
  id: string,
  dueOn: string,
  completedOn: string | null,
  owner?: { id: string; name: string },
): Deadline {
  return {
    clock,
    recordType: 'test_record',
    recordId: id,
    label: `Record ${id}`,
    href: `/test/${id}`,
    ...(owner === undefined ? {} : { owner }),
    dueOn,
    completedOn,
    met: null,
  }
}

const testModule: AppModule = {
  name: 'test-deadlines',
  permissions: {
    [TEAM]: { description: 'A team clock', grants: { case_review_team: 'all' } },
    [RETURNS]: {
      description: 'An agency clock',
      grants: { business_unit: 'all', agency_lead: 'own_agency' },
    },
  },
  provides: [
    provide(
      deadlineClocks,
      {
        key: 'test.team',
        title: 'Team deadline',
        module: 'reviews-test',
        permission: TEAM,
        rule: 'Within 5 working days',
        noun: ['team deadline', 'team deadlines'],
        deadlines: async (ctx, window) =>
          withMet(ctx, window, records.get(ctx.scope.partnershipId)?.team ?? []),
      },
      {
        key: 'test.returns',
        title: 'Agency return',
        module: 'returns-test',
        permission: RETURNS,
        rule: 'By the date agreed',
        noun: ['agency return', 'agency returns'],
        deadlines: async (ctx, window) => {
          const actor = actorOf(ctx)
          const own =
            actor !== undefined && ctx.services.policy.scopeOf(actor, RETURNS) === 'own_agency'
          return withMet(
            ctx,
            window,
            (records.get(ctx.scope.partnershipId)?.returns ?? []).filter(
              (d) => !own || d.owner?.id === actor.agencyId,
            ),
          )
        },
      },
    ),
  ],
}

function withMet(
  ctx: UseCaseContext,
  window: DeadlineWindow,
  all: readonly Deadline[],
): Deadline[] {
  const on = today(ctx)
  return all
    .filter((d) => inWindow(window, d.dueOn, d.completedOn ?? null))
    .map((d) => ({ ...d, met: judgeDeadline(d.dueOn, d.completedOn ?? null, on) }))
}

describe('the deadline register', () => {
  let app: TestApp
  let north: TestPartnership
  let agencyA: { id: string; name: string }
  let agencyB: { id: string; name: string }
  let businessUnit: TestUser
  let leadA: TestUser
  let team: TestUser
  let practitioner: TestUser

  beforeAll(async () => {
    // Wednesday 23 December 2026: 20 working days on, over Christmas, Boxing Day (Monday 28th,
    // in lieu) and New Year's Day, is Monday 25 January 2027.
    app = await buildTestApp({
      clock: new FakeClock('2026-12-23T10:00:00Z'),
      modules: [testModule],
    })
    const db = app.services.db
    north = await createPartnership(db)
    agencyA = {
      id: await createAgency(db, north, { name: 'Northshire Police' }),
      name: 'Northshire Police',
    }
    agencyB = {
      id: await createAgency(db, north, { name: "St Mary's School" }),
      name: "St Mary's School",
    }
    businessUnit = await createUser(db, north, {
      roles: ['business_unit'],
      displayName: 'Łukasz Nowak',
    })
    leadA = await createUser(db, north, { roles: ['agency_lead'], agencyId: agencyA.id })
    team = await createUser(db, north, { roles: ['case_review_team'] })
    practitioner = await createUser(db, north, { roles: ['practitioner'] })
    records.set(north.id, {
      team: [
        deadline('test.team', 'T1', '2026-12-18', null),
        deadline('test.team', 'T2', '2027-01-25', null),
        deadline('test.team', 'T3', '2027-01-26', null),
        deadline('test.team', 'T4', '2026-12-01', '2026-11-30'),
      ],
      returns: [
        deadline('test.returns', 'R1', '2026-12-23', null, agencyA),
        deadline('test.returns', 'R2', '2026-12-30', null, agencyB),
        deadline('test.returns', 'R3', '2026-10-05', '2026-10-01', agencyA),
        deadline('test.returns', 'R4', '2026-11-05', '2026-11-10', agencyB),
        deadline('test.returns', 'R5', '2026-11-20', null, agencyA),
        deadline('test.returns', 'R6', '2026-05-01', '2026-05-01', agencyA),
      ],
    })
  })
  afterAll(async () => {
    await app.close()
  })

  const listed = async (user: TestUser, query: Record<string, string> = {}) => {
    const client = await app.clientAs(user)
    const page = await client.get(platformPaths.deadlines(undefined, query))
    expect(page.status).toBe(200)
    return page
      .$('[data-deadlines] tbody tr')
      .toArray()
      .map((tr) => `${page.$(tr).attr('data-record') ?? ''} ${page.$(tr).attr('data-due') ?? ''}`)
  }

  it('lists, soonest first, what is overdue or due within 20 working days, on the clocks the person may see', async () => {
    expect(await listed(businessUnit)).toEqual(['R5 2026-11-20', 'R1 2026-12-23', 'R2 2026-12-30'])
    // T3 is due the working day after the horizon; T4 was done.
    expect(await listed(team)).toEqual(['T1 2026-12-18', 'T2 2027-01-25'])
  })

  it("shows each record only to whom the clock's own rule allows", async () => {
    expect(await listed(leadA)).toEqual(['R5 2026-11-20', 'R1 2026-12-23'])
    const client = await app.clientAs(practitioner)
    const page = await client.get(platformPaths.deadlines())
    expect(page.status).toBe(200)
    expect(page.$('[data-no-clocks]').length).toBe(1)
    expect(page.body).not.toContain('Record ')
  })

  it('filters by module, owner and clock, offering only what the person can see', async () => {
    expect(await listed(businessUnit, { owner: agencyB.id })).toEqual(['R2 2026-12-30'])
    expect(await listed(businessUnit, { module: 'reviews-test' })).toEqual([])
    expect(await listed(team, { clock: 'test.team', module: 'reviews-test' })).toHaveLength(2)
    const page = await (await app.clientAs(businessUnit)).get(platformPaths.deadlines())
    const options = (id: string) =>
      page
        .$(`#${id} option`)
        .toArray()
        .map((o) => page.$(o).text())
    expect(options('module')).toEqual(['All modules', 'Returns test'])
    expect(options('owner')).toEqual(['All owners', 'Northshire Police', "St Mary's School"])
    expect(page.$('[data-deadline="test.returns"]').first().text()).toContain('Overdue')
    // A filter value that names nothing lists nothing, and is not an error.
    expect(await listed(businessUnit, { owner: 'nobody' })).toEqual([])
  })

  it('answers the API with the same list and filters, and refuses a bad filter with a 400', async () => {
    const client = await app.clientAs(businessUnit)
    const all = await client.get(platformPaths.apiDeadlines())
    expect(all.status).toBe(200)
    const body = all.json<{
      today: string
      horizon: string
      deadlines: { recordId: string; state: string; workingDays: number; owner: unknown }[]
    }>()
    expect(body.today).toBe('2026-12-23')
    expect(body.horizon).toBe('2027-01-25')
    expect(body.deadlines.map((d) => [d.recordId, d.state, d.workingDays])).toEqual([
      ['R5', 'overdue', 23],
      ['R1', 'due_today', 0],
      ['R2', 'due_soon', 3],
    ])
    const filtered = await client.get(platformPaths.apiDeadlines(undefined, { owner: agencyB.id }))
    expect(
      filtered.json<{ deadlines: { recordId: string; owner: unknown }[] }>().deadlines,
    ).toEqual([expect.objectContaining({ recordId: 'R2', owner: agencyB })])
    const bad = await client.get(platformPaths.apiDeadlines(undefined, { owner: 'x'.repeat(101) }))
    expect(bad.status).toBe(400)
  })

  it("puts the person's overdue and due-soon deadlines on the home page, one line per clock", async () => {
    const home = await (await app.clientAs(team)).get(platformPaths.home())
    const items = home
      .$('[data-attention] li')
      .toArray()
      .map((li) => home.$(li).text().replace(/\s+/g, ' ').trim())
    expect(items).toEqual([
      'Overdue 1 team deadline is overdue',
      'Due soon 1 team deadline is due in the next 20 working days',
    ])
    expect(home.$('[data-attention] a').first().attr('href')).toBe('/deadlines?clock=test.team')
    const nothing = await (await app.clientAs(practitioner)).get(platformPaths.home())
    expect(nothing.$('[data-attention-empty]').length).toBe(1)
  })

  const complianceRows = async (user: TestUser, year?: string) => {
    const page = await (
      await app.clientAs(user)
    ).get(platformPaths.deadlineCompliance(undefined, year === undefined ? {} : { year }))
    expect(page.status).toBe(200)
    const rows: Record<string, string[]> = {}
    page.$('[data-compliance="test.returns"] tbody tr').each((_, tr) => {
      const cells = ['due', 'met', 'late', 'missed', 'not-yet-due', 'percent'].map((c) =>
        page.$(tr).find(`[data-${c}]`).text().trim(),
      )
      rows[page.$(tr).attr('data-period') ?? ''] = cells
    })
    return { rows, page }
  }

  it('counts, per quarter and for the year, what was due and how much was met on time', async () => {
    const { rows, page } = await complianceRows(businessUnit)
    expect(rows).toEqual({
      '2026-27 Q1': ['1', '1', '0', '0', '0', '100%'],
      '2026-27 Q2': ['0', '0', '0', '0', '0', '–none decided yet'],
      // R3 met, R4 late, R5 missed; R1 (due today) and R2 not yet due: 1 of 3 decided.
      '2026-27 Q3': ['5', '1', '1', '1', '2', '33%'],
      '2026-27 Q4': ['0', '0', '0', '0', '0', '–none decided yet'],
      '2026-27': ['6', '2', '1', '1', '2', '50%'],
    })
    expect(page.$('[data-compliance="test.team"]').length).toBe(0)
    // An agency lead's figures are their own agency's records only.
    const lead = await complianceRows(leadA)
    expect(lead.rows['2026-27']).toEqual(['4', '2', '0', '1', '1', '67%'])
    // The team sees its own clock's module only, and none of the returns when it picks that one.
    const picked = await (
      await app.clientAs(team)
    ).get(platformPaths.deadlineCompliance(undefined, { module: 'returns-test' }))
    expect(picked.$('[data-compliance]').length).toBe(0)
    expect(
      picked
        .$('#module option')
        .toArray()
        .map((o) => picked.$(o).text()),
    ).toEqual(['All modules', 'Reviews test'])
    // Another year: nothing was due.
    const earlier = await complianceRows(businessUnit, '2025')
    expect(earlier.rows['2025-26']).toEqual(['0', '0', '0', '0', '0', '–none decided yet'])
  })
})

describe('compliance arithmetic', () => {
  it('always adds up: due = met + late + missed + not yet due', () => {
    const counts = countDeadlines([
      { met: true, completedOn: '2026-01-01' },
      { met: false, completedOn: '2026-01-09' },
      { met: false, completedOn: null },
      { met: null, completedOn: null },
      { met: true },
    ])
    expect(counts).toEqual({ due: 5, met: 2, late: 1, missed: 1, notYetDue: 1, percentMet: 50 })
    expect(countDeadlines([])).toEqual({
      due: 0,
      met: 0,
      late: 0,
      missed: 0,
      notYetDue: 0,
      percentMet: null,
    })
  })

  it('splits the financial year into four quarters from April', () => {
    expect(financialYearOf('2027-03-31')).toBe(2026)
    expect(financialYearOf('2027-04-01')).toBe(2027)
    expect(quartersOf(2026).map((q) => [q.key, q.from, q.to])).toEqual([
      ['2026-27 Q1', '2026-04-01', '2026-06-30'],
      ['2026-27 Q2', '2026-07-01', '2026-09-30'],
      ['2026-27 Q3', '2026-10-01', '2026-12-31'],
      ['2026-27 Q4', '2027-01-01', '2027-03-31'],
    ])
  })
})
