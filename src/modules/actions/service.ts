// The action tracker's use cases. Other modules raise actions with raiseAction (inside their own
// transaction, so the meeting item or challenge and its action commit together) and read them
// back with listActionsForSource; see README.md. Every change: authorise with the record in hand,
// guard the state (status.ts), write in a transaction, audit in the same transaction.
import type { Transaction } from 'kysely'
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { auditActorLabel, type Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { ValidationError, conflict, forbidden, notFound } from '../../platform/errors.ts'
import {
  readFile,
  saveFile,
  type AcceptedUpload,
  type StoredFileContent,
} from '../../platform/files/file-store.ts'
import { partnershipScopes } from '../../platform/jobs/partnerships.ts'
import { addDays, londonDate } from '../../platform/london-time.ts'
import { checkDateWindows } from '../../platform/date-rules.ts'
import { messages } from '../../platform/messages.ts'
import type { AttentionItem } from '../../platform/module.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid, tenantScope, type TenantScope } from '../../platform/tenancy.ts'
import { actionPaths } from './paths.ts'
import * as repo from './repository.ts'
import type { ActionFilter, ActionRow, EvidenceRow, UpdateRow } from './repository.ts'
import { raiseActionInputSchema, type RaiseActionInput } from './schemas.ts'
import * as status from './status.ts'
import type { ProgressStatus } from './status.ts'
import type { ActionStatus } from './tables.ts'

export const ACTION_PERMISSIONS = {
  /** See and update the actions you own yourself (everyone). */
  mine: 'actions.mine',
  /** See actions: everything, or (agency leads) your own agency's. */
  read: 'actions.read',
  /** Record progress and evidence: everything, or your own agency's. */
  update: 'actions.update',
  /** Agree new due dates, sign off, return to owner (the business unit). */
  manage: 'actions.manage',
} as const

/** Who is acting, in which partnership. A request's context fits; jobs leave actor out. */
export interface ActionsContext {
  readonly scope: TenantScope
  /** Undefined when the system acts (a scheduled job); then systemLabel names it. */
  readonly actor?: Actor
  readonly systemLabel?: string
  readonly requestId?: string
  readonly ip?: string
}

export type { ActionRow, EvidenceRow, UpdateRow }

const DUE_SOON_DAYS = 7

export function todayIn(services: Services): string {
  return londonDate(services.clock.now())
}

function auditActor(ctx: ActionsContext): {
  partnershipId: string
  actorUserId: string | null
  actorLabel: string | null
  requestId: string | null
  ip: string | null
} {
  return {
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor?.userId ?? null,
    actorLabel:
      ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : auditActorLabel(ctx.actor),
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  }
}

// ---------------------------------------------------------------------------------------------
// Access, decided with the action in hand.

function holdsMine(services: Services, actor: Actor): boolean {
  return services.policy.can(actor, ACTION_PERMISSIONS.mine)
}

export function canSee(services: Services, actor: Actor, action: ActionRow): boolean {
  if (action.ownerUserId === actor.userId && holdsMine(services, actor)) return true
  return services.policy.can(actor, ACTION_PERMISSIONS.read, { agencyId: action.ownerAgencyId })
}

export function canUpdate(services: Services, actor: Actor, action: ActionRow): boolean {
  if (action.ownerUserId === actor.userId && holdsMine(services, actor)) return true
  return services.policy.can(actor, ACTION_PERMISSIONS.update, { agencyId: action.ownerAgencyId })
}

export function canManage(services: Services, actor: Actor): boolean {
  return services.policy.can(actor, ACTION_PERMISSIONS.manage)
}

async function visibleAction(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
  actionId: string,
): Promise<ActionRow> {
  if (!isUuid(actionId)) throw notFound()
  const action = await repo.findAction(services.db, ctx.scope, actionId)
  if (action === undefined) throw notFound()
  if (!canSee(services, ctx.actor, action)) throw forbidden()
  return action
}

// ---------------------------------------------------------------------------------------------
// For other modules.

/**
 * Raises an action from a record in another module. The calling module decides who may raise
 * actions from its records (check its own permission first); this checks the input, numbers the
 * action, records the 'raised' update and audits it, inside `trx` when given (so the source and
 * its action commit together) or a transaction of its own. Bad input throws a ValidationError
 * whose fields are named as in raiseActionFields (title, ownerAgencyId, ownerUserId, dueDate…).
 */
export async function raiseAction(
  services: Services,
  ctx: ActionsContext,
  trx: Transaction<Tables> | undefined,
  input: RaiseActionInput,
): Promise<{ id: string; reference: string }> {
  if (trx === undefined)
    return services.db.transaction().execute((t) => raiseAction(services, ctx, t, input))
  const parsed = raiseActionInputSchema.safeParse(input)
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || 'form',
        message: issue.message,
      })),
    )
  }
  const value = parsed.data
  const { scope } = ctx
  const today = todayIn(services)
  const raisedOn = value.raisedOn ?? today
  const problems: { field: string; message: string }[] = []
  const agency = await repo.findAgency(trx, scope, value.ownerAgencyId)
  if (agency === undefined)
    problems.push({
      field: 'ownerAgencyId',
      message: messages.select('the agency that owns the action'),
    })
  if (value.ownerUserId != null) {
    const user = await repo.findUser(trx, scope, value.ownerUserId)
    if (user?.status !== 'active')
      problems.push({
        field: 'ownerUserId',
        message: messages.select('the person who owns the action'),
      })
    else if (user.agencyId !== null && agency !== undefined && user.agencyId !== agency.id)
      problems.push({
        field: 'ownerUserId',
        message: 'Select a person from the agency that owns the action, or no one',
      })
  }
  if (value.raisedOn === undefined && value.dueDate < today)
    problems.push({ field: 'dueDate', message: messages.notInPast('the due date') })
  else if (value.dueDate < raisedOn)
    problems.push({
      field: 'dueDate',
      message: messages.dateAfter('the due date', 'the date the action was raised'),
    })
  if (value.raisedByGroupId != null && !(await repo.groupExists(trx, scope, value.raisedByGroupId)))
    problems.push({ field: 'raisedByGroupId', message: messages.select('the group') })
  if (problems.length > 0) throw new ValidationError(problems)

  const now = services.clock.now()
  const reference = await repo.nextReference(trx, scope)
  const initial: ActionStatus = value.dueDate < today ? 'overdue' : 'not_started'
  const id = await repo.insertAction(trx, scope, {
    reference,
    sourceType: value.source.type,
    sourceId: value.source.id,
    title: value.title,
    description: value.description ?? null,
    ownerAgencyId: value.ownerAgencyId,
    ownerUserId: value.ownerUserId ?? null,
    raisedByGroupId: value.raisedByGroupId ?? null,
    raisedByUserId: ctx.actor?.userId ?? null,
    raisedOn,
    dueDate: value.dueDate,
    status: initial,
    now,
  })
  await repo.insertUpdate(trx, scope, {
    actionId: id,
    kind: 'raised',
    statusAfter: initial,
    note: null,
    updateDate: raisedOn,
    recordedAt: now,
    recordedByUserId: ctx.actor?.userId ?? null,
    recordedByLabel: ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : null,
  })
  await services.audit.record(trx, {
    ...auditActor(ctx),
    action: 'create',
    recordType: 'action',
    recordId: id,
    changes: {
      after: {
        reference,
        source: value.source,
        title: value.title,
        description: value.description ?? null,
        ownerAgencyId: value.ownerAgencyId,
        ownerUserId: value.ownerUserId ?? null,
        raisedByGroupId: value.raisedByGroupId ?? null,
        raisedOn,
        dueDate: value.dueDate,
        status: initial,
      },
    },
  })
  return { id, reference: formatReference(reference) }
}

/** "A-0042": how the action log refers to an action. */
export function formatReference(reference: number): string {
  return `A-${String(reference).padStart(4, '0')}`
}

/** Actions raised from these records of one source type (for the source's own page). */
export async function listActionsForSource(
  services: Services,
  scope: TenantScope,
  sourceType: string,
  sourceIds: readonly string[],
  /** The caller's transaction, so a check and the change it guards read the same rows. */
  db: Kysely<Tables> = services.db,
): Promise<ActionRow[]> {
  return repo.listActions(db, scope, {
    sourceType,
    sourceIds,
    today: todayIn(services),
  })
}

/** Open actions raised by a group and past their due date (for escalation). */
export async function overdueActionsRaisedByGroups(
  services: Services,
  scope: TenantScope,
): Promise<ActionRow[]> {
  const rows = await repo.listActions(services.db, scope, {
    status: 'overdue',
    today: todayIn(services),
  })
  return rows.filter((r) => r.raisedByGroupId !== null)
}

/** Notes on the action's history that it was put on a meeting's agenda. */
export async function recordEscalation(
  services: Services,
  ctx: ActionsContext,
  trx: Transaction<Tables>,
  actionId: string,
  note: string,
): Promise<void> {
  const action = await repo.lockAction(trx, ctx.scope, actionId)
  if (action === undefined) throw notFound()
  const updateId = await repo.insertUpdate(trx, ctx.scope, {
    actionId,
    kind: 'escalated',
    statusAfter: action.status,
    note,
    updateDate: todayIn(services),
    recordedAt: services.clock.now(),
    recordedByUserId: ctx.actor?.userId ?? null,
    recordedByLabel: ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : null,
  })
  await services.audit.record(trx, {
    ...auditActor(ctx),
    action: 'create',
    recordType: 'action_update',
    recordId: updateId,
    changes: { after: { actionId, kind: 'escalated', note } },
  })
}

/** A person's open actions that are overdue or due within 7 days (for reminders). */
export async function actionsDueForOwner(
  services: Services,
  scope: TenantScope,
  userId: string,
): Promise<{ overdue: ActionRow[]; dueSoon: ActionRow[] }> {
  const today = todayIn(services)
  const rows = await repo.listActions(services.db, scope, {
    ownerUserId: userId,
    today,
    dueBy: addDays(today, DUE_SOON_DAYS),
  })
  return {
    overdue: rows.filter((r) => r.dueDate < today),
    dueSoon: rows.filter((r) => r.dueDate >= today),
  }
}

export interface RaiseActionOptions {
  readonly agencies: readonly { id: string; name: string }[]
  readonly people: readonly { id: string; name: string; agencyName: string | null }[]
}

/** The choices a "raise an action" form offers (agencies and people of the partnership). */
export async function raiseActionOptions(
  services: Services,
  scope: TenantScope,
): Promise<RaiseActionOptions> {
  return {
    agencies: await repo.agencyOptions(services.db, scope),
    people: await repo.userOptions(services.db, scope),
  }
}

// ---------------------------------------------------------------------------------------------
// Lists.

export type ActionView = 'mine' | 'agency' | 'all' | 'overdue'

export interface ListRequest {
  readonly view: ActionView
  readonly status?: ActionStatus | 'open'
  readonly agencyId?: string
  readonly groupId?: string
  readonly sourceType?: string
}

/** The actions a person may see in one of the views, with the view's own filter applied. */
export async function listActions(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
  request: ListRequest,
): Promise<ActionRow[]> {
  const { actor } = ctx
  const today = todayIn(services)
  const filter: {
    -readonly [K in keyof ActionFilter]: ActionFilter[K]
  } = { today }
  if (request.status !== undefined) filter.status = request.status
  if (request.agencyId !== undefined) filter.ownerAgencyId = request.agencyId
  if (request.groupId !== undefined) filter.groupId = request.groupId
  if (request.sourceType !== undefined) filter.sourceType = request.sourceType
  switch (request.view) {
    case 'mine':
      filter.ownerUserId = actor.userId
      break
    case 'agency':
      if (actor.agencyId === null) return []
      services.policy.authorize(actor, ACTION_PERMISSIONS.read, { agencyId: actor.agencyId })
      filter.ownerAgencyId = actor.agencyId
      break
    case 'overdue':
      filter.status = 'overdue'
      restrictToScope(services, actor, filter)
      break
    case 'all':
      restrictToScope(services, actor, filter)
      break
  }
  return repo.listActions(services.db, ctx.scope, filter)
}

function restrictToScope(
  services: Services,
  actor: Actor,
  filter: { visibleTo?: ActionFilter['visibleTo'] },
): void {
  const scope = services.policy.scopeOf(actor, ACTION_PERMISSIONS.read)
  if (scope === undefined) throw forbidden()
  if (scope === 'own_agency') filter.visibleTo = { agencyId: actor.agencyId, userId: actor.userId }
}

export async function countsByGroup(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
): Promise<repo.GroupActionCounts[]> {
  const filter: { visibleTo?: ActionFilter['visibleTo'] } = {}
  restrictToScope(services, ctx.actor, filter)
  return repo.countByGroup(services.db, ctx.scope, todayIn(services), filter.visibleTo)
}

export async function filterOptions(
  services: Services,
  scope: TenantScope,
): Promise<{ agencies: { id: string; name: string }[]; groups: { id: string; name: string }[] }> {
  return {
    agencies: await repo.agencyOptions(services.db, scope),
    groups: await repo.groupOptions(services.db, scope),
  }
}

/** Writes the 'export' audit entry for an action log download (the rows are what was listed). */
export async function auditExport(
  services: Services,
  ctx: ActionsContext,
  details: { format: 'csv' | 'xlsx'; view: ActionView; filter: object; rows: number },
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'export',
      recordType: 'action_log',
      changes: details,
    })
  })
}

// ---------------------------------------------------------------------------------------------
// One action.

export interface ActionDetail {
  readonly action: ActionRow
  readonly updates: readonly UpdateRow[]
  readonly evidence: readonly EvidenceRow[]
  readonly today: string
  readonly canUpdate: boolean
  readonly canManage: boolean
}

export async function getAction(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
  actionId: string,
): Promise<ActionDetail> {
  const action = await visibleAction(services, ctx, actionId)
  return {
    action,
    updates: await repo.listUpdates(services.db, ctx.scope, action.id),
    evidence: await repo.listEvidence(services.db, ctx.scope, action.id),
    today: todayIn(services),
    canUpdate: canUpdate(services, ctx.actor, action),
    canManage: canManage(services, ctx.actor),
  }
}

export interface ProgressInput {
  readonly status: ProgressStatus
  readonly note: string
  /** The date the update describes; today when not given. */
  readonly updateDate?: string
  readonly evidence?: { readonly upload: AcceptedUpload; readonly description: string }
}

/** An owner's progress update or completion, with optional evidence. */
export async function recordProgress(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor; requestId?: string; ip?: string },
  actionId: string,
  input: ProgressInput,
): Promise<ActionRow> {
  if (!isUuid(actionId)) throw notFound()
  const today = todayIn(services)
  const updateDate = input.updateDate ?? today
  return services.db.transaction().execute(async (trx) => {
    const action = await repo.lockAction(trx, ctx.scope, actionId)
    if (action === undefined) throw notFound()
    if (!canSee(services, ctx.actor, action) || !canUpdate(services, ctx.actor, action))
      throw forbidden()
    checkDateWindows([
      {
        field: 'updateDate',
        label: 'the date of the update',
        value: updateDate,
        notBefore: { date: action.raisedOn, is: 'the date the action was raised' },
        notAfter: { date: today, is: 'today' },
      },
    ])
    const transition = status.recordProgress(action.status, input.status, action.dueDate, today)
    if (!transition.ok) {
      if (!status.isOpen(action.status)) throw conflict(transition.reason)
      throw new ValidationError([{ field: 'status', message: transition.reason }])
    }
    const now = services.clock.now()
    const completing = transition.status === 'completed'
    await repo.updateAction(trx, ctx.scope, action.id, {
      status: transition.status,
      ...(completing ? { completedOn: updateDate } : {}),
      now,
    })
    const updateId = await repo.insertUpdate(trx, ctx.scope, {
      actionId: action.id,
      kind: completing ? 'completed' : 'progress',
      statusAfter: transition.status,
      note: input.note,
      updateDate,
      recordedAt: now,
      recordedByUserId: ctx.actor.userId,
      recordedByLabel: null,
    })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'action_update',
      recordId: updateId,
      changes: {
        after: {
          actionId: action.id,
          kind: completing ? 'completed' : 'progress',
          statusAfter: transition.status,
          note: input.note,
          updateDate,
        },
      },
    })
    if (transition.status !== action.status) {
      await services.audit.record(trx, {
        ...auditActor(ctx),
        action: 'update',
        recordType: 'action',
        recordId: action.id,
        changes: changedFields(
          { status: action.status, completedOn: action.completedOn },
          { status: transition.status, completedOn: completing ? updateDate : action.completedOn },
        ),
      })
    }
    if (input.evidence !== undefined)
      await storeEvidence(services, ctx, trx, action.id, updateId, input.evidence)
    return (await repo.findAction(trx, ctx.scope, action.id)) ?? action
  })
}

async function storeEvidence(
  services: Services,
  ctx: ActionsContext,
  trx: Transaction<Tables>,
  actionId: string,
  updateId: string | null,
  evidence: { upload: AcceptedUpload; description: string },
): Promise<void> {
  const now = services.clock.now()
  const file = await saveFile(trx, ctx.scope, evidence.upload, ctx.actor?.userId ?? null, now)
  const evidenceId = await repo.insertEvidence(trx, ctx.scope, {
    actionId,
    updateId,
    fileId: file.id,
    description: evidence.description,
    addedAt: now,
    addedByUserId: ctx.actor?.userId ?? null,
  })
  await services.audit.record(trx, {
    ...auditActor(ctx),
    action: 'create',
    recordType: 'action_evidence',
    recordId: evidenceId,
    changes: {
      after: {
        actionId,
        fileId: file.id,
        filename: file.filename,
        sizeBytes: file.sizeBytes,
        description: evidence.description,
      },
    },
  })
}

/** Evidence added on its own (an open or completed action; not once closed). */
export async function addEvidence(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor; requestId?: string; ip?: string },
  actionId: string,
  evidence: { upload: AcceptedUpload; description: string },
): Promise<void> {
  if (!isUuid(actionId)) throw notFound()
  await services.db.transaction().execute(async (trx) => {
    const action = await repo.lockAction(trx, ctx.scope, actionId)
    if (action === undefined) throw notFound()
    if (!canSee(services, ctx.actor, action) || !canUpdate(services, ctx.actor, action))
      throw forbidden()
    if (action.status === 'closed_with_evidence')
      throw conflict('This action has been signed off and closed.')
    await storeEvidence(services, ctx, trx, action.id, null, evidence)
  })
}

export async function evidenceFile(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
  actionId: string,
  evidenceId: string,
): Promise<StoredFileContent> {
  const action = await visibleAction(services, ctx, actionId)
  if (!isUuid(evidenceId)) throw notFound()
  const fileId = await repo.findEvidenceFileId(services.db, ctx.scope, action.id, evidenceId)
  const file = fileId === undefined ? undefined : await readFile(services.db, ctx.scope, fileId)
  if (file === undefined) throw notFound()
  return file
}

async function manageTransition(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor; requestId?: string; ip?: string },
  actionId: string,
  change: (
    action: ActionRow,
    trx: Transaction<Tables>,
    today: string,
  ) => Promise<{
    transition: status.Transition
    kind: 'due_date_changed' | 'signed_off' | 'returned'
    note: string | null
    updateDate: string
    newDueDate?: string
  }>,
): Promise<void> {
  if (!isUuid(actionId)) throw notFound()
  const today = todayIn(services)
  await services.db.transaction().execute(async (trx) => {
    const action = await repo.lockAction(trx, ctx.scope, actionId)
    if (action === undefined) throw notFound()
    if (!canManage(services, ctx.actor)) throw forbidden()
    const { transition, kind, note, updateDate, newDueDate } = await change(action, trx, today)
    if (!transition.ok) throw conflict(transition.reason)
    const now = services.clock.now()
    const after = {
      status: transition.status,
      dueDate: newDueDate ?? action.dueDate,
      completedOn: kind === 'returned' ? null : action.completedOn,
      signedOffAt: kind === 'signed_off' ? now : null,
      signedOffByUserId: kind === 'signed_off' ? ctx.actor.userId : null,
    }
    await repo.updateAction(trx, ctx.scope, action.id, { ...after, now })
    const updateId = await repo.insertUpdate(trx, ctx.scope, {
      actionId: action.id,
      kind,
      statusAfter: transition.status,
      note,
      updateDate,
      newDueDate: newDueDate ?? null,
      recordedAt: now,
      recordedByUserId: ctx.actor.userId,
      recordedByLabel: null,
    })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'action_update',
      recordId: updateId,
      changes: { after: { actionId: action.id, kind, statusAfter: transition.status, note } },
    })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'action',
      recordId: action.id,
      changes: changedFields(
        {
          status: action.status,
          dueDate: action.dueDate,
          completedOn: action.completedOn,
          signedOffAt: action.signedOffAt,
        },
        {
          status: after.status,
          dueDate: after.dueDate,
          completedOn: after.completedOn,
          signedOffAt: after.signedOffAt,
        },
      ),
    })
  })
}

/** The business unit agrees a new due date (with the reason on the action's history). */
export async function changeDueDate(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor; requestId?: string; ip?: string },
  actionId: string,
  input: { newDueDate: string; reason: string },
): Promise<void> {
  await manageTransition(services, ctx, actionId, async (action, _trx, today) => {
    checkDateWindows([
      {
        field: 'newDueDate',
        label: 'the new due date',
        value: input.newDueDate,
        notBefore: [
          { date: today, is: 'today' },
          { date: action.raisedOn, is: 'the date the action was raised' },
        ],
      },
    ])
    return {
      transition: status.changeDueDate(action.status, input.newDueDate, today),
      kind: 'due_date_changed',
      note: input.reason,
      updateDate: today,
      newDueDate: input.newDueDate,
    }
  })
}

/** The raising group has agreed the completed action is done: closed with evidence. */
export async function signOffAction(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor; requestId?: string; ip?: string },
  actionId: string,
  input: { agreedOn: string; note: string | null },
): Promise<void> {
  await manageTransition(services, ctx, actionId, async (action, trx, today) => {
    if (input.agreedOn > today)
      throw new ValidationError([
        {
          field: 'agreedOn',
          message: messages.notInFuture('the date the group agreed to sign it off'),
        },
      ])
    const evidence = await repo.countEvidence(trx, ctx.scope, action.id)
    return {
      transition: status.signOff(action.status, evidence),
      kind: 'signed_off',
      note: input.note,
      updateDate: input.agreedOn,
    }
  })
}

/** Sign-off refused: the action goes back to its owner with the reason. */
export async function returnAction(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor; requestId?: string; ip?: string },
  actionId: string,
  input: { reason: string },
): Promise<void> {
  await manageTransition(services, ctx, actionId, async (action, _trx, today) => ({
    transition: status.returnToOwner(action.status, action.dueDate, today),
    kind: 'returned',
    note: input.reason,
    updateDate: today,
  }))
}

// ---------------------------------------------------------------------------------------------
// The daily job and the home page.

/** Records 'overdue' on every open action past its due date. Safe to run any number of times. */
export async function markOverdueActions(services: Services, scope: TenantScope): Promise<number> {
  const today = todayIn(services)
  const candidates = await repo.newlyOverdue(services.db, scope, today)
  let marked = 0
  for (const candidate of candidates) {
    const changed = await services.db.transaction().execute(async (trx) => {
      const action = await repo.lockAction(trx, scope, candidate.id)
      if (action === undefined) return false
      const transition = status.markOverdue(action.status, action.dueDate, today)
      if (!transition.ok) return false
      const now = services.clock.now()
      await repo.updateAction(trx, scope, action.id, { status: transition.status, now })
      await repo.insertUpdate(trx, scope, {
        actionId: action.id,
        kind: 'overdue',
        statusAfter: transition.status,
        note: null,
        updateDate: today,
        recordedAt: now,
        recordedByUserId: null,
        recordedByLabel: 'Overdue check',
      })
      await services.audit.record(trx, {
        partnershipId: scope.partnershipId,
        actorUserId: null,
        actorLabel: 'Overdue check',
        action: 'update',
        recordType: 'action',
        recordId: action.id,
        changes: changedFields({ status: action.status }, { status: transition.status }),
      })
      return true
    })
    if (changed) marked += 1
  }
  return marked
}

export async function markOverdueEverywhere(services: Services): Promise<number> {
  let marked = 0
  for (const scope of await partnershipScopes(services.db))
    marked += await markOverdueActions(services, scope)
  return marked
}

export async function attention(services: Services, actor: Actor): Promise<AttentionItem[]> {
  const scope = tenantScope(actor.partnershipId)
  const today = todayIn(services)
  const dueBy = addDays(today, DUE_SOON_DAYS)
  const items: AttentionItem[] = []
  if (holdsMine(services, actor)) {
    const mine = await repo.countOwnedBy(services.db, scope, { userId: actor.userId }, today, dueBy)
    if (mine.overdue > 0)
      items.push({
        text: `${plural(mine.overdue, 'of your actions is', 'of your actions are')} overdue`,
        href: actionPaths.mine(),
        count: mine.overdue,
        severity: 'overdue',
      })
    if (mine.dueSoon > 0)
      items.push({
        text: `${plural(mine.dueSoon, 'of your actions is', 'of your actions are')} due in the next ${DUE_SOON_DAYS} days`,
        href: actionPaths.mine(),
        count: mine.dueSoon,
        severity: 'due',
      })
  }
  if (
    actor.agencyId !== null &&
    services.policy.scopeOf(actor, ACTION_PERMISSIONS.update) === 'own_agency'
  ) {
    const agency = await repo.countOwnedBy(
      services.db,
      scope,
      { agencyId: actor.agencyId },
      today,
      dueBy,
    )
    if (agency.overdue > 0)
      items.push({
        text: `${plural(agency.overdue, "of your agency's actions is", "of your agency's actions are")} overdue`,
        href: actionPaths.agency(),
        count: agency.overdue,
        severity: 'overdue',
      })
  }
  if (canManage(services, actor)) {
    const awaiting = await repo.countAwaitingSignOff(services.db, scope)
    if (awaiting > 0)
      items.push({
        text: `${plural(awaiting, 'completed action is', 'completed actions are')} waiting to be signed off`,
        href: actionPaths.all(undefined, { status: 'completed' }),
        count: awaiting,
        severity: 'info',
      })
  }
  return items
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}
