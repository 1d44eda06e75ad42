// The learning loop's public surface: what other modules may use. Everything else in this folder
// is private to the module (eslint enforces it: see docs/decisions/0012-module-boundaries.md).
export { learningModule } from './module.ts'
export { findingSources } from './sources.ts'
export type { FindingSourceType } from './sources.ts'
export { learningPaths } from './paths.ts'
export { learningFromSource, listPublishedBriefings } from './service.ts'
export { presentSourceLearning } from './presenter.ts'
export { seedSourceLearning } from './demo.ts'
