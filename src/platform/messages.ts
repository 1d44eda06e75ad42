// The one catalogue of user-facing validation messages, in GOV.UK's style ("Enter…", "Select…",
// "… must be … or fewer"). Modules build their field messages from these patterns rather than
// writing copy in handlers; a field's label is the only thing a module supplies.

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

export const messages = {
  enter: (what: string): string => `Enter ${what}`,
  select: (what: string): string => `Select ${what}`,
  tooLong: (what: string, max: number): string =>
    `${capitalise(what)} must be ${max} characters or fewer`,
  tooShort: (what: string, min: number): string =>
    `${capitalise(what)} must be ${min} characters or more`,
  email: (): string => 'Enter an email address in the correct format, like name@example.org',
  wholeNumber: (what: string): string => `${capitalise(what)} must be a whole number`,
  number: (what: string): string => `${capitalise(what)} must be a number`,
  between: (what: string, min: number, max: number): string =>
    `${capitalise(what)} must be between ${min} and ${max}`,
  realDate: (what: string): string => `${capitalise(what)} must be a real date`,
  dateMissing: (what: string, part: 'day' | 'month' | 'year'): string =>
    `${capitalise(what)} must include a ${part}`,
  dateAfter: (what: string, other: string): string => `${capitalise(what)} must be after ${other}`,
  dateNotBefore: (what: string, other: string): string =>
    `${capitalise(what)} must be the same as or after ${other}`,
  dateNotAfter: (what: string, other: string): string =>
    `${capitalise(what)} must be the same as or before ${other}`,
  notInPast: (what: string): string => `${capitalise(what)} must be today or in the future`,
  notInFuture: (what: string): string => `${capitalise(what)} must be today or in the past`,
  timeFormat: (what: string): string =>
    `${capitalise(what)} must be a real time, like 09:30 or 14:00`,
  unsafeText: (): string =>
    'This answer contains a character that cannot be saved (a null character or half of an emoji): remove it and try again',
  fileRequired: (): string => 'Select a file',
  fileType: (allowed: string): string => `The selected file must be ${allowed}`,
  fileSize: (maxMb: number): string => `The selected file must be smaller than ${maxMb}MB`,
  passwordsDiffer: (): string => 'Passwords do not match',
  unknownChoice: (what: string): string => `Select ${what} from the list`,
  signInFailed: (): string => 'Enter a correct email address and password',
  totpCode: (): string => 'Enter the 6-digit code shown in your authenticator app',
  passwordSameAsEmail: (): string => 'Your password must not be your email address',
} as const
