// Who may do what in governance (declared in module.ts, decided by the platform policy).
export const GOVERNANCE_PERMISSIONS = {
  /** See agencies, people, groups, meetings and the attendance report. */
  read: 'governance.read',
  /** Run the partnership's business: groups, memberships, meetings, agendas, minutes. */
  manage: 'governance.manage',
  /** Keep the agency register. */
  manageAgencies: 'governance.agencies.manage',
  /** See the meetings and papers of the groups you sit on (everyone). */
  myMeetings: 'governance.meetings.mine',
  /** See the challenge log: all of it, or (agency leads) challenges involving your agency. */
  readChallenges: 'governance.challenges.read',
  /** Record challenges and their outcomes. */
  manageChallenges: 'governance.challenges.manage',
  /** Respond to a challenge made to your agency. */
  respondToChallenges: 'governance.challenges.respond',
} as const

export const everyRole = {
  partnership_admin: 'all',
  business_unit: 'all',
  board_member: 'all',
  agency_lead: 'all',
  practitioner: 'all',
  cdop_team: 'all',
  lado_team: 'all',
  case_review_team: 'all',
  private_fostering_team: 'all',
} as const
