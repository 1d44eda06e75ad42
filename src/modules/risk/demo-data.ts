// The fictional Northshire risk register, as data: seven risks, some linked to the demo
// indicators and challenges, with mitigations, a review and one closed. Every name is invented.
// demo.ts turns it into records through the register's own use cases.
import type { RiskCategory } from './tables.ts'

export interface DemoRisk {
  readonly title: string
  readonly description: string
  readonly category: RiskCategory
  readonly likelihood: number
  readonly impact: number
  readonly owner: string
  /** Days from today; negative is overdue. */
  readonly reviewIn: number
  readonly indicators: readonly string[]
  /** Subjects (or their start) of demo challenges to link. */
  readonly challenges: readonly string[]
  readonly mitigations: readonly { title: string; owner: string; dueIn: number }[]
  readonly review?: { likelihood: number; impact: number; note: string; daysAgo: number }
  readonly closed?: string
}

export const demoRisks: readonly DemoRisk[] = [
  {
    title: 'Assessments are not completed in time, leaving children without a plan',
    description:
      'Caused by vacancies in the assessment teams and a rise in referrals; children wait longer for help and risks escalate unseen.',
    category: 'practice',
    likelihood: 4,
    impact: 4,
    owner: 'county-childrens',
    reviewIn: 20,
    indicators: ['CIN-03'],
    challenges: [],
    mitigations: [
      {
        title: 'Recruit four permanent social workers to the assessment teams',
        owner: 'county-childrens',
        dueIn: 75,
      },
    ],
    review: {
      likelihood: 5,
      impact: 4,
      note: 'Timeliness fell for a second month; the likelihood is raised until recruitment lands.',
      daysAgo: 14,
    },
  },
  {
    title: 'Children who go missing are not offered a return home interview',
    description:
      'Because notifications from the police reach the commissioned service late; exploitation is missed.',
    category: 'practice',
    likelihood: 3,
    impact: 5,
    owner: 'police',
    reviewIn: -6,
    indicators: ['EX-01', 'EX-03'],
    challenges: [],
    mitigations: [
      {
        title: 'Send missing notifications to the return home service the same day',
        owner: 'police',
        dueIn: 30,
      },
    ],
  },
  {
    title: 'Health colleagues are left out of strategy discussions',
    description:
      'Invitations depend on individual practice; decisions are taken without health information.',
    category: 'partnership',
    likelihood: 3,
    impact: 4,
    owner: 'icb',
    reviewIn: 45,
    indicators: [],
    challenges: ['Health not invited'],
    mitigations: [],
  },
  {
    title: 'Multi-agency training places go unfilled',
    description:
      'Agencies release fewer staff because of workload; practitioners miss learning from reviews.',
    category: 'workforce',
    likelihood: 3,
    impact: 2,
    owner: 'county-education',
    reviewIn: 60,
    indicators: ['WF-03'],
    challenges: [],
    mitigations: [
      {
        title: 'Offer each core course twice a term in the evening',
        owner: 'county-childrens',
        dueIn: 90,
      },
    ],
  },
  {
    title: 'Partner contributions fall short of the agreed budget',
    description:
      'Two partners have signalled cuts; the business unit could not fund independent scrutiny.',
    category: 'resources',
    likelihood: 2,
    impact: 4,
    owner: 'county-childrens',
    reviewIn: 30,
    indicators: [],
    challenges: [],
    mitigations: [],
  },
  {
    title: 'Initial health assessments for children in care are late',
    description:
      'Paediatric capacity is short; health needs of children entering care go unassessed for weeks.',
    category: 'practice',
    likelihood: 4,
    impact: 3,
    owner: 'icb',
    reviewIn: -2,
    indicators: ['CLA-04'],
    challenges: [],
    mitigations: [
      { title: 'Commission extra initial health assessment clinics', owner: 'icb', dueIn: 45 },
    ],
  },
  {
    title: 'Private fostering arrangements are not notified',
    description:
      'Schools and GPs do not recognise private fostering; children live with unchecked carers.',
    category: 'data',
    likelihood: 2,
    impact: 3,
    owner: 'county-childrens',
    reviewIn: 90,
    indicators: ['PF-02'],
    challenges: [],
    mitigations: [],
    closed: 'The awareness campaign doubled notifications; monitored through the scorecard.',
  },
]
