// Security headers on every response (helmet). The Content Security Policy allows scripts only
// from this origin, plus the one inline line GOV.UK's template needs, by a per-response nonce;
// no inline styles; no framing (clickjacking); forms post only here. HSTS when served over TLS.
import type { FastifyInstance } from 'fastify'
import helmet from '@fastify/helmet'

export async function setUpSecurityHeaders(
  app: FastifyInstance,
  options: { tls: boolean },
): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  })

  // Pages for a signed-in person (and all API answers) must not be kept by browsers or proxies.
  app.addHook('onSend', async (request, reply, payload) => {
    if (
      request.session !== undefined ||
      request.actor !== undefined ||
      request.url.startsWith('/api/')
    ) {
      reply.header('cache-control', 'no-store')
    }
    return payload
  })
}
