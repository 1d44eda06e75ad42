// Running the real entry points (src/main.ts, scripts/*.ts) as child processes, the way an operator
// runs them, each on a database of its own: a temporary DATA_DIR for PGlite, or a fresh database on
// the PostgreSQL test server when the tier runs on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { randomBytes, randomUUID } from 'node:crypto'
import pg from 'pg'
import pino from 'pino'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { newApiToken } from '../../src/platform/identity/api-tokens.ts'
import { raiseAction } from '../../src/modules/actions/service.ts'
import { createAgency, createPartnership, createUser } from './factories.ts'
import { backend, databaseUrl, postgresAdminUrl, runTag } from './databases.ts'

export const projectRoot = path.resolve(import.meta.dirname, '..', '..')

/** A place for one child process's database: its environment, and a way to remove it. */
export interface ProcessDatabase {
  readonly env: Record<string, string>
  readonly dataDir: string
  readonly url: string | undefined
  remove(): Promise<void>
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl })
  await client.connect()
  try {
    await client.query(query)
  } finally {
    await client.end()
  }
}

export async function processDatabase(): Promise<ProcessDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assure-process-'))
  if (backend === 'pglite') {
    return {
      env: { DATA_DIR: dataDir },
      dataDir,
      url: undefined,
      async remove() {
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  }
  // Named like every other test database, so the run's teardown drops it if this test cannot.
  const name = `assure_t_${runTag()}_${randomBytes(6).toString('hex')}`
  await admin(`create database ${name}`)
  const url = databaseUrl(name)
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url },
    dataDir,
    url,
    async remove() {
      rmSync(dataDir, { recursive: true, force: true })
      await admin(`drop database if exists ${name} with (force)`)
    },
  }
}

/** A clean environment: nothing of the test runner's leaks into the child. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    ...extra,
  }
}

export interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a TypeScript file with tsx, as `npm run` would, and waits for it to end. */
export async function runTs(file: string, env: Record<string, string>): Promise<Finished> {
  const child = spawnTs(file, env)
  return finished(child)
}

export function spawnTs(file: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: projectRoot,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    // 'close' comes after the process has exited and its output has been read to the end.
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/** A loopback port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'))
        else resolve(address.port)
      })
    })
  })
}

export interface RunningServer {
  readonly child: ChildProcess
  readonly baseUrl: string
  /** Everything the process has written so far. */
  output(): { stdout: string; stderr: string }
  /** Resolves when the process ends. */
  readonly exited: Promise<Finished>
}

/**
 * Starts the service and waits until /healthz answers (or the process dies): by default as
 * `node --import tsx src/main.ts`; with `via: 'npm start'` exactly as the README's production
 * section runs it, so a signal is sent to npm, as a container runtime would send it.
 */
export async function startServer(
  env: Record<string, string>,
  options: { via?: 'node' | 'npm start' } = {},
): Promise<RunningServer> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const serverEnv = { PORT: String(port), HOST: '127.0.0.1', BASE_URL: baseUrl, ...env }
  const child =
    options.via === 'npm start'
      ? spawn('npm', ['start', '--silent'], {
          cwd: projectRoot,
          env: childEnv(serverEnv),
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawnTs('src/main.ts', serverEnv)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr })
    })
  })
  let dead: Finished | undefined
  void exited.then((f) => (dead = f))
  for (;;) {
    if (dead !== undefined)
      throw new Error(`The server exited (${String(dead.code)}) before it was ready:\n${stderr}`)
    try {
      const response = await fetch(`${baseUrl}/healthz`)
      if (response.ok) break
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { child, baseUrl, output: () => ({ stdout, stderr }), exited }
}

/** A real write route to aim at: an action, and an API token allowed to report progress on it. */
export interface WriteTarget {
  readonly actionId: string
  readonly authorization: string
}

/**
 * Prepares a write target in the child's database, from this process (the child is not running:
 * PGlite serves one process at a time).
 */
export async function prepareWriteTarget(env: Record<string, string>): Promise<WriteTarget> {
  const app = await buildApp({
    config: loadConfig({ ...env, NODE_ENV: 'test', DEMO_SEED: 'off', JOBS: 'off' }),
    logger: pino({ level: 'silent' }),
    startJobs: false,
  })
  try {
    const db = app.services.db
    const partnership = await createPartnership(db)
    const agency = await createAgency(db, partnership, { name: 'Northshire Police' })
    const user = await createUser(db, partnership, { roles: ['business_unit'] })
    const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`
    const { id: actionId } = await raiseAction(
      app.services,
      { scope: partnership.scope, systemLabel: 'test set-up' },
      undefined,
      {
        source: { type: 'process_test', id: randomUUID() },
        title: 'Keep every acknowledged write',
        ownerAgencyId: agency,
        dueDate: nextYear,
      },
    )
    const { token, hash, displayPrefix } = newApiToken()
    await db
      .insertInto('api_token')
      .values({
        partnership_id: partnership.id,
        user_id: user.id,
        name: 'Process test',
        token_hash: hash,
        token_prefix: displayPrefix,
        permissions: ['actions.read', 'actions.update'],
        created_at: new Date(),
        created_by: user.id,
      })
      .execute()
    return { actionId, authorization: `Bearer ${token}` }
  } finally {
    await app.close()
  }
}
