import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { multipartBody } from '../../../test/support/multipart.ts'
import type { AppModule } from '../module.ts'
import { path } from './paths.ts'
import { MAX_UPLOAD_BYTES, multipartForm, sniffFileType } from './uploads.ts'

const uploadPath = path('/test/upload')

const testModule: AppModule = {
  name: 'test-uploads',
  registerRoutes(app) {
    // Stands in for a page with a form: hands out the CSRF token (and sets its cookie).
    app.get(uploadPath.pattern, { config: { access: 'public' } }, async (request) => ({
      token: request.csrfToken(),
    }))
    app.post(uploadPath.pattern, { config: { access: 'public' } }, async (request) => {
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
    })
  },
}

describe('uploads', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await buildTestApp({ modules: [testModule] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('puts text fields and files in one body, checks CSRF, and marks an oversize file rather than failing', async () => {
    const client = app.client()
    const token = (await client.get(uploadPath())).json<{ token: string }>().token
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 10, 0x61)
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
    const response = await client.request('POST', uploadPath(), body, {
      'content-type': contentType,
    })
    expect(response.status).toBe(200)
    expect(response.json()).toEqual({
      fields: { _csrf: token, title: "Zoë's paper", agency: ['a', 'b'] },
      files: {
        paper: [{ name: 'paper.pdf', size: 13, truncated: false, type: 'pdf' }],
        huge: [{ name: 'huge.csv', size: MAX_UPLOAD_BYTES, truncated: true, type: 'text' }],
      },
    })
  })

  it('refuses a multipart post without the CSRF token', async () => {
    const client = app.client()
    await client.get(uploadPath())
    const { body, contentType } = multipartBody({ fields: { title: 'x' }, files: [] })
    const response = await client.request('POST', uploadPath(), body, {
      'content-type': contentType,
    })
    expect(response.status).toBe(403)
  })

  it('tells file types from their content', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.4'))).toBe('pdf')
    expect(sniffFileType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('zip')
    expect(sniffFileType(Buffer.from('name,count\nZoë,1\n'))).toBe('text')
    expect(sniffFileType(Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toBe('unknown')
  })
})
