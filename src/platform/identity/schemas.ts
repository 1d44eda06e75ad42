// Forms for signing in and managing a password. Passwords: 12 to 128 characters, any characters
// (no composition rules, following NIST SP 800-63B and ASVS 6.2), not the email address.
import { z } from 'zod'
import { messages } from '../messages.ts'
import { emailAddress } from '../validation.ts'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.ts'

export const signInFormSchema = z.object({
  email: emailAddress(),
  password: z
    .string({ error: messages.enter('your password') })
    .min(1, { error: messages.enter('your password') })
    .max(1000, { error: messages.signInFailed() }),
  returnTo: z.string().max(2000).optional(),
})

export const codeFormSchema = z.object({
  code: z
    .string({ error: messages.totpCode() })
    .trim()
    .transform((v) => v.replace(/\s+/g, ''))
    .refine((v) => /^\d{6}$/.test(v), { error: messages.totpCode() }),
  returnTo: z.string().max(2000).optional(),
})

export const setUpTwoFactorFormSchema = codeFormSchema.extend({
  setupKey: z.string().min(1).max(500),
})

/** Replacing the key from the account page: also the current password and a current code. */
export const replaceTwoFactorFormSchema = setUpTwoFactorFormSchema.extend({
  currentPassword: z.string().max(1000).optional().default(''),
  currentCode: z
    .string()
    .max(100)
    .optional()
    .default('')
    .transform((v) => v.replace(/\s+/g, '')),
})

export const forgotPasswordFormSchema = z.object({ email: emailAddress() })

function newPassword(label: string) {
  return z
    .string({ error: messages.enter(label) })
    .min(1, { error: messages.enter(label) })
    .min(MIN_PASSWORD_LENGTH, { error: messages.tooShort('your password', MIN_PASSWORD_LENGTH) })
    .max(MAX_PASSWORD_LENGTH, { error: messages.tooLong('your password', MAX_PASSWORD_LENGTH) })
}

/** A new password typed twice. `email`, when known, is refused as the password. */
export function newPasswordFormSchema(email: string | undefined) {
  return z
    .object({
      password: newPassword('a new password'),
      confirmPassword: z.string({ error: messages.enter('the password again') }),
    })
    .superRefine((value, ctx) => {
      if (value.confirmPassword !== value.password)
        ctx.addIssue({
          code: 'custom',
          path: ['confirmPassword'],
          message: messages.passwordsDiffer(),
        })
      if (email !== undefined && value.password.trim().toLowerCase() === email.toLowerCase())
        ctx.addIssue({
          code: 'custom',
          path: ['password'],
          message: messages.passwordSameAsEmail(),
        })
    })
}

export function changePasswordFormSchema(email: string) {
  return z
    .object({
      currentPassword: z
        .string({ error: messages.enter('your current password') })
        .min(1, { error: messages.enter('your current password') })
        .max(1000),
    })
    .and(newPasswordFormSchema(email))
}
