import type { Actor } from '../access/policy.ts'
import { roleLabels } from '../access/roles.ts'
import type { AttentionItem, NavigationEntry } from '../module.ts'

export interface HomeView {
  readonly greetingName: string
  readonly partnershipName: string
  readonly roles: readonly string[]
  readonly attention: readonly AttentionItem[]
  readonly modules: readonly { href: string; text: string; description: string }[]
}

const severityOrder: Record<AttentionItem['severity'], number> = { overdue: 0, due: 1, info: 2 }

export function presentHome(
  actor: Actor,
  partnershipName: string,
  attention: readonly AttentionItem[],
  entries: readonly NavigationEntry[],
): HomeView {
  return {
    greetingName: actor.displayName,
    partnershipName,
    roles: [...actor.roles].map((r) => roleLabels[r]).sort((a, b) => a.localeCompare(b)),
    attention: [...attention].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]),
    modules: entries.map((e) => ({ href: e.href, text: e.text, description: e.description })),
  }
}
