// The audit trail's keyed hash chain and its checkpoints (ADR 0009, ADR 0015). An untouched trail
// verifies; each way someone with write access to the database could tamper with it is found:
// changing an entry, removing one from the middle, cutting entries from the end after a checkpoint,
// recomputing every hash without the key (unkeyed, or with a guessed key), and forging the
// checkpoint. Entries written before the chain was keyed stay verifiable. The table refuses UPDATE
// and DELETE; and `npm run audit:verify` says all this as a process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import pino from 'pino'
import type { Tables } from '../../schema.ts'
import { freshDatabase } from '../../../test/support/databases.ts'
import { createPartnership, type TestPartnership } from '../../../test/support/factories.ts'
import { processDatabase, runTs, type ProcessDatabase } from '../../../test/support/processes.ts'
import { FakeClock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import { openDatabase } from '../db/database.ts'
import { migrateToLatest } from '../db/migrations.ts'
import { allMigrations } from '../../app.ts'
import { AuditTrail, entryHash, GENESIS_HASH, type HashScheme } from './audit-trail.ts'
import { checkpointPath, signCheckpoint, writeAuditCheckpoint } from './checkpoint.ts'
import { auditVerifyReport } from './verify.ts'

const KEY = 'audit-key-for-the-verify-test-0123456789abcdef'
const clock = new FakeClock('2026-06-01T12:00:00Z')
const silent = pino({ level: 'silent' })

async function writeEntries(
  db: Kysely<Tables>,
  partnershipId: string | null,
  count: number,
  key = KEY,
) {
  const trail = new AuditTrail(clock, key)
  for (let i = 0; i < count; i++) {
    await db.transaction().execute((trx) =>
      trail.record(trx, {
        partnershipId,
        actorUserId: null,
        actorLabel: 'test',
        action: 'update',
        recordType: 'thing',
        recordId: `thing-${i}`,
        changes: { before: { name: "O'Brien" }, after: { name: 'Zoë' } },
      }),
    )
  }
}

/** What someone with the database owner's rights could do: switch the guard off and edit. */
async function tamper(db: Kysely<Tables>, statement: ReturnType<typeof sql>) {
  await sql`alter table audit_event disable trigger audit_event_no_update_or_delete`.execute(db)
  await statement.execute(db)
  await sql`alter table audit_event enable trigger audit_event_no_update_or_delete`.execute(db)
}

/**
 * The attacker's best effort without the key: rewrite one chain's hashes from `fromSeq` on, so
 * every link and every hash is consistent again under `scheme` and `key`.
 */
async function rechain(
  db: Kysely<Tables>,
  partnershipId: string,
  fromSeq: number,
  scheme: HashScheme,
  key: string,
  toSeq = Number.POSITIVE_INFINITY,
) {
  const rows = await db
    .selectFrom('audit_event')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('chain_seq')
    .execute()
  let prev = GENESIS_HASH
  for (const row of rows) {
    if (row.chain_seq > toSeq) break
    if (row.chain_seq < fromSeq) {
      prev = row.hash
      continue
    }
    const hash = entryHash(
      {
        partnership_id: row.partnership_id,
        chain_seq: row.chain_seq,
        occurred_at: row.occurred_at,
        actor_user_id: row.actor_user_id,
        actor_label: row.actor_label,
        action: row.action,
        record_type: row.record_type,
        record_id: row.record_id,
        changes: row.changes,
        ip: row.ip,
        request_id: row.request_id,
        prev_hash: prev,
      },
      scheme,
      key,
    )
    await tamper(
      db,
      sql`update audit_event set prev_hash = ${prev}, hash = ${hash}, hash_scheme = ${scheme}
          where id = ${row.id}`,
    )
    prev = hash
  }
}

describe('audit hash chain', () => {
  let database: Database
  let north: TestPartnership
  let south: TestPartnership
  let dataDir: string
  const verify = (key = KEY) => auditVerifyReport(database.db, { key, dataDir })
  const checkpoint = () =>
    writeAuditCheckpoint({ db: database.db, key: KEY, dataDir, clock, logger: silent })

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'assure-audit-'))
    database = await freshDatabase()
    north = await createPartnership(database.db)
    south = await createPartnership(database.db)
    await writeEntries(database.db, north.id, 5)
    await writeEntries(database.db, south.id, 3)
    await writeEntries(database.db, null, 2)
  })
  afterEach(async () => {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('verifies an untouched trail, one chain per partnership, against its checkpoint', async () => {
    const before = await verify()
    expect(before.ok).toBe(true)
    expect(before.lines[0]).toBe('Checked 10 audit entries.')
    expect(before.lines.join('\n')).toContain('No checkpoint found')

    await checkpoint()
    await writeEntries(database.db, north.id, 2)
    const after = await verify()
    expect(after.lines).toEqual([
      'Checked 12 audit entries.',
      'Every chain verifies with the audit key: no entry has been changed or reordered.',
      'The chains match the checkpoint of 2026-06-01T12:00:00.000Z: no entry it covers has been removed.',
    ])
    expect(after.ok).toBe(true)
  })

  it('writes every new entry keyed, and does not verify with another key', async () => {
    const schemes = await database.db.selectFrom('audit_event').select('hash_scheme').execute()
    expect(new Set(schemes.map((r) => r.hash_scheme))).toEqual(new Set(['hmac-sha256']))
    const report = await verify('a-different-key-a-different-key-a-different')
    expect(report.ok).toBe(false)
    expect(report.firstBroken[0]?.problem).toBe('its contents do not match its hash')
  })

  it('refuses UPDATE and DELETE on audit rows, whoever asks', async () => {
    await expect(
      sql`update audit_event set action = 'view' where partnership_id = ${north.id}`.execute(
        database.db,
      ),
    ).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_event`.execute(database.db)).rejects.toThrow(/append-only/)
  })

  it('names the first broken entry when a row is changed, and only in its own chain', async () => {
    await tamper(
      database.db,
      sql`update audit_event set changes = '{"after":{"name":"Someone else"}}'::jsonb
          where partnership_id = ${south.id} and chain_seq = 2`,
    )
    const report = await verify()
    expect(report.ok).toBe(false)
    expect(report.firstBroken).toHaveLength(1)
    expect(report.firstBroken[0]).toMatchObject({
      partnershipId: south.id,
      chainSeq: 2,
      problem: 'its contents do not match its hash',
    })
    expect(report.lines.join('\n')).toContain(
      `${south.name} (${south.id}): first broken entry is number 2`,
    )
  })

  it('finds an entry removed from the middle', async () => {
    await tamper(
      database.db,
      sql`delete from audit_event where partnership_id = ${north.id} and chain_seq = 3`,
    )
    const report = await verify()
    expect(report.ok).toBe(false)
    const northProblem = report.firstBroken.find((p) => p.partnershipId === north.id)
    expect(northProblem).toMatchObject({ chainSeq: 4, problem: 'entry 3 is missing' })
  })

  it('finds entries cut from the end after a checkpoint, which the chain alone cannot show', async () => {
    await checkpoint()
    await tamper(
      database.db,
      sql`delete from audit_event where partnership_id = ${north.id} and chain_seq >= 4`,
    )
    await tamper(database.db, sql`delete from audit_event where partnership_id is null`)
    const report = await verify()
    // The shortened chains are internally sound: only the checkpoint shows the loss.
    expect(report.firstBroken).toEqual([])
    expect(report.ok).toBe(false)
    expect(report.checkpointProblems).toEqual([
      {
        partnershipId: north.id,
        problem:
          'the checkpoint of 2026-06-01T12:00:00.000Z recorded entry 5 but the chain ends at 3: entries were removed from its end',
      },
      {
        partnershipId: null,
        problem:
          'the checkpoint of 2026-06-01T12:00:00.000Z recorded entry 2 but the chain ends at 0: entries were removed from its end',
      },
    ])
    expect(report.lines.join('\n')).toContain(`CHECKPOINT: ${north.name} (${north.id})`)
  })

  it('finds a change whose later hashes were all recomputed without the key (unkeyed)', async () => {
    await checkpoint()
    await tamper(
      database.db,
      sql`update audit_event set actor_label = 'nobody'
          where partnership_id = ${north.id} and chain_seq = 2`,
    )
    await rechain(database.db, north.id, 2, 'sha256', '')
    const report = await verify()
    expect(report.ok).toBe(false)
    expect(report.firstBroken[0]).toMatchObject({
      partnershipId: north.id,
      chainSeq: 2,
      problem: 'it is unkeyed but follows a keyed entry',
    })

    // Rewriting the whole chain unkeyed makes it self-consistent; the checkpoint still shows it.
    await rechain(database.db, north.id, 1, 'sha256', '')
    const whole = await verify()
    expect(whole.firstBroken).toEqual([])
    expect(whole.checkpointProblems).toEqual([
      {
        partnershipId: north.id,
        problem:
          'entry 5 is not the one the checkpoint of 2026-06-01T12:00:00.000Z recorded: the chain was rewritten',
      },
    ])
    expect(whole.ok).toBe(false)
  })

  it('finds a change whose later hashes were all recomputed with a guessed key', async () => {
    await tamper(
      database.db,
      sql`update audit_event set record_id = 'thing-x'
          where partnership_id = ${south.id} and chain_seq = 1`,
    )
    await rechain(database.db, south.id, 1, 'hmac-sha256', 'guessed-key-guessed-key-guessed-key')
    const report = await verify()
    expect(report.ok).toBe(false)
    expect(report.firstBroken[0]).toMatchObject({
      partnershipId: south.id,
      chainSeq: 1,
      problem: 'its contents do not match its hash',
    })
  })

  it('refuses a checkpoint not signed with the key', async () => {
    await checkpoint()
    await tamper(
      database.db,
      sql`delete from audit_event where partnership_id = ${north.id} and chain_seq = 5`,
    )
    // The attacker replaces the checkpoint with one that matches the shortened chain.
    const forged = signCheckpoint(
      [{ partnershipId: north.id, chainSeq: 4, hash: 'f'.repeat(64) }],
      new Date('2026-06-01T13:00:00Z'),
      'guessed-key-guessed-key-guessed-key',
    )
    writeFileSync(checkpointPath(dataDir), JSON.stringify(forged))
    const report = await verify()
    expect(report.ok).toBe(false)
    expect(report.checkpointProblems).toEqual([
      {
        problem:
          'the checkpoint’s signature does not verify with this AUDIT_KEY (forged or wrong key)',
      },
    ])
    writeFileSync(checkpointPath(dataDir), 'not json')
    expect((await verify()).checkpointProblems).toEqual([
      { problem: 'the checkpoint cannot be read: it is not valid JSON' },
    ])
  })

  it('still verifies entries written before the chain was keyed, and protects them', async () => {
    // A partnership whose first entries were written under ADR 0009 (unkeyed SHA-256).
    const east = await createPartnership(database.db)
    await writeEntries(database.db, east.id, 4)
    await rechain(database.db, east.id, 1, 'sha256', '')
    await writeEntries(database.db, east.id, 2)
    expect((await verify()).ok).toBe(true)

    // Changing a legacy entry and recomputing the legacy part breaks the first keyed entry's link.
    await tamper(
      database.db,
      sql`update audit_event set actor_label = 'nobody'
          where partnership_id = ${east.id} and chain_seq = 2`,
    )
    const rows = await database.db
      .selectFrom('audit_event')
      .select(['chain_seq', 'hash_scheme'])
      .where('partnership_id', '=', east.id)
      .orderBy('chain_seq')
      .execute()
    expect(rows.map((r) => r.hash_scheme)).toEqual([
      'sha256',
      'sha256',
      'sha256',
      'sha256',
      'hmac-sha256',
      'hmac-sha256',
    ])
    // Re-hash entries 1–4 only (unkeyed, as they were): entry 5 is keyed and cannot be redone.
    await rechain(database.db, east.id, 1, 'sha256', '', 4)
    const report = await verify()
    expect(report.firstBroken[0]).toMatchObject({
      partnershipId: east.id,
      chainSeq: 5,
      problem: 'does not link to the entry before it',
    })
  })
})

describe('npm run audit:verify', { timeout: 180_000 }, () => {
  let place: ProcessDatabase
  beforeAll(async () => {
    place = await processDatabase()
  })
  afterAll(async () => {
    await place.remove()
  })

  it('exits 0 for a sound trail and 2, naming the problem, for a tampered one', async () => {
    const env = { ...place.env, AUDIT_KEY: KEY }
    const database = await openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 1 })
    let partnership: TestPartnership
    try {
      await migrateToLatest(database.db, allMigrations())
      partnership = await createPartnership(
        database.db,
        'Northshire Safeguarding Children Partnership',
      )
      await writeEntries(database.db, partnership.id, 4)
      await writeAuditCheckpoint({
        db: database.db,
        key: KEY,
        dataDir: place.dataDir,
        clock,
        logger: silent,
      })
    } finally {
      await database.close()
    }
    const sound = await runTs('scripts/audit-verify.ts', env)
    expect(sound.stderr).toBe('')
    expect(sound.code).toBe(0)
    expect(sound.stdout).toContain('Checked 4 audit entries.')
    expect(sound.stdout).toContain('The chains match the checkpoint')

    const again = await openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 1 })
    try {
      await tamper(again.db, sql`delete from audit_event where chain_seq = 4`)
    } finally {
      await again.close()
    }
    const cut = await runTs('scripts/audit-verify.ts', env)
    expect(cut.code).toBe(2)
    expect(cut.stdout).toContain('CHECKPOINT: Northshire Safeguarding Children Partnership (')
    expect(cut.stdout).toContain('entries were removed from its end')

    const third = await openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 1 })
    try {
      await tamper(third.db, sql`update audit_event set actor_label = 'nobody' where chain_seq = 3`)
    } finally {
      await third.close()
    }
    const broken = await runTs('scripts/audit-verify.ts', env)
    expect(broken.code).toBe(2)
    expect(broken.stdout).toContain('BROKEN: Northshire Safeguarding Children Partnership')
    expect(broken.stdout).toContain('first broken entry is number 3')
  })
})

describe('upgrading a trail written before the chain was keyed', { timeout: 180_000 }, () => {
  it('keeps the old entries verifiable and writes every new one keyed', async () => {
    const database = await openDatabase({})
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assure-audit-upgrade-'))
    try {
      const all = allMigrations()
      const before = Object.fromEntries(
        Object.entries(all).filter(([name]) => name < '2026-12-08-0210'),
      )
      await migrateToLatest(database.db, before)
      const partnership = await createPartnership(database.db)
      // Entries exactly as ADR 0009 wrote them: unkeyed SHA-256, no scheme column.
      let prev = GENESIS_HASH
      for (let seq = 1; seq <= 3; seq++) {
        const occurredAt = new Date(`2026-05-0${seq}T10:00:00Z`)
        const changes = { after: { name: 'Zoë' } }
        const hash = entryHash(
          {
            partnership_id: partnership.id,
            chain_seq: seq,
            occurred_at: occurredAt,
            actor_user_id: null,
            actor_label: 'before the upgrade',
            action: 'create',
            record_type: 'thing',
            record_id: `old-${seq}`,
            changes,
            ip: null,
            request_id: null,
            prev_hash: prev,
          },
          'sha256',
          '',
        )
        await sql`insert into audit_event (partnership_id, chain_seq, occurred_at, actor_label,
            action, record_type, record_id, changes, prev_hash, hash)
          values (${partnership.id}, ${seq}, ${occurredAt}, 'before the upgrade', 'create',
            'thing', ${`old-${seq}`}, ${JSON.stringify(changes)}::jsonb, ${prev}, ${hash})`.execute(
          database.db,
        )
        prev = hash
      }
      await migrateToLatest(database.db, all)
      await writeEntries(database.db, partnership.id, 2)
      const rows = await database.db
        .selectFrom('audit_event')
        .select('hash_scheme')
        .orderBy('chain_seq')
        .execute()
      expect(rows.map((r) => r.hash_scheme)).toEqual([
        'sha256',
        'sha256',
        'sha256',
        'hmac-sha256',
        'hmac-sha256',
      ])
      const report = await auditVerifyReport(database.db, { key: KEY, dataDir })
      expect(report.firstBroken).toEqual([])
      expect(report.ok).toBe(true)
    } finally {
      await database.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
