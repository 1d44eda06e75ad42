// The risk register's clock on the platform's deadline register: each open risk's review date,
// and each review done against the review date it answered. Who sees which risks follows the
// register's own rule (risk.read: every risk, or an agency's own).
import type { Deadline, DeadlineClock, DeadlineWindow } from '../../platform/deadlines/index.ts'
import { judgeDeadline } from '../../platform/deadlines/index.ts'
import { actorOf, today, type UseCaseContext } from '../../platform/use-case.ts'
import { riskPaths } from './paths.ts'
import { RISK_PERMISSIONS } from './policy.ts'
import { formatRiskReference } from './presenter.ts'
import * as repo from './repository.ts'

/** undefined: every risk; null: none; a string: that agency's risks only. */
function visibleAgency(ctx: UseCaseContext): string | null | undefined {
  const actor = actorOf(ctx)
  if (actor === undefined) return undefined
  const scope = ctx.services.policy.scopeOf(actor, RISK_PERMISSIONS.read)
  if (scope === 'all') return undefined
  if (scope === 'own_agency') return actor.agencyId
  return null
}

async function reviewDeadlines(ctx: UseCaseContext, window: DeadlineWindow): Promise<Deadline[]> {
  const agency = visibleAgency(ctx)
  if (agency === null) return []
  const filter = agency === undefined ? {} : { ownerAgencyId: agency }
  const on = today(ctx)
  const rows =
    window.asOf === undefined
      ? [
          ...(await repo.reviewsDueBetween(ctx.db, ctx.scope, window.from, window.to, agency)),
          ...(await repo.openReviewDeadlines(ctx.db, ctx.scope, {
            ...filter,
            from: window.from,
            to: window.to,
          })),
        ]
      : await repo.openReviewDeadlines(ctx.db, ctx.scope, filter)
  return rows.map((r) => ({
    clock: riskReviewClock.key,
    recordType: 'risk',
    recordId: r.riskId,
    label: `${formatRiskReference(r.reference)}: ${r.title}`,
    href: riskPaths.risk({ riskId: r.riskId }),
    owner: { id: r.ownerAgencyId, name: r.ownerAgencyName },
    dueOn: r.dueOn,
    completedOn: r.reviewedOn,
    met: judgeDeadline(r.dueOn, r.reviewedOn, on),
  }))
}

export const riskReviewClock: DeadlineClock = {
  key: 'risk.review',
  title: 'Risk reviews',
  module: 'risk',
  permission: RISK_PERMISSIONS.read,
  rule: 'Reviewed by the review date set when the risk was added or last reviewed',
  noun: ['risk review', 'risk reviews'],
  deadlines: reviewDeadlines,
}
