// Governance's SQL. Every function takes the tenant scope and filters by it.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { AgencyType } from '../../platform/db/tables.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import type { AttendanceStatus, ChallengeStatus, GroupKind, MembershipRole } from './tables.ts'

type Db = Kysely<Tables>
type Trx = Transaction<Tables>

// ---------------------------------------------------------------------------------------------
// Agencies.

export interface AgencyRow {
  readonly id: string
  readonly name: string
  readonly shortName: string | null
  readonly type: AgencyType
  readonly active: boolean
}

export async function listAgencies(db: Db, scope: TenantScope): Promise<AgencyRow[]> {
  return db
    .selectFrom('agency')
    .select(['id', 'name', 'short_name as shortName', 'type', 'active'])
    .where('partnership_id', '=', scope.partnershipId)
    .orderBy('name')
    .execute()
}

export async function findAgency(
  db: Db,
  scope: TenantScope,
  agencyId: string,
): Promise<AgencyRow | undefined> {
  return db
    .selectFrom('agency')
    .select(['id', 'name', 'short_name as shortName', 'type', 'active'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', agencyId)
    .executeTakeFirst()
}

export async function agencyNameTaken(
  db: Db,
  scope: TenantScope,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where(sql<boolean>`lower(name) = lower(${name})`)
  if (exceptId !== null) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export async function insertAgency(
  trx: Trx,
  scope: TenantScope,
  values: { name: string; shortName: string | null; type: AgencyType },
): Promise<string> {
  const row = await trx
    .insertInto('agency')
    .values({
      partnership_id: scope.partnershipId,
      name: values.name,
      short_name: values.shortName,
      type: values.type,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateAgency(
  trx: Trx,
  scope: TenantScope,
  agencyId: string,
  values: { name: string; shortName: string | null; type: AgencyType; now: Date },
): Promise<void> {
  await trx
    .updateTable('agency')
    .set({
      name: values.name,
      short_name: values.shortName,
      type: values.type,
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', agencyId)
    .execute()
}

// ---------------------------------------------------------------------------------------------
// People.

export interface PersonRow {
  readonly id: string
  readonly fullName: string
  readonly email: string | null
  readonly jobTitle: string | null
  readonly phone: string | null
  readonly agencyId: string | null
  readonly agencyName: string | null
  readonly isNamedContact: boolean
  readonly userId: string | null
  readonly homePartnershipId: string | null
  readonly homePartnershipName: string | null
  readonly externalOrganisation: string | null
}

function selectPeople(db: Db, scope: TenantScope) {
  return db
    .selectFrom('person as p')
    .leftJoin('agency as a', (j) =>
      j.onRef('a.partnership_id', '=', 'p.partnership_id').onRef('a.id', '=', 'p.agency_id'),
    )
    .leftJoin('partnership as hp', 'hp.id', 'p.home_partnership_id')
    .where('p.partnership_id', '=', scope.partnershipId)
    .select([
      'p.id',
      'p.full_name as fullName',
      'p.email',
      'p.job_title as jobTitle',
      'p.phone',
      'p.agency_id as agencyId',
      'a.name as agencyName',
      'p.is_named_contact as isNamedContact',
      'p.user_id as userId',
      'p.home_partnership_id as homePartnershipId',
      'hp.name as homePartnershipName',
      'p.external_organisation as externalOrganisation',
    ])
}

export async function listPeople(
  db: Db,
  scope: TenantScope,
  filter: { agencyId?: string; namedContactsOnly?: boolean } = {},
): Promise<PersonRow[]> {
  let query = selectPeople(db, scope).where('p.active', '=', true)
  if (filter.agencyId !== undefined) query = query.where('p.agency_id', '=', filter.agencyId)
  if (filter.namedContactsOnly === true) query = query.where('p.is_named_contact', '=', true)
  return query.orderBy('p.full_name').execute()
}

export async function findPerson(
  db: Db,
  scope: TenantScope,
  personId: string,
): Promise<PersonRow | undefined> {
  return selectPeople(db, scope).where('p.id', '=', personId).executeTakeFirst()
}

export async function personEmailTaken(
  db: Db,
  scope: TenantScope,
  email: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('person')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('email', '=', email)
  if (exceptId !== null) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

/** The account in this partnership with this email, to link a person to it. */
export async function userIdByEmail(
  db: Db,
  scope: TenantScope,
  email: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('email', '=', email)
    .executeTakeFirst()
  return row?.id
}

export interface PersonValues {
  readonly fullName: string
  readonly email: string | null
  readonly jobTitle: string | null
  readonly phone: string | null
  readonly agencyId: string | null
  readonly isNamedContact: boolean
  readonly userId: string | null
  readonly homePartnershipId?: string | null
  readonly externalOrganisation?: string | null
}

export async function insertPerson(
  trx: Trx,
  scope: TenantScope,
  values: PersonValues,
): Promise<string> {
  const row = await trx
    .insertInto('person')
    .values({
      partnership_id: scope.partnershipId,
      full_name: values.fullName,
      email: values.email,
      job_title: values.jobTitle,
      phone: values.phone,
      agency_id: values.agencyId,
      is_named_contact: values.isNamedContact,
      user_id: values.userId,
      home_partnership_id: values.homePartnershipId ?? null,
      external_organisation: values.externalOrganisation ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updatePerson(
  trx: Trx,
  scope: TenantScope,
  personId: string,
  values: PersonValues & { now: Date },
): Promise<void> {
  await trx
    .updateTable('person')
    .set({
      full_name: values.fullName,
      email: values.email,
      job_title: values.jobTitle,
      phone: values.phone,
      agency_id: values.agencyId,
      is_named_contact: values.isNamedContact,
      user_id: values.userId,
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', personId)
    .execute()
}

/** The person records of a signed-in user in their own partnership. */
export async function personIdsForUser(
  db: Db,
  scope: TenantScope,
  userId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('person')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('user_id', '=', userId)
    .execute()
  return rows.map((r) => r.id)
}

// ---------------------------------------------------------------------------------------------
// Groups and memberships.

export interface GroupRow {
  readonly id: string
  readonly name: string
  readonly shortName: string | null
  readonly kind: GroupKind
  readonly parentGroupId: string | null
  readonly parentGroupName: string | null
  readonly purpose: string | null
  readonly quorumMinimum: number | null
  readonly quorumNeedsChair: boolean
  readonly quorumNeedsStatutoryPartners: boolean
  readonly termsOfReferenceFileId: string | null
  readonly termsOfReferenceReviewDate: string | null
  readonly active: boolean
}

function selectGroups(db: Db, scope: TenantScope) {
  return db
    .selectFrom('partnership_group as g')
    .leftJoin('partnership_group as parent', (j) =>
      j
        .onRef('parent.partnership_id', '=', 'g.partnership_id')
        .onRef('parent.id', '=', 'g.parent_group_id'),
    )
    .where('g.partnership_id', '=', scope.partnershipId)
    .select([
      'g.id',
      'g.name',
      'g.short_name as shortName',
      'g.kind',
      'g.parent_group_id as parentGroupId',
      'parent.name as parentGroupName',
      'g.purpose',
      'g.quorum_minimum as quorumMinimum',
      'g.quorum_needs_chair as quorumNeedsChair',
      'g.quorum_needs_statutory_partners as quorumNeedsStatutoryPartners',
      'g.terms_of_reference_file_id as termsOfReferenceFileId',
      'g.terms_of_reference_review_date as termsOfReferenceReviewDate',
      'g.active',
    ])
}

export async function listGroups(db: Db, scope: TenantScope): Promise<GroupRow[]> {
  return selectGroups(db, scope).orderBy('g.name').execute()
}

export async function findGroup(
  db: Db,
  scope: TenantScope,
  groupId: string,
): Promise<GroupRow | undefined> {
  return selectGroups(db, scope).where('g.id', '=', groupId).executeTakeFirst()
}

export async function groupNameTaken(
  db: Db,
  scope: TenantScope,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('partnership_group')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('name', '=', name)
  if (exceptId !== null) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export interface GroupValues {
  readonly name: string
  readonly shortName: string | null
  readonly kind: GroupKind
  readonly parentGroupId: string | null
  readonly purpose: string | null
  readonly quorumMinimum: number | null
  readonly quorumNeedsChair: boolean
  readonly quorumNeedsStatutoryPartners: boolean
}

function groupColumns(values: GroupValues) {
  return {
    name: values.name,
    short_name: values.shortName,
    kind: values.kind,
    parent_group_id: values.parentGroupId,
    purpose: values.purpose,
    quorum_minimum: values.quorumMinimum,
    quorum_needs_chair: values.quorumNeedsChair,
    quorum_needs_statutory_partners: values.quorumNeedsStatutoryPartners,
  }
}

export async function insertGroup(
  trx: Trx,
  scope: TenantScope,
  values: GroupValues,
): Promise<string> {
  const row = await trx
    .insertInto('partnership_group')
    .values({ partnership_id: scope.partnershipId, ...groupColumns(values) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateGroup(
  trx: Trx,
  scope: TenantScope,
  groupId: string,
  values: GroupValues & { now: Date },
): Promise<void> {
  await trx
    .updateTable('partnership_group')
    .set({ ...groupColumns(values), updated_at: values.now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', groupId)
    .execute()
}

export async function setTermsOfReference(
  trx: Trx,
  scope: TenantScope,
  groupId: string,
  values: { fileId: string; reviewDate: string; now: Date },
): Promise<void> {
  await trx
    .updateTable('partnership_group')
    .set({
      terms_of_reference_file_id: values.fileId,
      terms_of_reference_review_date: values.reviewDate,
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', groupId)
    .execute()
}

export interface MemberRow {
  readonly membershipId: string
  readonly personId: string
  readonly fullName: string
  readonly email: string | null
  readonly userId: string | null
  readonly role: MembershipRole
  readonly agencyId: string | null
  readonly agencyName: string | null
  readonly agencyType: AgencyType | null
  readonly clearedForRestricted: boolean
  readonly startedOn: string
  readonly endedOn: string | null
  readonly homePartnershipId: string | null
  readonly homePartnershipName: string | null
  readonly groupId: string
}

function selectMembers(db: Db, scope: TenantScope) {
  return db
    .selectFrom('group_membership as m')
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'm.partnership_id').onRef('p.id', '=', 'm.person_id'),
    )
    .leftJoin('agency as a', (j) =>
      j.onRef('a.partnership_id', '=', 'm.partnership_id').onRef('a.id', '=', 'm.agency_id'),
    )
    .leftJoin('partnership as hp', 'hp.id', 'p.home_partnership_id')
    .where('m.partnership_id', '=', scope.partnershipId)
    .select([
      'm.id as membershipId',
      'm.person_id as personId',
      'p.full_name as fullName',
      'p.email',
      'p.user_id as userId',
      'm.role',
      'm.agency_id as agencyId',
      'a.name as agencyName',
      'a.type as agencyType',
      'm.cleared_for_restricted as clearedForRestricted',
      'm.started_on as startedOn',
      'm.ended_on as endedOn',
      'p.home_partnership_id as homePartnershipId',
      'hp.name as homePartnershipName',
      'm.group_id as groupId',
    ])
}

/** Memberships of a group: current ones, or every one (for reports over past dates). */
export async function groupMembers(
  db: Db,
  scope: TenantScope,
  groupId: string,
  options: { includeEnded?: boolean } = {},
): Promise<MemberRow[]> {
  let query = selectMembers(db, scope).where('m.group_id', '=', groupId)
  if (options.includeEnded !== true) query = query.where('m.ended_on', 'is', null)
  return query.orderBy('p.full_name').execute()
}

export async function personMemberships(
  db: Db,
  scope: TenantScope,
  personId: string,
): Promise<(MemberRow & { groupName: string })[]> {
  return selectMembers(db, scope)
    .innerJoin('partnership_group as g', (j) =>
      j.onRef('g.partnership_id', '=', 'm.partnership_id').onRef('g.id', '=', 'm.group_id'),
    )
    .select('g.name as groupName')
    .where('m.person_id', '=', personId)
    .where('m.ended_on', 'is', null)
    .orderBy('g.name')
    .execute()
}

export async function findMembership(
  db: Db,
  scope: TenantScope,
  groupId: string,
  membershipId: string,
): Promise<MemberRow | undefined> {
  return selectMembers(db, scope)
    .where('m.group_id', '=', groupId)
    .where('m.id', '=', membershipId)
    .executeTakeFirst()
}

export async function currentMembershipOf(
  db: Db,
  scope: TenantScope,
  groupId: string,
  personId: string,
): Promise<MemberRow | undefined> {
  return selectMembers(db, scope)
    .where('m.group_id', '=', groupId)
    .where('m.person_id', '=', personId)
    .where('m.ended_on', 'is', null)
    .executeTakeFirst()
}

export async function insertMembership(
  trx: Trx,
  scope: TenantScope,
  values: {
    groupId: string
    personId: string
    role: MembershipRole
    agencyId: string | null
    clearedForRestricted: boolean
    startedOn: string
  },
): Promise<string> {
  const row = await trx
    .insertInto('group_membership')
    .values({
      partnership_id: scope.partnershipId,
      group_id: values.groupId,
      person_id: values.personId,
      role: values.role,
      agency_id: values.agencyId,
      cleared_for_restricted: values.clearedForRestricted,
      started_on: values.startedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function endMembership(
  trx: Trx,
  scope: TenantScope,
  membershipId: string,
  endedOn: string,
): Promise<void> {
  await trx
    .updateTable('group_membership')
    .set({ ended_on: endedOn })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', membershipId)
    .execute()
}

export interface StandingItemRow {
  readonly id: string
  readonly title: string
  readonly presenterName: string | null
  readonly position: number
}

export async function standingItems(
  db: Db,
  scope: TenantScope,
  groupId: string,
): Promise<StandingItemRow[]> {
  return db
    .selectFrom('standing_item')
    .select(['id', 'title', 'presenter_name as presenterName', 'position'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('group_id', '=', groupId)
    .orderBy('position')
    .execute()
}

export async function insertStandingItem(
  trx: Trx,
  scope: TenantScope,
  values: { groupId: string; title: string; presenterName: string | null },
): Promise<string> {
  const max = await trx
    .selectFrom('standing_item')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .where('group_id', '=', values.groupId)
    .executeTakeFirst()
  const row = await trx
    .insertInto('standing_item')
    .values({
      partnership_id: scope.partnershipId,
      group_id: values.groupId,
      title: values.title,
      presenter_name: values.presenterName,
      position: (max?.max ?? 0) + 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function groupShares(
  db: Db,
  scope: TenantScope,
  groupId: string,
): Promise<{ partnershipId: string; partnershipName: string; sharedOn: string }[]> {
  return db
    .selectFrom('group_share as s')
    .innerJoin('partnership as p', 'p.id', 's.shared_with_partnership_id')
    .select([
      's.shared_with_partnership_id as partnershipId',
      'p.name as partnershipName',
      's.shared_on as sharedOn',
    ])
    .where('s.partnership_id', '=', scope.partnershipId)
    .where('s.group_id', '=', groupId)
    .orderBy('p.name')
    .execute()
}

/** The other partnerships a group can be shared with (names only). */
export async function otherPartnerships(
  db: Db,
  scope: TenantScope,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('partnership')
    .select(['id', 'name'])
    .where('id', '<>', scope.partnershipId)
    .orderBy('name')
    .execute()
}

export async function insertShare(
  trx: Trx,
  scope: TenantScope,
  values: { groupId: string; sharedWithPartnershipId: string; sharedOn: string },
): Promise<boolean> {
  const rows = await trx
    .insertInto('group_share')
    .values({
      partnership_id: scope.partnershipId,
      group_id: values.groupId,
      shared_with_partnership_id: values.sharedWithPartnershipId,
      shared_on: values.sharedOn,
    })
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'group_id', 'shared_with_partnership_id']).doNothing(),
    )
    .returning('group_id')
    .execute()
  return rows.length > 0
}

// ---------------------------------------------------------------------------------------------
// Meetings.

export interface MeetingRow {
  readonly id: string
  readonly groupId: string
  readonly groupName: string
  readonly parentGroupId: string | null
  readonly seriesId: string | null
  readonly startsAt: Date
  readonly endsAt: Date
  readonly location: string | null
  readonly status: 'scheduled' | 'cancelled'
  readonly packPublishedAt: Date | null
  readonly cancelledAt: Date | null
  readonly cancellationReason: string | null
  readonly quorumMinimum: number | null
  readonly quorumNeedsChair: boolean
  readonly quorumNeedsStatutoryPartners: boolean
}

function selectMeetings(db: Db, scope: TenantScope) {
  return db
    .selectFrom('meeting as mt')
    .innerJoin('partnership_group as g', (j) =>
      j.onRef('g.partnership_id', '=', 'mt.partnership_id').onRef('g.id', '=', 'mt.group_id'),
    )
    .where('mt.partnership_id', '=', scope.partnershipId)
    .select([
      'mt.id',
      'mt.group_id as groupId',
      'g.name as groupName',
      'g.parent_group_id as parentGroupId',
      'mt.series_id as seriesId',
      'mt.starts_at as startsAt',
      'mt.ends_at as endsAt',
      'mt.location',
      'mt.status',
      'mt.pack_published_at as packPublishedAt',
      'mt.cancelled_at as cancelledAt',
      'mt.cancellation_reason as cancellationReason',
      'g.quorum_minimum as quorumMinimum',
      'g.quorum_needs_chair as quorumNeedsChair',
      'g.quorum_needs_statutory_partners as quorumNeedsStatutoryPartners',
    ])
}

export async function findMeeting(
  db: Db,
  scope: TenantScope,
  meetingId: string,
): Promise<MeetingRow | undefined> {
  return selectMeetings(db, scope).where('mt.id', '=', meetingId).executeTakeFirst()
}

export async function listMeetings(
  db: Db,
  scope: TenantScope,
  filter: { groupId?: string; from?: Date; before?: Date; groupIds?: readonly string[] },
): Promise<MeetingRow[]> {
  let query = selectMeetings(db, scope)
  if (filter.groupId !== undefined) query = query.where('mt.group_id', '=', filter.groupId)
  if (filter.groupIds !== undefined) {
    if (filter.groupIds.length === 0) return []
    query = query.where('mt.group_id', 'in', filter.groupIds)
  }
  if (filter.from !== undefined) query = query.where('mt.starts_at', '>=', filter.from)
  if (filter.before !== undefined) query = query.where('mt.starts_at', '<', filter.before)
  return query.orderBy('mt.starts_at').execute()
}

export async function insertMeetings(
  trx: Trx,
  scope: TenantScope,
  meetings: readonly {
    groupId: string
    seriesId: string | null
    startsAt: Date
    endsAt: Date
    location: string | null
  }[],
): Promise<string[]> {
  if (meetings.length === 0) return []
  const rows = await trx
    .insertInto('meeting')
    .values(
      meetings.map((m) => ({
        partnership_id: scope.partnershipId,
        group_id: m.groupId,
        series_id: m.seriesId,
        starts_at: m.startsAt,
        ends_at: m.endsAt,
        location: m.location,
      })),
    )
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

export async function markPackPublished(
  trx: Trx,
  scope: TenantScope,
  meetingId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('meeting')
    .set({ pack_published_at: now, updated_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', meetingId)
    .execute()
}

export async function markCancelled(
  trx: Trx,
  scope: TenantScope,
  meetingId: string,
  now: Date,
  reason: string,
): Promise<void> {
  await trx
    .updateTable('meeting')
    .set({ status: 'cancelled', cancelled_at: now, cancellation_reason: reason, updated_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', meetingId)
    .execute()
}

export async function markReinstated(
  trx: Trx,
  scope: TenantScope,
  meetingId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('meeting')
    .set({ status: 'scheduled', cancelled_at: null, cancellation_reason: null, updated_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', meetingId)
    .execute()
}

/** The latest meeting of the group before the given one that went ahead (not cancelled). */
export async function previousMeetingOf(
  db: Db,
  scope: TenantScope,
  groupId: string,
  before: Date,
): Promise<MeetingRow | undefined> {
  return selectMeetings(db, scope)
    .where('mt.group_id', '=', groupId)
    .where('mt.status', '=', 'scheduled')
    .where('mt.starts_at', '<', before)
    .orderBy('mt.starts_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function lockMeeting(trx: Trx, scope: TenantScope, meetingId: string): Promise<void> {
  await trx
    .selectFrom('meeting')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', meetingId)
    .forUpdate()
    .executeTakeFirst()
}

export interface AgendaItemRow {
  readonly id: string
  readonly meetingId: string
  readonly position: number
  readonly title: string
  readonly presenterName: string | null
  readonly restricted: boolean
  readonly standingItemId: string | null
  readonly escalatedActionId: string | null
  readonly minutes: string | null
  readonly decisions: string | null
  readonly withdrawnAt: Date | null
  readonly approvesMinutesOfMeetingId: string | null
}

function selectItems(db: Db, scope: TenantScope) {
  return db
    .selectFrom('agenda_item')
    .where('partnership_id', '=', scope.partnershipId)
    .select([
      'id',
      'meeting_id as meetingId',
      'position',
      'title',
      'presenter_name as presenterName',
      'restricted',
      'standing_item_id as standingItemId',
      'escalated_action_id as escalatedActionId',
      'minutes',
      'decisions',
      'withdrawn_at as withdrawnAt',
      'approves_minutes_of_meeting_id as approvesMinutesOfMeetingId',
    ])
}

export async function agendaItems(
  db: Db,
  scope: TenantScope,
  meetingId: string,
): Promise<AgendaItemRow[]> {
  return selectItems(db, scope).where('meeting_id', '=', meetingId).orderBy('position').execute()
}

export async function findAgendaItem(
  db: Db,
  scope: TenantScope,
  meetingId: string,
  itemId: string,
): Promise<AgendaItemRow | undefined> {
  return selectItems(db, scope)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', itemId)
    .executeTakeFirst()
}

export async function insertAgendaItems(
  trx: Trx,
  scope: TenantScope,
  meetingId: string,
  items: readonly {
    title: string
    presenterName: string | null
    restricted: boolean
    standingItemId?: string | null
    escalatedActionId?: string | null
    approvesMinutesOfMeetingId?: string | null
    decisions?: string | null
  }[],
): Promise<string[]> {
  if (items.length === 0) return []
  const max = await trx
    .selectFrom('agenda_item')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  const start = (max?.max ?? 0) + 1
  const rows = await trx
    .insertInto('agenda_item')
    .values(
      items.map((item, i) => ({
        partnership_id: scope.partnershipId,
        meeting_id: meetingId,
        position: start + i,
        title: item.title,
        presenter_name: item.presenterName,
        restricted: item.restricted,
        standing_item_id: item.standingItemId ?? null,
        escalated_action_id: item.escalatedActionId ?? null,
        approves_minutes_of_meeting_id: item.approvesMinutesOfMeetingId ?? null,
        decisions: item.decisions ?? null,
      })),
    )
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Standing items for many new meetings at once (recurring meetings, demo data). */
export async function insertStandingItemsForMeetings(
  trx: Trx,
  scope: TenantScope,
  meetingIds: readonly string[],
  items: readonly StandingItemRow[],
): Promise<void> {
  if (meetingIds.length === 0 || items.length === 0) return
  await trx
    .insertInto('agenda_item')
    .values(
      meetingIds.flatMap((meetingId) =>
        items.map((item, i) => ({
          partnership_id: scope.partnershipId,
          meeting_id: meetingId,
          position: i + 1,
          title: item.title,
          presenter_name: item.presenterName,
          restricted: false,
          standing_item_id: item.id,
        })),
      ),
    )
    .execute()
}

export async function updateMinutes(
  trx: Trx,
  scope: TenantScope,
  itemId: string,
  values: { minutes: string | null; decisions: string | null; now: Date },
): Promise<void> {
  await trx
    .updateTable('agenda_item')
    .set({ minutes: values.minutes, decisions: values.decisions, updated_at: values.now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', itemId)
    .execute()
}

export async function updateAgendaItem(
  trx: Trx,
  scope: TenantScope,
  itemId: string,
  values: { title: string; presenterName: string | null; restricted: boolean; now: Date },
): Promise<void> {
  await trx
    .updateTable('agenda_item')
    .set({
      title: values.title,
      presenter_name: values.presenterName,
      restricted: values.restricted,
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', itemId)
    .execute()
}

/** Sets the items' positions 1, 2, 3… in the order given. */
export async function renumberAgendaItems(
  trx: Trx,
  scope: TenantScope,
  itemIds: readonly string[],
  now: Date,
): Promise<void> {
  for (const [i, id] of itemIds.entries())
    await trx
      .updateTable('agenda_item')
      .set({ position: i + 1, updated_at: now })
      .where('partnership_id', '=', scope.partnershipId)
      .where('id', '=', id)
      .execute()
}

export async function markItemWithdrawn(
  trx: Trx,
  scope: TenantScope,
  itemId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('agenda_item')
    .set({ withdrawn_at: now, updated_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', itemId)
    .execute()
}

/** The agenda item (and its meeting) that approved the minutes of the given meeting, if any. */
export async function minutesApprovalOf(
  db: Db,
  scope: TenantScope,
  meetingId: string,
): Promise<{ itemId: string; meetingId: string; startsAt: Date; groupName: string } | undefined> {
  return db
    .selectFrom('agenda_item as i')
    .innerJoin('meeting as mt', (j) =>
      j.onRef('mt.partnership_id', '=', 'i.partnership_id').onRef('mt.id', '=', 'i.meeting_id'),
    )
    .innerJoin('partnership_group as g', (j) =>
      j.onRef('g.partnership_id', '=', 'mt.partnership_id').onRef('g.id', '=', 'mt.group_id'),
    )
    .select([
      'i.id as itemId',
      'mt.id as meetingId',
      'mt.starts_at as startsAt',
      'g.name as groupName',
    ])
    .where('i.partnership_id', '=', scope.partnershipId)
    .where('i.approves_minutes_of_meeting_id', '=', meetingId)
    .where('i.withdrawn_at', 'is', null)
    .executeTakeFirst()
}

export interface DecisionRow {
  readonly itemId: string
  readonly meetingId: string
  readonly groupId: string
  readonly groupName: string
  readonly startsAt: Date
  readonly title: string
  readonly decisions: string
  readonly restricted: boolean
}

/** Decisions recorded under agenda items of meetings that went ahead, newest first. */
export async function listDecisions(
  db: Db,
  scope: TenantScope,
  filter: {
    groupId: string | null
    from: Date | null
    before: Date | null
    text: string | null
    includeRestricted: boolean
  },
): Promise<DecisionRow[]> {
  let query = db
    .selectFrom('agenda_item as i')
    .innerJoin('meeting as mt', (j) =>
      j.onRef('mt.partnership_id', '=', 'i.partnership_id').onRef('mt.id', '=', 'i.meeting_id'),
    )
    .innerJoin('partnership_group as g', (j) =>
      j.onRef('g.partnership_id', '=', 'mt.partnership_id').onRef('g.id', '=', 'mt.group_id'),
    )
    .select([
      'i.id as itemId',
      'mt.id as meetingId',
      'g.id as groupId',
      'g.name as groupName',
      'mt.starts_at as startsAt',
      'i.title',
      'i.decisions',
      'i.restricted',
    ])
    .where('i.partnership_id', '=', scope.partnershipId)
    .where('i.decisions', 'is not', null)
    .where('i.withdrawn_at', 'is', null)
    .where('mt.status', '=', 'scheduled')
  if (!filter.includeRestricted) query = query.where('i.restricted', '=', false)
  if (filter.groupId !== null) query = query.where('mt.group_id', '=', filter.groupId)
  if (filter.from !== null) query = query.where('mt.starts_at', '>=', filter.from)
  if (filter.before !== null) query = query.where('mt.starts_at', '<', filter.before)
  if (filter.text !== null) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) =>
      eb.or([eb('i.title', 'ilike', pattern), eb('i.decisions', 'ilike', pattern)]),
    )
  }
  const rows = await query
    .orderBy('mt.starts_at', 'desc')
    .orderBy('i.position')
    .limit(2000)
    .execute()
  return rows.map((r) => ({ ...r, decisions: r.decisions ?? '' }))
}

/** Is the action already on the agenda of a meeting that has not yet happened? */
export async function escalationPending(
  db: Db,
  scope: TenantScope,
  actionId: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('agenda_item as i')
    .innerJoin('meeting as mt', (j) =>
      j.onRef('mt.partnership_id', '=', 'i.partnership_id').onRef('mt.id', '=', 'i.meeting_id'),
    )
    .select('i.id')
    .where('i.partnership_id', '=', scope.partnershipId)
    .where('i.escalated_action_id', '=', actionId)
    .where('mt.starts_at', '>', now)
    .executeTakeFirst()
  return row !== undefined
}

export async function nextMeetingOf(
  db: Db,
  scope: TenantScope,
  groupId: string,
  after: Date,
): Promise<MeetingRow | undefined> {
  return selectMeetings(db, scope)
    .where('mt.group_id', '=', groupId)
    .where('mt.status', '=', 'scheduled')
    .where('mt.starts_at', '>', after)
    .orderBy('mt.starts_at')
    .limit(1)
    .executeTakeFirst()
}

export interface PaperRow {
  readonly id: string
  readonly agendaItemId: string
  readonly fileId: string
  readonly title: string
  readonly filename: string
  readonly sizeBytes: number
  readonly addedAt: Date
  readonly version: number
  readonly replacedAt: Date | null
}

export async function meetingPapers(
  db: Db,
  scope: TenantScope,
  meetingId: string,
): Promise<PaperRow[]> {
  return db
    .selectFrom('meeting_paper as mp')
    .innerJoin('stored_file as f', (j) =>
      j.onRef('f.partnership_id', '=', 'mp.partnership_id').onRef('f.id', '=', 'mp.file_id'),
    )
    .select([
      'mp.id',
      'mp.agenda_item_id as agendaItemId',
      'mp.file_id as fileId',
      'mp.title',
      'f.filename',
      'f.size_bytes as sizeBytes',
      'mp.added_at as addedAt',
      'mp.version',
      'mp.replaced_at as replacedAt',
    ])
    .where('mp.partnership_id', '=', scope.partnershipId)
    .where('mp.meeting_id', '=', meetingId)
    .orderBy('mp.added_at')
    .orderBy('mp.version')
    .execute()
}

export async function insertPaper(
  trx: Trx,
  scope: TenantScope,
  values: {
    meetingId: string
    agendaItemId: string
    fileId: string
    title: string
    addedAt: Date
    addedByUserId: string | null
    version?: number
  },
): Promise<string> {
  const row = await trx
    .insertInto('meeting_paper')
    .values({
      partnership_id: scope.partnershipId,
      meeting_id: values.meetingId,
      agenda_item_id: values.agendaItemId,
      file_id: values.fileId,
      title: values.title,
      added_at: values.addedAt,
      added_by_user_id: values.addedByUserId,
      version: values.version ?? 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Marks a paper as replaced by a newer version (kept, and still downloadable). */
export async function markPaperReplaced(
  trx: Trx,
  scope: TenantScope,
  paperId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('meeting_paper')
    .set({ replaced_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', paperId)
    .where('replaced_at', 'is', null)
    .execute()
}

export interface DeclarationRow {
  readonly id: string
  readonly agendaItemId: string
  readonly personId: string
  readonly personName: string
  readonly interest: string
}

export async function declarations(
  db: Db,
  scope: TenantScope,
  meetingId: string,
): Promise<DeclarationRow[]> {
  return db
    .selectFrom('declaration_of_interest as d')
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'd.partnership_id').onRef('p.id', '=', 'd.person_id'),
    )
    .select([
      'd.id',
      'd.agenda_item_id as agendaItemId',
      'd.person_id as personId',
      'p.full_name as personName',
      'd.interest',
    ])
    .where('d.partnership_id', '=', scope.partnershipId)
    .where('d.meeting_id', '=', meetingId)
    .orderBy('d.recorded_at')
    .execute()
}

export async function insertDeclaration(
  trx: Trx,
  scope: TenantScope,
  values: {
    meetingId: string
    agendaItemId: string
    personId: string
    interest: string
    recordedAt: Date
  },
): Promise<string> {
  const row = await trx
    .insertInto('declaration_of_interest')
    .values({
      partnership_id: scope.partnershipId,
      meeting_id: values.meetingId,
      agenda_item_id: values.agendaItemId,
      person_id: values.personId,
      interest: values.interest,
      recorded_at: values.recordedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface AttendanceRow {
  readonly meetingId: string
  readonly personId: string
  readonly personName: string
  readonly status: AttendanceStatus
  readonly substituteForPersonId: string | null
  readonly agencyId: string | null
  readonly role: string | null
}

export async function attendanceFor(
  db: Db,
  scope: TenantScope,
  meetingIds: readonly string[],
): Promise<AttendanceRow[]> {
  if (meetingIds.length === 0) return []
  return db
    .selectFrom('attendance as at')
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'at.partnership_id').onRef('p.id', '=', 'at.person_id'),
    )
    .select([
      'at.meeting_id as meetingId',
      'at.person_id as personId',
      'p.full_name as personName',
      'at.status',
      'at.substitute_for_person_id as substituteForPersonId',
      'at.agency_id as agencyId',
      'at.role',
    ])
    .where('at.partnership_id', '=', scope.partnershipId)
    .where('at.meeting_id', 'in', meetingIds)
    .execute()
}

export async function replaceAttendance(
  trx: Trx,
  scope: TenantScope,
  meetingId: string,
  rows: readonly {
    personId: string
    status: AttendanceStatus
    substituteForPersonId: string | null
    agencyId: string | null
    role: string | null
  }[],
  now: Date,
): Promise<void> {
  await trx
    .deleteFrom('attendance')
    .where('partnership_id', '=', scope.partnershipId)
    .where('meeting_id', '=', meetingId)
    .execute()
  if (rows.length === 0) return
  await trx
    .insertInto('attendance')
    .values(
      rows.map((r) => ({
        partnership_id: scope.partnershipId,
        meeting_id: meetingId,
        person_id: r.personId,
        status: r.status,
        substitute_for_person_id: r.substituteForPersonId,
        agency_id: r.agencyId,
        role: r.role,
        recorded_at: now,
      })),
    )
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Members' view: meetings of groups a person sits on, here or in a partnership sharing a group.

/** Groups of this partnership where the user (through their person record) is a current member. */
export async function groupIdsForUser(
  db: Db,
  scope: TenantScope,
  userId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('group_membership as m')
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'm.partnership_id').onRef('p.id', '=', 'm.person_id'),
    )
    .select('m.group_id')
    .distinct()
    .where('m.partnership_id', '=', scope.partnershipId)
    .where('p.user_id', '=', userId)
    .where('m.ended_on', 'is', null)
    .execute()
  return rows.map((r) => r.group_id)
}

export interface JointMembership {
  /** The partnership that owns the joint group. */
  readonly ownerPartnershipId: string
  readonly ownerPartnershipName: string
  readonly groupId: string
  readonly personId: string
  readonly clearedForRestricted: boolean
}

/**
 * Joint groups another partnership has shared with the user's partnership, on which the user sits
 * (known there by their email address). The only query here not scoped to one partnership: it is
 * bounded by the share and by the user's own partnership and email.
 */
export async function jointMembershipsFor(
  db: Db,
  home: TenantScope,
  email: string,
): Promise<JointMembership[]> {
  return db
    .selectFrom('group_share as s')
    .innerJoin('group_membership as m', (j) =>
      j.onRef('m.partnership_id', '=', 's.partnership_id').onRef('m.group_id', '=', 's.group_id'),
    )
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'm.partnership_id').onRef('p.id', '=', 'm.person_id'),
    )
    .innerJoin('partnership as owner', 'owner.id', 's.partnership_id')
    .select([
      's.partnership_id as ownerPartnershipId',
      'owner.name as ownerPartnershipName',
      's.group_id as groupId',
      'p.id as personId',
      'm.cleared_for_restricted as clearedForRestricted',
    ])
    .where('s.shared_with_partnership_id', '=', home.partnershipId)
    .where('p.home_partnership_id', '=', home.partnershipId)
    .where('p.email', '=', email.toLowerCase())
    .where('m.ended_on', 'is', null)
    .execute()
}

/** Which partnership owns a meeting, among the given partnerships (for joint members). */
export async function meetingOwner(
  db: Db,
  meetingId: string,
  partnershipIds: readonly string[],
): Promise<string | undefined> {
  if (partnershipIds.length === 0) return undefined
  const row = await db
    .selectFrom('meeting')
    .select('partnership_id')
    .where('id', '=', meetingId)
    .where('partnership_id', 'in', partnershipIds)
    .executeTakeFirst()
  return row?.partnership_id
}

// ---------------------------------------------------------------------------------------------
// Challenges.

export interface ChallengeRow {
  readonly id: string
  readonly reference: number
  readonly raisedOn: string
  readonly raisedByAgencyId: string
  readonly raisedByAgencyName: string
  readonly raisedByPersonId: string | null
  readonly raisedByPersonName: string | null
  readonly raisedToAgencyId: string
  readonly raisedToAgencyName: string
  readonly raisedToPersonId: string | null
  readonly raisedToPersonName: string | null
  readonly groupId: string | null
  readonly groupName: string | null
  readonly subject: string
  readonly detail: string
  readonly response: string | null
  readonly respondedOn: string | null
  readonly outcome: string | null
  readonly status: ChallengeStatus
  readonly closedOn: string | null
}

function selectChallenges(db: Db, scope: TenantScope) {
  return db
    .selectFrom('challenge as c')
    .innerJoin('agency as byA', (j) =>
      j
        .onRef('byA.partnership_id', '=', 'c.partnership_id')
        .onRef('byA.id', '=', 'c.raised_by_agency_id'),
    )
    .innerJoin('agency as toA', (j) =>
      j
        .onRef('toA.partnership_id', '=', 'c.partnership_id')
        .onRef('toA.id', '=', 'c.raised_to_agency_id'),
    )
    .leftJoin('person as byP', (j) =>
      j
        .onRef('byP.partnership_id', '=', 'c.partnership_id')
        .onRef('byP.id', '=', 'c.raised_by_person_id'),
    )
    .leftJoin('person as toP', (j) =>
      j
        .onRef('toP.partnership_id', '=', 'c.partnership_id')
        .onRef('toP.id', '=', 'c.raised_to_person_id'),
    )
    .leftJoin('partnership_group as g', (j) =>
      j.onRef('g.partnership_id', '=', 'c.partnership_id').onRef('g.id', '=', 'c.group_id'),
    )
    .where('c.partnership_id', '=', scope.partnershipId)
    .select([
      'c.id',
      'c.reference',
      'c.raised_on as raisedOn',
      'c.raised_by_agency_id as raisedByAgencyId',
      'byA.name as raisedByAgencyName',
      'c.raised_by_person_id as raisedByPersonId',
      'byP.full_name as raisedByPersonName',
      'c.raised_to_agency_id as raisedToAgencyId',
      'toA.name as raisedToAgencyName',
      'c.raised_to_person_id as raisedToPersonId',
      'toP.full_name as raisedToPersonName',
      'c.group_id as groupId',
      'g.name as groupName',
      'c.subject',
      'c.detail',
      'c.response',
      'c.responded_on as respondedOn',
      'c.outcome',
      'c.status',
      'c.closed_on as closedOn',
    ])
}

export async function listChallenges(
  db: Db,
  scope: TenantScope,
  filter: { involvingAgencyId?: string } = {},
): Promise<ChallengeRow[]> {
  let query = selectChallenges(db, scope)
  const agencyId = filter.involvingAgencyId
  if (agencyId !== undefined)
    query = query.where((eb) =>
      eb.or([
        eb('c.raised_by_agency_id', '=', agencyId),
        eb('c.raised_to_agency_id', '=', agencyId),
      ]),
    )
  return query.orderBy('c.reference', 'desc').execute()
}

export async function findChallenge(
  db: Db,
  scope: TenantScope,
  challengeId: string,
): Promise<ChallengeRow | undefined> {
  return selectChallenges(db, scope).where('c.id', '=', challengeId).executeTakeFirst()
}

export async function lockChallenge(
  trx: Trx,
  scope: TenantScope,
  challengeId: string,
): Promise<ChallengeRow | undefined> {
  await trx
    .selectFrom('challenge')
    .select('id')
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', challengeId)
    .forUpdate()
    .executeTakeFirst()
  return findChallenge(trx, scope, challengeId)
}

export async function insertChallenge(
  trx: Trx,
  scope: TenantScope,
  values: {
    raisedOn: string
    raisedByAgencyId: string
    raisedByPersonId: string | null
    raisedToAgencyId: string
    raisedToPersonId: string | null
    groupId: string | null
    subject: string
    detail: string
    status?: ChallengeStatus
    response?: string | null
    respondedOn?: string | null
    outcome?: string | null
    closedOn?: string | null
  },
): Promise<{ id: string; reference: number }> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`challenge-reference:${scope.partnershipId}`}, 0))`.execute(
    trx,
  )
  const max = await trx
    .selectFrom('challenge')
    .select((eb) => eb.fn.max('reference').as('max'))
    .where('partnership_id', '=', scope.partnershipId)
    .executeTakeFirst()
  const reference = (max?.max ?? 0) + 1
  const row = await trx
    .insertInto('challenge')
    .values({
      partnership_id: scope.partnershipId,
      reference,
      raised_on: values.raisedOn,
      raised_by_agency_id: values.raisedByAgencyId,
      raised_by_person_id: values.raisedByPersonId,
      raised_to_agency_id: values.raisedToAgencyId,
      raised_to_person_id: values.raisedToPersonId,
      group_id: values.groupId,
      subject: values.subject,
      detail: values.detail,
      status: values.status ?? 'open',
      response: values.response ?? null,
      responded_on: values.respondedOn ?? null,
      outcome: values.outcome ?? null,
      closed_on: values.closedOn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, reference }
}

export async function updateChallenge(
  trx: Trx,
  scope: TenantScope,
  challengeId: string,
  values: {
    response?: string
    respondedOn?: string
    outcome?: string
    status: ChallengeStatus
    closedOn?: string | null
    now: Date
  },
): Promise<void> {
  await trx
    .updateTable('challenge')
    .set({
      ...(values.response === undefined ? {} : { response: values.response }),
      ...(values.respondedOn === undefined ? {} : { responded_on: values.respondedOn }),
      ...(values.outcome === undefined ? {} : { outcome: values.outcome }),
      ...(values.closedOn === undefined ? {} : { closed_on: values.closedOn }),
      status: values.status,
      updated_at: values.now,
    })
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', '=', challengeId)
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Sources for the action tracker.

export async function describeAgendaItems(
  db: Db,
  scope: TenantScope,
  ids: readonly string[],
): Promise<
  {
    id: string
    title: string
    meetingId: string
    groupName: string
    startsAt: Date
    restricted: boolean
  }[]
> {
  if (ids.length === 0) return []
  return db
    .selectFrom('agenda_item as i')
    .innerJoin('meeting as mt', (j) =>
      j.onRef('mt.partnership_id', '=', 'i.partnership_id').onRef('mt.id', '=', 'i.meeting_id'),
    )
    .innerJoin('partnership_group as g', (j) =>
      j.onRef('g.partnership_id', '=', 'mt.partnership_id').onRef('g.id', '=', 'mt.group_id'),
    )
    .select([
      'i.id',
      'i.title',
      'i.meeting_id as meetingId',
      'g.name as groupName',
      'mt.starts_at as startsAt',
      'i.restricted',
    ])
    .where('i.partnership_id', '=', scope.partnershipId)
    .where('i.id', 'in', ids)
    .execute()
}

export async function describeChallenges(
  db: Db,
  scope: TenantScope,
  ids: readonly string[],
): Promise<{ id: string; reference: number; subject: string }[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('challenge')
    .select(['id', 'reference', 'subject'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('id', 'in', ids)
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Reminders.

export interface DigestCandidate {
  readonly userId: string
  readonly email: string
  readonly displayName: string
}

export async function activeUsers(db: Db, scope: TenantScope): Promise<DigestCandidate[]> {
  return db
    .selectFrom('app_user')
    .select(['id as userId', 'email', 'display_name as displayName'])
    .where('partnership_id', '=', scope.partnershipId)
    .where('status', '=', 'active')
    .where('kind', '=', 'person')
    .orderBy('email')
    .execute()
}

/** Meetings whose packs were published since `since`, for groups the user sits on. */
export async function packsPublishedFor(
  db: Db,
  scope: TenantScope,
  userId: string,
  since: Date,
): Promise<MeetingRow[]> {
  const groupIds = await groupIdsForUser(db, scope, userId)
  if (groupIds.length === 0) return []
  return selectMeetings(db, scope)
    .where('mt.group_id', 'in', groupIds)
    .where('mt.pack_published_at', '>', since)
    .where('mt.status', '=', 'scheduled')
    .orderBy('mt.starts_at')
    .execute()
}

/** Claims today's digest for the user; false when it was already sent (by this or another process). */
export async function claimDigest(
  trx: Trx,
  scope: TenantScope,
  values: {
    userId: string
    digestDate: string
    sentAt: Date
    overdue: number
    dueSoon: number
    papers: number
  },
): Promise<boolean> {
  const rows = await trx
    .insertInto('reminder_digest')
    .values({
      partnership_id: scope.partnershipId,
      user_id: values.userId,
      digest_date: values.digestDate,
      sent_at: values.sentAt,
      overdue_count: values.overdue,
      due_soon_count: values.dueSoon,
      papers_count: values.papers,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'user_id', 'digest_date']).doNothing())
    .returning('user_id')
    .execute()
  return rows.length > 0
}

/** Gives up a claim whose mail could not be sent, so that the next run sends that digest. */
export async function releaseDigest(
  db: Db,
  scope: TenantScope,
  values: { userId: string; digestDate: string },
): Promise<void> {
  await db
    .deleteFrom('reminder_digest')
    .where('partnership_id', '=', scope.partnershipId)
    .where('user_id', '=', values.userId)
    .where('digest_date', '=', values.digestDate)
    .execute()
}
