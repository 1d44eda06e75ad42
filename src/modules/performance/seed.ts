// The fictional Northshire dataset: about sixty indicators over five years, monthly or quarterly,
// twelve districts, with populations, comparators, commentary, a few late submissions, revisions
// and something raised from a red indicator. Generated in memory from a fixed seed (the same demo
// every time) and inserted in large batches so it adds well under a second or two to the seed.
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { DemoSeedContext } from '../../platform/module.ts'
import { addDays, londonDate } from '../../platform/london-time.ts'
import { raiseAction } from '../actions/index.ts'
import { insertChallenge } from '../governance/repository.ts'
import * as repo from './repository.ts'
import type { ComparatorRow, IndicatorFields, NewValue } from './repository.ts'
import {
  addMonths,
  dueDate,
  periodContaining,
  periodEnd,
  periodsBetween,
  type Frequency,
} from './rules/periods.ts'
import type { Polarity } from './rules/rag.ts'
import { ratePer10000, valueFrom, type Unit } from './rules/rates.ts'
import { INDICATOR_SOURCE, WHOLE_AREA_NAME } from './service.ts'

const districts = [
  'Ashdown Vale',
  'Brackenfield',
  'Corrick',
  'Dunmere',
  'Elmstead',
  'Fellbrook',
  'Greyhaven',
  'Hollowmere',
  'Kestrel Downs',
  'Lower Wendle',
  'Marrowby',
  'Northby',
] as const

/** A small deterministic generator (mulberry32), so the demo is the same every time. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Spec {
  readonly code: string
  readonly title: string
  readonly unit: Unit
  readonly polarity: Polarity
  readonly frequency: Frequency
  readonly agency: string
  readonly priority: string
  readonly subGroup: string
  readonly target?: number
  readonly tolerance?: number
  readonly byArea?: boolean
  /** Typical value at the start, and the change over five years. */
  readonly start: number
  readonly drift: number
  /** Typical denominator (whole partnership) for percentages and averages. */
  readonly denominator?: number
  readonly definition?: string
}

const P1 = 'Early help and the front door'
const P2 = 'Child protection'
const P3 = 'Children in care and care leavers'
const P4 = 'Exploitation and missing children'
const P5 = 'A skilled and safe workforce'
const G1 = 'Performance and quality assurance sub-group'
const G2 = 'Exploitation sub-group'
const G3 = 'Learning and development sub-group'
const LA = 'county-childrens'

const specs: readonly Spec[] = [
  {
    code: 'FD-01',
    title: 'Contacts to the front door',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    byArea: true,
    start: 2100,
    drift: 250,
  },
  {
    code: 'FD-02',
    title: 'Contacts progressing to referral',
    unit: 'percentage',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    start: 24,
    drift: 2,
    denominator: 2100,
  },
  {
    code: 'FD-03',
    title: 'Referrals to children’s social care',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    byArea: true,
    start: 520,
    drift: 40,
  },
  {
    code: 'FD-04',
    title: 'Referral rate per 10,000 children',
    unit: 'rate_per_10000',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    byArea: true,
    start: 42,
    drift: 3,
  },
  {
    code: 'FD-05',
    title: 'Re-referrals within 12 months',
    unit: 'percentage',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    target: 20,
    tolerance: 3,
    start: 19,
    drift: 6,
    denominator: 520,
    definition:
      'Referrals in the month for a child referred within the previous 12 months, as a percentage of all referrals.',
  },
  {
    code: 'FD-06',
    title: 'Contact decisions within one working day',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    target: 95,
    tolerance: 3,
    start: 90,
    drift: 6,
    denominator: 2100,
  },
  {
    code: 'FD-07',
    title: 'Police notifications of domestic abuse (with children)',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: 'police',
    priority: P1,
    subGroup: G1,
    byArea: true,
    start: 610,
    drift: 60,
  },
  {
    code: 'FD-08',
    title: 'Health referrals to the front door',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: 'icb',
    priority: P1,
    subGroup: G1,
    start: 190,
    drift: 20,
  },
  {
    code: 'FD-09',
    title: 'School referrals to the front door',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: 'county-education',
    priority: P1,
    subGroup: G1,
    start: 330,
    drift: 40,
  },
  {
    code: 'EH-01',
    title: 'Early help assessments started',
    unit: 'count',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    byArea: true,
    start: 180,
    drift: 30,
  },
  {
    code: 'EH-02',
    title: 'Early help cases closed with outcomes achieved',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    target: 75,
    tolerance: 5,
    start: 72,
    drift: 6,
    denominator: 160,
  },
  {
    code: 'EH-03',
    title: 'Early help cases stepped up to social care',
    unit: 'percentage',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P1,
    subGroup: G1,
    target: 12,
    tolerance: 2,
    start: 11,
    drift: 1,
    denominator: 480,
  },
  {
    code: 'EH-04',
    title: 'Early help assessments led by schools',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'county-education',
    priority: P1,
    subGroup: G1,
    target: 40,
    tolerance: 5,
    start: 31,
    drift: 7,
    denominator: 540,
  },
  {
    code: 'CIN-01',
    title: 'Children in need at the end of the month',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    byArea: true,
    start: 3100,
    drift: 150,
  },
  {
    code: 'CIN-02',
    title: 'Children in need rate per 10,000',
    unit: 'rate_per_10000',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    byArea: true,
    start: 320,
    drift: 15,
    definition:
      'Children in need at the end of the month per 10,000 children aged 0 to 17 (ONS mid-year estimates).',
  },
  {
    code: 'CIN-03',
    title: 'Assessments completed within 45 working days',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    target: 85,
    tolerance: 5,
    start: 86,
    drift: -9,
    denominator: 480,
    definition:
      'Assessments completed in the month within 45 working days of referral, as a percentage of assessments completed.',
  },
  {
    code: 'CIN-04',
    title: 'Children in need visited within timescale',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    target: 90,
    tolerance: 5,
    start: 84,
    drift: 4,
    denominator: 2900,
  },
  {
    code: 'CP-01',
    title: 'Section 47 enquiries started',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    byArea: true,
    start: 190,
    drift: 15,
  },
  {
    code: 'CP-02',
    title: 'Initial child protection conferences within 15 working days',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    target: 85,
    tolerance: 5,
    start: 78,
    drift: 10,
    denominator: 60,
    definition:
      'Initial conferences held within 15 working days of the strategy discussion that started the section 47 enquiry.',
  },
  {
    code: 'CP-03',
    title: 'Children subject to a child protection plan',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    byArea: true,
    start: 520,
    drift: -30,
  },
  {
    code: 'CP-04',
    title: 'Child protection plan rate per 10,000',
    unit: 'rate_per_10000',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    byArea: true,
    start: 42,
    drift: -2,
  },
  {
    code: 'CP-05',
    title: 'Plans for a second or subsequent time',
    unit: 'percentage',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    target: 18,
    tolerance: 3,
    start: 19,
    drift: 5,
    denominator: 55,
    definition:
      'Children becoming subject to a plan in the month who had been subject to a plan before, at any time.',
  },
  {
    code: 'CP-06',
    title: 'Plans lasting two years or more at closure',
    unit: 'percentage',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    target: 3,
    tolerance: 1,
    start: 4,
    drift: -1.5,
    denominator: 150,
  },
  {
    code: 'CP-07',
    title: 'Review conferences within timescale',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    target: 95,
    tolerance: 3,
    start: 93,
    drift: 3,
    denominator: 90,
  },
  {
    code: 'CP-08',
    title: 'Police attendance at initial conferences',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'police',
    priority: P2,
    subGroup: G1,
    target: 90,
    tolerance: 5,
    start: 82,
    drift: 10,
    denominator: 170,
  },
  {
    code: 'CP-09',
    title: 'GP reports provided for initial conferences',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'icb',
    priority: P2,
    subGroup: G1,
    target: 80,
    tolerance: 10,
    start: 55,
    drift: 18,
    denominator: 170,
  },
  {
    code: 'CP-10',
    title: 'Health visitor attendance at core groups',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'community-health',
    priority: P2,
    subGroup: G1,
    target: 85,
    tolerance: 5,
    start: 80,
    drift: 4,
    denominator: 320,
  },
  {
    code: 'CP-11',
    title: 'Strategy discussions with police present',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: 'police',
    priority: P2,
    subGroup: G1,
    target: 95,
    tolerance: 3,
    start: 91,
    drift: 4,
    denominator: 210,
  },
  {
    code: 'CP-12',
    title: 'Child protection medicals within 24 hours',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'hospital-north',
    priority: P2,
    subGroup: G1,
    target: 90,
    tolerance: 5,
    start: 88,
    drift: 2,
    denominator: 45,
  },
  {
    code: 'CP-13',
    title: 'Emergency department safeguarding referrals',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: 'hospital-east',
    priority: P2,
    subGroup: G1,
    start: 95,
    drift: 15,
  },
  {
    code: 'CP-14',
    title: 'Average days from referral to initial conference',
    unit: 'days',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P2,
    subGroup: G1,
    target: 21,
    tolerance: 3,
    start: 24,
    drift: -4,
    denominator: 170,
  },
  {
    code: 'CLA-01',
    title: 'Children looked after',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    byArea: true,
    start: 710,
    drift: 45,
  },
  {
    code: 'CLA-02',
    title: 'Children looked after rate per 10,000',
    unit: 'rate_per_10000',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    byArea: true,
    start: 58,
    drift: 4,
  },
  {
    code: 'CLA-03',
    title: 'Children looked after with three or more placements in the year',
    unit: 'percentage',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    target: 10,
    tolerance: 2,
    start: 11,
    drift: -1,
    denominator: 710,
  },
  {
    code: 'CLA-04',
    title: 'Initial health assessments within 20 working days',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: 'icb',
    priority: P3,
    subGroup: G1,
    target: 90,
    tolerance: 10,
    start: 62,
    drift: 14,
    denominator: 35,
  },
  {
    code: 'CLA-05',
    title: 'Review health assessments in time',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'community-health',
    priority: P3,
    subGroup: G1,
    target: 90,
    tolerance: 5,
    start: 87,
    drift: 2,
    denominator: 600,
  },
  {
    code: 'CLA-06',
    title: 'Care leavers in education, employment or training',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    target: 60,
    tolerance: 5,
    start: 52,
    drift: 6,
    denominator: 280,
  },
  {
    code: 'CLA-07',
    title: 'Care leavers in suitable accommodation',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    target: 90,
    tolerance: 5,
    start: 88,
    drift: 2,
    denominator: 280,
  },
  {
    code: 'CLA-08',
    title: 'Strengths and difficulties score (average)',
    unit: 'score',
    polarity: 'lower_is_better',
    frequency: 'yearly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    target: 14,
    tolerance: 1,
    start: 15,
    drift: -0.6,
    denominator: 400,
  },
  {
    code: 'PF-01',
    title: 'Private fostering notifications',
    unit: 'count',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    start: 9,
    drift: 3,
  },
  {
    code: 'PF-02',
    title: 'Private fostering visits within timescale',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P3,
    subGroup: G1,
    target: 85,
    tolerance: 5,
    start: 79,
    drift: 8,
    denominator: 40,
  },
  {
    code: 'EX-01',
    title: 'Missing episodes (children)',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: 'police',
    priority: P4,
    subGroup: G2,
    byArea: true,
    start: 260,
    drift: 35,
  },
  {
    code: 'EX-02',
    title: 'Children missing more than three times in the month',
    unit: 'count',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    agency: 'police',
    priority: P4,
    subGroup: G2,
    start: 28,
    drift: 6,
  },
  {
    code: 'EX-03',
    title: 'Return home interviews offered within 72 hours',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    agency: LA,
    priority: P4,
    subGroup: G2,
    target: 90,
    tolerance: 5,
    start: 71,
    drift: 10,
    denominator: 240,
  },
  {
    code: 'EX-04',
    title: 'Children assessed at risk of child exploitation',
    unit: 'count',
    polarity: 'none',
    frequency: 'monthly',
    agency: LA,
    priority: P4,
    subGroup: G2,
    start: 115,
    drift: 20,
  },
  {
    code: 'EX-05',
    title: 'Exploitation screening tools completed',
    unit: 'count',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'police',
    priority: P4,
    subGroup: G2,
    start: 150,
    drift: 40,
  },
  {
    code: 'EX-06',
    title: 'Young people in the youth justice system with an exploitation plan',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'probation',
    priority: P4,
    subGroup: G2,
    target: 80,
    tolerance: 10,
    start: 58,
    drift: 12,
    denominator: 60,
  },
  {
    code: 'EX-07',
    title: 'National Referral Mechanism referrals for children',
    unit: 'count',
    polarity: 'none',
    frequency: 'quarterly',
    agency: 'police',
    priority: P4,
    subGroup: G2,
    start: 22,
    drift: 8,
  },
  {
    code: 'EX-08',
    title: 'Fire and rescue safeguarding referrals',
    unit: 'count',
    polarity: 'none',
    frequency: 'quarterly',
    agency: 'fire',
    priority: P4,
    subGroup: G2,
    start: 14,
    drift: 4,
  },
  {
    code: 'WF-01',
    title: 'LADO referrals',
    unit: 'count',
    polarity: 'none',
    frequency: 'quarterly',
    agency: LA,
    priority: P5,
    subGroup: G3,
    start: 70,
    drift: 15,
  },
  {
    code: 'WF-02',
    title: 'LADO referrals resolved within one month',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P5,
    subGroup: G3,
    target: 80,
    tolerance: 5,
    start: 74,
    drift: 5,
    denominator: 70,
  },
  {
    code: 'WF-03',
    title: 'Multi-agency training places filled',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P5,
    subGroup: G3,
    target: 85,
    tolerance: 5,
    start: 81,
    drift: 5,
    denominator: 900,
  },
  {
    code: 'WF-04',
    title: 'Training attendance (people trained)',
    unit: 'count',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P5,
    subGroup: G3,
    start: 720,
    drift: 110,
  },
  {
    code: 'WF-05',
    title: 'Training non-attendance',
    unit: 'percentage',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P5,
    subGroup: G3,
    target: 8,
    tolerance: 2,
    start: 11,
    drift: -2,
    denominator: 900,
  },
  {
    code: 'WF-06',
    title: 'Police officers completing safeguarding training',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'police',
    priority: P5,
    subGroup: G3,
    target: 95,
    tolerance: 5,
    start: 86,
    drift: 7,
    denominator: 1600,
  },
  {
    code: 'WF-07',
    title: 'GP practices with a named safeguarding lead',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'icb',
    priority: P5,
    subGroup: G3,
    target: 100,
    tolerance: 5,
    start: 92,
    drift: 6,
    denominator: 84,
  },
  {
    code: 'WF-08',
    title: 'Hospital staff with level 3 safeguarding training',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'hospital-north',
    priority: P5,
    subGroup: G3,
    target: 90,
    tolerance: 5,
    start: 78,
    drift: 9,
    denominator: 2100,
  },
  {
    code: 'WF-09',
    title: 'Schools with an up-to-date safeguarding audit',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'yearly',
    agency: 'county-education',
    priority: P5,
    subGroup: G3,
    target: 95,
    tolerance: 5,
    start: 84,
    drift: 10,
    denominator: 310,
  },
  {
    code: 'WF-10',
    title: 'Social worker vacancy rate',
    unit: 'percentage',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    agency: LA,
    priority: P5,
    subGroup: G3,
    target: 12,
    tolerance: 3,
    start: 14,
    drift: 5,
    denominator: 420,
  },
  {
    code: 'WF-11',
    title: 'Probation staff trained in child safeguarding',
    unit: 'percentage',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'probation',
    priority: P5,
    subGroup: G3,
    target: 90,
    tolerance: 5,
    start: 85,
    drift: 5,
    denominator: 260,
  },
  {
    code: 'WF-12',
    title: 'Voluntary groups signed up to safer recruitment',
    unit: 'count',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    agency: 'voluntary',
    priority: P5,
    subGroup: G3,
    start: 60,
    drift: 35,
  },
]

/** Children aged 0–17 in each district (fictional mid-2021 estimates). */
const districtPopulation = [
  14200, 11800, 16900, 9800, 13100, 10400, 15600, 8900, 12300, 11100, 9700, 13600,
]

export async function seedPerformanceDemo(
  trx: Transaction<Tables>,
  context: DemoSeedContext,
): Promise<void> {
  const { scope, services, agencies, users } = context
  const now = services.clock.now()
  const today = londonDate(now)
  const rand = random(20261122)
  const managerId = users.business_unit ?? null

  // Areas and population.
  const areaRows = await repo.insertAreas(trx, scope, [
    { name: WHOLE_AREA_NAME, kind: 'partnership', sortOrder: 0 },
    ...districts.map((name, i) => ({ name, kind: 'district' as const, sortOrder: i + 1 })),
  ])
  const whole = areaRows.find((a) => a.kind === 'partnership')
  const districtRows = districts.map((d) => areaRows.find((a) => a.name === d))
  if (whole === undefined || districtRows.some((d) => d === undefined)) return
  const districtIds = districtRows.map((d) => d?.id ?? '')
  const firstYear = Number(today.slice(0, 4)) - 5
  const population: repo.PopulationRow[] = []
  const popOf = (district: number, year: number) =>
    Math.round((districtPopulation[district] ?? 10000) * (1 + 0.004 * (year - firstYear)))
  for (let year = firstYear; year <= firstYear + 5; year += 1) {
    let total = 0
    districtIds.forEach((areaId, d) => {
      const p = popOf(d, year)
      total += p
      population.push({ areaId, year, population: p })
    })
    population.push({ areaId: whole.id, year, population: total })
  }
  await repo.upsertPopulation(trx, scope, population)

  // The catalogue.
  const fields: IndicatorFields[] = specs.map((s) => ({
    code: s.code,
    title: s.title,
    definition:
      s.definition ??
      `${s.title}${s.unit === 'rate_per_10000' ? ', per 10,000 children aged 0 to 17' : ''}, as recorded by the owning agency for the period.`,
    numeratorDefinition:
      s.unit === 'count' ? null : `Children or cases counted in “${s.title.toLowerCase()}”.`,
    denominatorDefinition:
      s.unit === 'rate_per_10000'
        ? 'Children aged 0 to 17 (ONS mid-year estimate)'
        : s.unit === 'count'
          ? null
          : 'All children or cases in scope in the period.',
    unit: s.unit,
    polarity: s.polarity,
    frequency: s.frequency,
    measure:
      s.code.startsWith('CLA-0') || s.code === 'CP-03' || s.code === 'CIN-01'
        ? 'snapshot'
        : 'period_total',
    ownerAgencyId: agencies[s.agency] ?? agencies[LA] ?? '',
    source: s.agency === LA ? 'Children’s services case management system' : 'Agency return',
    priority: s.priority,
    subGroup: s.subGroup,
    target: s.target ?? null,
    tolerance: s.tolerance ?? null,
    byArea: s.byArea ?? false,
    daysToSubmit: s.frequency === 'monthly' ? 15 : 25,
  }))
  const created = await repo.insertIndicators(trx, scope, fields, now)
  const idOf = new Map(created.map((c) => [c.code, c.id]))
  const start = addMonths(periodContaining('monthly', today), -60)
  // CIN-03's definition changed eight months ago (transfers in excluded): a break in the series.
  const changed = 'CIN-03'
  const changedFrom = addMonths(periodContaining('monthly', today), -8)
  await repo.insertVersions(
    trx,
    scope,
    [
      ...fields.map((f) => ({
        indicatorId: idOf.get(f.code) ?? '',
        version: 1,
        effectiveFrom: periodContaining(f.frequency, start),
        title: f.title,
        definition:
          f.code === changed
            ? 'Assessments completed within 45 working days of referral, including transfers in.'
            : f.definition,
        numeratorDefinition: f.numeratorDefinition,
        denominatorDefinition: f.denominatorDefinition,
        unit: f.unit,
        reason: null,
        createdByUserId: managerId,
      })),
      {
        indicatorId: idOf.get(changed) ?? '',
        version: 2,
        effectiveFrom: changedFrom,
        title: fields.find((f) => f.code === changed)?.title ?? '',
        definition: fields.find((f) => f.code === changed)?.definition ?? '',
        numeratorDefinition: null,
        denominatorDefinition: null,
        unit: 'percentage' as const,
        reason: 'Transfers in from other authorities are now excluded, following the DfE guidance.',
        createdByUserId: managerId,
      },
    ],
    now,
  )
  await trx
    .updateTable('perf_indicator')
    .set({ version: 2 })
    .where('partnership_id', '=', scope.partnershipId)
    .where('code', '=', changed)
    .execute()

  // Values: five years of each indicator's periods that have ended and fallen due.
  const values: NewValue[] = []
  const late = new Set(['EX-06', 'CP-09', 'WF-11'])
  const missingLatest = new Set(['EX-08', 'WF-12', 'CLA-05'])
  const revise: { unit: Unit; periodStart: string; areaId: string; value: NewValue }[] = []
  for (const [index, s] of specs.entries()) {
    const indicatorId = idOf.get(s.code) ?? ''
    const f = s.frequency
    const periods = periodsBetween(
      f,
      periodContaining(f, start),
      periodContaining(f, today),
    ).filter((p) => periodEnd(f, p) < today)
    const agencyUser = s.agency === 'police' ? (users.agency_lead ?? managerId) : managerId
    periods.forEach((p, i) => {
      const due = dueDate(f, p, f === 'monthly' ? 15 : 25)
      const isLatest = i === periods.length - 1
      if (isLatest && missingLatest.has(s.code) && due < today) return
      const progress = periods.length <= 1 ? 1 : i / (periods.length - 1)
      const seasonal = Math.sin((Number(p.slice(5, 7)) / 12) * 2 * Math.PI) * 0.03
      const level = s.start + s.drift * progress
      const lateDays =
        late.has(s.code) && i % 3 === 0 ? 6 + Math.floor(rand() * 20) : -Math.floor(rand() * 10) - 1
      const submittedAt = new Date(`${addDays(due, lateDays)}T09:30:00Z`)
      const status =
        isLatest || i === periods.length - 2 ? ('provisional' as const) : ('final' as const)
      const base = {
        indicatorId,
        periodStart: p,
        status,
        confidence: s.code === 'CP-09' ? ('medium' as const) : ('high' as const),
        note: null,
        submittedAt: submittedAt > now ? now : submittedAt,
        submittedByUserId: agencyUser,
        submittedByLabel: null,
      }
      const noise = () => 1 + seasonal + (rand() - 0.5) * 0.06
      if (s.byArea === true) {
        const year = Number(p.slice(0, 4))
        districtIds.forEach((areaId, d) => {
          const pop = popOf(d, Math.min(year, firstYear + 5))
          const share = pop / districtPopulation.reduce((a, b) => a + b, 0)
          const skew = 0.75 + ((d * 7) % 12) / 22
          if (s.unit === 'rate_per_10000') {
            const rate = level * skew * noise()
            const numerator = Math.max(0, Math.round((rate * pop) / 10000))
            values.push({
              ...base,
              areaId,
              numerator,
              denominator: pop,
              value: ratePer10000(numerator, pop) ?? 0,
            })
          } else {
            const n = Math.max(0, Math.round(level * share * skew * noise()))
            values.push({ ...base, areaId, numerator: n, denominator: null, value: n })
          }
        })
        return
      }
      if (s.unit === 'count') {
        const n = Math.max(0, Math.round(level * noise()))
        values.push({ ...base, areaId: whole.id, numerator: n, denominator: null, value: n })
      } else if (s.unit === 'percentage') {
        const den = Math.max(1, Math.round((s.denominator ?? 100) * (1 + (rand() - 0.5) * 0.2)))
        const pct = Math.min(100, Math.max(0, level * noise()))
        const num = Math.min(den, Math.round((den * pct) / 100))
        values.push({
          ...base,
          areaId: whole.id,
          numerator: num,
          denominator: den,
          value: (num / den) * 100,
        })
      } else {
        const den = s.denominator ?? 100
        const avg = Math.max(0, level * noise())
        const num = Math.round(avg * den)
        values.push({
          ...base,
          areaId: whole.id,
          numerator: num,
          denominator: den,
          value: num / den,
        })
      }
      // Revisions: a handful of provisional figures corrected once validated.
      if (index % 12 === 0 && i === periods.length - 3) {
        const v = values[values.length - 1]
        if (v !== undefined)
          revise.push({ unit: s.unit, periodStart: p, areaId: whole.id, value: v })
      }
    })
  }
  // The revised ones went in first as provisional figures, a little off.
  for (const r of revise) {
    const numerator = r.value.numerator === null ? null : Math.round(r.value.numerator * 0.93)
    values[values.indexOf(r.value)] = {
      ...r.value,
      status: 'provisional',
      numerator,
      value: valueFrom(r.unit, numerator, r.value.denominator) ?? r.value.value,
    }
  }
  await repo.insertValues(trx, scope, values)
  const existing = await repo.findValues(
    trx,
    scope,
    revise.map((r) => ({
      indicatorId: r.value.indicatorId,
      areaId: r.areaId,
      periodStart: r.periodStart,
    })),
  )
  const byKey = new Map(existing.map((v) => [`${v.indicatorId}|${v.periodStart}`, v.id]))
  await repo.reviseValues(
    trx,
    scope,
    revise.flatMap((r) => {
      const valueId = byKey.get(`${r.value.indicatorId}|${r.periodStart}`)
      return valueId === undefined
        ? []
        : [
            {
              valueId,
              next: {
                ...r.value,
                status: 'final' as const,
                note: 'Validated after the quarterly data cleanse.',
                submittedAt: new Date(
                  Math.min(now.getTime(), r.value.submittedAt.getTime() + 20 * 86400000),
                ),
              },
            },
          ]
    }),
    managerId,
    now,
  )

  // Comparators for the statutory measures: England, the region and ten statistical neighbours.
  const neighbours = [
    'Westmere',
    'Eastvale',
    'Southcombe',
    'Ravensholm',
    'Thornbury Fells',
    'Wyvern',
    'Harrowdale',
    'Calder Reach',
    'Oakhampton',
    'Brindlemoor',
  ]
  const comparators: ComparatorRow[] = []
  for (const code of [
    'FD-05',
    'CIN-02',
    'CIN-03',
    'CP-02',
    'CP-04',
    'CP-05',
    'CLA-02',
    'CLA-03',
    'CLA-06',
    'EH-02',
  ]) {
    const s = specs.find((x) => x.code === code)
    const indicatorId = idOf.get(code)
    if (s === undefined || indicatorId === undefined) continue
    for (let year = firstYear + 1; year <= firstYear + 5; year += 1) {
      const level = s.start + (s.drift * (year - firstYear)) / 5
      const round = (v: number) => Math.round(v * 10) / 10
      comparators.push({
        indicatorId,
        year,
        kind: 'england',
        name: 'England',
        value: round(level * 1.02),
      })
      comparators.push({
        indicatorId,
        year,
        kind: 'region',
        name: 'North West',
        value: round(level * 0.98),
      })
      for (const name of neighbours)
        comparators.push({
          indicatorId,
          year,
          kind: 'neighbour',
          name,
          value: round(level * (0.8 + rand() * 0.4)),
        })
    }
  }
  await repo.upsertComparators(trx, scope, comparators)

  // Commentary from the owning agencies on the latest periods of a few indicators.
  const latestMonth = addMonths(periodContaining('monthly', today), -1)
  const commentary = [
    [
      'CIN-03',
      'Timeliness has fallen for four months as referrals rose and two teams carried vacancies.',
      'Agency staff are covering both teams and a weekly timeliness clinic has started; we expect recovery within three months.',
    ],
    [
      'FD-05',
      'Re-referrals are above target, concentrated in neglect cases closed without a step-down to early help.',
      'All closures now need a recorded step-down decision; the multi-agency audit in the spring will test it.',
    ],
    [
      'CLA-04',
      'Initial health assessments are improving but still short of target because of paediatric capacity.',
      'The ICB has commissioned extra clinics from the community trust.',
    ],
  ] as const
  await repo.upsertCommentary(
    trx,
    scope,
    commentary.flatMap(([code, tells, doing]) => {
      const s = specs.find((x) => x.code === code)
      const indicatorId = idOf.get(code)
      if (s === undefined || indicatorId === undefined) return []
      let period = periodContaining(s.frequency, latestMonth)
      if (periodEnd(s.frequency, period) >= today)
        period = addMonths(period, s.frequency === 'monthly' ? -1 : -3)
      return [
        {
          indicatorId,
          periodStart: period,
          whatItTellsUs: tells,
          whatWeAreDoing: doing,
          writtenAt: now,
          writtenByUserId: managerId,
        },
      ]
    }),
  )

  // Something raised from a red indicator: an action in the tracker and a challenge. (Risks are
  // raised in the risk register's own demo, linked to indicators.)
  const cin03 = idOf.get('CIN-03')
  const laId = agencies[LA]
  if (cin03 !== undefined && laId !== undefined) {
    await raiseAction(fromLegacyContext(services, { scope, systemLabel: 'Northshire demo' }, trx), {
      source: { type: INDICATOR_SOURCE, id: cin03 },
      title: 'Recover assessment timeliness to 85% within 45 working days',
      description: 'Raised by the performance sub-group after two red months.',
      ownerAgencyId: laId,
      dueDate: addDays(today, 90),
    })
    // A challenge in governance's challenge log, linked to the indicator it was raised from (as
    // governance's own demo does, straight into the log).
    const police = agencies.police
    if (police !== undefined) {
      const challenge = await insertChallenge(trx, scope, {
        raisedOn: addDays(today, -7),
        raisedByAgencyId: police,
        raisedByPersonId: null,
        raisedToAgencyId: laId,
        raisedToPersonId: null,
        groupId: null,
        subject: 'What is the plan to recover assessment timeliness?',
        detail:
          'The board asks children’s services to report its recovery plan to the next meeting.',
      })
      await repo.insertIndicatorChallenge(trx, scope, {
        indicatorId: cin03,
        challengeId: challenge.id,
        raisedAt: now,
        raisedByUserId: managerId,
      })
    }
  }
}
