// Performance's clock on the platform's deadline register: each agency's data return for each
// period of each active indicator, due the indicator's number of days after the period ends (the
// module's own dueDate rule, the same dates as the data calendar). A return is met when its first
// figures arrived by the due date. Agency leads see their own agency's returns (performance.submit
// is own-agency for them); the business unit sees every agency's.
import type { Deadline, DeadlineClock, DeadlineWindow } from '../../platform/deadlines/index.ts'
import { judgeDeadline } from '../../platform/deadlines/index.ts'
import { addDays, londonDate } from '../../platform/london-time.ts'
import { actorOf, today, type UseCaseContext } from '../../platform/use-case.ts'
import { performancePaths } from './paths.ts'
import * as repo from './repository.ts'
import { dueDate, nextPeriod, periodContaining, periodLabel } from './rules/periods.ts'
import { PERFORMANCE_PERMISSIONS } from './service.ts'

/** Open returns are listed from a year back, as the data calendar lists them. */
const LOOK_BACK_DAYS = 366
/** …and up to two months ahead (well past the register's 20 working days). */
const LOOK_AHEAD_DAYS = 62

async function returnDeadlines(ctx: UseCaseContext, window: DeadlineWindow): Promise<Deadline[]> {
  const actor = actorOf(ctx)
  const scope =
    actor === undefined ? 'all' : ctx.services.policy.scopeOf(actor, PERFORMANCE_PERMISSIONS.submit)
  if (scope === undefined) return []
  const agencyId = scope === 'all' ? undefined : actor?.agencyId
  if (agencyId === null) return []
  const on = today(ctx)
  const [from, to] =
    window.asOf === undefined
      ? [window.from, window.to]
      : [addDays(window.asOf, -LOOK_BACK_DAYS), addDays(window.asOf, LOOK_AHEAD_DAYS)]
  const indicators = await repo.listIndicators(ctx.db, ctx.scope, {
    activeOnly: true,
    ...(agencyId === undefined ? {} : { agencyId }),
  })
  // A period is due after it ends, so every period due in the window started in the year before.
  const firstPeriod = periodContaining('monthly', addDays(from, -LOOK_BACK_DAYS))
  const submitted = new Map(
    (await repo.submissionTimes(ctx.db, ctx.scope, firstPeriod)).map((t) => [
      `${t.indicatorId}|${t.periodStart}`,
      londonDate(t.firstSubmittedAt),
    ]),
  )
  const deadlines: Deadline[] = []
  for (const indicator of indicators) {
    const f = indicator.frequency
    for (let p = periodContaining(f, firstPeriod); p <= to; p = nextPeriod(f, p)) {
      const due = dueDate(f, p, indicator.daysToSubmit)
      if (due < from || due > to) continue
      const completedOn = submitted.get(`${indicator.id}|${p}`) ?? null
      if (window.asOf !== undefined && completedOn !== null) continue
      deadlines.push({
        clock: dataReturnsClock.key,
        recordType: 'perf_indicator',
        recordId: indicator.id,
        label: `${indicator.code} ${indicator.title}: ${periodLabel(f, p)}`,
        href: performancePaths.indicator({ indicatorId: indicator.id }),
        owner: { id: indicator.ownerAgencyId, name: indicator.ownerAgencyName },
        dueOn: due,
        completedOn,
        met: judgeDeadline(due, completedOn, on),
      })
    }
  }
  return deadlines
}

export const dataReturnsClock: DeadlineClock = {
  key: 'performance.data_returns',
  title: 'Data returns',
  module: 'performance',
  permission: PERFORMANCE_PERMISSIONS.submit,
  rule: "Each period's figures sent within the indicator's days to submit after the period ends",
  noun: ['data return', 'data returns'],
  deadlines: returnDeadlines,
}
