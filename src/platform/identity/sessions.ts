// Server-side sessions. The browser holds a random token; the database holds its SHA-256 as the
// session id, with the times that bound it: 30 minutes idle, 12 hours in all. Revoking a row
// ends the session at its very next request, whichever app process serves it.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Clock } from '../clock.ts'
import type { SessionStage } from '../db/tables.ts'
import type { TenantScope } from '../tenancy.ts'
import { randomToken, sha256 } from './crypto.ts'

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 15 * 1000

export interface SessionRecord {
  readonly id: string
  readonly partnershipId: string
  readonly userId: string
  readonly stage: SessionStage
  readonly method: 'password' | 'oidc'
  readonly createdAt: Date
  readonly lastSeenAt: Date
  readonly expiresAt: Date
}

export interface NewSession {
  readonly partnershipId: string
  readonly userId: string
  readonly stage: SessionStage
  readonly method: 'password' | 'oidc'
  readonly ip: string | null
  readonly userAgent: string | null
}

export class SessionStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly clock: Clock,
  ) {}

  /** Creates a session and returns the token for the cookie (the only place it exists). */
  async create(
    db: Kysely<Tables>,
    session: NewSession,
  ): Promise<{ token: string; record: SessionRecord }> {
    const token = randomToken()
    const now = this.clock.now()
    const record: SessionRecord = {
      id: sha256(token),
      partnershipId: session.partnershipId,
      userId: session.userId,
      stage: session.stage,
      method: session.method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    }
    await db
      .insertInto('session')
      .values({
        id: record.id,
        partnership_id: record.partnershipId,
        user_id: record.userId,
        stage: record.stage,
        method: record.method,
        created_at: now,
        last_seen_at: now,
        expires_at: record.expiresAt,
        ip: session.ip,
        user_agent: session.userAgent?.slice(0, 300) ?? null,
      })
      .execute()
    return { token, record }
  }

  /** The live session for a cookie token, or undefined if unknown, revoked, idle or expired. */
  async findLive(token: string): Promise<SessionRecord | undefined> {
    if (token.length < 20 || token.length > 100) return undefined
    const row = await this.db
      .selectFrom('session')
      .selectAll()
      .where('id', '=', sha256(token))
      .executeTakeFirst()
    if (row === undefined || row.revoked_at !== null) return undefined
    const now = this.clock.now().getTime()
    if (row.expires_at.getTime() <= now) return undefined
    if (row.last_seen_at.getTime() + IDLE_TIMEOUT_MS <= now) return undefined
    return {
      id: row.id,
      partnershipId: row.partnership_id,
      userId: row.user_id,
      stage: row.stage,
      method: row.method,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
    }
  }

  /** Records activity, which keeps the session from going idle. */
  async touch(session: SessionRecord): Promise<void> {
    const now = this.clock.now()
    if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return
    await this.db
      .updateTable('session')
      .set({ last_seen_at: now })
      .where('id', '=', session.id)
      .execute()
  }

  async revoke(db: Kysely<Tables>, sessionId: string, reason: string): Promise<void> {
    await db
      .updateTable('session')
      .set({ revoked_at: this.clock.now(), revoked_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Ends every session of a user (sign out everywhere, deactivation, role change). */
  async revokeAllForUser(
    db: Kysely<Tables>,
    scope: TenantScope,
    userId: string,
    reason: string,
  ): Promise<number> {
    const result = await db
      .updateTable('session')
      .set({ revoked_at: this.clock.now(), revoked_reason: reason })
      .where('partnership_id', '=', scope.partnershipId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }
}
