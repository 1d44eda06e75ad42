// The audit trail as administrators read it: search, export and "who looked", with case-level
// content withheld from readers outside the owning team (ADR 0016). Split from service.ts.
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { RequestContext } from '../../platform/http/access-control.ts'
import type { Services } from '../../platform/services.ts'
import * as repo from './repository.ts'
import type { AuditAction } from '../../platform/db/tables.ts'

import { ADMIN_PERMISSIONS, audited } from './service.ts'

export const AUDIT_PAGE_SIZE = 50
export const AUDIT_EXPORT_LIMIT = 50_000

/** An audit entry as this reader may see it: a case-level record's changes withheld (ADR 0016). */
export type VisibleAuditRow = repo.AuditRow & { readonly contentWithheld: boolean }

/**
 * The one place audit rows leave the service, for the page and every export: what the trail
 * recorded of a case-level record's content is withheld unless the reader holds the permission
 * that owns the record type (its team). Who, when, what kind of change and which record stay.
 */
function asSeenBy(services: Services, ctx: RequestContext, rows: readonly repo.AuditRow[]) {
  return rows.map((row): VisibleAuditRow => {
    const withheld =
      row.changes !== null && !services.policy.mayReadRecordContent(ctx.actor, row.recordType)
    return withheld
      ? { ...row, changes: null, contentWithheld: true }
      : { ...row, contentWithheld: false }
  })
}

export async function searchAudit(
  services: Services,
  ctx: RequestContext,
  filter: repo.AuditFilter,
  page: number,
) {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  const result = await repo.searchAudit(services.db, ctx.scope, filter, {
    limit: AUDIT_PAGE_SIZE,
    offset: (page - 1) * AUDIT_PAGE_SIZE,
  })
  return {
    ...result,
    rows: asSeenBy(services, ctx, result.rows),
    page,
    pages: Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE)),
  }
}

export async function auditFilterOptions(services: Services, ctx: RequestContext) {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  return {
    users: await repo.listUsers(services.db, ctx.scope),
    recordTypes: await repo.recordTypes(services.db, ctx.scope),
  }
}

/** The rows for an export, and its own 'export' audit entry (in the same transaction). */
export async function exportAudit(
  services: Services,
  ctx: RequestContext,
  filter: repo.AuditFilter,
  format: 'csv' | 'xlsx',
): Promise<VisibleAuditRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  return services.db.transaction().execute(async (trx: Transaction<Tables>) => {
    const { rows } = await repo.searchAudit(trx, ctx.scope, filter, {
      limit: AUDIT_EXPORT_LIMIT,
      offset: 0,
    })
    await services.audit.record(
      trx,
      audited(ctx, {
        action: 'export',
        recordType: 'audit_trail',
        changes: {
          format,
          rows: rows.length,
          filter: {
            ...filter,
            from: filter.from?.toISOString(),
            to: filter.to?.toISOString(),
          },
        },
      }),
    )
    return asSeenBy(services, ctx, rows)
  })
}

export async function whoLooked(
  services: Services,
  ctx: RequestContext,
  recordType: string,
  recordId: string,
): Promise<repo.ViewerRow[]> {
  services.policy.authorize(ctx.actor, ADMIN_PERMISSIONS.audit)
  return repo.whoLooked(services.db, ctx.scope, recordType, recordId)
}

export const auditActionLabels: Record<AuditAction, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  view: 'Viewed',
  export: 'Exported',
  sign_in: 'Signed in',
  sign_out: 'Signed out',
  failed_sign_in: 'Failed sign-in',
  permission_denied: 'Permission denied',
}
