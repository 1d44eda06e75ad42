// How other modules name and link a case review: the learning module's finding sources and the
// action tracker's action sources. Only the review's reference and kind are given out — never its
// working title, which may carry the child's pseudonym (a case-level field).
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import { isUuid } from '../../platform/tenancy.ts'
import type { ActionSourceType } from '../actions/index.ts'
import type { FindingSourceType } from '../learning/index.ts'
import { caseReviewPaths } from './paths.ts'
import { formatReviewReference, reviewKindLabels } from './presenter.ts'
import * as repo from './repository.ts'
import type { ReviewKind } from './tables.ts'

function titleOf(review: { reference: number; kind: ReviewKind }): string {
  return `${formatReviewReference(review.reference)} (${reviewKindLabels[review.kind]})`
}

/** A case review as a finding source: its title and link, or undefined when not found. */
export async function describeCaseReview(
  trx: Kysely<Tables>,
  scope: TenantScope,
  id: string,
): Promise<{ title: string; href: string } | undefined> {
  if (!isUuid(id)) return undefined
  const [review] = await repo.reviewTitles(trx, scope, [id])
  return review === undefined
    ? undefined
    : { title: titleOf(review), href: caseReviewPaths.review({ reviewId: review.id }) }
}

/** Actions raised from a case review (register in src/modules/index.ts). */
export const caseReviewActionSources: readonly ActionSourceType[] = [
  {
    type: 'case_review',
    label: 'Case review',
    async describe(db, scope, ids) {
      const rows = await repo.reviewTitles(db, scope, ids.filter(isUuid))
      return new Map(
        rows.map((r) => [
          r.id,
          { text: titleOf(r), href: caseReviewPaths.review({ reviewId: r.id }) },
        ]),
      )
    },
  },
]

/** A case review as a finding source (register with the learning module in src/modules/index.ts). */
export const caseReviewFindingSource: FindingSourceType = {
  type: 'case_review',
  label: 'Case review',
  describe: describeCaseReview,
}
