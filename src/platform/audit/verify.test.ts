// The audit trail's hash chain: entries verify; a changed, removed or forged entry is found and
// named; the table refuses UPDATE and DELETE; and `npm run audit:verify` says so as a process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import type { Tables } from '../../schema.ts'
import { freshDatabase } from '../../../test/support/databases.ts'
import { createPartnership, type TestPartnership } from '../../../test/support/factories.ts'
import { processDatabase, runTs, type ProcessDatabase } from '../../../test/support/processes.ts'
import { FakeClock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import { openDatabase } from '../db/database.ts'
import { migrateToLatest } from '../db/migrations.ts'
import { allMigrations } from '../../app.ts'
import { AuditTrail } from './audit-trail.ts'
import { auditVerifyReport } from './verify.ts'

async function writeEntries(db: Kysely<Tables>, partnershipId: string | null, count: number) {
  const trail = new AuditTrail(new FakeClock('2026-06-01T12:00:00Z'))
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

describe('audit hash chain', () => {
  let database: Database
  let north: TestPartnership
  let south: TestPartnership

  beforeAll(async () => {
    database = await freshDatabase()
    north = await createPartnership(database.db)
    south = await createPartnership(database.db)
    await writeEntries(database.db, north.id, 5)
    await writeEntries(database.db, south.id, 3)
    await writeEntries(database.db, null, 2)
  })
  afterAll(async () => {
    await database.close()
  })

  it('verifies an untouched trail, one chain per partnership', async () => {
    const report = await auditVerifyReport(database.db)
    expect(report.ok).toBe(true)
    expect(report.lines[0]).toBe('Checked 10 audit entries.')
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
    const report = await auditVerifyReport(database.db)
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

  it('finds a removed entry', async () => {
    await tamper(
      database.db,
      sql`delete from audit_event where partnership_id = ${north.id} and chain_seq = 3`,
    )
    const report = await auditVerifyReport(database.db)
    const northProblem = report.firstBroken.find((p) => p.partnershipId === north.id)
    expect(northProblem).toMatchObject({ chainSeq: 4, problem: 'entry 3 is missing' })
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

  it('exits 0 for a sound trail and 2, naming the entry, for a tampered one', async () => {
    const database = await openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 1 })
    let partnership: TestPartnership
    try {
      await migrateToLatest(database.db, allMigrations())
      partnership = await createPartnership(
        database.db,
        'Northshire Safeguarding Children Partnership',
      )
      await writeEntries(database.db, partnership.id, 4)
    } finally {
      await database.close()
    }
    const sound = await runTs('scripts/audit-verify.ts', place.env)
    expect(sound.stderr).toBe('')
    expect(sound.code).toBe(0)
    expect(sound.stdout).toContain('Checked 4 audit entries.')

    const again = await openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 1 })
    try {
      await tamper(again.db, sql`update audit_event set actor_label = 'nobody' where chain_seq = 3`)
    } finally {
      await again.close()
    }
    const broken = await runTs('scripts/audit-verify.ts', place.env)
    expect(broken.code).toBe(2)
    expect(broken.stdout).toContain('BROKEN: Northshire Safeguarding Children Partnership')
    expect(broken.stdout).toContain('first broken entry is number 3')
  })
})
