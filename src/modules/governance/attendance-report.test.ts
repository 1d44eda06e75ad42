// The attendance report for a fixture year, computed exactly; and the pure pieces around it.
import { describe, expect, it } from 'vitest'
import {
  attendanceReport,
  reportSentence,
  wholePercent,
  type ReportAttendance,
  type ReportMembership,
} from './attendance-report.ts'
import { assessQuorum, describeRule } from './quorum.ts'
import { seriesDates } from './meetings.ts'

describe('attendance report', () => {
  // The Board met seven times in 2025/26. Police: one member, at all seven. ICB: one member, at
  // four, plus a substitute once (five of seven). Council: two members; the agency is counted once
  // per meeting; at six of seven at least one came. A lay member joined for the last three.
  const meetings = [
    '2025-04-10',
    '2025-06-12',
    '2025-07-10',
    '2025-09-11',
    '2025-11-13',
    '2026-01-15',
    '2026-03-12',
  ].map((date, i) => ({ id: `m${String(i + 1)}`, date }))
  const memberships: ReportMembership[] = [
    {
      personId: 'police',
      role: 'member',
      agencyId: 'a-police',
      agencyName: 'Police',
      startedOn: '2024-01-01',
      endedOn: null,
    },
    {
      personId: 'icb',
      role: 'member',
      agencyId: 'a-icb',
      agencyName: 'ICB',
      startedOn: '2024-01-01',
      endedOn: null,
    },
    {
      personId: 'chair',
      role: 'chair',
      agencyId: 'a-council',
      agencyName: 'Council',
      startedOn: '2024-01-01',
      endedOn: null,
    },
    {
      personId: 'council2',
      role: 'member',
      agencyId: 'a-council',
      agencyName: 'Council',
      startedOn: '2024-01-01',
      endedOn: null,
    },
    {
      personId: 'lay',
      role: 'lay_member',
      agencyId: null,
      agencyName: null,
      startedOn: '2025-10-01',
      endedOn: null,
    },
  ]
  const present = (meetingId: string, personId: string): ReportAttendance => ({
    meetingId,
    personId,
    status: 'present',
    substituteForPersonId: null,
  })
  const attendance: ReportAttendance[] = [
    ...meetings.map((m) => present(m.id, 'police')),
    ...['m1', 'm2', 'm4', 'm6'].map((m) => present(m, 'icb')),
    { meetingId: 'm7', personId: 'icb', status: 'apologies', substituteForPersonId: null },
    { meetingId: 'm7', personId: 'icb-deputy', status: 'substitute', substituteForPersonId: 'icb' },
    ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((m) => present(m, 'chair')),
    ...['m2', 'm4'].map((m) => present(m, 'council2')),
    { meetingId: 'm3', personId: 'council2', status: 'absent', substituteForPersonId: null },
    ...['m5', 'm7'].map((m) => present(m, 'lay')),
  ]

  it('gives each agency and role its exact share of meetings', () => {
    const report = attendanceReport(meetings, memberships, attendance)
    expect(report.meetingsHeld).toBe(7)
    expect(report.byAgency).toEqual([
      { agencyId: 'a-council', agencyName: 'Council', attended: 6, expected: 7, percent: 86 },
      { agencyId: 'a-icb', agencyName: 'ICB', attended: 5, expected: 7, percent: 71 },
      { agencyId: 'a-police', agencyName: 'Police', attended: 7, expected: 7, percent: 100 },
    ])
    expect(report.byRole).toEqual([
      { role: 'chair', attended: 6, expected: 7, percent: 86 },
      // Police 7 + ICB 5 + second council member 2, of 21.
      { role: 'member', attended: 14, expected: 21, percent: 67 },
      // Joined in October: expected at three meetings, came to two.
      { role: 'lay_member', attended: 2, expected: 3, percent: 67 },
    ])
    expect(reportSentence('The Board', report)).toBe(
      'The Board met seven times; Council 86%, ICB 71%, Police 100%.',
    )
  })

  it('rounds half up in whole numbers', () => {
    expect(wholePercent(1, 8)).toBe(13) // 12.5
    expect(wholePercent(1, 3)).toBe(33)
    expect(wholePercent(2, 3)).toBe(67)
    expect(wholePercent(0, 4)).toBe(0)
    expect(wholePercent(0, 0)).toBeNull()
  })
})

describe('quorum', () => {
  const members = [
    { personId: 'c', role: 'chair' as const, agencyType: 'local_authority' as const },
    { personId: 'p', role: 'member' as const, agencyType: 'police' as const },
    { personId: 'h', role: 'member' as const, agencyType: 'health_commissioner' as const },
  ]
  const rule = { quorumMinimum: 3, quorumNeedsChair: true, quorumNeedsStatutoryPartners: true }

  it('is quorate with a substitute standing in', () => {
    expect(
      assessQuorum(rule, members, [
        { personId: 'c', status: 'present', substituteForPersonId: null },
        { personId: 'p', status: 'present', substituteForPersonId: null },
        { personId: 'h', status: 'apologies', substituteForPersonId: null },
        { personId: 'x', status: 'substitute', substituteForPersonId: 'h' },
      ]),
    ).toEqual({ state: 'quorate', reasons: [] })
  })

  it('says why a meeting was not quorate', () => {
    const result = assessQuorum(rule, members, [
      { personId: 'p', status: 'present', substituteForPersonId: null },
      { personId: 'c', status: 'apologies', substituteForPersonId: null },
    ])
    expect(result.state).toBe('not_quorate')
    expect(result.state === 'not_quorate' ? result.reasons : []).toEqual([
      '1 of the 3 members needed were present',
      'neither the chair nor the vice-chair was present',
      'the local authority was not represented',
      'health (the ICB) was not represented',
    ])
    expect(
      describeRule({
        quorumMinimum: null,
        quorumNeedsChair: false,
        quorumNeedsStatutoryPartners: false,
      }),
    ).toBeNull()
  })
})

describe('meeting series and invitations', () => {
  it('repeats monthly on the same day, or the month’s last day', () => {
    expect(seriesDates('2026-01-31', 'monthly', 4)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ])
    expect(seriesDates('2026-12-15', 'weekly', 3)).toEqual([
      '2026-12-15',
      '2026-12-22',
      '2026-12-29',
    ])
    expect(seriesDates('2026-12-15', 'monthly', 2)).toEqual(['2026-12-15', '2027-01-15'])
    expect(seriesDates('2026-12-15', 'none', 5)).toEqual(['2026-12-15'])
  })
})
