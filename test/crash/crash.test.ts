// The crash test: the real server (src/main.ts) as a child process, writing records through a real
// API route (progress updates on an action, with an API token), killed with SIGKILL while writes are
// in flight. After a restart every write the server acknowledged must be there, and the database
// must open, migrate and serve. Runs on PGlite in a temporary DATA_DIR, or on a fresh PostgreSQL
// database when the tier runs on PostgreSQL (ASSURE_TEST_DB=postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allMigrations } from '../../src/app.ts'
import { openDatabase } from '../../src/platform/db/database.ts'
import { pendingMigrations } from '../../src/platform/db/migrations.ts'
import { actionPaths } from '../../src/modules/actions/paths.ts'
import { backend } from '../support/databases.ts'
import {
  prepareWriteTarget,
  processDatabase,
  startServer,
  type ProcessDatabase,
} from '../support/processes.ts'

const SESSION_SECRET = 'crash-test-secret-crash-test-secret-0123456789'
/** Writes acknowledged before the kill; the kill comes while more are in flight. */
const ACKNOWLEDGED_BEFORE_KILL = 60
const WRITERS = 4

describe(`crash test (${backend})`, { timeout: 300_000 }, () => {
  let place: ProcessDatabase
  let env: Record<string, string>
  let actionId: string
  let authorization: string

  beforeAll(async () => {
    place = await processDatabase()
    env = { ...place.env, SESSION_SECRET, DEMO_SEED: 'off', JOBS: 'off', LOG_LEVEL: 'warn' }
    ;({ actionId, authorization } = await prepareWriteTarget(env))
  }, 300_000)
  afterAll(async () => {
    await place.remove()
  })

  it('keeps every acknowledged write after SIGKILL, and the database opens and migrates cleanly', async () => {
    const server = await startServer(env)
    const acknowledged = new Set<string>()
    let attempted = 0
    let failed = 0
    let killed = false
    let next = 0

    const writer = async (): Promise<void> => {
      for (;;) {
        const note = `crash-test write ${String(next++).padStart(5, '0')}`
        attempted += 1
        try {
          const response = await fetch(`${server.baseUrl}${actionPaths.apiUpdates({ actionId })}`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ status: 'on_track', note }),
          })
          await response.text()
          if (response.status === 201) acknowledged.add(note)
          else throw new Error(`a write was refused with ${response.status}`)
        } catch (error) {
          if (!killed) throw error
          failed += 1
          return
        }
        if (acknowledged.size >= ACKNOWLEDGED_BEFORE_KILL && !killed) {
          killed = true
          server.child.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: WRITERS }, writer))
    const ended = await server.exited
    expect(ended.signal).toBe('SIGKILL')

    // Restart: the server opens the database (taking over PGlite's lock from the dead process),
    // applies migrations (none pending) and is ready.
    const restarted = await startServer(env)
    let present: Set<string>
    try {
      const ready = await fetch(`${restarted.baseUrl}/readyz`)
      expect(ready.status).toBe(200)
      const read = await fetch(`${restarted.baseUrl}${actionPaths.apiAction({ actionId })}`, {
        headers: { authorization },
      })
      expect(read.status).toBe(200)
      const detail = (await read.json()) as { updates: { note: string | null }[] }
      present = new Set(detail.updates.map((u) => u.note ?? ''))
      // One more write works after the restart.
      const after = await fetch(`${restarted.baseUrl}${actionPaths.apiUpdates({ actionId })}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'on_track', note: 'after the restart' }),
      })
      expect(after.status).toBe(201)
    } finally {
      restarted.child.kill('SIGTERM')
    }
    expect((await restarted.exited).code).toBe(0)

    const missing = [...acknowledged].filter((note) => !present.has(note))
    const crashNotes = [...present].filter((n) => n.startsWith('crash-test write'))
    const unacknowledgedButKept = crashNotes.filter((n) => !acknowledged.has(n))
    console.log(
      `crash test (${backend}): ${attempted} writes attempted, ${acknowledged.size} acknowledged, ` +
        `${failed} cut off by SIGKILL; after restart ${crashNotes.length} present, ` +
        `${missing.length} acknowledged but missing, ${unacknowledgedButKept.length} committed but not acknowledged`,
    )
    expect(missing).toEqual([])
    expect(acknowledged.size).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL)

    // And the database opens in this process too, with nothing left to migrate.
    const database = await openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 1 })
    try {
      expect(await pendingMigrations(database.db, allMigrations())).toEqual([])
      const rows = await database.db
        .selectFrom('action_update')
        .select('note')
        .where('action_id', '=', actionId)
        .execute()
      expect(rows.length).toBe(present.size + 1)
    } finally {
      await database.close()
    }
  })
})
