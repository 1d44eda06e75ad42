// Attendance for a group over a period, the way yearly reports print it: "The Board met seven
// times; Northshire Police 100%, ICB 86%". Worked out exactly from whole numbers: a member is
// expected at each meeting held while they were a member; they attended if present or represented
// by a substitute. An agency is expected at a meeting when any of its members is, and attended
// when any of them did. Percentages are rounded half up to whole numbers.
import type { AttendanceStatus, MembershipRole } from './tables.ts'
import { membersRepresented } from './quorum.ts'

export interface ReportMeeting {
  readonly id: string
  /** London date of the meeting, 'YYYY-MM-DD'. */
  readonly date: string
}

export interface ReportMembership {
  readonly personId: string
  readonly role: MembershipRole
  readonly agencyId: string | null
  readonly agencyName: string | null
  readonly startedOn: string
  readonly endedOn: string | null
}

export interface ReportAttendance {
  readonly meetingId: string
  readonly personId: string
  readonly status: AttendanceStatus
  readonly substituteForPersonId: string | null
}

export interface Rate {
  readonly attended: number
  readonly expected: number
  /** Whole percent, rounded half up; null when nobody was expected. */
  readonly percent: number | null
}

export interface AttendanceReport {
  readonly meetingsHeld: number
  readonly byAgency: readonly ({ agencyId: string; agencyName: string } & Rate)[]
  readonly byRole: readonly ({ role: MembershipRole } & Rate)[]
}

/** round(100 * a / e) half up, in integers (no floating point). */
export function wholePercent(attended: number, expected: number): number | null {
  if (expected === 0) return null
  return Math.floor((200 * attended + expected) / (2 * expected))
}

function rate(attended: number, expected: number): Rate {
  return { attended, expected, percent: wholePercent(attended, expected) }
}

const roleOrder: readonly MembershipRole[] = [
  'chair',
  'vice_chair',
  'member',
  'lay_member',
  'participant_observer',
  'adviser',
  'designated_professional',
]

export function attendanceReport(
  meetings: readonly ReportMeeting[],
  memberships: readonly ReportMembership[],
  attendance: readonly ReportAttendance[],
): AttendanceReport {
  const byAgency = new Map<string, { name: string; attended: number; expected: number }>()
  const byRole = new Map<MembershipRole, { attended: number; expected: number }>()
  for (const meeting of meetings) {
    const expected = memberships.filter(
      (m) => m.startedOn <= meeting.date && (m.endedOn === null || m.endedOn >= meeting.date),
    )
    const rows = attendance.filter((a) => a.meetingId === meeting.id)
    const represented = new Set(
      membersRepresented(
        expected.map((m) => ({ personId: m.personId, role: m.role, agencyType: null })),
        rows,
      ).map((m) => m.personId),
    )
    for (const m of expected) {
      const r = byRole.get(m.role) ?? { attended: 0, expected: 0 }
      r.expected += 1
      if (represented.has(m.personId)) r.attended += 1
      byRole.set(m.role, r)
    }
    const agencies = new Map<string, { name: string; attended: boolean }>()
    for (const m of expected) {
      if (m.agencyId === null) continue
      const a = agencies.get(m.agencyId) ?? { name: m.agencyName ?? '', attended: false }
      if (represented.has(m.personId)) a.attended = true
      agencies.set(m.agencyId, a)
    }
    for (const [agencyId, a] of agencies) {
      const r = byAgency.get(agencyId) ?? { name: a.name, attended: 0, expected: 0 }
      r.expected += 1
      if (a.attended) r.attended += 1
      byAgency.set(agencyId, r)
    }
  }
  return {
    meetingsHeld: meetings.length,
    byAgency: [...byAgency.entries()]
      .map(([agencyId, r]) => ({ agencyId, agencyName: r.name, ...rate(r.attended, r.expected) }))
      .sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'en-GB')),
    byRole: roleOrder
      .filter((role) => byRole.has(role))
      .map((role) => {
        const r = byRole.get(role) ?? { attended: 0, expected: 0 }
        return { role, ...rate(r.attended, r.expected) }
      }),
  }
}

const numberWords = [
  'no',
  'once',
  'twice',
  'three times',
  'four times',
  'five times',
  'six times',
  'seven times',
  'eight times',
  'nine times',
  'ten times',
  'eleven times',
  'twelve times',
]

/** "The Board met seven times; Northshire Police 100%, Northshire ICB 50%." */
export function reportSentence(groupName: string, report: AttendanceReport): string {
  const times =
    report.meetingsHeld === 0
      ? 'did not meet'
      : `met ${numberWords[report.meetingsHeld] ?? `${report.meetingsHeld} times`}`
  const agencies = report.byAgency
    .filter((a) => a.percent !== null)
    .map((a) => `${a.agencyName} ${String(a.percent)}%`)
  return agencies.length === 0
    ? `${groupName} ${times}.`
    : `${groupName} ${times}; ${agencies.join(', ')}.`
}
