import { committeesAuthz } from '../modules/mediation/committees.authz.ts';
import { disputesAuthz } from '../modules/mediation/disputes.authz.ts';
import { mediationReportAuthz } from '../modules/mediation/mediation.report.authz.ts';
import { screeningsAuthz } from '../modules/mediation/screenings.authz.ts';
import { mediationSettingsAuthz } from '../modules/mediation/settings.authz.ts';
import { understandersAuthz } from '../modules/mediation/understanders.authz.ts';
import { planningAuthz } from '../modules/planning/planning.authz.ts';
import { contentAuthz } from '../modules/publicity/content.authz.ts';
import { eventsAuthz } from '../modules/publicity/events.authz.ts';
import { studyAuthz } from '../modules/study/study.authz.ts';
import { publicityCalendarAuthz } from '../modules/publicity/calendar.authz.ts';
import { reachAuthz } from '../modules/publicity/reach.authz.ts';
import { publicityReportAuthz } from '../modules/publicity/report.authz.ts';
import { auditAuthz } from '../platform/audit.authz.ts';
import { authAuthz, calendarAuthz } from '../platform/auth/auth.authz.ts';
import { notifyAuthz } from '../platform/notify/notify.authz.ts';
import { staffAuthz } from '../platform/staff/staff.authz.ts';
import { orgsAuthz } from '../platform/orgs/orgs.authz.ts';
import { peopleAuthz } from '../platform/people/people.authz.ts';
import { usersAuthz } from '../platform/users/users.authz.ts';
import type { AuthzSuite } from './authz.ts';

/** Every module's authorization cases (see authz.ts). */
// biome-ignore lint/suspicious/noExplicitAny: suites carry fixtures of different shapes
export const AUTHZ_SUITES: AuthzSuite<any>[] = [
  authAuthz,
  calendarAuthz,
  auditAuthz,
  notifyAuthz,
  staffAuthz,
  reachAuthz,
  publicityCalendarAuthz,
  eventsAuthz,
  publicityReportAuthz,
  committeesAuthz, disputesAuthz, screeningsAuthz, understandersAuthz, mediationReportAuthz, mediationSettingsAuthz, planningAuthz, studyAuthz, contentAuthz, orgsAuthz, usersAuthz, peopleAuthz];
