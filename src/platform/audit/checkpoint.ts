// Checkpoints anchor the head of every audit chain outside the database (ADR 0015). A checkpoint
// is each chain's last entry number and hash, signed with AUDIT_KEY (HMAC-SHA-256), written to a
// file in DATA_DIR (replaced atomically) and to the log. A job writes one every ten minutes, and
// the app writes one as it shuts down. `npm run audit:verify` then finds entries cut from the end
// of a chain — which the chain alone cannot show — and a chain rewritten wholesale.
import { createHmac } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import type { Clock } from '../clock.ts'
import { safeEqual } from '../identity/crypto.ts'
import type { JobDefinition } from '../jobs/queue.ts'
import { chainHeads, type ChainHead } from './audit-trail.ts'
import { canonicalJson } from './canonical-json.ts'

export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint'
export const CHECKPOINT_FILE = 'audit-checkpoint.json'

export interface AuditCheckpoint {
  readonly version: 1
  readonly writtenAt: string
  readonly heads: readonly ChainHead[]
  /** HMAC-SHA-256, with AUDIT_KEY, of the fields above. */
  readonly mac: string
}

function macOf(writtenAt: string, heads: readonly ChainHead[], key: string): string {
  const sorted = [...heads].sort((a, b) =>
    (a.partnershipId ?? '').localeCompare(b.partnershipId ?? ''),
  )
  return createHmac('sha256', key)
    .update(
      canonicalJson({
        purpose: 'assure-audit-checkpoint',
        version: 1,
        writtenAt,
        heads: sorted.map((h) => ({ ...h, chainSeq: String(h.chainSeq) })),
      }),
    )
    .digest('hex')
}

export function signCheckpoint(
  heads: readonly ChainHead[],
  writtenAt: Date,
  key: string,
): AuditCheckpoint {
  const at = writtenAt.toISOString()
  return { version: 1, writtenAt: at, heads, mac: macOf(at, heads, key) }
}

export function checkpointPath(dataDir: string): string {
  return path.join(dataDir, CHECKPOINT_FILE)
}

export interface CheckpointDeps {
  readonly db: Kysely<Tables>
  readonly key: string
  readonly dataDir: string
  readonly clock: Clock
  readonly logger: FastifyBaseLogger
}

/** Reads every chain's head, signs it, and writes it to the file and to the log. */
export async function writeAuditCheckpoint(deps: CheckpointDeps): Promise<AuditCheckpoint> {
  const checkpoint = signCheckpoint(await chainHeads(deps.db), deps.clock.now(), deps.key)
  mkdirSync(deps.dataDir, { recursive: true })
  const file = checkpointPath(deps.dataDir)
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`)
  renameSync(temporary, file)
  deps.logger.info({ auditCheckpoint: checkpoint }, 'audit checkpoint written')
  return checkpoint
}

export function auditCheckpointJob(deps: CheckpointDeps): JobDefinition {
  return {
    name: AUDIT_CHECKPOINT_JOB,
    schedule: '*/10 * * * *',
    retryLimit: 2,
    async handler() {
      await writeAuditCheckpoint(deps)
    },
  }
}

export interface CheckpointProblem {
  /** The chain concerned; undefined when the problem is with the checkpoint as a whole. */
  readonly partnershipId?: string | null
  readonly problem: string
}

export type CheckpointReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'read'; readonly checkpoint: AuditCheckpoint }

export function readAuditCheckpoint(dataDir: string): CheckpointReading {
  let text: string
  try {
    text = readFileSync(checkpointPath(dataDir), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    return { kind: 'unreadable', reason: (error as Error).message }
  }
  try {
    const value = JSON.parse(text) as Partial<AuditCheckpoint>
    if (
      value.version !== 1 ||
      typeof value.writtenAt !== 'string' ||
      typeof value.mac !== 'string' ||
      !Array.isArray(value.heads)
    ) {
      return { kind: 'unreadable', reason: 'it is not an audit checkpoint' }
    }
    return { kind: 'read', checkpoint: value as AuditCheckpoint }
  } catch {
    return { kind: 'unreadable', reason: 'it is not valid JSON' }
  }
}

/**
 * What is wrong between a checkpoint and the chains as they are now: a forged checkpoint, a chain
 * that ends before the entry the checkpoint recorded (entries cut from the end), or an entry whose
 * hash is no longer the one recorded (the chain rewritten). Empty when they agree.
 */
export async function compareWithCheckpoint(
  checkpoint: AuditCheckpoint,
  heads: readonly ChainHead[],
  hashAt: (partnershipId: string | null, chainSeq: number) => Promise<string | undefined>,
  key: string,
): Promise<CheckpointProblem[]> {
  if (!safeEqual(macOf(checkpoint.writtenAt, checkpoint.heads, key), checkpoint.mac)) {
    return [
      {
        problem:
          'the checkpoint’s signature does not verify with this AUDIT_KEY (forged or wrong key)',
      },
    ]
  }
  const problems: CheckpointProblem[] = []
  for (const recorded of checkpoint.heads) {
    const now = heads.find((h) => h.partnershipId === recorded.partnershipId)
    if (now === undefined || now.chainSeq < recorded.chainSeq) {
      problems.push({
        partnershipId: recorded.partnershipId,
        problem: `the checkpoint of ${checkpoint.writtenAt} recorded entry ${recorded.chainSeq} but the chain ends at ${now?.chainSeq ?? 0}: entries were removed from its end`,
      })
    } else if ((await hashAt(recorded.partnershipId, recorded.chainSeq)) !== recorded.hash) {
      problems.push({
        partnershipId: recorded.partnershipId,
        problem: `entry ${recorded.chainSeq} is not the one the checkpoint of ${checkpoint.writtenAt} recorded: the chain was rewritten`,
      })
    }
  }
  return problems
}
