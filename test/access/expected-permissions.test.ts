// The grants every module declares, checked against the human-reviewed table in
// expected-permissions.ts (not against themselves): case-level permissions only for their teams,
// administration only for administrators, a practitioner nothing beyond public and training
// material, an agency lead only their own agency's records.
import { describe, expect, it } from 'vitest'
import { Policy, type GrantScope } from '../../src/platform/access/policy.ts'
import { platformPermissions } from '../../src/platform/access/platform-permissions.ts'
import { roles, type Role } from '../../src/platform/access/roles.ts'
import { appModules } from '../../src/modules/index.ts'
import {
  caseLevelModules,
  expectedPermissions,
  matches,
  mustNotHold,
} from './expected-permissions.ts'

// The same definitions the application builds its policy from (src/app.ts).
const policy = new Policy([platformPermissions, ...appModules.map((m) => m.permissions ?? {})])
const grants = new Map(policy.permissions().map(([name, d]) => [name, d.grants]))

function grantOf(role: Role, permission: string): GrantScope | undefined {
  return grants.get(permission)?.[role]
}

describe('expected permissions (a reviewed table, independent of the grants)', () => {
  it('gives each role what it must have, as far as it must', () => {
    const problems: string[] = []
    for (const role of roles) {
      for (const [permission, scope] of Object.entries(expectedPermissions[role].mustHave)) {
        if (!grants.has(permission))
          problems.push(`${permission} (expected for ${role}) is not declared`)
        else if (grantOf(role, permission) !== scope)
          problems.push(
            `${role} should hold ${permission} for ${scope}, has ${grantOf(role, permission) ?? 'nothing'}`,
          )
      }
    }
    expect(problems).toEqual([])
  })

  it('gives no role a permission it must never hold', () => {
    const problems: string[] = []
    for (const [permission, roleGrants] of grants) {
      for (const role of Object.keys(roleGrants) as Role[]) {
        if (mustNotHold(role, permission))
          problems.push(`${role} holds ${permission}: see test/access/expected-permissions.ts`)
      }
    }
    expect(problems).toEqual([])
  })

  it('keeps case-level permissions to their team, with only the written-down exceptions', () => {
    const problems: string[] = []
    for (const module of caseLevelModules) {
      const own = [...grants].filter(([name]) => module.permissions.some((p) => matches(p, name)))
      for (const [permission, roleGrants] of own) {
        for (const [role, scope] of Object.entries(roleGrants) as [Role, GrantScope][]) {
          if (role === module.team) continue
          const allowed = module.exceptions?.[permission]?.roles[role]
          if (allowed === undefined)
            problems.push(`${module.module}: ${role} holds ${permission}, only ${module.team} may`)
          else if (allowed !== scope)
            problems.push(
              `${module.module}: ${role} holds ${permission} for ${scope}, only ${allowed}`,
            )
        }
      }
      // An exception names a permission that exists (a renamed one must not leave it dangling).
      for (const permission of Object.keys(module.exceptions ?? {}))
        if (!grants.has(permission)) problems.push(`exception for unknown ${permission}`)
    }
    expect(problems).toEqual([])
    // Case reviews exist today: its read permission must be covered by the table.
    expect([...grants.keys()].filter((p) => p.startsWith('case_reviews.'))).toContain(
      'case_reviews.read',
    )
  })

  it('decides as the table says (the checks above would catch a widened grant)', () => {
    // The table's own logic, so a mistake in it cannot make every check above pass vacuously.
    expect(mustNotHold('partnership_admin', 'case_reviews.read')).toBe(true)
    expect(mustNotHold('business_unit', 'child_deaths.read')).toBe(true)
    expect(mustNotHold('lado_team', 'allegations.manage')).toBe(false)
    expect(mustNotHold('cdop_team', 'allegations.read')).toBe(true)
    expect(mustNotHold('agency_lead', 'case_reviews.returns')).toBe(false)
    expect(mustNotHold('board_member', 'case_reviews.returns')).toBe(true)
    expect(mustNotHold('practitioner', 'training.book')).toBe(false)
    expect(mustNotHold('practitioner', 'governance.read')).toBe(true)
    expect(mustNotHold('board_member', 'admin.audit')).toBe(true)
    expect(mustNotHold('partnership_admin', 'admin.audit')).toBe(false)
  })
})
