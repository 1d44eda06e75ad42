// Cookie names and flags in one place. Over TLS the names carry the __Host- prefix, which the
// browser only accepts with Secure, Path=/ and no Domain: the cookie cannot be set by a sibling
// subdomain or sent over plain HTTP.
import type { CookieSerializeOptions } from '@fastify/cookie'

export interface CookieNames {
  readonly session: string
  readonly csrf: string
  readonly device: string
  readonly oidc: string
}

export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : ''
  return {
    session: `${prefix}assure-session`,
    csrf: `${prefix}assure-csrf`,
    device: `${prefix}assure-device`,
    oidc: `${prefix}assure-oidc`,
  }
}

export function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieSerializeOptions {
  return {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  }
}
