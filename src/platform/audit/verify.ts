// What `npm run audit:verify` reports: each partnership's chain checked from its first entry, and
// for a broken chain the first entry that does not verify (where tampering began).
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { verifyAuditChains, type ChainProblem } from './audit-trail.ts'

export interface AuditVerifyReport {
  readonly ok: boolean
  readonly lines: readonly string[]
  /** The first problem in each broken chain. */
  readonly firstBroken: readonly ChainProblem[]
}

export async function auditVerifyReport(db: Kysely<Tables>): Promise<AuditVerifyReport> {
  const { checked, problems } = await verifyAuditChains(db)
  const names = new Map(
    (await db.selectFrom('partnership').select(['id', 'name']).execute()).map((p) => [
      p.id,
      p.name,
    ]),
  )
  const firstBroken: ChainProblem[] = []
  const seen = new Set<string | null>()
  for (const problem of problems) {
    if (seen.has(problem.partnershipId)) continue
    seen.add(problem.partnershipId)
    firstBroken.push(problem)
  }
  const lines = [`Checked ${checked} audit entries.`]
  if (firstBroken.length === 0) {
    lines.push('Every chain verifies: no entry has been changed, removed or reordered.')
  } else {
    for (const p of firstBroken) {
      const chain =
        p.partnershipId === null
          ? 'the chain of events with no partnership'
          : `${names.get(p.partnershipId) ?? 'a partnership'} (${p.partnershipId})`
      lines.push(
        `BROKEN: ${chain}: first broken entry is number ${p.chainSeq} (id ${p.id}): ${p.problem}.`,
      )
    }
    lines.push(
      `${problems.length} problem(s) in all. Restore the audit_event table from a backup and investigate.`,
    )
  }
  return { ok: firstBroken.length === 0, lines, firstBroken }
}
