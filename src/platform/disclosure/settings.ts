// A partnership's rule for small numbers in anything it publishes. The defaults follow published
// child death tables: counts from 1 to 4 are shown as '<5', zeros as 0. Figures hidden only to
// protect a small one get their own symbol, because '<5' would be untrue of them ('[c]',
// "confidential", as the Government Statistical Service marks suppressed figures).
import { z } from 'zod'
import { messages } from '../messages.ts'

export interface DisclosureSettings {
  /** The largest count hidden as small: 4 means counts from 1 to 4. */
  readonly threshold: number
  /** What a small count is shown as ('<5'). */
  readonly primarySymbol: string
  /** What a figure hidden to protect a small one is shown as ('[c]'). */
  readonly secondarySymbol: string
  /** Hide zeros as small counts too, instead of printing 0. */
  readonly suppressZeros: boolean
}

export const thresholdLimits = { min: 2, max: 20 } as const

/** The symbol for small counts when the partnership has not chosen one: '<5' for threshold 4. */
export const defaultPrimarySymbol = (threshold: number): string => `<${threshold + 1}`

export const defaultDisclosureSettings: DisclosureSettings = {
  threshold: 4,
  primarySymbol: defaultPrimarySymbol(4),
  secondarySymbol: '[c]',
  suppressZeros: false,
}

/** The settings as stored: a null primary symbol follows the threshold. */
export interface StoredDisclosureSettings {
  readonly threshold: number
  readonly primarySymbol: string | null
  readonly secondarySymbol: string
  readonly suppressZeros: boolean
}

export function resolveDisclosureSettings(
  stored: StoredDisclosureSettings | undefined,
): DisclosureSettings {
  if (stored === undefined) return defaultDisclosureSettings
  return {
    threshold: stored.threshold,
    primarySymbol: stored.primarySymbol ?? defaultPrimarySymbol(stored.threshold),
    secondarySymbol: stored.secondarySymbol,
    suppressZeros: stored.suppressZeros,
  }
}

const symbol = (label: string) =>
  z
    .string({ error: messages.enter(label) })
    .trim()
    .min(1, { error: messages.enter(label) })
    .max(10, { error: messages.tooLong(label, 10) })
    // A symbol that looks like a number, or starts a spreadsheet formula, would mislead.
    .refine((v) => !/^[0-9]+$/.test(v) && !/^[=+\-@]/.test(v), {
      error: `${label.charAt(0).toUpperCase()}${label.slice(1)} must not be a number or start with =, +, - or @`,
    })

const between = messages.between(
  'the largest number to hide',
  thresholdLimits.min,
  thresholdLimits.max,
)

/**
 * A partnership's settings as entered (a form or the API). The threshold is at least 2: with a
 * threshold of 1 and zeros printed, '<2' could only mean 1.
 */
export const disclosureSettingsInput = z
  .object({
    threshold: z.coerce
      .number({ error: messages.enter('the largest number to hide') })
      .int({ error: messages.wholeNumber('the largest number to hide') })
      .min(thresholdLimits.min, { error: between })
      .max(thresholdLimits.max, { error: between }),
    primarySymbol: symbol('the symbol for small numbers').nullable(),
    secondarySymbol: symbol('the symbol for other hidden figures'),
    suppressZeros: z.boolean({ error: messages.select('how zeros are shown') }),
  })
  .refine((s) => (s.primarySymbol ?? defaultPrimarySymbol(s.threshold)) !== s.secondarySymbol, {
    path: ['secondarySymbol'],
    error: 'The symbol for other hidden figures must differ from the symbol for small numbers',
  })

export type DisclosureSettingsInput = z.infer<typeof disclosureSettingsInput>

/** A settings form's fields (text inputs and yes/no radios) as the input above expects them. */
export function settingsFromForm(body: unknown): Record<string, unknown> {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const primary = typeof form.primarySymbol === 'string' ? form.primarySymbol.trim() : undefined
  return {
    threshold: form.threshold,
    primarySymbol: primary === undefined || primary === '' ? null : primary,
    secondarySymbol: form.secondarySymbol,
    suppressZeros:
      form.suppressZeros === 'yes' ? true : form.suppressZeros === 'no' ? false : undefined,
  }
}
