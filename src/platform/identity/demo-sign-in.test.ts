// The demo accounts sign in through the real pages with DEMO_PASSWORD, and the case-level ones
// with a code from the setup key printed at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { platformPaths } from '../paths.ts'
import { totpCode } from './totp.ts'

const DEMO_PASSWORD = 'fictional-demo-password-42'

describe('demo accounts', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp({ env: { DEMO_SEED: 'auto', DEMO_PASSWORD } })
  })
  afterAll(async () => {
    await app.close()
  })

  it('sign in with the demo password, and a code for case-level roles', async () => {
    const accounts = app.demo?.accounts ?? []
    expect(accounts.length).toBeGreaterThan(5)
    const admin = accounts.find((a) => a.role === 'partnership_admin')
    const cdop = accounts.find((a) => a.role === 'cdop_team')
    expect(admin?.totpSecret).toBeUndefined()
    expect(cdop?.totpSecret).toBeDefined()

    const first = app.client()
    await first.get(platformPaths.signIn())
    const signedIn = await first.post(platformPaths.signIn(), {
      email: admin?.email ?? '',
      password: DEMO_PASSWORD,
    })
    expect(signedIn.location).toBe('/')
    expect((await first.get('/admin/users')).status).toBe(200)

    const second = app.client()
    await second.get(platformPaths.signIn())
    const step = await second.post(platformPaths.signIn(), {
      email: cdop?.email ?? '',
      password: DEMO_PASSWORD,
    })
    expect(step.location).toBe(platformPaths.signInTwoFactor())
    await second.get(platformPaths.signInTwoFactor())
    const done = await second.post(platformPaths.signInTwoFactor(), {
      code: totpCode(cdop?.totpSecret ?? '', new Date()),
    })
    expect(done.location).toBe('/')
    expect((await second.get('/')).status).toBe(200)
  })
})
