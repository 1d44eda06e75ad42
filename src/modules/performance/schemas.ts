// What people and other systems may send the performance module, checked at the edge.
import { z } from 'zod'
import {
  choice,
  meaningfulText,
  optionalText,
  requiredText,
  uuid,
} from '../../platform/validation.ts'
import { messages } from '../../platform/messages.ts'
import { frequencies } from './rules/periods.ts'
import { polarities } from './rules/rag.ts'
import { units } from './rules/rates.ts'
import { confidenceRatings, measures, valueStatuses } from './tables.ts'
import { riskFormSchema } from '../risk/index.ts'

const optionalNumber = (label: string, options: { min?: number } = {}) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v.replace(/,/g, '')))
    .refine((v) => v === null || /^-?\d+(\.\d+)?$/.test(v), { error: messages.number(label) })
    .transform((v) => (v === null ? null : Number(v)))
    .refine((v) => v === null || options.min === undefined || v >= options.min, {
      error: `${label[0]?.toUpperCase() ?? ''}${label.slice(1)} must be ${options.min ?? 0} or more`,
    })

const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v !== undefined && v !== '' && (!Array.isArray(v) || v.length > 0))

export const indicatorFormSchema = z.object({
  code: z
    .string({ error: messages.enter('the indicator code') })
    .trim()
    .toUpperCase()
    .min(1, { error: messages.enter('the indicator code') })
    .regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, {
      error: 'The indicator code must be up to 20 letters, digits and hyphens, like CSC-07',
    }),
  title: requiredText('the title', 200),
  definition: meaningfulText('the plain-English definition', 5000),
  numeratorDefinition: optionalText('the numerator definition', 2000),
  denominatorDefinition: optionalText('the denominator definition', 2000),
  unit: choice(units, 'the unit'),
  polarity: choice(polarities, 'the polarity'),
  frequency: choice(frequencies, 'how often it is reported'),
  measure: choice(measures, 'whether it is a snapshot or a period total'),
  ownerAgencyId: uuid('the agency that owns the indicator'),
  source: optionalText('the source', 300),
  priority: optionalText('the business plan priority', 200),
  subGroup: optionalText('the sub-group', 200),
  target: optionalNumber('the target'),
  tolerance: optionalNumber('the tolerance', { min: 0 }),
  byArea: checkbox,
  daysToSubmit: optionalNumber('the days allowed to submit', { min: 0 })
    .refine((v) => v === null || (Number.isInteger(v) && v <= 120), {
      error: 'The days allowed to submit must be a whole number from 0 to 120',
    })
    .transform((v) => v ?? 20),
  effectiveFrom: optionalText('the period the new definition applies from', 20),
  reason: optionalText('why the definition changed', 2000),
})
export type IndicatorForm = z.output<typeof indicatorFormSchema>

export const valueFormSchema = z.object({
  period: requiredText('the period', 20),
  area: z.string().trim().optional().default(''),
  numerator: z.string().trim().optional().default(''),
  denominator: z.string().trim().optional().default(''),
  value: z.string().trim().optional().default(''),
  status: choice(valueStatuses, 'whether the value is provisional or final'),
  confidence: choice(confidenceRatings, 'how confident you are in the value'),
  note: z.string().trim().optional().default(''),
})

export const commentaryFormSchema = z.object({
  period: requiredText('the period', 20),
  whatItTellsUs: meaningfulText('what this tells us', 5000),
  whatWeAreDoing: optionalText('what we are doing about it', 5000),
})

/** A risk raised from an indicator: the register's own fields; the indicator link is implied. */
export const raiseRiskFormSchema = riskFormSchema.omit({ indicatorIds: true, challengeIds: true })
export type RaiseRiskForm = z.output<typeof raiseRiskFormSchema>

/** A challenge raised from an indicator, into governance's challenge log (raised today). */
export const raiseChallengeFormSchema = z.object({
  raisedByAgencyId: uuid('the agency raising the challenge'),
  raisedToAgencyId: uuid('the agency being challenged'),
  subject: requiredText('what the challenge is about', 300),
  detail: meaningfulText('the details of the challenge', 5000),
})
export type RaiseChallengeForm = z.output<typeof raiseChallengeFormSchema>

export const areaFormSchema = z.object({ name: requiredText('the name of the area', 120) })

// The JSON API.

export const apiIndicator = z.object({
  id: z.uuid(),
  code: z.string(),
  version: z.number().int(),
  title: z.string(),
  definition: z.string(),
  numeratorDefinition: z.string().nullable(),
  denominatorDefinition: z.string().nullable(),
  unit: z.enum(units),
  polarity: z.enum(polarities),
  frequency: z.enum(frequencies),
  measure: z.enum(measures),
  ownerAgency: z.object({ id: z.uuid(), name: z.string() }),
  priority: z.string().nullable(),
  subGroup: z.string().nullable(),
  target: z.number().nullable(),
  tolerance: z.number().nullable(),
  byArea: z.boolean(),
})

export const apiIndicatorParams = z.object({ indicatorId: z.string() })

export const apiValue = z.object({
  period: z.string().describe('Period code: 2026-03 (month), 2025-26 Q4 (quarter), 2025-26 (year)'),
  area: z.string().describe('Area name; empty for the whole partnership'),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  status: z.enum(valueStatuses),
  confidence: z.enum(confidenceRatings),
  note: z.string().nullable(),
  revision: z.number().int(),
  submittedAt: z.string(),
})

const apiNumber = z.number().nullable().optional()

export const apiSubmissionBody = z.object({
  values: z
    .array(
      z.object({
        indicatorCode: z.string().min(1).max(20),
        period: z.string().min(1).max(20).describe('2026-03, 2025-26 Q4 or 2025-26'),
        area: z
          .string()
          .max(120)
          .optional()
          .describe('Area name; leave out for the whole partnership'),
        numerator: apiNumber,
        denominator: apiNumber,
        value: apiNumber,
        status: z.enum(valueStatuses).optional().describe('provisional (default) or final'),
        confidence: z.enum(confidenceRatings).optional().describe('high (default), medium or low'),
        note: z.string().max(2000).optional(),
      }),
    )
    .min(1)
    .max(10000),
})

export const apiSubmissionResult = z.object({
  created: z.number().int(),
  revised: z.number().int(),
  unchanged: z.number().int(),
})
