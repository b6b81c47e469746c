import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../platform/http.ts';
import { AUTHZ_SUITES } from './authz-suites.ts';
import { DEMO_USERNAMES, type Target } from './authz.ts';
import { createTestEnv, type TestEnv } from './harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('authorization matrix', () => {
  it('has a row for every registered route', () => {
    const covered = new Set<string>();
    for (const s of AUTHZ_SUITES) {
      for (const c of s.cases) covered.add(c.route);
      for (const r of Object.keys(s.exempt ?? {})) covered.add(r);
    }
    const missing = registeredRoutes()
      .filter((r) => r.auth !== 'public')
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !covered.has(r));
    expect(missing).toEqual([]);
  });

  for (const suite of AUTHZ_SUITES) {
    describe(suite.name, () => {
      let fixtures: unknown;
      beforeAll(async () => {
        fixtures = await suite.setup(env);
      });
      for (const c of suite.cases) {
        for (const target of ['own', 'subtree', 'neighbour'] as Target[]) {
          it(`${c.route} · ${target}`, async () => {
            const results: string[] = [];
            for (const user of DEMO_USERNAMES) {
              const req = await c.request(fixtures, target, env);
              if (!req) return;
              const [method] = c.route.split(' ');
              const res = await env.call(method, req.url, { cookie: await env.login(user), body: req.body });
              const allowed = res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode !== 404;
              const expected = c.allow[target].includes(user);
              if (allowed !== expected) results.push(`${user}: expected ${expected ? 'allow' : 'deny'}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
              if (res.statusCode >= 500) results.push(`${user}: server error ${res.statusCode}`);
            }
            expect(results).toEqual([]);
          });
        }
      }
    });
  }
});
