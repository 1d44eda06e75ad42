// The deadline register: every module's clocks in one list (what is due soon or overdue), a
// compliance view (per clock and period, how many were met on time) and the home page's summary.
// Clocks the person may not see are never asked; each clock filters its records by its module's
// own policy. See docs/deadlines.md.
import { englandAndWales } from '../calendar/working-days.ts'
import type { AttentionItem } from '../module.ts'
import { platformPaths } from '../paths.ts'
import { can, today, type UseCaseContext } from '../use-case.ts'
import { deadlineClocks, type Deadline, type DeadlineClock, type DeadlineOwner } from './clocks.ts'

/** "Due soon" means due within this many working days from today. */
export const DUE_SOON_WORKING_DAYS = 20

/** The clocks this person may see (all of them for the system). */
export function visibleClocks(ctx: UseCaseContext): DeadlineClock[] {
  return ctx.services.extensions.of(deadlineClocks).filter((c) => can(ctx, c.permission))
}

export type RegisterState = 'overdue' | 'due_today' | 'due_soon'

export interface RegisterEntry extends Deadline {
  readonly clockTitle: string
  readonly module: string
  readonly state: RegisterState
  /** Working days left (due soon) or late by (overdue); 0 when due today. */
  readonly workingDays: number
}

export interface RegisterFilter {
  readonly module?: string | undefined
  /** An owner's id (an agency). */
  readonly owner?: string | undefined
  readonly clock?: string | undefined
}

export interface Register {
  readonly today: string
  /** The last day counted as due soon. */
  readonly horizon: string
  readonly entries: readonly RegisterEntry[]
  /** What the filters can offer: the modules, owners and clocks among what the person may see. */
  readonly modules: readonly string[]
  readonly owners: readonly DeadlineOwner[]
  readonly clocks: readonly { key: string; title: string; module: string }[]
}

/** Everything open and due by the horizon (or overdue) that the person may see, filtered. */
export async function deadlineRegister(
  ctx: UseCaseContext,
  filter: RegisterFilter = {},
): Promise<Register> {
  const now = today(ctx)
  const horizon = englandAndWales.addWorkingDays(now, DUE_SOON_WORKING_DAYS)
  const clocks = visibleClocks(ctx)
  const all: RegisterEntry[] = []
  for (const clock of clocks) {
    for (const d of await clock.deadlines(ctx, { asOf: now })) {
      if ((d.completedOn ?? null) !== null || d.dueOn > horizon) continue
      const overdue = d.dueOn < now
      all.push({
        ...d,
        clockTitle: clock.title,
        module: clock.module,
        state: overdue ? 'overdue' : d.dueOn === now ? 'due_today' : 'due_soon',
        workingDays: overdue
          ? englandAndWales.workingDaysBetween(d.dueOn, now)
          : englandAndWales.workingDaysBetween(now, d.dueOn),
      })
    }
  }
  const owners = new Map<string, DeadlineOwner>()
  for (const e of all) if (e.owner !== undefined) owners.set(e.owner.id, e.owner)
  const entries = all
    .filter(
      (e) =>
        (filter.module === undefined || e.module === filter.module) &&
        (filter.clock === undefined || e.clock === filter.clock) &&
        (filter.owner === undefined || e.owner?.id === filter.owner),
    )
    .sort(
      (a, b) =>
        a.dueOn.localeCompare(b.dueOn) ||
        a.clockTitle.localeCompare(b.clockTitle) ||
        a.label.localeCompare(b.label),
    )
  return {
    today: now,
    horizon,
    entries,
    modules: [...new Set(clocks.map((c) => c.module))].sort(),
    owners: [...owners.values()].sort((a, b) => a.name.localeCompare(b.name)),
    clocks: clocks.map((c) => ({ key: c.key, title: c.title, module: c.module })),
  }
}

/** A module's name as people read it: 'case-reviews' → 'Case reviews'. */
export function moduleLabel(module: string): string {
  const words = module.replace(/[-_]/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

// ---------------------------------------------------------------------------------------------
// The home page: one line per clock with something overdue, and one per clock with something due
// soon, from the same register.

export async function deadlineAttention(ctx: UseCaseContext): Promise<AttentionItem[]> {
  const register = await deadlineRegister(ctx)
  const items: AttentionItem[] = []
  for (const clock of visibleClocks(ctx)) {
    const mine = register.entries.filter((e) => e.clock === clock.key)
    const [one, many] = clock.noun
    const say = (n: number, rest: string) =>
      `${String(n)} ${n === 1 ? one : many} ${n === 1 ? 'is' : 'are'} ${rest}`
    const href = platformPaths.deadlines(undefined, { clock: clock.key })
    const overdue = mine.filter((e) => e.state === 'overdue').length
    if (overdue > 0)
      items.push({ text: say(overdue, 'overdue'), href, count: overdue, severity: 'overdue' })
    const soon = mine.length - overdue
    if (soon > 0)
      items.push({
        text: say(soon, `due in the next ${String(DUE_SOON_WORKING_DAYS)} working days`),
        href,
        count: soon,
        severity: 'due',
      })
  }
  return items
}

// ---------------------------------------------------------------------------------------------
// Compliance: per clock and period, how many were due, met on time, done late, missed (still open
// past the due date) and not yet due. due = met + late + missed + notYetDue, always.

export interface ComplianceCounts {
  readonly due: number
  readonly met: number
  readonly late: number
  readonly missed: number
  readonly notYetDue: number
  /** met ÷ (met + late + missed), as a whole percentage; null when none has been decided yet. */
  readonly percentMet: number | null
}

export interface CompliancePeriod {
  /** '2026-27' or '2026-27 Q1' */
  readonly key: string
  readonly label: string
  readonly from: string
  readonly to: string
}

export interface ComplianceClock {
  readonly key: string
  readonly title: string
  readonly module: string
  readonly rule: string
  readonly quarters: readonly (CompliancePeriod & ComplianceCounts)[]
  readonly year: CompliancePeriod & ComplianceCounts
}

export interface Compliance {
  /** The first calendar year of the financial year shown (2026 for 2026-27). */
  readonly financialYear: number
  readonly year: CompliancePeriod
  readonly clocks: readonly ComplianceClock[]
}

/** The financial year (April to March) a date falls in, by its first calendar year. */
export function financialYearOf(date: string): number {
  const year = Number(date.slice(0, 4))
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1
}

export function financialYear(first: number): CompliancePeriod {
  const key = `${String(first)}-${String((first + 1) % 100).padStart(2, '0')}`
  return {
    key,
    label: `Financial year ${key}`,
    from: `${String(first)}-04-01`,
    to: `${String(first + 1)}-03-31`,
  }
}

/** The four quarters of a financial year: April–June is Q1. */
export function quartersOf(first: number): CompliancePeriod[] {
  const year = financialYear(first)
  const bounds: [string, string, string][] = [
    [`${String(first)}-04-01`, `${String(first)}-06-30`, 'April to June'],
    [`${String(first)}-07-01`, `${String(first)}-09-30`, 'July to September'],
    [`${String(first)}-10-01`, `${String(first)}-12-31`, 'October to December'],
    [`${String(first + 1)}-01-01`, `${String(first + 1)}-03-31`, 'January to March'],
  ]
  return bounds.map(([from, to, months], i) => ({
    key: `${year.key} Q${String(i + 1)}`,
    label: `Q${String(i + 1)} (${months} ${to.slice(0, 4)})`,
    from,
    to,
  }))
}

export function countDeadlines(
  deadlines: readonly Pick<Deadline, 'met' | 'completedOn'>[],
): ComplianceCounts {
  let met = 0
  let late = 0
  let missed = 0
  let notYetDue = 0
  for (const d of deadlines) {
    if (d.met === true) met += 1
    else if (d.met === null) notYetDue += 1
    else if ((d.completedOn ?? null) !== null) late += 1
    else missed += 1
  }
  const decided = met + late + missed
  return {
    due: deadlines.length,
    met,
    late,
    missed,
    notYetDue,
    percentMet: decided === 0 ? null : Math.round((met * 100) / decided),
  }
}

/** Per visible clock, the financial year's quarters and the year as a whole. */
export async function deadlineCompliance(
  ctx: UseCaseContext,
  options: { financialYear?: number | undefined; module?: string | undefined } = {},
): Promise<Compliance> {
  const first = options.financialYear ?? financialYearOf(today(ctx))
  const year = financialYear(first)
  const quarters = quartersOf(first)
  const clocks: ComplianceClock[] = []
  for (const clock of visibleClocks(ctx)) {
    if (options.module !== undefined && clock.module !== options.module) continue
    // A clock returns what is due in the window; anything else it returns is not counted.
    const deadlines = (await clock.deadlines(ctx, { from: year.from, to: year.to })).filter(
      (d) => d.dueOn >= year.from && d.dueOn <= year.to,
    )
    clocks.push({
      key: clock.key,
      title: clock.title,
      module: clock.module,
      rule: clock.rule,
      quarters: quarters.map((q) => ({
        ...q,
        ...countDeadlines(deadlines.filter((d) => d.dueOn >= q.from && d.dueOn <= q.to)),
      })),
      year: { ...year, ...countDeadlines(deadlines) },
    })
  }
  return { financialYear: first, year, clocks }
}
