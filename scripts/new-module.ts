// `npm run new-module <name>`: writes the skeleton of a module from the module kit
// (docs/modules.md) and adds it to the composition root (src/modules/index.ts), the database type
// (src/schema.ts) and the access expectations (test/access/expected-permissions.ts). The skeleton
// type-checks, lints and appears in the access matrix as written: one record type with a list
// page, an "add" form and a JSON list, read by the business unit and board members, managed by
// the business unit. Then make it the module's own.
//
//   npm run new-module child-deaths            (or: tsx scripts/new-module.ts child-deaths)
//   tsx scripts/new-module.ts child-deaths --root /some/copy/of/the/repo
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'

export interface ModuleNames {
  /** 'child-deaths': the folder, the module's name and its URL. */
  readonly kebab: string
  /** 'childDeaths' */
  readonly camel: string
  /** 'ChildDeaths' */
  readonly pascal: string
  /** 'child_deaths': permissions and tables. */
  readonly snake: string
  /** 'Child deaths' */
  readonly title: string
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

export function moduleNames(name: string): ModuleNames {
  if (!NAME.test(name) || name.length > 40)
    throw new Error(
      `"${name}" is not a module name: use lower case words joined by hyphens, e.g. child-deaths`,
    )
  const words = name.split('-')
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1)
  return {
    kebab: name,
    camel: (words[0] ?? '') + words.slice(1).map(cap).join(''),
    pascal: words.map(cap).join(''),
    snake: words.join('_'),
    title: cap(words.join(' ')),
  }
}

/** 'YYYY-MM-DD-HHMM' in UTC: the first migration's name sorts after every earlier one. */
export function migrationStamp(now: Date): string {
  const iso = now.toISOString()
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`
}

/** The skeleton's files, by path inside the module's folder. */
export function skeleton(n: ModuleNames, migration: string): Record<string, string> {
  const { kebab, camel, pascal, snake, title } = n
  const P = `${snake.toUpperCase()}_PERMISSIONS`
  return {
    'index.ts': `// ${title}'s public surface: what other modules may use. Everything else in this folder is
// private to the module (eslint enforces it: see docs/decisions/0012-module-boundaries.md).
export { ${camel}Module } from './module.ts'
export { ${camel}Paths } from './paths.ts'
export { ${P} } from './policy.ts'
`,
    'module.ts': `// ${title}. See README.md.
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import type { AppModule } from '../../platform/module.ts'
import * as first from './migrations/${migration}.ts'
import { ${camel}Paths } from './paths.ts'
import { ${P}, ${camel}Permissions } from './policy.ts'
import { ${camel}Routes } from './routes.ts'

export const ${camel}Migrations: NamedMigrations = {
  '${migration}': first,
}

export const ${camel}Module: AppModule = {
  name: '${kebab}',
  dependsOn: [],
  provides: [],
  migrations: ${camel}Migrations,
  permissions: ${camel}Permissions,
  navigation: [
    {
      text: '${title}',
      href: ${camel}Paths.list(),
      permission: ${P}.read,
      activePrefix: '/${kebab}',
      description: '${title}: describe in one line what this module is for.',
    },
  ],
  viewGlobals: { ${camel}Paths },
  routes: ${camel}Routes,
}
`,
    'paths.ts': `// ${title}'s typed paths.
import { path } from '../../platform/http/paths.ts'

export const ${camel}Paths = {
  list: path('/${kebab}'),
  add: path('/${kebab}/new'),
  apiList: path('/api/v1/${kebab}'),
} as const
`,
    'policy.ts': `// Who may do what in ${title.toLowerCase()}. Routes declare only their route permission; every use
// case starts with one of these.
import type { PermissionDefinitions } from '../../platform/access/policy.ts'
import { authorize, type UseCaseContext } from '../../platform/use-case.ts'

export const ${P} = {
  /** See the records. */
  read: '${snake}.read',
  /** Add and change them (the business unit). */
  manage: '${snake}.manage',
} as const

export const ${camel}Permissions: PermissionDefinitions = {
  [${P}.read]: {
    description: 'See ${title.toLowerCase()} records',
    grants: { business_unit: 'all', board_member: 'all' },
  },
  [${P}.manage]: {
    description: 'Add and change ${title.toLowerCase()} records',
    grants: { business_unit: 'all' },
  },
}

export function authorizeRead(ctx: UseCaseContext): void {
  authorize(ctx, ${P}.read)
}

export function authorizeManage(ctx: UseCaseContext): void {
  authorize(ctx, ${P}.manage)
}
`,
    'schemas.ts': `// ${title}'s input: the form and the API, validated whole at the edge.
import { z } from 'zod'
import { requiredText } from '../../platform/validation.ts'

export const recordFormSchema = z.object({
  title: requiredText('the title', 200),
})
export type RecordForm = z.output<typeof recordFormSchema>

const apiRecord = z.object({ id: z.uuid(), title: z.string(), createdAt: z.string() })

export const ${camel}ApiSchemas = {
  list: {
    tags: ['${title}'],
    summary: 'List ${title.toLowerCase()} records',
    description: 'Every record, newest first.',
    response: { 200: z.object({ records: z.array(apiRecord) }) },
  },
} as const
`,
    'tables.ts': `// ${title}'s tables, as Kysely sees them (src/schema.ts adds them to the database type).
import type { Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/tables.ts'

export interface ${pascal}RecordTable {
  partnership_id: string
  id: Generated<string>
  title: string
  created_at: Timestamp
  created_by_user_id: string | null
}

export interface ${pascal}Tables {
  ${snake}_record: ${pascal}RecordTable
}
`,
    [`migrations/${migration}.ts`]: `import { sql } from 'kysely'
import type { MigrationDb } from '../../../platform/db/migrations.ts'

// ${title}'s first table. Every row belongs to a partnership, which leads its key.
export async function up(db: MigrationDb): Promise<void> {
  await sql\`
    create table ${snake}_record (
      partnership_id uuid not null references partnership (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      title text not null check (length(trim(title)) between 1 and 200),
      created_at timestamptz not null,
      created_by_user_id uuid,
      primary key (partnership_id, id),
      foreign key (partnership_id, created_by_user_id) references app_user (partnership_id, id)
    )
  \`.execute(db)
}
`,
    'repository.ts': `// ${title}'s SQL. Every function takes the tenant scope and filters by it.
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { TenantScope } from '../../platform/tenancy.ts'

type Db = Kysely<Tables>

export interface RecordRow {
  readonly id: string
  readonly title: string
  readonly createdAt: Date
}

export async function listRecords(db: Db, scope: TenantScope): Promise<RecordRow[]> {
  return db
    .selectFrom('${snake}_record')
    .where('partnership_id', '=', scope.partnershipId)
    .select(['id', 'title', 'created_at as createdAt'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
}

export async function insertRecord(
  db: Db,
  scope: TenantScope,
  values: { title: string; now: Date; createdByUserId: string | null },
): Promise<string> {
  const row = await db
    .insertInto('${snake}_record')
    .values({
      partnership_id: scope.partnershipId,
      title: values.title,
      created_at: values.now,
      created_by_user_id: values.createdByUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
`,
    'service.ts': `// ${title}'s use cases. Each takes the use-case context first: authorise, check, change and
// audit in one transaction, return what the caller needs.
import { audit, transaction, userIdOf, type UseCaseContext } from '../../platform/use-case.ts'
import { authorizeManage, authorizeRead } from './policy.ts'
import * as repo from './repository.ts'
import type { RecordRow } from './repository.ts'
import type { RecordForm } from './schemas.ts'

export type { RecordRow }

export async function listRecords(ctx: UseCaseContext): Promise<RecordRow[]> {
  authorizeRead(ctx)
  return repo.listRecords(ctx.db, ctx.scope)
}

export async function addRecord(ctx: UseCaseContext, input: RecordForm): Promise<string> {
  authorizeManage(ctx)
  return transaction(ctx, async (tx) => {
    const id = await repo.insertRecord(tx.db, tx.scope, {
      title: input.title,
      now: tx.services.clock.now(),
      createdByUserId: userIdOf(tx),
    })
    await audit(tx, {
      action: 'create',
      recordType: '${snake}_record',
      recordId: id,
      changes: { after: { title: input.title } },
    })
    return id
  })
}
`,
    'pages.ts': `// ${title}'s page and API handlers: each calls one use case and hands the view its model.
import type { ApiInput, RouteInput } from '../../platform/http/route-table.ts'
import { ${camel}Paths } from './paths.ts'
import type { ${camel}ApiSchemas, RecordForm } from './schemas.ts'
import * as service from './service.ts'

export async function listPage({ ctx, reply }: RouteInput<string>) {
  return reply.render('${kebab}/views/list.njk', {
    pageTitle: '${title}',
    records: await service.listRecords(ctx),
  })
}

export const addRecord = {
  template: '${kebab}/views/new.njk',
  load: async () => ({
    pageTitle: 'Add a record',
    action: ${camel}Paths.add(),
    backLink: { href: ${camel}Paths.list() },
  }),
  save: async ({ ctx }: RouteInput<string>, value: RecordForm) => {
    await service.addRecord(ctx, value)
    return ${camel}Paths.list()
  },
}

export async function listApi({ ctx }: ApiInput<string, (typeof ${camel}ApiSchemas)['list']>) {
  const records = await service.listRecords(ctx)
  return {
    records: records.map((r) => ({ id: r.id, title: r.title, createdAt: r.createdAt.toISOString() })),
  }
}
`,
    'routes.ts': `// ${title}'s routes: every page, form and API endpoint, with who may reach it.
import { api, form, page, type RouteTable } from '../../platform/http/route-table.ts'
import * as pages from './pages.ts'
import { ${camel}Paths } from './paths.ts'
import { ${P} as P } from './policy.ts'
import { ${camel}ApiSchemas, recordFormSchema } from './schemas.ts'

export const ${camel}Routes: RouteTable = [
  page({ path: ${camel}Paths.list, permission: P.read, handler: pages.listPage }),
  form({ path: ${camel}Paths.add, permission: P.manage, schema: recordFormSchema, ...pages.addRecord }),
  api({
    method: 'GET',
    path: ${camel}Paths.apiList,
    permission: P.read,
    schema: ${camel}ApiSchemas.list,
    handler: pages.listApi,
  }),
]
`,
    'views/list.njk': `{% extends "layout.njk" %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "macros/scrollable-table.njk" import scrollableTable %}
{% block main_content %}
<h1 class="govuk-heading-l">{{ pageTitle }}</h1>
{% if can("${snake}.manage") %}
  {{ govukButton({ text: "Add a record", href: paths.${camel}Paths.add() }) }}
{% endif %}
{% if records | length %}
{% call scrollableTable({ label: "${title}" }) %}
<table class="govuk-table" data-records>
  <caption class="govuk-table__caption govuk-table__caption--m">Records</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Title</th>
    <th scope="col" class="govuk-table__header">Added</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {% for r in records %}
      <tr class="govuk-table__row"><td class="govuk-table__cell">{{ r.title }}</td><td class="govuk-table__cell">{{ r.createdAt | formatDate }}</td></tr>
    {% endfor %}
  </tbody>
</table>
{% endcall %}
{% else %}
  <p class="govuk-body" data-no-records>There are no records yet.</p>
{% endif %}
{% endblock %}
`,
    'views/new.njk': `{% extends "layout.njk" %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "macros/form.njk" import postForm with context %}
{% block main_content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">{{ pageTitle }}</h1>
{% call postForm({ action: action }) %}
  {{ govukInput({ id: "title", name: "title", label: { text: "Title", classes: "govuk-label--s" }, value: values.title, errorMessage: errors.fields.title }) }}
  {{ govukButton({ text: "Save" }) }}
{% endcall %}
</div></div>
{% endblock %}
`,
    'README.md': `# ${title}

What this module owns, who uses it, and which statutory guidance it follows. Written by
\`npm run new-module ${kebab}\` from the module kit: see docs/modules.md for what each file is for.

- Permissions: \`${snake}.read\` (business unit, board members), \`${snake}.manage\` (business unit).
- Tables: \`${snake}_record\`.
- Pages: \`/${kebab}\`, \`/${kebab}/new\`; API: \`GET /api/v1/${kebab}\`.
`,
    'routes.test.ts': `// ${title}'s pages in-process: the business unit adds a record (audited) and sees it listed; bad
// input is refused with the field named and nothing saved; a practitioner may not see the list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.ts'
import { createPartnership, createUser, type TestUser } from '../../../test/support/factories.ts'
import { ${camel}Paths } from './paths.ts'

describe('${title.toLowerCase()} pages', () => {
  let app: TestApp
  let businessUnit: TestUser
  let practitioner: TestUser

  beforeAll(async () => {
    app = await buildTestApp()
    const north = await createPartnership(app.services.db)
    businessUnit = await createUser(app.services.db, north, { roles: ['business_unit'] })
    practitioner = await createUser(app.services.db, north, { roles: ['practitioner'] })
  })
  afterAll(async () => {
    await app.close()
  })

  it('adds a record, audited, and lists it', async () => {
    const client = await app.clientAs(businessUnit)
    await client.get(${camel}Paths.add())
    const saved = await client.submit(${camel}Paths.add(), { title: "Zoë O'Brien's record" })
    expect(saved.status).toBe(303)
    const list = await client.get(${camel}Paths.list())
    expect(list.$('[data-records]').text()).toContain("Zoë O'Brien's record")
    const audited = await app.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_type', '=', '${snake}_record')
      .execute()
    expect(audited).toEqual([{ action: 'create' }])
  })

  it('refuses a record without a title, saving nothing', async () => {
    const client = await app.clientAs(businessUnit)
    await client.get(${camel}Paths.add())
    const refused = await client.submit(${camel}Paths.add(), { title: ' ' })
    expect(refused.status).toBe(400)
    expect(refused.$('.govuk-error-summary').text()).toContain('Enter the title')
  })

  it('shows the list only to those who may read it', async () => {
    expect((await (await app.clientAs(practitioner)).get(${camel}Paths.list())).status).toBe(403)
  })
})
`,
  }
}

// ---------------------------------------------------------------------------------------------
// The edits to shared files: small, and each where a reader would look for it.

/** Adds the module to src/modules/index.ts: one import, one line in the list. */
export function addToModuleList(source: string, n: ModuleNames): string {
  const line = `import { ${n.camel}Module } from './${n.kebab}/index.ts'\n`
  const lastImport = source.lastIndexOf("from './")
  const afterImport = source.indexOf('\n', lastImport) + 1
  const withImport = source.slice(0, afterImport) + line + source.slice(afterImport)
  const list = withImport.indexOf('export const appModules')
  const close = withImport.indexOf('\n]', list)
  if (lastImport < 0 || list < 0 || close < 0)
    throw new Error('src/modules/index.ts does not have the shape new-module expects')
  return `${withImport.slice(0, close)}\n  ${n.camel}Module,${withImport.slice(close)}`
}

/** Adds the module's tables to the database type in src/schema.ts. */
export function addToSchema(source: string, n: ModuleNames): string {
  const line = `import type { ${n.pascal}Tables } from './modules/${n.kebab}/tables.ts'\n`
  const lastImport = source.lastIndexOf('import type')
  const afterImport = source.indexOf('\n', lastImport) + 1
  const withImport = source.slice(0, afterImport) + line + source.slice(afterImport)
  const end = withImport.lastIndexOf(' {}')
  if (lastImport < 0 || end < 0)
    throw new Error('src/schema.ts does not have the shape new-module expects')
  return `${withImport.slice(0, end).trimEnd()},\n    ${n.pascal}Tables${withImport.slice(end)}`
}

/** Writes the new permissions into the reviewed access expectations (the business unit's). */
export function addToExpectedPermissions(source: string, n: ModuleNames): string {
  const anchor = '  business_unit: {\n    mustHave: {\n'
  const at = source.indexOf(anchor)
  if (at < 0)
    throw new Error(
      'test/access/expected-permissions.ts does not have the shape new-module expects',
    )
  const lines =
    `      '${n.snake}.read': 'all', // ${n.kebab} (npm run new-module): review before release\n` +
    `      '${n.snake}.manage': 'all',\n`
  return source.slice(0, at + anchor.length) + lines + source.slice(at + anchor.length)
}

/** Formats as the project does (its .prettierrc), so CI's format check passes as written. */
async function formatted(target: string, text: string): Promise<string> {
  if (target.endsWith('.njk')) return text
  const options = (await prettier.resolveConfig(target)) ?? {}
  return prettier.format(text, { ...options, filepath: target })
}

/** Writes the module's skeleton and the three edits; returns the files written. */
export async function newModule(root: string, name: string, now = new Date()): Promise<string[]> {
  const n = moduleNames(name)
  const dir = path.join(root, 'src', 'modules', n.kebab)
  if (existsSync(dir)) throw new Error(`src/modules/${n.kebab} already exists`)
  // Every edit is worked out before anything is written, so a refusal leaves the tree untouched.
  const edits: [string, (source: string, names: ModuleNames) => string][] = [
    ['src/modules/index.ts', addToModuleList],
    ['src/schema.ts', addToSchema],
    ['test/access/expected-permissions.ts', addToExpectedPermissions],
  ]
  const files = new Map<string, string>()
  for (const [file, change] of edits)
    files.set(path.join(root, file), change(readFileSync(path.join(root, file), 'utf8'), n))
  const migration = `${migrationStamp(now)}-${n.kebab}`
  for (const [file, text] of Object.entries(skeleton(n, migration)))
    files.set(path.join(dir, file), text)
  const written: string[] = []
  for (const [target, text] of files) {
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, await formatted(target, text))
    written.push(path.relative(root, target))
  }
  return written
}

async function main(argv: readonly string[]): Promise<void> {
  const args = [...argv]
  const rootAt = args.indexOf('--root')
  let root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  if (rootAt >= 0) {
    root = path.resolve(args[rootAt + 1] ?? '.')
    args.splice(rootAt, 2)
  }
  const [name] = args
  if (name === undefined || args.length !== 1) {
    process.stderr.write('Usage: npm run new-module <name>   (e.g. child-deaths)\n')
    process.exitCode = 2
    return
  }
  try {
    const written = await newModule(root, name)
    process.stdout.write(
      `Wrote the ${name} module:\n${written.map((f) => `  ${f}`).join('\n')}\n` +
        'Next: fill it in (docs/modules.md), and review its line in expected-permissions.ts.\n',
    )
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
)
  await main(process.argv.slice(2))
