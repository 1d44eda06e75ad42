// Zod schemas for the risk register's forms and API bodies.
import { z } from 'zod'
import { messages } from '../../platform/messages.ts'
import {
  choice,
  formDate,
  isoDate,
  meaningfulText,
  requiredText,
  uuid,
} from '../../platform/validation.ts'
import { riskCategories, riskStatuses } from './tables.ts'

const optionalUuid = (label: string): z.ZodType<string | null> =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || z.uuid().safeParse(v).success, { error: messages.select(label) })

/** A 1–5 score from radios ("3") or JSON (3). */
const score = (label: string): z.ZodType<number> =>
  z.preprocess(
    (v: unknown) => (typeof v === 'string' && /^[1-5]$/.test(v.trim()) ? Number(v) : v),
    z
      .number({ error: messages.select(label) })
      .int({ error: messages.select(label) })
      .min(1, { error: messages.select(label) })
      .max(5, { error: messages.select(label) }),
  )

/** Checkboxes of record ids: one is a string, several an array, none nothing. */
const ids = (label: string): z.ZodType<string[]> =>
  z.preprocess(
    (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.uuid({ error: messages.unknownChoice(label) })).max(200),
  )

const riskFields = {
  title: requiredText('the risk', 300),
  description: meaningfulText('the cause and effect of the risk', 5000),
  category: choice(riskCategories, 'the kind of risk'),
  likelihood: score('how likely the risk is'),
  impact: score('how great the impact would be'),
  ownerAgencyId: uuid('the agency that owns the risk'),
  ownerUserId: optionalUuid('the person who owns the risk'),
  indicatorIds: ids('the indicators'),
  challengeIds: ids('the challenges'),
}

export const riskFormSchema = z.object({
  ...riskFields,
  reviewDate: formDate('the review date'),
})
export type RiskForm = z.output<typeof riskFormSchema>

export const reviewFormSchema = z.object({
  likelihood: score('how likely the risk is now'),
  impact: score('how great the impact would be now'),
  note: meaningfulText('what the review found', 5000),
  nextReviewDate: formDate('the next review date'),
})
export type ReviewForm = z.output<typeof reviewFormSchema>

export const closeFormSchema = z.object({
  closureNote: meaningfulText('why the risk can be closed', 5000),
})

export type CloseForm = z.output<typeof closeFormSchema>

export const registerQuerySchema = z.object({
  status: z.enum([...riskStatuses, 'all']).catch('open'),
  agency: z.uuid().optional().catch(undefined),
  sort: z.enum(['score', 'reference', 'review']).catch('score'),
})

// ---------------------------------------------------------------------------------------------
// API.

export const apiRiskParams = z.object({ riskId: z.string() })

export const apiRiskListQuery = z.object({
  status: z
    .enum([...riskStatuses, 'all'])
    .optional()
    .describe('open (default), closed or all'),
})

export const apiRiskBody = z.object({
  title: requiredText('the risk', 300),
  description: meaningfulText('the cause and effect of the risk', 5000),
  category: z.enum(riskCategories),
  likelihood: z.number().int().min(1).max(5),
  impact: z.number().int().min(1).max(5),
  ownerAgencyId: z.uuid(),
  ownerUserId: z.uuid().nullable().optional(),
  reviewDate: isoDate('the review date').describe('YYYY-MM-DD'),
  indicatorIds: z.array(z.uuid()).max(200).optional(),
  challengeIds: z.array(z.uuid()).max(200).optional(),
})

const apiLink = z.object({ id: z.uuid(), text: z.string(), status: z.string().nullable() })

export const apiRisk = z.object({
  id: z.uuid(),
  reference: z.string().describe('R-001'),
  title: z.string(),
  description: z.string(),
  category: z.enum(riskCategories),
  likelihood: z.number().int(),
  impact: z.number().int(),
  score: z.number().int().describe('likelihood x impact'),
  band: z.enum(['low', 'medium', 'high']),
  ownerAgency: z.object({ id: z.uuid(), name: z.string() }),
  ownerPerson: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reviewDate: z.string(),
  status: z.enum(riskStatuses),
  closedOn: z.string().nullable(),
})

export const apiRiskDetail = apiRisk.extend({
  indicators: z.array(apiLink),
  challenges: z.array(apiLink),
  reviews: z.array(
    z.object({
      reviewedOn: z.string(),
      previousScore: z.number().int(),
      score: z.number().int(),
      note: z.string(),
      reviewedBy: z.string().nullable(),
    }),
  ),
})

export const apiCreatedRisk = z.object({ id: z.uuid(), reference: z.string() })

const tags = ['Risk']

/** The API's schemas, as the route table publishes them in the OpenAPI document. */
export const riskApiSchemas = {
  list: {
    tags,
    summary: 'List the risk register',
    description: 'Risks, highest score first. Open risks unless status says otherwise.',
    querystring: apiRiskListQuery,
    response: { 200: z.object({ risks: z.array(apiRisk) }) },
  },
  read: {
    tags,
    summary: 'Read a risk',
    description: 'The risk with its linked indicators and challenges and its review history.',
    params: apiRiskParams,
    response: { 200: apiRiskDetail },
  },
  create: {
    tags,
    summary: 'Add a risk',
    description:
      'Adds a risk to the register (reference given by the register). Problems come back as a ' +
      '400 with details.fields naming each field; nothing is saved.',
    body: apiRiskBody,
    response: { 201: apiCreatedRisk },
  },
} as const
