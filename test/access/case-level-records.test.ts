// A case-level module declares which of its audited record types hold case-level content, so the
// audit trail withholds that content from everyone outside the team (ADR 0016). A new case-level
// module that forgot would show its children's details to the administrator: this fails first.
import { describe, expect, it } from 'vitest'
import { appModules } from '../../src/modules/index.ts'
import { caseLevelModules, matches } from './expected-permissions.ts'

const isCaseLevelPermission = (permission: string) =>
  caseLevelModules.some((m) => m.permissions.some((p) => matches(p, permission)))

describe('case-level record types', () => {
  it('are declared by every module with case-level permissions, each owned by one of them', () => {
    const problems: string[] = []
    for (const module of appModules) {
      const caseLevel = Object.keys(module.permissions ?? {}).filter(isCaseLevelPermission)
      const declared = Object.entries(module.caseLevelRecords ?? {})
      if (caseLevel.length > 0 && declared.length === 0)
        problems.push(`${module.name} has case-level permissions but declares no caseLevelRecords`)
      for (const [recordType, owner] of declared)
        if (!isCaseLevelPermission(owner))
          problems.push(`${module.name}: ${recordType} is owned by ${owner}, not a team permission`)
    }
    expect(problems).toEqual([])
    expect(appModules.some((m) => Object.keys(m.caseLevelRecords ?? {}).length > 0)).toBe(true)
  })
})
