// The risk register's clock on the platform's deadline register: each open risk's review date,
// and each review done against the review date it answered. Whose reviews a person sees follows
// the rule the register used for its home-page line: those who manage the register (the business
// unit, who hold the reviews) see every risk's; other readers their own agency's risks'.
import type { Deadline, DeadlineClock, DeadlineWindow } from '../../platform/deadlines/index.ts'
import { judgeDeadline } from '../../platform/deadlines/index.ts'
import { actorOf, can, today, type UseCaseContext } from '../../platform/use-case.ts'
import { riskPaths } from './paths.ts'
import { RISK_PERMISSIONS, riskCan } from './policy.ts'
import { formatRiskReference } from './presenter.ts'
import * as repo from './repository.ts'

/** undefined: every risk; null: none; a string: that agency's risks only. */
function visibleAgency(ctx: UseCaseContext): string | null | undefined {
  const actor = actorOf(ctx)
  if (actor === undefined) return undefined
  if (!can(ctx, RISK_PERMISSIONS.read)) return null
  if (riskCan(ctx, { status: 'open' }).manage) return undefined
  return actor.agencyId
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
