import { committeesAuthz } from '../modules/mediation/committees.authz.ts';
import { disputesAuthz } from '../modules/mediation/disputes.authz.ts';
import { mediationReportAuthz } from '../modules/mediation/mediation.report.authz.ts';
import { screeningsAuthz } from '../modules/mediation/screenings.authz.ts';
import { understandersAuthz } from '../modules/mediation/understanders.authz.ts';
import { auditAuthz } from '../platform/audit.authz.ts';
import { authAuthz, calendarAuthz } from '../platform/auth/auth.authz.ts';
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
  committeesAuthz, disputesAuthz, screeningsAuthz, understandersAuthz, mediationReportAuthz, orgsAuthz, usersAuthz, peopleAuthz];
