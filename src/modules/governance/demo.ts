// Governance's part of the fictional Northshire demo: a board with the usual sub-groups and panels
// (one joint panel shared with Southmoor), a year of meetings with attendance and minutes, actions
// in every status, and a few challenges. Every name is invented. Rows go in in batches so the seed
// stays fast; actions go through the tracker's raiseAction like any other module's.
import { fromLegacyContext } from '../../platform/use-case.ts'
import { createHash } from 'node:crypto'
import type { Insertable, Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { DemoSeedContext } from '../../platform/module.ts'
import { addDays, londonDate, londonInstant } from '../../platform/london-time.ts'
import { tenantScope } from '../../platform/tenancy.ts'
import { raiseAction, type ActionStatus } from '../actions/index.ts'
import { CHALLENGE_SOURCE } from './challenges.ts'
import { MEETING_ITEM_SOURCE } from './meetings.ts'
import * as repo from './repository.ts'
import type {
  AgendaItemTable,
  AttendanceStatus,
  AttendanceTable,
  GroupKind,
  MembershipRole,
} from './tables.ts'

const evidencePdf = Buffer.from('%PDF-1.4 demo evidence\n')
const SOUTHMOOR_NAME = 'Southmoor Safeguarding Children Partnership'

interface DemoPerson {
  readonly key: string
  readonly name: string
  readonly agency: string | null
  readonly title: string
  readonly email?: string
  readonly contact?: boolean
}

const people: readonly DemoPerson[] = [
  {
    key: 'chair',
    name: 'Dame Helen Ashworth',
    agency: null,
    title: 'Independent Chair and Scrutineer',
  },
  {
    key: 'dcs',
    name: "Ciarán O'Donnell",
    agency: 'county-childrens',
    title: "Director of Children's Services",
    contact: true,
  },
  {
    key: 'police',
    name: 'Zoë Adeyemi',
    agency: 'police',
    title: 'Detective Chief Superintendent',
    email: 'police.lead@northshire-scp.example',
    contact: true,
  },
  {
    key: 'icb',
    name: 'Marcus Ellison-Hart',
    agency: 'icb',
    title: 'Chief Nursing Officer',
    email: 'board@northshire-scp.example',
    contact: true,
  },
  {
    key: 'education',
    name: 'Fatima Begum',
    agency: 'county-education',
    title: 'Head of Education Safeguarding',
    contact: true,
  },
  {
    key: 'probation',
    name: 'Gareth Pryce',
    agency: 'probation',
    title: 'Head of Probation Delivery Unit',
    contact: true,
  },
  {
    key: 'hospital',
    name: 'Dr Anjali Menon',
    agency: 'hospital-north',
    title: 'Named Doctor for Safeguarding',
  },
  {
    key: 'community',
    name: 'Bríd Kavanagh',
    agency: 'community-health',
    title: 'Designated Nurse',
    contact: true,
  },
  { key: 'cafcass', name: 'Olu Bankole', agency: 'cafcass', title: 'Service Manager' },
  {
    key: 'district',
    name: 'Jenny Thwaite',
    agency: 'district-ashdown-vale',
    title: 'Community Safety Manager',
  },
  { key: 'fire', name: 'Stuart McAllister', agency: 'fire', title: 'Group Manager' },
  {
    key: 'voluntary',
    name: 'Agnieszka Zielińska',
    agency: 'voluntary',
    title: 'Network Co-ordinator',
    contact: true,
  },
  { key: 'lay', name: 'Peter Lumb', agency: null, title: 'Lay member' },
  {
    key: 'practitioner',
    name: 'Łukasz Nowak',
    agency: 'county-childrens',
    title: 'Team Manager',
    email: 'practitioner@northshire-scp.example',
  },
  {
    key: 'analyst',
    name: 'Sunita Patel',
    agency: 'county-childrens',
    title: 'Partnership Performance Analyst',
  },
  {
    key: 'deputy-police',
    name: 'Ross Whitfield',
    agency: 'police',
    title: 'Detective Superintendent',
  },
]

interface DemoGroup {
  readonly key: string
  readonly name: string
  readonly kind: GroupKind
  readonly parent: string | null
  /** Months between meetings, over the last year. */
  readonly every: number
  readonly members: readonly [string, MembershipRole][]
  readonly review?: number
  readonly quorum?: number
}

const groups: readonly DemoGroup[] = [
  {
    key: 'board',
    name: 'Northshire Safeguarding Children Board',
    kind: 'board',
    parent: null,
    every: 2,
    quorum: 5,
    review: -20,
    members: [
      ['chair', 'chair'],
      ['dcs', 'member'],
      ['police', 'member'],
      ['icb', 'vice_chair'],
      ['education', 'member'],
      ['probation', 'member'],
      ['community', 'designated_professional'],
      ['lay', 'lay_member'],
      ['voluntary', 'participant_observer'],
    ],
  },
  {
    key: 'exec',
    name: 'Executive Group',
    kind: 'executive',
    parent: 'board',
    every: 1,
    quorum: 3,
    review: 200,
    members: [
      ['dcs', 'chair'],
      ['police', 'member'],
      ['icb', 'member'],
      ['analyst', 'adviser'],
    ],
  },
  {
    key: 'qa',
    name: 'Quality Assurance and Performance Sub-group',
    kind: 'sub_group',
    parent: 'exec',
    every: 3,
    review: 120,
    members: [
      ['icb', 'chair'],
      ['analyst', 'adviser'],
      ['education', 'member'],
      ['hospital', 'member'],
      ['district', 'member'],
    ],
  },
  {
    key: 'li',
    name: 'Learning and Improvement Sub-group',
    kind: 'sub_group',
    parent: 'exec',
    every: 3,
    review: 90,
    members: [
      ['community', 'chair'],
      ['practitioner', 'member'],
      ['police', 'member'],
      ['cafcass', 'member'],
    ],
  },
  {
    key: 'training',
    name: 'Training and Workforce Development Sub-group',
    kind: 'sub_group',
    parent: 'exec',
    every: 3,
    members: [
      ['education', 'chair'],
      ['voluntary', 'member'],
      ['fire', 'member'],
    ],
  },
  {
    key: 'exploitation',
    name: 'Child Exploitation Sub-group',
    kind: 'sub_group',
    parent: 'exec',
    every: 2,
    members: [
      ['deputy-police', 'chair'],
      ['dcs', 'member'],
      ['district', 'member'],
      ['voluntary', 'member'],
    ],
  },
  {
    key: 'neglect',
    name: 'Neglect Sub-group',
    kind: 'sub_group',
    parent: 'exec',
    every: 3,
    members: [
      ['practitioner', 'chair'],
      ['community', 'member'],
      ['education', 'member'],
    ],
  },
  {
    key: 'education',
    name: 'Education Safeguarding Sub-group',
    kind: 'sub_group',
    parent: 'exec',
    every: 3,
    members: [
      ['education', 'chair'],
      ['district', 'member'],
    ],
  },
  {
    key: 'rapid',
    name: 'Rapid Review Panel',
    kind: 'panel',
    parent: 'li',
    every: 2,
    members: [
      ['community', 'chair'],
      ['police', 'member'],
      ['dcs', 'member'],
    ],
  },
  {
    key: 'cdop',
    name: 'Joint Child Death Overview Panel (Northshire and Southmoor)',
    kind: 'panel',
    parent: 'board',
    every: 2,
    members: [
      ['hospital', 'chair'],
      ['community', 'member'],
      ['deputy-police', 'member'],
    ],
  },
  {
    key: 'toolkit',
    name: 'Neglect Toolkit Task and Finish Group',
    kind: 'task_and_finish',
    parent: 'neglect',
    every: 2,
    members: [
      ['practitioner', 'chair'],
      ['voluntary', 'member'],
    ],
  },
]

/** The same "random" choice on every seed, so the demo is stable. */
function pick(seed: string, buckets: number): number {
  return (createHash('sha256').update(seed).digest()[0] ?? 0) % buckets
}

function attendanceFor(seed: string): AttendanceStatus {
  const n = pick(seed, 256) % 20
  if (n < 15) return 'present'
  if (n < 18) return 'apologies'
  return 'absent'
}

export async function seedGovernanceDemo(
  trx: Transaction<Tables>,
  context: DemoSeedContext,
): Promise<void> {
  const { scope, services, agencies, users } = context
  const now = services.clock.now()
  const today = londonDate(now)
  const agencyOf = (key: string | null) => (key === null ? null : (agencies[key] ?? null))

  // People, linked to their accounts by email.
  const personIds: Record<string, string> = {}
  const userIds = new Map(
    (
      await trx
        .selectFrom('app_user')
        .select(['id', 'email'])
        .where('partnership_id', '=', scope.partnershipId)
        .execute()
    ).map((u) => [u.email, u.id]),
  )
  const insertedPeople = await trx
    .insertInto('person')
    .values(
      people.map((p) => ({
        partnership_id: scope.partnershipId,
        full_name: p.name,
        email:
          p.email ??
          `${p.name
            .normalize('NFKD')
            .replace(/[^A-Za-z ]/g, '')
            .trim()
            .toLowerCase()
            .replace(/\s+/g, '.')}@northshire-demo.example`,
        job_title: p.title,
        agency_id: agencyOf(p.agency),
        is_named_contact: p.contact === true && p.agency !== null,
        user_id: p.email === undefined ? null : (userIds.get(p.email) ?? null),
      })),
    )
    .returning('id')
    .execute()
  people.forEach((p, i) => {
    personIds[p.key] = insertedPeople[i]?.id ?? ''
  })
  const southmoor = await trx
    .selectFrom('partnership')
    .select('id')
    .where('name', '=', SOUTHMOOR_NAME)
    .executeTakeFirst()
  let southPerson: string | null = null
  if (southmoor !== undefined) {
    const south = await trx
      .selectFrom('app_user')
      .select(['email', 'display_name'])
      .where('partnership_id', '=', southmoor.id)
      .orderBy('email')
      .executeTakeFirst()
    if (south !== undefined)
      southPerson = await repo.insertPerson(trx, scope, {
        fullName: south.display_name,
        email: south.email,
        jobTitle: null,
        phone: null,
        agencyId: null,
        isNamedContact: false,
        userId: null,
        homePartnershipId: southmoor.id,
        externalOrganisation: 'Southmoor Safeguarding Children Partnership',
      })
  }

  // Groups, parents first.
  const groupIds: Record<string, string> = {}
  for (const g of groups) {
    groupIds[g.key] = await repo.insertGroup(trx, scope, {
      name: g.name,
      shortName: null,
      kind: g.kind,
      parentGroupId: g.parent === null ? null : (groupIds[g.parent] ?? null),
      purpose: null,
      quorumMinimum: g.quorum ?? null,
      quorumNeedsChair: g.kind === 'board' || g.kind === 'executive',
      quorumNeedsStatutoryPartners: g.kind === 'board',
    })
    if (g.review !== undefined)
      await trx
        .updateTable('partnership_group')
        .set({ terms_of_reference_review_date: addDays(today, g.review) })
        .where('partnership_id', '=', scope.partnershipId)
        .where('id', '=', groupIds[g.key] ?? '')
        .execute()
  }
  const yearAgo = addDays(today, -380)
  const memberRows = groups.flatMap((g) =>
    g.members.map(([key, role]) => {
      const person = people.find((p) => p.key === key)
      return {
        partnership_id: scope.partnershipId,
        group_id: groupIds[g.key] ?? '',
        person_id: personIds[key] ?? '',
        role,
        agency_id: agencyOf(person?.agency ?? null),
        cleared_for_restricted:
          role === 'chair' || role === 'vice_chair' || role === 'designated_professional',
        started_on: key === 'lay' ? addDays(today, -200) : yearAgo,
      }
    }),
  )
  if (southPerson !== null)
    memberRows.push({
      partnership_id: scope.partnershipId,
      group_id: groupIds.cdop ?? '',
      person_id: southPerson,
      role: 'member',
      agency_id: null,
      cleared_for_restricted: true,
      started_on: yearAgo,
    })
  await trx.insertInto('group_membership').values(memberRows).execute()
  if (southmoor !== undefined)
    await repo.insertShare(trx, scope, {
      groupId: groupIds.cdop ?? '',
      sharedWithPartnershipId: southmoor.id,
      sharedOn: yearAgo,
    })
  const boardId = groupIds.board ?? ''
  for (const title of [
    'Welcome, apologies and declarations of interest',
    'Minutes of the last meeting and the action log',
    "The young person's item",
  ])
    await repo.insertStandingItem(trx, scope, { groupId: boardId, title, presenterName: null })
  const boardStanding = await repo.standingItems(trx, scope, boardId)

  // A year of meetings (and the next few), standing items, topics, minutes and attendance.
  const topics = [
    'Neglect strategy: progress report',
    'Child exploitation dashboard',
    'Rapid review: learning briefing',
    'Section 11 audit results',
    'Yearly report: first draft',
    'Voice of the child: feedback from the youth forum',
  ]
  const meetingRows: { group: DemoGroup; date: string }[] = []
  for (const g of groups) {
    for (let monthsAgo = 12; monthsAgo >= -3; monthsAgo -= g.every) {
      const d = new Date(`${today}T12:00:00Z`)
      d.setUTCMonth(d.getUTCMonth() - monthsAgo, 10 + (pick(g.key, 256) % 15))
      meetingRows.push({ group: g, date: d.toISOString().slice(0, 10) })
    }
  }
  const meetingIds = await repo.insertMeetings(
    trx,
    scope,
    meetingRows.map((m) => ({
      groupId: groupIds[m.group.key] ?? '',
      seriesId: null,
      startsAt: londonInstant(m.date, '10:00'),
      endsAt: londonInstant(m.date, '12:00'),
      location: m.group.key === 'cdop' ? 'Microsoft Teams' : 'County Hall, Northshire',
    })),
  )
  const itemRows: Insertable<AgendaItemTable>[] = []
  const attendanceRows: Insertable<AttendanceTable>[] = []
  const past: { meetingId: string; group: DemoGroup; date: string; topicItem: number }[] = []
  meetingRows.forEach((m, i) => {
    const meetingId = meetingIds[i] ?? ''
    const isPast = m.date < today
    const standing = m.group.key === 'board' ? boardStanding : []
    const topic = topics[i % topics.length] ?? 'Partnership update'
    const items = [
      ...standing.map((s) => ({ title: s.title, standing_item_id: s.id })),
      { title: topic, standing_item_id: null },
    ]
    items.forEach((item, position) => {
      itemRows.push({
        partnership_id: scope.partnershipId,
        meeting_id: meetingId,
        position: position + 1,
        title: item.title,
        standing_item_id: item.standing_item_id,
        presenter_name: item.standing_item_id === null ? 'Sunita Patel' : null,
        minutes: isPast ? `The ${m.group.name} discussed: ${item.title.toLowerCase()}.` : null,
        decisions:
          isPast && item.standing_item_id === null ? 'Noted; actions agreed as below.' : null,
      })
    })
    if (isPast) {
      past.push({ meetingId, group: m.group, date: m.date, topicItem: items.length })
      for (const [key, role] of m.group.members) {
        const person = people.find((p) => p.key === key)
        if (key === 'lay' && m.date < addDays(today, -200)) continue
        let status = attendanceFor(`${meetingId}:${key}`)
        if (m.group.key === 'board' && key === 'police') status = 'present'
        if (status === 'apologies' && key === 'police' && m.group.key !== 'board') {
          attendanceRows.push(
            {
              partnership_id: scope.partnershipId,
              meeting_id: meetingId,
              person_id: personIds[key] ?? '',
              status: 'apologies',
              substitute_for_person_id: null,
              agency_id: agencyOf(person?.agency ?? null),
              role,
              recorded_at: now,
            },
            {
              partnership_id: scope.partnershipId,
              meeting_id: meetingId,
              person_id: personIds['deputy-police'] ?? '',
              status: 'substitute',
              substitute_for_person_id: personIds[key] ?? null,
              agency_id: agencyOf(person?.agency ?? null),
              role,
              recorded_at: now,
            },
          )
          continue
        }
        attendanceRows.push({
          partnership_id: scope.partnershipId,
          meeting_id: meetingId,
          person_id: personIds[key] ?? '',
          status,
          substitute_for_person_id: null,
          agency_id: agencyOf(person?.agency ?? null),
          role,
          recorded_at: now,
        })
      }
    }
  })
  const insertedItems = await trx
    .insertInto('agenda_item')
    .values(itemRows)
    .returning(['id', 'meeting_id', 'standing_item_id'])
    .execute()
  if (attendanceRows.length > 0) await trx.insertInto('attendance').values(attendanceRows).execute()
  await trx
    .updateTable('meeting')
    .set({ pack_published_at: now })
    .where('partnership_id', '=', scope.partnershipId)
    .where('starts_at', '<', londonInstant(addDays(today, 14), '00:00'))
    .execute()

  // Actions in every status, raised at past board and sub-group meetings.
  const topicItemOf = (meetingId: string) =>
    insertedItems.find((i) => i.meeting_id === meetingId && i.standing_item_id === null)?.id ?? ''
  const pastBoard = past.filter((p) => p.group.key === 'board' || p.group.key === 'exec')
  const plans: {
    title: string
    agency: string
    owner?: string
    status: ActionStatus
    due: number
  }[] = [
    {
      title: 'Refresh the neglect screening tool and brief practitioners',
      agency: 'county-childrens',
      owner: 'practitioner',
      status: 'on_track',
      due: 40,
    },
    {
      title: 'Audit missing-from-home return interviews',
      agency: 'police',
      owner: 'agency_lead',
      status: 'at_risk',
      due: 20,
    },
    {
      title: 'Publish the child exploitation strategy',
      agency: 'police',
      owner: 'agency_lead',
      status: 'overdue',
      due: -25,
    },
    {
      title: 'Add fathers and other adults to the health visiting template',
      agency: 'icb',
      owner: 'board_member',
      status: 'completed',
      due: 10,
    },
    {
      title: 'Train designated safeguarding leads on the escalation policy',
      agency: 'county-education',
      status: 'closed_with_evidence',
      due: -60,
    },
    {
      title: 'Report Section 11 returns to the executive group',
      agency: 'probation',
      status: 'not_started',
      due: 60,
    },
    {
      title: 'Review the private fostering awareness campaign',
      agency: 'county-childrens',
      status: 'overdue',
      due: -5,
    },
  ]
  const ctx = { scope: tenantScope(scope.partnershipId), systemLabel: 'demo seed' }
  for (const [i, plan] of plans.entries()) {
    const meeting = pastBoard[(pastBoard.length - 1 - i + pastBoard.length) % pastBoard.length]
    if (meeting === undefined) break
    const dueDate = addDays(today, plan.due)
    const raisedOn = meeting.date < dueDate ? meeting.date : addDays(dueDate, -30)
    const { id } = await raiseAction(fromLegacyContext(services, ctx, trx), {
      source: { type: MEETING_ITEM_SOURCE, id: topicItemOf(meeting.meetingId) },
      title: plan.title,
      ownerAgencyId: agencies[plan.agency] ?? '',
      ownerUserId: plan.owner === undefined ? null : (users[plan.owner] ?? null),
      dueDate,
      raisedByGroupId: groupIds[meeting.group.key] ?? null,
      raisedOn,
    })
    if (plan.status === 'not_started' || plan.status === 'overdue') continue
    await trx
      .updateTable('action')
      .set({
        status: plan.status,
        completed_on:
          plan.status === 'completed' || plan.status === 'closed_with_evidence'
            ? addDays(today, -3)
            : null,
        signed_off_at: plan.status === 'closed_with_evidence' ? now : null,
        signed_off_by_user_id:
          plan.status === 'closed_with_evidence' ? (users.business_unit ?? null) : null,
      })
      .where('partnership_id', '=', scope.partnershipId)
      .where('id', '=', id)
      .execute()
    await trx
      .insertInto('action_update')
      .values({
        partnership_id: scope.partnershipId,
        action_id: id,
        kind:
          plan.status === 'completed' || plan.status === 'closed_with_evidence'
            ? 'completed'
            : 'progress',
        status_after: plan.status === 'closed_with_evidence' ? 'completed' : plan.status,
        note:
          plan.status === 'at_risk'
            ? 'Waiting for data from the force systems team.'
            : 'Work under way; update given at the meeting.',
        update_date: addDays(today, -3),
        recorded_at: now,
        recorded_by_label: 'demo seed',
      })
      .execute()
    if (plan.status === 'closed_with_evidence') {
      const file = await trx
        .insertInto('stored_file')
        .values({
          partnership_id: scope.partnershipId,
          filename: 'DSL training attendance.pdf',
          kind: 'pdf',
          size_bytes: evidencePdf.length,
          sha256: createHash('sha256').update(evidencePdf).digest('hex'),
          data: evidencePdf,
          uploaded_by_user_id: null,
          uploaded_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('action_evidence')
        .values({
          partnership_id: scope.partnershipId,
          action_id: id,
          update_id: null,
          file_id: file.id,
          description: 'Attendance list from the training sessions',
          added_at: now,
          added_by_user_id: null,
        })
        .execute()
      await trx
        .insertInto('action_update')
        .values({
          partnership_id: scope.partnershipId,
          action_id: id,
          kind: 'signed_off',
          status_after: 'closed_with_evidence',
          note: 'Signed off by the board.',
          update_date: addDays(today, -1),
          recorded_at: now,
          recorded_by_label: 'demo seed',
        })
        .execute()
    }
  }

  // A few challenges.
  const challenge = async (values: Parameters<typeof repo.insertChallenge>[2]) =>
    repo.insertChallenge(trx, scope, values)
  await challenge({
    raisedOn: addDays(today, -12),
    raisedByAgencyId: agencies.icb ?? '',
    raisedByPersonId: personIds.icb ?? null,
    raisedToAgencyId: agencies.police ?? '',
    raisedToPersonId: personIds.police ?? null,
    groupId: boardId,
    subject: 'Health not invited to strategy meetings',
    detail:
      'In three cases this quarter, health colleagues were not invited to the strategy meeting.',
  })
  await challenge({
    raisedOn: addDays(today, -40),
    raisedByAgencyId: agencies.voluntary ?? '',
    raisedByPersonId: personIds.voluntary ?? null,
    raisedToAgencyId: agencies['county-childrens'] ?? '',
    raisedToPersonId: personIds.dcs ?? null,
    groupId: groupIds.exploitation ?? null,
    subject: 'Referrals from the voluntary sector not acknowledged',
    detail: 'Referrers do not hear back whether a referral was accepted.',
    status: 'responded',
    response: 'The front door now sends an outcome letter to every professional referrer.',
    respondedOn: addDays(today, -20),
  })
  const resolved = await challenge({
    raisedOn: addDays(today, -120),
    raisedByAgencyId: agencies['county-education'] ?? '',
    raisedByPersonId: personIds.education ?? null,
    raisedToAgencyId: agencies['hospital-north'] ?? '',
    raisedToPersonId: personIds.hospital ?? null,
    groupId: groupIds.qa ?? null,
    subject: 'Schools not told when a pupil attends A&E after self-harm',
    detail: 'Designated safeguarding leads learn of attendances weeks later.',
    status: 'resolved',
    response: 'A daily notification to the school nursing team has started.',
    respondedOn: addDays(today, -100),
    outcome: 'Resolved: the notification pathway is in place and audited.',
    closedOn: addDays(today, -90),
  })
  await raiseAction(fromLegacyContext(services, ctx, trx), {
    source: { type: CHALLENGE_SOURCE, id: resolved.id },
    title: 'Audit the A&E to school nursing notification pathway',
    ownerAgencyId: agencies['hospital-north'] ?? '',
    dueDate: addDays(today, 30),
    raisedByGroupId: groupIds.qa ?? null,
    raisedOn: addDays(today, -90),
  })
}
