// Actions → what pages, exports and the API show. Pure functions.
import type { Column } from '../../platform/exports/csv.ts'
import { formatFileSize } from '../../platform/files/file-store.ts'
import { actionPaths } from './paths.ts'
import type { ActionRow, EvidenceRow, UpdateRow } from './repository.ts'
import { formatReference, type ActionDetail } from './service.ts'
import { sourceKey, type DescribedSource } from './sources.ts'
import { effectiveStatus, isOpen } from './status.ts'
import type { ActionStatus, ActionUpdateKind } from './tables.ts'

export const statusLabels: Readonly<Record<ActionStatus, string>> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  overdue: 'Overdue',
  completed: 'Completed',
  closed_with_evidence: 'Closed with evidence',
}

const statusClasses: Readonly<Record<ActionStatus, string>> = {
  not_started: 'govuk-tag--grey',
  on_track: 'govuk-tag--green',
  at_risk: 'govuk-tag--orange',
  overdue: 'govuk-tag--red',
  completed: 'govuk-tag--blue',
  closed_with_evidence: 'govuk-tag--purple',
}

export interface Tag {
  readonly text: string
  readonly classes: string
}

export function statusTag(status: ActionStatus): Tag {
  return { text: statusLabels[status], classes: statusClasses[status] }
}

export const updateKindLabels: Readonly<Record<ActionUpdateKind, string>> = {
  raised: 'Action raised',
  progress: 'Progress update',
  completed: 'Marked as completed',
  overdue: 'Became overdue',
  due_date_changed: 'New due date agreed',
  signed_off: 'Signed off and closed',
  returned: 'Returned to the owner',
  escalated: 'Escalated',
}

const unknownSource: DescribedSource = {
  label: 'Other',
  text: 'No longer available',
  href: undefined,
}

export function sourceOf(
  row: Pick<ActionRow, 'sourceType' | 'sourceId'>,
  sources: ReadonlyMap<string, DescribedSource>,
): DescribedSource {
  return sources.get(sourceKey({ type: row.sourceType, id: row.sourceId })) ?? unknownSource
}

export interface ActionListItem {
  readonly id: string
  readonly href: string
  readonly reference: string
  readonly title: string
  readonly ownerAgency: string
  readonly ownerPerson: string | null
  readonly raisedByGroup: string | null
  readonly dueDate: string
  readonly status: Tag
  readonly statusValue: ActionStatus
  readonly source: DescribedSource
}

export function presentActionRow(
  row: ActionRow,
  today: string,
  sources: ReadonlyMap<string, DescribedSource>,
): ActionListItem {
  const current = effectiveStatus(row.status, row.dueDate, today)
  return {
    id: row.id,
    href: actionPaths.action({ actionId: row.id }),
    reference: formatReference(row.reference),
    title: row.title,
    ownerAgency: row.ownerAgencyName,
    ownerPerson: row.ownerUserName,
    raisedByGroup: row.raisedByGroupName,
    dueDate: row.dueDate,
    status: statusTag(current),
    statusValue: current,
    source: sourceOf(row, sources),
  }
}

export interface TimelineEntry {
  readonly title: string
  readonly status: Tag
  readonly note: string | null
  readonly updateDate: string
  readonly newDueDate: string | null
  readonly recordedAt: Date
  readonly recordedBy: string
  readonly evidence: readonly EvidenceItem[]
}

export interface EvidenceItem {
  readonly description: string
  readonly filename: string
  readonly size: string
  readonly href: string
  readonly addedAt: Date
  readonly addedBy: string | null
}

function presentEvidence(actionId: string, row: EvidenceRow): EvidenceItem {
  return {
    description: row.description,
    filename: row.filename,
    size: formatFileSize(row.sizeBytes),
    href: actionPaths.evidenceFile({ actionId, evidenceId: row.id }),
    addedAt: row.addedAt,
    addedBy: row.addedBy,
  }
}

export interface ActionPage {
  readonly item: ActionListItem
  readonly description: string | null
  readonly raisedOn: string
  readonly raisedBy: string | null
  readonly completedOn: string | null
  readonly signedOff: { at: Date; by: string | null } | null
  readonly timeline: readonly TimelineEntry[]
  readonly evidence: readonly EvidenceItem[]
  readonly isOpen: boolean
  readonly pastDue: boolean
  readonly canUpdate: boolean
  readonly canAddEvidence: boolean
  readonly canChangeDueDate: boolean
  readonly canSignOff: boolean
}

export function presentActionPage(
  detail: ActionDetail,
  sources: ReadonlyMap<string, DescribedSource>,
): ActionPage {
  const { action, today } = detail
  const evidenceByUpdate = new Map<string | null, EvidenceItem[]>()
  for (const row of detail.evidence) {
    const list = evidenceByUpdate.get(row.updateId) ?? []
    list.push(presentEvidence(action.id, row))
    evidenceByUpdate.set(row.updateId, list)
  }
  const open = isOpen(action.status)
  return {
    item: presentActionRow(action, today, sources),
    description: action.description,
    raisedOn: action.raisedOn,
    raisedBy: action.raisedByUserName,
    completedOn: action.completedOn,
    signedOff:
      action.signedOffAt === null ? null : { at: action.signedOffAt, by: action.signedOffByName },
    timeline: detail.updates.map((u: UpdateRow) => ({
      title: updateKindLabels[u.kind],
      status: statusTag(u.statusAfter),
      note: u.note,
      updateDate: u.updateDate,
      newDueDate: u.newDueDate,
      recordedAt: u.recordedAt,
      recordedBy: u.recordedBy,
      evidence: evidenceByUpdate.get(u.id) ?? [],
    })),
    evidence: detail.evidence.map((row) => presentEvidence(action.id, row)),
    isOpen: open,
    pastDue: open && action.dueDate < today,
    canUpdate: detail.canUpdate && open,
    canAddEvidence: detail.canUpdate && action.status !== 'closed_with_evidence',
    canChangeDueDate: detail.canManage && open,
    canSignOff: detail.canManage && action.status === 'completed',
  }
}

/** One row of the action log export. */
export interface ActionLogRow {
  readonly row: ActionRow
  readonly status: ActionStatus
  readonly source: DescribedSource
}

export function actionLogRows(
  rows: readonly ActionRow[],
  today: string,
  sources: ReadonlyMap<string, DescribedSource>,
): ActionLogRow[] {
  return rows.map((row) => ({
    row,
    status: effectiveStatus(row.status, row.dueDate, today),
    source: sourceOf(row, sources),
  }))
}

export const actionLogColumns: readonly Column<ActionLogRow>[] = [
  { header: 'Reference', value: (r) => formatReference(r.row.reference) },
  { header: 'Action', value: (r) => r.row.title },
  { header: 'Description', value: (r) => r.row.description },
  { header: 'Source', value: (r) => r.source.label },
  { header: 'Raised from', value: (r) => r.source.text },
  { header: 'Raised by group', value: (r) => r.row.raisedByGroupName },
  { header: 'Owner agency', value: (r) => r.row.ownerAgencyName },
  { header: 'Owner', value: (r) => r.row.ownerUserName },
  { header: 'Raised on', value: (r) => r.row.raisedOn },
  { header: 'Due date', value: (r) => r.row.dueDate },
  { header: 'Status', value: (r) => statusLabels[r.status] },
  { header: 'Completed on', value: (r) => r.row.completedOn },
  { header: 'Signed off', value: (r) => (r.row.signedOffAt === null ? null : r.row.signedOffAt) },
]

/** The JSON API's view of an action. */
export function apiActionOf(
  row: ActionRow,
  today: string,
  sources: ReadonlyMap<string, DescribedSource>,
): {
  id: string
  reference: string
  title: string
  description: string | null
  status: ActionStatus
  dueDate: string
  raisedOn: string
  completedOn: string | null
  ownerAgency: { id: string; name: string }
  ownerPerson: { id: string; name: string } | null
  raisedByGroup: { id: string; name: string } | null
  source: { type: string; label: string; text: string }
} {
  const source = sourceOf(row, sources)
  return {
    id: row.id,
    reference: formatReference(row.reference),
    title: row.title,
    description: row.description,
    status: effectiveStatus(row.status, row.dueDate, today),
    dueDate: row.dueDate,
    raisedOn: row.raisedOn,
    completedOn: row.completedOn,
    ownerAgency: { id: row.ownerAgencyId, name: row.ownerAgencyName },
    ownerPerson:
      row.ownerUserId === null
        ? null
        : { id: row.ownerUserId, name: row.ownerUserName ?? 'Unknown' },
    raisedByGroup:
      row.raisedByGroupId === null
        ? null
        : { id: row.raisedByGroupId, name: row.raisedByGroupName ?? 'Unknown' },
    source: { type: row.sourceType, label: source.label, text: source.text },
  }
}
