// Partnership roles. A user can hold several. What each role may do is declared by the modules
// (their `permissions`), and decided in one place: ./policy.ts.

export const roles = [
  'partnership_admin',
  'business_unit',
  'board_member',
  'agency_lead',
  'practitioner',
  'cdop_team',
  'lado_team',
  'case_review_team',
  'private_fostering_team',
] as const

export type Role = (typeof roles)[number]

export const roleLabels: Readonly<Record<Role, string>> = {
  partnership_admin: 'Partnership administrator',
  business_unit: 'Business unit',
  board_member: 'Board member',
  agency_lead: 'Agency lead',
  practitioner: 'Practitioner',
  cdop_team: 'Child Death Overview Panel team',
  lado_team: 'LADO team',
  case_review_team: 'Case review team',
  private_fostering_team: 'Private fostering team',
}

/**
 * Roles that open case-level records about individual children or adults. Holding one requires
 * two-factor authentication.
 */
export const caseLevelRoles: ReadonlySet<Role> = new Set<Role>([
  'cdop_team',
  'lado_team',
  'case_review_team',
  'private_fostering_team',
])

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value)
}
