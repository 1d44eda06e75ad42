// How other modules see risks: the action tracker's description of mitigations' source, and how
// the register describes the governance challenges linked to a risk (with their current status).
import type { ActionSourceType } from '../actions/index.ts'
import { isAppError } from '../../platform/errors.ts'
import {
  challengesForLinking,
  formatChallengeReference,
  listChallenges,
  governancePaths,
  challengeStatusClasses,
  challengeStatusLabels,
} from '../governance/index.ts'
import type { RiskLinkSource } from './links.ts'
import { riskPaths } from './paths.ts'
import { formatRiskReference } from './presenter.ts'
import * as repo from './repository.ts'
import { RISK_SOURCE } from './service.ts'

export const riskActionSource: ActionSourceType = {
  type: RISK_SOURCE,
  label: 'Risk',
  async describe(db, scope, ids) {
    const rows = await repo.listRisks(db, scope, { ids })
    return new Map(
      rows.map((r) => [
        r.id,
        {
          text: `${formatRiskReference(r.reference)}: ${r.title}`,
          href: riskPaths.risk({ riskId: r.id }),
        },
      ]),
    )
  },
}

/** The challenge log, as the register links to it: reference, subject and current status. */
export const challengeLinkSource: RiskLinkSource = {
  async options(db, scope) {
    const rows = await challengesForLinking(db, scope)
    return rows.map((c) => ({
      id: c.id,
      key: formatChallengeReference(c.reference),
      text: `${formatChallengeReference(c.reference)}: ${c.subject}`,
    }))
  },
  async describe(db, scope, ids) {
    if (ids.length === 0) return new Map()
    const wanted = new Set(ids)
    const rows = (await challengesForLinking(db, scope)).filter((c) => wanted.has(c.id))
    return new Map(
      rows.map((c) => [
        c.id,
        {
          text: `${formatChallengeReference(c.reference)}: ${c.subject}`,
          href: governancePaths.challenge({ challengeId: c.id }),
          status: {
            text: challengeStatusLabels[c.status],
            classes: challengeStatusClasses[c.status],
          },
        },
      ]),
    )
  },
  async visibleTo(services, ctx, ids) {
    if (ids.length === 0) return new Set()
    try {
      const seen = new Set((await listChallenges(services, ctx)).map((c) => c.id))
      return new Set(ids.filter((id) => seen.has(id)))
    } catch (error) {
      // The challenge log decides who sees which challenge; someone who sees none sees none here.
      if (isAppError(error) && error.code === 'forbidden') return new Set()
      throw error
    }
  },
}
