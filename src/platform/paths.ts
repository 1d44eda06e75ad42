// The platform's own pages and endpoints. Each module keeps its paths in its own paths.ts.
import { path } from './http/paths.ts'

export const platformPaths = {
  home: path('/'),
  accessibility: path('/accessibility'),
  privacy: path('/privacy'),
  healthz: path('/healthz'),
  readyz: path('/readyz'),
  outbox: path('/dev/outbox'),
  outboxMessage: path('/dev/outbox/:messageId'),
  signIn: path('/sign-in'),
  signOut: path('/sign-out'),
  apiDocs: path('/api/v1/docs'),
  openApi: path('/api/v1/openapi.json'),
  assets: path('/assets/*'),
  stylesheet: path('/stylesheets/application.css'),
  scripts: path('/javascripts/:file'),
} as const
