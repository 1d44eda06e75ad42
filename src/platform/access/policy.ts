// The one place that decides whether someone may do something. Routes declare the permission they
// need (checked before the handler runs); services call `authorize` with the record in hand for
// rules that depend on it (an agency lead may change only their own agency's records).
import { forbidden } from '../errors.ts'
import { caseLevelRoles, type Role } from './roles.ts'

/**
 * How far a role's grant reaches: every record in the partnership, or only records belonging to the
 * user's own agency.
 */
export type GrantScope = 'all' | 'own_agency'

export interface PermissionDefinition {
  readonly description: string
  readonly grants: Partial<Record<Role, GrantScope>>
}

export type PermissionDefinitions = Readonly<Record<string, PermissionDefinition>>

/**
 * Record types (as the audit trail names them) whose content is case-level, each with the
 * permission that may read it: the audit trail shows their changes only to holders of that
 * permission (ADR 0016). Modules declare theirs as `caseLevelRecords`.
 */
export type RecordOwners = Readonly<Record<string, string>>

export interface Actor {
  readonly userId: string
  readonly partnershipId: string
  readonly displayName: string
  readonly email: string
  readonly agencyId: string | null
  readonly roles: ReadonlySet<Role>
  /** Signed in through a browser session, or an API token limited to some permissions. */
  readonly via:
    | { readonly kind: 'session'; readonly sessionId: string }
    | {
        readonly kind: 'api_token'
        readonly tokenId: string
        /** The name it was given, so the audit trail can say which token acted. */
        readonly tokenName: string
        readonly permissions: ReadonlySet<string>
      }
}

/**
 * How the audit trail names the means by which a person acted, beside their user id: the API token
 * (its name and id) for a call made with one, nothing for a browser session.
 */
export function auditActorLabel(actor: Actor | undefined): string | null {
  if (actor?.via.kind !== 'api_token') return null
  return `API token "${actor.via.tokenName}" (${actor.via.tokenId})`
}

/** What a record offers the policy to decide on. */
export interface ResourceAttributes {
  /** The agency that owns the record, for own-agency grants. */
  readonly agencyId?: string | null
}

export class Policy {
  readonly #definitions: Map<string, PermissionDefinition>
  readonly #recordOwners: Map<string, string>

  constructor(
    definitions: readonly PermissionDefinitions[],
    recordOwners: readonly RecordOwners[] = [],
  ) {
    this.#definitions = new Map()
    for (const set of definitions) {
      for (const [name, definition] of Object.entries(set)) {
        if (this.#definitions.has(name)) throw new Error(`Permission "${name}" is declared twice`)
        this.#definitions.set(name, definition)
      }
    }
    this.#recordOwners = new Map()
    for (const set of recordOwners) {
      for (const [recordType, permission] of Object.entries(set)) {
        if (!this.#definitions.has(permission))
          throw new Error(
            `Record type "${recordType}" is owned by unknown permission "${permission}"`,
          )
        if (this.#recordOwners.has(recordType))
          throw new Error(`Record type "${recordType}" is declared case-level twice`)
        this.#recordOwners.set(recordType, permission)
      }
    }
  }

  /** The permission that may read a case-level record type's content, or undefined. */
  ownerOf(recordType: string): string | undefined {
    return this.#recordOwners.get(recordType)
  }

  /**
   * May the actor read what the audit trail recorded of this record type's content? Everyone who
   * may read the trail, except for case-level records: only their owning team (ADR 0016).
   */
  mayReadRecordContent(actor: Actor, recordType: string): boolean {
    const owner = this.#recordOwners.get(recordType)
    return owner === undefined || this.can(actor, owner)
  }

  /**
   * Roles that open case-level records: the named case-level teams, and any role granted a
   * permission that reads a case-level record type. Granting one needs a second administrator.
   */
  caseLevelRoles(): ReadonlySet<Role> {
    const result = new Set<Role>(caseLevelRoles)
    for (const permission of new Set(this.#recordOwners.values())) {
      const grants = this.#definitions.get(permission)?.grants ?? {}
      for (const role of Object.keys(grants) as Role[]) result.add(role)
    }
    return result
  }

  has(permission: string): boolean {
    return this.#definitions.has(permission)
  }

  permissions(): [string, PermissionDefinition][] {
    return [...this.#definitions.entries()]
  }

  /** The widest scope any of the actor's roles grants for the permission, or undefined. */
  scopeOf(actor: Actor, permission: string): GrantScope | undefined {
    const definition = this.#definitions.get(permission)
    if (definition === undefined) throw new Error(`Unknown permission "${permission}"`)
    if (actor.via.kind === 'api_token' && !actor.via.permissions.has(permission)) return undefined
    let scope: GrantScope | undefined
    for (const role of actor.roles) {
      const grant = definition.grants[role]
      if (grant === 'all') return 'all'
      if (grant === 'own_agency') scope = 'own_agency'
    }
    return scope
  }

  /** May the actor do this at all (to some record)? Used for routes and for showing links. */
  can(actor: Actor, permission: string, resource?: ResourceAttributes): boolean {
    const scope = this.scopeOf(actor, permission)
    if (scope === undefined) return false
    if (scope === 'all' || resource === undefined) return true
    return (
      resource.agencyId != null && actor.agencyId != null && resource.agencyId === actor.agencyId
    )
  }

  /** Throws forbidden unless the actor may do this to this record. */
  authorize(actor: Actor, permission: string, resource?: ResourceAttributes): void {
    if (!this.can(actor, permission, resource)) throw forbidden()
  }

  /** The permissions the roles grant, in any scope (for issuing API tokens). */
  permissionsFor(roleSet: ReadonlySet<Role>): string[] {
    return [...this.#definitions.entries()]
      .filter(([, d]) => [...roleSet].some((r) => d.grants[r] !== undefined))
      .map(([name]) => name)
  }
}
