// Calendar invitations: what RFC 5545 asks of the text, checked line by line, and read back by an
// independent parser (ical.js, Thunderbird's) to show a calendar sees what was meant.
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import {
  calendarAttachment,
  calendarInvitation,
  calendarUid,
  organiserFromAddress,
  type CalendarInvitation,
} from './ics.ts'

const awkward = 'Room 2\rCounty Hall\nLevel 3\r\nWing B, east; bring papers \\ coffee'

function invitation(overrides: Partial<CalendarInvitation> = {}): CalendarInvitation {
  return {
    method: 'REQUEST',
    uid: calendarUid('0f8e2a4c-6b1d-4c3e-9a57-1d2e3f4a5b6c'),
    sequence: 7,
    stamp: new Date('2026-03-10T10:00:00Z'),
    start: new Date('2026-07-01T09:00:00Z'),
    end: new Date('2026-07-01T11:00:00Z'),
    summary: 'Safeguarding Children Board',
    description: 'Agenda and papers: https://assure.example.org/my/meetings/1',
    location: 'County Hall',
    organiser: { name: 'Northshire SCP', email: 'assure@northshire-scp.example' },
    attendees: [
      { name: 'Siobhán O’Neill', email: 'chair@example.org' },
      { name: "Łukasz O'Brien", email: 'lukasz@example.org' },
    ],
    ...overrides,
  }
}

/** The logical lines: folded continuations (CRLF + space) joined back. */
function unfolded(ics: string): string[] {
  return ics.replace(/\r\n /g, '').split('\r\n')
}

function lineOf(ics: string, name: string): string {
  const line = unfolded(ics).find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
  if (line === undefined) throw new Error(`no ${name} line`)
  return line
}

function calendarOf(ics: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(ics) as unknown[])
}

function parsedEvent(ics: string): ICAL.Component {
  const event = calendarOf(ics).getFirstSubcomponent('vevent')
  if (event === null) throw new Error('no VEVENT')
  return event
}

describe('calendar invitations (RFC 5545)', () => {
  it('escapes a bare carriage return, line feeds, CRLF, commas, semicolons and backslashes in every text property', () => {
    const ics = calendarInvitation(
      invitation({ summary: awkward, description: awkward, location: awkward }),
    )
    const escaped = 'Room 2\\nCounty Hall\\nLevel 3\\nWing B\\, east\\; bring papers \\\\ coffee'
    expect(lineOf(ics, 'SUMMARY')).toBe(`SUMMARY:${escaped}`)
    expect(lineOf(ics, 'DESCRIPTION')).toBe(`DESCRIPTION:${escaped}`)
    expect(lineOf(ics, 'LOCATION')).toBe(`LOCATION:${escaped}`)
    // No carriage return or line feed anywhere except as the CRLF that ends a line.
    expect(ics).not.toMatch(/\r(?!\n)/)
    expect(ics).not.toMatch(/(?<!\r)\n/)
    // A parser reads back the text with each line break as a line break.
    const event = parsedEvent(ics)
    const expected = 'Room 2\nCounty Hall\nLevel 3\nWing B, east; bring papers \\ coffee'
    expect(event.getFirstPropertyValue('summary')).toBe(expected)
    expect(event.getFirstPropertyValue('description')).toBe(expected)
    expect(event.getFirstPropertyValue('location')).toBe(expected)
  })

  it('removes control characters RFC 5545 does not allow in a value', () => {
    const ics = calendarInvitation(invitation({ summary: 'Board\u0007 meeting\u001b\u007f' }))
    expect(lineOf(ics, 'SUMMARY')).toBe('SUMMARY:Board meeting')
    // eslint-disable-next-line no-control-regex
    expect(ics).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/)
  })

  it('folds lines at 75 octets without splitting a character, and unfolds to the same text', () => {
    const long = `${'Zoë’s review of the neglect strategy; '.repeat(12)}👩🏽‍⚕️ end`
    const ics = calendarInvitation(invitation({ description: long, summary: long }))
    for (const line of ics.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
      // A split inside a UTF-8 sequence would leave a replacement character.
      expect(line).not.toContain('\uFFFD')
    }
    expect(ics.split('\r\n').some((l) => l.startsWith(' '))).toBe(true)
    expect(parsedEvent(ics).getFirstPropertyValue('description')).toBe(long)
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
  })

  it('writes an invitation: METHOD:REQUEST, the UID, sequence, stamp in UTC, times in London time', () => {
    const ics = calendarInvitation(invitation())
    const lines = unfolded(ics)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines).toContain('VERSION:2.0')
    expect(lines).toContain('METHOD:REQUEST')
    expect(lines).toContain('UID:0f8e2a4c-6b1d-4c3e-9a57-1d2e3f4a5b6c@assure')
    expect(lines).toContain('SEQUENCE:7')
    expect(lines).toContain('DTSTAMP:20260310T100000Z')
    expect(lines).toContain('STATUS:CONFIRMED')
    // 09:00 UTC on 1 July is 10:00 British Summer Time.
    expect(lines).toContain('DTSTART;TZID=Europe/London:20260701T100000')
    expect(lines).toContain('DTEND;TZID=Europe/London:20260701T120000')
    // The zone the times refer to is in the file.
    const zone = calendarOf(ics).getFirstSubcomponent('vtimezone')
    expect(zone?.getFirstPropertyValue('tzid')).toBe('Europe/London')
    const event = parsedEvent(ics)
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time
    start.zone = new ICAL.Timezone(zone!)
    expect(start.toJSDate().toISOString()).toBe('2026-07-01T09:00:00.000Z')
    // In winter London time is UTC.
    const winter = calendarInvitation(
      invitation({
        start: new Date('2027-01-14T10:00:00Z'),
        end: new Date('2027-01-14T11:30:00Z'),
      }),
    )
    expect(unfolded(winter)).toContain('DTSTART;TZID=Europe/London:20270114T100000')
    expect(unfolded(winter)).toContain('DTEND;TZID=Europe/London:20270114T113000')
  })

  it('names the organiser and each attendee, and asks attendees to reply', () => {
    const ics = calendarInvitation(
      invitation({
        attendees: [
          { name: 'Siobhán O’Neill', email: 'chair@example.org' },
          { name: 'Aoife "the chair" Kennedy\r\n', email: 'aoife@example.org' },
        ],
      }),
    )
    const event = parsedEvent(ics)
    const organiser = event.getFirstProperty('organizer')
    expect(organiser?.getFirstValue()).toBe('mailto:assure@northshire-scp.example')
    expect(organiser?.getParameter('cn')).toBe('Northshire SCP')
    const attendees = event.getAllProperties('attendee')
    expect(attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([
      'mailto:chair@example.org',
      'mailto:aoife@example.org',
    ])
    // A double quote cannot appear in a parameter: it becomes an apostrophe; line breaks go.
    expect(attendees.map((a) => a.getParameter('cn'))).toEqual([
      'Siobhán O’Neill',
      'Aoife ’the chair’ Kennedy',
    ])
    expect(attendees.map((a) => a.getParameter('rsvp'))).toEqual(['TRUE', 'TRUE'])
    expect(attendees.map((a) => a.getParameter('role'))).toEqual([
      'REQ-PARTICIPANT',
      'REQ-PARTICIPANT',
    ])
  })

  it('writes a cancellation with the same UID, METHOD:CANCEL and STATUS:CANCELLED', () => {
    const request = calendarAttachment(invitation())
    const cancel = calendarAttachment(invitation({ method: 'CANCEL', sequence: 8 }))
    expect(request.filename).toBe('invitation.ics')
    expect(request.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST')
    expect(cancel.filename).toBe('cancellation.ics')
    expect(cancel.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL')
    const lines = unfolded(cancel.content)
    expect(lines).toContain('METHOD:CANCEL')
    expect(lines).toContain('STATUS:CANCELLED')
    expect(lines).toContain('SEQUENCE:8')
    expect(lineOf(cancel.content, 'UID')).toBe(lineOf(request.content, 'UID'))
  })

  it('makes stable UIDs and reads the organiser from the From address', () => {
    expect(calendarUid('course', 'abc')).toBe('course-abc@assure')
    expect(calendarUid('abc')).toBe(calendarUid('abc'))
    expect(organiserFromAddress('Northshire SCP <assure@northshire-scp.example>')).toEqual({
      name: 'Northshire SCP',
      email: 'assure@northshire-scp.example',
    })
    expect(organiserFromAddress('"O\'Brien, Zoë" <zoe@example.org>')).toEqual({
      name: "O'Brien, Zoë",
      email: 'zoe@example.org',
    })
    expect(organiserFromAddress('no-reply@assure.invalid')).toEqual({
      name: 'no-reply@assure.invalid',
      email: 'no-reply@assure.invalid',
    })
  })
})
