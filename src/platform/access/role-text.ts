// What each role does, in the words of the modules that exist. A module says, role by role, what
// it gives that role; the account pages show the sentences of the modules that are installed, so
// a role promises nothing that has not been built (issue 13.10). A role no module uses says so.
import { extensionPoint, type Extensions } from '../extensions.ts'
import { roles, type Role } from './roles.ts'

export interface RoleText {
  readonly role: Role
  /** One sentence, e.g. 'Runs groups, meetings and the challenge log.' */
  readonly text: string
}

export const roleTexts = extensionPoint<RoleText>('platform.role-texts', {
  validate(values) {
    for (const v of values)
      if (!/^[A-Z].*\.$/.test(v.text))
        throw new Error(`"${v.text}" for ${v.role} must be one sentence ending with a full stop`)
  },
})

export const NOTHING_YET = 'Nothing in Assure uses this role yet.'

/** Each role's description: the installed modules' sentences, in module order. */
export function roleDescriptions(extensions: Extensions): Readonly<Record<Role, string>> {
  const texts = extensions.of(roleTexts)
  return Object.fromEntries(
    roles.map((role) => {
      const sentences = texts.filter((t) => t.role === role).map((t) => t.text)
      return [role, sentences.length === 0 ? NOTHING_YET : sentences.join(' ')]
    }),
  ) as Record<Role, string>
}
