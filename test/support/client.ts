// An HTTP client for route tests: requests go through app.inject (the whole Fastify pipeline, no
// socket), cookies are kept like a browser keeps them, and pages are parsed with cheerio so tests
// read what a person would see. Forms are sent with the CSRF token the page itself carried.
import * as cheerio from 'cheerio'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export interface Page {
  readonly status: number
  readonly headers: LightMyRequestResponse['headers']
  readonly body: string
  readonly $: cheerio.CheerioAPI
  /** The Location header of a redirect. */
  readonly location: string | undefined
  json<T = unknown>(): T
}

export class TestClient {
  readonly cookies = new Map<string, string>()
  #lastToken: string | undefined

  constructor(private readonly server: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.request('GET', url, undefined, headers)
  }

  /** Posts a form. The CSRF token comes from the last page fetched, unless one is given (or null for none). */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    options: { csrf?: string | null } = {},
  ): Promise<Page> {
    const token = options.csrf === undefined ? this.#lastToken : options.csrf
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v)
    }
    if (token !== null && token !== undefined) params.append('_csrf', token)
    return this.request('POST', url, params.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    })
  }

  /** Fetches a page to pick up its CSRF token, then posts the form (what a browser does). */
  async submit(
    pageUrl: string,
    form: Record<string, string | string[]>,
    action?: string,
  ): Promise<Page> {
    await this.get(pageUrl)
    return this.post(action ?? pageUrl, form)
  }

  async request(
    method: string,
    url: string,
    payload?: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<Page> {
    const cookieHeader = [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await this.server.inject({
      method: method as 'GET',
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: { ...(cookieHeader === '' ? {} : { cookie: cookieHeader }), ...headers },
    })
    for (const cookie of response.cookies) {
      const expired =
        cookie.maxAge === 0 ||
        (cookie.expires !== undefined && cookie.expires.getTime() < Date.now())
      if (expired || cookie.value === '') this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    const body = response.body
    const isHtml = String(response.headers['content-type'] ?? '').includes('text/html')
    const $ = cheerio.load(isHtml ? body : '')
    const token = $('input[name="_csrf"]').first().attr('value')
    if (token !== undefined) this.#lastToken = token
    return {
      status: response.statusCode,
      headers: response.headers,
      body,
      $,
      location:
        typeof response.headers.location === 'string' ? response.headers.location : undefined,
      json: <T>() => JSON.parse(body) as T,
    }
  }

  get csrfToken(): string | undefined {
    return this.#lastToken
  }
}
