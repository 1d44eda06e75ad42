// Date windows: one message per field, in the user's words, with the bound's date written out.
import { describe, expect, it } from 'vitest'
import { ValidationError } from './errors.ts'
import { checkDateWindows, dateWindowProblems } from './date-rules.ts'
import { longDateTime, shortTime } from './london-time.ts'
import { meaningfulText } from './validation.ts'

describe('date windows', () => {
  const raised = { date: '2026-03-10', is: 'the date the action was raised' }
  const today = { date: '2026-03-20', is: 'today' }

  it('refuses a date before the record existed, or after today, naming the bound', () => {
    expect(
      dateWindowProblems([
        {
          field: 'updateDate',
          label: 'the date of the update',
          value: '2026-03-09',
          notBefore: raised,
          notAfter: today,
        },
        { field: 'agreedOn', label: 'the date agreed', value: '2026-03-21', notAfter: today },
        {
          field: 'newDueDate',
          label: 'the new due date',
          value: '2026-03-19',
          notBefore: [today, raised],
        },
      ]),
    ).toEqual([
      {
        field: 'updateDate',
        message:
          'The date of the update must be the same as or after the date the action was raised (10 March 2026)',
      },
      { field: 'agreedOn', message: 'The date agreed must be today or in the past' },
      { field: 'newDueDate', message: 'The new due date must be today or in the future' },
    ])
  })

  it('accepts the bounds themselves and empty optional dates, and throws a ValidationError otherwise', () => {
    expect(
      dateWindowProblems([
        { field: 'a', label: 'a', value: '2026-03-10', notBefore: raised, notAfter: today },
        { field: 'b', label: 'b', value: '2026-03-20', notBefore: raised, notAfter: today },
        { field: 'c', label: 'c', value: null, notBefore: raised },
      ]),
    ).toEqual([])
    expect(() => {
      checkDateWindows([{ field: 'a', label: 'a', value: '2026-03-01', notBefore: raised }])
    }).toThrow(ValidationError)
  })
})

describe('meaningful text', () => {
  it('refuses one character, punctuation and blanks, and accepts a short real statement', () => {
    const schema = meaningfulText('the recommendation', 300)
    for (const bad of ['x', '.', '          ', '1234567890', '——————————'])
      expect(schema.safeParse(bad).success).toBe(false)
    expect(schema.safeParse('x').error?.issues[0]?.message).toBe(
      'The recommendation must be 10 characters or more',
    )
    expect(schema.safeParse('  Train all DSLs  ').data).toBe('Train all DSLs')
    expect(schema.safeParse('Zoë’s GP').success).toBe(false)
    expect(schema.safeParse('Łódź team to brief GPs').success).toBe(true)
  })
})

describe('times as people write them', () => {
  it('writes noon as 12pm, not 0:00pm, and drops :00 on the hour', () => {
    expect(shortTime(new Date('2026-12-23T12:00:00Z'))).toBe('12pm')
    expect(shortTime(new Date('2026-12-23T12:05:00Z'))).toBe('12:05pm')
    expect(shortTime(new Date('2026-12-23T00:30:00Z'))).toBe('12:30am')
    expect(longDateTime(new Date('2026-12-23T10:00:00Z'))).toBe('23 December 2026 at 10am')
    // Summer time: 10am in London is 09:00 UTC.
    expect(longDateTime(new Date('2026-06-23T09:00:00Z'))).toBe('23 June 2026 at 10am')
  })
})
