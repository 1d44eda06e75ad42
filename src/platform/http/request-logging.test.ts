// Secrets never reach the log: the password reset and invitation flows, run with the app's own
// logger settings at the most verbose level, leave no line that holds the link's token.
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  createPartnership,
  createUser,
  type TestPartnership,
} from '../../../test/support/factories.ts'
import { deliverThroughSmtp } from '../../../test/support/mail.ts'
import { issueAccountLink } from '../identity/service.ts'
import { platformPaths } from '../paths.ts'
import { tenantScope } from '../tenancy.ts'
import { logRedact, logSerializers, loggablePath, REDACTED } from './request-logging.ts'

describe('request logs', () => {
  const lines: string[] = []
  let app: TestApp
  let north: TestPartnership

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'))
        done()
      },
    })
    const logger = pino({ level: 'trace', serializers: logSerializers, redact: logRedact }, stream)
    app = await buildTestApp({ logger })
    north = await createPartnership(app.services.db)
  })
  afterAll(async () => {
    await app.close()
  })

  const tokenOf = (url: string): string => url.split('/').at(-1) ?? ''
  const expectNoLineHolds = (token: string) => {
    expect(token.length).toBeGreaterThanOrEqual(43)
    const leaks = lines.filter((line) => line.includes(token))
    expect(leaks).toEqual([])
  }

  it('never holds the token of a password reset link', async () => {
    const user = await createUser(app.services.db, north, { roles: ['practitioner'] })
    const client = app.client()
    await client.get(platformPaths.forgotPassword())
    expect((await client.post(platformPaths.forgotPassword(), { email: user.email })).status).toBe(
      200,
    )
    const mail = (await deliverThroughSmtp(app)).find((m) => m.to === user.email)
    const url = /http:\/\/localhost:3000(\/sign-in\/reset-password\/\S+)/.exec(
      mail?.text ?? '',
    )?.[1]
    expect(url).toBeDefined()
    const link = url ?? ''
    const before = lines.length
    expect((await client.get(link)).status).toBe(200)
    expect((await client.post(link, { password: 'short', confirmPassword: 'short' })).status).toBe(
      400,
    )
    const done = await client.post(link, {
      password: 'Zoë’s new passphrase',
      confirmPassword: 'Zoë’s new passphrase',
    })
    expect(done.status).toBe(303)
    expect((await client.get(link)).status).toBe(404)
    expect((await client.get(`${link}/`)).status).toBe(404)
    expect((await client.get(`${link}/more`)).status).toBe(404)
    // The requests were logged (the test would pass vacuously otherwise) — with the path redacted.
    const logged = lines.slice(before).filter((l) => l.includes('request completed'))
    expect(logged.length).toBeGreaterThanOrEqual(6)
    expect(logged.some((l) => l.includes(`/sign-in/reset-password/${REDACTED}`))).toBe(true)
    expectNoLineHolds(tokenOf(link))
  })

  it('never holds the token of an invitation link', async () => {
    const invited = await createUser(app.services.db, north, {
      roles: ['agency_lead'],
      status: 'invited',
      password: null,
    })
    const link = new URL(
      await app.services.db
        .transaction()
        .execute((trx) =>
          issueAccountLink(app.services, trx, tenantScope(north.id), invited.id, 'invitation'),
        ),
    ).pathname
    const client = app.client()
    expect((await client.get(`${link}?from=email`)).status).toBe(200)
    const done = await client.post(link, {
      password: 'my first passphrase',
      confirmPassword: 'my first passphrase',
    })
    expect(done.status).toBe(303)
    expect((await client.get(link)).status).toBe(404)
    expect(lines.some((l) => l.includes(`/invitation/${REDACTED}`))).toBe(true)
    expectNoLineHolds(tokenOf(link))
  })

  it('redacts by the route’s parameter names, and token-like segments when no route matched', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde'
    expect(loggablePath(`/invitation/${token}?x=1`, '/invitation/:token')).toBe(
      `/invitation/${REDACTED}`,
    )
    expect(
      loggablePath('/meetings/123e4567-e89b-12d3-a456-426614174000', '/meetings/:meetingId'),
    ).toBe('/meetings/123e4567-e89b-12d3-a456-426614174000')
    expect(loggablePath(`/nowhere/${token}/x`)).toBe(`/nowhere/${REDACTED}/x`)
    expect(loggablePath('/meetings/123e4567-e89b-12d3-a456-426614174000')).toBe(
      '/meetings/123e4567-e89b-12d3-a456-426614174000',
    )
  })
})
