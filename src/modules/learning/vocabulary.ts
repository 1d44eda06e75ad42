// The themes every partnership starts with: the ones that recur in local and national reviews
// (see the learning issue and /work/shared/DESIGN.md). The business unit and case review team
// add, rename and retire themes from there.
export const defaultThemes: readonly string[] = [
  'Voice and lived experience of the child',
  'Professional curiosity',
  'Fathers and other adults in the household',
  'Information sharing',
  'Escalation and professional challenge',
  'Supervision',
  'Hostile or disguised compliance',
  'Parental substance misuse',
  'Domestic abuse',
  'Parental mental health',
  'Neglect',
  'Exploitation',
  "Non-mobile babies' injuries",
  'Online harm',
]
