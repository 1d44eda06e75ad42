// How the action tracker describes actions raised in meetings and from challenges.
import type { ActionSourceType } from '../actions/index.ts'
import { formatDate } from '../../platform/http/views.ts'
import { CHALLENGE_SOURCE, formatChallengeReference } from './challenges.ts'
import { MEETING_ITEM_SOURCE } from './meetings.ts'
import { governancePaths } from './paths.ts'
import * as repo from './repository.ts'

export const governanceActionSources: readonly ActionSourceType[] = [
  {
    type: MEETING_ITEM_SOURCE,
    label: 'Meeting',
    async describe(db, scope, ids) {
      const rows = await repo.describeAgendaItems(db, scope, ids)
      return new Map(
        rows.map((r) => [
          r.id,
          {
            // A restricted item's title stays off the action tracker.
            text: `${r.groupName}, ${formatDate(r.startsAt)}${r.restricted ? '' : `: ${r.title}`}`,
            href: governancePaths.meeting({ meetingId: r.meetingId }),
          },
        ]),
      )
    },
  },
  {
    type: CHALLENGE_SOURCE,
    label: 'Challenge',
    async describe(db, scope, ids) {
      const rows = await repo.describeChallenges(db, scope, ids)
      return new Map(
        rows.map((r) => [
          r.id,
          {
            text: `${formatChallengeReference(r.reference)}: ${r.subject}`,
            href: governancePaths.challenge({ challengeId: r.id }),
          },
        ]),
      )
    },
  },
]
