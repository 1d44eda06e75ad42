// The administration pages: accounts, invitations, roles, sessions, API tokens and the audit trail.
import { path } from '../../platform/http/paths.ts'

export const adminPaths = {
  home: path('/admin'),
  users: path('/admin/users'),
  invite: path('/admin/users/invite'),
  newServiceAccount: path('/admin/users/new-service-account'),
  user: path('/admin/users/:userId'),
  userRoles: path('/admin/users/:userId/roles'),
  deactivate: path('/admin/users/:userId/deactivate'),
  reactivate: path('/admin/users/:userId/reactivate'),
  resendInvitation: path('/admin/users/:userId/invitation/resend'),
  revokeInvitation: path('/admin/users/:userId/invitation/revoke'),
  invitations: path('/admin/invitations'),
  roles: path('/admin/roles'),
  roleProposals: path('/admin/role-proposals'),
  approveProposal: path('/admin/role-proposals/:proposalId/approve'),
  rejectProposal: path('/admin/role-proposals/:proposalId/reject'),
  sessions: path('/admin/sessions'),
  revokeSession: path('/admin/sessions/:sessionId/revoke'),
  apiTokens: path('/admin/api-tokens'),
  newApiToken: path('/admin/api-tokens/new'),
  revokeApiToken: path('/admin/api-tokens/:tokenId/revoke'),
  audit: path('/admin/audit'),
  auditCsv: path('/admin/audit/export/audit-trail.csv'),
  auditXlsx: path('/admin/audit/export/audit-trail.xlsx'),
  whoLooked: path('/admin/audit/who-looked'),
} as const
