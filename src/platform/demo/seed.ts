// The demo seed: on an empty database (and only when DEMO_SEED allows), create the fictional
// Northshire partnership, its agencies and one account per role, then let each module add its own
// demo records. Everything happens in one transaction: a failed seed leaves nothing behind.
import type { Transaction } from 'kysely'
import type { Tables } from '../../schema.ts'
import { caseLevelRoles, type Role } from '../access/roles.ts'
import type { AppModule } from '../module.ts'
import type { Services } from '../services.ts'
import { tenantScope } from '../tenancy.ts'
import { orderModules } from '../extensions.ts'
import { systemContext } from '../use-case.ts'
import { deriveKey, encrypt, randomToken } from '../identity/crypto.ts'
import { hashPassword } from '../identity/passwords.ts'
import { newTotpSecret } from '../identity/totp.ts'
import {
  NORTHSHIRE,
  SOUTHMOOR,
  northshireAgencies,
  northshireUsers,
  southmoorAgencies,
  southmoorUsers,
  type DemoAgency,
  type DemoUser,
} from './northshire.ts'

export interface DemoAccount {
  readonly email: string
  readonly displayName: string
  readonly role: Role
  /** The two-factor setup key, for accounts whose role requires two-factor sign-in. */
  readonly totpSecret: string | undefined
}

export interface DemoSeedResult {
  readonly password: string
  /** True when DEMO_PASSWORD was not set and the password was made up for this seed. */
  readonly passwordGenerated: boolean
  readonly accounts: readonly DemoAccount[]
  readonly partnershipId: string
}

/** Seeds the demo if the database holds no partnership at all; otherwise does nothing. */
export async function seedDemoIfEmpty(
  services: Services,
  modules: readonly AppModule[],
): Promise<DemoSeedResult | undefined> {
  const existing = await services.db
    .selectFrom('partnership')
    .select('id')
    .limit(1)
    .executeTakeFirst()
  if (existing !== undefined) return undefined
  return seedDemo(services, modules)
}

export async function seedDemo(
  services: Services,
  modules: readonly AppModule[],
): Promise<DemoSeedResult> {
  const passwordGenerated = services.config.demo.password === undefined
  const password = services.config.demo.password ?? generatedPassword()
  const passwordHash = await hashPassword(password)
  const totpKey = deriveKey(services.secret, 'totp')

  return services.db.transaction().execute(async (trx) => {
    const north = await createPartnership(trx, NORTHSHIRE)
    const northAgencies = await createAgencies(trx, north, northshireAgencies)
    const accounts: DemoAccount[] = []
    const northUsers: Record<string, string> = {}
    for (const user of northshireUsers) {
      const created = await createUser(
        trx,
        north,
        user,
        northAgencies,
        passwordHash,
        totpKey,
        services,
      )
      northUsers[user.role] = created.id
      accounts.push({
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        totpSecret: created.totpSecret,
      })
    }

    const south = await createPartnership(trx, SOUTHMOOR)
    const southAgencies = await createAgencies(trx, south, southmoorAgencies)
    const southUsers: Record<string, string> = {}
    for (const user of southmoorUsers) {
      const created = await createUser(
        trx,
        south,
        user,
        southAgencies,
        passwordHash,
        totpKey,
        services,
      )
      southUsers[user.role] = created.id
      accounts.push({
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        totpSecret: created.totpSecret,
      })
    }

    // In dependency order: a module's demo may refer to records of the modules it depends on.
    for (const module of orderModules(modules)) {
      await module.seedDemo?.(trx, {
        ctx: systemContext(services, tenantScope(north), 'Demo seed', trx),
        scope: tenantScope(north),
        services,
        agencies: northAgencies,
        users: northUsers,
      })
    }
    services.logger.info({ partnerships: 2, accounts: accounts.length }, 'demo data created')
    return { password, passwordGenerated, accounts, partnershipId: north }
  })
}

function generatedPassword(): string {
  // Four groups of six letters and digits, easy to read aloud and type: about 140 bits.
  const letters = randomToken(18).replace(/[-_]/g, 'x')
  return [0, 6, 12, 18].map((start) => letters.slice(start, start + 6)).join('-')
}

async function createPartnership(
  trx: Transaction<Tables>,
  p: { name: string; shortName: string },
): Promise<string> {
  const row = await trx
    .insertInto('partnership')
    .values({ name: p.name, short_name: p.shortName, is_demo: true })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function createAgencies(
  trx: Transaction<Tables>,
  partnershipId: string,
  agencies: readonly DemoAgency[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {}
  for (const agency of agencies) {
    const row = await trx
      .insertInto('agency')
      .values({ partnership_id: partnershipId, name: agency.name, type: agency.type })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids[agency.key] = row.id
  }
  return ids
}

async function createUser(
  trx: Transaction<Tables>,
  partnershipId: string,
  user: DemoUser,
  agencies: Record<string, string>,
  passwordHash: string,
  totpKey: Buffer,
  services: Services,
): Promise<{ id: string; totpSecret: string | undefined }> {
  const totpSecret = caseLevelRoles.has(user.role) ? newTotpSecret() : undefined
  const now = services.clock.now()
  const row = await trx
    .insertInto('app_user')
    .values({
      partnership_id: partnershipId,
      email: user.email,
      display_name: user.displayName,
      agency_id: user.agencyKey === null ? null : (agencies[user.agencyKey] ?? null),
      status: 'active',
      password_hash: passwordHash,
      totp_secret: totpSecret === undefined ? null : encrypt(totpKey, totpSecret),
      totp_enabled_at: totpSecret === undefined ? null : now,
      is_demo: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('user_role')
    .values({ partnership_id: partnershipId, user_id: row.id, role: user.role })
    .execute()
  await services.audit.record(trx, {
    partnershipId,
    actorUserId: null,
    actorLabel: 'demo seed',
    action: 'create',
    recordType: 'user',
    recordId: row.id,
    changes: { after: { email: user.email, displayName: user.displayName, roles: [user.role] } },
  })
  return { id: row.id, totpSecret }
}
