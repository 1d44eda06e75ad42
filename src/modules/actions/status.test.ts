import { describe, expect, it } from 'vitest'
import {
  changeDueDate,
  effectiveStatus,
  markOverdue,
  recordProgress,
  returnToOwner,
  signOff,
} from './status.ts'

const today = '2026-03-10'

describe('action status rules', () => {
  it('shows an open action past its due date as overdue, whatever was last reported', () => {
    expect(effectiveStatus('on_track', '2026-03-09', today)).toBe('overdue')
    expect(effectiveStatus('on_track', '2026-03-10', today)).toBe('on_track')
    expect(effectiveStatus('completed', '2026-01-01', today)).toBe('completed')
  })

  it('lets an owner report progress while the action is in date, and complete it at any time', () => {
    expect(recordProgress('not_started', 'at_risk', '2026-04-01', today)).toEqual({
      ok: true,
      status: 'at_risk',
    })
    expect(recordProgress('overdue', 'completed', '2026-03-01', today)).toEqual({
      ok: true,
      status: 'completed',
    })
    const late = recordProgress('overdue', 'on_track', '2026-03-01', today)
    expect(late.ok).toBe(false)
    expect(recordProgress('completed', 'on_track', '2026-04-01', today).ok).toBe(false)
    expect(recordProgress('closed_with_evidence', 'completed', '2026-04-01', today).ok).toBe(false)
  })

  it('marks an action overdue once, the day after its due date', () => {
    expect(markOverdue('on_track', '2026-03-09', today)).toEqual({ ok: true, status: 'overdue' })
    expect(markOverdue('on_track', '2026-03-10', today).ok).toBe(false)
    expect(markOverdue('overdue', '2026-03-09', today).ok).toBe(false)
    expect(markOverdue('completed', '2026-03-09', today).ok).toBe(false)
  })

  it('ends overdue when a new due date is agreed that has not passed', () => {
    expect(changeDueDate('overdue', '2026-06-30', today)).toEqual({ ok: true, status: 'on_track' })
    expect(changeDueDate('at_risk', '2026-06-30', today)).toEqual({ ok: true, status: 'at_risk' })
    expect(changeDueDate('on_track', '2026-03-01', today)).toEqual({ ok: true, status: 'overdue' })
    expect(changeDueDate('completed', '2026-06-30', today).ok).toBe(false)
  })

  it('signs off only a completed action with evidence, and can return it instead', () => {
    expect(signOff('completed', 1)).toEqual({ ok: true, status: 'closed_with_evidence' })
    expect(signOff('completed', 0)).toEqual({
      ok: false,
      reason: 'Add evidence to the action before it is signed off.',
    })
    expect(signOff('on_track', 2).ok).toBe(false)
    expect(returnToOwner('completed', '2026-04-01', today)).toEqual({
      ok: true,
      status: 'on_track',
    })
    expect(returnToOwner('completed', '2026-03-01', today)).toEqual({ ok: true, status: 'overdue' })
    expect(returnToOwner('on_track', '2026-04-01', today).ok).toBe(false)
  })
})
