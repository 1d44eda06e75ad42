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

export const roleDescriptions: Readonly<Record<Role, string>> = {
  partnership_admin: 'Manages accounts, roles, agencies and the audit trail.',
  business_unit: "Runs the partnership's business: meetings, actions, data, reports.",
  board_member: 'Sees board and sub-group business, scorecards and reports.',
  agency_lead: "Updates their own agency's actions, data submissions and self-assessments.",
  practitioner: 'Books training and sees published material.',
  cdop_team: 'Sees and works on child death records.',
  lado_team: 'Sees and works on allegations against people who work with children.',
  case_review_team: 'Sees and works on serious incidents and case reviews.',
  private_fostering_team: 'Sees and works on private fostering arrangements.',
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
