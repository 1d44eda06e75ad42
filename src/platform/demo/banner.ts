import type { Config } from '../config.ts'
import { roleLabels } from '../access/roles.ts'
import type { DemoSeedResult } from './seed.ts'

/** What `npm start` prints after creating the demo: where to go and how to sign in. */
export function demoBanner(demo: DemoSeedResult, config: Config): string {
  const width = Math.max(...demo.accounts.map((a) => a.email.length))
  const lines = [
    '',
    '  The fictional Northshire Safeguarding Children Partnership has been created.',
    '',
    `  Open ${config.baseUrl} and sign in with one of these demo accounts.`,
    `  Password for every demo account: ${demo.password}${demo.passwordGenerated ? '   (generated: set DEMO_PASSWORD to choose one)' : ''}`,
    '',
    ...demo.accounts.map((a) => `    ${a.email.padEnd(width)}  ${roleLabels[a.role]}`),
    '',
  ]
  const twoFactor = demo.accounts.filter((a) => a.totpSecret !== undefined)
  if (twoFactor.length > 0) {
    lines.push(
      '  These roles see case-level records, so they also need a code from an authenticator app.',
    )
    lines.push(
      '  Add each setup key to your app (Google Authenticator, Microsoft Authenticator, …):',
    )
    lines.push('')
    for (const a of twoFactor) lines.push(`    ${a.email.padEnd(width)}  ${a.totpSecret ?? ''}`)
    lines.push('')
  }
  lines.push(
    '  This is printed once, when the demo is created. `npm run seed:demo` re-creates it.',
    '',
  )
  return `${lines.join('\n')}\n`
}
