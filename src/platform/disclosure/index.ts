// Statistical disclosure control for published tables: the one surface modules use.
//
//   const table = countTable({ title, rowHeading, rows, columns, cells })   // exact, from records
//   exactFigures(table)                          → the owning team's own pages (exact numbers)
//   publishable(table, settings, { roundTo })    → anything published or shared more widely
//
// Both give a TableForDisplay for every renderer: presentDisclosureTable + the disclosureTable
// macro (HTML), disclosureTableCsv, disclosureTableSheet / disclosureTablesXlsx,
// disclosureTableBlocks / disclosureTableDocx, and apiPublishedTable for /api/v1. docs/disclosure.md
// shows a module publishing a table.
export { countTable, oneWayTable, CountTableError, type CountTable } from './table.ts'
export {
  exactFigures,
  publishable,
  type Figure,
  type DisplayRow,
  type InternalTable,
  type PublishedTable,
  type PublishOptions,
  type SymbolMeaning,
  type TableForDisplay,
} from './publish.ts'
export {
  defaultDisclosureSettings,
  disclosureSettingsInput,
  type DisclosureSettings,
  type DisclosureSettingsInput,
  type StoredDisclosureSettings,
} from './settings.ts'
export {
  DISCLOSURE_PERMISSIONS,
  disclosureSettingsFor,
  storedDisclosureSettings,
  updateDisclosureSettings,
} from './service.ts'
export { presentDisclosureTable, type HtmlTable } from './html.ts'
export {
  disclosureTableBlocks,
  disclosureTableCsv,
  disclosureTableDocx,
  disclosureTableSheet,
  disclosureTablesXlsx,
} from './files.ts'
export { apiFigure, apiInternalTable, apiPublishedTable, apiTableRow } from './api.ts'
export { derivableFigures, type Mark, type Position } from './suppression.ts'
