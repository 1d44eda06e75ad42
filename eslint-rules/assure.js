// Assure's own lint rules: the module boundaries that docs/decisions/0012-module-boundaries.md
// sets out. They read import paths and call names only, so they need no type information.
import path from 'node:path'

const QUERY_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'replaceInto',
  'mergeInto',
  'selectNoFrom',
])

/** Which module a file belongs to, given the folder that holds the modules. */
function moduleOf(file, modulesRoot) {
  const relative = path.relative(modulesRoot, file)
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  const [name, ...rest] = relative.split(path.sep)
  return rest.length === 0 ? undefined : { name, inside: rest.join('/') }
}

function rootsOf(context) {
  const cwd = context.cwd ?? process.cwd()
  const options = context.options[0] ?? {}
  return {
    modulesRoot: path.resolve(cwd, options.modulesRoot ?? 'src/modules'),
    platformRoot: path.resolve(cwd, options.platformRoot ?? 'src/platform'),
  }
}

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'A module imports another module only through its index.ts; the platform imports no module',
    },
    schema: [
      {
        type: 'object',
        properties: { modulesRoot: { type: 'string' }, platformRoot: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      privateFile:
        "'{{target}}' is private to the {{module}} module: import what you need from '{{index}}' (add it to that module's public surface if it should be public).",
      platformImportsModule:
        'The platform never names a module: provide an extension point instead (src/platform/extensions.ts).',
    },
  },
  create(context) {
    const { modulesRoot, platformRoot } = rootsOf(context)
    const file = context.filename
    const from = moduleOf(file, modulesRoot)
    const inPlatform = !path.relative(platformRoot, file).startsWith('..')
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return
      const target = path.resolve(path.dirname(file), source)
      const to = moduleOf(target, modulesRoot)
      if (to === undefined) return
      if (inPlatform) {
        context.report({ node, messageId: 'platformImportsModule' })
        return
      }
      if (from === undefined || from.name === to.name) return
      if (to.inside === 'index.ts') return
      context.report({
        node,
        messageId: 'privateFile',
        data: {
          target: source,
          module: to.name,
          index: path.relative(path.dirname(file), path.join(modulesRoot, to.name, 'index.ts')),
        },
      })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    }
  },
}

/** Files of a module where SQL may be written: its repositories, migrations and demo seed. */
function mayQuery(inside) {
  const base = inside.split('/').pop()
  return (
    inside.startsWith('migrations/') ||
    /(^|-)repository\.ts$/.test(base) ||
    inside.startsWith('repositories/') ||
    /^(demo|seed)(-[a-z-]+)?\.ts$/.test(base) ||
    inside.startsWith('demo/') ||
    /\.test\.ts$/.test(base)
  )
}

const sqlInRepositories = {
  meta: {
    type: 'problem',
    docs: {
      description:
        "Kysely queries are built only in a module's repositories, migrations and demo seed",
    },
    schema: [
      {
        type: 'object',
        properties: { modulesRoot: { type: 'string' }, platformRoot: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      query:
        "SQL belongs in the module's repository (or migrations, or demo seed): move this '{{what}}' into repository.ts and call it from here.",
    },
  },
  create(context) {
    const { modulesRoot } = rootsOf(context)
    const from = moduleOf(context.filename, modulesRoot)
    if (from === undefined || mayQuery(from.inside)) return {}
    return {
      CallExpression(node) {
        const callee = node.callee
        if (
          callee.type === 'MemberExpression' &&
          callee.property.type === 'Identifier' &&
          QUERY_METHODS.has(callee.property.name)
        ) {
          context.report({ node, messageId: 'query', data: { what: callee.property.name } })
        }
      },
      TaggedTemplateExpression(node) {
        if (node.tag.type === 'Identifier' && node.tag.name === 'sql') {
          context.report({ node, messageId: 'query', data: { what: 'sql`…`' } })
        }
      },
    }
  },
}

export default {
  meta: { name: 'assure' },
  rules: { 'module-boundaries': moduleBoundaries, 'sql-in-repositories': sqlInRepositories },
}
