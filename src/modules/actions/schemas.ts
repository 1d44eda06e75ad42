// What people and other systems may send the action tracker, checked at the edge.
import { z } from 'zod'
import {
  choice,
  formDate,
  isoDate,
  meaningfulText,
  optionalText,
  requiredText,
  uuid,
} from '../../platform/validation.ts'
import { messages } from '../../platform/messages.ts'
import { actionStatuses } from './tables.ts'
import { progressStatuses } from './status.ts'

const optionalUuid = (label: string): z.ZodType<string | null> =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || z.uuid().safeParse(v).success, { error: messages.select(label) })

/**
 * The fields of "raise an action", for any module's form that raises one. Parse the form with
 * `parseForm(raiseActionFormSchema, withDateParts(body, ['dueDate']))`; the field names match the
 * errors raiseAction reports, so its errors land beside the right fields.
 */
export const raiseActionFields = {
  title: requiredText('a title for the action', 300),
  description: optionalText('the description', 5000),
  ownerAgencyId: uuid('the agency that owns the action'),
  ownerUserId: optionalUuid('the person who owns the action'),
  dueDate: formDate('the due date'),
}
export const raiseActionFormSchema = z.object(raiseActionFields)
export type RaiseActionForm = z.output<typeof raiseActionFormSchema>

/** What raiseAction accepts from code (checked again, whoever calls it). */
export const raiseActionInputSchema = z.object({
  source: z.object({
    type: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    id: z.uuid(),
  }),
  title: requiredText('a title for the action', 300),
  description: optionalText('the description', 5000).nullable().optional(),
  ownerAgencyId: uuid('the agency that owns the action'),
  ownerUserId: optionalUuid('the person who owns the action').nullable().optional(),
  dueDate: isoDate('the due date'),
  raisedByGroupId: z.uuid().nullable().optional(),
  raisedOn: isoDate('the date the action was raised').optional(),
})
/** What a module passes to raiseAction. */
export interface RaiseActionInput {
  /** The record the action comes from: its registered source type and its id. */
  readonly source: { readonly type: string; readonly id: string }
  readonly title: string
  readonly description?: string | null
  /** Required: the agency that owns the action. */
  readonly ownerAgencyId: string
  /** Optional: a person of that agency, who sees it in "my actions" and gets reminders. */
  readonly ownerUserId?: string | null
  /** 'YYYY-MM-DD'; not in the past (unless raisedOn is given, for records of past actions). */
  readonly dueDate: string
  /** The group that raised the action, signs it off, and whose parent it escalates to. */
  readonly raisedByGroupId?: string | null
  /** Today unless given (demo data, actions carried over from an old log). */
  readonly raisedOn?: string
}

/** An owner's progress update (the page form; the evidence file is checked separately). */
export const progressFormSchema = z
  .object({
    status: choice(progressStatuses, 'the status of the action'),
    note: meaningfulText('what has happened', 5000),
    updateDate: formDate('the date of the update'),
    evidenceDescription: optionalText('the description of the evidence', 300),
  })
  .strip()
export type ProgressForm = z.output<typeof progressFormSchema>

export const dueDateFormSchema = z.object({
  newDueDate: formDate('the new due date'),
  reason: meaningfulText('why the due date is changing', 2000),
})

export const signOffFormSchema = z.object({
  agreedOn: formDate('the date the group agreed to sign it off'),
  note: optionalText('the note', 2000),
})

export const returnFormSchema = z.object({
  reason: meaningfulText('why the action is going back to its owner', 2000),
})

export const evidenceFormSchema = z.object({
  evidenceDescription: requiredText('a description of the evidence', 300),
})

// The JSON API.

export const actionIdParams = z.object({ actionId: z.string() })

export const apiStatusFilter = z.enum([...actionStatuses, 'open'])

export const actionListQuery = z.object({
  status: apiStatusFilter.optional().describe('A status, or "open" for every open action'),
  agencyId: z.uuid().optional().describe('Only actions owned by this agency'),
  groupId: z.uuid().optional().describe('Only actions raised by this group'),
})

export const apiProgressBody = z.object({
  status: z.enum(progressStatuses).describe('The status the owner reports'),
  note: meaningfulText('what has happened', 5000).describe(
    'What has happened since the last update',
  ),
  updateDate: isoDate('the date of the update')
    .optional()
    .describe('The date the update describes (YYYY-MM-DD); today if left out'),
})

export const apiAction = z.object({
  id: z.uuid(),
  reference: z.string().describe('The action log reference, e.g. A-0042'),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(actionStatuses).describe('Overdue when open and past its due date'),
  dueDate: z.string().describe('YYYY-MM-DD'),
  raisedOn: z.string(),
  completedOn: z.string().nullable(),
  ownerAgency: z.object({ id: z.uuid(), name: z.string() }),
  ownerPerson: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  raisedByGroup: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  source: z.object({ type: z.string(), label: z.string(), text: z.string() }),
})

export const apiUpdate = z.object({
  id: z.uuid(),
  kind: z.string(),
  statusAfter: z.enum(actionStatuses),
  note: z.string().nullable(),
  updateDate: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
})

export const apiActionDetail = apiAction.extend({ updates: z.array(apiUpdate) })
