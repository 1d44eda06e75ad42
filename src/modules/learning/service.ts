// The learning loop's use cases: source → finding → theme(s) → recommendation → action → evidence
// → impact. Every change: authorise, guard the state, write in a transaction, audit in the same
// transaction. Actions live in the tracker (raised with raiseAction, read back with
// listActionsForSource); this module never writes the tracker's tables.
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { Kysely, Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { auditActorLabel, type Actor } from '../../platform/access/policy.ts'
import { changedFields } from '../../platform/audit/audit-trail.ts'
import { ValidationError, conflict, notFound } from '../../platform/errors.ts'
import { londonDate } from '../../platform/london-time.ts'
import { messages } from '../../platform/messages.ts'
import type { AttentionItem } from '../../platform/module.ts'
import type { Services } from '../../platform/services.ts'
import { isUuid, tenantScope, type TenantScope } from '../../platform/tenancy.ts'
import {
  canSee,
  listActionsForSource,
  raiseAction,
  effectiveStatus,
  type ActionRow,
  type RaiseActionForm,
} from '../actions/index.ts'
import { indicatorExists, indicatorOptions } from '../performance/index.ts'
import * as repo from './repository.ts'
import type {
  BriefingContent,
  BriefingRow,
  FindingRow,
  RecommendationRow,
  ReviewRow,
  ThemeRow,
} from './repository.ts'
import type { FindingSourceRegistry, DescribedFindingSource } from './sources.ts'
import type { NewLearningReviewType } from './tables.ts'
import { learningPaths } from './paths.ts'
import { buildThemeView, type ThemeView } from './theme-view.ts'
import { defaultThemes } from './vocabulary.ts'

export type { BriefingRow, FindingRow, RecommendationRow, ReviewRow, ThemeRow }

export const LEARNING_PERMISSIONS = {
  /** See findings, recommendations and the theme view. */
  read: 'learning.read',
  /** Record learning reviews, findings and recommendations; raise actions; sign off; impact. */
  manage: 'learning.manage',
  /** Administer the theme vocabulary. */
  themes: 'learning.themes',
  /** Read published practitioner briefings. */
  briefings: 'learning.briefings',
  /**
   * See learning reviews and audits themselves (never published: their summaries can carry case
   * detail) — the case review team and the business unit only.
   */
  reviews: 'learning.reviews',
} as const

/** The action source type recommendations raise actions under. */
export const RECOMMENDATION_ACTION_SOURCE = 'learning_recommendation'
/** The module's own finding source type. */
export const LEARNING_REVIEW_SOURCE = 'learning_review'

export interface LearningContext {
  readonly scope: TenantScope
  readonly actor: Actor
  readonly requestId?: string
  readonly ip?: string
}

function auditActor(ctx: LearningContext) {
  return {
    partnershipId: ctx.scope.partnershipId,
    actorUserId: ctx.actor.userId,
    actorLabel: auditActorLabel(ctx.actor),
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  }
}

export function todayIn(services: Services): string {
  return londonDate(services.clock.now())
}

// ---------------------------------------------------------------------------------------------
// The theme vocabulary.

/**
 * Gives a partnership the default themes the first time its vocabulary is needed (a partnership
 * that has ever had a theme is left alone: retired themes stay retired). Safe to run concurrently.
 */
export async function ensureVocabulary(
  services: Services,
  scope: TenantScope,
  trx?: Transaction<Tables>,
): Promise<void> {
  if ((await repo.countThemes(trx ?? services.db, scope)) > 0) return
  const run = async (t: Transaction<Tables>) => {
    const now = services.clock.now()
    const created = await repo.insertThemes(
      t,
      scope,
      defaultThemes.map((name, i) => ({ name, description: null, position: i + 1 })),
      now,
    )
    for (const theme of created)
      await services.audit.record(t, {
        partnershipId: scope.partnershipId,
        actorUserId: null,
        actorLabel: 'Theme vocabulary',
        action: 'create',
        recordType: 'learning_theme',
        recordId: theme.id,
        changes: { after: { name: theme.name } },
      })
  }
  if (trx === undefined) await services.db.transaction().execute(run)
  else await run(trx)
}

export async function listVocabulary(
  services: Services,
  ctx: LearningContext,
): Promise<ThemeRow[]> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.themes)
  await ensureVocabulary(services, ctx.scope)
  return repo.listThemes(services.db, ctx.scope, { includeRetired: true })
}

/** The themes a finding may be tagged with (not retired). */
export async function activeThemes(services: Services, scope: TenantScope): Promise<ThemeRow[]> {
  await ensureVocabulary(services, scope)
  return repo.listThemes(services.db, scope, { includeRetired: false })
}

export async function getVocabularyTheme(
  services: Services,
  ctx: LearningContext,
  themeId: string,
): Promise<ThemeRow> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.themes)
  if (!isUuid(themeId)) throw notFound()
  const theme = await repo.findTheme(services.db, ctx.scope, themeId)
  if (theme === undefined) throw notFound()
  return theme
}

const duplicateTheme = () =>
  new ValidationError([{ field: 'name', message: 'There is already a theme with this name' }])

export async function addTheme(
  services: Services,
  ctx: LearningContext,
  input: { name: string; description: string | null },
): Promise<string> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.themes)
  return services.db.transaction().execute(async (trx) => {
    await ensureVocabulary(services, ctx.scope, trx)
    if (await repo.themeNameTaken(trx, ctx.scope, input.name)) throw duplicateTheme()
    const position = await repo.nextThemePosition(trx, ctx.scope)
    const [created] = await repo.insertThemes(
      trx,
      ctx.scope,
      [{ name: input.name, description: input.description, position }],
      services.clock.now(),
    )
    if (created === undefined) throw duplicateTheme()
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'learning_theme',
      recordId: created.id,
      changes: { after: { name: input.name, description: input.description } },
    })
    return created.id
  })
}

export async function renameTheme(
  services: Services,
  ctx: LearningContext,
  themeId: string,
  input: { name: string; description: string | null },
): Promise<void> {
  const theme = await getVocabularyTheme(services, ctx, themeId)
  await services.db.transaction().execute(async (trx) => {
    if (await repo.themeNameTaken(trx, ctx.scope, input.name, theme.id)) throw duplicateTheme()
    await repo.updateTheme(trx, ctx.scope, theme.id, { ...input, now: services.clock.now() })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'learning_theme',
      recordId: theme.id,
      changes: changedFields(
        { name: theme.name, description: theme.description },
        { name: input.name, description: input.description },
      ),
    })
  })
}

/** Retired themes keep their findings (and their place in the theme view) but take no new ones. */
export async function setThemeRetired(
  services: Services,
  ctx: LearningContext,
  themeId: string,
  retired: boolean,
): Promise<void> {
  const theme = await getVocabularyTheme(services, ctx, themeId)
  if ((theme.retiredAt !== null) === retired)
    throw conflict(retired ? 'This theme is already retired.' : 'This theme is in use already.')
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    await repo.updateTheme(trx, ctx.scope, theme.id, { retiredAt: retired ? now : null, now })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'learning_theme',
      recordId: theme.id,
      changes: changedFields({ retired: !retired }, { retired }),
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Learning reviews: the module's own finding source.

export async function createReview(
  services: Services,
  ctx: LearningContext,
  input: {
    title: string
    reviewType: NewLearningReviewType
    heldOn: string
    summary: string | null
  },
): Promise<string> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  return services.db.transaction().execute(async (trx) => {
    const id = await repo.insertReview(trx, ctx.scope, input, services.clock.now())
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'learning_review',
      recordId: id,
      changes: { after: { ...input } },
    })
    return id
  })
}

/** Writes the 'view' audit entry for a learning record someone opened. */
async function auditView(
  services: Services,
  ctx: LearningContext,
  recordType: string,
  recordId: string,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, { ...auditActor(ctx), action: 'view', recordType, recordId })
  })
}

export async function listReviews(services: Services, ctx: LearningContext): Promise<ReviewRow[]> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.reviews)
  return repo.listReviews(services.db, ctx.scope)
}

export async function getReview(
  services: Services,
  ctx: LearningContext,
  reviewId: string,
): Promise<{ review: ReviewRow; findings: FindingRow[] }> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.reviews)
  if (!isUuid(reviewId)) throw notFound()
  const review = await repo.findReview(services.db, ctx.scope, reviewId)
  if (review === undefined) throw notFound()
  const findings = await repo.listFindings(services.db, ctx.scope, {
    sourceType: LEARNING_REVIEW_SOURCE,
    sourceId: review.id,
  })
  await auditView(services, ctx, 'learning_review', review.id)
  return { review, findings }
}

// ---------------------------------------------------------------------------------------------
// Findings.

export interface FindingInput {
  readonly sourceType: string
  readonly sourceId: string
  readonly title: string
  readonly detail: string | null
  readonly identifiedOn: string
  readonly themeIds: readonly string[]
}

/** The source a finding is being recorded against, or 404 when it is not one of the partnership's. */
export async function findingSource(
  services: Services,
  ctx: LearningContext,
  sources: FindingSourceRegistry,
  ref: { type: string; id: string },
): Promise<DescribedFindingSource> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (!isUuid(ref.id)) throw notFound()
  const source = await sources.find(services.db, ctx.scope, ref.type, ref.id)
  if (source === undefined) throw notFound()
  return source
}

export async function createFinding(
  services: Services,
  ctx: LearningContext,
  sources: FindingSourceRegistry,
  input: FindingInput,
): Promise<string> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  const source = await findingSource(services, ctx, sources, {
    type: input.sourceType,
    id: input.sourceId,
  })
  const themes = await activeThemes(services, ctx.scope)
  const problems: { field: string; message: string }[] = []
  const themeIds = [...new Set(input.themeIds)]
  if (themeIds.length === 0 || themeIds.some((id) => !themes.some((t) => t.id === id)))
    problems.push({ field: 'themeIds', message: messages.select('at least one theme') })
  if (input.identifiedOn > todayIn(services))
    problems.push({
      field: 'identifiedOn',
      message: messages.notInFuture('the date of the finding'),
    })
  if (problems.length > 0) throw new ValidationError(problems)
  return services.db.transaction().execute(async (trx) => {
    const id = await repo.insertFinding(
      trx,
      ctx.scope,
      {
        sourceType: source.type,
        sourceId: source.id,
        title: input.title,
        detail: input.detail,
        identifiedOn: input.identifiedOn,
        createdByUserId: ctx.actor.userId,
        themeIds,
      },
      services.clock.now(),
    )
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'learning_finding',
      recordId: id,
      changes: {
        after: {
          source: { type: source.type, id: source.id },
          title: input.title,
          detail: input.detail,
          identifiedOn: input.identifiedOn,
          themeIds,
        },
      },
    })
    return id
  })
}

export async function listFindings(
  services: Services,
  ctx: LearningContext,
  sources: FindingSourceRegistry,
  filter: { themeId?: string } = {},
): Promise<{ findings: FindingRow[]; sources: Map<string, DescribedFindingSource> }> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.read)
  const findings = await repo.listFindings(services.db, ctx.scope, filter)
  const described = await sources.describeAll(
    services.db,
    ctx.scope,
    findings.map((f) => ({ type: f.sourceType, id: f.sourceId })),
  )
  return { findings, sources: described }
}

export interface FindingDetail {
  readonly finding: FindingRow
  readonly source: DescribedFindingSource
  readonly recommendations: readonly RecommendationRow[]
  readonly canManage: boolean
}

export async function getFinding(
  services: Services,
  ctx: LearningContext,
  sources: FindingSourceRegistry,
  findingId: string,
  options: { audit: boolean } = { audit: true },
): Promise<FindingDetail> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.read)
  if (!isUuid(findingId)) throw notFound()
  const finding = await repo.findFinding(services.db, ctx.scope, findingId)
  if (finding === undefined) throw notFound()
  const ref = { type: finding.sourceType, id: finding.sourceId }
  const described = await sources.describeAll(services.db, ctx.scope, [ref])
  const source = [...described.values()][0]
  if (source === undefined) throw notFound()
  if (options.audit) await auditView(services, ctx, 'learning_finding', finding.id)
  return {
    finding,
    source,
    recommendations: await repo.listRecommendations(services.db, ctx.scope, {
      findingIds: [finding.id],
    }),
    canManage: services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage),
  }
}

/** What has been learned from one source record: for the source module's own page. */
export interface SourceLearning {
  readonly findings: readonly FindingRow[]
  readonly recommendations: readonly RecommendationRow[]
  /** The actions answering them that this person may see. */
  readonly actions: readonly ActionRow[]
  readonly briefings: readonly BriefingRow[]
  readonly today: string
  readonly canManage: boolean
  /** Where to record a finding, or write a briefing, against this source. */
  readonly links: { readonly newFinding: string; readonly newBriefing: string }
}

/**
 * Findings recorded against a source record (a case review, an audit…), with the recommendations
 * they led to and the actions answering them. Undefined for someone who may not read learning.
 * The caller has already authorised the source record itself (and audited its view).
 */
export async function learningFromSource(
  services: Services,
  ctx: LearningContext,
  source: { readonly type: string; readonly id: string },
): Promise<SourceLearning | undefined> {
  if (!services.policy.can(ctx.actor, LEARNING_PERMISSIONS.read)) return undefined
  const canManage = services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage)
  const findings = await repo.listFindings(services.db, ctx.scope, {
    sourceType: source.type,
    sourceId: source.id,
  })
  const recommendations = await repo.listRecommendations(services.db, ctx.scope, {
    findingIds: findings.map((f) => f.id),
  })
  const actions = await listActionsForSource(
    fromLegacyContext(services, { scope: ctx.scope }),
    RECOMMENDATION_ACTION_SOURCE,
    recommendations.map((r) => r.id),
  )
  const briefings = await repo.listBriefings(services.db, ctx.scope, {
    publishedOnly: !canManage,
    source: { type: source.type, ids: [source.id] },
  })
  const query = { sourceType: source.type, sourceId: source.id }
  return {
    findings,
    recommendations,
    actions: actions.filter((a) => canSee(fromLegacyContext(services, ctx), a)),
    briefings,
    today: todayIn(services),
    canManage,
    links: {
      newFinding: learningPaths.findingNew(undefined, query),
      newBriefing: learningPaths.briefingNew(undefined, query),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Recommendations and their actions.

export async function createRecommendation(
  services: Services,
  ctx: LearningContext,
  findingId: string,
  input: {
    title: string
    detail: string | null
    addressedTo: 'agency' | 'partnership'
    agencyId: string | null
  },
): Promise<string> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (!isUuid(findingId)) throw notFound()
  const finding = await repo.findFinding(services.db, ctx.scope, findingId)
  if (finding === undefined) throw notFound()
  const agencyId = input.addressedTo === 'agency' ? input.agencyId : null
  if (
    input.addressedTo === 'agency' &&
    (agencyId === null || !(await repo.agencyExists(services.db, ctx.scope, agencyId)))
  )
    throw new ValidationError([{ field: 'agencyId', message: messages.select('the agency') }])
  return services.db.transaction().execute(async (trx) => {
    const id = await repo.insertRecommendation(
      trx,
      ctx.scope,
      {
        findingId: finding.id,
        title: input.title,
        detail: input.detail,
        addressedTo: input.addressedTo,
        agencyId,
        createdByUserId: ctx.actor.userId,
      },
      services.clock.now(),
    )
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'learning_recommendation',
      recordId: id,
      changes: {
        after: {
          findingId: finding.id,
          title: input.title,
          detail: input.detail,
          addressedTo: input.addressedTo,
          agencyId,
          status: 'open',
        },
      },
    })
    return id
  })
}

export interface RecommendationDetail {
  readonly recommendation: RecommendationRow
  readonly finding: FindingRow
  /** The actions answering it that this person may see (agency leads: their agency's). */
  readonly actions: readonly ActionRow[]
  /** How many actions answer it in all, seen or not. */
  readonly actionCount: number
  readonly today: string
  readonly canManage: boolean
  /** Why it cannot be signed off yet (undefined when it can). */
  readonly signOffBlocked: string | undefined
}

function signOffProblem(
  recommendation: RecommendationRow,
  actions: readonly ActionRow[],
): string | undefined {
  if (recommendation.status !== 'open') return 'This recommendation has already been signed off.'
  if (actions.length === 0) return 'Raise at least one action before signing it off.'
  if (actions.some((a) => a.status !== 'closed_with_evidence'))
    return 'Every action must be signed off and closed with evidence first.'
  return undefined
}

export async function getRecommendation(
  services: Services,
  ctx: LearningContext,
  recommendationId: string,
  options: { audit: boolean } = { audit: true },
): Promise<RecommendationDetail> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.read)
  if (!isUuid(recommendationId)) throw notFound()
  const recommendation = await repo.findRecommendation(services.db, ctx.scope, recommendationId)
  if (recommendation === undefined) throw notFound()
  const finding = await repo.findFinding(services.db, ctx.scope, recommendation.findingId)
  if (finding === undefined) throw notFound()
  const all = await listActionsForSource(
    fromLegacyContext(services, ctx),
    RECOMMENDATION_ACTION_SOURCE,
    [recommendation.id],
  )
  if (options.audit) await auditView(services, ctx, 'learning_recommendation', recommendation.id)
  return {
    recommendation,
    finding,
    actions: all.filter((a) => canSee(fromLegacyContext(services, ctx), a)),
    actionCount: all.length,
    today: todayIn(services),
    canManage: services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage),
    signOffBlocked: signOffProblem(recommendation, all),
  }
}

/** Raises an action in the tracker answering an open recommendation. */
export async function raiseRecommendationAction(
  services: Services,
  ctx: LearningContext,
  recommendationId: string,
  input: RaiseActionForm,
): Promise<{ id: string; reference: string }> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (!isUuid(recommendationId)) throw notFound()
  return services.db.transaction().execute(async (trx) => {
    const recommendation = await repo.lockRecommendation(trx, ctx.scope, recommendationId)
    if (recommendation === undefined) throw notFound()
    if (recommendation.status !== 'open')
      throw conflict('This recommendation has been signed off: it takes no new actions.')
    return raiseAction(fromLegacyContext(services, ctx, trx), {
      source: { type: RECOMMENDATION_ACTION_SOURCE, id: recommendation.id },
      title: input.title,
      description: input.description,
      ownerAgencyId: input.ownerAgencyId,
      ownerUserId: input.ownerUserId,
      dueDate: input.dueDate,
    })
  })
}

/** The case review group agrees every action answering the recommendation is done. */
export async function signOffRecommendation(
  services: Services,
  ctx: LearningContext,
  recommendationId: string,
  input: { agreedOn: string; note: string | null },
): Promise<void> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (!isUuid(recommendationId)) throw notFound()
  if (input.agreedOn > todayIn(services))
    throw new ValidationError([
      { field: 'agreedOn', message: messages.notInFuture('the date the case review group agreed') },
    ])
  await services.db.transaction().execute(async (trx) => {
    const recommendation = await repo.lockRecommendation(trx, ctx.scope, recommendationId)
    if (recommendation === undefined) throw notFound()
    // Read through the transaction (the tracker's repository), so the check and the change agree.
    const actions = await listActionsForSource(
      fromLegacyContext(services, { scope: ctx.scope }, trx),
      RECOMMENDATION_ACTION_SOURCE,
      [recommendation.id],
    )
    const problem = signOffProblem(recommendation, actions)
    if (problem !== undefined) throw conflict(problem)
    await repo.updateRecommendation(trx, ctx.scope, recommendation.id, {
      status: 'signed_off',
      signedOffOn: input.agreedOn,
      signedOffByUserId: ctx.actor.userId,
      signOffNote: input.note,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'learning_recommendation',
      recordId: recommendation.id,
      changes: changedFields(
        { status: recommendation.status, signedOffOn: null, signOffNote: null },
        { status: 'signed_off', signedOffOn: input.agreedOn, signOffNote: input.note },
      ),
    })
  })
}

/** "Closed with evidence of impact": what changed, and where possible an indicator or re-audit. */
export async function recordImpact(
  services: Services,
  ctx: LearningContext,
  recommendationId: string,
  input: {
    impactNote: string
    impactIndicator: string | null
    /** An indicator from the partnership's performance catalogue. */
    impactIndicatorId?: string | null
    impactReaudit: string | null
  },
): Promise<void> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (!isUuid(recommendationId)) throw notFound()
  const impactIndicatorId = input.impactIndicatorId ?? null
  await services.db.transaction().execute(async (trx) => {
    if (
      impactIndicatorId !== null &&
      (!isUuid(impactIndicatorId) || !(await indicatorExists(trx, ctx.scope, impactIndicatorId)))
    )
      throw new ValidationError([
        { field: 'impactIndicatorId', message: messages.select('an indicator from the catalogue') },
      ])
    const recommendation = await repo.lockRecommendation(trx, ctx.scope, recommendationId)
    if (recommendation === undefined) throw notFound()
    if (recommendation.status !== 'signed_off')
      throw conflict(
        recommendation.status === 'open'
          ? 'The case review group must sign the recommendation off before its impact is recorded.'
          : 'Evidence of impact has already been recorded.',
      )
    const today = todayIn(services)
    await repo.updateRecommendation(trx, ctx.scope, recommendation.id, {
      status: 'impact_evidenced',
      impactNote: input.impactNote,
      impactIndicator: input.impactIndicator,
      impactIndicatorId,
      impactReaudit: input.impactReaudit,
      impactRecordedOn: today,
      impactRecordedByUserId: ctx.actor.userId,
      now: services.clock.now(),
    })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'learning_recommendation',
      recordId: recommendation.id,
      changes: changedFields(
        {
          status: recommendation.status,
          impactNote: null,
          impactIndicator: null,
          impactIndicatorId: null,
          impactReaudit: null,
        },
        {
          status: 'impact_evidenced',
          impactNote: input.impactNote,
          impactIndicator: input.impactIndicator,
          impactIndicatorId,
          impactReaudit: input.impactReaudit,
        },
      ),
    })
  })
}

/** The indicators evidence of impact may link to: the partnership's active catalogue. */
export async function impactIndicatorOptions(
  services: Services,
  scope: TenantScope,
): Promise<{ value: string; text: string }[]> {
  return indicatorOptions(services.db, scope)
}

// ---------------------------------------------------------------------------------------------
// The theme view.

export interface ThemeViewData {
  readonly view: ThemeView
  readonly findings: readonly FindingRow[]
  readonly recommendations: readonly RecommendationRow[]
  readonly actions: readonly ActionRow[]
  readonly today: string
}

async function themeViewData(services: Services, scope: TenantScope): Promise<ThemeViewData> {
  await ensureVocabulary(services, scope)
  const themes = await repo.listThemes(services.db, scope, { includeRetired: true })
  const findings = await repo.listFindings(services.db, scope)
  const recommendations = await repo.listRecommendations(services.db, scope)
  const actions = await listActionsForSource(
    fromLegacyContext(services, { scope: scope }),
    RECOMMENDATION_ACTION_SOURCE,
    recommendations.map((r) => r.id),
  )
  const today = todayIn(services)
  const view = buildThemeView(
    themes.map((t) => ({ id: t.id, name: t.name, retired: t.retiredAt !== null })),
    findings.map((f) => ({
      id: f.id,
      sourceType: f.sourceType,
      sourceId: f.sourceId,
      identifiedOn: f.identifiedOn,
      themeIds: f.themes.map((t) => t.id),
    })),
    recommendations.map((r) => ({ id: r.id, findingId: r.findingId, status: r.status })),
    actions.map((a) => ({
      id: a.id,
      recommendationId: a.sourceId,
      status: effectiveStatus(a.status, a.dueDate, today),
      completedOn: a.completedOn,
    })),
  )
  return { view, findings, recommendations, actions, today }
}

export async function themeView(services: Services, ctx: LearningContext): Promise<ThemeViewData> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.read)
  return themeViewData(services, ctx.scope)
}

/**
 * The printable summary: the theme view, with the actions listed limited to those the reader may
 * see (the counts are of every action).
 */
export async function themeSummary(
  services: Services,
  ctx: LearningContext,
): Promise<ThemeViewData & { readonly visibleActions: readonly ActionRow[] }> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.read)
  const data = await themeViewData(services, ctx.scope)
  return {
    ...data,
    visibleActions: data.actions.filter((a) => canSee(fromLegacyContext(services, ctx), a)),
  }
}

export interface ThemeDetail extends ThemeViewData {
  readonly theme: ThemeRow
}

export async function themeDetail(
  services: Services,
  ctx: LearningContext,
  themeId: string,
): Promise<ThemeDetail> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.read)
  if (!isUuid(themeId)) throw notFound()
  const theme = await repo.findTheme(services.db, ctx.scope, themeId)
  if (theme === undefined) throw notFound()
  const data = await themeViewData(services, ctx.scope)
  const findings = data.findings.filter((f) => f.themes.some((t) => t.id === theme.id))
  const findingIds = new Set(findings.map((f) => f.id))
  const recommendations = data.recommendations.filter((r) => findingIds.has(r.findingId))
  const recommendationIds = new Set(recommendations.map((r) => r.id))
  return {
    ...data,
    theme,
    findings,
    recommendations,
    actions: data.actions.filter(
      (a) => recommendationIds.has(a.sourceId) && canSee(fromLegacyContext(services, ctx), a),
    ),
  }
}

// ---------------------------------------------------------------------------------------------
// Practitioner briefings.

export type BriefingSubject =
  | { readonly kind: 'theme'; readonly themeId: string }
  | { readonly kind: 'source'; readonly type: string; readonly id: string }

export async function briefingSubject(
  services: Services,
  ctx: LearningContext,
  sources: FindingSourceRegistry,
  subject: BriefingSubject,
): Promise<{ label: string; title: string; href: string | undefined }> {
  switch (subject.kind) {
    case 'theme': {
      if (!isUuid(subject.themeId)) throw notFound()
      const theme = await repo.findTheme(services.db, ctx.scope, subject.themeId)
      if (theme === undefined) throw notFound()
      return { label: 'Theme', title: theme.name, href: undefined }
    }
    case 'source': {
      if (!isUuid(subject.id)) throw notFound()
      const source = await sources.find(services.db, ctx.scope, subject.type, subject.id)
      if (source === undefined) throw notFound()
      return { label: source.label, title: source.title, href: source.href }
    }
  }
}

export async function createBriefing(
  services: Services,
  ctx: LearningContext,
  sources: FindingSourceRegistry,
  subject: BriefingSubject,
  content: BriefingContent,
): Promise<string> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  await briefingSubject(services, ctx, sources, subject)
  return services.db.transaction().execute(async (trx) => {
    const id = await repo.insertBriefing(
      trx,
      ctx.scope,
      {
        ...content,
        subject: subject.kind,
        sourceType: subject.kind === 'source' ? subject.type : null,
        sourceId: subject.kind === 'source' ? subject.id : null,
        themeId: subject.kind === 'theme' ? subject.themeId : null,
      },
      services.clock.now(),
    )
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'create',
      recordType: 'learning_briefing',
      recordId: id,
      changes: { after: { subject, ...content } },
    })
    return id
  })
}

export interface BriefingDetail {
  readonly briefing: BriefingRow
  readonly subject: { label: string; title: string; href: string | undefined }
  readonly canManage: boolean
}

/** A briefing: published ones for anyone who reads briefings; drafts only for those who write them. */
export async function getBriefing(
  services: Services,
  ctx: LearningContext,
  sources: FindingSourceRegistry,
  briefingId: string,
): Promise<BriefingDetail> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.briefings)
  if (!isUuid(briefingId)) throw notFound()
  const briefing = await repo.findBriefing(services.db, ctx.scope, briefingId)
  const canManage = services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (briefing === undefined || (briefing.publishedAt === null && !canManage)) throw notFound()
  const subject = await briefingSubject(
    services,
    ctx,
    sources,
    briefing.subject === 'theme'
      ? { kind: 'theme', themeId: briefing.themeId ?? '' }
      : { kind: 'source', type: briefing.sourceType ?? '', id: briefing.sourceId ?? '' },
  ).catch(() => ({ label: 'Source', title: 'No longer available', href: undefined }))
  // Practitioners are not shown links into records they cannot open.
  const readable = services.policy.can(ctx.actor, LEARNING_PERMISSIONS.read)
  return { briefing, subject: readable ? subject : { ...subject, href: undefined }, canManage }
}

export async function listBriefingsFor(
  services: Services,
  ctx: LearningContext,
): Promise<{ briefings: BriefingRow[]; canManage: boolean }> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.briefings)
  const canManage = services.policy.can(ctx.actor, LEARNING_PERMISSIONS.manage)
  return {
    briefings: await repo.listBriefings(services.db, ctx.scope, { publishedOnly: !canManage }),
    canManage,
  }
}

/**
 * Published briefings (never drafts), for the public register of case reviews and other modules;
 * with `source`, only those about the given records of one finding source type.
 */
export async function listPublishedBriefings(
  db: Kysely<Tables>,
  scope: TenantScope,
  source?: { readonly type: string; readonly ids: readonly string[] },
): Promise<BriefingRow[]> {
  return repo.listBriefings(db, scope, {
    publishedOnly: true,
    ...(source === undefined ? {} : { source }),
  })
}

export async function updateBriefing(
  services: Services,
  ctx: LearningContext,
  briefingId: string,
  content: BriefingContent,
): Promise<void> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (!isUuid(briefingId)) throw notFound()
  const before = await repo.findBriefing(services.db, ctx.scope, briefingId)
  if (before === undefined) throw notFound()
  await services.db.transaction().execute(async (trx) => {
    await repo.updateBriefing(trx, ctx.scope, before.id, { ...content, now: services.clock.now() })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'learning_briefing',
      recordId: before.id,
      changes: changedFields(
        {
          title: before.title,
          whatHappened: before.whatHappened,
          whatWeLearned: before.whatWeLearned,
          whatToDoDifferently: before.whatToDoDifferently,
          questionsForReflection: before.questionsForReflection,
        },
        { ...content },
      ),
    })
  })
}

export async function setBriefingPublished(
  services: Services,
  ctx: LearningContext,
  briefingId: string,
  published: boolean,
): Promise<void> {
  services.policy.authorize(ctx.actor, LEARNING_PERMISSIONS.manage)
  if (!isUuid(briefingId)) throw notFound()
  const before = await repo.findBriefing(services.db, ctx.scope, briefingId)
  if (before === undefined) throw notFound()
  if ((before.publishedAt !== null) === published)
    throw conflict(
      published ? 'This briefing is already published.' : 'This briefing is not published.',
    )
  await services.db.transaction().execute(async (trx) => {
    const now = services.clock.now()
    await repo.updateBriefing(trx, ctx.scope, before.id, {
      publishedAt: published ? now : null,
      now,
    })
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'update',
      recordType: 'learning_briefing',
      recordId: before.id,
      changes: changedFields({ published: !published }, { published }),
    })
  })
}

/** Writes the 'export' audit entry for a briefing downloaded as a Word document. */
export async function auditBriefingExport(
  services: Services,
  ctx: LearningContext,
  briefingId: string,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await services.audit.record(trx, {
      ...auditActor(ctx),
      action: 'export',
      recordType: 'learning_briefing',
      recordId: briefingId,
      changes: { format: 'docx' },
    })
  })
}

// ---------------------------------------------------------------------------------------------
// The home page.

/**
 * For those who manage learning: recommendations whose actions are all closed (ready for the case
 * review group to sign off), and signed-off recommendations still waiting for evidence of impact.
 */
export async function attention(services: Services, actor: Actor): Promise<AttentionItem[]> {
  if (!services.policy.can(actor, LEARNING_PERMISSIONS.manage)) return []
  const scope = tenantScope(actor.partnershipId)
  const recommendations = await repo.listRecommendations(services.db, scope)
  const open = recommendations.filter((r) => r.status === 'open')
  const actions = await listActionsForSource(
    fromLegacyContext(services, { scope: scope }),
    RECOMMENDATION_ACTION_SOURCE,
    open.map((r) => r.id),
  )
  const ready = open.filter(
    (r) =>
      signOffProblem(
        r,
        actions.filter((a) => a.sourceId === r.id),
      ) === undefined,
  )
  const awaitingImpact = recommendations.filter((r) => r.status === 'signed_off')
  const items: AttentionItem[] = []
  const first = ready[0]
  if (first !== undefined)
    items.push({
      text:
        ready.length === 1
          ? '1 recommendation has every action closed and is ready to sign off'
          : `${String(ready.length)} recommendations have every action closed and are ready to sign off`,
      href: learningPaths.recommendation({ recommendationId: first.id }),
      count: ready.length,
      severity: 'due',
    })
  const firstSigned = awaitingImpact[0]
  if (firstSigned !== undefined)
    items.push({
      text:
        awaitingImpact.length === 1
          ? '1 signed-off recommendation is waiting for evidence of impact'
          : `${String(awaitingImpact.length)} signed-off recommendations are waiting for evidence of impact`,
      href: learningPaths.recommendation({ recommendationId: firstSigned.id }),
      count: awaitingImpact.length,
      severity: 'info',
    })
  return items
}
