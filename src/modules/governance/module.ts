// Governance: how the partnership runs itself. See README.md.
import { roleTexts } from '../../platform/access/role-text.ts'
import type { AppModule } from '../../platform/module.ts'
import { provide } from '../../platform/extensions.ts'
import { actionSources } from '../actions/index.ts'
import { governanceActionSources } from './sources.ts'
import type { NamedMigrations } from '../../platform/db/migrations.ts'
import * as peopleAndGroups from './migrations/2026-11-22-0210-people-and-groups.ts'
import * as meetingsAndChallenges from './migrations/2026-11-22-0230-meetings-and-challenges.ts'
import * as clerkMeetings from './migrations/2026-12-08-0260-meetings-a-clerk-can-run.ts'
import { seedGovernanceDemo } from './demo.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS as P, everyRole } from './permissions.ts'
import { governanceApiRoutes } from './api.ts'
import { challengeRoutes } from './challenge-routes.ts'
import { clerkRoutes } from './clerk-routes.ts'
import { meetingRoutes } from './meeting-routes.ts'
import { escalateEverywhere, sendDigestsEverywhere } from './reminders.ts'
import { registerRoutes } from './routes.ts'

export const governanceMigrations: NamedMigrations = {
  '2026-11-22-0210-people-and-groups': peopleAndGroups,
  '2026-11-22-0230-meetings-and-challenges': meetingsAndChallenges,
  '2026-12-08-0260-meetings-a-clerk-can-run': clerkMeetings,
}

export const governanceModule: AppModule = {
  name: 'governance',
  dependsOn: ['actions'],
  provides: [
    provide(
      roleTexts,
      { role: 'business_unit', text: 'Runs groups, meetings, agencies and the challenge log.' },
      {
        role: 'board_member',
        text: 'Sees the groups, their meetings and papers, and the challenge log.',
      },
      {
        role: 'agency_lead',
        text: 'Sees the meetings and answers challenges made to their agency.',
      },
      { role: 'partnership_admin', text: 'Keeps the register of agencies.' },
    ),
    provide(actionSources, ...governanceActionSources),
  ],
  migrations: governanceMigrations,
  permissions: {
    [P.read]: {
      description: 'See agencies, people, groups, meetings and attendance',
      grants: {
        partnership_admin: 'all',
        business_unit: 'all',
        board_member: 'all',
        agency_lead: 'all',
      },
    },
    [P.manage]: {
      description: 'Run groups and meetings: members, agendas, papers, attendance, minutes',
      grants: { business_unit: 'all' },
    },
    [P.manageAgencies]: {
      description: 'Keep the agency register',
      grants: { partnership_admin: 'all', business_unit: 'all' },
    },
    [P.myMeetings]: {
      description: 'See the meetings and papers of the groups you sit on',
      grants: everyRole,
    },
    [P.readChallenges]: {
      description: 'See the challenge log (agency leads: challenges involving their agency)',
      grants: { business_unit: 'all', board_member: 'all', agency_lead: 'own_agency' },
    },
    [P.manageChallenges]: {
      description: 'Record challenges and their outcomes, and raise actions from them',
      grants: { business_unit: 'all' },
    },
    [P.respondToChallenges]: {
      description: 'Respond to challenges (agency leads: those made to their agency)',
      grants: { business_unit: 'all', agency_lead: 'own_agency' },
    },
  },
  navigation: [
    {
      text: 'Governance',
      href: governancePaths.groups(),
      permission: P.read,
      activePrefix: '/governance',
      description: 'Groups, meetings, agencies, people and the challenge log.',
    },
    {
      text: 'My meetings',
      href: governancePaths.myMeetings(),
      permission: P.myMeetings,
      activePrefix: '/governance/my-meetings',
      description: 'Upcoming meetings of the groups you sit on, and their papers.',
    },
  ],
  viewGlobals: { governancePaths },
  routes: clerkRoutes,
  registerRoutes(app, services) {
    registerRoutes(app, services)
    meetingRoutes(app, services)
    challengeRoutes(app, services)
    governanceApiRoutes(app, services)
  },
  seedDemo: (trx, context) => seedGovernanceDemo(trx, context),
  jobs: (services) => [
    {
      // After the action tracker's overdue check (00:05).
      name: 'governance.escalate-overdue-actions',
      schedule: '30 0 * * *',
      // A fresh demo, or a server that was down at 00:30, escalates at once (issue 13.2).
      catchUpOnStart: true,
      async handler() {
        await escalateEverywhere(services)
      },
    },
    {
      name: 'governance.reminder-digest',
      schedule: '0 7 * * *',
      async handler() {
        await sendDigestsEverywhere(services)
      },
    },
  ],
}
