// Case reviews: serious incident notifications, rapid reviews, LCSPRs (and legacy serious case
// reviews and other learning reviews), milestones, publication and the public register. See README.md.
import { roleTexts } from '../../platform/access/role-text.ts'
import type { AppModule } from '../../platform/module.ts'
import { provide } from '../../platform/extensions.ts'
import { deadlineClocks } from '../../platform/deadlines/index.ts'
import { actionSources } from '../actions/index.ts'
import { findingSources } from '../learning/index.ts'
import { caseReviewActionSources, caseReviewFindingSource } from './sources.ts'
import { caseReviewClocks } from './deadlines.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import * as caseReviews from './migrations/2026-11-22-0400-case-reviews.ts'
import * as plannedMeeting from './migrations/2026-12-07-0600-rapid-review-planned-meeting.ts'
import * as returnLinks from './migrations/2026-12-08-0250-return-links-and-panel-reason.ts'
import { caseReviewPaths } from './paths.ts'
import { returnLinkRoutes } from './link-routes.ts'
import { publicRegisterRoutes } from './public-routes.ts'
import { caseReviewRoutes } from './routes.ts'
import { seedCaseReviews } from './seed.ts'
import { CASE_REVIEW_PERMISSIONS, attention, chaseReturnsEverywhere } from './service.ts'

export const caseReviewMigrations: NamedMigrations = {
  '2026-11-22-0400-case-reviews': caseReviews,
  '2026-12-07-0600-rapid-review-planned-meeting': plannedMeeting,
  '2026-12-08-0250-return-links-and-panel-reason': returnLinks,
}

export const caseReviewsModule: AppModule = {
  name: 'case-reviews',
  dependsOn: ['actions', 'learning'],
  provides: [
    provide(
      roleTexts,
      {
        role: 'case_review_team',
        text: 'Works on serious incidents, rapid reviews and case reviews.',
      },
      { role: 'agency_lead', text: "Adds their agency's chronology to rapid reviews." },
      { role: 'partnership_admin', text: 'Keeps the bank-holiday calendar.' },
    ),
    provide(actionSources, ...caseReviewActionSources),
    provide(findingSources, caseReviewFindingSource),
    provide(deadlineClocks, ...caseReviewClocks),
  ],
  migrations: caseReviewMigrations,
  permissions: {
    [CASE_REVIEW_PERMISSIONS.read]: {
      description: 'See serious incidents, rapid reviews and unpublished case reviews',
      grants: { case_review_team: 'all' },
    },
    [CASE_REVIEW_PERMISSIONS.manage]: {
      description: 'Record serious incidents, run rapid reviews and case reviews, publish them',
      grants: { case_review_team: 'all' },
    },
    [CASE_REVIEW_PERMISSIONS.returns]: {
      description: 'Answer rapid review information requests (your own agency’s, for agency leads)',
      grants: { case_review_team: 'all', agency_lead: 'own_agency' },
    },
    [CASE_REVIEW_PERMISSIONS.holidays]: {
      description: 'Add the partnership’s own extra non-working days to the statutory clocks',
      grants: { case_review_team: 'all', partnership_admin: 'all' },
    },
  },
  // What the audit trail records of these shows only to the case review team (ADR 0016).
  caseLevelRecords: Object.fromEntries(
    [
      'serious_incident',
      'rapid_review',
      'chronology',
      'chronology_entry',
      'information_return',
      'information_return_link',
      'case_review',
      'case_review_milestones',
      'case_review_report',
      'case_review_briefing',
    ].map((recordType) => [recordType, CASE_REVIEW_PERMISSIONS.read]),
  ),
  navigation: [
    {
      text: 'Case reviews',
      href: caseReviewPaths.overview(),
      permission: CASE_REVIEW_PERMISSIONS.read,
      activePrefix: '/case-reviews',
      description:
        'Serious incidents, rapid reviews and case reviews, against their statutory clocks.',
    },
  ],
  viewGlobals: { caseReviewPaths },
  registerRoutes(app, services) {
    caseReviewRoutes(app, services)
    publicRegisterRoutes(app, services)
    returnLinkRoutes(app, services)
  },
  attention: (actor, services) => attention(services, actor),
  jobs: (services) => [
    {
      name: 'case-reviews.chase-returns',
      // 8am UK time in winter (9am in summer), every day; weekends and bank holidays do nothing.
      schedule: '0 8 * * *',
      async handler() {
        await chaseReturnsEverywhere(services)
      },
    },
  ],
  seedDemo: seedCaseReviews,
}
