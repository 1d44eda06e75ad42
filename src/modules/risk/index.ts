// The risk register's public surface: what other modules may use. Everything else in this folder
// is private to the module (eslint enforces it: see docs/decisions/0012-module-boundaries.md).
export { riskModule } from './module.ts'
export { linkSourcesOf, riskLinkSources } from './links.ts'
export type { RiskLinkKind, RiskLinkSource, RiskLinkSources } from './links.ts'
export { riskPaths } from './paths.ts'
export { createRisk, formOptions, risksForIndicator } from './service.ts'
export { RISK_PERMISSIONS } from './policy.ts'
export {
  categoryLabels,
  formatRiskReference,
  impactLabels,
  likelihoodLabels,
  scoreTag,
  statusTag,
} from './presenter.ts'
export { riskFormSchema } from './schemas.ts'
