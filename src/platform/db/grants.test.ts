// The audit trail cannot be changed. On both backends the database's own triggers refuse UPDATE,
// DELETE and TRUNCATE on audit_event. On PostgreSQL, the production role set-up documented in
// docs/operations.md is run exactly as written: the app then works as that role (pages, audit
// entries, jobs) while the role lacks the privilege to change audit entries at all.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import pg from 'pg'
import pino from 'pino'
import { buildApp } from '../../app.ts'
import { appModules } from '../../modules/index.ts'
import { backend, freshDatabase } from '../../../test/support/databases.ts'
import { testConfig } from '../../../test/support/config.ts'
import { createPartnership } from '../../../test/support/factories.ts'
import {
  processDatabase,
  projectRoot,
  type ProcessDatabase,
} from '../../../test/support/processes.ts'
import type { AppModule } from '../module.ts'
import type { Database } from './database.ts'

async function writeAuditEntry(database: Database, partnershipId: string): Promise<void> {
  const app = await buildApp({
    config: testConfig(),
    database,
    migrate: false,
    logger: pino({ level: 'silent' }),
  })
  try {
    await database.db.transaction().execute((trx) =>
      app.services.audit.record(trx, {
        partnershipId,
        actorUserId: null,
        actorLabel: 'grants test',
        action: 'create',
        recordType: 'partnership',
        recordId: partnershipId,
        changes: { after: { note: 'Written by the grants test' } },
      }),
    )
  } finally {
    await app.close()
  }
}

describe(`the audit trail is append-only (${backend})`, () => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('refuses UPDATE, DELETE and TRUNCATE even from the owner of the table', async () => {
    const partnership = await createPartnership(database.db)
    await writeAuditEntry(database, partnership.id)
    for (const statement of [
      sql`update audit_event set actor_label = 'someone else'`,
      sql`delete from audit_event`,
      sql`truncate audit_event`,
    ]) {
      await expect(statement.execute(database.db)).rejects.toThrow(/audit_event is append-only/)
    }
    const count = await database.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(count.n).toBeGreaterThanOrEqual(1)
  })
})

if (backend === 'postgres') {
  describe('the production app role (docs/operations.md)', { timeout: 120_000 }, () => {
    let place: ProcessDatabase
    const role = `assure_app_${randomBytes(4).toString('hex')}`

    async function asSuperuser(text: string): Promise<void> {
      const client = new pg.Client({ connectionString: place.url })
      await client.connect()
      try {
        await client.query(text)
      } finally {
        await client.end()
      }
    }

    /** The SQL in docs/operations.md after its "\connect" line, for our role name. */
    function documentedGrants(): string {
      const doc = readFileSync(path.join(projectRoot, 'docs', 'operations.md'), 'utf8')
      const block = /```sql\n([\s\S]*?)```/.exec(doc)?.[1]
      if (block === undefined) throw new Error('docs/operations.md has no sql block')
      const afterConnect = block.slice(block.indexOf('\\connect'))
      return afterConnect.split('\n').slice(1).join('\n').replaceAll('assure_app', role)
    }

    beforeAll(async () => {
      place = await processDatabase()
      await asSuperuser(`create role ${role} login`)
    })
    afterAll(async () => {
      await place.remove()
      const client = new pg.Client({
        connectionString: place.url?.replace(/\/[^/]*$/, '/postgres'),
      })
      await client.connect()
      await client.query(`drop role if exists ${role}`)
      await client.end()
    })

    it('runs the app as the role, which can write audit entries but not change them', async () => {
      const handled: string[] = []
      const jobModule: AppModule = {
        name: 'grants-job',
        jobs: () => [
          {
            name: 'grants-test-job',
            handler: async (data) => {
              handled.push((data as { note: string }).note)
            },
          },
        ],
      }
      const modules = [...appModules, jobModule]
      const url = place.url ?? ''
      // As the owner: migrate, and start the queue once so pg-boss creates its schema and queue.
      const owner = await buildApp({
        config: testConfig({ DATABASE_URL: url, DATA_DIR: place.dataDir }),
        modules,
        logger: pino({ level: 'silent' }),
        startJobs: true,
      })
      await owner.close()

      await asSuperuser(documentedGrants())

      const asRole = new URL(url)
      asRole.username = role
      const app = await buildApp({
        config: testConfig({ DATABASE_URL: asRole.toString(), DATA_DIR: place.dataDir }),
        modules,
        logger: pino({ level: 'silent' }),
        startJobs: true,
      })
      try {
        const ready = await app.server.inject({ method: 'GET', url: '/readyz' })
        expect(ready.statusCode).toBe(200)
        const partnership = await createPartnership(app.services.db)
        await writeAuditEntry(app.services.database, partnership.id)
        await expect(
          sql`update audit_event set actor_label = 'someone else'`.execute(app.services.db),
        ).rejects.toThrow(/permission denied for table audit_event/)
        await expect(sql`delete from audit_event`.execute(app.services.db)).rejects.toThrow(
          /permission denied for table audit_event/,
        )
        // Nor can it switch the append-only triggers off: only the table's owner can (ADR 0015).
        await expect(
          sql`alter table audit_event disable trigger audit_event_no_update_or_delete`.execute(
            app.services.db,
          ),
        ).rejects.toThrow(/must be owner of table audit_event/)
        expect(
          await app.services.jobs.send('grants-test-job', { note: 'done as the app role' }),
        ).not.toBeNull()
        while (handled.length === 0) await new Promise((resolve) => setTimeout(resolve, 250))
        expect(handled).toEqual(['done as the app role'])
      } finally {
        await app.close()
      }
    })
  })
}

if (backend === 'pglite') {
  // What ADR 0015 says PGlite cannot do, shown rather than asserted: its one session user is a
  // superuser, so a restricted role on the connection is undone by RESET ROLE, without a password.
  describe('the embedded database cannot hold the app to a restricted role', () => {
    let database: Database
    beforeAll(async () => {
      database = await freshDatabase()
    })
    afterAll(async () => {
      await database.close()
    })

    it('lets a restricted role be left with RESET ROLE, so the triggers can be switched off', async () => {
      const db = database.db
      await sql`create role assure_restricted nologin`.execute(db)
      await sql`grant select, insert on audit_event to assure_restricted`.execute(db)
      await sql`set role assure_restricted`.execute(db)
      await expect(
        sql`alter table audit_event disable trigger audit_event_no_update_or_delete`.execute(db),
      ).rejects.toThrow(/must be owner of table audit_event/)
      await sql`reset role`.execute(db)
      const who = await sql<{
        superuser: string
      }>`select current_setting('is_superuser') as superuser`.execute(db)
      expect(who.rows[0]?.superuser).toBe('on')
      await sql`alter table audit_event disable trigger audit_event_no_update_or_delete`.execute(db)
      await sql`alter table audit_event enable trigger audit_event_no_update_or_delete`.execute(db)
    })
  })
}
