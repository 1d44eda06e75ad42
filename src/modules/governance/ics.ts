// Calendar invitations (iCalendar, RFC 5545) for meetings, sent to members as email attachments.
// Times are written in UTC so every calendar places them right whatever its time zone.

export interface CalendarEvent {
  readonly uid: string
  readonly sequence: number
  readonly stamp: Date
  readonly start: Date
  readonly end: Date
  readonly summary: string
  readonly location: string | null
  readonly description: string
  readonly organiserEmail: string
  readonly attendees: readonly { readonly name: string; readonly email: string }[]
  readonly cancelled?: boolean
}

function utc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n')
}

/** Folds a content line to 75 octets, continuing lines with a space (RFC 5545 3.1). */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  if (bytes.length <= 75) return line
  const parts: string[] = []
  let current = ''
  let size = 0
  for (const char of line) {
    const charSize = Buffer.byteLength(char, 'utf8')
    const limit = parts.length === 0 ? 75 : 74
    if (size + charSize > limit) {
      parts.push(current)
      current = ''
      size = 0
    }
    current += char
    size += charSize
  }
  parts.push(current)
  return parts.join('\r\n ')
}

function param(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`
}

export function meetingInvitation(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Assure//Governance//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.cancelled === true ? 'CANCEL' : 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location === null ? [] : [`LOCATION:${escapeText(event.location)}`]),
    `DESCRIPTION:${escapeText(event.description)}`,
    `ORGANIZER:mailto:${event.organiserEmail}`,
    ...event.attendees.map(
      (a) => `ATTENDEE;CN=${param(a.name)};ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:${a.email}`,
    ),
    `STATUS:${event.cancelled === true ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}
