// Small factories for fictional test data. Names include accents and apostrophes on purpose.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Tables } from '../../src/schema.ts'
import type { Role } from '../../src/platform/access/roles.ts'
import type { AgencyType } from '../../src/platform/db/tables.ts'
import { tenantScope, type TenantScope } from '../../src/platform/tenancy.ts'
import { hashPassword } from '../../src/platform/identity/passwords.ts'

const unique = (): string => randomBytes(4).toString('hex')

export interface TestPartnership {
  readonly id: string
  readonly scope: TenantScope
  readonly name: string
}

export async function createPartnership(
  db: Kysely<Tables>,
  name = `Testshire ${unique()} Safeguarding Children Partnership`,
): Promise<TestPartnership> {
  const row = await db
    .insertInto('partnership')
    .values({ name, short_name: 'TSCP' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, scope: tenantScope(row.id), name }
}

export async function createAgency(
  db: Kysely<Tables>,
  partnership: TestPartnership,
  values: { name?: string; type?: AgencyType } = {},
): Promise<string> {
  const row = await db
    .insertInto('agency')
    .values({
      partnership_id: partnership.id,
      name: values.name ?? `St Brigid's Agency ${unique()}`,
      type: values.type ?? 'other',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface TestUser {
  readonly id: string
  readonly email: string
  readonly partnershipId: string
  readonly agencyId: string | null
  readonly roles: readonly Role[]
}

let cachedHash: { password: string; hash: string } | undefined

/** A known password for test accounts (hashed once per file; Argon2id is slow on purpose). */
export const TEST_PASSWORD = 'correct horse battery staple 7'

export async function createUser(
  db: Kysely<Tables>,
  partnership: TestPartnership,
  values: {
    roles?: readonly Role[]
    agencyId?: string | null
    email?: string
    displayName?: string
    status?: 'invited' | 'active' | 'deactivated'
    password?: string | null
    kind?: 'person' | 'service'
  } = {},
): Promise<TestUser> {
  const email = values.email ?? `zoe.o'brien.${unique()}@example.org`.toLowerCase()
  let passwordHash: string | null = null
  if (values.password !== null && values.kind !== 'service') {
    const password = values.password ?? TEST_PASSWORD
    if (cachedHash?.password !== password)
      cachedHash = { password, hash: await hashPassword(password) }
    passwordHash = cachedHash.hash
  }
  const row = await db
    .insertInto('app_user')
    .values({
      partnership_id: partnership.id,
      email,
      display_name: values.displayName ?? "Zoë O'Brien",
      agency_id: values.agencyId ?? null,
      status: values.status ?? 'active',
      password_hash: passwordHash,
      kind: values.kind ?? 'person',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const roles = values.roles ?? []
  for (const role of roles) {
    await db
      .insertInto('user_role')
      .values({ partnership_id: partnership.id, user_id: row.id, role })
      .execute()
  }
  return {
    id: row.id,
    email,
    partnershipId: partnership.id,
    agencyId: values.agencyId ?? null,
    roles,
  }
}
