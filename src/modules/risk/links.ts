// What a risk links to in other modules: the indicators it bears on (performance) and the
// challenges it came from or led to (governance). The register never reads those modules' tables
// itself; the module that owns the record describes it (wired in src/modules/index.ts), as the
// action tracker's sources do.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Actor } from '../../platform/access/policy.ts'
import type { Services } from '../../platform/services.ts'
import type { TenantScope } from '../../platform/tenancy.ts'
import { extensionPoint, uniqueKeys } from '../../platform/extensions.ts'

export interface RiskLinkOption {
  readonly id: string
  /** A short key people know the record by: an indicator code, a challenge reference. */
  readonly key: string
  readonly text: string
}

export interface RiskLink {
  readonly text: string
  readonly href: string
  /** The record's current status in its own module, for a tag. */
  readonly status: { readonly text: string; readonly classes: string } | null
}

export interface RiskLinkSource {
  /** Everything a risk could be linked to, for the form's checkboxes. */
  options(db: Kysely<Tables>, scope: TenantScope): Promise<RiskLinkOption[]>
  /** Describes the records with these ids (ids not found are left out of the map). */
  describe(
    db: Kysely<Tables>,
    scope: TenantScope,
    ids: readonly string[],
  ): Promise<ReadonlyMap<string, RiskLink>>
  /**
   * Of these ids, those the person may see in the owning module (when it restricts who sees
   * what); the others are shown without their details.
   */
  visibleTo?(
    services: Services,
    ctx: { scope: TenantScope; actor: Actor },
    ids: readonly string[],
  ): Promise<ReadonlySet<string>>
}

export interface RiskLinkSources {
  readonly indicators: RiskLinkSource
  readonly challenges: RiskLinkSource
}

export type RiskLinkKind = keyof RiskLinkSources

/** The modules that own what risks link to provide how those records are listed and described. */
export const riskLinkSources = extensionPoint<{ kind: RiskLinkKind; source: RiskLinkSource }>(
  'risk.linkSources',
  { validate: uniqueKeys((s) => s.kind, 'Risk link kind') },
)

/** The link sources the app's modules provide (both kinds must be provided). */
export function linkSourcesOf(services: Services): RiskLinkSources {
  const provided = new Map(services.extensions.of(riskLinkSources).map((s) => [s.kind, s.source]))
  const indicators = provided.get('indicators')
  const challenges = provided.get('challenges')
  if (indicators === undefined || challenges === undefined) {
    throw new Error('The risk register needs link sources for indicators and challenges')
  }
  return { indicators, challenges }
}
