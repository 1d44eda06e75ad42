// The challenge log: one agency (or member) challenging another about how it safeguards children,
// the response, and the outcome (resolved, or escalated). Actions can be raised from a challenge.
// States: open → responded → resolved | escalated; escalated → resolved.
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { Kysely, Transaction } from 'kysely'
import type { Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import {
  ValidationError,
  conflict,
  forbidden,
  notFound,
  type FieldError,
} from '../../platform/errors.ts'
import { messages } from '../../platform/messages.ts'
import type { Services } from '../../platform/services.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import type { Tables } from '../../schema.ts'
import { listActionsForSource, raiseAction, type RaiseActionForm } from '../actions/index.ts'
import { GOVERNANCE_PERMISSIONS } from './permissions.ts'
import * as repo from './repository.ts'
import type { ChallengeForm } from './schemas.ts'
import { auditBy, checkId, today, type Ctx } from './service.ts'
import type { ChallengeStatus } from './tables.ts'

export const CHALLENGE_SOURCE = 'challenge'

/**
 * The partnership's challenges, for other modules to offer and link (the risk register). Only
 * reference, subject and status are meant for display; whether a person may open one is the
 * challenge log's decision (listChallenges).
 */
export async function challengesForLinking(
  db: Kysely<Tables>,
  scope: TenantScope,
): Promise<repo.ChallengeRow[]> {
  return repo.listChallenges(db, scope)
}

export function formatChallengeReference(reference: number): string {
  return `C-${String(reference).padStart(3, '0')}`
}

function canSee(services: Services, actor: Actor, c: repo.ChallengeRow): boolean {
  return (
    services.policy.can(actor, GOVERNANCE_PERMISSIONS.readChallenges, {
      agencyId: c.raisedByAgencyId,
    }) ||
    services.policy.can(actor, GOVERNANCE_PERMISSIONS.readChallenges, {
      agencyId: c.raisedToAgencyId,
    })
  )
}

export async function listChallenges(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
) {
  const reach = services.policy.scopeOf(ctx.actor, GOVERNANCE_PERMISSIONS.readChallenges)
  if (reach === undefined) throw forbidden()
  if (reach === 'own_agency') {
    if (ctx.actor.agencyId === null) return []
    return repo.listChallenges(services.db, ctx.scope, { involvingAgencyId: ctx.actor.agencyId })
  }
  return repo.listChallenges(services.db, ctx.scope)
}

export async function getChallenge(
  services: Services,
  ctx: { scope: TenantScope; actor: Actor },
  challengeId: string,
) {
  checkId(challengeId)
  const challenge = await repo.findChallenge(services.db, ctx.scope, challengeId)
  if (challenge === undefined) throw notFound()
  if (!canSee(services, ctx.actor, challenge)) throw forbidden()
  return {
    challenge,
    actions: await listActionsForSource(
      fromLegacyContext(services, { scope: ctx.scope }),
      CHALLENGE_SOURCE,
      [challenge.id],
    ),
    canRespond: canRespond(services, ctx.actor, challenge),
    canManage: services.policy.can(ctx.actor, GOVERNANCE_PERMISSIONS.manageChallenges),
  }
}

function canRespond(services: Services, actor: Actor, c: repo.ChallengeRow): boolean {
  return (
    (c.status === 'open' || c.status === 'responded') &&
    services.policy.can(actor, GOVERNANCE_PERMISSIONS.respondToChallenges, {
      agencyId: c.raisedToAgencyId,
    })
  )
}

export async function raiseChallenge(
  services: Services,
  ctx: Ctx,
  form: ChallengeForm,
): Promise<string> {
  return services.db.transaction().execute((trx) => raiseChallengeWithin(services, ctx, trx, form))
}

/**
 * Raises a challenge inside the caller's transaction, so another module (performance, from an
 * indicator) can record its own link in the same commit. Checks the permission itself.
 */
export async function raiseChallengeWithin(
  services: Services,
  ctx: Ctx,
  trx: Transaction<Tables>,
  form: ChallengeForm,
): Promise<string> {
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manageChallenges)
  const problems: FieldError[] = []
  if ((await repo.findAgency(trx, ctx.scope, form.raisedByAgencyId)) === undefined)
    problems.push({
      field: 'raisedByAgencyId',
      message: messages.select('the agency raising the challenge'),
    })
  if ((await repo.findAgency(trx, ctx.scope, form.raisedToAgencyId)) === undefined)
    problems.push({
      field: 'raisedToAgencyId',
      message: messages.select('the agency being challenged'),
    })
  else if (form.raisedToAgencyId === form.raisedByAgencyId)
    problems.push({
      field: 'raisedToAgencyId',
      message: 'Select a different agency from the one raising the challenge',
    })
  for (const field of ['raisedByPersonId', 'raisedToPersonId'] as const) {
    const id = form[field]
    if (id !== null && (await repo.findPerson(trx, ctx.scope, id)) === undefined)
      problems.push({ field, message: messages.select('the person') })
  }
  if (form.groupId !== null && (await repo.findGroup(trx, ctx.scope, form.groupId)) === undefined)
    problems.push({ field: 'groupId', message: messages.select('the group') })
  if (form.raisedOn > today(services))
    problems.push({
      field: 'raisedOn',
      message: messages.notInFuture('the date the challenge was raised'),
    })
  if (problems.length > 0) throw new ValidationError(problems)
  const { id, reference } = await repo.insertChallenge(trx, ctx.scope, form)
  await services.audit.record(trx, {
    ...auditBy(ctx),
    action: 'create',
    recordType: 'challenge',
    recordId: id,
    changes: { after: { reference, ...form } },
  })
  return id
}

export async function respondToChallenge(
  services: Services,
  ctx: Ctx,
  challengeId: string,
  form: { response: string; respondedOn: string },
): Promise<void> {
  checkId(challengeId)
  await services.db.transaction().execute(async (trx) => {
    const challenge = await repo.lockChallenge(trx, ctx.scope, challengeId)
    if (challenge === undefined) throw notFound()
    if (
      !services.policy.can(ctx.actor, GOVERNANCE_PERMISSIONS.respondToChallenges, {
        agencyId: challenge.raisedToAgencyId,
      })
    )
      throw forbidden()
    if (challenge.status !== 'open' && challenge.status !== 'responded')
      throw conflict('Only an open challenge can be responded to.')
    const problems: FieldError[] = []
    if (form.respondedOn > today(services))
      problems.push({
        field: 'respondedOn',
        message: messages.notInFuture('the date of the response'),
      })
    else if (form.respondedOn < challenge.raisedOn)
      problems.push({
        field: 'respondedOn',
        message: messages.dateAfter(
          'the date of the response',
          'the date the challenge was raised',
        ),
      })
    if (problems.length > 0) throw new ValidationError(problems)
    await repo.updateChallenge(trx, ctx.scope, challenge.id, {
      ...form,
      status: 'responded',
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'challenge',
      recordId: challenge.id,
      changes: changedFields(
        {
          response: challenge.response,
          respondedOn: challenge.respondedOn,
          status: challenge.status,
        },
        { ...form, status: 'responded' },
      ),
    })
  })
}

const outcomeFrom: Readonly<Record<ChallengeStatus, readonly ChallengeStatus[]>> = {
  open: ['resolved', 'escalated'],
  responded: ['resolved', 'escalated'],
  escalated: ['resolved'],
  resolved: [],
}

export async function recordOutcome(
  services: Services,
  ctx: Ctx,
  challengeId: string,
  form: { status: 'resolved' | 'escalated'; outcome: string; outcomeDate: string },
): Promise<void> {
  checkId(challengeId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manageChallenges)
  await services.db.transaction().execute(async (trx) => {
    const challenge = await repo.lockChallenge(trx, ctx.scope, challengeId)
    if (challenge === undefined) throw notFound()
    if (!outcomeFrom[challenge.status].includes(form.status))
      throw conflict(
        challenge.status === 'resolved'
          ? 'This challenge has already been resolved.'
          : 'This challenge has already been escalated.',
      )
    if (form.outcomeDate > today(services) || form.outcomeDate < challenge.raisedOn)
      throw new ValidationError([
        {
          field: 'outcomeDate',
          message:
            form.outcomeDate > today(services)
              ? messages.notInFuture('the date of the outcome')
              : messages.dateAfter('the date of the outcome', 'the date the challenge was raised'),
        },
      ])
    const closedOn = form.status === 'resolved' ? form.outcomeDate : null
    await repo.updateChallenge(trx, ctx.scope, challenge.id, {
      outcome: form.outcome,
      status: form.status,
      closedOn,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'challenge',
      recordId: challenge.id,
      changes: changedFields(
        { outcome: challenge.outcome, status: challenge.status, closedOn: challenge.closedOn },
        { outcome: form.outcome, status: form.status, closedOn },
      ),
    })
  })
}

export async function raiseChallengeAction(
  services: Services,
  ctx: Ctx,
  challengeId: string,
  form: RaiseActionForm,
): Promise<{ id: string; reference: string }> {
  checkId(challengeId)
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.manageChallenges)
  const challenge = await repo.findChallenge(services.db, ctx.scope, challengeId)
  if (challenge === undefined) throw notFound()
  return services.db.transaction().execute(async (trx) =>
    raiseAction(fromLegacyContext(services, ctx, trx), {
      source: { type: CHALLENGE_SOURCE, id: challenge.id },
      title: form.title,
      description: form.description,
      ownerAgencyId: form.ownerAgencyId,
      ownerUserId: form.ownerUserId,
      dueDate: form.dueDate,
      raisedByGroupId: challenge.groupId,
    }),
  )
}
