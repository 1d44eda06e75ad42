// How the learning module describes its own records to others: its learning reviews as a finding
// source, and its recommendations as an action source in the tracker.
import type { ActionSourceType } from '../actions/index.ts'
import { learningPaths } from './paths.ts'
import type { FindingSourceType } from './sources.ts'
import { LEARNING_REVIEW_SOURCE, RECOMMENDATION_ACTION_SOURCE } from './service.ts'
import { isUuid } from '../../platform/tenancy.ts'

export const learningReviewSource: FindingSourceType = {
  type: LEARNING_REVIEW_SOURCE,
  label: 'Learning review',
  async describe(db, scope, id) {
    if (!isUuid(id)) return undefined
    const row = await db
      .selectFrom('learning_review')
      .select(['id', 'title'])
      .where('partnership_id', '=', scope.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined
      ? undefined
      : { title: row.title, href: learningPaths.review({ reviewId: row.id }) }
  },
}

export const learningActionSources: readonly ActionSourceType[] = [
  {
    type: RECOMMENDATION_ACTION_SOURCE,
    label: 'Learning recommendation',
    async describe(db, scope, ids) {
      const valid = ids.filter(isUuid)
      if (valid.length === 0) return new Map()
      const rows = await db
        .selectFrom('learning_recommendation')
        .select(['id', 'title'])
        .where('partnership_id', '=', scope.partnershipId)
        .where('id', 'in', valid)
        .execute()
      return new Map(
        rows.map((r) => [
          r.id,
          { text: r.title, href: learningPaths.recommendation({ recommendationId: r.id }) },
        ]),
      )
    },
  },
]
