// Accounts and audit entries → what the pages and exports show. Pure.
import type { GrantScope, PermissionDefinition } from '../../platform/access/policy.ts'
import { roleLabels, roles, type Role } from '../../platform/access/roles.ts'
import { canonicalJson } from '../../platform/audit/canonical-json.ts'
import type { SheetColumn } from '../../platform/exports/xlsx.ts'
import { formatDateTime } from '../../platform/http/views.ts'
import { adminPaths } from './paths.ts'
import type { AuditRow, UserRow } from './repository.ts'
import { auditActionLabels } from './service.ts'

const statusLabels = { invited: 'Invited', active: 'Active', deactivated: 'Deactivated' } as const

export function presentUser(user: UserRow) {
  return {
    ...user,
    href: adminPaths.user({ userId: user.id }),
    statusLabel: statusLabels[user.status],
    statusClass:
      user.status === 'active'
        ? 'govuk-tag--green'
        : user.status === 'invited'
          ? 'govuk-tag--blue'
          : 'govuk-tag--grey',
    roleLabels: user.roles.map((r) => roleLabels[r]),
    kindLabel: user.kind === 'service' ? 'Service account' : 'Person',
  }
}

const scopeLabels: Readonly<Record<GrantScope, string>> = {
  all: 'Every record in the partnership',
  own_agency: "Only their own agency's records",
}

/** Each role: what it grants (from the permissions the modules declare) and who holds it. */
export function presentRoles(
  permissions: readonly (readonly [string, PermissionDefinition])[],
  users: readonly UserRow[],
  descriptions: Readonly<Record<Role, string>>,
) {
  return roles.map((role) => ({
    role,
    label: roleLabels[role],
    description: descriptions[role],
    permissions: permissions
      .filter(([, d]) => d.grants[role] !== undefined)
      .map(([name, d]) => ({
        name,
        description: d.description,
        scope: scopeLabels[d.grants[role] ?? 'all'],
      })),
    holders: users
      .filter((u) => u.roles.includes(role))
      .map((u) => ({
        displayName: u.displayName,
        href: adminPaths.user({ userId: u.id }),
        statusLabel: statusLabels[u.status],
      })),
  }))
}

export interface AuditLine {
  readonly id: number
  readonly when: string
  readonly occurredAt: Date
  readonly who: string
  readonly action: string
  readonly recordType: string
  readonly recordId: string
  readonly changes: string
  readonly ip: string
}

/** Shown in place of a case-level record's changes to a reader outside its team (ADR 0016). */
export const WITHHELD_CHANGES = 'Withheld: case-level content, shown only to its team'

export function presentAuditRow(row: AuditRow & { readonly contentWithheld?: boolean }): AuditLine {
  return {
    id: row.id,
    when: formatDateTime(row.occurredAt),
    occurredAt: row.occurredAt,
    who:
      row.actorName ??
      row.actorLabel ??
      (row.actorUserId === null ? 'Nobody signed in' : 'Unknown'),
    action: auditActionLabels[row.action],
    recordType: row.recordType,
    recordId: row.recordId ?? '',
    changes:
      row.contentWithheld === true
        ? WITHHELD_CHANGES
        : row.changes === null || row.changes === undefined
          ? ''
          : canonicalJson(row.changes),
    ip: row.ip ?? '',
  }
}

export const auditColumns: readonly SheetColumn<AuditLine>[] = [
  { header: 'Entry', value: (r) => r.id },
  { header: 'When (UK time)', value: (r) => r.when },
  { header: 'When (UTC)', value: (r) => r.occurredAt, utc: true },
  { header: 'Who', value: (r) => r.who },
  { header: 'Action', value: (r) => r.action },
  { header: 'Record type', value: (r) => r.recordType },
  { header: 'Record', value: (r) => r.recordId },
  { header: 'Changes', value: (r) => r.changes },
  { header: 'Address', value: (r) => r.ip },
]
