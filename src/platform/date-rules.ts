// Dates that must fall inside a window set by the record they belong to: an update cannot be dated
// before its action existed, a new due date cannot be in the past, attendance cannot be recorded
// for a meeting that has not happened. Services state the window; this turns it into the same
// field-level messages everywhere (issue 13.6), instead of each service writing its own copy.
import { ValidationError, type FieldError } from './errors.ts'
import { longDate } from './london-time.ts'
import { messages } from './messages.ts'

/** One bound of a window: the date, and what it is in the user's words. */
export interface DateBound {
  readonly date: string
  /** 'today', or a phrase such as 'the date the action was raised'. */
  readonly is: string
}

export interface DateWindow {
  readonly field: string
  /** The field's label, e.g. 'the date of the update'. */
  readonly label: string
  /** 'YYYY-MM-DD'; null or undefined when the field was left empty (nothing to check). */
  readonly value: string | null | undefined
  /** The earliest allowed date (inclusive). */
  readonly notBefore?: DateBound | readonly DateBound[]
  /** The latest allowed date (inclusive). */
  readonly notAfter?: DateBound | readonly DateBound[]
}

const list = (b: DateBound | readonly DateBound[] | undefined): readonly DateBound[] =>
  b === undefined ? [] : 'date' in b ? [b] : b

/** The problems with each date, at most one per field, in the order given. */
export function dateWindowProblems(windows: readonly DateWindow[]): FieldError[] {
  const problems: FieldError[] = []
  for (const w of windows) {
    if (w.value == null || w.value === '') continue
    const value = w.value
    const early = list(w.notBefore).find((b) => value < b.date)
    const late = list(w.notAfter).find((b) => value > b.date)
    const message =
      early !== undefined
        ? early.is === 'today'
          ? messages.notInPast(w.label)
          : messages.dateNotBefore(w.label, `${early.is} (${longDate(early.date)})`)
        : late !== undefined
          ? late.is === 'today'
            ? messages.notInFuture(w.label)
            : messages.dateNotAfter(w.label, `${late.is} (${longDate(late.date)})`)
          : undefined
    if (message !== undefined) problems.push({ field: w.field, message })
  }
  return problems
}

/** Throws a ValidationError naming every date outside its window. */
export function checkDateWindows(windows: readonly DateWindow[]): void {
  const problems = dateWindowProblems(windows)
  if (problems.length > 0) throw new ValidationError(problems)
}
