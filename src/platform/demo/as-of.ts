// Demo data goes through each module's own use cases, so it obeys their rules and leaves an audit
// trail. Records from the past (a review held two weeks ago, an action raised last spring) are
// made by running the use case on that day: the context's clock reads that date, and every rule
// that counts from "today" counts from it.
import { addDays, londonDate, londonInstant } from '../london-time.ts'
import type { UseCaseContext } from '../use-case.ts'

/** The same context, with a clock stopped at `time` (London) on `date` ('YYYY-MM-DD'). */
export function asOf(ctx: UseCaseContext, date: string, time = '10:00'): UseCaseContext {
  const instant = londonInstant(date, time)
  return { ...ctx, services: { ...ctx.services, clock: { now: () => instant } } }
}

/** The same context, `days` days ago (or ahead, when positive) from the real today. */
export function daysFromToday(ctx: UseCaseContext, days: number, time = '10:00'): UseCaseContext {
  return asOf(ctx, addDays(londonDate(ctx.services.clock.now()), days), time)
}
