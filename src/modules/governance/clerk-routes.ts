// The clerk's routes (issue 13.1), on the route table: every entry with who may reach it.
import { form, type RouteTable } from '../../platform/http/route-table.ts'
import * as pages from './clerk-pages.ts'
import { governancePaths } from './paths.ts'
import { GOVERNANCE_PERMISSIONS as P } from './permissions.ts'
import { cancelMeetingFormSchema, reinstateMeetingFormSchema } from './schemas.ts'

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
]
