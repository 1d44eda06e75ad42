// The risk register's use cases. Each takes the use-case context first and follows one order:
// authorize → load and guard the state → change and audit in one transaction. Other modules
// raise risks through createRisk (inside their own transaction: pass a context whose db is it)
// and read them through risksForIndicator.
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { ValidationError, notFound, type FieldError } from '../../platform/errors.ts'
import { messages } from '../../platform/messages.ts'
import {
  audit,
  checkId,
  today,
  transaction,
  userIdOf,
  type TransactionContext,
  type UseCaseContext,
} from '../../platform/use-case.ts'
import {
  listActionsForSource,
  raiseAction,
  type ActionRow,
  type RaiseActionForm,
} from '../actions/index.ts'
import { linkSourcesOf, type RiskLink, type RiskLinkOption, type RiskLinkSource } from './links.ts'
import { authorizeManage, authorizeRead, requireOpen, riskCan } from './policy.ts'
import { formatRiskReference, riskScore } from './presenter.ts'
import * as repo from './repository.ts'
import type { ReviewRow, RiskRow } from './repository.ts'
import type { ReviewForm } from './schemas.ts'
import type { RiskCategory, RiskStatus } from './tables.ts'

/** The action tracker's source type for mitigations raised from risks. */
export const RISK_SOURCE = 'risk'

export type { ReviewRow, RiskRow }

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
  ctx: UseCaseContext,
  query: RegisterQuery,
): Promise<{ risks: RiskRow[]; agencies: { id: string; name: string }[] }> {
  authorizeRead(ctx)
  const risks = await repo.listRisks(ctx.db, ctx.scope, {
    ...(query.status === 'all' ? {} : { status: query.status }),
    ...(query.ownerAgencyId === undefined ? {} : { ownerAgencyId: query.ownerAgencyId }),
  })
  return {
    risks: sortRisks(risks, query.sort),
    agencies: await repo.agencyOptions(ctx.db, ctx.scope),
  }
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
  readonly can: ReturnType<typeof riskCan>
}

function described(ids: readonly string[], found: ReadonlyMap<string, RiskLink>): LinkedRecord[] {
  return ids
    .map((id) => found.get(id) ?? { text: 'No longer available', href: '', status: null })
    .map((link, i) => ({ id: ids[i] ?? '', ...link }))
}

/** Hides the details of linked records the person may not see in their own module. */
async function visibleOnly(
  ctx: UseCaseContext,
  source: RiskLinkSource,
  links: LinkedRecord[],
): Promise<LinkedRecord[]> {
  if (source.visibleTo === undefined || ctx.who.kind === 'system') return links
  const visible = await source.visibleTo(
    ctx.services,
    { scope: ctx.scope, actor: ctx.who.actor },
    links.map((l) => l.id),
  )
  return links.map((l) =>
    visible.has(l.id) ? l : { id: l.id, text: 'Not available to you', href: '', status: null },
  )
}

async function linkedRecords(
  ctx: UseCaseContext,
  source: RiskLinkSource,
  ids: readonly string[],
): Promise<LinkedRecord[]> {
  return visibleOnly(ctx, source, described(ids, await source.describe(ctx.db, ctx.scope, ids)))
}

export async function getRisk(ctx: UseCaseContext, riskId: string): Promise<RiskDetail> {
  authorizeRead(ctx)
  const risk = await repo.findRisk(ctx.db, ctx.scope, checkId(riskId))
  if (risk === undefined) throw notFound()
  const sources = linkSourcesOf(ctx.services)
  const links = (await repo.listLinks(ctx.db, ctx.scope, [risk.id])).get(risk.id) ?? {
    indicatorIds: [],
    challengeIds: [],
  }
  return {
    risk,
    indicators: await linkedRecords(ctx, sources.indicators, links.indicatorIds),
    challenges: await linkedRecords(ctx, sources.challenges, links.challengeIds),
    actions: await listActionsForSource(ctx, RISK_SOURCE, [risk.id]),
    reviews: await repo.listReviews(ctx.db, ctx.scope, risk.id),
    can: riskCan(ctx, risk),
  }
}

/** The risks linked to an indicator, with their current state (for the indicator's page). */
export async function risksForIndicator(
  ctx: UseCaseContext,
  indicatorId: string,
): Promise<RiskRow[]> {
  const ids = await repo.riskIdsForIndicator(ctx.db, ctx.scope, indicatorId)
  return repo.listRisks(ctx.db, ctx.scope, { ids })
}

export interface RiskFormOptions {
  readonly agencies: readonly { id: string; name: string }[]
  readonly people: readonly { id: string; name: string; agencyName: string | null }[]
  readonly indicators: readonly RiskLinkOption[]
  readonly challenges: readonly RiskLinkOption[]
}

/** What the risk form offers: the partnership's agencies, people, indicators and challenges. */
export async function formOptions(ctx: UseCaseContext): Promise<RiskFormOptions> {
  const sources = linkSourcesOf(ctx.services)
  return {
    agencies: await repo.agencyOptions(ctx.db, ctx.scope),
    people: await repo.personOptions(ctx.db, ctx.scope),
    indicators: await sources.indicators.options(ctx.db, ctx.scope),
    challenges: await sources.challenges.options(ctx.db, ctx.scope),
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
  ctx: UseCaseContext,
  input: RiskInput,
  reviewDateChanged: boolean,
): Promise<void> {
  const { db, scope } = ctx
  const sources = linkSourcesOf(ctx.services)
  const problems: FieldError[] = []
  if (!(await repo.agencyExists(db, scope, input.ownerAgencyId)))
    problems.push({
      field: 'ownerAgencyId',
      message: messages.select('the agency that owns the risk'),
    })
  if (input.ownerUserId !== null && !(await repo.userExists(db, scope, input.ownerUserId)))
    problems.push({
      field: 'ownerUserId',
      message: messages.select('the person who owns the risk'),
    })
  if (reviewDateChanged && input.reviewDate < today(ctx))
    problems.push({ field: 'reviewDate', message: messages.notInPast('the review date') })
  const indicators = await sources.indicators.describe(db, scope, input.indicatorIds)
  if (input.indicatorIds.some((id) => !indicators.has(id)))
    problems.push({ field: 'indicatorIds', message: messages.unknownChoice('the indicators') })
  const challenges = await sources.challenges.describe(db, scope, input.challengeIds)
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
 * Adds a risk to the register, with its links, and audits it. Runs inside the context's
 * transaction when it has one (so a module raising a risk commits it with its own change).
 */
export async function createRisk(
  ctx: UseCaseContext,
  input: RiskInput,
): Promise<{ id: string; reference: string }> {
  authorizeManage(ctx)
  return transaction(ctx, async (tx) => {
    await checkInput(tx, input, true)
    const { id, reference } = await repo.insertRisk(tx.db, tx.scope, {
      ...input,
      now: tx.services.clock.now(),
      createdByUserId: userIdOf(tx),
    })
    await repo.setLinks(tx.db, tx.scope, id, input)
    await audit(tx, {
      action: 'create',
      recordType: 'risk',
      recordId: id,
      changes: { after: { reference: formatRiskReference(reference), ...audited(input) } },
    })
    return { id, reference: formatRiskReference(reference) }
  })
}

/** Reads the risk and holds it until the transaction ends; only an open risk may be changed. */
async function lockOpenRisk(
  ctx: TransactionContext,
  riskId: string,
  doing: string,
): Promise<RiskRow> {
  const risk = await repo.lockRisk(ctx.db, ctx.scope, checkId(riskId))
  if (risk === undefined) throw notFound()
  requireOpen(risk, doing)
  return risk
}

export async function updateRisk(
  ctx: UseCaseContext,
  riskId: string,
  input: RiskInput,
): Promise<void> {
  authorizeManage(ctx)
  await transaction(ctx, async (tx) => {
    const risk = await lockOpenRisk(tx, riskId, 'changed')
    const links = (await repo.listLinks(tx.db, tx.scope, [risk.id])).get(risk.id) ?? {
      indicatorIds: [],
      challengeIds: [],
    }
    await checkInput(tx, input, input.reviewDate !== risk.reviewDate)
    await repo.updateRisk(tx.db, tx.scope, risk.id, { ...input, now: tx.services.clock.now() })
    await repo.setLinks(tx.db, tx.scope, risk.id, input)
    await audit(tx, {
      action: 'update',
      recordType: 'risk',
      recordId: risk.id,
      changes: changedFields(audited({ ...risk, ...links }), audited(input)),
    })
  })
}

/** A review re-scores the risk and sets the next review date; the earlier score is kept. */
export async function reviewRisk(
  ctx: UseCaseContext,
  riskId: string,
  form: ReviewForm,
): Promise<void> {
  authorizeManage(ctx)
  await transaction(ctx, async (tx) => {
    const risk = await lockOpenRisk(tx, riskId, 'reviewed')
    const reviewedOn = today(tx)
    if (form.nextReviewDate <= reviewedOn)
      throw new ValidationError([
        { field: 'nextReviewDate', message: messages.dateAfter('the next review date', 'today') },
      ])
    await repo.insertReview(tx.db, tx.scope, {
      riskId: risk.id,
      reviewedOn,
      dueOn: risk.reviewDate,
      previousLikelihood: risk.likelihood,
      previousImpact: risk.impact,
      likelihood: form.likelihood,
      impact: form.impact,
      note: form.note,
      nextReviewDate: form.nextReviewDate,
      reviewedAt: tx.services.clock.now(),
      reviewedByUserId: userIdOf(tx),
      reviewedByLabel: tx.who.kind === 'system' ? tx.who.label : null,
    })
    await repo.updateRisk(tx.db, tx.scope, risk.id, {
      likelihood: form.likelihood,
      impact: form.impact,
      reviewDate: form.nextReviewDate,
      now: tx.services.clock.now(),
    })
    const before = { likelihood: risk.likelihood, impact: risk.impact, reviewDate: risk.reviewDate }
    const after = {
      likelihood: form.likelihood,
      impact: form.impact,
      reviewDate: form.nextReviewDate,
    }
    await audit(tx, {
      action: 'update',
      recordType: 'risk',
      recordId: risk.id,
      changes: { before, after: { ...after, reviewNote: form.note } },
    })
  })
}

export async function closeRisk(
  ctx: UseCaseContext,
  riskId: string,
  form: { closureNote: string },
): Promise<void> {
  authorizeManage(ctx)
  await transaction(ctx, async (tx) => {
    const risk = await lockOpenRisk(tx, riskId, 'closed')
    const closedOn = today(tx)
    await repo.updateRisk(tx.db, tx.scope, risk.id, {
      status: 'closed',
      closedOn,
      closureNote: form.closureNote,
      now: tx.services.clock.now(),
    })
    await audit(tx, {
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
  ctx: UseCaseContext,
  riskId: string,
  form: RaiseActionForm,
): Promise<{ id: string; reference: string }> {
  authorizeManage(ctx)
  return transaction(ctx, async (tx) => {
    const risk = await lockOpenRisk(tx, riskId, 'mitigated')
    return raiseAction(tx, {
      source: { type: RISK_SOURCE, id: risk.id },
      title: form.title,
      description: form.description,
      ownerAgencyId: form.ownerAgencyId,
      ownerUserId: form.ownerUserId,
      dueDate: form.dueDate,
    })
  })
}
