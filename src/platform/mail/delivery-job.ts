// The mail delivery job. A message queued in a committed transaction starts it at once (the kick
// is written in the same transaction); it also runs every minute, to catch up on retries that
// have come due and on mail queued by a process that runs no jobs (JOBS=off).
import type { JobDefinition } from '../jobs/queue.ts'
import type { Services } from '../services.ts'
import { MAIL_DELIVERY_JOB } from './mailer.ts'

export function mailDeliveryJob(services: Pick<Services, 'mail'>): JobDefinition {
  return {
    name: MAIL_DELIVERY_JOB,
    schedule: '* * * * *',
    // Each message has its own retries and backoff (mailer.ts); these are for the job itself
    // (the database went away mid-run).
    retryLimit: 3,
    async handler() {
      await services.mail.deliver()
    },
  }
}
