// src/main.ts as an operator runs it: a child process on a database of its own. A wrong setting
// stops it with a message naming the variable; SIGTERM lets a request in flight finish, refuses
// new work, writes an audit checkpoint and exits 0.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionPaths } from './modules/actions/paths.ts'
import { readAuditCheckpoint } from './platform/audit/checkpoint.ts'
import { backend } from '../test/support/databases.ts'
import {
  prepareWriteTarget,
  processDatabase,
  runTs,
  startServer,
  type ProcessDatabase,
  type WriteTarget,
} from '../test/support/processes.ts'

const SESSION_SECRET = 'shutdown-test-secret-shutdown-test-secret-0123'

describe(`the server process (${backend})`, { timeout: 240_000 }, () => {
  let place: ProcessDatabase
  let env: Record<string, string>
  let target: WriteTarget
  beforeAll(async () => {
    place = await processDatabase()
    env = { ...place.env, SESSION_SECRET, DEMO_SEED: 'off', JOBS: 'on', LOG_LEVEL: 'info' }
    target = await prepareWriteTarget(env)
  }, 300_000)
  afterAll(async () => {
    await place.remove()
  })

  it('refuses to start with a wrong setting, naming the variable and not its value', async () => {
    const ended = await runTs('src/main.ts', { ...env, PORT: 'eighty', SMTP_PORT: '99999' })
    expect(ended.code).toBe(1)
    expect(ended.stderr).toContain('PORT must be a whole number')
    expect(ended.stderr).toContain('SMTP_PORT must be between 1 and 65535')
    expect(ended.stderr).not.toContain('99999')
    expect(ended.stderr).toContain('README.md')
  })

  // The README's production command is `npm start`: a SIGTERM sent to npm (as a container runtime
  // or process manager sends it) must reach the server, drain it and leave no process behind.
  it.each(['node', 'npm start'] as const)(
    'finishes the request in flight on SIGTERM sent to %s, then exits 0',
    async (via) => {
      const server = await startServer(env, { via })
      const url = new URL(actionPaths.apiUpdates({ actionId: target.actionId }), server.baseUrl)
      const body = JSON.stringify({ status: 'on_track', note: 'Sent across a shutdown' })
      const half = Math.floor(body.length / 2)

      let stop!: () => void
      const stopped = new Promise<void>((resolve) => (stop = resolve))

      // A slow client: headers and half the body now, the rest after the server has been told to stop.
      let sentHead!: () => void
      const headSent = new Promise<void>((resolve) => (sentHead = resolve))
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            headers: {
              authorization: target.authorization,
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body)),
            },
          },
          (res) => {
            let text = ''
            res.on('data', (chunk: Buffer) => (text += chunk.toString()))
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, body: text })
            })
          },
        )
        req.on('error', reject)
        req.flushHeaders()
        req.write(body.slice(0, half), () => {
          sentHead()
        })
        void stopped.then(() => req.end(body.slice(half)))
      })

      await headSent
      // The server accepts connections in the order they arrive: once a second connection has been
      // answered, the first one (ours, waiting for the rest of its body) is being served.
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
      server.child.kill('SIGTERM')
      await waitFor(() => server.output().stdout.includes('shutting down'))
      stop()

      const answered = await response
      expect(answered.status).toBe(201)
      expect(answered.body).toContain('Sent across a shutdown')
      const ended = await server.exited
      expect(ended.code).toBe(0)
      expect(ended.signal).toBeNull()
      expect(ended.stderr).toBe('')
      // Nothing is left listening: an orphaned server under npm would still answer.
      await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow()
      // On the way out it anchored the audit chains, including the entry of the last request
      // (docs/decisions/0015-keyed-audit-chain.md): in DATA_DIR and in the log.
      expect(ended.stdout).toContain('audit checkpoint written')
      const checkpoint = readAuditCheckpoint(place.dataDir)
      expect(checkpoint.kind).toBe('read')
      if (checkpoint.kind === 'read') expect(checkpoint.checkpoint.heads.length).toBeGreaterThan(0)
    },
  )
})

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50))
}
