// A partnership's disclosure settings: read by any module that publishes a table, changed only by
// those who hold platform.disclosure.manage, with an audit entry in the same transaction.
import { changedFields } from '../audit/audit-trail.ts'
import { ValidationError } from '../errors.ts'
import { parseForm } from '../http/forms.ts'
import { audit, authorize, transaction, userIdOf, type UseCaseContext } from '../use-case.ts'
import { findDisclosureSettings, saveDisclosureSettings } from './repository.ts'
import {
  defaultDisclosureSettings,
  disclosureSettingsInput,
  resolveDisclosureSettings,
  type DisclosureSettings,
  type StoredDisclosureSettings,
} from './settings.ts'

export const DISCLOSURE_PERMISSIONS = { manage: 'platform.disclosure.manage' } as const

/** The partnership's settings, or the defaults when it has chosen none. */
export async function disclosureSettingsFor(ctx: UseCaseContext): Promise<DisclosureSettings> {
  return resolveDisclosureSettings(await findDisclosureSettings(ctx.db, ctx.scope))
}

/** The settings as stored (a null primary symbol follows the threshold), for a settings form. */
export async function storedDisclosureSettings(
  ctx: UseCaseContext,
): Promise<StoredDisclosureSettings> {
  return (
    (await findDisclosureSettings(ctx.db, ctx.scope)) ?? {
      ...defaultDisclosureSettings,
      primarySymbol: null,
    }
  )
}

/** Validates and saves the partnership's settings; throws ValidationError and saves nothing on bad input. */
export async function updateDisclosureSettings(
  ctx: UseCaseContext,
  input: unknown,
): Promise<DisclosureSettings> {
  authorize(ctx, DISCLOSURE_PERMISSIONS.manage)
  const parsed = parseForm(disclosureSettingsInput, input)
  if (!parsed.ok) throw new ValidationError(parsed.errors)
  const next = parsed.value
  return transaction(ctx, async (tx) => {
    const before = await storedDisclosureSettings(tx)
    await saveDisclosureSettings(tx.db, tx.scope, next, {
      userId: userIdOf(tx),
      at: tx.services.clock.now(),
    })
    await audit(tx, {
      action: 'update',
      recordType: 'disclosure_setting',
      recordId: tx.scope.partnershipId,
      changes: changedFields({ ...before }, { ...next }),
    })
    return resolveDisclosureSettings(next)
  })
}
