// The learning module's part of the fictional Northshire demo: learning reviews and audits over
// four years, findings tagged with themes (some themes coming back after their actions were
// done), recommendations in each state, and their actions in every status of the tracker, moved
// there by the tracker's own use cases. Every name and event is invented.
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Actor } from '../../platform/access/policy.ts'
import { loadActor } from '../../platform/identity/actors.ts'
import { addDays, londonDate } from '../../platform/london-time.ts'
import type { DemoSeedContext } from '../../platform/module.ts'
import type { Services } from '../../platform/services.ts'
import { addEvidence, raiseAction, recordProgress, signOffAction } from '../actions/index.ts'
import * as repo from './repository.ts'
import {
  LEARNING_REVIEW_SOURCE,
  RECOMMENDATION_ACTION_SOURCE,
  createBriefing,
  createFinding,
  createRecommendation,
  createReview,
  ensureVocabulary,
  recordImpact,
  setBriefingPublished,
  signOffRecommendation,
  type LearningContext,
} from './service.ts'
import { FindingSourceRegistry, type FindingSourceType } from './sources.ts'
import { learningReviewSource } from './source-types.ts'
import type { NewLearningReviewType } from './tables.ts'

/**
 * The services, with every "new transaction" joining the seed's own transaction instead (the
 * whole demo commits or rolls back together, and PGlite has one connection).
 */
function servicesWithin(services: Services, trx: Transaction<Tables>): Services {
  const db = new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction')
        return () => ({
          execute: <T>(run: (t: Transaction<Tables>) => Promise<T>) => run(target),
        })
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value
    },
  })
  return { ...services, db }
}

type Outcome =
  'none' | 'not_started' | 'on_track' | 'at_risk' | 'overdue' | 'completed' | 'closed_with_evidence'

interface DemoRecommendation {
  readonly title: string
  /** An agency key, or null for the partnership. */
  readonly agency: string | null
  readonly actions: readonly { title: string; agency: string; outcome: Outcome }[]
  readonly status: 'open' | 'signed_off' | 'impact_evidenced'
  /** What changed (for 'impact_evidenced'); the neglect re-audit when not given. */
  readonly impact?: { note: string; indicator: string | null; reaudit: string | null }
}

export interface DemoFinding {
  readonly title: string
  readonly themes: readonly string[]
  readonly recommendations?: readonly DemoRecommendation[]
}

interface DemoReview {
  readonly title: string
  readonly type: NewLearningReviewType
  /** Days before today. */
  readonly daysAgo: number
  readonly summary: string
  readonly findings: readonly DemoFinding[]
}

const reviews: readonly DemoReview[] = [
  {
    title: 'Multi-agency audit: neglect of babies and toddlers',
    type: 'multi_agency_audit',
    daysAgo: 1350,
    summary: 'Six families known to early help and children’s social care, 2021 to 2022.',
    findings: [
      {
        title: 'The daily lived experience of the children was not recorded',
        themes: ['Voice and lived experience of the child', 'Neglect'],
        recommendations: [
          {
            title: 'Embed “a day in the life” recording in every neglect assessment',
            agency: 'county-childrens',
            status: 'impact_evidenced',
            actions: [
              {
                title: 'Add a day-in-the-life section to the assessment template',
                agency: 'county-childrens',
                outcome: 'closed_with_evidence',
              },
            ],
          },
        ],
      },
      {
        title: 'Practitioners accepted explanations for missed health appointments',
        themes: ['Professional curiosity', 'Hostile or disguised compliance', 'Neglect'],
        recommendations: [
          {
            title: 'Follow up every missed health appointment for children on plans',
            agency: 'community-health',
            status: 'open',
            actions: [
              {
                title: 'Introduce a “was not brought” follow-up for children on plans',
                agency: 'community-health',
                outcome: 'completed',
              },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'Multi-agency audit: children missing from home and exploitation',
    type: 'multi_agency_audit',
    daysAgo: 900,
    summary: 'Twelve cases audited by police, children’s social care, education and health.',
    findings: [
      {
        title: 'Information about missing episodes was not shared with schools',
        themes: ['Information sharing', 'Exploitation'],
        recommendations: [
          {
            title: 'Share every missing episode with the child’s school within one working day',
            agency: 'police',
            status: 'open',
            actions: [
              {
                title: 'Add schools to the missing-episode notification list',
                agency: 'police',
                outcome: 'closed_with_evidence',
              },
              {
                title: 'Check a sample of notifications reached schools each quarter',
                agency: 'police',
                outcome: 'on_track',
              },
            ],
          },
        ],
      },
      {
        title: 'Concerns about exploitation were not escalated when plans stalled',
        themes: ['Escalation and professional challenge', 'Exploitation'],
        recommendations: [
          {
            title: 'Refresh the escalation policy and promote it to every agency',
            agency: null,
            status: 'signed_off',
            actions: [
              {
                title: 'Publish the refreshed escalation policy',
                agency: 'county-childrens',
                outcome: 'closed_with_evidence',
              },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'Practitioner learning event: injuries to non-mobile babies',
    type: 'practitioner_learning_event',
    daysAgo: 620,
    summary: 'Learning from three babies seen with bruising before they could crawl.',
    findings: [
      {
        title: 'Fathers and partners were not seen or assessed',
        themes: ['Fathers and other adults in the household', "Non-mobile babies' injuries"],
        recommendations: [
          {
            title: 'Health visitors see fathers and partners at every new birth visit',
            agency: 'icb',
            status: 'open',
            actions: [
              {
                title: 'Change the new birth visit standard to include fathers',
                agency: 'icb',
                outcome: 'overdue',
              },
            ],
          },
        ],
      },
      {
        title: 'Bruising in a non-mobile baby was not referred under the protocol',
        themes: ["Non-mobile babies' injuries", 'Professional curiosity'],
        recommendations: [
          {
            title: 'Re-launch the bruising in non-mobile babies protocol',
            agency: 'hospital-north',
            status: 'open',
            actions: [
              {
                title: 'Train emergency department staff on the bruising protocol',
                agency: 'hospital-north',
                outcome: 'at_risk',
              },
            ],
          },
        ],
      },
      {
        title: 'Supervision did not challenge drift in the plan',
        themes: ['Supervision', 'Neglect'],
      },
    ],
  },
  {
    title: 'Multi-agency audit: domestic abuse and the men in children’s lives',
    type: 'multi_agency_audit',
    daysAgo: 300,
    summary: 'Eight families where domestic abuse was the main concern.',
    findings: [
      {
        title: 'The child’s voice was missing from domestic abuse assessments',
        themes: ['Voice and lived experience of the child', 'Domestic abuse'],
        recommendations: [
          {
            title: 'Record what each child says about home in every domestic abuse assessment',
            agency: 'county-childrens',
            status: 'open',
            actions: [
              {
                title: 'Add the child’s own words to the domestic abuse risk template',
                agency: 'county-childrens',
                outcome: 'not_started',
              },
            ],
          },
        ],
      },
      {
        title: 'Parental substance misuse and mental health were assessed separately',
        themes: ['Parental substance misuse', 'Parental mental health', 'Domestic abuse'],
        recommendations: [
          {
            title: 'Agree a joint assessment pathway with adult services',
            agency: null,
            status: 'open',
            actions: [],
          },
        ],
      },
      {
        title: 'Men living in or visiting the household were not known to services',
        themes: ['Fathers and other adults in the household', 'Domestic abuse'],
      },
    ],
  },
  {
    title: 'Practitioner learning event: online harm and adolescents',
    type: 'practitioner_learning_event',
    daysAgo: 45,
    summary: 'Sixty practitioners from schools, health, police and the voluntary sector.',
    findings: [
      {
        title: 'Practitioners lacked confidence asking young people about online harm',
        themes: ['Online harm', 'Professional curiosity'],
      },
      {
        title: 'Young people’s own accounts were not sought',
        themes: ['Voice and lived experience of the child'],
      },
    ],
  },
]

interface DemoLearning {
  readonly services: Services
  readonly ctx: LearningContext
  readonly today: string
  readonly themeIds: (names: readonly string[]) => string[]
}

/** The services inside the seed's transaction, acting as the demo's business unit user. */
async function demoLearning(
  trx: Transaction<Tables>,
  context: DemoSeedContext,
): Promise<DemoLearning | undefined> {
  const { scope } = context
  const services = servicesWithin(context.services, trx)
  await ensureVocabulary(services, scope, trx)
  const userId = context.users.business_unit
  if (userId === undefined) return undefined
  const loaded = await loadActor(trx, scope.partnershipId, userId, {
    kind: 'session',
    sessionId: 'demo-seed',
  })
  if (loaded === undefined) return undefined
  const actor: Actor = loaded.actor
  const themes = new Map(
    (await repo.listThemes(trx, scope, { includeRetired: false })).map((t) => [t.name, t.id]),
  )
  return {
    services,
    ctx: { scope, actor },
    today: londonDate(services.clock.now()),
    themeIds: (names) =>
      names.map((n) => themes.get(n)).filter((id): id is string => id !== undefined),
  }
}

/** Findings against one source record, their recommendations, actions, sign-off and impact. */
async function seedFindings(
  trx: Transaction<Tables>,
  context: DemoSeedContext,
  demo: DemoLearning,
  sources: FindingSourceRegistry,
  source: { type: string; id: string; identifiedOn: string },
  findings: readonly DemoFinding[],
): Promise<void> {
  const { services, ctx, today } = demo
  const heldOn = source.identifiedOn
  for (const finding of findings) {
    const findingId = await createFinding(services, ctx, sources, {
      sourceType: source.type,
      sourceId: source.id,
      title: finding.title,
      detail: null,
      identifiedOn: heldOn,
      themeIds: demo.themeIds(finding.themes),
    })
    for (const rec of finding.recommendations ?? []) {
      const agencyId = rec.agency === null ? null : (context.agencies[rec.agency] ?? null)
      const recommendationId = await createRecommendation(services, ctx, findingId, {
        title: rec.title,
        detail: null,
        addressedTo: agencyId === null ? 'partnership' : 'agency',
        agencyId,
      })
      for (const action of rec.actions)
        await seedAction(services, ctx, trx, recommendationId, heldOn, today, {
          ...action,
          agencyId: context.agencies[action.agency] ?? '',
        })
      const agreedOn = addDays(heldOn, 240)
      if (rec.status !== 'open')
        await signOffRecommendation(services, ctx, recommendationId, {
          agreedOn: agreedOn < today ? agreedOn : today,
          note: 'Agreed by the case review group.',
        })
      if (rec.status === 'impact_evidenced')
        await recordImpact(services, ctx, recommendationId, {
          impactNote:
            rec.impact?.note ??
            'Re-audit of twenty neglect assessments found the child’s day described in eighteen, against four before.',
          impactIndicator:
            rec.impact === undefined
              ? 'Neglect assessments describing the child’s daily life (scorecard)'
              : rec.impact.indicator,
          impactReaudit:
            rec.impact === undefined ? 'Neglect re-audit, two years on' : rec.impact.reaudit,
        })
    }
  }
}

/**
 * For another module's demo (case reviews): findings recorded against one of its records, through
 * this module's use cases, with the source type that module registers.
 */
export async function seedSourceLearning(
  trx: Transaction<Tables>,
  context: DemoSeedContext,
  source: { type: FindingSourceType; id: string; identifiedOn: string },
  findings: readonly DemoFinding[],
): Promise<void> {
  const demo = await demoLearning(trx, context)
  if (demo === undefined) return
  await seedFindings(
    trx,
    context,
    demo,
    new FindingSourceRegistry([source.type]),
    { type: source.type.type, id: source.id, identifiedOn: source.identifiedOn },
    findings,
  )
}

export async function seedLearningDemo(
  trx: Transaction<Tables>,
  context: DemoSeedContext,
): Promise<void> {
  const demo = await demoLearning(trx, context)
  if (demo === undefined) return
  const { services, ctx, today } = demo
  const sources = new FindingSourceRegistry([learningReviewSource])

  let firstReviewId: string | undefined
  for (const review of reviews) {
    const heldOn = addDays(today, -review.daysAgo)
    const reviewId = await createReview(services, ctx, {
      title: review.title,
      reviewType: review.type,
      heldOn,
      summary: review.summary,
    })
    firstReviewId ??= reviewId
    await seedFindings(
      trx,
      context,
      demo,
      sources,
      { type: LEARNING_REVIEW_SOURCE, id: reviewId, identifiedOn: heldOn },
      review.findings,
    )
  }

  if (firstReviewId !== undefined) {
    const briefingId = await createBriefing(
      services,
      ctx,
      sources,
      { kind: 'source', type: LEARNING_REVIEW_SOURCE, id: firstReviewId },
      {
        title: 'Seeing neglect through the child’s eyes',
        whatHappened:
          'A multi-agency audit of six families found that assessments described the home and the parents, but not what each day was like for the babies and toddlers living there.',
        whatWeLearned:
          'Neglect is easier to see, and to evidence, when we describe a child’s day: when they wake, what they eat, who holds them, where they sleep.',
        whatToDoDifferently:
          'Write “a day in the life” in every neglect assessment. Ask to see where the child sleeps. Record what the child says, or shows you, in their own words.',
        questionsForReflection:
          'When did you last describe a child’s day from morning to night?\nWhat would the child say about your last visit?',
      },
    )
    await setBriefingPublished(services, ctx, briefingId, true)
  }
  const [voice] = demo.themeIds(['Voice and lived experience of the child'])
  if (voice !== undefined)
    await createBriefing(
      services,
      ctx,
      sources,
      { kind: 'theme', themeId: voice },
      {
        title: 'The voice of the child keeps coming back',
        whatHappened:
          'Three reviews in four years have found that children’s own views and experiences were missing.',
        whatWeLearned: 'Templates alone have not changed practice.',
        whatToDoDifferently: 'See children on their own, and write down what they say.',
        questionsForReflection: 'How do you know what this child thinks about their life?',
      },
    )
}

async function seedAction(
  services: Services,
  ctx: LearningContext,
  trx: Transaction<Tables>,
  recommendationId: string,
  heldOn: string,
  today: string,
  action: { title: string; agencyId: string; outcome: Outcome },
): Promise<void> {
  const raisedOn = addDays(heldOn, 14)
  const finished = action.outcome === 'completed' || action.outcome === 'closed_with_evidence'
  const completedOn = [addDays(heldOn, 200), today].sort()[0] ?? today
  const dueDate =
    action.outcome === 'overdue'
      ? addDays(today, -30)
      : finished
        ? addDays(heldOn, 210)
        : addDays(today, 90)
  // Past records are raised on the day the review agreed them (raiseAction allows that).
  const { id } = await raiseAction(fromLegacyContext(services, ctx, trx), {
    source: { type: RECOMMENDATION_ACTION_SOURCE, id: recommendationId },
    title: action.title,
    ownerAgencyId: action.agencyId,
    dueDate: dueDate < raisedOn ? raisedOn : dueDate,
    raisedOn,
  })
  const progressCtx = { scope: ctx.scope, actor: ctx.actor }
  switch (action.outcome) {
    case 'none':
    case 'not_started':
    case 'overdue':
      return
    case 'on_track':
    case 'at_risk':
      await recordProgress(fromLegacyContext(services, progressCtx), id, {
        status: action.outcome,
        note:
          action.outcome === 'on_track'
            ? 'First quarter’s sample checked; all notifications arrived.'
            : 'Training places are short; half the department booked so far.',
        updateDate: today,
      })
      return
    case 'completed':
    case 'closed_with_evidence':
      await recordProgress(fromLegacyContext(services, progressCtx), id, {
        status: 'completed',
        note: 'Done, and shared with every team.',
        updateDate: completedOn,
      })
      if (action.outcome === 'completed') return
      await addEvidence(fromLegacyContext(services, progressCtx), id, {
        upload: {
          filename: 'evidence-of-change.pdf',
          kind: 'pdf',
          data: Buffer.from('%PDF-1.4\n% Fictional demo evidence\n'),
        },
        description: 'What changed, with the revised document',
      })
      await signOffAction(fromLegacyContext(services, progressCtx), id, {
        agreedOn: addDays(completedOn, 7) < today ? addDays(completedOn, 7) : today,
        note: null,
      })
      return
  }
}
