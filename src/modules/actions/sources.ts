// Where actions come from. Each module that raises actions registers its source types here (in
// src/modules/index.ts): a label ("Meeting item"), and how to describe and link a batch of its
// records. The action tracker never reads another module's tables to say where an action came
// from; it asks the module that owns the source.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import { extensionPoint, uniqueKeys } from '../../platform/extensions.ts'

export interface ActionSourceLink {
  /** Shown to everyone who can see the action: keep case-level detail out of it. */
  readonly text: string
  readonly href: string
}

export interface ActionSourceType {
  /** Stored on the action: lower case letters, digits and underscores, e.g. 'meeting_item'. */
  readonly type: string
  /** What kind of thing the source is, e.g. 'Meeting', 'Challenge', 'Case review'. */
  readonly label: string
  /** Describes the records with these ids (ids not found are left out of the map). */
  describe(
    db: Kysely<Tables>,
    scope: TenantScope,
    ids: readonly string[],
  ): Promise<ReadonlyMap<string, ActionSourceLink>>
}

export interface ActionSourceRef {
  readonly type: string
  readonly id: string
}

export interface DescribedSource {
  readonly label: string
  readonly text: string
  /** Undefined when the source type is not registered or the record no longer exists. */
  readonly href: string | undefined
}

export const SOURCE_TYPE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/

/** Every module that raises actions provides how its source records are described. */
export const actionSources = extensionPoint<ActionSourceType>('actions.sources', {
  validate: uniqueKeys((t) => t.type, 'Action source type'),
})

export class ActionSourceRegistry {
  readonly #types = new Map<string, ActionSourceType>()

  constructor(types: readonly ActionSourceType[]) {
    for (const type of types) {
      if (!SOURCE_TYPE_PATTERN.test(type.type))
        throw new Error(`Action source type "${type.type}" must be lower_snake_case`)
      if (this.#types.has(type.type))
        throw new Error(`Action source type "${type.type}" is registered twice`)
      this.#types.set(type.type, type)
    }
  }

  has(type: string): boolean {
    return this.#types.has(type)
  }

  label(type: string): string {
    return this.#types.get(type)?.label ?? 'Other'
  }

  /** Options for filtering lists by source type. */
  types(): { type: string; label: string }[] {
    return [...this.#types.values()].map((t) => ({ type: t.type, label: t.label }))
  }

  /** Describes many sources at once (one call per source type), keyed by `type:id`. */
  async describe(
    db: Kysely<Tables>,
    scope: TenantScope,
    refs: readonly ActionSourceRef[],
  ): Promise<Map<string, DescribedSource>> {
    const byType = new Map<string, Set<string>>()
    for (const ref of refs) {
      const ids = byType.get(ref.type) ?? new Set<string>()
      ids.add(ref.id)
      byType.set(ref.type, ids)
    }
    const described = new Map<string, DescribedSource>()
    for (const [type, ids] of byType) {
      const sourceType = this.#types.get(type)
      const found: ReadonlyMap<string, ActionSourceLink> =
        sourceType === undefined
          ? new Map<string, ActionSourceLink>()
          : await sourceType.describe(db, scope, [...ids])
      for (const id of ids) {
        const link = found.get(id)
        described.set(sourceKey({ type, id }), {
          label: this.label(type),
          text: link?.text ?? 'No longer available',
          href: link?.href,
        })
      }
    }
    return described
  }
}

export function sourceKey(ref: ActionSourceRef): string {
  return `${ref.type}:${ref.id}`
}
