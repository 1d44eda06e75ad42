// oidc-provider ships no type declarations; the tests use only this much of it.
declare module 'oidc-provider' {
  import type { Server } from 'node:http'
  interface Account {
    accountId: string
    claims(): Record<string, unknown>
  }
  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: { client_id: string; client_secret: string; redirect_uris: string[] }[]
        findAccount(context: unknown, id: string): Account | Promise<Account>
        claims?: Record<string, string[]>
        features?: Record<string, { enabled: boolean }>
        cookies?: { keys: string[] }
      },
    )
    listen(port: number): Server
  }
}
