// Production and mail: no start without an SMTP server unless ALLOW_NO_SMTP says so, and no
// development outbox at all, even then.
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../../../test/support/app.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import { ConfigError, loadConfig } from '../config.ts'

const production = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'production-secret-production-secret-0123456789',
  AUDIT_KEY: 'production-audit-key-production-audit-key-0123',
  BASE_URL: 'https://assure.northshire-scp.example',
  DEMO_SEED: 'off',
  JOBS: 'off',
  LOG_LEVEL: 'silent',
}

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
}

describe('mail in production', () => {
  it('refuses to start without an SMTP server, naming the variable and the setting that allows it', () => {
    expect(problemsOf(production)).toEqual([
      'SMTP_HOST is required when NODE_ENV is production (set ALLOW_NO_SMTP=true to run without sending any email)',
    ])
    expect(problemsOf({ ...production, ALLOW_NO_SMTP: 'false' })).toHaveLength(1)
    expect(problemsOf({ ...production, ALLOW_NO_SMTP: 'perhaps' })).toEqual([
      'ALLOW_NO_SMTP must be true or false',
    ])
    expect(problemsOf({ ...production, SMTP_HOST: 'smtp.northshire-scp.example' })).toEqual([])
    expect(problemsOf({ ...production, ALLOW_NO_SMTP: 'true' })).toEqual([])
    // Outside production the development outbox stands in for a server.
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([])
  })

  it('has no development outbox in production, even when running without SMTP is allowed', async () => {
    const app = await buildTestApp({ config: loadConfig({ ...production, ALLOW_NO_SMTP: 'true' }) })
    try {
      expect(app.services.mail.mode).toBe('outbox')
      const partnership = await createPartnership(app.services.db)
      const admin = await createUser(app.services.db, partnership, {
        roles: ['partnership_admin'],
      })
      await app.services.db.transaction().execute((trx) =>
        app.services.mail.queue(trx, {
          to: 'siobhan@example.org',
          subject: 'Not to be shown',
          text: 'Fictional.',
          partnershipId: partnership.id,
        }),
      )
      await app.services.mail.deliver()
      const client = await app.clientAs(admin)
      expect((await client.get('/dev/outbox')).status).toBe(404)
      const { id } = await app.services.db
        .selectFrom('outbox_message')
        .select('id')
        .where('subject', '=', 'Not to be shown')
        .executeTakeFirstOrThrow()
      expect((await client.get(`/dev/outbox/${id}`)).status).toBe(404)
      expect(app.routes.some((r) => r.url.startsWith('/dev/outbox'))).toBe(false)
    } finally {
      await app.close()
    }
  })
})
