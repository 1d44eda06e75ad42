// Case reviews' part of the fictional Northshire demo: incidents at each stage of the statutory
// clocks (one notification overdue), a rapid review gathering agency information, a published
// legacy serious case review with its practitioner briefing, a held LCSPR and a thematic review
// under way; findings and recommendations from the SCR and the LCSPR in the learning loop. Dates are relative to today so the clocks always show something. All fictional.
import { fromLegacyContext } from '../../platform/use-case.ts'
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { englandAndWales } from '../../platform/calendar/working-days.ts'
import { toDocx } from '../../platform/exports/docx.ts'
import { saveFile } from '../../platform/files/file-store.ts'
import { londonDate } from '../../platform/london-time.ts'
import type { DemoSeedContext } from '../../platform/module.ts'
import { raiseAction } from '../actions/index.ts'
import { seedSourceLearning } from '../learning/index.ts'
import * as repo from './repository.ts'
import { caseReviewFindingSource } from './sources.ts'
import type { AgeBand, HarmKind } from './tables.ts'

export async function seedCaseReviews(
  trx: Transaction<Tables>,
  context: DemoSeedContext,
): Promise<void> {
  const { scope, services, agencies, users } = context
  const now = services.clock.now()
  const today = londonDate(now)
  const ago = (workingDays: number) => englandAndWales.addWorkingDays(today, -workingDays)
  const agency = (key: string) => agencies[key] ?? ''
  const teamUser = users.case_review_team ?? null

  const incident = async (
    values: {
      childPseudonym: string
      ageBand: AgeBand
      harm: HarmKind
      awareOn: string
      whatHappened: string
    },
    agencyKeys: readonly string[],
  ) => {
    const reference = await repo.nextIncidentReference(trx, scope)
    return repo.insertIncident(trx, scope, {
      ...values,
      reference,
      agencyIds: agencyKeys.map(agency),
      createdByUserId: teamUser,
      now,
    })
  }

  // 1. Long closed: rapid review decided an LCSPR, which is held for criminal proceedings.
  const a = await incident(
    {
      childPseudonym: 'Child A',
      ageBand: '1_to_4',
      harm: 'death',
      awareOn: ago(130),
      whatHappened:
        'Fictional: a toddler died after a head injury at home. The family were known to several agencies.',
    },
    ['county-childrens', 'police', 'hospital-north', 'community-health'],
  )
  await repo.updateNotification(trx, scope, a.incidentId, {
    notifiedOn: ago(127),
    panelReference: 'DEMO-0101',
    now,
  })
  await repo.updateRapidReview(trx, scope, a.rapidReviewId, {
    meetingOn: ago(119),
    decision: 'lcspr',
    decisionRationale:
      'Fictional: the criteria for a local review are met; there is learning about information sharing between health and police.',
    now,
  })
  await repo.updateRapidReview(trx, scope, a.rapidReviewId, { sentToPanelOn: ago(116), now })

  // 2. A rapid review under way: information coming in from agencies.
  const b = await incident(
    {
      childPseudonym: 'Child B',
      ageBand: 'under_1',
      harm: 'serious_harm',
      awareOn: ago(12),
      whatHappened:
        'Fictional: a six-week-old baby was found to have rib fractures at an emergency department visit.',
    },
    ['county-childrens', 'police', 'hospital-east', 'community-health'],
  )
  await repo.updateNotification(trx, scope, b.incidentId, {
    notifiedOn: ago(9),
    panelReference: 'DEMO-0214',
    now,
  })
  // The meeting is planned for day 14 of the 15.
  await repo.updateRapidReview(trx, scope, b.rapidReviewId, {
    meetingPlannedOn: englandAndWales.addWorkingDays(today, 2),
    now,
  })
  const returnFrom = async (key: string, name: string, email: string) =>
    repo.insertReturn(trx, scope, {
      rapidReviewId: b.rapidReviewId,
      agencyId: agency(key),
      contactName: name,
      contactEmail: email,
      requestedOn: ago(11),
      dueOn: ago(2),
      now,
    })
  const policeReturn = await returnFrom(
    'police',
    'DS Niamh O’Connor',
    'niamh.oconnor@northshire.example',
  )
  const healthReturn = await returnFrom(
    'community-health',
    'Łukasz Zieliński',
    'lukasz.zielinski@northshire.example',
  )
  await returnFrom('county-childrens', 'Zoë Fairweather', 'zoe.fairweather@northshire.example')
  await repo.markReturned(trx, scope, policeReturn, ago(3))
  await repo.recordChase(trx, scope, healthReturn, ago(1))
  const entries: [string, number, string][] = [
    [
      'police',
      60,
      'Fictional: police attended a report of shouting at the family home; no further action.',
    ],
    [
      'community-health',
      45,
      'Fictional: new birth visit by the health visitor; father not present.',
    ],
    ['police', 20, 'Fictional: a neighbour reported a baby crying for long periods.'],
    ['community-health', 14, 'Fictional: missed six-week check; letter sent to the mother.'],
  ]
  await trx
    .insertInto('chronology_entry')
    .values(
      entries.map(([key, daysAgo, what]) => ({
        partnership_id: scope.partnershipId,
        rapid_review_id: b.rapidReviewId,
        agency_id: agency(key),
        entry_date: englandAndWales.addWorkingDays(today, -daysAgo),
        what_happened: what,
        recorded_by_user_id: teamUser,
        recorded_at: now,
      })),
    )
    .execute()

  // 3. Just recorded, and the notification to the national panel is overdue.
  await incident(
    {
      childPseudonym: 'Child C',
      ageBand: '10_to_15',
      harm: 'serious_harm',
      awareOn: ago(7),
      whatHappened:
        'Fictional: a young person was seriously injured after going missing from home.',
    },
    ['county-childrens', 'police', 'county-education'],
  )

  // 4. Closed with no further review.
  const d = await incident(
    {
      childPseudonym: 'Child D',
      ageBand: '16_to_17',
      harm: 'serious_harm',
      awareOn: ago(40),
      whatHappened: 'Fictional: a young person was harmed by an adult met online.',
    },
    ['police', 'county-childrens'],
  )
  await repo.updateNotification(trx, scope, d.incidentId, {
    notifiedOn: ago(37),
    panelReference: null,
    now,
  })
  await repo.updateRapidReview(trx, scope, d.rapidReviewId, {
    meetingOn: ago(27),
    decision: 'no_further_review',
    decisionRationale:
      'Fictional: agencies worked well together; the learning is already being acted on through a single-agency review.',
    now,
  })
  await repo.updateRapidReview(trx, scope, d.rapidReviewId, { sentToPanelOn: ago(26), now })

  // Reviews.
  const review = async (
    kind: 'lcspr' | 'scr' | 'thematic',
    title: string,
    initiatedOn: string,
    incidentId: string | null,
  ) =>
    repo.insertReview(trx, scope, {
      reference: await repo.nextReviewReference(trx, scope),
      kind,
      title,
      incidentId,
      initiatedOn,
      now,
    })

  // A published legacy serious case review, with its report and practitioner briefing.
  const scr = await review('scr', 'SCR Child Y (2018)', '2018-05-14', null)
  const document = async (title: string, body: string) =>
    saveFile(
      trx,
      scope,
      {
        filename: `${title}.docx`,
        kind: 'docx',
        data: await toDocx({
          title,
          subtitle: 'Northshire Safeguarding Children Partnership (fictional demo)',
          blocks: [{ kind: 'paragraph', text: body }],
        }),
      },
      teamUser,
      now,
    )
  const report = await document(
    'Serious case review – neglect and adolescents',
    'A fictional report for the Assure demonstration.',
  )
  const briefing = await document(
    'Practitioner briefing – neglect and adolescents',
    'What happened, what we learned, what to do differently, and questions for reflection (fictional).',
  )
  await repo.updateReview(
    trx,
    scope,
    scr,
    {
      reviewerName: 'Margaret Ellison-Hart',
      reviewerAppointedOn: '2018-06-01',
      termsOfReference: 'Fictional terms of reference.',
      publicTitle: 'Serious case review: neglect and adolescents',
      publicSummary:
        'How agencies recognised and responded to long-term neglect of a teenager, and what has changed since.',
      publishedOn: '2019-03-14',
      reportFileId: report.id,
      briefingFileId: briefing.id,
    },
    now,
  )

  // The LCSPR from Child A, held while criminal proceedings run.
  const lcspr = await review('lcspr', 'LCSPR Child A', ago(115), a.incidentId)
  await repo.updateReview(
    trx,
    scope,
    lcspr,
    {
      reviewerName: 'Dr Aoife Ní Bhriain',
      reviewerAppointedOn: ago(105),
      termsOfReference:
        'Fictional: information sharing between health and police; the voice of the child; fathers in the household.',
      publicationHeld: true,
      holdReason: 'Criminal proceedings are running (fictional). Publication after the trial.',
    },
    now,
  )
  await repo.saveMilestones(trx, scope, lcspr, [
    { kind: 'agency_reports', plannedOn: ago(90), actualOn: ago(88) },
    { kind: 'practitioner_event', plannedOn: ago(70), actualOn: ago(70) },
    { kind: 'family_involvement', plannedOn: ago(60), actualOn: null },
    { kind: 'draft', plannedOn: ago(30), actualOn: ago(25) },
    { kind: 'panel_sign_off', plannedOn: ago(10), actualOn: ago(8) },
    { kind: 'national_panel_sent', plannedOn: ago(5), actualOn: ago(4) },
    { kind: 'publication', plannedOn: englandAndWales.addWorkingDays(today, 40), actualOn: null },
  ])

  // A thematic review under way.
  const thematic = await review('thematic', 'Thematic review: non-mobile babies', ago(30), null)
  await repo.updateReview(
    trx,
    scope,
    thematic,
    { reviewerName: 'Joseph Adeyemi', reviewerAppointedOn: ago(25), termsOfReference: null },
    now,
  )
  await repo.saveMilestones(trx, scope, thematic, [
    { kind: 'agency_reports', plannedOn: ago(5), actualOn: null },
    {
      kind: 'practitioner_event',
      plannedOn: englandAndWales.addWorkingDays(today, 15),
      actualOn: null,
    },
    { kind: 'draft', plannedOn: englandAndWales.addWorkingDays(today, 45), actualOn: null },
  ])

  // What the published SCR and the held LCSPR taught: findings, recommendations and actions in
  // the learning loop, so both appear in the theme view.
  await seedSourceLearning(
    trx,
    context,
    { type: caseReviewFindingSource, id: scr, identifiedOn: '2019-03-14' },
    [
      {
        title: 'Neglect of a teenager was read as a lack of co-operation',
        themes: ['Neglect', 'Hostile or disguised compliance'],
        recommendations: [
          {
            title: 'Use the adolescent neglect screening tool in every assessment of a teenager',
            agency: 'county-childrens',
            status: 'impact_evidenced',
            impact: {
              note: 'Re-audit of fifteen adolescent assessments found the screening tool used in thirteen, against none before.',
              indicator: null,
              reaudit: 'Adolescent neglect re-audit, 2021',
            },
            actions: [
              {
                title: 'Add the adolescent neglect screening tool to the assessment template',
                agency: 'county-childrens',
                outcome: 'closed_with_evidence',
              },
            ],
          },
        ],
      },
      {
        title: 'Return interviews after missing episodes did not ask about life at home',
        themes: ['Exploitation', 'Voice and lived experience of the child'],
        recommendations: [
          {
            title: 'Return interviews ask every young person what home is like',
            agency: 'police',
            status: 'signed_off',
            actions: [
              {
                title: 'Revise the return interview script',
                agency: 'police',
                outcome: 'closed_with_evidence',
              },
            ],
          },
        ],
      },
    ],
  )
  await seedSourceLearning(
    trx,
    context,
    { type: caseReviewFindingSource, id: lcspr, identifiedOn: ago(70) },
    [
      {
        title: 'Health and police each held part of the picture and did not share it',
        themes: ['Information sharing', 'Fathers and other adults in the household'],
        recommendations: [
          {
            title:
              'Police share every domestic incident at a home with a baby with health visiting',
            agency: null,
            status: 'open',
            actions: [
              {
                title: 'Add health visiting to the daily domestic incident triage',
                agency: 'police',
                outcome: 'on_track',
              },
            ],
          },
        ],
      },
      {
        title: 'Nobody saw the toddler on his own or asked what his days were like',
        themes: ['Voice and lived experience of the child'],
      },
    ],
  )

  // An action from the published review, in the tracker.
  if (agencies.police !== undefined)
    await raiseAction(fromLegacyContext(services, { scope, systemLabel: 'Demo data' }, trx), {
      source: { type: 'case_review', id: scr },
      title: 'Refresh missing-from-home return interviews for adolescents at risk of neglect',
      ownerAgencyId: agencies.police,
      dueDate: englandAndWales.addWorkingDays(today, 60),
    })
}
