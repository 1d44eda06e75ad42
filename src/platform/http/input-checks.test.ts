// Text no field may hold (NUL, lone surrogates) is refused once, for every route, with the fields
// named; and a returnTo of any text is a safe redirect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import type { AppModule } from '../module.ts'
import { platformPaths } from '../paths.ts'
import { isUnsafeText, unsafeTextFields } from '../validation.ts'
import { safeReturnPath } from './paths.ts'

const saved: unknown[] = []

const testModule: AppModule = {
  name: 'test-input-checks',
  registerRoutes(app) {
    app.get('/api/v1/test-token', { config: { access: 'public' } }, async (request) => ({
      token: request.csrfToken(),
    }))
    app.post('/api/v1/test-echo', { config: { access: 'public' } }, async (request) => {
      saved.push(request.body)
      return { ok: true }
    })
    app.get('/test/form', { config: { access: 'public' } }, async (request) => ({
      token: request.csrfToken(),
    }))
    app.post('/test/form', { config: { access: 'public' } }, async (request) => {
      saved.push(request.body)
      return { ok: true }
    })
  },
}

describe('input checks', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp({ modules: [testModule] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('finds NUL and lone surrogates, and leaves real text alone', () => {
    for (const bad of ['a\u0000b', '\uD800', 'x\uDC00', '\uDBFF\uDBFF'])
      expect(isUnsafeText(bad)).toBe(true)
    for (const good of ["Zoë O'Brien", 'Łukasz 👩🏽‍⚕️', '\uD83D\uDE00', ''])
      expect(isUnsafeText(good)).toBe(false)
    expect(
      unsafeTextFields({
        title: 'ok',
        items: [{ name: 'a\u0000' }],
        ['b\uD800']: 'x',
        data: Buffer.from([0]),
      }),
    ).toEqual([
      { field: 'items.0.name', message: expect.stringContaining('cannot be saved') as string },
      { field: 'form', message: expect.stringContaining('cannot be saved') as string },
    ])
  })

  it('answers NUL or a lone surrogate in a JSON body with a 400 naming the field, before any handler', async () => {
    const client = app.client()
    const token = (await client.get('/api/v1/test-token')).json<{ token: string }>().token
    saved.length = 0
    const response = await client.request(
      'POST',
      '/api/v1/test-echo',
      JSON.stringify({ title: 'Zoë', items: [{ name: 'a\u0000b' }], note: '\uD800' }),
      { 'content-type': 'application/json', 'x-csrf-token': token },
    )
    expect(response.status).toBe(400)
    expect(response.json()).toMatchObject({
      error: {
        code: 'validation',
        details: { fields: [{ field: 'items.0.name' }, { field: 'note' }] },
      },
    })
    expect(saved).toEqual([])
  })

  it('answers NUL in a form field, the query string or the path with a 400, before any handler', async () => {
    const client = app.client()
    const token = (await client.get('/test/form')).json<{ token: string }>().token
    saved.length = 0
    const form = await client.post(
      '/test/form',
      { title: 'a\u0000b', summary: 'fine' },
      { csrf: token },
    )
    expect(form.status).toBe(400)
    expect(form.$('main').text()).toContain('cannot be saved')
    expect((await client.get('/test/form?q=%00')).status).toBe(400)
    expect((await client.get(`${platformPaths.signIn()}/%00`)).status).toBeLessThan(500)
    expect(saved).toEqual([])
  })

  it('turns any returnTo into a path on this site, percent-encoded', async () => {
    expect(safeReturnPath('/réunions?q=Zoë#à')).toBe('/r%C3%A9unions?q=Zo%C3%AB#%C3%A0')
    expect(safeReturnPath('/a\uD800b')).toBe('/a%EF%BF%BDb')
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      '/\t/evil',
      'x',
    ])
      expect(safeReturnPath(bad)).toBeUndefined()
    const north = await createPartnership(app.services.db)
    const client = await app.clientAs(await createUser(app.services.db, north, { roles: [] }))
    const response = await client.get(
      `${platformPaths.signIn()}?returnTo=${encodeURIComponent('/réunions?q=Zoë')}`,
    )
    expect(response.status).toBe(303)
    expect(response.location).toBe('/r%C3%A9unions?q=Zo%C3%AB')
  })
})
