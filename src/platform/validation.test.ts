import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { formErrors, parseForm } from './http/forms.ts'
import {
  choices,
  dateFromParts,
  dateProblem,
  emailAddress,
  formDate,
  isRealDate,
  optionalFormDate,
  optionalText,
  requiredText,
  timeOfDay,
  withDateParts,
} from './validation.ts'

describe('form validation', () => {
  const schema = z.object({
    title: requiredText('a title', 20),
    email: emailAddress(),
    notes: optionalText('notes'),
    agencies: choices(['police', 'health'], 'an agency', { min: 1 }),
  })

  it('accepts names with accents and apostrophes, trims, and lower-cases email', () => {
    const result = parseForm(schema, {
      title: "  Zoë O'Brien ",
      email: 'Łukasz@Example.ORG',
      agencies: 'police',
    })
    expect(result).toEqual({
      ok: true,
      value: {
        title: "Zoë O'Brien",
        email: 'łukasz@example.org',
        notes: null,
        agencies: ['police'],
      },
    })
  })

  it('reports every field with GOV.UK messages, in field order', () => {
    const result = parseForm(schema, {
      title: 'x'.repeat(21),
      email: 'not-an-email',
      agencies: ['police', 'fire'],
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual([
      { field: 'title', message: 'A title must be 20 characters or fewer' },
      {
        field: 'email',
        message: 'Enter an email address in the correct format, like name@example.org',
      },
      { field: 'agencies.1', message: 'Select an agency from the list' },
    ])
    const errors = formErrors([
      ...result.errors,
      { field: 'title', message: 'second problem is not shown' },
    ])
    expect(errors.summary.map((e) => e.href)).toEqual(['#title', '#email', '#agencies.1'])
    expect(errors.fields.title).toEqual({ text: 'A title must be 20 characters or fewer' })
  })

  it('asks for at least one checkbox', () => {
    const result = parseForm(schema, { title: 'a', email: 'a@b.org' })
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'agencies', message: 'Select an agency' },
    ])
  })
})

describe('dates', () => {
  it('knows real dates, including leap days', () => {
    expect(isRealDate('2024-02-29')).toBe(true)
    expect(isRealDate('2023-02-29')).toBe(false)
    expect(isRealDate('2024-13-01')).toBe(false)
    expect(isRealDate('24-01-01')).toBe(false)
  })

  it('joins GOV.UK date inputs and explains what is wrong', () => {
    expect(
      dateFromParts({ 'start-day': '3', 'start-month': '4', 'start-year': '2026' }, 'start'),
    ).toBe('2026-04-03')
    expect(dateFromParts({}, 'start')).toBe('')
    expect(dateProblem(dateFromParts({}, 'start'), 'the start date', true)).toBe(
      'Enter the start date',
    )
    expect(dateProblem(dateFromParts({}, 'start'), 'the start date', false)).toBeUndefined()
    const noMonth = dateFromParts({ 'start-day': '3', 'start-year': '2026' }, 'start')
    expect(dateProblem(noMonth, 'the start date', true)).toBe('The start date must include a month')
    const impossible = dateFromParts(
      { 'start-day': '31', 'start-month': '2', 'start-year': '2026' },
      'start',
    )
    expect(dateProblem(impossible, 'the start date', true)).toBe(
      'The start date must be a real date',
    )
  })
})

describe('form dates and times', () => {
  const schema = z.object({
    meetingDate: formDate('the meeting date'),
    reviewDate: optionalFormDate('the review date'),
    startTime: timeOfDay('the start time'),
  })

  it('joins date parts and reads times as people type them', () => {
    const body = withDateParts(
      {
        'meetingDate-day': '9',
        'meetingDate-month': '3',
        'meetingDate-year': '2026',
        startTime: '9.30',
      },
      ['meetingDate', 'reviewDate'],
    )
    expect(parseForm(schema, body)).toEqual({
      ok: true,
      value: { meetingDate: '2026-03-09', reviewDate: null, startTime: '09:30' },
    })
  })

  it('says which part of a date is missing and when a time is not real', () => {
    const body = withDateParts(
      { 'meetingDate-day': '9', 'meetingDate-year': '2026', startTime: '25:00' },
      ['meetingDate', 'reviewDate'],
    )
    const result = parseForm(schema, body)
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'meetingDate', message: 'The meeting date must include a month' },
      {
        field: 'startTime',
        message: 'The start time must be a real time, like 09:30 or 14:00',
      },
    ])
  })
})
