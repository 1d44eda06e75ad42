// The performance module's pages and API.
import { path } from '../../platform/http/paths.ts'

export const performancePaths = {
  scorecard: path('/performance'),
  catalogue: path('/performance/indicators'),
  newIndicator: path('/performance/indicators/new'),
  indicator: path('/performance/indicators/:indicatorId'),
  editIndicator: path('/performance/indicators/:indicatorId/edit'),
  enterValue: path('/performance/indicators/:indicatorId/values'),
  commentary: path('/performance/indicators/:indicatorId/commentary'),
  raiseAction: path('/performance/indicators/:indicatorId/raise-action'),
  raiseRisk: path('/performance/indicators/:indicatorId/raise-risk'),
  raiseChallenge: path('/performance/indicators/:indicatorId/raise-challenge'),
  areas: path('/performance/areas'),
  population: path('/performance/areas/population'),
  comparators: path('/performance/comparators'),
  submissions: path('/performance/submissions'),
  exportXlsx: path('/performance/export/scorecard.xlsx'),
  exportDocx: path('/performance/export/board-paper.docx'),
  exportCsv: path('/performance/export/data.csv'),
  apiIndicators: path('/api/v1/performance/indicators'),
  apiIndicatorValues: path('/api/v1/performance/indicators/:indicatorId/values'),
  apiSubmissions: path('/api/v1/performance/submissions'),
} as const
