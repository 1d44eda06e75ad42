// Performance's public surface: what other modules may use. Everything else in this folder is
// private to the module (eslint enforces it: see docs/decisions/0012-module-boundaries.md).
export { performanceModule } from './module.ts'
export { performancePaths } from './paths.ts'
export { createIndicator, indicatorExists, indicatorOptions } from './service.ts'
