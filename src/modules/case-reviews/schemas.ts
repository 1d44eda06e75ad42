// What people and other systems may send case reviews, checked at the edge.
import { z } from 'zod'
import {
  choice,
  emailAddress,
  formDate,
  meaningfulText,
  optionalFormDate,
  optionalText,
  requiredText,
  uuid,
} from '../../platform/validation.ts'
import { ageBands, harmKinds, milestoneKinds, rapidReviewDecisions, reviewKinds } from './tables.ts'

export const incidentFormSchema = z.object({
  childPseudonym: requiredText('the child’s pseudonym, like Child K', 60),
  ageBand: choice(ageBands, 'the child’s age'),
  harm: choice(harmKinds, 'whether the child died or was seriously harmed'),
  awareOn: formDate('the date the local authority became aware'),
  whatHappened: meaningfulText('what happened', 10000),
  agencyIds: z.preprocess(
    (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.uuid({ error: 'Select the agencies involved from the list' })),
  ),
})
export type IncidentForm = z.output<typeof incidentFormSchema>

export const notificationFormSchema = z.object({
  notifiedOn: formDate('the date the national panel was notified'),
  panelReference: optionalText('the panel reference', 50),
})

export const returnRequestFormSchema = z.object({
  agencyId: uuid('the agency'),
  contactName: requiredText('the name of the agency contact', 200),
  contactEmail: emailAddress(),
  dueOn: optionalFormDate('the date the return is due'),
  /** Ticked to go ahead with a due date after the rapid review's deadline or planned meeting. */
  confirmLate: z
    .unknown()
    .optional()
    .transform((v) => v === 'yes'),
})

export const entryFormSchema = z.object({
  entryDate: formDate('the date of the entry'),
  whatHappened: meaningfulText('what happened', 5000),
})

export const decisionFormSchema = z.object({
  meetingOn: formDate('the date of the rapid review meeting'),
  decision: choice(rapidReviewDecisions, 'the decision'),
  decisionRationale: meaningfulText('the reasons for the decision', 10000),
})

export const planMeetingFormSchema = z.object({
  plannedOn: formDate('the date the rapid review meeting is planned for'),
})

export const sentFormSchema = z.object({
  sentOn: formDate('the date the rapid review was sent to the national panel'),
  /** Needed only when information returns are still outstanding (the service checks). */
  outstandingReason: optionalText('the reason for sending it with returns outstanding', 2000),
})

export const holidayFormSchema = z.object({
  date: formDate('the date'),
  name: requiredText('what the day is', 100),
})

export const chronologyQuery = z.object({
  agency: z.uuid().optional().catch(undefined),
  order: z.enum(['asc', 'desc']).optional().catch(undefined),
})

export const reviewFormSchema = z.object({
  kind: choice(reviewKinds, 'the kind of review'),
  title: requiredText('a working title', 200),
  initiatedOn: formDate('the date the review was initiated'),
  incidentId: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || z.uuid().safeParse(v).success, {
      error: 'Select the serious incident from the list',
    }),
})

export const reviewDetailsFormSchema = z.object({
  reviewerName: optionalText('the reviewer’s name', 200),
  reviewerAppointedOn: optionalFormDate('the date the reviewer was appointed'),
  termsOfReference: optionalText('the terms of reference', 20000),
})

export const milestoneFields = Object.fromEntries(
  milestoneKinds.flatMap((kind) => [
    [`${kind}-planned`, optionalFormDate('the planned date')],
    [`${kind}-actual`, optionalFormDate('the actual date')],
  ]),
)
export const milestonesFormSchema = z.object(milestoneFields)
export const milestoneDateFields = milestoneKinds.flatMap((k) => [`${k}-planned`, `${k}-actual`])

export const holdFormSchema = z.discriminatedUnion(
  'held',
  [
    z.object({
      held: z.literal('yes'),
      holdReason: meaningfulText('why publication is held', 2000),
    }),
    z.object({ held: z.literal('no') }),
  ],
  { error: 'Select whether publication is held' },
)

export const publishFormSchema = z.object({
  publicTitle: requiredText('the title to publish', 200),
  publicSummary: meaningfulText('the summary to publish', 5000),
  publishedOn: formDate('the date of publication'),
})

// The public API. Only public fields: no pseudonym, dates of awareness or what happened.

export const publicPartnershipParams = z.object({ partnershipId: z.string() })
export const publicReviewParams = z.object({ partnershipId: z.string(), reviewId: z.string() })

export const apiPublishedReview = z.object({
  id: z.uuid(),
  kind: z
    .enum(reviewKinds)
    .describe('lcspr, scr (legacy serious case review), thematic, multi_agency_learning'),
  kindLabel: z.string(),
  title: z.string(),
  summary: z.string(),
  publishedOn: z.string().describe('YYYY-MM-DD'),
  reportUrl: z.string().describe('The published report'),
  briefingUrl: z.string().describe('The practitioner briefing'),
  learningBriefings: z
    .array(
      z.object({
        title: z.string(),
        whatHappened: z.string(),
        whatWeLearned: z.string(),
        whatToDoDifferently: z.string(),
        questionsForReflection: z.string(),
      }),
    )
    .describe('The published learning briefings on this review (drafts never appear)'),
})

export const apiPublishedList = z.object({
  partnership: z.string(),
  reviews: z.array(apiPublishedReview),
})
