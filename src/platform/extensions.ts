// How modules provide what other modules (or the platform) consume, without a central file that
// names them all. A consumer declares an extension point, e.g. the action tracker's "action
// sources"; a provider lists what it contributes in its AppModule's `provides`. buildApp collects
// every contribution once, validates each point's values, and hands them out through
// `services.extensions`. Adding a module never means editing the consumer or a central switch.

export interface ExtensionPoint<T> {
  /** A stable, unique name, e.g. 'actions.sources'. */
  readonly name: string
  /** Checks the collected values at start-up (unique keys, well-formed names). */
  readonly validate?: (values: readonly T[]) => void
  /** Phantom field: carries T. */
  readonly __type?: (value: T) => T
}

export function extensionPoint<T>(
  name: string,
  options: { validate?: (values: readonly T[]) => void } = {},
): ExtensionPoint<T> {
  return { name, ...(options.validate === undefined ? {} : { validate: options.validate }) }
}

/** What one module contributes to one extension point. */
export interface Contribution {
  readonly point: ExtensionPoint<never>
  readonly values: readonly unknown[]
}

export function provide<T>(
  point: ExtensionPoint<T>,
  ...values: readonly NoInfer<T>[]
): Contribution {
  return { point: point as unknown as ExtensionPoint<never>, values }
}

/** Every contribution, by extension point, from the modules of one application. */
export class Extensions {
  readonly #byName = new Map<string, unknown[]>()
  readonly #points = new Map<string, ExtensionPoint<never>>()
  readonly #providers = new Map<string, string[]>()

  constructor(modules: readonly { name: string; provides?: readonly Contribution[] }[]) {
    for (const module of modules) {
      for (const contribution of module.provides ?? []) {
        const { point } = contribution
        const known = this.#points.get(point.name)
        if (known !== undefined && known !== point) {
          throw new Error(`Two different extension points are named "${point.name}"`)
        }
        this.#points.set(point.name, point)
        this.#byName.set(point.name, [
          ...(this.#byName.get(point.name) ?? []),
          ...contribution.values,
        ])
        this.#providers.set(point.name, [...(this.#providers.get(point.name) ?? []), module.name])
      }
    }
    for (const [name, point] of this.#points) {
      const values = this.#byName.get(name) ?? []
      try {
        ;(point.validate as ((values: readonly unknown[]) => void) | undefined)?.(values)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        throw new Error(`Extension point "${name}": ${message}`, { cause: error })
      }
    }
  }

  /** Everything provided to this point, in module order (an empty list when nothing is). */
  of<T>(point: ExtensionPoint<T>): readonly T[] {
    return (this.#byName.get(point.name) ?? []) as T[]
  }

  /** The names of the modules that provide to this point (for the docs and tests). */
  providersOf(point: ExtensionPoint<unknown>): readonly string[] {
    return this.#providers.get(point.name) ?? []
  }
}

/** A validator for points whose values have a unique, lower_snake_case key. */
export function uniqueKeys<T>(key: (value: T) => string, what: string) {
  return (values: readonly T[]): void => {
    const seen = new Set<string>()
    for (const value of values) {
      const k = key(value)
      if (!/^[a-z][a-z0-9_.-]{1,59}$/.test(k)) {
        throw new Error(`${what} "${k}" must be lower case letters, digits, _ . or -`)
      }
      if (seen.has(k)) throw new Error(`${what} "${k}" is provided twice`)
      seen.add(k)
    }
  }
}

/**
 * Orders modules so that each comes after the modules it depends on (stable otherwise). Throws on
 * an unknown dependency or a cycle. Migrations are collected, and the demo seeded, in this order.
 */
export function orderModules<M extends { name: string; dependsOn?: readonly string[] }>(
  modules: readonly M[],
): M[] {
  const byName = new Map(modules.map((m) => [m.name, m]))
  const ordered: M[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (module: M, path: readonly string[]): void => {
    const seen = state.get(module.name)
    if (seen === 'done') return
    if (seen === 'visiting') {
      throw new Error(
        `Modules depend on each other in a cycle: ${[...path, module.name].join(' → ')}`,
      )
    }
    state.set(module.name, 'visiting')
    for (const dependency of module.dependsOn ?? []) {
      const target = byName.get(dependency)
      if (target === undefined) {
        throw new Error(
          `Module "${module.name}" depends on "${dependency}", which is not in the app`,
        )
      }
      visit(target, [...path, module.name])
    }
    state.set(module.name, 'done')
    ordered.push(module)
  }
  for (const module of modules) visit(module, [])
  return ordered
}
