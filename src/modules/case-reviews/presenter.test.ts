// The statutory clock's states, in working days.
import { describe, expect, it } from 'vitest'
import { englandAndWales } from '../../platform/calendar/working-days.ts'
import { addMonths, plannedMeeting, statutoryClock } from './presenter.ts'

describe('statutoryClock', () => {
  // Aware Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
  const start = '2026-04-02'

  it('counts working days left, skipping Easter', () => {
    const clock = statutoryClock(englandAndWales, start, 5, null, '2026-04-07')
    expect(clock.deadline).toBe('2026-04-13')
    expect(clock.state).toBe('due')
    expect(clock.workingDays).toBe(4)
    expect(clock.text).toBe('4 working days left')
  })

  it('is due today on the deadline, and overdue the next working day', () => {
    expect(statutoryClock(englandAndWales, start, 5, null, '2026-04-13').text).toBe('Due today')
    const over = statutoryClock(englandAndWales, start, 5, null, '2026-04-14')
    expect(over.state).toBe('overdue')
    expect(over.text).toBe('Overdue by 1 working day')
  })

  it('says met or late once done', () => {
    const met = statutoryClock(englandAndWales, start, 5, '2026-04-09', '2026-05-01')
    expect(met.state).toBe('met')
    expect(met.text).toBe('Done in 3 of 5 working days')
    const late = statutoryClock(englandAndWales, start, 5, '2026-04-15', '2026-05-01')
    expect(late.state).toBe('late')
    expect(late.text).toBe('Done 2 working days late')
  })

  it('adds calendar months for the 6-month publication target, at the end of short months', () => {
    expect(addMonths('2026-03-20', 6)).toBe('2026-09-20')
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
  })
})

describe('plannedMeeting', () => {
  // Aware Thursday 2 April 2026; 15 working days (Good Friday, Easter Monday) is 27 April.
  const deadline = statutoryClock(englandAndWales, '2026-04-02', 15, null, '2026-04-02').deadline

  it('counts the working day it falls on, in time', () => {
    expect(deadline).toBe('2026-04-27')
    const meeting = plannedMeeting(englandAndWales, '2026-04-02', '2026-04-24', deadline, 15)
    expect(meeting).toMatchObject({ workingDay: 14, afterDeadline: false })
    expect(meeting.text).toBe('Working day 14 of 15')
    expect(
      plannedMeeting(englandAndWales, '2026-04-02', deadline, deadline, 15).afterDeadline,
    ).toBe(false)
  })

  it('says how far after the deadline a later meeting is', () => {
    const meeting = plannedMeeting(englandAndWales, '2026-04-02', '2026-04-29', deadline, 15)
    expect(meeting).toMatchObject({ workingDay: 17, afterDeadline: true })
    expect(meeting.text).toBe('Working day 17: 2 working days after the 15-working-day deadline')
  })
})
