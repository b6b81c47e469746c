import type { AuthzSuite, DemoUsername } from '../../testing/authz.ts';
import { DEMO_USERNAMES } from '../../testing/authz.ts';

/**
 * Self-service session routes act on the caller's own account, so every logged-in user may call
 * them and the target org does not matter. Bodies are valid but harmless (a wrong current password,
 * a wrong TOTP code): "allowed" means the route answered something other than 401/403.
 * Logout is exempt here because it would end the session the matrix reuses; auth.test.ts covers it.
 */
const EVERYONE: readonly DemoUsername[] = DEMO_USERNAMES;
const all = { own: EVERYONE, subtree: EVERYONE, neighbour: EVERYONE };

export const authAuthz: AuthzSuite<null> = {
  name: 'platform auth (self-service)',
  async setup() {
    return null;
  },
  cases: [
    { route: 'GET /api/v1/auth/me', request: () => ({ url: '/api/v1/auth/me' }), allow: all },
    { route: 'POST /api/v1/auth/password', request: () => ({ url: '/api/v1/auth/password', body: { currentPassword: 'not-the-password', newPassword: 'Another#Pass2026' } }), allow: all },
    { route: 'POST /api/v1/auth/totp/setup', request: () => ({ url: '/api/v1/auth/totp/setup' }), allow: all },
    { route: 'POST /api/v1/auth/totp/confirm', request: () => ({ url: '/api/v1/auth/totp/confirm', body: { code: '000000' } }), allow: all },
  ],
  exempt: { 'POST /api/v1/auth/logout': 'ends the session the matrix reuses; covered in auth.test.ts' },
};

/** The working-day calendar is county-wide reference data: everyone reads it, only the system admin sets a year. */
export const calendarAuthz: AuthzSuite<null> = {
  name: 'platform calendar',
  async setup() {
    return null;
  },
  cases: [
    { route: 'GET /api/v1/calendar/status', request: () => ({ url: '/api/v1/calendar/status' }), allow: all },
    { route: 'GET /api/v1/calendar/years/:year', request: () => ({ url: '/api/v1/calendar/years/2024' }), allow: all },
    {
      route: 'PUT /api/v1/calendar/years/:year',
      request: () => ({ url: '/api/v1/calendar/years/2031', body: { days: [{ date: '2031-01-01', kind: 'rest', name: '元旦' }] } }),
      allow: { own: ['admin'], subtree: ['admin'], neighbour: ['admin'] },
    },
  ],
};
