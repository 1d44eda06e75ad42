// Turns the OpenAPI document into the view model of the API reference page (GOV.UK summary
// cards), so the reference is readable, accessible and always matches the routes.

export interface ApiOperationView {
  readonly id: string
  readonly method: string
  readonly path: string
  readonly summary: string
  readonly description: string
  readonly tag: string
  readonly parameters: readonly {
    name: string
    in: string
    required: boolean
    description: string
    type: string
  }[]
  readonly requestBody: string | undefined
  readonly responses: readonly { status: string; description: string; schema: string | undefined }[]
}

export interface ApiReferenceView {
  readonly title: string
  readonly version: string
  readonly description: string
  readonly groups: readonly { tag: string; operations: readonly ApiOperationView[] }[]
}

type Json = Record<string, unknown>

const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' ? (value as Json) : {}
const asString = (value: unknown): string => (typeof value === 'string' ? value : '')

function schemaOf(content: unknown): string | undefined {
  const json = asObject(asObject(content)['application/json'])
  return json.schema === undefined ? undefined : JSON.stringify(json.schema, null, 2)
}

export function presentApiReference(document: Json): ApiReferenceView {
  const info = asObject(document.info)
  const groups = new Map<string, ApiOperationView[]>()
  for (const [path, item] of Object.entries(asObject(document.paths))) {
    for (const [method, raw] of Object.entries(asObject(item))) {
      const operation = asObject(raw)
      const tags = Array.isArray(operation.tags) ? (operation.tags as unknown[]).map(asString) : []
      const tag = tags[0] ?? 'General'
      const view: ApiOperationView = {
        id: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, ''),
        method: method.toUpperCase(),
        path,
        summary: asString(operation.summary) || `${method.toUpperCase()} ${path}`,
        description: asString(operation.description),
        tag,
        parameters: (Array.isArray(operation.parameters)
          ? (operation.parameters as unknown[])
          : []
        ).map((p) => {
          const parameter = asObject(p)
          return {
            name: asString(parameter.name),
            in: asString(parameter.in),
            required: parameter.required === true,
            description: asString(parameter.description),
            type: asString(asObject(parameter.schema).type) || 'string',
          }
        }),
        requestBody: schemaOf(asObject(operation.requestBody).content),
        responses: Object.entries(asObject(operation.responses)).map(([status, r]) => ({
          status,
          description: asString(asObject(r).description),
          schema: schemaOf(asObject(r).content),
        })),
      }
      groups.set(tag, [...(groups.get(tag) ?? []), view])
    }
  }
  return {
    title: asString(info.title),
    version: asString(info.version),
    description: asString(info.description),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tag, operations]) => ({
        tag,
        operations: operations.sort((a, b) => a.path.localeCompare(b.path)),
      })),
  }
}
