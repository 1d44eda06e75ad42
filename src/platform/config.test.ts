import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('configuration', () => {
  it('has working defaults for a developer machine', () => {
    const config = loadConfig({})
    expect(config.port).toBe(3000)
    expect(config.databaseUrl).toBeUndefined()
    expect(config.dataDir).toBe('./data')
    expect(config.baseUrl).toBe('http://localhost:3000')
    expect(config.mail.smtp).toBeUndefined()
    expect(config.demo.seed).toBe(true)
    expect(config.secureCookies).toBe(false)
  })

  it('names the variable that is wrong, without echoing its value', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://secret-host/db' })
    expect(problems).toHaveLength(2)
    expect(problems.find((p) => p.startsWith('PORT '))).toMatch(/whole number/)
    expect(problems.find((p) => p.startsWith('DATABASE_URL '))).toMatch(/postgres/)
    expect(problems.join('\n')).not.toContain('secret-host')
  })

  it('requires a session secret and base URL in production, and turns off the demo seed', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'SESSION_SECRET is required when NODE_ENV is production',
      'AUDIT_KEY is required when NODE_ENV is production (keep it outside the database)',
      'BASE_URL is required when NODE_ENV is production',
      'SMTP_HOST is required when NODE_ENV is production (set ALLOW_NO_SMTP=true to run without sending any email)',
    ])
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      AUDIT_KEY: 'k'.repeat(40),
      BASE_URL: 'https://assure.example.org/',
      SMTP_HOST: 'smtp.example.org',
    })
    expect(config.demo.seed).toBe(false)
    expect(config.secureCookies).toBe(true)
    expect(config.baseUrl).toBe('https://assure.example.org')
    expect(config.log.pretty).toBe(false)
  })

  it('rejects a short session secret, a short audit key and an out-of-range port', () => {
    expect(problemsOf({ SESSION_SECRET: 'short', AUDIT_KEY: 'short', PORT: '70000' })).toEqual([
      'PORT must be between 0 and 65535',
      'SESSION_SECRET must be at least 32 characters (use a long random string)',
      'AUDIT_KEY must be at least 32 characters (use a long random string)',
    ])
  })

  it('reads SMTP settings and insists a user comes with a password', () => {
    const config = loadConfig({
      SMTP_HOST: 'smtp.example.org',
      SMTP_PORT: '2525',
      SMTP_SECURE: 'true',
    })
    expect(config.mail.smtp).toEqual({
      host: 'smtp.example.org',
      port: 2525,
      secure: true,
      user: undefined,
      password: undefined,
    })
    expect(problemsOf({ SMTP_HOST: 'smtp.example.org', SMTP_USER: 'assure' })).toEqual([
      'SMTP_PASSWORD SMTP_USER and SMTP_PASSWORD must be set together',
    ])
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000)
  })

  it('rejects unknown values for enumerated settings', () => {
    expect(problemsOf({ LOG_LEVEL: 'loud', JOBS: 'maybe', TRUST_PROXY: 'perhaps' })).toEqual([
      'TRUST_PROXY must be true or false',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      'JOBS must be on or off',
    ])
  })
})
