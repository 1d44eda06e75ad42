// The risk register's use cases. Every change: authorise, check the state, write in one
// transaction, and audit in that same transaction. Other modules raise risks through createRisk
// (passing their own transaction) and read them through risksForIndicator.
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { ValidationError, conflict, notFound, type FieldError } from '../../platform/errors.ts'
import { londonDate } from '../../platform/london-time.ts'
import { messages } from '../../platform/messages.ts'
import type { AttentionItem } from '../../platform/module.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid, tenantScope, type TenantScope } from '../../platform/tenancy.ts'
import {
  listActionsForSource,
  raiseAction,
  type ActionRow,
  type RaiseActionForm,
} from '../actions/index.ts'
import type { RiskLink, RiskLinkOption, RiskLinkSource, RiskLinkSources } from './links.ts'
import { riskPaths } from './paths.ts'
import { formatRiskReference, riskScore } from './presenter.ts'
import * as repo from './repository.ts'
import type { ReviewRow, RiskRow } from './repository.ts'
import type { ReviewForm } from './schemas.ts'
import type { RiskCategory, RiskStatus } from './tables.ts'

export const RISK_PERMISSIONS = {
  /** See the register, each risk, its links, mitigations and reviews. */
  read: 'risk.read',
  /** Add, change, review and close risks; raise their mitigations (the business unit). */
  manage: 'risk.manage',
} as const

/** The action tracker's source type for mitigations raised from risks. */
export const RISK_SOURCE = 'risk'

export interface RiskContext {
  readonly scope: TenantScope
  /** Undefined when the system acts (the demo seed); then systemLabel names it. */
  readonly actor?: Actor
  readonly systemLabel?: string
  readonly requestId?: string
  readonly ip?: string
}

export type { ReviewRow, RiskRow }

function auditBy(ctx: RiskContext) {
  return {
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor?.userId ?? null,
    actorLabel: ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : null,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  }
}

function authorizeManage(services: Services, ctx: RiskContext): void {
  // The system (the demo seed) acts without an actor.
  if (ctx.actor !== undefined) services.policy.authorize(ctx.actor, RISK_PERMISSIONS.manage)
}

export function todayIn(services: Services): string {
  return londonDate(services.clock.now())
}

function checkId(id: string): void {
  if (!isUuid(id)) throw notFound()
}

// ---------------------------------------------------------------------------------------------
// Reading.

export type RegisterSort = 'score' | 'reference' | 'review'

export interface RegisterQuery {
  readonly status: RiskStatus | 'all'
  readonly ownerAgencyId?: string | undefined
  readonly sort: RegisterSort
}

export function sortRisks(risks: readonly RiskRow[], sort: RegisterSort): RiskRow[] {
  const byReference = (a: RiskRow, b: RiskRow) => a.reference - b.reference
  switch (sort) {
    case 'score':
      return [...risks].sort(
        (a, b) =>
          riskScore(b.likelihood, b.impact) - riskScore(a.likelihood, a.impact) ||
          b.impact - a.impact ||
          byReference(a, b),
      )
    case 'review':
      return [...risks].sort(
        (a, b) => a.reviewDate.localeCompare(b.reviewDate) || byReference(a, b),
      )
    case 'reference':
      return [...risks].sort(byReference)
  }
}

export async function listRegister(
  services: Services,
  ctx: RiskContext,
  query: RegisterQuery,
): Promise<{ risks: RiskRow[]; agencies: { id: string; name: string }[] }> {
  const risks = await repo.listRisks(services.db, ctx.scope, {
    ...(query.status === 'all' ? {} : { status: query.status }),
    ...(query.ownerAgencyId === undefined ? {} : { ownerAgencyId: query.ownerAgencyId }),
  })
  return {
    risks: sortRisks(risks, query.sort),
    agencies: await agencyOptions(services, ctx.scope),
  }
}

async function agencyOptions(services: Services, scope: TenantScope) {
  return repo.agencyOptions(services.db, scope)
}

export interface LinkedRecord extends RiskLink {
  readonly id: string
}

export interface RiskDetail {
  readonly risk: RiskRow
  readonly indicators: readonly LinkedRecord[]
  readonly challenges: readonly LinkedRecord[]
  readonly actions: readonly ActionRow[]
  readonly reviews: readonly ReviewRow[]
  readonly canManage: boolean
}

function described(ids: readonly string[], found: ReadonlyMap<string, RiskLink>): LinkedRecord[] {
  return ids
    .map((id) => found.get(id) ?? { text: 'No longer available', href: '', status: null })
    .map((link, i) => ({ id: ids[i] ?? '', ...link }))
}

/** Hides the details of linked records the person may not see in their own module. */
async function visibleOnly(
  services: Services,
  ctx: RiskContext,
  source: RiskLinkSource,
  links: LinkedRecord[],
): Promise<LinkedRecord[]> {
  if (source.visibleTo === undefined || ctx.actor === undefined) return links
  const visible = await source.visibleTo(
    services,
    { scope: ctx.scope, actor: ctx.actor },
    links.map((l) => l.id),
  )
  return links.map((l) =>
    visible.has(l.id) ? l : { id: l.id, text: 'Not available to you', href: '', status: null },
  )
}

export async function getRisk(
  services: Services,
  ctx: RiskContext,
  sources: RiskLinkSources,
  riskId: string,
): Promise<RiskDetail> {
  checkId(riskId)
  const risk = await repo.findRisk(services.db, ctx.scope, riskId)
  if (risk === undefined) throw notFound()
  const links = (await repo.listLinks(services.db, ctx.scope, [risk.id])).get(risk.id) ?? {
    indicatorIds: [],
    challengeIds: [],
  }
  return {
    risk,
    indicators: described(
      links.indicatorIds,
      await sources.indicators.describe(services.db, ctx.scope, links.indicatorIds),
    ),
    challenges: await visibleOnly(
      services,
      ctx,
      sources.challenges,
      described(
        links.challengeIds,
        await sources.challenges.describe(services.db, ctx.scope, links.challengeIds),
      ),
    ),
    actions: await listActionsForSource(services, ctx.scope, RISK_SOURCE, [risk.id]),
    reviews: await repo.listReviews(services.db, ctx.scope, risk.id),
    canManage: ctx.actor !== undefined && services.policy.can(ctx.actor, RISK_PERMISSIONS.manage),
  }
}

/** The risks linked to an indicator, with their current state (for the indicator's page). */
export async function risksForIndicator(
  services: Services,
  scope: TenantScope,
  indicatorId: string,
): Promise<RiskRow[]> {
  const ids = await repo.riskIdsForIndicator(services.db, scope, indicatorId)
  return repo.listRisks(services.db, scope, { ids })
}

export interface RiskFormOptions {
  readonly agencies: readonly { id: string; name: string }[]
  readonly people: readonly { id: string; name: string; agencyName: string | null }[]
  readonly indicators: readonly RiskLinkOption[]
  readonly challenges: readonly RiskLinkOption[]
}

export async function formOptions(
  services: Services,
  scope: TenantScope,
  sources: RiskLinkSources,
): Promise<RiskFormOptions> {
  return {
    agencies: await agencyOptions(services, scope),
    people: await repo.personOptions(services.db, scope),
    indicators: await sources.indicators.options(services.db, scope),
    challenges: await sources.challenges.options(services.db, scope),
  }
}

// ---------------------------------------------------------------------------------------------
// Changes.

export interface RiskInput {
  readonly title: string
  readonly description: string
  readonly category: RiskCategory
  readonly likelihood: number
  readonly impact: number
  readonly ownerAgencyId: string
  readonly ownerUserId: string | null
  readonly reviewDate: string
  readonly indicatorIds: readonly string[]
  readonly challengeIds: readonly string[]
}

/** Checks what the schema cannot: the agency, person and linked records belong to the partnership. */
async function checkInput(
  services: Services,
  trx: Transaction<Tables>,
  scope: TenantScope,
  sources: RiskLinkSources,
  input: RiskInput,
  reviewDateChanged: boolean,
): Promise<void> {
  const problems: FieldError[] = []
  if (!(await repo.agencyExists(trx, scope, input.ownerAgencyId)))
    problems.push({
      field: 'ownerAgencyId',
      message: messages.select('the agency that owns the risk'),
    })
  if (input.ownerUserId !== null && !(await repo.userExists(trx, scope, input.ownerUserId)))
    problems.push({
      field: 'ownerUserId',
      message: messages.select('the person who owns the risk'),
    })
  if (reviewDateChanged && input.reviewDate < todayIn(services))
    problems.push({ field: 'reviewDate', message: messages.notInPast('the review date') })
  const indicators = await sources.indicators.describe(trx, scope, input.indicatorIds)
  if (input.indicatorIds.some((id) => !indicators.has(id)))
    problems.push({ field: 'indicatorIds', message: messages.unknownChoice('the indicators') })
  const challenges = await sources.challenges.describe(trx, scope, input.challengeIds)
  if (input.challengeIds.some((id) => !challenges.has(id)))
    problems.push({ field: 'challengeIds', message: messages.unknownChoice('the challenges') })
  if (problems.length > 0) throw new ValidationError(problems)
}

function audited(input: RiskInput) {
  return {
    title: input.title,
    description: input.description,
    category: input.category,
    likelihood: input.likelihood,
    impact: input.impact,
    ownerAgencyId: input.ownerAgencyId,
    ownerUserId: input.ownerUserId,
    reviewDate: input.reviewDate,
    indicatorIds: [...input.indicatorIds].sort(),
    challengeIds: [...input.challengeIds].sort(),
  }
}

/**
 * Adds a risk to the register, with its links, and audits it. Pass a transaction to create the
 * risk together with the caller's own change (e.g. raising it from an indicator).
 */
export async function createRisk(
  services: Services,
  ctx: RiskContext,
  sources: RiskLinkSources,
  trx: Transaction<Tables> | undefined,
  input: RiskInput,
): Promise<{ id: string; reference: string }> {
  authorizeManage(services, ctx)
  if (trx === undefined)
    return services.db.transaction().execute((t) => createRisk(services, ctx, sources, t, input))
  await checkInput(services, trx, ctx.scope, sources, input, true)
  const { id, reference } = await repo.insertRisk(trx, ctx.scope, {
    ...input,
    now: services.clock.now(),
    createdByUserId: ctx.actor?.userId ?? null,
  })
  await repo.setLinks(trx, ctx.scope, id, input)
  await services.audit.record(trx, {
    ...auditBy(ctx),
    action: 'create',
    recordType: 'risk',
    recordId: id,
    changes: { after: { reference: formatRiskReference(reference), ...audited(input) } },
  })
  return { id, reference: formatRiskReference(reference) }
}

async function lockOpenRisk(
  trx: Transaction<Tables>,
  scope: TenantScope,
  riskId: string,
  doing: string,
): Promise<RiskRow> {
  checkId(riskId)
  const risk = await repo.lockRisk(trx, scope, riskId)
  if (risk === undefined) throw notFound()
  if (risk.status !== 'open') throw conflict(`Only an open risk can be ${doing}.`)
  return risk
}

export async function updateRisk(
  services: Services,
  ctx: RiskContext,
  sources: RiskLinkSources,
  riskId: string,
  input: RiskInput,
): Promise<void> {
  authorizeManage(services, ctx)
  await services.db.transaction().execute(async (trx) => {
    const risk = await lockOpenRisk(trx, ctx.scope, riskId, 'changed')
    const links = (await repo.listLinks(trx, ctx.scope, [risk.id])).get(risk.id) ?? {
      indicatorIds: [],
      challengeIds: [],
    }
    await checkInput(services, trx, ctx.scope, sources, input, input.reviewDate !== risk.reviewDate)
    await repo.updateRisk(trx, ctx.scope, risk.id, { ...input, now: services.clock.now() })
    await repo.setLinks(trx, ctx.scope, risk.id, input)
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'risk',
      recordId: risk.id,
      changes: changedFields(audited({ ...risk, ...links }), audited(input)),
    })
  })
}

/** A review re-scores the risk and sets the next review date; the earlier score is kept. */
export async function reviewRisk(
  services: Services,
  ctx: RiskContext,
  riskId: string,
  form: ReviewForm,
): Promise<void> {
  authorizeManage(services, ctx)
  await services.db.transaction().execute(async (trx) => {
    const risk = await lockOpenRisk(trx, ctx.scope, riskId, 'reviewed')
    const today = todayIn(services)
    if (form.nextReviewDate <= today)
      throw new ValidationError([
        { field: 'nextReviewDate', message: messages.dateAfter('the next review date', 'today') },
      ])
    await repo.insertReview(trx, ctx.scope, {
      riskId: risk.id,
      reviewedOn: today,
      previousLikelihood: risk.likelihood,
      previousImpact: risk.impact,
      likelihood: form.likelihood,
      impact: form.impact,
      note: form.note,
      nextReviewDate: form.nextReviewDate,
      reviewedAt: services.clock.now(),
      reviewedByUserId: ctx.actor?.userId ?? null,
      reviewedByLabel: ctx.actor === undefined ? (ctx.systemLabel ?? 'Assure') : null,
    })
    await repo.updateRisk(trx, ctx.scope, risk.id, {
      likelihood: form.likelihood,
      impact: form.impact,
      reviewDate: form.nextReviewDate,
      now: services.clock.now(),
    })
    const before = { likelihood: risk.likelihood, impact: risk.impact, reviewDate: risk.reviewDate }
    const after = {
      likelihood: form.likelihood,
      impact: form.impact,
      reviewDate: form.nextReviewDate,
    }
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'risk',
      recordId: risk.id,
      changes: { before, after: { ...after, reviewNote: form.note } },
    })
  })
}

export async function closeRisk(
  services: Services,
  ctx: RiskContext,
  riskId: string,
  form: { closureNote: string },
): Promise<void> {
  authorizeManage(services, ctx)
  await services.db.transaction().execute(async (trx) => {
    const risk = await lockOpenRisk(trx, ctx.scope, riskId, 'closed')
    const closedOn = todayIn(services)
    await repo.updateRisk(trx, ctx.scope, risk.id, {
      status: 'closed',
      closedOn,
      closureNote: form.closureNote,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...auditBy(ctx),
      action: 'update',
      recordType: 'risk',
      recordId: risk.id,
      changes: changedFields(
        { status: risk.status, closedOn: risk.closedOn, closureNote: risk.closureNote },
        { status: 'closed', closedOn, closureNote: form.closureNote },
      ),
    })
  })
}

/** A mitigation is an action in the tracker, raised from the risk. */
export async function raiseMitigation(
  services: Services,
  ctx: RiskContext,
  riskId: string,
  form: RaiseActionForm,
): Promise<{ id: string; reference: string }> {
  authorizeManage(services, ctx)
  return services.db.transaction().execute(async (trx) => {
    const risk = await lockOpenRisk(trx, ctx.scope, riskId, 'mitigated')
    return raiseAction(services, ctx, trx, {
      source: { type: RISK_SOURCE, id: risk.id },
      title: form.title,
      description: form.description,
      ownerAgencyId: form.ownerAgencyId,
      ownerUserId: form.ownerUserId,
      dueDate: form.dueDate,
    })
  })
}

// ---------------------------------------------------------------------------------------------
// The home page.

export async function attention(services: Services, actor: Actor): Promise<AttentionItem[]> {
  const reach = services.policy.scopeOf(actor, RISK_PERMISSIONS.read)
  if (reach === undefined) return []
  const scope = tenantScope(actor.partnershipId)
  const today = todayIn(services)
  const manages = services.policy.can(actor, RISK_PERMISSIONS.manage)
  // The business unit answers for every review; an agency lead for their own agency's risks.
  const agencyId = manages ? undefined : (actor.agencyId ?? undefined)
  if (!manages && agencyId === undefined) return []
  const overdue = await repo.countOverdueReviews(services.db, scope, today, agencyId)
  if (overdue === 0) return []
  return [
    {
      text: `${String(overdue)} ${overdue === 1 ? 'risk is' : 'risks are'} past ${overdue === 1 ? 'its' : 'their'} review date`,
      href: riskPaths.register(undefined, {
        sort: 'review',
        ...(agencyId === undefined ? {} : { agency: agencyId }),
      }),
      count: overdue,
      severity: 'overdue',
    },
  ]
}
