// The risk register's pages and API.
import { path } from '../../platform/http/paths.ts'

export const riskPaths = {
  register: path('/risks'),
  newRisk: path('/risks/new'),
  risk: path('/risks/:riskId'),
  editRisk: path('/risks/:riskId/edit'),
  reviewRisk: path('/risks/:riskId/review'),
  closeRisk: path('/risks/:riskId/close'),
  mitigation: path('/risks/:riskId/mitigations/new'),
  apiRisks: path('/api/v1/risks'),
  apiRisk: path('/api/v1/risks/:riskId'),
} as const
