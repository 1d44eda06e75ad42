// The action tracker's public surface: what other modules may use. Everything else in this folder
// is private to the module (eslint enforces it: see docs/decisions/0012-module-boundaries.md).
export { actionsModule } from './module.ts'
export { actionSources } from './sources.ts'
export type { ActionSourceType, DescribedSource } from './sources.ts'
export { actionPaths } from './paths.ts'
export { ACTION_PERMISSIONS, formatReference } from './service.ts'
export {
  actionsDueForOwner,
  addEvidence,
  canSee,
  listActionsForSource,
  overdueActionsRaisedByGroups,
  raiseAction,
  raiseActionOptions,
  recordEscalation,
  recordProgress,
  signOffAction,
} from './for-modules.ts'
export type { ActionRow, ProgressInput, RaiseActionOptions } from './service.ts'
export type { RaiseActionInput } from './schemas.ts'
export { presentActionRow, statusLabels as actionStatusLabels } from './presenter.ts'
export type { ActionListItem } from './presenter.ts'
export { raiseActionFormSchema } from './schemas.ts'
export type { RaiseActionForm } from './schemas.ts'
export type { ActionStatus } from './tables.ts'
export { effectiveStatus } from './status.ts'
