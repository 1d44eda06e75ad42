// Calendar invitations (iCalendar, RFC 5545) sent as email attachments: a meeting, a course
// booking. ical-generator writes the file (escaping every TEXT value, a bare carriage return
// included, and folding lines at 75 octets); timezones-ical-library gives the VTIMEZONE block; times
// are written in London time with TZID=Europe/London, and the stamp in UTC as RFC 5545 requires.
//
// A calendar matches an update or a cancellation to the invitation by its UID, so a record keeps
// one UID for life (calendarUid) and each later message carries a higher SEQUENCE.
import { TZDate } from '@date-fns/tz'
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator'
import { tzlib_get_ical_block } from 'timezones-ical-library'
import type { MailAttachment } from '../mail/mailer.ts'

export const CALENDAR_TIME_ZONE = 'Europe/London'

export interface CalendarPerson {
  readonly name: string
  readonly email: string
}

export interface CalendarInvitation {
  /** REQUEST invites (or updates); CANCEL removes the event from the attendees' calendars. */
  readonly method: 'REQUEST' | 'CANCEL'
  /** The same for every message about one event: see calendarUid. */
  readonly uid: string
  /** Higher than any earlier message about the same event, or calendars ignore it. */
  readonly sequence: number
  /** When this message was made. */
  readonly stamp: Date
  readonly start: Date
  readonly end: Date
  readonly summary: string
  readonly description?: string | null
  readonly location?: string | null
  readonly organiser: CalendarPerson
  readonly attendees: readonly CalendarPerson[]
}

/** A UID that stays the same for the life of a record, e.g. calendarUid(meeting.id). */
export function calendarUid(...parts: readonly string[]): string {
  return `${parts.join('-')}@assure`
}

/** The organiser from the From address of outgoing mail ('Assure <no-reply@x.org>'). */
export function organiserFromAddress(from: string): CalendarPerson {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from)
  const name = match?.[1]?.trim() ?? ''
  const email = match?.[2]?.trim() ?? from.trim()
  return { name: name === '' ? email : name, email }
}

// RFC 5545 allows no control character but HTAB in a value; line breaks are kept (the library
// writes them as \n). Parameter values (names) may hold no DQUOTE and no line break at all.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g
function text(value: string): string {
  return value.replace(controls, '')
}
function parameter(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/"/g, '\u2019')
      // A backslash has no escape meaning in a parameter, but the library would double it.
      .replace(/\\/g, '')
      .trim()
  )
}

function londonTimeZone(name: string): string | null {
  const block = tzlib_get_ical_block(name)
  return Array.isArray(block) && typeof block[0] === 'string' ? block[0] : null
}

/** The .ics text of an invitation or a cancellation. */
export function calendarInvitation(invitation: CalendarInvitation): string {
  const cancelled = invitation.method === 'CANCEL'
  const calendar = ical({
    prodId: { company: 'Assure', product: 'Assure', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    scale: 'gregorian',
    // No calendar-wide zone name (that would write DTSTAMP in local time); the generator adds a
    // VTIMEZONE for the zone each event names.
    timezone: { name: null, generator: londonTimeZone },
  })
  const event = calendar.createEvent({
    id: invitation.uid,
    sequence: invitation.sequence,
    stamp: invitation.stamp,
    timezone: CALENDAR_TIME_ZONE,
    start: new TZDate(invitation.start.getTime(), CALENDAR_TIME_ZONE),
    end: new TZDate(invitation.end.getTime(), CALENDAR_TIME_ZONE),
    summary: text(invitation.summary),
    ...(invitation.description == null ? {} : { description: text(invitation.description) }),
    ...(invitation.location == null ? {} : { location: text(invitation.location) }),
    organizer: {
      name: parameter(invitation.organiser.name),
      email: invitation.organiser.email,
    },
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  })
  for (const attendee of invitation.attendees) {
    event.createAttendee({
      name: parameter(attendee.name),
      email: attendee.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: !cancelled,
    })
  }
  const ics = calendar.toString()
  // Every content line ends with CRLF, the last one too.
  return ics.endsWith('\r\n') ? ics : `${ics}\r\n`
}

/** The invitation as a mail attachment, with the method in its content type as mail clients expect. */
export function calendarAttachment(
  invitation: CalendarInvitation,
  filename = invitation.method === 'CANCEL' ? 'cancellation.ics' : 'invitation.ics',
): MailAttachment {
  return {
    filename,
    contentType: `text/calendar; charset=utf-8; method=${invitation.method}`,
    content: calendarInvitation(invitation),
  }
}
