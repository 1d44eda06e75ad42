// `npm run new-module`: on a copy of the repository (src, test, scripts and the configuration, in
// .tmp), the generator writes a module that type-checks and lints with the project's own settings,
// is in the composition root (so its routes are in the access matrix, which is generated from
// them) and in the reviewed access expectations; and it refuses a bad or taken name, writing
// nothing.
import { execFile } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..', '..')
const copied = [
  'src',
  'test',
  'scripts',
  'eslint-rules',
  'package.json',
  'tsconfig.json',
  'eslint.config.js',
  '.prettierrc.json',
]

describe('npm run new-module', { timeout: 240_000 }, () => {
  let copy: string
  const generate = (name: string) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/new-module.ts', name], { cwd: copy }).then(
      (r) => ({ code: 0, ...r }),
      (e: unknown) => e as { code: number; stdout: string; stderr: string },
    )

  beforeAll(() => {
    mkdirSync(path.join(root, '.tmp'), { recursive: true })
    copy = mkdtempSync(path.join(root, '.tmp', 'new-module-'))
    for (const entry of copied)
      cpSync(path.join(root, entry), path.join(copy, entry), {
        recursive: true,
        filter: (source) => !path.basename(source).startsWith('lint-probe-'),
      })
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir')
  })
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true })
  })

  it('writes a module that type-checks, lints and is in the access matrix', async () => {
    const generated = await generate('reading-log')
    expect(generated.stderr).toBe('')
    expect(generated.code).toBe(0)
    const files = generated.stdout
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim())
    const moduleDir = 'src/modules/reading-log'
    for (const file of [
      'index.ts',
      'module.ts',
      'routes.ts',
      'pages.ts',
      'service.ts',
      'policy.ts',
      'repository.ts',
      'tables.ts',
      'views/list.njk',
      'README.md',
      'routes.test.ts',
    ])
      expect(files).toContain(`${moduleDir}/${file}`)
    expect(files.filter((f) => f.startsWith(`${moduleDir}/migrations/`))).toHaveLength(1)
    const tsFiles = files.filter((f) => f.endsWith('.ts')).map((f) => path.join(copy, f))

    // Lint (in a child process) and type-check (here) side by side: both with the project's config.
    const lint = run(
      path.join(copy, 'node_modules', '.bin', 'eslint'),
      ['--max-warnings', '0', '--format', 'json', ...tsFiles],
      { cwd: copy, maxBuffer: 20 * 1024 * 1024 },
    ).then(
      (r) => r.stdout,
      (e: unknown) => (e as { stdout: string }).stdout,
    )
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(copy, 'tsconfig.json'),
      undefined,
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
        },
      },
    )
    if (config === undefined) throw new Error('No tsconfig.json in the copy')
    const program = ts.createProgram(tsFiles, config.options)
    const problems = tsFiles.flatMap((file) => {
      const source = program.getSourceFile(file)
      if (source === undefined) return [`${file}: not in the program`]
      return [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ].map(
        (d) =>
          `${path.relative(copy, file)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      )
    })
    expect(problems).toEqual([])
    const linted = JSON.parse(await lint) as {
      filePath: string
      messages: { ruleId: string | null; message: string }[]
    }[]
    expect(
      linted.flatMap((r) =>
        r.messages.map((m) => `${path.relative(copy, r.filePath)}: ${m.ruleId ?? ''} ${m.message}`),
      ),
    ).toEqual([])

    // The access matrix walks the routes of the modules in src/modules/index.ts.
    const probe = `
      import { appModules } from './src/modules/index.ts'
      import { routeEntries } from './src/platform/http/route-table.ts'
      import { mustNotHold } from './test/access/expected-permissions.ts'
      const m = appModules.find((x) => x.name === 'reading-log')
      const routes = routeEntries(m?.routes ?? []).map((r) => [r.method, r.url, r.access])
      const holds = Object.entries(m?.permissions ?? {}).flatMap(([p, d]) =>
        Object.keys(d.grants).filter((role) => mustNotHold(role, p)).map((role) => role + ' ' + p))
      console.log(JSON.stringify({ routes, forbiddenGrants: holds }))
    `
    const listed = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', probe],
      {
        cwd: copy,
      },
    )
    expect(JSON.parse(listed.stdout)).toEqual({
      routes: [
        ['GET', '/reading-log', { permission: 'reading_log.read' }],
        ['GET', '/reading-log/new', { permission: 'reading_log.manage' }],
        ['POST', '/reading-log/new', { permission: 'reading_log.manage' }],
        ['GET', '/api/v1/reading-log', { permission: 'reading_log.read' }],
      ],
      // Nothing the module grants is forbidden by the reviewed expectations.
      forbiddenGrants: [],
    })
    const expectations = readFileSync(
      path.join(copy, 'test/access/expected-permissions.ts'),
      'utf8',
    )
    expect(expectations).toContain("'reading_log.read': 'all'")
    expect(expectations).toContain("'reading_log.manage': 'all'")
  })

  it('refuses a bad name or one already taken, writing nothing', async () => {
    const index = readFileSync(path.join(copy, 'src/modules/index.ts'), 'utf8')
    const bad = await generate('Reading_Log')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('is not a module name')
    expect(existsSync(path.join(copy, 'src/modules/Reading_Log'))).toBe(false)
    const taken = await generate('risk')
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain('src/modules/risk already exists')
    expect(readFileSync(path.join(copy, 'src/modules/index.ts'), 'utf8')).toBe(index)
  })
})
