// Typed paths: every URL in the application is built from a declared pattern, never by joining
// strings. `path('/meetings/:meetingId')` is both the pattern Fastify routes on and a function that
// builds the URL from named parameters, encoding them.

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never

export type PathParams<P extends string> = { readonly [K in ParamNames<P>]: string }
export type Query = Readonly<
  Record<string, string | number | boolean | readonly string[] | undefined | null>
>

export type Path<P extends string> = ([ParamNames<P>] extends [never]
  ? (params?: Record<string, never>, query?: Query) => string
  : (params: PathParams<P>, query?: Query) => string) & { readonly pattern: P }

export function path<P extends string>(pattern: P): Path<P> {
  const build = (params?: Record<string, string>, query?: Query): string => {
    const url = pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
      const value = params?.[name]
      if (value === undefined || value === '')
        throw new Error(`Path ${pattern} needs a value for :${name}`)
      return encodeURIComponent(value)
    })
    return url + queryString(query)
  }
  return Object.assign(build, { pattern })
}

export function queryString(query: Query | undefined): string {
  if (query === undefined) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(key, v)
    else search.append(key, String(value))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

/**
 * A path inside this service that is safe to redirect to after sign-in: it must start with one
 * slash (not `//host` or `/\host`, which browsers treat as another site), and it comes back
 * percent-encoded (a Location header must be ASCII: `/réunions` becomes `/r%C3%A9unions`, and a
 * broken character becomes U+FFFD), so any text typed into `returnTo` is a safe redirect, never a
 * 500.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined
  const base = 'http://assure.invalid'
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    return undefined
  }
  // The parser's view is what a browser will follow: it must still be this site.
  if (url.origin !== base) return undefined
  const result = `${url.pathname}${url.search}${url.hash}`
  return result.startsWith('//') ? undefined : result
}
