// The deadline register's contract: what a clock is, what a deadline is, and the extension point
// modules register their clocks through (docs/deadlines.md, ADR 0018). A module owns its clocks:
// it decides the due dates (in working days with src/platform/calendar/working-days.ts when the
// rule says so), whether each was met, and which records the person may see. The platform only
// collects, filters, counts and shows.
import { extensionPoint, uniqueKeys } from '../extensions.ts'
import type { UseCaseContext } from '../use-case.ts'

/** Who is answerable for meeting a deadline (the owning agency, in every clock so far). */
export interface DeadlineOwner {
  readonly id: string
  readonly name: string
}

/** One due date of one record under one clock. */
export interface Deadline {
  /** The clock's key. */
  readonly clock: string
  /** The record it belongs to, as the audit trail names it (e.g. 'serious_incident'). */
  readonly recordType: string
  readonly recordId: string
  /** What is due, in a few words, e.g. 'SI-004: notify the national panel'. Nothing case-level. */
  readonly label: string
  /** Where the person goes to do it. */
  readonly href: string
  readonly owner?: DeadlineOwner
  /** 'YYYY-MM-DD' */
  readonly dueOn: string
  /** When it was done, or null/undefined while it is open. */
  readonly completedOn?: string | null
  /** Done on or before the due date: true; done late, or open past it: false; open and not yet due: null. */
  readonly met: boolean | null
}

/**
 * Which deadlines a clock returns.
 * - `{ asOf }`: every deadline still open on that day (usually today), whatever its due date.
 * - `{ from, to }`: every deadline due between the two days (inclusive), done or not; the
 *   compliance view counts these.
 */
export type DeadlineWindow =
  | { readonly asOf: string; readonly from?: never; readonly to?: never }
  | { readonly from: string; readonly to: string; readonly asOf?: never }

export interface DeadlineClock {
  /** Unique, lower case, e.g. 'case_reviews.notification'. */
  readonly key: string
  /** Shown as the clock's name, e.g. 'Serious incident notification to the national panel'. */
  readonly title: string
  /** The module that owns it (its AppModule name), for the register's module filter. */
  readonly module: string
  /** Only people holding this permission see the clock at all. */
  readonly permission: string
  /** The rule in one line, e.g. 'Within 5 working days of the partnership becoming aware'. */
  readonly rule: string
  /** How to count its deadlines in a sentence: ['rapid review', 'rapid reviews']. */
  readonly noun: readonly [one: string, many: string]
  /**
   * The clock's deadlines in the window, of the records the person may see (the module applies
   * its own record-level policy: an agency lead sees their own agency's). Called only for people
   * holding `permission`, and for the system.
   */
  readonly deadlines: (ctx: UseCaseContext, window: DeadlineWindow) => Promise<readonly Deadline[]>
}

/** Every module's clocks. Provide with `provide(deadlineClocks, ...)` in the module's module.ts. */
export const deadlineClocks = extensionPoint<DeadlineClock>('platform.deadlines.clocks', {
  validate: (clocks) => {
    uniqueKeys<DeadlineClock>((c) => c.key, 'Deadline clock')(clocks)
    for (const clock of clocks) {
      if (clock.title.trim() === '') throw new Error(`Deadline clock "${clock.key}" has no title`)
    }
  },
})

/**
 * Whether a deadline was met, judged on `today`: done by the due date (true), done after it or
 * still open after it (false), or still open and not yet due (null). Every clock uses this, so
 * "met" means the same thing on every clock.
 */
export function judgeDeadline(
  dueOn: string,
  completedOn: string | null,
  today: string,
): boolean | null {
  if (completedOn !== null) return completedOn <= dueOn
  return dueOn < today ? false : null
}

/** Whether a deadline belongs in a window (see DeadlineWindow). */
export function inWindow(
  window: DeadlineWindow,
  dueOn: string,
  completedOn: string | null,
): boolean {
  if (window.asOf !== undefined) return completedOn === null
  return dueOn >= window.from && dueOn <= window.to
}
