// Where findings come from. Each module that learns something (case reviews, audits, child death
// reviews…) registers its source types here (in src/modules/index.ts): a label, and how to describe
// and link one of its records. The learning module never reads another module's tables to say what
// a finding came from; it asks the module that owns the source.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import { extensionPoint, uniqueKeys } from '../../platform/extensions.ts'

export interface FindingSourceLink {
  /** Shown beside findings and in the theme view: keep case-level detail out of it. */
  readonly title: string
  readonly href: string
}

export interface FindingSourceType {
  /** Stored on the finding: lower case letters, digits and underscores, e.g. 'learning_review'. */
  readonly type: string
  /** What kind of thing the source is, e.g. 'Learning review', 'Case review'. */
  readonly label: string
  /** Describes one record of this type, or undefined when there is none in the partnership. */
  describe(
    db: Kysely<Tables>,
    scope: TenantScope,
    id: string,
  ): Promise<FindingSourceLink | undefined>
}

export interface DescribedFindingSource {
  readonly type: string
  readonly id: string
  readonly label: string
  readonly title: string
  /** Undefined when the source type is not registered or the record no longer exists. */
  readonly href: string | undefined
}

export const FINDING_SOURCE_TYPE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/

/** Every module whose records yield findings provides how those records are described. */
export const findingSources = extensionPoint<FindingSourceType>('learning.findingSources', {
  validate: uniqueKeys((t) => t.type, 'Finding source type'),
})

export class FindingSourceRegistry {
  readonly #types = new Map<string, FindingSourceType>()

  constructor(types: readonly FindingSourceType[]) {
    for (const type of types) {
      if (!FINDING_SOURCE_TYPE_PATTERN.test(type.type))
        throw new Error(`Finding source type "${type.type}" must be lower_snake_case`)
      if (this.#types.has(type.type))
        throw new Error(`Finding source type "${type.type}" is registered twice`)
      this.#types.set(type.type, type)
    }
  }

  has(type: string): boolean {
    return this.#types.has(type)
  }

  label(type: string): string {
    return this.#types.get(type)?.label ?? 'Other'
  }

  types(): { type: string; label: string }[] {
    return [...this.#types.values()].map((t) => ({ type: t.type, label: t.label }))
  }

  /** One source, or undefined when its type is unknown or the record is not in the partnership. */
  async find(
    db: Kysely<Tables>,
    scope: TenantScope,
    type: string,
    id: string,
  ): Promise<DescribedFindingSource | undefined> {
    const sourceType = this.#types.get(type)
    if (sourceType === undefined) return undefined
    const link = await sourceType.describe(db, scope, id)
    return link === undefined ? undefined : { type, id, label: sourceType.label, ...link }
  }

  /** Describes many sources (one call per distinct source), keyed by `type:id`. */
  async describeAll(
    db: Kysely<Tables>,
    scope: TenantScope,
    refs: readonly { type: string; id: string }[],
  ): Promise<Map<string, DescribedFindingSource>> {
    const described = new Map<string, DescribedFindingSource>()
    for (const ref of refs) {
      const key = findingSourceKey(ref)
      if (described.has(key)) continue
      const found = await this.find(db, scope, ref.type, ref.id)
      described.set(
        key,
        found ?? {
          type: ref.type,
          id: ref.id,
          label: this.label(ref.type),
          title: 'No longer available',
          href: undefined,
        },
      )
    }
    return described
  }
}

export function findingSourceKey(ref: { type: string; id: string }): string {
  return `${ref.type}:${ref.id}`
}
