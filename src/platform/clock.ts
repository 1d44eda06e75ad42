/** The time, injected so tests can move it (session timeouts, statutory clocks, reminders). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests can set and advance. */
export class FakeClock implements Clock {
  #now: number
  constructor(start: Date | string = '2026-01-15T10:00:00Z') {
    this.#now = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.#now)
  }
  set(to: Date | string): void {
    this.#now = new Date(to).getTime()
  }
  advance(ms: number): void {
    this.#now += ms
  }
}
