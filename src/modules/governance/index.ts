// Governance's public surface: what other modules may use. Everything else in this folder is
// private to the module (eslint enforces it: see docs/decisions/0012-module-boundaries.md).
export { governanceModule } from './module.ts'
export { governancePaths } from './paths.ts'
export { GOVERNANCE_PERMISSIONS } from './permissions.ts'
export { createGroup } from './service.ts'
export {
  challengesForLinking,
  formatChallengeReference,
  listChallenges,
  raiseChallengeWithin,
} from './challenges.ts'
export { challengeStatusClasses, challengeStatusLabels } from './presenter.ts'
