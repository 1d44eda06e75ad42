// Who may do what in the risk register, with the record in hand. Routes declare only their route
// permission; every service function starts with one of these, and presenters use `riskCan` for
// the page's buttons, so the page never offers what the service would refuse.
import type { PermissionDefinitions } from '../../platform/access/policy.ts'
import { conflict } from '../../platform/errors.ts'
import { authorize, can, type UseCaseContext } from '../../platform/use-case.ts'
import type { RiskStatus } from './tables.ts'

export const RISK_PERMISSIONS = {
  /** See the register, each risk, its links, mitigations and reviews. */
  read: 'risk.read',
  /** Add, change, review and close risks; raise their mitigations (the business unit). */
  manage: 'risk.manage',
} as const

export const riskPermissions: PermissionDefinitions = {
  [RISK_PERMISSIONS.read]: {
    description: 'See the risk register, each risk, its mitigations and its review history',
    grants: {
      partnership_admin: 'all',
      business_unit: 'all',
      board_member: 'all',
      agency_lead: 'all',
    },
  },
  [RISK_PERMISSIONS.manage]: {
    description: 'Add, change, review and close risks, and raise their mitigating actions',
    grants: { business_unit: 'all' },
  },
}

export function authorizeRead(ctx: UseCaseContext): void {
  authorize(ctx, RISK_PERMISSIONS.read)
}

export function authorizeManage(ctx: UseCaseContext): void {
  authorize(ctx, RISK_PERMISSIONS.manage)
}

/** Only an open risk is changed, reviewed, mitigated or closed. */
export function requireOpen(risk: { readonly status: RiskStatus }, doing: string): void {
  if (risk.status !== 'open') throw conflict(`Only an open risk can be ${doing}.`)
}

/** What the person may do to this risk, for the page. */
export function riskCan(ctx: UseCaseContext, risk: { readonly status: RiskStatus }) {
  const manage = can(ctx, RISK_PERMISSIONS.manage)
  return { manage, change: manage && risk.status === 'open' }
}
