// What other modules call in the action tracker, in the kit's shape: the use-case context first,
// joining the caller's transaction when it has one. These are the tracker's public use cases;
// index.ts exports them and nothing else of service.ts.
import type { UseCaseContext } from '../../platform/use-case.ts'
import { actorOf, toLegacyContext, transaction } from '../../platform/use-case.ts'
import type { AcceptedUpload } from '../../platform/files/file-store.ts'
import * as service from './service.ts'
import type { ActionRow, ProgressInput, RaiseActionOptions } from './service.ts'
import type { RaiseActionInput } from './schemas.ts'

/**
 * Raises an action from a record in another module. The calling module decides who may raise
 * actions from its records (check its own permission first); this checks the input, numbers the
 * action, records the 'raised' update and audits it, in the context's transaction when it has
 * one. Bad input throws a ValidationError with the fields named as in raiseActionFormSchema.
 */
export async function raiseAction(
  ctx: UseCaseContext,
  input: RaiseActionInput,
): Promise<{ id: string; reference: string }> {
  return transaction(ctx, (tx) =>
    service.raiseAction(tx.services, toLegacyContext(tx), tx.db, input),
  )
}

/** Actions raised from these records of one source type (for the source's own page). */
export async function listActionsForSource(
  ctx: UseCaseContext,
  sourceType: string,
  sourceIds: readonly string[],
): Promise<ActionRow[]> {
  return service.listActionsForSource(ctx.services, ctx.scope, sourceType, sourceIds, ctx.db)
}

/** Open actions raised by a group and past their due date (for escalation). */
export async function overdueActionsRaisedByGroups(ctx: UseCaseContext): Promise<ActionRow[]> {
  return service.overdueActionsRaisedByGroups(ctx.services, ctx.scope)
}

/** Records on the action that it was escalated (inside the caller's transaction). */
export async function recordEscalation(
  ctx: UseCaseContext,
  actionId: string,
  note: string,
): Promise<void> {
  await transaction(ctx, (tx) =>
    service.recordEscalation(tx.services, toLegacyContext(tx), tx.db, actionId, note),
  )
}

/** A person's overdue and soon-due actions (for reminder digests). */
export async function actionsDueForOwner(
  ctx: UseCaseContext,
  userId: string,
): Promise<{ overdue: ActionRow[]; dueSoon: ActionRow[] }> {
  return service.actionsDueForOwner(ctx.services, ctx.scope, userId)
}

/** The agencies and people an action can be given to, for "raise an action" forms. */
export async function raiseActionOptions(ctx: UseCaseContext): Promise<RaiseActionOptions> {
  return service.raiseActionOptions(ctx.services, ctx.scope)
}

function personOf(ctx: UseCaseContext) {
  const actor = actorOf(ctx)
  if (actor === undefined) throw new Error('This use case is done by a person')
  return { ...toLegacyContext(ctx), actor }
}

/** Records progress on an action, as its owner or their agency lead would. */
export async function recordProgress(
  ctx: UseCaseContext,
  actionId: string,
  input: ProgressInput,
): Promise<ActionRow> {
  return service.recordProgress(ctx.services, personOf(ctx), actionId, input)
}

/** Adds a file of evidence to an action. */
export async function addEvidence(
  ctx: UseCaseContext,
  actionId: string,
  evidence: { upload: AcceptedUpload; description: string },
): Promise<void> {
  await service.addEvidence(ctx.services, personOf(ctx), actionId, evidence)
}

/** Signs an action off (the business unit). */
export async function signOffAction(
  ctx: UseCaseContext,
  actionId: string,
  input: { agreedOn: string; note: string | null },
): Promise<void> {
  await service.signOffAction(ctx.services, personOf(ctx), actionId, input)
}

/** May the person see this action (their own, their agency's, or all)? */
export function canSee(ctx: UseCaseContext, action: ActionRow): boolean {
  const actor = actorOf(ctx)
  return actor === undefined || service.canSee(ctx.services, actor, action)
}
