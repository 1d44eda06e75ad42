// The action tracker's pages and API.
import { path } from '../../platform/http/paths.ts'

export const actionPaths = {
  mine: path('/actions'),
  agency: path('/actions/agency'),
  all: path('/actions/all'),
  overdue: path('/actions/overdue'),
  byGroup: path('/actions/groups'),
  exportCsv: path('/actions/export/action-log.csv'),
  exportXlsx: path('/actions/export/action-log.xlsx'),
  action: path('/actions/:actionId'),
  progress: path('/actions/:actionId/progress'),
  evidence: path('/actions/:actionId/evidence'),
  evidenceFile: path('/actions/:actionId/evidence/:evidenceId'),
  dueDate: path('/actions/:actionId/due-date'),
  signOff: path('/actions/:actionId/sign-off'),
  returnToOwner: path('/actions/:actionId/return'),
  apiList: path('/api/v1/actions'),
  apiAction: path('/api/v1/actions/:actionId'),
  apiUpdates: path('/api/v1/actions/:actionId/updates'),
} as const
