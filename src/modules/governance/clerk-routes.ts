// The clerk's routes (issue 13.1), on the route table: every entry with who may reach it.
import { MAX_UPLOAD_BYTES } from '../../platform/http/uploads.ts'
import { api, form, page, post, type RouteTable } from '../../platform/http/route-table.ts'
import * as pages from './clerk-pages.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS as P } from './permissions.ts'
import { z } from 'zod'
import {
  agendaItemFormSchema,
  apiDecision,
  apiDecisionQuery,
  cancelMeetingFormSchema,
  reinstateMeetingFormSchema,
} from './schemas.ts'

export const clerkRoutes: RouteTable = [
  form({
    path: governancePaths.cancelMeeting,
    permission: P.manage,
    schema: cancelMeetingFormSchema,
    ...pages.cancelMeeting,
  }),
  form({
    path: governancePaths.reinstateMeeting,
    permission: P.manage,
    schema: reinstateMeetingFormSchema,
    ...pages.reinstateMeeting,
  }),
  form({
    path: governancePaths.editItem,
    permission: P.manage,
    schema: agendaItemFormSchema,
    ...pages.editItem,
  }),
  post({ path: governancePaths.moveItemUp, permission: P.manage, handler: pages.moveItem('up') }),
  post({
    path: governancePaths.moveItemDown,
    permission: P.manage,
    handler: pages.moveItem('down'),
  }),
  post({ path: governancePaths.withdrawItem, permission: P.manage, handler: pages.withdrawItem }),
  page({
    path: governancePaths.replacePaper,
    permission: P.manage,
    handler: pages.replacePaperPage,
  }),
  post({
    path: governancePaths.replacePaper,
    permission: P.manage,
    // A paper is a file: multipart is read only here, after the session and CSRF checks.
    uploads: { fileBytes: MAX_UPLOAD_BYTES },
    handler: pages.replacePaperSave,
  }),
  post({
    path: governancePaths.approvePreviousMinutes,
    permission: P.manage,
    handler: pages.approvePreviousMinutes,
  }),
  page({ path: governancePaths.decisions, permission: P.read, handler: pages.decisionsPage }),
  page({ path: governancePaths.decisionsCsv, permission: P.read, handler: pages.decisionsCsv }),
  api({
    method: 'GET',
    path: governancePaths.apiDecisions,
    permission: P.read,
    schema: {
      tags: ['Governance'],
      summary: 'Search the decision register',
      description:
        'Decisions recorded under agenda items of meetings that went ahead (not cancelled, not withdrawn), newest meeting first, filtered by group, meeting dates (from and to, inclusive) and words in the subject or decision. Restricted items are included only for tokens that may run meetings.',
      querystring: apiDecisionQuery,
      response: { 200: z.object({ decisions: z.array(apiDecision) }) },
    },
    handler: pages.apiDecisions,
  }),
  page({ path: governancePaths.myPack, permission: P.myMeetings, handler: pages.packPdf }),
]
