// The risk register's routes: every page, form and API endpoint, with who may reach it. Handlers
// are in pages.ts and api.ts; access is checked before they run, and again in the service.
import { api, form, page, type RouteTable } from '../../platform/http/route-table.ts'
import { raiseActionFormSchema } from '../actions/index.ts'
import * as apiHandlers from './api.ts'
import * as pages from './pages.ts'
import { riskPaths } from './paths.ts'
import { RISK_PERMISSIONS as P } from './policy.ts'
import { closeFormSchema, reviewFormSchema, riskApiSchemas, riskFormSchema } from './schemas.ts'

export const riskRoutes: RouteTable = [
  page({ path: riskPaths.register, permission: P.read, handler: pages.registerPage }),
  form({ path: riskPaths.newRisk, permission: P.manage, schema: riskFormSchema, ...pages.newRisk }),
  page({ path: riskPaths.risk, permission: P.read, handler: pages.riskPage }),
  form({
    path: riskPaths.editRisk,
    permission: P.manage,
    schema: riskFormSchema,
    ...pages.editRisk,
  }),
  form({
    path: riskPaths.reviewRisk,
    permission: P.manage,
    schema: reviewFormSchema,
    ...pages.reviewRisk,
  }),
  form({
    path: riskPaths.closeRisk,
    permission: P.manage,
    schema: closeFormSchema,
    ...pages.closeRisk,
  }),
  form({
    path: riskPaths.mitigation,
    permission: P.manage,
    schema: raiseActionFormSchema,
    ...pages.raiseMitigation,
  }),

  api({
    method: 'GET',
    path: riskPaths.apiRisks,
    permission: P.read,
    schema: riskApiSchemas.list,
    handler: apiHandlers.listRisks,
  }),
  api({
    method: 'GET',
    path: riskPaths.apiRisk,
    permission: P.read,
    schema: riskApiSchemas.read,
    handler: apiHandlers.readRisk,
  }),
  api({
    method: 'POST',
    path: riskPaths.apiRisks,
    permission: P.manage,
    schema: riskApiSchemas.create,
    handler: apiHandlers.addRisk,
  }),
]
