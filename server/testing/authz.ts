import type { TestEnv } from './harness.ts';

/**
 * The authorization matrix: every route × every demo user (one per role) × a record in the
 * township itself / in one of its villages / in the neighbouring township. Each module exports its
 * cases; server/testing/authz-matrix.test.ts runs them all and fails if a registered route has none.
 *
 * A request counts as allowed when the answer is neither 401 nor 403 (a 409 after an earlier user
 * already changed the record is still "allowed"); denied means 403 (or 404 where the design hides
 * existence). Request bodies must be valid, so validation cannot mask a missing permission check.
 */
export type Target = 'own' | 'subtree' | 'neighbour';

export const DEMO_USERNAMES = [
  'admin',
  'secadmin',
  'auditor',
  'county',
  'nzs_sfs',
  'nzs_leader',
  'nzs_mediator',
  'nzs_officer',
  'nzs_reviewer',
  'nzs_grid',
  'nzs_readonly',
  'nb_sfs',
] as const;
export type DemoUsername = (typeof DEMO_USERNAMES)[number];

export interface AuthzRequest {
  url: string;
  body?: unknown;
}

export interface AuthzCase<F = unknown> {
  /** 'METHOD /url/:pattern' exactly as registered. */
  route: string;
  /** Builds the request against a record (or org) of the given target; null when the target does not apply. */
  request(fixtures: F, target: Target, env: TestEnv): AuthzRequest | null | Promise<AuthzRequest | null>;
  /** Users allowed, per target. Everyone not listed must be denied. Hand-written: never computed from the code under test. */
  allow: Record<Target, readonly DemoUsername[]>;
}

export interface AuthzSuite<F = unknown> {
  name: string;
  /** Creates the records the cases point at (as a privileged user, through services or routes). */
  setup(env: TestEnv): Promise<F>;
  cases: AuthzCase<F>[];
  /** Routes that need no row here: public ones (auth: 'public') are skipped automatically; list others with the reason. */
  exempt?: Record<string, string>;
}
