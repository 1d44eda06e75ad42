// Whether a meeting was quorate, by its group's rule: a minimum number of members present (in
// person or by a substitute), the chair (or vice-chair) present, and each of the three statutory
// safeguarding partners (local authority, police, health commissioner) represented.
import type { AgencyType } from '../../platform/db/tables.ts'
import type { AttendanceStatus, MembershipRole } from './tables.ts'

export interface QuorumRule {
  readonly quorumMinimum: number | null
  readonly quorumNeedsChair: boolean
  readonly quorumNeedsStatutoryPartners: boolean
}

export interface QuorumMember {
  readonly personId: string
  readonly role: MembershipRole
  readonly agencyType: AgencyType | null
}

export interface QuorumAttendance {
  readonly personId: string
  readonly status: AttendanceStatus
  readonly substituteForPersonId: string | null
}

export type QuorumResult =
  | { readonly state: 'no_rule' }
  | { readonly state: 'not_recorded' }
  | { readonly state: 'quorate' | 'not_quorate'; readonly reasons: readonly string[] }

const statutoryPartners: readonly { type: AgencyType; name: string }[] = [
  { type: 'local_authority', name: 'the local authority' },
  { type: 'police', name: 'the police' },
  { type: 'health_commissioner', name: 'health (the ICB)' },
]

export function describeRule(rule: QuorumRule): string | null {
  const parts: string[] = []
  if (rule.quorumMinimum !== null)
    parts.push(
      `at least ${rule.quorumMinimum} member${rule.quorumMinimum === 1 ? '' : 's'} present`,
    )
  if (rule.quorumNeedsChair) parts.push('the chair or vice-chair present')
  if (rule.quorumNeedsStatutoryPartners)
    parts.push('the local authority, police and health each represented')
  if (parts.length === 0) return null
  return `Quorate with ${parts.join(', ')}.`
}

/** Members counted as attending: present themselves, or represented by a substitute. */
export function membersRepresented(
  members: readonly QuorumMember[],
  attendance: readonly QuorumAttendance[],
): QuorumMember[] {
  const present = new Set(attendance.filter((a) => a.status === 'present').map((a) => a.personId))
  const substituted = new Set(
    attendance
      .filter((a) => a.status === 'substitute' && a.substituteForPersonId !== null)
      .map((a) => a.substituteForPersonId ?? ''),
  )
  return members.filter((m) => present.has(m.personId) || substituted.has(m.personId))
}

export function assessQuorum(
  rule: QuorumRule,
  members: readonly QuorumMember[],
  attendance: readonly QuorumAttendance[],
): QuorumResult {
  if (describeRule(rule) === null) return { state: 'no_rule' }
  if (attendance.length === 0) return { state: 'not_recorded' }
  const represented = membersRepresented(members, attendance)
  const reasons: string[] = []
  if (rule.quorumMinimum !== null && represented.length < rule.quorumMinimum)
    reasons.push(`${represented.length} of the ${rule.quorumMinimum} members needed were present`)
  if (
    rule.quorumNeedsChair &&
    !represented.some((m) => m.role === 'chair' || m.role === 'vice_chair')
  )
    reasons.push('neither the chair nor the vice-chair was present')
  if (rule.quorumNeedsStatutoryPartners)
    for (const partner of statutoryPartners)
      if (!represented.some((m) => m.agencyType === partner.type))
        reasons.push(`${partner.name} was not represented`)
  return { state: reasons.length === 0 ? 'quorate' : 'not_quorate', reasons }
}
