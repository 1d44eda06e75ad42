// The deadline register's surface for modules: the extension point they provide clocks to, the
// types, and the helpers that make "met" mean the same on every clock. docs/deadlines.md.
export { deadlineClocks, inWindow, judgeDeadline } from './clocks.ts'
export type { Deadline, DeadlineClock, DeadlineOwner, DeadlineWindow } from './clocks.ts'
export {
  DUE_SOON_WORKING_DAYS,
  countDeadlines,
  deadlineAttention,
  deadlineCompliance,
  deadlineRegister,
  visibleClocks,
} from './register.ts'
export type { Compliance, ComplianceCounts, Register, RegisterEntry } from './register.ts'
