// The decision register (issue 13.1): every decision recorded under an agenda item of a meeting
// that went ahead, across groups and meetings, searchable by group, meeting date and subject.
// Restricted items' decisions are listed only for those who run meetings (the business unit).
import { ValidationError } from '../../platform/errors.ts'
import { addDays, londonInstant } from '../../platform/london-time.ts'
import type { Services } from '../../platform/services.ts'
import { GOVERNANCE_PERMISSIONS } from './permissions.ts'
import * as repo from './repository.ts'
import type { Ctx } from './service.ts'

export interface DecisionSearch {
  readonly groupId: string | null
  readonly from: string | null
  readonly to: string | null
  readonly text: string | null
}

export async function decisionRegister(
  services: Services,
  ctx: Ctx,
  search: DecisionSearch,
): Promise<repo.DecisionRow[]> {
  services.policy.authorize(ctx.actor, GOVERNANCE_PERMISSIONS.read)
  if (search.from !== null && search.to !== null && search.to < search.from)
    throw new ValidationError([
      { field: 'to', message: 'The end of the period must be after the start' },
    ])
  return repo.listDecisions(services.db, ctx.scope, {
    groupId: search.groupId,
    from: search.from === null ? null : londonInstant(search.from, '00:00'),
    before: search.to === null ? null : londonInstant(addDays(search.to, 1), '00:00'),
    text: search.text,
    includeRestricted: services.policy.can(ctx.actor, GOVERNANCE_PERMISSIONS.manage),
  })
}
