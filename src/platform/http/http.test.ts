// The shell: pages render in the GOV.UK template, errors are presented safely, headers are set.
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import type { AppModule } from '../module.ts'
import { path } from './paths.ts'

const brokenPath = path('/test/broken')
const echoPath = path('/api/v1/test/echo')

// A module that exists only in this test, to provoke errors through the real pipeline.
const testModule: AppModule = {
  name: 'test',
  registerRoutes(app) {
    app.get(brokenPath.pattern, { config: { access: 'public' } }, async () => {
      throw new Error('select * from secret_table where password = 1')
    })
    app.post(echoPath.pattern, { config: { access: 'public' } }, async (request) => ({
      echo: request.body,
    }))
  },
}

describe('pages and errors', () => {
  let app: TestApp
  const logLines: string[] = []
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString())
        done()
      },
    })
    app = await buildTestApp({
      modules: [testModule],
      logger: pino({ level: 'info' }, sink),
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('serves the public pages in the GOV.UK template with the service name, phase banner and footer links', async () => {
    for (const url of ['/accessibility', '/privacy', '/api/v1/docs']) {
      const page = await app.client().get(url)
      expect(page.status, url).toBe(200)
      const $ = page.$
      expect($('html').hasClass('govuk-template')).toBe(true)
      expect($('.govuk-service-navigation__service-name').text()).toContain('Assure')
      expect($('.govuk-phase-banner').text()).toContain('Alpha')
      expect(
        $('footer a')
          .map((_, a) => $(a).attr('href'))
          .get(),
      ).toEqual(['/accessibility', '/privacy', '/api/v1/docs'])
      expect($('h1').length).toBe(1)
    }
  })

  it('sends someone not signed in from the home page to sign in, remembering where they were going', async () => {
    const page = await app.client().get('/')
    expect(page.status).toBe(303)
    expect(page.location).toBe('/sign-in?returnTo=%2F')
  })

  it('shows the signed-in person their partnership, an empty attention list and no-store caching', async () => {
    const partnership = await createPartnership(
      app.services.db,
      "Brackenfield & St Agnes' Safeguarding Children Partnership",
    )
    const user = await createUser(app.services.db, partnership, {
      roles: ['board_member'],
      displayName: 'Łukasz Zieliński',
    })
    const page = await (await app.clientAs(user)).get('/')
    expect(page.status).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.$('.govuk-generic-header').text()).toContain(
      "Brackenfield & St Agnes' Safeguarding Children Partnership",
    )
    expect(page.$('h1').text()).toBe('Hello, Łukasz Zieliński')
    expect(page.$('[data-attention-empty]').length).toBe(1)
    // Escaped, not interpreted:
    expect(page.body).toContain('Brackenfield &amp; St Agnes&#39; Safeguarding')
  })

  it('answers an unknown page with the 404 page and an unknown API path with the JSON error shape', async () => {
    const page = await app.client().get('/no/such/page')
    expect(page.status).toBe(404)
    expect(page.$('h1').text()).toBe('Page not found')
    const api = await app.client().get('/api/v1/no/such/thing')
    expect(api.status).toBe(404)
    expect(api.json()).toEqual({
      error: { code: 'not_found', message: 'Page not found.', details: null },
    })
  })

  it('answers a thrown error with the 500 page and an error id that is in the log with the stack', async () => {
    const page = await app.client().get('/test/broken')
    expect(page.status).toBe(500)
    const errorId = page.$('[data-error-id]').text()
    expect(errorId).toBe(page.headers['x-request-id'])
    expect(page.body).not.toContain('secret_table')
    expect(page.body).not.toMatch(/at .*\.ts:\d+/)
    const logged = logLines
      .map((l) => JSON.parse(l) as { errorId?: string; err?: { stack?: string } })
      .find((l) => l.errorId === errorId)
    expect(logged?.err?.stack).toContain('secret_table')
  })

  it('logs requests without query strings, cookies or user ids', async () => {
    await app
      .client()
      .get('/accessibility?name=Child%20K', { cookie: 'assure-session=abcdefghijklmnopqrstuvwxyz' })
    const line = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.path === '/accessibility')
    expect(line).toMatchObject({ method: 'GET', route: '/accessibility', status: 200 })
    const text = logLines.join('\n')
    expect(text).not.toContain('Child')
    expect(text).not.toContain('abcdefghijklmnop')
  })

  it('sets security headers: CSP without inline script, no framing, request id', async () => {
    const page = await app.client().get('/accessibility')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/)
    expect(csp).not.toContain('unsafe-inline')
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    // The only inline script is GOV.UK's one line, carrying the response's nonce.
    const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)?.[1]
    page.$('script:not([src])').each((_, el) => {
      expect(page.$(el).attr('nonce')).toBe(nonce)
    })
  })

  it('serves GOV.UK Frontend assets from the app itself', async () => {
    const css = await app.client().get('/stylesheets/application.css')
    expect(css.status).toBe(200)
    expect(css.body).toContain('.govuk-header')
    expect(css.body).not.toContain('GDS Transport')
    expect((await app.client().get('/javascripts/govuk-frontend.min.js')).status).toBe(200)
    expect((await app.client().get('/assets/images/favicon.ico')).status).toBe(200)
    expect((await app.client().get('/assets/../../package.json')).status).toBe(404)
  })

  it('publishes an OpenAPI document that lists only API routes', async () => {
    const doc = (await app.client().get('/api/v1/openapi.json')).json<{
      openapi: string
      paths: Record<string, unknown>
    }>()
    expect(doc.openapi).toBe('3.1.0')
    for (const p of Object.keys(doc.paths)) expect(p.startsWith('/api/v1/')).toBe(true)
  })

  it('reports health and readiness', async () => {
    expect((await app.client().get('/healthz')).json()).toEqual({ status: 'ok' })
    expect((await app.client().get('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'current' },
    })
  })

  it('gives a 400 in the JSON error shape, not a 500, for a malformed API request body', async () => {
    const response = await app.server.inject({
      method: 'POST',
      url: echoPath(),
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    })
    expect(response.statusCode).toBe(400)
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'bad_request', details: null },
    })
  })

  it('refuses a state-changing request without a CSRF token, in the JSON error shape', async () => {
    const response = await app.server.inject({
      method: 'POST',
      url: echoPath(),
      headers: { 'content-type': 'application/json' },
      payload: '{"a":1}',
    })
    expect(response.statusCode).toBe(403)
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'csrf' } })
  })
})

describe('readiness with pending migrations', () => {
  it('is not ready (503) while the database is behind the code', async () => {
    const later: AppModule = {
      name: 'later',
      migrations: { '2099-01-01-0001-later': { up: async () => {} } },
    }
    const app = await buildTestApp({ modules: [later], migrate: false })
    try {
      const response = await app.client().get('/readyz')
      expect(response.status).toBe(503)
      expect(response.json()).toEqual({
        status: 'not ready',
        checks: { database: 'ok', migrations: '1 pending' },
      })
      expect((await app.client().get('/healthz')).status).toBe(200)
    } finally {
      await app.close()
    }
  })
})
