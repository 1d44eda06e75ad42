// Governance's register: agencies, people, groups and their memberships. Every change: check the
// input, authorise, write in a transaction, audit in the same transaction.
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { auditActorLabel, type Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { ValidationError, conflict, notFound, type FieldError } from '../../platform/errors.ts'
import {
  readFile,
  saveFile,
  type AcceptedUpload,
  type StoredFileContent,
} from '../../platform/files/file-store.ts'
import { londonDate } from '../../platform/london-time.ts'
import { messages } from '../../platform/messages.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid, type TenantScope } from '../../platform/tenancy.ts'
import { GOVERNANCE_PERMISSIONS } from './permissions.ts'
import * as repo from './repository.ts'
import type { AgencyForm, GroupForm, MembershipForm, PersonForm } from './schemas.ts'

export interface Ctx {
  readonly scope: TenantScope
  readonly actor: Actor
  readonly requestId?: string
  readonly ip?: string
}

export function auditBy(ctx: {
  scope: TenantScope
  actor?: Actor
  systemLabel?: string
  requestId?: string
  ip?: string
}) {
  return {
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor?.userId ?? null,
    actorLabel:
      ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : auditActorLabel(ctx.actor),
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  }
}

export function today(services: Services): string {
  return londonDate(services.clock.now())
}

export function checkId(id: string): void {
  if (!isUuid(id)) throw notFound()
}

function fail(problems: FieldError[]): void {
  if (problems.length > 0) throw new ValidationError(problems)
}

// ---------------------------------------------------------------------------------------------
// Agencies.

export async function listAgencies(services: Services, scope: TenantScope) {
  return repo.listAgencies(services.db, scope)
}

export async function getAgency(services: Services, scope: TenantScope, agencyId: string) {
  checkId(agencyId)
  const agency = await repo.findAgency(services.db, scope, agencyId)
  if (agency === undefined) throw notFound()
  return {
    agency,
    contacts: await repo.listPeople(services.db, scope, { agencyId, namedContactsOnly: true }),
    people: await repo.listPeople(services.db, scope, { agencyId }),
  }
}

export async function createAgency(
  services: Services,
  ctx: Ctx,
  form: AgencyForm,
): Promise<string> {
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manageAgencies)
  return services.db.transaction().execute(async (trx) => {
    if (await repo.agencyNameTaken(trx, ctx.scope, form.name, null))
      fail([{ field: 'name', message: 'There is already an agency with this name' }])
    const id = await repo.insertAgency(trx, ctx.scope, form)
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'agency',
      recordId: id,
      changes: { after: { ...form } },
    })
    return id
  })
}

export async function updateAgency(
  services: Services,
  ctx: Ctx,
  agencyId: string,
  form: AgencyForm,
): Promise<void> {
  checkId(agencyId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manageAgencies)
  await services.db.transaction().execute(async (trx) => {
    const before = await repo.findAgency(trx, ctx.scope, agencyId)
    if (before === undefined) throw notFound()
    if (await repo.agencyNameTaken(trx, ctx.scope, form.name, agencyId))
      fail([{ field: 'name', message: 'There is already an agency with this name' }])
    await repo.updateAgency(trx, ctx.scope, agencyId, { ...form, now: services.clock.now() })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'agency',
      recordId: agencyId,
      changes: changedFields(
        { name: before.name, shortName: before.shortName, type: before.type },
        { ...form },
      ),
    })
  })
}

// ---------------------------------------------------------------------------------------------
// People.

export async function listPeople(services: Services, scope: TenantScope) {
  return repo.listPeople(services.db, scope)
}

export async function getPerson(services: Services, scope: TenantScope, personId: string) {
  checkId(personId)
  const person = await repo.findPerson(services.db, scope, personId)
  if (person === undefined) throw notFound()
  return { person, memberships: await repo.personMemberships(services.db, scope, personId) }
}

async function checkPerson(
  trx: Transaction<Tables>,
  scope: TenantScope,
  form: PersonForm,
  exceptId: string | null,
): Promise<void> {
  const problems: FieldError[] = []
  if (form.agencyId !== null && (await repo.findAgency(trx, scope, form.agencyId)) === undefined)
    problems.push({ field: 'agencyId', message: messages.select('the agency') })
  if (form.isNamedContact && form.agencyId === null)
    problems.push({
      field: 'agencyId',
      message: 'Select the agency this person is a named contact for',
    })
  if (form.email !== null && (await repo.personEmailTaken(trx, scope, form.email, exceptId)))
    problems.push({ field: 'email', message: 'There is already a person with this email address' })
  fail(problems)
}

export async function createPerson(
  services: Services,
  ctx: Ctx,
  form: PersonForm,
): Promise<string> {
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  return services.db.transaction().execute(async (trx) => {
    await checkPerson(trx, ctx.scope, form, null)
    const userId =
      form.email === null ? null : ((await repo.userIdByEmail(trx, ctx.scope, form.email)) ?? null)
    const id = await repo.insertPerson(trx, ctx.scope, { ...form, userId })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'person',
      recordId: id,
      changes: { after: { ...form, userId } },
    })
    return id
  })
}

export async function updatePerson(
  services: Services,
  ctx: Ctx,
  personId: string,
  form: PersonForm,
): Promise<void> {
  checkId(personId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const before = await repo.findPerson(trx, ctx.scope, personId)
    if (before === undefined) throw notFound()
    if (before.homePartnershipId !== null)
      throw conflict('This person belongs to another partnership and is changed there.')
    await checkPerson(trx, ctx.scope, form, personId)
    const userId =
      form.email === null ? null : ((await repo.userIdByEmail(trx, ctx.scope, form.email)) ?? null)
    await repo.updatePerson(trx, ctx.scope, personId, {
      ...form,
      userId,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'person',
      recordId: personId,
      changes: changedFields(
        {
          fullName: before.fullName,
          email: before.email,
          jobTitle: before.jobTitle,
          phone: before.phone,
          agencyId: before.agencyId,
          isNamedContact: before.isNamedContact,
          userId: before.userId,
        },
        { ...form, userId },
      ),
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Groups.

export async function listGroups(services: Services, scope: TenantScope) {
  return repo.listGroups(services.db, scope)
}

export async function getGroup(services: Services, scope: TenantScope, groupId: string) {
  checkId(groupId)
  const group = await repo.findGroup(services.db, scope, groupId)
  if (group === undefined) throw notFound()
  const now = services.clock.now()
  const [members, standing, shares, meetings] = await Promise.all([
    repo.groupMembers(services.db, scope, groupId),
    repo.standingItems(services.db, scope, groupId),
    repo.groupShares(services.db, scope, groupId),
    repo.listMeetings(services.db, scope, { groupId }),
  ])
  return {
    group,
    members,
    standing,
    shares,
    upcoming: meetings.filter((m) => m.startsAt >= now),
    past: meetings.filter((m) => m.startsAt < now).reverse(),
    today: today(services),
  }
}

/** Would making `parentId` the parent of `groupId` make a loop (a group reporting to itself)? */
async function makesLoop(
  trx: Transaction<Tables>,
  scope: TenantScope,
  groupId: string,
  parentId: string,
): Promise<boolean> {
  const groups = await repo.listGroups(trx, scope)
  const parentOf = new Map(groups.map((g) => [g.id, g.parentGroupId]))
  let current: string | null = parentId
  for (let steps = 0; current !== null && steps <= groups.length; steps += 1) {
    if (current === groupId) return true
    current = parentOf.get(current) ?? null
  }
  return false
}

async function checkGroup(
  trx: Transaction<Tables>,
  scope: TenantScope,
  form: GroupForm,
  groupId: string | null,
): Promise<void> {
  const problems: FieldError[] = []
  if (await repo.groupNameTaken(trx, scope, form.name, groupId))
    problems.push({ field: 'name', message: 'There is already a group with this name' })
  if (form.parentGroupId !== null) {
    if ((await repo.findGroup(trx, scope, form.parentGroupId)) === undefined)
      problems.push({ field: 'parentGroupId', message: messages.select('the group it reports to') })
    else if (groupId !== null && (await makesLoop(trx, scope, groupId, form.parentGroupId)))
      problems.push({
        field: 'parentGroupId',
        message: 'A group cannot report to itself or to a group that reports to it',
      })
  }
  fail(problems)
}

export async function createGroup(services: Services, ctx: Ctx, form: GroupForm): Promise<string> {
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  return services.db.transaction().execute(async (trx) => {
    await checkGroup(trx, ctx.scope, form, null)
    const id = await repo.insertGroup(trx, ctx.scope, form)
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'partnership_group',
      recordId: id,
      changes: { after: { ...form } },
    })
    return id
  })
}

export async function updateGroup(
  services: Services,
  ctx: Ctx,
  groupId: string,
  form: GroupForm,
): Promise<void> {
  checkId(groupId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const before = await repo.findGroup(trx, ctx.scope, groupId)
    if (before === undefined) throw notFound()
    await checkGroup(trx, ctx.scope, form, groupId)
    await repo.updateGroup(trx, ctx.scope, groupId, { ...form, now: services.clock.now() })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'partnership_group',
      recordId: groupId,
      changes: changedFields(
        {
          name: before.name,
          shortName: before.shortName,
          kind: before.kind,
          parentGroupId: before.parentGroupId,
          purpose: before.purpose,
          quorumMinimum: before.quorumMinimum,
          quorumNeedsChair: before.quorumNeedsChair,
          quorumNeedsStatutoryPartners: before.quorumNeedsStatutoryPartners,
        },
        { ...form },
      ),
    })
  })
}

export async function addMember(
  services: Services,
  ctx: Ctx,
  groupId: string,
  form: MembershipForm,
): Promise<string> {
  checkId(groupId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  return services.db.transaction().execute(async (trx) => {
    if ((await repo.findGroup(trx, ctx.scope, groupId)) === undefined) throw notFound()
    const problems: FieldError[] = []
    const person = await repo.findPerson(trx, ctx.scope, form.personId)
    if (person === undefined)
      problems.push({ field: 'personId', message: messages.select('the person') })
    else if ((await repo.currentMembershipOf(trx, ctx.scope, groupId, form.personId)) !== undefined)
      problems.push({ field: 'personId', message: 'This person is already a member of the group' })
    if (
      form.agencyId !== null &&
      (await repo.findAgency(trx, ctx.scope, form.agencyId)) === undefined
    )
      problems.push({ field: 'agencyId', message: messages.select('the agency they represent') })
    fail(problems)
    const agencyId = form.agencyId ?? person?.agencyId ?? null
    const id = await repo.insertMembership(trx, ctx.scope, { ...form, agencyId, groupId })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'group_membership',
      recordId: id,
      changes: { after: { ...form, agencyId, groupId } },
    })
    return id
  })
}

export async function endMembership(
  services: Services,
  ctx: Ctx,
  groupId: string,
  membershipId: string,
): Promise<void> {
  checkId(groupId)
  checkId(membershipId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const membership = await repo.findMembership(trx, ctx.scope, groupId, membershipId)
    if (membership === undefined) throw notFound()
    if (membership.endedOn !== null) throw conflict('This membership has already ended.')
    const endedOn = today(services)
    if (endedOn < membership.startedOn) throw conflict('This membership has not started yet.')
    await repo.endMembership(trx, ctx.scope, membershipId, endedOn)
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'group_membership',
      recordId: membershipId,
      changes: { before: { endedOn: null }, after: { endedOn } },
    })
  })
}

export async function setTermsOfReference(
  services: Services,
  ctx: Ctx,
  groupId: string,
  input: { upload: AcceptedUpload; reviewDate: string },
): Promise<void> {
  checkId(groupId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    const group = await repo.findGroup(trx, ctx.scope, groupId)
    if (group === undefined) throw notFound()
    const now = services.clock.now()
    const file = await saveFile(trx, ctx.scope, input.upload, ctx.actor.userId, now)
    await repo.setTermsOfReference(trx, ctx.scope, groupId, {
      fileId: file.id,
      reviewDate: input.reviewDate,
      now,
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'partnership_group',
      recordId: groupId,
      changes: changedFields(
        {
          termsOfReferenceFileId: group.termsOfReferenceFileId,
          termsOfReferenceReviewDate: group.termsOfReferenceReviewDate,
        },
        { termsOfReferenceFileId: file.id, termsOfReferenceReviewDate: input.reviewDate },
      ),
    })
  })
}

export async function termsOfReferenceFile(
  services: Services,
  scope: TenantScope,
  groupId: string,
): Promise<StoredFileContent> {
  checkId(groupId)
  const group = await repo.findGroup(services.db, scope, groupId)
  if (group?.termsOfReferenceFileId == null) throw notFound()
  const file = await readFile(services.db, scope, group.termsOfReferenceFileId)
  if (file === undefined) throw notFound()
  return file
}

export async function addStandingItem(
  services: Services,
  ctx: Ctx,
  groupId: string,
  form: { title: string; presenterName: string | null },
): Promise<void> {
  checkId(groupId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    if ((await repo.findGroup(trx, ctx.scope, groupId)) === undefined) throw notFound()
    const id = await repo.insertStandingItem(trx, ctx.scope, { groupId, ...form })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'standing_item',
      recordId: id,
      changes: { after: { groupId, ...form } },
    })
  })
}

/** The partnerships a group can be shared with. */
export async function sharablePartnerships(services: Services, scope: TenantScope) {
  return repo.otherPartnerships(services.db, scope)
}

export async function shareGroup(
  services: Services,
  ctx: Ctx,
  groupId: string,
  sharedWithPartnershipId: string,
): Promise<void> {
  checkId(groupId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  await services.db.transaction().execute(async (trx) => {
    if ((await repo.findGroup(trx, ctx.scope, groupId)) === undefined) throw notFound()
    const others = await repo.otherPartnerships(trx, ctx.scope)
    if (!others.some((p) => p.id === sharedWithPartnershipId))
      fail([
        {
          field: 'sharedWithPartnershipId',
          message: messages.select('the partnership to share the group with'),
        },
      ])
    const added = await repo.insertShare(trx, ctx.scope, {
      groupId,
      sharedWithPartnershipId,
      sharedOn: today(services),
    })
    if (added)
      await services.audit.record(trx, {
        ...auditBy(ctx),
        action: 'create',
        recordType: 'group_share',
        recordId: groupId,
        changes: { after: { groupId, sharedWithPartnershipId } },
      })
  })
}

/**
 * Adds a member of a partnership the group is shared with: a person record here, known by the
 * email address of their account in their own partnership.
 */
export async function addJointMember(
  services: Services,
  ctx: Ctx,
  groupId: string,
  input: {
    fullName: string
    email: string
    homePartnershipId: string
    organisation: string | null
    role: MembershipForm['role']
    startedOn: string
  },
): Promise<string> {
  checkId(groupId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manage)
  return services.db.transaction().execute(async (trx) => {
    const shares = await repo.groupShares(trx, ctx.scope, groupId)
    if (!shares.some((s) => s.partnershipId === input.homePartnershipId))
      fail([{ field: 'homePartnershipId', message: 'Share the group with that partnership first' }])
    const personId = await repo.insertPerson(trx, ctx.scope, {
      fullName: input.fullName,
      email: input.email.toLowerCase(),
      jobTitle: null,
      phone: null,
      agencyId: null,
      isNamedContact: false,
      userId: null,
      homePartnershipId: input.homePartnershipId,
      externalOrganisation: input.organisation,
    })
    const membershipId = await repo.insertMembership(trx, ctx.scope, {
      groupId,
      personId,
      role: input.role,
      agencyId: null,
      clearedForRestricted: false,
      startedOn: input.startedOn,
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'create',
      recordType: 'group_membership',
      recordId: membershipId,
      changes: { after: { groupId, personId, ...input } },
    })
    return personId
  })
}
