// A module's routes are a flat table: each entry has its path, who may reach it, and its handler.
// buildApp registers every module's table; the access check (access-control.ts), CSRF and error
// handling apply to each entry the same way. Four kinds of entry:
//
//   page  — GET, renders a page (or sends a download).
//   form  — GET shows a GOV.UK form; POST validates the whole submission with Zod and, on any
//           problem (from the schema or the service's ValidationError), shows it again with 400,
//           the error summary and what was typed; on success redirects (303). A conflict keeps what
//           was typed and says what happened (409).
//   post  — POST without a form page of its own (a button), redirecting when done.
//   api   — JSON under /api/v1, its Zod schema published in the OpenAPI document.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { AppError, ValidationError, type FieldError } from '../errors.ts'
import type { Services } from '../services.ts'
import { personContext, type UseCaseContext } from '../use-case.ts'
import { withDateParts } from '../validation.ts'
import { formErrors, noErrors, parseForm, submittedValues } from './forms.ts'
import type { Path, PathParams } from './paths.ts'
import type { Access } from './routing.ts'
import type { UploadLimits } from './uploads.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One registered route. Build entries with page, form, post and api; never by hand. */
export interface RouteDefinition {
  readonly method: HttpMethod
  readonly url: string
  readonly access: Access
  readonly schema?: FastifySchema
  /** Largest body this route accepts, in bytes (uploads set their own). */
  readonly bodyLimit?: number
  /** Set only on a route that takes files (a multipart form); see uploads.ts. */
  readonly uploads?: UploadLimits
  readonly handle: (services: Services, request: FastifyRequest, reply: FastifyReply) => unknown
}

/** A module's route table: entries, or groups of entries (a form is a GET and a POST). */
export type RouteTable = readonly (RouteDefinition | readonly RouteDefinition[])[]

/** Who may reach a route: a permission, or one of the platform's access levels. */
export type RouteAccess =
  | { readonly permission: string; readonly access?: never }
  | { readonly access: Exclude<Access, { permission: string }>; readonly permission?: never }

function accessOf(spec: RouteAccess): Access {
  return spec.permission === undefined ? spec.access : { permission: spec.permission }
}

/** What a handler is given. `ctx` is the signed-in person's use-case context. */
export interface RouteInput<P extends string> {
  readonly request: FastifyRequest
  readonly reply: FastifyReply
  readonly services: Services
  readonly params: PathParams<P>
  readonly query: Readonly<Record<string, unknown>>
  /** The person's use-case context (reading it on a public route throws unauthenticated). */
  readonly ctx: UseCaseContext
}

function inputOf<P extends string>(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
): RouteInput<P> {
  let ctx: UseCaseContext | undefined
  return {
    request,
    reply,
    services,
    params: (request.params ?? {}) as PathParams<P>,
    query: (request.query ?? {}) as Record<string, unknown>,
    get ctx() {
      ctx ??= personContext(services, request)
      return ctx
    },
  }
}

type PathLike<P extends string> = Path<P> | { readonly pattern: P }

// ---------------------------------------------------------------------------------------------

/** A page: GET, rendered by the handler (reply.render) or sent (a download). */
export function page<P extends string>(
  definition: RouteAccess & {
    readonly path: PathLike<P>
    readonly handler: (input: RouteInput<NoInfer<P>>) => Promise<unknown>
  },
): RouteDefinition {
  return {
    method: 'GET',
    url: definition.path.pattern,
    access: accessOf(definition),
    handle: (services, request, reply) => definition.handler(inputOf<P>(services, request, reply)),
  }
}

/** A POST from a button or a small inline form; the handler redirects or renders. */
export function post<P extends string>(
  definition: RouteAccess & {
    readonly path: PathLike<P>
    readonly bodyLimit?: number
    /** The route takes files: read them with multipartForm(request.body). */
    readonly uploads?: UploadLimits
    readonly handler: (input: RouteInput<NoInfer<P>>) => Promise<unknown>
  },
): RouteDefinition {
  return {
    method: 'POST',
    url: definition.path.pattern,
    access: accessOf(definition),
    ...(definition.bodyLimit === undefined ? {} : { bodyLimit: definition.bodyLimit }),
    ...(definition.uploads === undefined ? {} : { uploads: definition.uploads }),
    handle: (services, request, reply) => definition.handler(inputOf<P>(services, request, reply)),
  }
}

export interface FormDefinition<P extends string, S extends z.ZodType> {
  readonly path: PathLike<P>
  readonly template: string
  readonly schema: S
  /** The page's data, and `values` to fill the form with when it is first shown. */
  readonly load: (input: RouteInput<NoInfer<P>>) => Promise<Record<string, unknown>>
  /** Saves and returns where to go next. */
  readonly save: (input: RouteInput<NoInfer<P>>, value: z.output<NoInfer<S>>) => Promise<string>
}

/**
 * A GOV.UK form: GET shows it; POST validates, saves and redirects. Date inputs (name-day,
 * name-month, name-year) are put together into one 'YYYY-MM-DD' field before validation.
 */
export function form<P extends string, S extends z.ZodType>(
  definition: RouteAccess & FormDefinition<P, S>,
): readonly RouteDefinition[] {
  const access = accessOf(definition)
  const url = definition.path.pattern
  const show = async (
    input: RouteInput<P>,
    status: 200 | 400 | 409,
    values: Record<string, unknown> | undefined,
    errors: readonly FieldError[],
  ) => {
    const data = await definition.load(input)
    return input.reply.code(status).render(definition.template, {
      values: {},
      ...data,
      ...(values === undefined ? {} : { values }),
      errors: errors.length === 0 ? noErrors : formErrors(errors, input.request.body),
    })
  }
  return [
    {
      method: 'GET',
      url,
      access,
      handle: (services, request, reply) =>
        show(inputOf<P>(services, request, reply), 200, undefined, []),
    },
    {
      method: 'POST',
      url,
      access,
      handle: async (services, request, reply) => {
        const input = inputOf<P>(services, request, reply)
        const typed = submittedValues(request.body)
        const parsed = parseForm(definition.schema, withDateParts(request.body, 'all'))
        if (!parsed.ok) return show(input, 400, typed, parsed.errors)
        let next: string
        try {
          next = await definition.save(input, parsed.value)
        } catch (error) {
          if (error instanceof ValidationError) return show(input, 400, typed, error.fields)
          if (error instanceof AppError && error.code === 'conflict') {
            // What was typed is kept; the summary says what happened and what to do.
            return show(input, 409, typed, [{ field: 'form', message: error.message }])
          }
          throw error
        }
        return reply.redirect(next, 303)
      },
    },
  ]
}

// ---------------------------------------------------------------------------------------------
// The JSON API. Schemas are Zod: Fastify validates with them (400 with field details on failure)
// and the OpenAPI document is generated from them.

export interface ApiSchema {
  readonly tags?: readonly string[]
  readonly summary?: string
  readonly description?: string
  readonly params?: z.ZodType
  readonly querystring?: z.ZodType
  readonly body?: z.ZodType
  readonly response?: Readonly<Record<number, z.ZodType>>
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined

export interface ApiInput<P extends string, S extends ApiSchema> extends Omit<
  RouteInput<P>,
  'query'
> {
  readonly query: Parsed<S['querystring']>
  readonly body: Parsed<S['body']>
}

export function api<P extends string, const S extends ApiSchema>(
  definition: RouteAccess & {
    readonly method: HttpMethod
    readonly path: PathLike<P>
    readonly schema: S
    readonly bodyLimit?: number
    /** Set only on an endpoint that takes files (multipart); see uploads.ts. */
    readonly uploads?: UploadLimits
    readonly handler: (input: ApiInput<NoInfer<P>, NoInfer<S>>) => Promise<unknown>
  },
): RouteDefinition {
  return {
    method: definition.method,
    url: definition.path.pattern,
    access: accessOf(definition),
    schema: definition.schema,
    ...(definition.bodyLimit === undefined ? {} : { bodyLimit: definition.bodyLimit }),
    ...(definition.uploads === undefined ? {} : { uploads: definition.uploads }),
    handle: (services, request, reply) => {
      let ctx: UseCaseContext | undefined
      const input: ApiInput<P, S> = {
        request,
        reply,
        services,
        params: (request.params ?? {}) as PathParams<P>,
        // Fastify has validated (and transformed) these with the route's Zod schema.
        query: request.query as Parsed<S['querystring']>,
        body: request.body as Parsed<S['body']>,
        get ctx() {
          ctx ??= personContext(services, request)
          return ctx
        },
      }
      return definition.handler(input)
    },
  }
}

// ---------------------------------------------------------------------------------------------

/** Flattens a module's table (forms are two entries). */
export function routeEntries(table: RouteTable): RouteDefinition[] {
  const entries: RouteDefinition[] = []
  for (const entry of table) {
    if (isGroup(entry)) entries.push(...entry)
    else entries.push(entry)
  }
  return entries
}

function isGroup(
  entry: RouteDefinition | readonly RouteDefinition[],
): entry is readonly RouteDefinition[] {
  return Array.isArray(entry)
}

/** Registers a route table on the app (buildApp does this for every module). */
export function registerRouteTable(
  app: FastifyInstance,
  services: Services,
  table: RouteTable,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  for (const entry of routeEntries(table)) {
    typed.route({
      method: entry.method,
      url: entry.url,
      config: {
        access: entry.access,
        ...(entry.uploads === undefined ? {} : { uploads: entry.uploads }),
      },
      ...(entry.schema === undefined ? {} : { schema: entry.schema }),
      ...(entry.bodyLimit === undefined ? {} : { bodyLimit: entry.bodyLimit }),
      handler: async (request, reply) => entry.handle(services, request, reply),
    })
  }
}

/** A date as GOV.UK date inputs want it back: { name-day, name-month, name-year }. */
export function dateParts(name: string, date: string | null): Record<string, string> {
  if (date === null) return {}
  const [y, m, d] = date.split('-')
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  }
}
