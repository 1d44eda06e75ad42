// The import kit's addresses. Each import has its own, under /imports/<key>, so every route
// carries the import's own permission (and the access matrix checks each one).
import { path, type Path } from '../http/paths.ts'

export const importLogPath = path('/imports')

export interface ImportPaths {
  readonly upload: Path<'/imports/key'>
  readonly templateCsv: Path<'/imports/key/template.csv'>
  readonly templateXlsx: Path<'/imports/key/template.xlsx'>
  readonly run: Path<'/imports/key/:importId'>
  readonly confirm: Path<'/imports/key/:importId/confirm'>
  readonly discard: Path<'/imports/key/:importId/discard'>
  readonly api: Path<'/api/v1/imports/key'>
  readonly apiConfirm: Path<'/api/v1/imports/key/:importId/confirm'>
}

/** The paths of the import with this key (its key replaces `key` in each pattern). */
export function importPaths(key: string): ImportPaths {
  const keyed = <P extends string>(pattern: P): Path<P> =>
    path(pattern.replace(/\/key(?=\/|$)/, `/${key}`) as P)
  return {
    upload: keyed('/imports/key'),
    templateCsv: keyed('/imports/key/template.csv'),
    templateXlsx: keyed('/imports/key/template.xlsx'),
    run: keyed('/imports/key/:importId'),
    confirm: keyed('/imports/key/:importId/confirm'),
    discard: keyed('/imports/key/:importId/discard'),
    api: keyed('/api/v1/imports/key'),
    apiConfirm: keyed('/api/v1/imports/key/:importId/confirm'),
  }
}
