// From numbers to action: raising a risk (into the risk register) or a challenge (into
// governance's challenge log) from an indicator red or worsening for two periods, and listing what
// was raised with its current status, read from the module that owns it. Actions raised from
// indicators are in service.ts (raiseActionFromIndicator).
import { auditActorLabel, type Actor } from '../../platform/access/policy.ts'
import { isAppError } from '../../platform/errors.ts'
import type { Services } from '../../platform/services.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import { fromLegacyContext } from '../../platform/use-case.ts'
import {
  challengeStatusClasses,
  challengeStatusLabels,
  formatChallengeReference,
  governancePaths,
  listChallenges,
  raiseChallengeWithin,
} from '../governance/index.ts'
import {
  createRisk,
  formatRiskReference,
  riskPaths,
  risksForIndicator,
  scoreTag,
  statusTag,
  type RiskLinkSource,
} from '../risk/index.ts'
import { performancePaths } from './paths.ts'
import * as repo from './repository.ts'
import type { RaiseChallengeForm, RaiseRiskForm } from './schemas.ts'
import { concernedIndicator, todayIn } from './service.ts'

/** How the risk register lists and links indicators. */
export const indicatorLinkSource: RiskLinkSource = {
  async options(db, scope) {
    const rows = await repo.listIndicators(db, scope, { activeOnly: true })
    return rows.map((i) => ({ id: i.id, key: i.code, text: `${i.code}: ${i.title}` }))
  },
  async describe(db, scope, ids) {
    if (ids.length === 0) return new Map()
    const wanted = new Set(ids)
    const rows = (await repo.listIndicators(db, scope)).filter((i) => wanted.has(i.id))
    return new Map(
      rows.map((i) => [
        i.id,
        {
          text: `${i.code}: ${i.title}`,
          href: performancePaths.indicator({ indicatorId: i.id }),
          status: null,
        },
      ]),
    )
  },
}

interface PersonContext {
  readonly scope: TenantScope
  readonly actor: Actor
  readonly requestId?: string
  readonly ip?: string
}

/** Raises a risk in the register, linked to the indicator: one transaction, audited by the register. */
export async function raiseRiskFromIndicator(
  services: Services,
  ctx: PersonContext,
  indicatorId: string,
  form: RaiseRiskForm,
): Promise<{ id: string; reference: string }> {
  const { indicator } = await concernedIndicator(services, ctx, indicatorId)
  return createRisk(fromLegacyContext(services, ctx), {
    ...form,
    indicatorIds: [indicator.id],
    challengeIds: [],
  })
}

/** Raises a challenge in governance's challenge log, linked to the indicator. */
export async function raiseChallengeFromIndicator(
  services: Services,
  ctx: PersonContext,
  indicatorId: string,
  form: RaiseChallengeForm,
): Promise<string> {
  const { indicator } = await concernedIndicator(services, ctx, indicatorId)
  return services.db.transaction().execute(async (trx) => {
    const challengeId = await raiseChallengeWithin(services, ctx, trx, {
      raisedOn: todayIn(services),
      raisedByAgencyId: form.raisedByAgencyId,
      raisedByPersonId: null,
      raisedToAgencyId: form.raisedToAgencyId,
      raisedToPersonId: null,
      groupId: null,
      subject: form.subject,
      detail: form.detail,
    })
    await repo.insertIndicatorChallenge(trx, ctx.scope, {
      indicatorId: indicator.id,
      challengeId,
      raisedAt: services.clock.now(),
      raisedByUserId: ctx.actor.userId,
    })
    await services.audit.record(trx, {
      partnershipId: ctx.scope.partnershipId,
      actorUserId: ctx.actor.userId,
      actorLabel: auditActorLabel(ctx.actor),
      requestId: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
      action: 'create',
      recordType: 'perf_indicator_challenge',
      recordId: indicator.id,
      changes: { after: { indicatorId: indicator.id, challengeId } },
    })
    return challengeId
  })
}

export interface RaisedItem {
  readonly kind: 'Risk' | 'Challenge'
  readonly reference: string
  readonly title: string
  readonly href: string
  readonly owner: string
  readonly status: { readonly text: string; readonly classes: string }
}

/**
 * The risks and challenges raised from (or linked to) the indicator, with their current status.
 * Challenges are those the person may see in the challenge log.
 */
export async function raisedFromIndicator(
  services: Services,
  ctx: PersonContext,
  indicatorId: string,
): Promise<RaisedItem[]> {
  const today = todayIn(services)
  const risks = (await risksForIndicator(fromLegacyContext(services, ctx), indicatorId)).map(
    (r): RaisedItem => ({
      kind: 'Risk',
      reference: formatRiskReference(r.reference),
      title: r.title,
      href: riskPaths.risk({ riskId: r.id }),
      owner: r.ownerAgencyName,
      status:
        r.status === 'open'
          ? {
              ...scoreTag(r.likelihood, r.impact),
              text: `Open, score ${scoreTag(r.likelihood, r.impact).text}`,
            }
          : statusTag(r.status, r.reviewDate, today),
    }),
  )
  const linked = new Set(await repo.listIndicatorChallengeIds(services.db, ctx.scope, indicatorId))
  const visible = linked.size === 0 ? [] : await visibleChallenges(services, ctx)
  const challenges = visible
    .filter((c) => linked.has(c.id))
    .map((c): RaisedItem => ({
      kind: 'Challenge',
      reference: formatChallengeReference(c.reference),
      title: c.subject,
      href: governancePaths.challenge({ challengeId: c.id }),
      owner: c.raisedToAgencyName,
      status: { text: challengeStatusLabels[c.status], classes: challengeStatusClasses[c.status] },
    }))
  return [...risks, ...challenges]
}

async function visibleChallenges(services: Services, ctx: PersonContext) {
  try {
    return await listChallenges(services, ctx)
  } catch (error) {
    // Someone who cannot see the challenge log sees no challenges here either.
    if (isAppError(error) && error.code === 'forbidden') return []
    throw error
  }
}
