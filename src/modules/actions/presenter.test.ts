import { describe, expect, it } from 'vitest'
import type { ActionRow } from './repository.ts'
import { actionLogColumns, actionLogRows, apiActionOf, presentActionRow } from './presenter.ts'
import { toCsv } from '../../platform/exports/csv.ts'

const row: ActionRow = {
  id: '6f1c2c8e-7a4b-4f7e-9a43-0c3c1c1b2a11',
  reference: 42,
  sourceType: 'meeting_item',
  sourceId: '1b7a7c0e-3b1e-4d7c-8f0e-5a2b3c4d5e6f',
  title: '=Refresh the escalation policy',
  description: null,
  ownerAgencyId: 'a1b2c3d4-0000-4000-8000-000000000001',
  ownerAgencyName: 'Northshire Police',
  ownerUserId: null,
  ownerUserName: null,
  raisedByGroupId: null,
  raisedByGroupName: null,
  raisedByUserName: "Siobhán O'Brien",
  raisedOn: '2026-01-10',
  dueDate: '2026-03-01',
  status: 'on_track',
  completedOn: null,
  signedOffAt: null,
  signedOffByName: null,
  updatedAt: new Date('2026-01-10T10:00:00Z'),
}
const sources = new Map([
  [
    `meeting_item:${row.sourceId}`,
    { label: 'Meeting', text: 'Board, 12 January 2026', href: '/m' },
  ],
])

describe('action presenter', () => {
  it('shows an in-date action as reported and a past-due one as overdue', () => {
    expect(presentActionRow(row, '2026-02-01', sources)).toMatchObject({
      reference: 'A-0042',
      status: { text: 'On track', classes: 'govuk-tag--green' },
      source: { label: 'Meeting', text: 'Board, 12 January 2026' },
    })
    expect(presentActionRow(row, '2026-03-02', sources).status.text).toBe('Overdue')
    expect(apiActionOf(row, '2026-03-02', sources).status).toBe('overdue')
  })

  it('writes the action log with the shown status and formula-safe cells', () => {
    const csv = toCsv(actionLogColumns, actionLogRows([row], '2026-03-02', sources))
    expect(csv).toContain(
      'A-0042,\'=Refresh the escalation policy,,Meeting,"Board, 12 January 2026"',
    )
    expect(csv).toContain('Overdue')
  })
})
