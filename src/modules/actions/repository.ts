// The action tracker's SQL. Every function takes the tenant scope and filters by it.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import type { ActionStatus, ActionUpdateKind } from './tables.ts'
// The agency and people pickers are the platform directory's, shared by every module.
export {
  activeAgencies as agencyOptions,
  activePeople as userOptions,
} from '../../platform/directory.ts'

type Db = Kysely<Tables>

export interface ActionRow {
  readonly id: string
  readonly reference: number
  readonly sourceType: string
  readonly sourceId: string
  readonly title: string
  readonly description: string | null
  readonly ownerAgencyId: string
  readonly ownerAgencyName: string
  readonly ownerUserId: string | null
  readonly ownerUserName: string | null
  readonly raisedByGroupId: string | null
  readonly raisedByGroupName: string | null
  readonly raisedByUserName: string | null
  readonly raisedOn: string
  readonly dueDate: string
  readonly status: ActionStatus
  readonly completedOn: string | null
  readonly signedOffAt: Date | null
  readonly signedOffByName: string | null
  readonly updatedAt: Date
}

function selectActions(db: Db, scope: TenantScope) {
  return db
    .selectFrom('action as a')
    .innerJoin('agency as ag', (j) =>
      j
        .onRef('ag.partnership_id', '=', 'a.partnership_id')
        .onRef('ag.id', '=', 'a.owner_agency_id'),
    )
    .leftJoin('app_user as owner', (j) =>
      j
        .onRef('owner.partnership_id', '=', 'a.partnership_id')
        .onRef('owner.id', '=', 'a.owner_user_id'),
    )
    .leftJoin('app_user as raiser', (j) =>
      j
        .onRef('raiser.partnership_id', '=', 'a.partnership_id')
        .onRef('raiser.id', '=', 'a.raised_by_user_id'),
    )
    .leftJoin('app_user as signer', (j) =>
      j
        .onRef('signer.partnership_id', '=', 'a.partnership_id')
        .onRef('signer.id', '=', 'a.signed_off_by_user_id'),
    )
    .leftJoin('partnership_group as g', (j) =>
      j
        .onRef('g.partnership_id', '=', 'a.partnership_id')
        .onRef('g.id', '=', 'a.raised_by_group_id'),
    )
    .where('a.partnership_id', '=', scope.partnershipId)
    .select([
      'a.id',
      'a.reference',
      'a.source_type as sourceType',
      'a.source_id as sourceId',
      'a.title',
      'a.description',
      'a.owner_agency_id as ownerAgencyId',
      'ag.name as ownerAgencyName',
      'a.owner_user_id as ownerUserId',
      'owner.display_name as ownerUserName',
      'a.raised_by_group_id as raisedByGroupId',
      'g.name as raisedByGroupName',
      'raiser.display_name as raisedByUserName',
      'a.raised_on as raisedOn',
      'a.due_date as dueDate',
      'a.status',
      'a.completed_on as completedOn',
      'a.signed_off_at as signedOffAt',
      'signer.display_name as signedOffByName',
      'a.updated_at as updatedAt',
    ])
}

export async function findAction(
  db: Db,
  scope: TenantScope,
  actionId: string,
): Promise<ActionRow | undefined> {
  return selectActions(db, scope).where('a.id', '=', actionId).executeTakeFirst()
}

/** Locks the action's row for the rest of the transaction (one change at a time). */
export async function lockAction(
  trx: Transaction<Tables>,
  scope: TenantScope,
  actionId: string,
): Promise<ActionRow | undefined> {
  await trx
    .selectFrom('action')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', actionId)
    .forUpdate()
    .executeTakeFirst()
  return findAction(trx, scope, actionId)
}

export interface ActionFilter {
  /** Actions owned by this agency, or personally by this user (an own-agency reader's view). */
  readonly visibleTo?: { readonly agencyId: string | null; readonly userId: string }
  readonly ownerAgencyId?: string
  readonly ownerUserId?: string
  readonly groupId?: string
  readonly sourceType?: string
  readonly sourceIds?: readonly string[]
  /** 'open' for every open action; 'overdue' for open actions past their due date. */
  readonly status?: ActionStatus | 'open'
  /** The date to judge overdue by (London today). */
  readonly today: string
  /** Open actions due on or before this date. */
  readonly dueBy?: string
}

/** Every action due between two days (inclusive), open or done: the deadline register's compliance. */
export async function listActionsDueBetween(
  db: Db,
  scope: TenantScope,
  from: string,
  to: string,
): Promise<ActionRow[]> {
  return selectActions(db, scope)
    .where('a.due_date', '>=', from)
    .where('a.due_date', '<=', to)
    .orderBy('a.due_date')
    .orderBy('a.reference')
    .execute()
}

export async function listActions(
  db: Db,
  scope: TenantScope,
  filter: ActionFilter,
): Promise<ActionRow[]> {
  let query = selectActions(db, scope)
  const visible = filter.visibleTo
  if (visible !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('a.owner_user_id', '=', visible.userId),
        ...(visible.agencyId === null ? [] : [eb('a.owner_agency_id', '=', visible.agencyId)]),
      ]),
    )
  }
  if (filter.ownerAgencyId !== undefined)
    query = query.where('a.owner_agency_id', '=', filter.ownerAgencyId)
  if (filter.ownerUserId !== undefined)
    query = query.where('a.owner_user_id', '=', filter.ownerUserId)
  if (filter.groupId !== undefined) query = query.where('a.raised_by_group_id', '=', filter.groupId)
  if (filter.sourceType !== undefined) query = query.where('a.source_type', '=', filter.sourceType)
  if (filter.sourceIds !== undefined) {
    if (filter.sourceIds.length === 0) return []
    query = query.where('a.source_id', 'in', filter.sourceIds)
  }
  const open = ['not_started', 'on_track', 'at_risk', 'overdue'] as const
  switch (filter.status) {
    case undefined:
      break
    case 'open':
      query = query.where('a.status', 'in', open)
      break
    case 'overdue':
      query = query.where('a.status', 'in', open).where('a.due_date', '<', filter.today)
      break
    case 'not_started':
    case 'on_track':
    case 'at_risk':
      // What was last reported, and not yet past its due date (past it, the action is overdue).
      query = query.where('a.status', '=', filter.status).where('a.due_date', '>=', filter.today)
      break
    case 'completed':
    case 'closed_with_evidence':
      query = query.where('a.status', '=', filter.status)
      break
  }
  if (filter.dueBy !== undefined)
    query = query.where('a.status', 'in', open).where('a.due_date', '<=', filter.dueBy)
  return query.orderBy('a.due_date').orderBy('a.reference').limit(2000).execute()
}

export async function nextReference(trx: Transaction<Tables>, scope: TenantScope): Promise<number> {
  // Serialise numbering within the partnership; the unique key is the backstop.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`action-reference:${scope.partnershipId}`}, 0))`.execute(
    trx,
  )
  const row = await trx
    .selectFrom('action')
    .select((eb) => eb.fn.max('reference').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  return (row?.max ?? 0) + 1
}

export interface NewAction {
  readonly reference: number
  readonly sourceType: string
  readonly sourceId: string
  readonly title: string
  readonly description: string | null
  readonly ownerAgencyId: string
  readonly ownerUserId: string | null
  readonly raisedByGroupId: string | null
  readonly raisedByUserId: string | null
  readonly raisedOn: string
  readonly dueDate: string
  readonly status: ActionStatus
  readonly now: Date
}

export async function insertAction(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: NewAction,
): Promise<string> {
  const row = await trx
    .insertInto('action')
    .values({
      partnership_id: scope.partnershipId,
      reference: values.reference,
      source_type: values.sourceType,
      source_id: values.sourceId,
      title: values.title,
      description: values.description,
      owner_agency_id: values.ownerAgencyId,
      owner_user_id: values.ownerUserId,
      raised_by_group_id: values.raisedByGroupId,
      raised_by_user_id: values.raisedByUserId,
      raised_on: values.raisedOn,
      due_date: values.dueDate,
      status: values.status,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface ActionChange {
  readonly status?: ActionStatus
  readonly dueDate?: string
  readonly completedOn?: string | null
  readonly signedOffAt?: Date | null
  readonly signedOffByUserId?: string | null
  readonly now: Date
}

export async function updateAction(
  trx: Transaction<Tables>,
  scope: TenantScope,
  actionId: string,
  change: ActionChange,
): Promise<void> {
  await trx
    .updateTable('action')
    .set({
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.dueDate === undefined ? {} : { due_date: change.dueDate }),
      ...(change.completedOn === undefined ? {} : { completed_on: change.completedOn }),
      ...(change.signedOffAt === undefined ? {} : { signed_off_at: change.signedOffAt }),
      ...(change.signedOffByUserId === undefined
        ? {}
        : { signed_off_by_user_id: change.signedOffByUserId }),
      updated_at: change.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', actionId)
    .execute()
}

export interface NewUpdate {
  readonly actionId: string
  readonly kind: ActionUpdateKind
  readonly statusAfter: ActionStatus
  readonly note: string | null
  readonly updateDate: string
  readonly newDueDate?: string | null
  readonly recordedAt: Date
  readonly recordedByUserId: string | null
  readonly recordedByLabel: string | null
}

export async function insertUpdate(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: NewUpdate,
): Promise<string> {
  const row = await trx
    .insertInto('action_update')
    .values({
      partnership_id: scope.partnershipId,
      action_id: values.actionId,
      kind: values.kind,
      status_after: values.statusAfter,
      note: values.note,
      update_date: values.updateDate,
      new_due_date: values.newDueDate ?? null,
      recorded_at: values.recordedAt,
      recorded_by_user_id: values.recordedByUserId,
      recorded_by_label: values.recordedByLabel,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface UpdateRow {
  readonly id: string
  readonly kind: ActionUpdateKind
  readonly statusAfter: ActionStatus
  readonly note: string | null
  readonly updateDate: string
  readonly newDueDate: string | null
  readonly recordedAt: Date
  readonly recordedBy: string
}

export async function listUpdates(
  db: Db,
  scope: TenantScope,
  actionId: string,
): Promise<UpdateRow[]> {
  const rows = await db
    .selectFrom('action_update as u')
    .leftJoin('app_user as p', (j) =>
      j
        .onRef('p.partnership_id', '=', 'u.partnership_id')
        .onRef('p.id', '=', 'u.recorded_by_user_id'),
    )
    .select([
      'u.id',
      'u.kind',
      'u.status_after as statusAfter',
      'u.note',
      'u.update_date as updateDate',
      'u.new_due_date as newDueDate',
      'u.recorded_at as recordedAt',
      'p.display_name as userName',
      'u.recorded_by_label as label',
    ])
    .where('u.partnership_id', '=', scope.partnershipId)
    .where('u.action_id', '=', actionId)
    .orderBy('u.seq', 'desc')
    .execute()
  return rows.map(({ userName, label, ...row }) => ({
    ...row,
    recordedBy: userName ?? label ?? 'Assure',
  }))
}

export interface NewEvidence {
  readonly actionId: string
  readonly updateId: string | null
  readonly fileId: string
  readonly description: string
  readonly addedAt: Date
  readonly addedByUserId: string | null
}

export async function insertEvidence(
  trx: Transaction<Tables>,
  scope: TenantScope,
  values: NewEvidence,
): Promise<string> {
  const row = await trx
    .insertInto('action_evidence')
    .values({
      partnership_id: scope.partnershipId,
      action_id: values.actionId,
      update_id: values.updateId,
      file_id: values.fileId,
      description: values.description,
      added_at: values.addedAt,
      added_by_user_id: values.addedByUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface EvidenceRow {
  readonly id: string
  readonly updateId: string | null
  readonly fileId: string
  readonly description: string
  readonly filename: string
  readonly kind: string
  readonly sizeBytes: number
  readonly addedAt: Date
  readonly addedBy: string | null
}

export async function listEvidence(
  db: Db,
  scope: TenantScope,
  actionId: string,
): Promise<EvidenceRow[]> {
  return db
    .selectFrom('action_evidence as e')
    .innerJoin('stored_file as f', (j) =>
      j.onRef('f.partnership_id', '=', 'e.partnership_id').onRef('f.id', '=', 'e.file_id'),
    )
    .leftJoin('app_user as p', (j) =>
      j.onRef('p.partnership_id', '=', 'e.partnership_id').onRef('p.id', '=', 'e.added_by_user_id'),
    )
    .select([
      'e.id',
      'e.update_id as updateId',
      'e.file_id as fileId',
      'e.description',
      'f.filename',
      'f.kind',
      'f.size_bytes as sizeBytes',
      'e.added_at as addedAt',
      'p.display_name as addedBy',
    ])
    .where('e.partnership_id', '=', scope.partnershipId)
    .where('e.action_id', '=', actionId)
    .orderBy('e.added_at')
    .execute()
}

export async function countEvidence(db: Db, scope: TenantScope, actionId: string): Promise<number> {
  const row = await db
    .selectFrom('action_evidence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('partnership_id', '=', scope.partnershipId)
    .where('action_id', '=', actionId)
    .executeTakeFirst()
  return row?.n ?? 0
}

export async function findEvidenceFileId(
  db: Db,
  scope: TenantScope,
  actionId: string,
  evidenceId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('action_evidence')
    .select('file_id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('action_id', '=', actionId)
    .where('id', '=', evidenceId)
    .executeTakeFirst()
  return row?.file_id
}

export async function findAgency(
  db: Db,
  scope: TenantScope,
  agencyId: string,
): Promise<{ id: string; name: string; active: boolean } | undefined> {
  return db
    .selectFrom('agency')
    .select(['id', 'name', 'active'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', agencyId)
    .executeTakeFirst()
}

export async function findUser(
  db: Db,
  scope: TenantScope,
  userId: string,
): Promise<{ id: string; agencyId: string | null; status: string; email: string } | undefined> {
  return db
    .selectFrom('app_user')
    .select(['id', 'agency_id as agencyId', 'status', 'email'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', userId)
    .executeTakeFirst()
}

export async function groupExists(db: Db, scope: TenantScope, groupId: string): Promise<boolean> {
  const row = await db
    .selectFrom('partnership_group')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', groupId)
    .executeTakeFirst()
  return row !== undefined
}

export async function groupOptions(
  db: Db,
  scope: TenantScope,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('partnership_group')
    .select(['id', 'name'])
    .where('partnership_id', '=', scope.partnershipId)
    .orderBy('name')
    .execute()
}

export interface GroupActionCounts {
  readonly groupId: string | null
  readonly groupName: string | null
  readonly open: number
  readonly overdue: number
  readonly completed: number
  readonly closed: number
}

/** Counts by raising group (actions raised outside a group are counted under null). */
export async function countByGroup(
  db: Db,
  scope: TenantScope,
  today: string,
  visibleTo?: ActionFilter['visibleTo'],
): Promise<GroupActionCounts[]> {
  let query = db
    .selectFrom('action as a')
    .leftJoin('partnership_group as g', (j) =>
      j
        .onRef('g.partnership_id', '=', 'a.partnership_id')
        .onRef('g.id', '=', 'a.raised_by_group_id'),
    )
    .where('a.partnership_id', '=', scope.partnershipId)
  if (visibleTo !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('a.owner_user_id', '=', visibleTo.userId),
        ...(visibleTo.agencyId === null ? [] : [eb('a.owner_agency_id', '=', visibleTo.agencyId)]),
      ]),
    )
  }
  const open = sql`a.status in ('not_started', 'on_track', 'at_risk', 'overdue')`
  const rows = await query
    .select([
      'a.raised_by_group_id as groupId',
      'g.name as groupName',
      sql<number>`count(*) filter (where ${open} and a.due_date >= ${today})`.as('open'),
      sql<number>`count(*) filter (where ${open} and a.due_date < ${today})`.as('overdue'),
      sql<number>`count(*) filter (where a.status = 'completed')`.as('completed'),
      sql<number>`count(*) filter (where a.status = 'closed_with_evidence')`.as('closed'),
    ])
    .groupBy(['a.raised_by_group_id', 'g.name'])
    .orderBy('g.name')
    .execute()
  return rows
}

/** Open actions past their due date whose stored status is not yet overdue (for the daily job). */
export async function newlyOverdue(
  db: Db,
  scope: TenantScope,
  today: string,
): Promise<{ id: string; status: ActionStatus; dueDate: string }[]> {
  return db
    .selectFrom('action')
    .select(['id', 'status', 'due_date as dueDate'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('status', 'in', ['not_started', 'on_track', 'at_risk'])
    .where('due_date', '<', today)
    .orderBy('reference')
    .execute()
}

export async function countAwaitingSignOff(db: Db, scope: TenantScope): Promise<number> {
  const row = await db
    .selectFrom('action')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('partnership_id', '=', scope.partnershipId)
    .where('status', '=', 'completed')
    .executeTakeFirst()
  return row?.n ?? 0
}
