// The module boundaries are enforced by lint (docs/decisions/0012-module-boundaries.md). These
// tests put a probe file into the real tree and lint it with the project's own configuration, so
// they fail if the rules are switched off, loosened, or stop applying to a module or to tests.
import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..')
const eslint = new ESLint({ cwd: root })
const probes: string[] = []

async function lintProbe(relativeDir: string, code: string, suffix = '.ts'): Promise<string[]> {
  const file = path.join(root, relativeDir, `lint-probe-${randomBytes(4).toString('hex')}${suffix}`)
  probes.push(file)
  writeFileSync(file, code)
  const [result] = await eslint.lintFiles([file])
  rmSync(file, { force: true })
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`)
}

afterAll(() => {
  for (const file of probes) rmSync(file, { force: true })
})

// The first lint builds the TypeScript program for the whole project: slow on a busy machine.
describe('module boundaries (lint)', { timeout: 180_000 }, () => {
  it("fails a test file that imports another module's repository", async () => {
    const messages = await lintProbe(
      'src/modules/risk',
      `import { listChallenges } from '../governance/repository.ts'\nexport const probe = listChallenges\n`,
      '.test.ts',
    )
    expect(messages.some((m) => m.startsWith('assure/module-boundaries'))).toBe(true)
    expect(messages.join('\n')).toContain('private to the governance module')
  })

  it("fails a module file that imports another module's service", async () => {
    const messages = await lintProbe(
      'src/modules/learning',
      `import { raiseAction } from '../actions/service.ts'\nexport const probe = raiseAction\n`,
    )
    expect(messages.some((m) => m.startsWith('assure/module-boundaries'))).toBe(true)
  })

  it("passes a module file that imports another module's index.ts", async () => {
    const messages = await lintProbe(
      'src/modules/learning',
      `import { raiseAction } from '../actions/index.ts'\nexport const probe = raiseAction\n`,
    )
    expect(messages.filter((m) => m.startsWith('assure/'))).toEqual([])
  })

  it('fails platform code that imports any module', async () => {
    const messages = await lintProbe(
      'src/platform',
      `import { actionsModule } from '../modules/actions/index.ts'\nexport const probe = actionsModule\n`,
    )
    expect(messages.some((m) => m.startsWith('assure/module-boundaries'))).toBe(true)
  })

  it('fails a Kysely query built outside a repository, and passes it inside one', async () => {
    const query = `import type { Kysely } from 'kysely'\nimport type { Tables } from '../../schema.ts'\nexport const probe = (db: Kysely<Tables>) => db.selectFrom('risk').selectAll().execute()\n`
    const outside = await lintProbe('src/modules/risk', query)
    expect(outside.some((m) => m.startsWith('assure/sql-in-repositories'))).toBe(true)
    const inside = await lintProbe('src/modules/risk', query, '-repository.ts')
    expect(inside.filter((m) => m.startsWith('assure/'))).toEqual([])
  })
})
