import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import type { TestClient } from '../../../test/support/client.ts'
import { createPartnership, createUser } from '../../../test/support/factories.ts'
import { multipartBody } from '../../../test/support/multipart.ts'
import type { AppModule } from '../module.ts'
import { platformPaths } from '../paths.ts'
import { path } from './paths.ts'
import { MAX_FORM_TEXT_BYTES, multipartForm, sniffFileType } from './uploads.ts'

const uploadPath = path('/test/upload')
const plainPath = path('/test/plain')
const FILE_BYTES = 256 * 1024

const testModule: AppModule = {
  name: 'test-uploads',
  registerRoutes(app) {
    // Stands in for a page with a form: hands out the CSRF token (and sets its cookie).
    app.get(uploadPath.pattern, { config: { access: 'signedIn' } }, async (request) => ({
      token: request.csrfToken(),
    }))
    app.post(
      uploadPath.pattern,
      { config: { access: 'signedIn', uploads: { fileBytes: FILE_BYTES, files: 2 } } },
      async (request) => {
        const form = multipartForm(request.body)
        return {
          fields: form.fields,
          files: Object.fromEntries(
            Object.entries(form.files).map(([k, v]) => [
              k,
              v.map((f) => ({
                name: f.filename,
                size: f.data.length,
                truncated: f.truncated,
                type: sniffFileType(f.data),
              })),
            ]),
          ),
        }
      },
    )
    // A form that takes no files.
    app.post(plainPath.pattern, { config: { access: 'signedIn' } }, async () => ({ ok: true }))
  },
}

/** A multipart body made as it is sent, never held whole in memory: `files` files of `size` bytes. */
function hugeMultipart(files: number, size: number): { stream: Readable; contentType: string } {
  const boundary = '----assurehuge'
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  function* parts(): Generator<Buffer> {
    for (let i = 0; i < files; i += 1) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"; filename="f${i}.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      )
      for (let sent = 0; sent < size; sent += chunk.length) yield chunk
      yield Buffer.from('\r\n')
    }
    yield Buffer.from(`--${boundary}--\r\n`)
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

describe('uploads', () => {
  let app: TestApp
  let client: TestClient
  let token: string
  beforeAll(async () => {
    app = await buildTestApp({ modules: [testModule] })
    const north = await createPartnership(app.services.db)
    client = await app.clientAs(await createUser(app.services.db, north, { roles: [] }))
    token = (await client.get(uploadPath())).json<{ token: string }>().token
  })
  afterAll(async () => {
    await app.close()
  })

  const send = (url: string, body: Buffer | string, contentType: string) =>
    client.request('POST', url, body, { 'content-type': contentType })

  it('puts text fields and files in one body, checks CSRF, and marks an oversize file rather than failing', async () => {
    const big = Buffer.alloc(FILE_BYTES + 10, 0x61)
    const { body, contentType } = multipartBody({
      fields: { _csrf: token, title: "Zoë's paper", agency: ['a', 'b'] },
      files: [
        {
          field: 'paper',
          filename: 'paper.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('%PDF-1.7 test'),
        },
        { field: 'huge', filename: 'huge.csv', contentType: 'text/csv', data: big },
      ],
    })
    const response = await send(uploadPath(), body, contentType)
    expect(response.status).toBe(200)
    expect(response.json()).toEqual({
      fields: { _csrf: token, title: "Zoë's paper", agency: ['a', 'b'] },
      files: {
        paper: [{ name: 'paper.pdf', size: 13, truncated: false, type: 'pdf' }],
        huge: [{ name: 'huge.csv', size: FILE_BYTES, truncated: true, type: 'text' }],
      },
    })
  })

  it('refuses a multipart post without the CSRF token, or with the token after the file', async () => {
    const file = { field: 'paper', filename: 'p.pdf', contentType: 'application/pdf' }
    const none = multipartBody({ fields: { title: 'x' }, files: [] })
    expect((await send(uploadPath(), none.body, none.contentType)).status).toBe(403)
    const wrong = multipartBody({
      fields: { _csrf: 'not-the-token' },
      files: [{ ...file, data: Buffer.from('%PDF-1.7') }],
    })
    expect((await send(uploadPath(), wrong.body, wrong.contentType)).status).toBe(403)
    // The token must come before any file: a file is never read for a forged form.
    const late = multipartBody({ fields: {}, files: [{ ...file, data: Buffer.from('%PDF') }] })
    const lateBody = Buffer.concat([
      late.body.subarray(0, late.body.lastIndexOf('--')),
      Buffer.from(
        `\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${late.contentType.split('boundary=')[1] ?? ''}--\r\n`,
      ),
    ])
    expect((await send(uploadPath(), lateBody, late.contentType)).status).toBe(403)
  })

  it('refuses too many files, too much text and a malformed body with a 4xx', async () => {
    const file = (field: string) => ({
      field,
      filename: `${field}.pdf`,
      contentType: 'application/pdf',
      data: Buffer.from('%PDF-1.7'),
    })
    const three = multipartBody({
      fields: { _csrf: token },
      files: [file('a'), file('b'), file('c')],
    })
    expect((await send(uploadPath(), three.body, three.contentType)).status).toBe(413)
    const text = multipartBody({
      fields: { _csrf: token, a: 'x'.repeat(MAX_FORM_TEXT_BYTES - 10), b: 'y'.repeat(100) },
      files: [],
    })
    expect((await send(uploadPath(), text.body, text.contentType)).status).toBe(413)
    const cut = multipartBody({ fields: { _csrf: token }, files: [file('a')] })
    const truncated = cut.body.subarray(0, cut.body.length - 30)
    expect((await send(uploadPath(), truncated, cut.contentType)).status).toBe(400)
    const garbage = await send(
      uploadPath(),
      '--x\r\nthis is not a part header\r\n\r\nvalue',
      'multipart/form-data; boundary=x',
    )
    expect(garbage.status).toBeGreaterThanOrEqual(400)
    expect(garbage.status).toBeLessThan(500)
    const noBoundary = await send(uploadPath(), 'whatever', 'multipart/form-data')
    expect(noBoundary.status).toBeGreaterThanOrEqual(400)
    expect(noBoundary.status).toBeLessThan(500)
  })

  it('refuses a multipart body on a route that takes no files (415), signed in or not', async () => {
    const { body, contentType } = multipartBody({ fields: { _csrf: token, a: 'b' }, files: [] })
    expect((await send(plainPath(), body, contentType)).status).toBe(415)
    const anonymous = await app
      .client()
      .request('POST', platformPaths.signIn(), body, { 'content-type': contentType })
    expect(anonymous.status).toBe(415)
    const malformed = await app.client().request('POST', platformPaths.signIn(), 'x', {
      'content-type': 'multipart/form-data; boundary=',
    })
    expect(malformed.status).toBe(415)
  })

  it('does not read a 200 MB multipart body sent anonymously: 415 and memory stays bounded', async () => {
    globalThis.gc?.()
    const before = process.memoryUsage().rss
    const { stream, contentType } = hugeMultipart(10, 20 * 1024 * 1024)
    const response = await app.server.inject({
      method: 'POST',
      url: platformPaths.signIn(),
      payload: stream,
      headers: { 'content-type': contentType },
    })
    expect(response.statusCode).toBe(415)
    const grown = process.memoryUsage().rss - before
    expect(grown).toBeLessThan(100 * 1024 * 1024)
  })

  it('keeps a signed-in upload within the route’s limit however large the file', async () => {
    globalThis.gc?.()
    const before = process.memoryUsage().rss
    const { stream, contentType } = hugeMultipart(1, 200 * 1024 * 1024)
    const response = await app.server.inject({
      method: 'POST',
      url: uploadPath(),
      payload: stream,
      headers: {
        'content-type': contentType,
        'x-csrf-token': token,
        cookie: [...client.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      files: { f0: [{ size: FILE_BYTES, truncated: true }] },
    })
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024)
  })

  it('will not start with an upload route anyone may reach without signing in', async () => {
    const open: AppModule = {
      name: 'test-open-upload',
      registerRoutes(server) {
        server.post(
          '/test/open-upload',
          { config: { access: 'public', uploads: {} } },
          async () => ({}),
        )
      },
    }
    await expect(buildTestApp({ modules: [open] })).rejects.toThrow(/must not be public/)
  })

  it('tells file types from their content', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.4'))).toBe('pdf')
    expect(sniffFileType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('zip')
    expect(sniffFileType(Buffer.from('name,count\nZoë,1\n'))).toBe('text')
    expect(sniffFileType(Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toBe('unknown')
  })
})
