import type { AuthzSuite } from './authz.ts';

/** Every module's authorization cases (see authz.ts). */
// biome-ignore lint/suspicious/noExplicitAny: suites carry fixtures of different shapes
export const AUTHZ_SUITES: AuthzSuite<any>[] = [];
