// The import kit: a module declares an import (columns, natural key, classify, apply) and provides
// it to `importDefinitions`; the kit gives it templates (CSV, XLSX with guidance), a streaming
// whole-file check with problems by row and column, a preview, an all-or-nothing confirmation, the
// import log and its pages and API. docs/imports.md shows a module declaring one.
export {
  defineImport,
  importDefinitions,
  type AnyImportDefinition,
  type ApplyCounts,
  type Classified,
  type ClassifyFile,
  type CellProblem,
  type ImportChange,
  type ImportColumn,
  type ImportDefinition,
  type RowCheck,
  type TemplateRow,
} from './definition.ts'
export { importLogPath, importPaths, type ImportPaths } from './paths.ts'
export { importTemplateCsv, importTemplateXlsx } from './template.ts'
export { importUpload, type ImportUpload } from './upload.ts'
export {
  readRows,
  importFileKind,
  columnLetter,
  type ImportFileKind,
  type SheetRow,
} from './read.ts'
export { scanImportFile, MAX_IMPORT_ROWS, type ImportProblem } from './scan.ts'
export {
  checkImport,
  confirmImport,
  discardImport,
  importLog,
  previewImport,
  ImportRejected,
  ImportWarningsNotAcknowledged,
  MAX_WARNINGS,
  type ImportWarning,
  type ImportCheck,
  type ImportPreview,
  type ImportRejection,
  type ImportRun,
} from './service.ts'
export { importRouteTable } from './routes.ts'
