// What each role must, and must never, be able to do: written down and reviewed by people, not
// derived from the grants the application enforces, so a grant widened by mistake in a module's
// module.ts fails the suite. Sources: ../shared/DESIGN.md ("case-level modules (child deaths,
// allegations, private fostering, case reviews) are visible only to their named teams") and the
// roles of issue 3. Change this file only with a reason a reviewer can read beside the change.
import type { GrantScope } from '../../src/platform/access/policy.ts'
import type { Role } from '../../src/platform/access/roles.ts'

/** A permission name, or a family of them: 'admin.*' is every permission starting 'admin.'. */
export type PermissionPattern = string

export function matches(pattern: PermissionPattern, permission: string): boolean {
  return pattern.endsWith('.*')
    ? permission.startsWith(pattern.slice(0, -1))
    : pattern === permission
}

export interface CaseLevelModule {
  readonly module: string
  /** Its permissions (several spellings, for modules not written yet). */
  readonly permissions: readonly PermissionPattern[]
  /** The only role that may hold them. */
  readonly team: Role
  /** Deliberate exceptions: permission -> roles that may also hold it, how far, and why. */
  readonly exceptions?: Readonly<
    Record<string, { readonly roles: Partial<Record<Role, GrantScope>>; readonly why: string }>
  >
}

/**
 * Case-level permissions are held only by the matching team. Not the partnership administrator
 * either: they manage accounts, not cases (they can give themselves a team role, which the audit
 * trail records, but holding the administrator role alone opens no case).
 */
export const caseLevelModules: readonly CaseLevelModule[] = [
  {
    module: 'case reviews',
    permissions: ['case_reviews.*', 'case-reviews.*'],
    team: 'case_review_team',
    exceptions: {
      'case_reviews.returns': {
        roles: { agency_lead: 'own_agency' },
        why: "An agency lead writes their own agency's information return for a rapid review, and no other agency's.",
      },
      'case_reviews.holidays': {
        roles: { partnership_admin: 'all' },
        why: "The partnership's extra non-working days for statutory clocks: a calendar, no case data.",
      },
    },
  },
  {
    module: 'child deaths',
    permissions: ['child_deaths.*', 'child-deaths.*', 'cdop.*'],
    team: 'cdop_team',
  },
  {
    module: 'allegations',
    permissions: ['allegations.*', 'lado.*'],
    team: 'lado_team',
  },
  {
    module: 'private fostering',
    permissions: ['private_fostering.*', 'private-fostering.*'],
    team: 'private_fostering_team',
  },
]

/**
 * Routes anyone may reach without signing in (`access: 'public'`), by URL pattern, each with why.
 * A route made public by mistake fails the access matrix until it is written down here.
 */
export const publicRoutes: Readonly<Record<string, string>> = {
  '/sign-in': 'Signing in',
  '/sign-out': 'Signing out (ends whatever session there is)',
  '/sign-in/oidc': 'Signing in through the organisation’s identity provider',
  '/sign-in/oidc/callback': 'Signing in through the organisation’s identity provider',
  '/sign-in/forgot-password': 'Asking for a password reset link',
  '/sign-in/reset-password/:token': 'A password reset link (the token is the credential)',
  '/invitation/:token': 'An invitation link (the token is the credential)',
  '/accessibility': 'The accessibility statement',
  '/privacy': 'The privacy notice',
  '/healthz': 'Liveness check',
  '/readyz': 'Readiness check',
  '/api/v1/docs': 'API reference',
  '/api/v1/openapi.json': 'API description',
  '/assets/*': 'Static assets',
  '/stylesheets/application.css': 'Static assets',
  '/javascripts/:file': 'Static assets',
  '/published-reviews/:partnershipId': 'The public register of published case reviews',
  '/published-reviews/:partnershipId/:reviewId': 'The public register of published case reviews',
  '/published-reviews/:partnershipId/:reviewId/files/:file':
    'A published review’s report and briefing',
  '/api/v1/public/:partnershipId/reviews': 'The public register, as an API',
  '/api/v1/public/:partnershipId/reviews/:reviewId': 'The public register, as an API',
  '/information-request/:token':
    'An agency contact without an account answers a rapid review information request through a time-limited, single-use secure link (the token is the credential; issue 13.5)',
  '/information-request/:token/entries': 'The same secure link: adding a chronology entry',
  '/information-request/:token/submit': 'The same secure link: submitting the return',
}

export interface RoleExpectation {
  /** Permissions the role must hold, and how far. */
  readonly mustHave: Readonly<Record<string, GrantScope>>
  /** Permissions the role must never hold. */
  readonly mustNotHave: readonly PermissionPattern[]
  /** When given, the role may hold nothing outside this list. */
  readonly onlyFrom?: readonly PermissionPattern[]
}

const administration: PermissionPattern[] = ['admin.*', 'platform.outbox.read']

export const expectedPermissions: Readonly<Record<Role, RoleExpectation>> = {
  partnership_admin: {
    mustHave: {
      'admin.users': 'all',
      'admin.audit': 'all',
      'governance.agencies.manage': 'all',
    },
    // Case-level permissions are kept from them by caseLevelModules above.
    mustNotHave: [],
  },
  business_unit: {
    mustHave: {
      'governance.read': 'all',
      'governance.manage': 'all',
      'actions.manage': 'all',
      'performance.manage': 'all',
      'learning.manage': 'all',
    },
    mustNotHave: administration,
  },
  board_member: {
    mustHave: { 'governance.read': 'all', 'performance.read': 'all', 'learning.read': 'all' },
    mustNotHave: [
      ...administration,
      'governance.manage',
      'actions.manage',
      'actions.update',
      'performance.manage',
      'performance.submit',
    ],
  },
  agency_lead: {
    // Edits only their own agency's actions, submissions and self-assessments.
    mustHave: {
      'actions.update': 'own_agency',
      'performance.submit': 'own_agency',
      'governance.challenges.respond': 'own_agency',
    },
    mustNotHave: [...administration, 'governance.manage', 'actions.manage', 'performance.manage'],
  },
  practitioner: {
    // Books training and sees published material; nothing else beyond what every account has
    // (their own meetings and their own actions).
    mustHave: { 'learning.briefings': 'all' },
    mustNotHave: administration,
    onlyFrom: ['training.*', 'learning.briefings', 'governance.meetings.mine', 'actions.mine'],
  },
  cdop_team: { mustHave: {}, mustNotHave: administration },
  lado_team: { mustHave: {}, mustNotHave: administration },
  case_review_team: {
    mustHave: { 'case_reviews.read': 'all', 'case_reviews.manage': 'all' },
    mustNotHave: administration,
  },
  private_fostering_team: { mustHave: {}, mustNotHave: administration },
}

/**
 * Must this role never hold this permission, by the table above? (The access matrix then expects a
 * 403 from every route that needs it, whatever the grants say.)
 */
export function mustNotHold(role: Role, permission: string): boolean {
  const expectation = expectedPermissions[role]
  if (expectation.mustNotHave.some((p) => matches(p, permission))) return true
  if (
    expectation.onlyFrom !== undefined &&
    !expectation.onlyFrom.some((p) => matches(p, permission))
  )
    return true
  for (const module of caseLevelModules) {
    if (!module.permissions.some((p) => matches(p, permission))) continue
    if (role === module.team) return false
    return module.exceptions?.[permission]?.roles[role] === undefined
  }
  return false
}
