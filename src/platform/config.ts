// Configuration is read once, from environment variables, at start-up. A wrong value stops the
// app with a message naming the variable; nothing deeper in the code reads process.env.
import { z } from 'zod'

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const envSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'], {
        error: 'must be development, test or production',
      })
      .default('development'),
    PORT: z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be between 0 and 65535' })
      .max(65535, { error: 'must be between 0 and 65535' })
      .default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    DATABASE_POOL_SIZE: z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(200, { error: 'must be 200 or fewer' })
      .default(10),
    DATA_DIR: z.string().min(1).default('./data'),
    SESSION_SECRET: z
      .string()
      .min(32, { error: 'must be at least 32 characters (use a long random string)' })
      .optional(),
    AUDIT_KEY: z
      .string()
      .min(32, { error: 'must be at least 32 characters (use a long random string)' })
      .optional(),
    BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .optional(),
    TRUST_PROXY: booleanString.default(false),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be between 1 and 65535' })
      .max(65535, { error: 'must be between 1 and 65535' })
      .default(587),
    SMTP_SECURE: booleanString.default(false),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASSWORD: z.string().min(1).optional(),
    MAIL_FROM: z.string().min(3).default('Assure <no-reply@assure.invalid>'),
    ALLOW_NO_SMTP: booleanString.default(false),
    LOG_LEVEL: z
      .enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` })
      .default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
    DEMO_SEED: z.enum(['auto', 'off'], { error: 'must be auto or off' }).optional(),
    DEMO_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).optional(),
    JOBS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
    OIDC_ISSUER: z
      .url({ protocol: /^https?$/, error: 'must be the http(s):// URL of the OpenID provider' })
      .optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_LABEL: z.string().min(1).max(100).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required when NODE_ENV is production',
      })
    }
    if (env.NODE_ENV === 'production' && env.AUDIT_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_KEY'],
        message: 'is required when NODE_ENV is production (keep it outside the database)',
      })
    }
    if (env.NODE_ENV === 'production' && env.BASE_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['BASE_URL'],
        message: 'is required when NODE_ENV is production',
      })
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET]
    if (oidc.some((v) => v !== undefined) && oidc.some((v) => v === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [
          env.OIDC_ISSUER === undefined
            ? 'OIDC_ISSUER'
            : env.OIDC_CLIENT_ID === undefined
              ? 'OIDC_CLIENT_ID'
              : 'OIDC_CLIENT_SECRET',
        ],
        message: 'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together',
      })
    }
    if (env.NODE_ENV === 'production' && env.SMTP_HOST === undefined && !env.ALLOW_NO_SMTP) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_HOST'],
        message:
          'is required when NODE_ENV is production (set ALLOW_NO_SMTP=true to run without sending any email)',
      })
    }
    if ((env.SMTP_USER === undefined) !== (env.SMTP_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD'],
        message: 'SMTP_USER and SMTP_PASSWORD must be set together',
      })
    }
  })

export type LogLevel = (typeof logLevels)[number]

export interface Config {
  readonly env: 'development' | 'test' | 'production'
  readonly port: number
  readonly host: string
  /** Undefined means the embedded PGlite database under `dataDir`. */
  readonly databaseUrl: string | undefined
  readonly databasePoolSize: number
  readonly dataDir: string
  /** Undefined outside production: main.ts then creates one and keeps it under DATA_DIR. */
  readonly sessionSecret: string | undefined
  /**
   * The key of the audit trail's HMAC chain and checkpoints (docs/decisions/0015). Never stored
   * in the database. Undefined outside production: it is then made once and kept in DATA_DIR.
   */
  readonly auditKey: string | undefined
  readonly baseUrl: string
  readonly trustProxy: boolean
  /** Cookies are marked Secure, and HSTS is sent, when the service is reached over TLS. */
  readonly secureCookies: boolean
  readonly mail: {
    readonly from: string
    /** Undefined means no SMTP server: mail goes to the development outbox. */
    readonly smtp:
      | {
          readonly host: string
          readonly port: number
          readonly secure: boolean
          readonly user: string | undefined
          readonly password: string | undefined
        }
      | undefined
  }
  readonly log: { readonly level: LogLevel; readonly pretty: boolean }
  readonly demo: { readonly seed: boolean; readonly password: string | undefined }
  readonly jobs: { readonly enabled: boolean }
  /** Sign-in with an OpenID Connect provider (Microsoft Entra ID, NHS-style), when configured. */
  readonly oidc:
    | {
        readonly issuer: string
        readonly clientId: string
        readonly clientSecret: string
        /** The sign-in page's link text. */
        readonly label: string
      }
    | undefined
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Reads and validates the configuration. Throws ConfigError naming every wrong variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable is treated as unset, as shells and .env files commonly leave them.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  )
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    // Values are never echoed: some variables are secrets.
    const problems = parsed.error.issues.map((issue) => {
      const name = typeof issue.path[0] === 'string' ? issue.path[0] : 'configuration'
      const message =
        issue.code === 'invalid_type' && !(name in present) ? 'is required' : issue.message
      return `${name} ${message}`
    })
    throw new ConfigError(problems)
  }
  const e = parsed.data
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    sessionSecret: e.SESSION_SECRET,
    auditKey: e.AUDIT_KEY,
    baseUrl,
    trustProxy: e.TRUST_PROXY,
    secureCookies: baseUrl.startsWith('https://'),
    mail: {
      from: e.MAIL_FROM,
      smtp:
        e.SMTP_HOST === undefined
          ? undefined
          : {
              host: e.SMTP_HOST,
              port: e.SMTP_PORT,
              secure: e.SMTP_SECURE,
              user: e.SMTP_USER,
              password: e.SMTP_PASSWORD,
            },
    },
    log: {
      level: e.LOG_LEVEL,
      pretty: (e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty',
    },
    demo: {
      seed: (e.DEMO_SEED ?? (e.NODE_ENV === 'production' ? 'off' : 'auto')) === 'auto',
      password: e.DEMO_PASSWORD,
    },
    jobs: { enabled: e.JOBS === 'on' },
    oidc:
      e.OIDC_ISSUER === undefined ||
      e.OIDC_CLIENT_ID === undefined ||
      e.OIDC_CLIENT_SECRET === undefined
        ? undefined
        : {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            label: e.OIDC_LABEL ?? 'Sign in with your organisation’s account',
          },
  }
}
