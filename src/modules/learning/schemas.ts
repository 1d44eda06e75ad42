// What people send the learning module, checked at the edge.
import { z } from 'zod'
import {
  choice,
  formDate,
  meaningfulText,
  optionalText,
  requiredText,
} from '../../platform/validation.ts'
import { messages } from '../../platform/messages.ts'
import { addressees, newLearningReviewTypes } from './tables.ts'

export const themeFormSchema = z.object({
  name: requiredText('the name of the theme', 120),
  description: optionalText('the description', 1000),
})

export const reviewFormSchema = z.object({
  title: requiredText('the title of the review', 200),
  reviewType: choice(newLearningReviewTypes, 'the type of review'),
  heldOn: formDate('the date of the review'),
  summary: optionalText('the summary', 5000),
})

/** Checkboxes: one value arrives as a string, several as an array, none as nothing. */
const themeIdList = z
  .preprocess(
    (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.string({ error: messages.select('at least one theme') })),
  )
  .refine((v) => v.length > 0, { error: messages.select('at least one theme') })

/** Theme ids are checked against the vocabulary by the service. */
export const findingFormSchema = z.object({
  sourceType: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { error: messages.select('the source') }),
  sourceId: z.uuid({ error: messages.select('the source') }),
  title: meaningfulText('the finding', 300),
  detail: optionalText('the detail', 5000),
  identifiedOn: formDate('the date of the finding'),
  themeIds: themeIdList,
})
export type FindingForm = z.output<typeof findingFormSchema>

export const recommendationFormSchema = z
  .object({
    title: meaningfulText('the recommendation', 300),
    detail: optionalText('the detail', 5000),
    addressedTo: choice(addressees, 'who the recommendation is addressed to'),
    agencyId: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === '' ? null : v)),
  })
  .superRefine((value, ctx) => {
    if (value.addressedTo !== 'agency') return
    if (value.agencyId === null || !z.uuid().safeParse(value.agencyId).success)
      ctx.addIssue({ code: 'custom', path: ['agencyId'], message: messages.select('the agency') })
  })
export type RecommendationForm = z.output<typeof recommendationFormSchema>

export const signOffFormSchema = z.object({
  agreedOn: formDate('the date the case review group agreed'),
  note: optionalText('the note', 2000),
})

export const impactFormSchema = z
  .object({
    impactNote: meaningfulText('the evidence of impact', 5000),
    impactIndicator: optionalText('the indicator', 500),
    impactIndicatorId: z
      .string()
      .trim()
      .max(40, { error: messages.select('an indicator from the catalogue') })
      .optional()
      .transform((v) => (v === undefined || v === '' ? null : v)),
    impactReaudit: optionalText('the re-audit', 500),
  })
  .strip()

export const briefingFormSchema = z.object({
  title: requiredText('the title of the briefing', 200),
  whatHappened: requiredText('what happened', 10000),
  whatWeLearned: requiredText('what we learned', 10000),
  whatToDoDifferently: requiredText('what to do differently', 10000),
  questionsForReflection: requiredText('questions for reflection', 10000),
})

export const briefingSubjectSchema = z.union([
  z.object({ themeId: z.uuid() }),
  z.object({ sourceType: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), sourceId: z.uuid() }),
])

// The JSON API.

export const apiThemeRow = z.object({
  id: z.uuid(),
  name: z.string(),
  retired: z.boolean(),
  findings: z.number().int().describe('Findings tagged with the theme, all years'),
  byYear: z.record(z.string(), z.number().int()).describe('Findings per calendar year'),
  sources: z.number().int().describe('Distinct sources with a finding on the theme'),
  recommendations: z.number().int(),
  actions: z.number().int(),
  actionsByStatus: z.record(z.string(), z.number().int()),
  returning: z
    .boolean()
    .describe('A finding on the theme is dated after an action answering it was completed'),
})

export const apiThemeView = z.object({
  years: z.array(z.number().int()),
  themes: z.array(apiThemeRow),
})
