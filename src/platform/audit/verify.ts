// What `npm run audit:verify` reports: each partnership's chain checked from its first entry with
// the audit key, and for a broken chain the first entry that does not verify (where tampering
// began); then the chains compared with the latest signed checkpoint, which shows entries removed
// from the end of a chain and a chain rewritten wholesale (ADR 0015).
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { entryHashAt, verifyAuditChains, type ChainProblem } from './audit-trail.ts'
import { compareWithCheckpoint, readAuditCheckpoint, type CheckpointProblem } from './checkpoint.ts'

export interface AuditVerifyReport {
  readonly ok: boolean
  readonly lines: readonly string[]
  /** The first problem in each broken chain. */
  readonly firstBroken: readonly ChainProblem[]
  /** Where the chains and the latest checkpoint disagree. */
  readonly checkpointProblems: readonly CheckpointProblem[]
}

export interface AuditVerifyOptions {
  /** AUDIT_KEY: the chain and the checkpoints are verified with it. */
  readonly key: string
  /** Where the latest checkpoint is kept (DATA_DIR). */
  readonly dataDir: string
}

export async function auditVerifyReport(
  db: Kysely<Tables>,
  options: AuditVerifyOptions,
): Promise<AuditVerifyReport> {
  const { checked, problems, heads } = await verifyAuditChains(db, options.key)
  const names = new Map(
    (await db.selectFrom('partnership').select(['id', 'name']).execute()).map((p) => [
      p.id,
      p.name,
    ]),
  )
  const chainName = (partnershipId: string | null): string =>
    partnershipId === null
      ? 'the chain of events with no partnership'
      : `${names.get(partnershipId) ?? 'a partnership'} (${partnershipId})`
  const firstBroken: ChainProblem[] = []
  const seen = new Set<string | null>()
  for (const problem of problems) {
    if (seen.has(problem.partnershipId)) continue
    seen.add(problem.partnershipId)
    firstBroken.push(problem)
  }
  const lines = [`Checked ${checked} audit entries.`]
  if (firstBroken.length === 0) {
    lines.push('Every chain verifies with the audit key: no entry has been changed or reordered.')
  } else {
    for (const p of firstBroken) {
      lines.push(
        `BROKEN: ${chainName(p.partnershipId)}: first broken entry is number ${p.chainSeq} (id ${p.id}): ${p.problem}.`,
      )
    }
    lines.push(
      `${problems.length} problem(s) in all. Restore the audit_event table from a backup and investigate.`,
    )
  }

  const reading = readAuditCheckpoint(options.dataDir)
  const checkpointProblems: CheckpointProblem[] = []
  if (reading.kind === 'none') {
    lines.push(
      'No checkpoint found in DATA_DIR: entries removed from the end of a chain cannot be ruled out (the app writes one every ten minutes and when it stops).',
    )
  } else if (reading.kind === 'unreadable') {
    checkpointProblems.push({
      problem: `the checkpoint cannot be read: ${reading.reason}`,
    })
  } else {
    checkpointProblems.push(
      ...(await compareWithCheckpoint(
        reading.checkpoint,
        heads,
        (partnershipId, chainSeq) => entryHashAt(db, partnershipId, chainSeq),
        options.key,
      )),
    )
    if (checkpointProblems.length === 0) {
      lines.push(
        `The chains match the checkpoint of ${reading.checkpoint.writtenAt}: no entry it covers has been removed.`,
      )
    }
  }
  for (const p of checkpointProblems) {
    const where = p.partnershipId === undefined ? '' : `${chainName(p.partnershipId)}: `
    lines.push(`CHECKPOINT: ${where}${p.problem}.`)
  }
  return {
    ok: firstBroken.length === 0 && checkpointProblems.length === 0,
    lines,
    firstBroken,
    checkpointProblems,
  }
}
