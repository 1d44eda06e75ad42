// Password hashing with Argon2id (hash-wasm: WebAssembly, no native build). Parameters follow the
// OWASP Password Storage Cheat Sheet's first Argon2id configuration: 19 MiB, 2 iterations, 1 lane.
import { randomBytes } from 'node:crypto'
import { argon2id, argon2Verify } from 'hash-wasm'

const PARAMETERS = { parallelism: 1, iterations: 2, memorySize: 19 * 1024, hashLength: 32 } as const

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

export async function hashPassword(password: string): Promise<string> {
  return argon2id({
    ...PARAMETERS,
    password: password.normalize('NFKC'),
    salt: randomBytes(16),
    outputType: 'encoded',
  })
}

// Verifying against this when no account matches takes as long as a real check, so the time a
// sign-in takes does not reveal whether the address has an account.
let dummyHash: Promise<string> | undefined

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
    await argon2Verify({ password: password.normalize('NFKC'), hash: await dummyHash })
    return false
  }
  try {
    return await argon2Verify({ password: password.normalize('NFKC'), hash })
  } catch {
    return false
  }
}
