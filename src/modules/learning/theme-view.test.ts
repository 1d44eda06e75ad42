// The theme view's counts, checked exactly against a small fixture worked out by hand.
import { describe, expect, it } from 'vitest'
import { buildThemeView, type ActionFact, type FindingFact } from './theme-view.ts'
import { actionSummaryText } from './presenter.ts'

const voice = { id: 't-voice', name: 'Voice of the child', retired: false }
const curiosity = { id: 't-curiosity', name: 'Professional curiosity', retired: false }
const neglect = { id: 't-neglect', name: 'Neglect', retired: false }
const oldTheme = { id: 't-old', name: 'Toxic trio', retired: true }
const unusedRetired = { id: 't-unused', name: 'Never used', retired: true }

// Review A (2023): f1 voice+curiosity, f2 neglect. Audit B (2024): f3 voice. Review C (2025):
// f4 voice, f5 curiosity+old. Nothing in between is missing a year.
const findings: FindingFact[] = [
  {
    id: 'f1',
    sourceType: 'learning_review',
    sourceId: 'A',
    identifiedOn: '2023-05-01',
    themeIds: ['t-voice', 't-curiosity'],
  },
  {
    id: 'f2',
    sourceType: 'learning_review',
    sourceId: 'A',
    identifiedOn: '2023-05-01',
    themeIds: ['t-neglect'],
  },
  {
    id: 'f3',
    sourceType: 'audit',
    sourceId: 'B',
    identifiedOn: '2024-02-10',
    themeIds: ['t-voice'],
  },
  {
    id: 'f4',
    sourceType: 'case_review',
    sourceId: 'C',
    identifiedOn: '2025-09-30',
    themeIds: ['t-voice'],
  },
  {
    id: 'f5',
    sourceType: 'case_review',
    sourceId: 'C',
    identifiedOn: '2025-09-30',
    themeIds: ['t-curiosity', 't-old'],
  },
]
// r1 answers f1 (voice + curiosity); r2 answers f2 (neglect); r3 answers f3 (voice).
const recommendations = [
  { id: 'r1', findingId: 'f1', status: 'impact_evidenced' as const },
  { id: 'r2', findingId: 'f2', status: 'open' as const },
  { id: 'r3', findingId: 'f3', status: 'open' as const },
]
const actions: ActionFact[] = [
  // Voice and curiosity: completed on 2024-06-30, so f4 (voice) and f5 (curiosity) come after.
  { id: 'a1', recommendationId: 'r1', status: 'closed_with_evidence', completedOn: '2024-06-30' },
  { id: 'a2', recommendationId: 'r1', status: 'completed', completedOn: '2025-12-01' },
  // Neglect: nothing completed, so it is not "returning" whatever the dates.
  { id: 'a3', recommendationId: 'r2', status: 'overdue', completedOn: null },
  { id: 'a4', recommendationId: 'r3', status: 'on_track', completedOn: null },
]

describe('the theme view', () => {
  const view = buildThemeView(
    [voice, curiosity, neglect, oldTheme, unusedRetired],
    findings,
    recommendations,
    actions,
  )
  const row = (id: string) => {
    const found = view.rows.find((r) => r.theme.id === id)
    if (found === undefined) throw new Error(`no row ${id}`)
    return found
  }

  it('spans every year from the first finding to the last', () => {
    expect(view.years).toEqual([2023, 2024, 2025])
    expect(view.totalFindings).toBe(5)
  })

  it('counts findings per theme and year, a finding once for each of its themes', () => {
    expect(row('t-voice').byYear).toEqual([1, 1, 1])
    expect(row('t-voice').findings).toBe(3)
    expect(row('t-curiosity').byYear).toEqual([1, 0, 1])
    expect(row('t-neglect').byYear).toEqual([1, 0, 0])
    expect(row('t-old').byYear).toEqual([0, 0, 1])
  })

  it('counts distinct sources, recommendations and actions answering each theme', () => {
    expect(row('t-voice').sources).toEqual(['learning_review:A', 'audit:B', 'case_review:C'])
    expect(row('t-curiosity').sources).toEqual(['learning_review:A', 'case_review:C'])
    expect(row('t-voice').recommendations).toBe(2)
    expect(row('t-voice').recommendationsByStatus).toEqual({
      open: 1,
      signed_off: 0,
      impact_evidenced: 1,
    })
    expect(row('t-voice').actions).toBe(3)
    expect(row('t-voice').actionsByStatus).toEqual({
      not_started: 0,
      on_track: 1,
      at_risk: 0,
      overdue: 0,
      completed: 1,
      closed_with_evidence: 1,
    })
    expect(row('t-neglect').actions).toBe(1)
    expect(row('t-neglect').actionsByStatus.overdue).toBe(1)
    expect(row('t-old').recommendations).toBe(0)
  })

  it('flags themes that come back after an action answering them was completed', () => {
    expect(row('t-voice').firstActionCompletedOn).toBe('2024-06-30')
    expect(row('t-voice').returningFindingIds).toEqual(['f4'])
    expect(row('t-voice').returning).toBe(true)
    expect(row('t-curiosity').returningFindingIds).toEqual(['f5'])
    expect(row('t-neglect').returning).toBe(false)
    expect(row('t-old').returning).toBe(false)
  })

  it('does not count a finding on the same day as the completion as returning', () => {
    const sameDay = buildThemeView(
      [voice],
      [
        {
          id: 'x1',
          sourceType: 's',
          sourceId: '1',
          identifiedOn: '2024-01-01',
          themeIds: ['t-voice'],
        },
        {
          id: 'x2',
          sourceType: 's',
          sourceId: '2',
          identifiedOn: '2024-06-30',
          themeIds: ['t-voice'],
        },
      ],
      [{ id: 'r', findingId: 'x1', status: 'open' }],
      [{ id: 'a', recommendationId: 'r', status: 'completed', completedOn: '2024-06-30' }],
    )
    expect(sameDay.rows[0]?.returning).toBe(false)
  })

  it('leaves out retired themes with no findings, and keeps active ones with none', () => {
    expect(view.rows.map((r) => r.theme.id)).toEqual([
      't-voice',
      't-curiosity',
      't-neglect',
      't-old',
    ])
    const empty = buildThemeView([voice], [], [], [])
    expect(empty.years).toEqual([])
    expect(empty.rows[0]?.findings).toBe(0)
  })

  it('summarises actions in the tracker’s status order', () => {
    expect(actionSummaryText(row('t-voice').actionsByStatus)).toBe(
      '1 on track, 1 completed, 1 closed with evidence',
    )
    expect(actionSummaryText(row('t-old').actionsByStatus)).toBe('None')
  })
})
