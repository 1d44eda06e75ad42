// Case reviews' public surface: what other modules may use. Everything else in this folder is
// private to the module (eslint enforces it: see docs/decisions/0012-module-boundaries.md).
export { caseReviewsModule } from './module.ts'
