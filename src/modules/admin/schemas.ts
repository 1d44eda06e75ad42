// Forms for administration, built from the shared field builders.
import { z } from 'zod'
import { roles } from '../../platform/access/roles.ts'
import { auditActions } from '../../platform/db/tables.ts'
import { messages } from '../../platform/messages.ts'
import { choices, emailAddress, requiredText } from '../../platform/validation.ts'

const agencyField = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : v))
  .refine((v) => v === null || z.uuid().safeParse(v).success, {
    error: messages.unknownChoice('an agency'),
  })

export const inviteFormSchema = z.object({
  displayName: requiredText('their full name', 200),
  email: emailAddress(),
  agencyId: agencyField,
  roles: choices(roles, 'at least one role', { min: 1 }),
})

export const rolesFormSchema = z.object({
  agencyId: agencyField,
  roles: choices(roles, 'at least one role', { min: 1 }),
})

export const serviceAccountFormSchema = z.object({
  displayName: requiredText('a name for the system', 200),
  agencyId: agencyField,
  roles: choices(roles, 'at least one role', { min: 1 }),
})

export const apiTokenFormSchema = z.object({
  userId: z.uuid({ error: messages.select('the account the token acts as') }),
  name: requiredText('a name for the token', 100),
  permissions: z.preprocess(
    (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.string().max(100)),
  ),
  expiresInDays: z
    .enum(['30', '90', '365', 'never'], { error: messages.select('when the token expires') })
    .transform((v) => (v === 'never' ? null : Number(v))),
})

/** Making a token for yourself: as an administrator's, plus a fresh second-factor code. */
export const ownApiTokenFormSchema = apiTokenFormSchema.omit({ userId: true }).extend({
  code: z
    .string({ error: 'Enter the current code from your authenticator app' })
    .trim()
    .regex(/^\d{6}$/, { error: 'Enter the 6-digit code from your authenticator app' }),
})

const dateQuery = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v))
  .refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v), {
    error: 'Enter a date like 2026-11-22',
  })

const optionalQuery = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v))

export const auditQuerySchema = z.object({
  user: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v))
    .refine((v) => v === undefined || z.uuid().safeParse(v).success, {
      error: messages.unknownChoice('a person'),
    }),
  recordType: optionalQuery(100),
  recordId: optionalQuery(200),
  action: z
    .enum(auditActions, { error: messages.unknownChoice('an action') })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  from: dateQuery,
  to: dateQuery,
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1),
})
export type AuditQuery = z.output<typeof auditQuerySchema>

export const whoLookedQuerySchema = z.object({
  recordType: optionalQuery(100),
  recordId: optionalQuery(200),
})
