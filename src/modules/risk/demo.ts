// The Northshire demo's risk register, made through the register's own use cases (so every rule
// holds and every record is audited). Past events happen on their own day: a risk is added three
// months ago, reviewed on its review day, and its mitigations raised when it was added.
import { asOf, daysFromToday } from '../../platform/demo/as-of.ts'
import { addDays } from '../../platform/london-time.ts'
import type { DemoSeedContext } from '../../platform/module.ts'
import { today } from '../../platform/use-case.ts'
import { linkSourcesOf } from './links.ts'
import { demoRisks } from './demo-data.ts'
import * as service from './service.ts'

/** How long ago the demo risks were added to the register. */
const ADDED_DAYS_AGO = 90

export async function seedRiskDemo(context: DemoSeedContext): Promise<void> {
  const { ctx } = context
  const now = today(ctx)
  const sources = linkSourcesOf(ctx.services)
  const indicators = new Map(
    (await sources.indicators.options(ctx.db, ctx.scope)).map((o) => [o.key, o.id]),
  )
  const challenges = await sources.challenges.options(ctx.db, ctx.scope)
  const added = daysFromToday(ctx, -ADDED_DAYS_AGO)
  for (const demo of demoRisks) {
    const ownerAgencyId = context.agencies[demo.owner]
    if (ownerAgencyId === undefined) continue
    const reviewedOn = demo.review === undefined ? undefined : addDays(now, -demo.review.daysAgo)
    const { id } = await service.createRisk(added, {
      title: demo.title,
      description: demo.description,
      category: demo.category,
      likelihood: demo.likelihood,
      impact: demo.impact,
      ownerAgencyId,
      ownerUserId: null,
      // Reviewed risks were due for review on the day they were reviewed; the others are due
      // (or, when negative, overdue) on the day the data gives.
      reviewDate: reviewedOn ?? addDays(now, demo.reviewIn),
      indicatorIds: demo.indicators.flatMap((code) => indicators.get(code) ?? []),
      challengeIds: challenges
        .filter((c) => demo.challenges.some((subject) => c.text.includes(subject)))
        .map((c) => c.id),
    })
    for (const m of demo.mitigations) {
      const owner = context.agencies[m.owner]
      if (owner === undefined) continue
      await service.raiseMitigation(added, id, {
        title: m.title,
        description: null,
        ownerAgencyId: owner,
        ownerUserId: null,
        dueDate: addDays(now, m.dueIn),
      })
    }
    if (demo.review !== undefined && reviewedOn !== undefined) {
      await service.reviewRisk(asOf(ctx, reviewedOn), id, {
        likelihood: demo.review.likelihood,
        impact: demo.review.impact,
        note: demo.review.note,
        nextReviewDate: addDays(now, demo.reviewIn),
      })
    }
    if (demo.closed !== undefined) await service.closeRisk(ctx, id, { closureNote: demo.closed })
  }
}
