// API tokens for agencies' own systems. Shown once when issued; stored as a SHA-256 (the token is
// 256 random bits, so a fast hash is enough); scoped to one partnership, one user or service
// account, and a set of permissions that can never exceed what that account's roles grant.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Clock } from '../clock.ts'
import { randomToken, sha256 } from './crypto.ts'

export const API_TOKEN_PREFIX = 'assure_'

export function newApiToken(): { token: string; hash: string; displayPrefix: string } {
  const secret = randomToken()
  const token = `${API_TOKEN_PREFIX}${secret}`
  return { token, hash: sha256(token), displayPrefix: token.slice(0, API_TOKEN_PREFIX.length + 6) }
}

export interface LiveApiToken {
  readonly id: string
  readonly partnershipId: string
  readonly userId: string
  readonly name: string
  readonly permissions: ReadonlySet<string>
}

export async function findLiveApiToken(
  db: Kysely<Tables>,
  clock: Clock,
  token: string,
): Promise<LiveApiToken | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return undefined
  const row = await db
    .selectFrom('api_token')
    .select([
      'id',
      'partnership_id',
      'user_id',
      'name',
      'permissions',
      'expires_at',
      'revoked_at',
      'last_used_at',
    ])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst()
  const now = clock.now()
  if (row === undefined || row.revoked_at !== null) return undefined
  if (row.expires_at !== null && row.expires_at.getTime() <= now.getTime()) return undefined
  if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('partnership_id', '=', row.partnership_id)
      .where('id', '=', row.id)
      .execute()
  }
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    userId: row.user_id,
    name: row.name,
    permissions: new Set(row.permissions),
  }
}
