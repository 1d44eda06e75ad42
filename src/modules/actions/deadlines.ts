// The action tracker's clock on the platform's deadline register: each action's due date (the one
// currently agreed: agreeing a new due date moves the deadline). An action is met when it was
// completed by its due date. People see the actions the tracker lets them see (canSee): their
// own, their agency's, or all.
import type { Deadline, DeadlineClock, DeadlineWindow } from '../../platform/deadlines/index.ts'
import { judgeDeadline } from '../../platform/deadlines/index.ts'
import { actorOf, today, type UseCaseContext } from '../../platform/use-case.ts'
import { actionPaths } from './paths.ts'
import * as repo from './repository.ts'
import { ACTION_PERMISSIONS, canSee, formatReference } from './service.ts'

async function actionDeadlines(ctx: UseCaseContext, window: DeadlineWindow): Promise<Deadline[]> {
  const on = today(ctx)
  const rows =
    window.asOf === undefined
      ? await repo.listActionsDueBetween(ctx.db, ctx.scope, window.from, window.to)
      : await repo.listActions(ctx.db, ctx.scope, { today: on, status: 'open' })
  const actor = actorOf(ctx)
  return rows
    .filter((a) => actor === undefined || canSee(ctx.services, actor, a))
    .map((a) => ({
      clock: actionsDueClock.key,
      recordType: 'action',
      recordId: a.id,
      label: `${formatReference(a.reference)}: ${a.title}`,
      href: actionPaths.action({ actionId: a.id }),
      owner: { id: a.ownerAgencyId, name: a.ownerAgencyName },
      dueOn: a.dueDate,
      completedOn: a.completedOn,
      met: judgeDeadline(a.dueDate, a.completedOn, on),
    }))
}

export const actionsDueClock: DeadlineClock = {
  key: 'actions.due',
  title: 'Actions due',
  module: 'actions',
  permission: ACTION_PERMISSIONS.mine,
  rule: 'Completed by the due date agreed with the owner',
  noun: ['action', 'actions'],
  deadlines: actionDeadlines,
}
