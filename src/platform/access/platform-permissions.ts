import type { PermissionDefinitions } from './policy.ts'

// Permissions for the platform's own pages. Modules declare theirs in their module.ts.
export const platformPermissions: PermissionDefinitions = {
  'platform.outbox.read': {
    description: 'Read the development outbox (mail kept when no SMTP server is configured)',
    grants: { partnership_admin: 'all' },
  },
  'platform.disclosure.manage': {
    description:
      'Set how small numbers are hidden in published tables (the threshold, symbols and zeros)',
    grants: { partnership_admin: 'all', business_unit: 'all' },
  },
}
