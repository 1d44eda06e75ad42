// Governance records → what pages and exports show. Pure functions.
import type { AgencyType } from '../../platform/db/tables.ts'
import type { Column } from '../../platform/exports/csv.ts'
import type { Block } from '../../platform/exports/docx.ts'
import { formatFileSize } from '../../platform/files/file-store.ts'
import { londonDate } from '../../platform/london-time.ts'
import { formatReference } from '../actions/index.ts'
import type { AttendanceReport } from './attendance-report.ts'
import type { MeetingDetail } from './meetings.ts'
import type { QuorumResult } from './quorum.ts'
import type { GroupRow } from './repository.ts'
import type { AttendanceStatus, ChallengeStatus, GroupKind, MembershipRole } from './tables.ts'
import { governancePaths } from './paths.ts'

export const agencyTypeLabels: Readonly<Record<AgencyType, string>> = {
  local_authority: 'Local authority',
  police: 'Police',
  health_commissioner: 'Health commissioner',
  health_provider: 'Health provider',
  education: 'Education',
  probation: 'Probation',
  cafcass: 'Cafcass',
  district_council: 'District council',
  voluntary_community: 'Voluntary and community',
  fire: 'Fire and rescue',
  other: 'Other',
}

export const groupKindLabels: Readonly<Record<GroupKind, string>> = {
  board: 'Board',
  executive: 'Executive or business group',
  sub_group: 'Sub-group',
  panel: 'Panel',
  task_and_finish: 'Task and finish group',
}

export const roleLabels: Readonly<Record<MembershipRole, string>> = {
  chair: 'Chair',
  vice_chair: 'Vice-chair',
  member: 'Member',
  lay_member: 'Lay member',
  participant_observer: 'Participant observer',
  adviser: 'Adviser',
  designated_professional: 'Designated professional',
}

export const attendanceLabels: Readonly<Record<AttendanceStatus, string>> = {
  present: 'Present',
  apologies: 'Apologies',
  substitute: 'Substitute',
  absent: 'Absent',
}

export const challengeStatusLabels: Readonly<Record<ChallengeStatus, string>> = {
  open: 'Open',
  responded: 'Responded',
  escalated: 'Escalated',
  resolved: 'Resolved',
}

export const challengeStatusClasses: Readonly<Record<ChallengeStatus, string>> = {
  open: 'govuk-tag--blue',
  responded: 'govuk-tag--yellow',
  escalated: 'govuk-tag--red',
  resolved: 'govuk-tag--green',
}

export function options<T extends string>(
  labels: Readonly<Record<T, string>>,
  selected?: unknown,
): { value: T; text: string; selected: boolean; checked: boolean }[] {
  return (Object.entries(labels) as [T, string][]).map(([value, text]) => ({
    value,
    text,
    selected: value === selected,
    checked: value === selected,
  }))
}

/** Agencies grouped by type, in the order of the type list. */
export function agenciesByType<A extends { type: AgencyType }>(
  agencies: readonly A[],
): { type: string; agencies: A[] }[] {
  return (Object.keys(agencyTypeLabels) as AgencyType[])
    .map((type) => ({
      type: agencyTypeLabels[type],
      agencies: agencies.filter((a) => a.type === type),
    }))
    .filter((g) => g.agencies.length > 0)
}

export interface TreeNode {
  readonly id: string
  readonly name: string
  readonly kind: string
  readonly href: string
  readonly children: readonly TreeNode[]
}

/** Who reports to whom, as a tree (groups whose parent is missing become roots). */
export function structureChart(groups: readonly GroupRow[]): TreeNode[] {
  const ids = new Set(groups.map((g) => g.id))
  const build = (parentId: string | null, seen: ReadonlySet<string>): TreeNode[] =>
    groups
      .filter((g) =>
        parentId === null
          ? g.parentGroupId === null || !ids.has(g.parentGroupId)
          : g.parentGroupId === parentId,
      )
      .filter((g) => !seen.has(g.id))
      .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.name.localeCompare(b.name))
      .map((g) => ({
        id: g.id,
        name: g.name,
        kind: groupKindLabels[g.kind],
        href: governancePaths.group({ groupId: g.id }),
        children: build(g.id, new Set([...seen, g.id])),
      }))
  return build(null, new Set())
}

function kindOrder(kind: GroupKind): number {
  return Object.keys(groupKindLabels).indexOf(kind)
}

/** Terms of reference: past their review date? */
export function reviewState(
  reviewDate: string | null,
  today: string,
): { overdue: boolean; text: string } | null {
  if (reviewDate === null) return null
  return { overdue: reviewDate < today, text: reviewDate }
}

export interface AttendanceLine {
  readonly dimension: 'Agency' | 'Role'
  readonly name: string
  readonly attended: number
  readonly expected: number
  readonly percent: string
}

export function attendanceLines(report: AttendanceReport): AttendanceLine[] {
  const pct = (p: number | null) => (p === null ? '' : `${String(p)}%`)
  return [
    ...report.byAgency.map((a) => ({
      dimension: 'Agency' as const,
      name: a.agencyName,
      attended: a.attended,
      expected: a.expected,
      percent: pct(a.percent),
    })),
    ...report.byRole.map((r) => ({
      dimension: 'Role' as const,
      name: roleLabels[r.role],
      attended: r.attended,
      expected: r.expected,
      percent: pct(r.percent),
    })),
  ]
}

export const attendanceColumns: readonly Column<AttendanceLine>[] = [
  { header: 'By', value: (l) => l.dimension },
  { header: 'Name', value: (l) => l.name },
  { header: 'Meetings attended', value: (l) => l.attended },
  { header: 'Meetings expected', value: (l) => l.expected },
  { header: 'Attendance', value: (l) => l.percent },
]

// ---------------------------------------------------------------------------------------------
// Meetings.

export interface PaperView {
  readonly id: string
  readonly fileId: string
  readonly title: string
  readonly filename: string
  readonly size: string
  readonly version: number
  readonly addedAt: Date
}

export interface MeetingItemView {
  readonly id: string
  /** Withdrawn items keep their place in the history but have no number. */
  readonly number: number
  readonly withdrawn: boolean
  readonly withdrawnAt: Date | null
  /** Can it move up or down past a neighbour that is still on the agenda? */
  readonly canMoveUp: boolean
  readonly canMoveDown: boolean
  readonly title: string
  readonly presenterName: string | null
  readonly restricted: boolean
  readonly hidden: boolean
  readonly standing: boolean
  readonly escalated: boolean
  readonly minutes: string | null
  readonly decisions: string | null
  /** The current version of each paper. */
  readonly papers: readonly PaperView[]
  /** Versions replaced by a newer one, newest first: kept and still downloadable. */
  readonly earlierVersions: readonly PaperView[]
  readonly declarations: readonly { personName: string; interest: string }[]
  readonly actionIds: readonly string[]
}

export function presentItems(
  detail: Pick<MeetingDetail, 'items' | 'papers' | 'declarations' | 'actions'>,
): MeetingItemView[] {
  const onAgenda = detail.items.filter((i) => i.withdrawnAt === null)
  const paperView = (p: MeetingDetail['papers'][number]): PaperView => ({
    id: p.id,
    fileId: p.fileId,
    title: p.title,
    filename: p.filename,
    size: formatFileSize(p.sizeBytes),
    version: p.version,
    addedAt: p.addedAt,
  })
  return detail.items.map((item) => ({
    id: item.id,
    number: onAgenda.indexOf(item) + 1,
    withdrawn: item.withdrawnAt !== null,
    withdrawnAt: item.withdrawnAt,
    canMoveUp: item.withdrawnAt === null && onAgenda.indexOf(item) > 0,
    canMoveDown: item.withdrawnAt === null && onAgenda.indexOf(item) < onAgenda.length - 1,
    title: item.title,
    presenterName: item.presenterName,
    restricted: item.restricted,
    hidden: item.hidden,
    standing: item.standingItemId !== null,
    escalated: item.escalatedActionId !== null,
    minutes: item.minutes,
    decisions: item.decisions,
    papers: detail.papers
      .filter((p) => p.agendaItemId === item.id && p.replacedAt === null)
      .map(paperView),
    earlierVersions: detail.papers
      .filter((p) => p.agendaItemId === item.id && p.replacedAt !== null)
      .sort((a, b) => b.version - a.version)
      .map(paperView),
    declarations: detail.declarations
      .filter((d) => d.agendaItemId === item.id)
      .map((d) => ({ personName: d.personName, interest: d.interest })),
    actionIds: detail.actions.filter((a) => a.sourceId === item.id).map((a) => a.id),
  }))
}

export function quorumView(q: QuorumResult): {
  text: string
  classes: string
  reasons: readonly string[]
} {
  switch (q.state) {
    case 'no_rule':
      return { text: 'No quorum rule', classes: 'govuk-tag--grey', reasons: [] }
    case 'not_recorded':
      return { text: 'Attendance not recorded', classes: 'govuk-tag--grey', reasons: [] }
    case 'quorate':
      return { text: 'Quorate', classes: 'govuk-tag--green', reasons: [] }
    case 'not_quorate':
      return { text: 'Not quorate', classes: 'govuk-tag--red', reasons: q.reasons }
  }
}

export interface AttendanceView {
  readonly personId: string
  readonly name: string
  readonly role: string
  readonly agency: string | null
  readonly status: AttendanceStatus | null
  readonly statusText: string
  readonly substituteId: string | null
  readonly substituteName: string | null
}

export function attendanceView(
  members: MeetingDetail['members'],
  attendance: MeetingDetail['attendance'],
): AttendanceView[] {
  return members.map((m) => {
    const own = attendance.find((a) => a.personId === m.personId)
    const substitute = attendance.find((a) => a.substituteForPersonId === m.personId)
    const status: AttendanceStatus | null =
      substitute !== undefined ? 'substitute' : (own?.status ?? null)
    return {
      personId: m.personId,
      name: m.fullName,
      role: roleLabels[m.role],
      agency: m.agencyName ?? m.homePartnershipName,
      status,
      statusText:
        status === null
          ? 'Not recorded'
          : status === 'substitute'
            ? `Apologies; ${substitute?.personName ?? ''} attended instead`
            : attendanceLabels[status],
      substituteId: substitute?.personId ?? null,
      substituteName: substitute?.personName ?? null,
    }
  })
}

/** The agenda as a Word document's blocks. */
/** The items still on the agenda: withdrawn items are kept in the history, not in the pack. */
export function packItems(detail: MeetingDetail): MeetingItemView[] {
  return presentItems(detail).filter((i) => !i.withdrawn)
}

export function agendaBlocks(detail: MeetingDetail, when: string): Block[] {
  const items = packItems(detail)
  return [
    {
      kind: 'paragraph',
      text: `${when}${detail.meeting.location === null ? '' : `, ${detail.meeting.location}`}`,
    },
    ...(detail.quorumRule === null
      ? []
      : [{ kind: 'paragraph' as const, text: detail.quorumRule, italic: true }]),
    { kind: 'heading', level: 2, text: 'Agenda' },
    {
      kind: 'table',
      headers: ['Item', 'Title', 'Presenter', 'Papers'],
      rows: items.map((i) => [
        String(i.number),
        i.title + (i.restricted && !i.hidden ? ' (restricted)' : ''),
        i.presenterName ?? '',
        i.papers.map((p) => p.title).join('; '),
      ]),
    },
  ]
}

/** The minutes as a Word document's blocks. */
export function minutesBlocks(detail: MeetingDetail, when: string): Block[] {
  const items = packItems(detail)
  const people = attendanceView(detail.members, detail.attendance)
  const q = quorumView(detail.quorum)
  const byStatus = (s: AttendanceStatus) => people.filter((p) => p.status === s)
  const name = (p: AttendanceView) =>
    `${p.name} (${p.role}${p.agency === null ? '' : `, ${p.agency}`})`
  return [
    {
      kind: 'paragraph',
      text: `${when}${detail.meeting.location === null ? '' : `, ${detail.meeting.location}`}`,
    },
    { kind: 'heading', level: 2, text: 'Present' },
    { kind: 'bullets', items: byStatus('present').map(name) },
    { kind: 'heading', level: 2, text: 'Apologies' },
    {
      kind: 'bullets',
      items: [
        ...byStatus('apologies').map(name),
        ...byStatus('substitute').map(
          (p) => `${name(p)}, represented by ${p.substituteName ?? ''}`,
        ),
      ],
    },
    ...(byStatus('absent').length === 0
      ? []
      : [
          { kind: 'heading' as const, level: 2 as const, text: 'Absent' },
          { kind: 'bullets' as const, items: byStatus('absent').map(name) },
        ]),
    {
      kind: 'paragraph',
      text: `Quoracy: ${q.text}${q.reasons.length > 0 ? ` (${q.reasons.join('; ')})` : ''}.`,
    },
    ...items.flatMap((i): Block[] => [
      { kind: 'heading', level: 2, text: `${String(i.number)}. ${i.title}` },
      ...(i.declarations.length === 0
        ? []
        : [
            {
              kind: 'paragraph' as const,
              text: `Declarations of interest: ${i.declarations.map((d) => `${d.personName}: ${d.interest}`).join('; ')}`,
              italic: true,
            },
          ]),
      { kind: 'paragraph', text: i.minutes ?? 'No minutes recorded.' },
      ...(i.decisions === null
        ? []
        : [{ kind: 'paragraph' as const, text: `Decision: ${i.decisions}`, bold: true }]),
    ]),
    ...(detail.actions.length === 0
      ? []
      : [
          { kind: 'heading' as const, level: 2 as const, text: 'Actions' },
          {
            kind: 'table' as const,
            headers: ['Reference', 'Action', 'Owner', 'Due'],
            rows: detail.actions.map((a) => [
              formatReference(a.reference),
              a.title,
              a.ownerAgencyName + (a.ownerUserName === null ? '' : `, ${a.ownerUserName}`),
              a.dueDate,
            ]),
          },
        ]),
  ]
}

/** A download's name: the group, the meeting's date and what it is, e.g. safeguarding-children-board-2026-12-23-agenda. */
export function meetingFileName(
  meeting: { readonly groupName: string; readonly startsAt: Date },
  what: string,
): string {
  return `${meeting.groupName} ${londonDate(meeting.startsAt)} ${what}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
