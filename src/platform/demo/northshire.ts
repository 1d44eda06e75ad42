// The fictional Northshire Safeguarding Children Partnership. Every name here is invented.
import type { AgencyType } from '../db/tables.ts'
import type { Role } from '../access/roles.ts'

export const NORTHSHIRE = {
  name: 'Northshire Safeguarding Children Partnership',
  shortName: 'NSCP',
} as const

/** A neighbouring partnership, for joint panels and for showing that partnerships stay apart. */
export const SOUTHMOOR = {
  name: 'Southmoor Safeguarding Children Partnership',
  shortName: 'SSCP',
} as const

export interface DemoAgency {
  readonly key: string
  readonly name: string
  readonly type: AgencyType
}

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

export const northshireAgencies: readonly DemoAgency[] = [
  {
    key: 'county-childrens',
    name: "Northshire County Council – Children's Services",
    type: 'local_authority',
  },
  { key: 'county-education', name: 'Northshire County Council – Education', type: 'education' },
  { key: 'police', name: 'Northshire Police', type: 'police' },
  { key: 'icb', name: 'Northshire Integrated Care Board', type: 'health_commissioner' },
  {
    key: 'hospital-north',
    name: 'Northshire Hospitals NHS Foundation Trust',
    type: 'health_provider',
  },
  {
    key: 'hospital-east',
    name: 'Eastbridge and Wendle University Hospitals NHS Trust',
    type: 'health_provider',
  },
  {
    key: 'community-health',
    name: 'Northshire Community Health NHS Trust',
    type: 'health_provider',
  },
  { key: 'probation', name: 'Probation Service – Northshire', type: 'probation' },
  { key: 'cafcass', name: 'Cafcass', type: 'cafcass' },
  ...districts.map((d) => ({
    key: `district-${d.toLowerCase().replace(/\s+/g, '-')}`,
    name: `${d} District Council`,
    type: 'district_council' as const,
  })),
  { key: 'fire', name: 'Northshire Fire and Rescue Service', type: 'fire' },
  {
    key: 'voluntary',
    name: 'Northshire Voluntary Sector Safeguarding Network',
    type: 'voluntary_community',
  },
]

export const southmoorAgencies: readonly DemoAgency[] = [
  {
    key: 'county-childrens',
    name: "Southmoor Council – Children's Services",
    type: 'local_authority',
  },
  { key: 'police', name: 'Southmoor Constabulary', type: 'police' },
  { key: 'icb', name: 'Southmoor Integrated Care Board', type: 'health_commissioner' },
]

export interface DemoUser {
  readonly role: Role
  readonly email: string
  readonly displayName: string
  readonly agencyKey: string | null
}

export const northshireUsers: readonly DemoUser[] = [
  {
    role: 'partnership_admin',
    email: 'admin@northshire-scp.example',
    displayName: "Siobhán O'Brien",
    agencyKey: null,
  },
  {
    // A second administrator: giving someone a case-level role needs two (ADR 0016).
    role: 'partnership_admin',
    email: 'admin2@northshire-scp.example',
    displayName: 'Tomasz Wiśniewski',
    agencyKey: null,
  },
  {
    role: 'business_unit',
    email: 'business.unit@northshire-scp.example',
    displayName: 'Priya Raman',
    agencyKey: null,
  },
  {
    role: 'board_member',
    email: 'board@northshire-scp.example',
    displayName: 'Marcus Ellison-Hart',
    agencyKey: 'icb',
  },
  {
    role: 'agency_lead',
    email: 'police.lead@northshire-scp.example',
    displayName: 'Zoë Adeyemi',
    agencyKey: 'police',
  },
  {
    role: 'practitioner',
    email: 'practitioner@northshire-scp.example',
    displayName: 'Łukasz Nowak',
    agencyKey: 'county-childrens',
  },
  {
    role: 'cdop_team',
    email: 'cdop@northshire-scp.example',
    displayName: 'Grace Okonjo',
    agencyKey: 'icb',
  },
  {
    role: 'lado_team',
    email: 'lado@northshire-scp.example',
    displayName: 'Tomasz Wiśniewski',
    agencyKey: 'county-childrens',
  },
  {
    role: 'case_review_team',
    email: 'case.reviews@northshire-scp.example',
    displayName: 'Aoife Kennedy',
    agencyKey: null,
  },
  {
    role: 'private_fostering_team',
    email: 'private.fostering@northshire-scp.example',
    displayName: 'Rhys Llewellyn',
    agencyKey: 'county-childrens',
  },
]

export const southmoorUsers: readonly DemoUser[] = [
  {
    role: 'business_unit',
    email: 'business.unit@southmoor-scp.example',
    displayName: 'Hannah Mistry',
    agencyKey: null,
  },
]
