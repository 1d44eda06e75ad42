// What people may send governance's forms, checked at the edge.
import { z } from 'zod'
import {
  choice,
  emailAddress,
  formDate,
  optionalFormDate,
  optionalText,
  requiredText,
  timeOfDay,
  uuid,
} from '../../platform/validation.ts'
import { messages } from '../../platform/messages.ts'
import { agencyTypes } from '../../platform/db/tables.ts'
import { groupKinds, membershipRoles } from './tables.ts'

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

export const minutesFormSchema = z.object({
  minutes: optionalText('the minutes', 20000),
  decisions: optionalText('the decisions', 5000),
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
  detail: requiredText('the details of the challenge', 5000),
})
export type ChallengeForm = z.output<typeof challengeFormSchema>

export const challengeResponseFormSchema = z.object({
  response: requiredText('the response', 5000),
  respondedOn: formDate('the date of the response'),
})

export const challengeOutcomeFormSchema = z.object({
  status: choice(['resolved', 'escalated'], 'whether the challenge is resolved or escalated'),
  outcome: requiredText('the outcome', 5000),
  outcomeDate: formDate('the date of the outcome'),
})

export const reportRangeSchema = z.object({
  from: optionalFormDate('the start of the period'),
  to: optionalFormDate('the end of the period'),
})
