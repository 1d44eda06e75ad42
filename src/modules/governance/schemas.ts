// What people may send governance's forms, checked at the edge.
import { z } from 'zod'
import {
  choice,
  emailAddress,
  formDate,
  isoDate,
  MEANINGFUL_MIN,
  meaningfulText,
  optionalFormDate,
  optionalIsoDate,
  optionalText,
  requiredText,
  timeOfDay,
  uuid,
} from '../../platform/validation.ts'
import { messages } from '../../platform/messages.ts'
import { agencyTypes } from '../../platform/db/tables.ts'
import { attendanceStatuses, challengeStatuses, groupKinds, membershipRoles } from './tables.ts'

export const optionalUuid = (label: string): z.ZodType<string | null> =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || z.uuid().safeParse(v).success, { error: messages.select(label) })

/** A checkbox: ticked sends its value, unticked sends nothing. */
const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v !== undefined && v !== '')

const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  emailAddress()
    .optional()
    .transform((v) => v ?? null),
)

const optionalWholeNumber = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || /^\d+$/.test(v), { error: messages.wholeNumber(label) })
    .transform((v) => (v === null ? null : Number(v)))
    .refine((v) => v === null || (v >= min && v <= max), {
      error: messages.between(label, min, max),
    })

export const agencyFormSchema = z.object({
  name: requiredText('the name of the agency', 200),
  shortName: optionalText('the short name', 40),
  type: choice(agencyTypes, 'the type of agency'),
})
export type AgencyForm = z.output<typeof agencyFormSchema>

export const personFormSchema = z.object({
  fullName: requiredText('the full name', 200),
  email: optionalEmail,
  jobTitle: optionalText('the job title', 200),
  phone: optionalText('the phone number', 40),
  agencyId: optionalUuid('the agency'),
  isNamedContact: checkbox,
})
export type PersonForm = z.output<typeof personFormSchema>

export const groupFormSchema = z.object({
  name: requiredText('the name of the group', 200),
  shortName: optionalText('the short name', 40),
  kind: choice(groupKinds, 'the kind of group'),
  parentGroupId: optionalUuid('the group it reports to'),
  purpose: optionalText('the purpose', 2000),
  quorumMinimum: optionalWholeNumber('the number of members needed for a quorum', 1, 100),
  quorumNeedsChair: checkbox,
  quorumNeedsStatutoryPartners: checkbox,
})
export type GroupForm = z.output<typeof groupFormSchema>

export const membershipFormSchema = z.object({
  personId: uuid('the person'),
  role: choice(membershipRoles, 'their role on the group'),
  agencyId: optionalUuid('the agency they represent'),
  clearedForRestricted: checkbox,
  startedOn: formDate('the date they joined'),
})
export type MembershipForm = z.output<typeof membershipFormSchema>

export const termsOfReferenceFormSchema = z.object({
  reviewDate: formDate('the review date'),
})

export const standingItemFormSchema = z.object({
  title: requiredText('the title of the standing item', 200),
  presenterName: optionalText('the presenter', 200),
})

export const shareFormSchema = z.object({
  sharedWithPartnershipId: uuid('the partnership to share the group with'),
})

export const meetingFormSchema = z.object({
  date: formDate('the date of the meeting'),
  startTime: timeOfDay('the start time'),
  endTime: timeOfDay('the end time'),
  location: optionalText('the location', 300),
  repeat: choice(['none', 'weekly', 'monthly'], 'whether the meeting repeats'),
  occurrences: optionalWholeNumber('the number of meetings', 1, 24),
})
export type MeetingForm = z.output<typeof meetingFormSchema>

export const agendaItemFormSchema = z.object({
  title: requiredText('the title of the item', 300),
  presenterName: optionalText('the presenter', 200),
  restricted: checkbox,
})

export const paperFormSchema = z.object({
  title: requiredText('the title of the paper', 300),
})

export const declarationFormSchema = z.object({
  personId: uuid('who is declaring an interest'),
  interest: requiredText('the interest declared', 2000),
})

/** Minutes or decisions (or both): saving neither would record an empty minute. */
export const minutesFormSchema = z
  .object({
    minutes: optionalText('the minutes', 20000),
    decisions: optionalText('the decisions', 5000),
  })
  .superRefine((value, ctx) => {
    if (value.minutes === null && value.decisions === null)
      ctx.addIssue({
        code: 'custom',
        path: ['minutes'],
        message: 'Enter the minutes or the decisions for this item',
      })
    for (const field of ['minutes', 'decisions'] as const) {
      const text = value[field]
      if (text !== null && !meaningfulText(field).safeParse(text).success)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: messages.tooShort(`the ${field}`, MEANINGFUL_MIN),
        })
    }
  })

export const attendanceChoices = ['present', 'apologies', 'substitute', 'absent'] as const

export const challengeFormSchema = z.object({
  raisedOn: formDate('the date the challenge was raised'),
  raisedByAgencyId: uuid('the agency raising the challenge'),
  raisedByPersonId: optionalUuid('the person raising the challenge'),
  raisedToAgencyId: uuid('the agency being challenged'),
  raisedToPersonId: optionalUuid('the person being challenged'),
  groupId: optionalUuid('the group'),
  subject: requiredText('what the challenge is about', 300),
  detail: meaningfulText('the details of the challenge', 5000),
})
export type ChallengeForm = z.output<typeof challengeFormSchema>

export const challengeResponseFormSchema = z.object({
  response: meaningfulText('the response', 5000),
  respondedOn: formDate('the date of the response'),
})

export const challengeOutcomeFormSchema = z.object({
  status: choice(['resolved', 'escalated'], 'whether the challenge is resolved or escalated'),
  outcome: meaningfulText('the outcome', 5000),
  outcomeDate: formDate('the date of the outcome'),
})

export const reportRangeSchema = z.object({
  from: optionalFormDate('the start of the period'),
  to: optionalFormDate('the end of the period'),
})

// ---------------------------------------------------------------------------------------------
// The JSON API (the same services as the pages; these schemas feed the OpenAPI document).

export const apiAgencyParams = z.object({ agencyId: z.string() })
export const apiGroupParams = z.object({ groupId: z.string() })
export const apiMeetingParams = z.object({ meetingId: z.string() })
export const apiChallengeParams = z.object({ challengeId: z.string() })

const named = z.object({ id: z.uuid(), name: z.string() })

export const apiAgency = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.enum(agencyTypes),
  active: z.boolean(),
})

const apiPerson = z.object({
  id: z.uuid(),
  name: z.string(),
  jobTitle: z.string().nullable(),
  email: z.string().nullable(),
  isNamedContact: z.boolean(),
})

export const apiAgencyDetail = apiAgency.extend({
  contacts: z.array(apiPerson).describe("The agency's named contacts"),
  people: z.array(apiPerson).describe('Everyone recorded as working for the agency'),
})

export const apiGroup = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(groupKinds),
  parentGroup: named.nullable().describe('The group this one reports to'),
  purpose: z.string().nullable(),
  quorumRule: z.string().nullable(),
  termsOfReferenceReviewDate: z.string().nullable().describe('YYYY-MM-DD'),
  active: z.boolean(),
})

export const apiMember = z.object({
  membershipId: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  role: z.enum(membershipRoles),
  agency: named.nullable().describe('The agency the member represents'),
  homePartnership: z
    .string()
    .nullable()
    .describe('For a member of a joint group from another partnership: that partnership'),
  clearedForRestricted: z.boolean(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
})

export const apiGroupDetail = apiGroup.extend({ members: z.array(apiMember) })

export const apiMeeting = z.object({
  id: z.uuid(),
  group: named,
  startsAt: z.string().describe('ISO 8601 instant'),
  endsAt: z.string(),
  location: z.string().nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  packPublishedAt: z.string().nullable(),
})

export const apiMeetingListQuery = z.object({
  groupId: z
    .string()
    .optional()
    .describe("Every meeting of this group, past and future (else: every group's upcoming ones)"),
})

export const apiAgendaItem = z.object({
  id: z.uuid(),
  number: z.number().int(),
  title: z.string().describe('"Restricted item" when redacted'),
  presenterName: z.string().nullable(),
  restricted: z.boolean(),
  redacted: z
    .boolean()
    .describe('A restricted item the caller is not cleared for: no title, papers or minutes'),
  standing: z.boolean(),
  escalated: z.boolean(),
  minutes: z.string().nullable(),
  decisions: z.string().nullable(),
  papers: z
    .array(z.object({ id: z.uuid(), title: z.string(), filename: z.string() }))
    .describe('Empty until the pack is published, except for the business unit'),
  declarations: z.array(z.object({ personName: z.string(), interest: z.string() })),
  actionIds: z.array(z.uuid()),
})

export const apiMeetingDetail = apiMeeting.extend({
  quorumRule: z.string().nullable(),
  quorum: z.object({
    state: z.enum(['no_rule', 'not_recorded', 'quorate', 'not_quorate']),
    reasons: z.array(z.string()),
  }),
  agenda: z.array(apiAgendaItem),
  attendance: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      role: z.string(),
      agency: z.string().nullable(),
      status: z.enum(attendanceStatuses).nullable().describe('Null when not recorded'),
      substituteName: z.string().nullable(),
    }),
  ),
})

export const apiAttendanceQuery = z.object({
  from: optionalIsoDate('the start of the period').describe('YYYY-MM-DD; a year ago if left out'),
  to: optionalIsoDate('the end of the period').describe('YYYY-MM-DD; today if left out'),
})

const apiRate = {
  attended: z.number().int(),
  expected: z.number().int(),
  percent: z.number().int().nullable().describe('Whole percent, rounded half up'),
}

export const apiAttendanceReport = z.object({
  group: named,
  from: z.string(),
  to: z.string(),
  meetingsHeld: z.number().int(),
  sentence: z.string().describe('As a yearly report prints it'),
  byAgency: z.array(z.object({ agency: named, ...apiRate })),
  byRole: z.array(z.object({ role: z.enum(membershipRoles), ...apiRate })),
})

export const apiChallenge = z.object({
  id: z.uuid(),
  reference: z.string().describe('The challenge log reference, e.g. C-007'),
  raisedOn: z.string(),
  raisedBy: z.object({ agency: named, person: named.nullable() }),
  raisedTo: z.object({ agency: named, person: named.nullable() }),
  group: named.nullable(),
  subject: z.string(),
  detail: z.string(),
  response: z.string().nullable(),
  respondedOn: z.string().nullable(),
  outcome: z.string().nullable(),
  status: z.enum(challengeStatuses),
  closedOn: z.string().nullable(),
})

export const apiChallengeDetail = apiChallenge.extend({
  actions: z.array(
    z.object({ id: z.uuid(), reference: z.string(), title: z.string(), dueDate: z.string() }),
  ),
})

export const apiChallengeResponseBody = z.object({
  response: meaningfulText('the response', 5000),
  respondedOn: isoDate('the date of the response')
    .optional()
    .describe('YYYY-MM-DD; today if left out'),
})

/** Cancelling a meeting asks why (issue 13.1); so does reinstating it. */
export const cancelMeetingFormSchema = z.object({
  reason: meaningfulText('why the meeting is cancelled', 2000),
})
export const reinstateMeetingFormSchema = z.object({
  reason: meaningfulText('why the meeting is going ahead after all', 2000),
})

// ---------------------------------------------------------------------------------------------
// The decision register (issue 13.1): by group, meeting dates and words in the item or decision.

export const decisionQuerySchema = z.object({
  group: optionalUuid('a group from the list'),
  from: optionalFormDate('the start of the period'),
  to: optionalFormDate('the end of the period'),
  q: optionalText('the words to search for', 200),
})

export const apiDecision = z.object({
  itemId: z.uuid(),
  meetingId: z.uuid(),
  groupId: z.uuid(),
  groupName: z.string(),
  meetingStartsAt: z.string().describe('When the meeting started (ISO 8601)'),
  meetingDate: z.string().describe('The meeting date in London (YYYY-MM-DD)'),
  subject: z.string().describe('The agenda item the decision was made under'),
  decision: z.string(),
  restricted: z.boolean(),
})

export const apiDecisionQuery = z.object({
  group: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().trim().max(200).optional(),
})
