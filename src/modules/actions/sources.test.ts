import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { tenantScope } from '../../platform/tenancy.ts'
import { ActionSourceRegistry, sourceKey, type ActionSourceType } from './sources.ts'

const db = null as unknown as Kysely<Tables>
const scope = tenantScope(randomUUID())

describe('action source registry', () => {
  it('asks each module once per type to describe its records, and says when one is gone', async () => {
    const calls: string[][] = []
    const meeting: ActionSourceType = {
      type: 'meeting_item',
      label: 'Meeting',
      async describe(_db, _scope, ids) {
        calls.push([...ids])
        return new Map(
          ids.slice(0, 1).map((id) => [id, { text: 'Board, 12 March 2026', href: `/m/${id}` }]),
        )
      },
    }
    const registry = new ActionSourceRegistry([meeting])
    const [a, b] = [randomUUID(), randomUUID()]
    const described = await registry.describe(db, scope, [
      { type: 'meeting_item', id: a },
      { type: 'meeting_item', id: b },
      { type: 'meeting_item', id: a },
      { type: 'risk', id: a },
    ])
    expect(calls).toEqual([[a, b]])
    expect(described.get(sourceKey({ type: 'meeting_item', id: a }))).toEqual({
      label: 'Meeting',
      text: 'Board, 12 March 2026',
      href: `/m/${a}`,
    })
    expect(described.get(sourceKey({ type: 'meeting_item', id: b }))).toEqual({
      label: 'Meeting',
      text: 'No longer available',
      href: undefined,
    })
    expect(described.get(sourceKey({ type: 'risk', id: a }))?.label).toBe('Other')
  })

  it('refuses badly named or duplicate source types at start-up', () => {
    const type = (name: string): ActionSourceType => ({
      type: name,
      label: name,
      describe: async () => new Map(),
    })
    expect(() => new ActionSourceRegistry([type('Meeting Item')])).toThrow(/lower_snake_case/)
    expect(() => new ActionSourceRegistry([type('risk'), type('risk')])).toThrow(/twice/)
  })
})
