import { loadConfig, type Config } from '../../src/platform/config.ts'

/** The configuration tests run with: no demo seed, no job workers, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    AUDIT_KEY: 'test-audit-key-test-audit-key-test-audit-key-01',
    BASE_URL: 'http://localhost:3000',
    DEMO_SEED: 'off',
    JOBS: 'off',
    LOG_LEVEL: 'silent',
    ...overrides,
  })
}
