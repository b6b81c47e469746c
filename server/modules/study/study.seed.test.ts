import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTx, systemCtx } from '../../platform/context.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { seedStudyDemo } from './study.seed.ts';

/** The demo records tell the source report's story: officers short of training in 2023, better after. */
let env: TestEnv;
// the routes answer for the real today (next-session, the current year): the seed is laid out around it too
const TODAY = todayShanghai();
beforeAll(async () => {
  env = await createTestEnv();
  await inTx(systemCtx(env.deps), (tx) => seedStudyDemo(tx, env.ids, { today: TODAY }));
});
afterAll(async () => env?.close());

async function get(url: string, user = 'nzs_sfs') {
  const r = await env.call('GET', url, { cookie: await env.login(user) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

describe('study demo data for 娘子神乡', () => {
  it('2023: every enforcement officer far below 40 hours; 2025: all meet it', async () => {
    const y23 = await get(`/api/v1/study/hours?year=2023&orgId=${ENV().nzs}&category=officer`);
    expect(y23.items).toHaveLength(3);
    for (const r of y23.items) expect(r).toMatchObject({ below: true, target: 40 });
    expect(Math.max(...y23.items.map((r: { hours: number }) => r.hours))).toBeLessThanOrEqual(3);
    const y24 = await get(`/api/v1/study/hours?year=2024&orgId=${ENV().nzs}&category=officer`);
    const y25 = await get(`/api/v1/study/hours?year=2025&orgId=${ENV().nzs}&category=officer`);
    const avg = (t: { items: { hours: number }[] }) => t.items.reduce((s, r) => s + r.hours, 0) / t.items.length;
    expect(avg(y24)).toBeGreaterThan(avg(y23));
    expect(avg(y25)).toBeGreaterThan(avg(y24));
    expect(y25.items.filter((r: { below: boolean }) => !r.below).length).toBeGreaterThanOrEqual(2);
  });

  it('2023: two leadership members never hosted; the report paragraph reads like the source report', async () => {
    const never = await get(`/api/v1/study/hours?year=2023&orgId=${ENV().nzs}&neverHosted=1`);
    expect(never.items.map((r: { name: string }) => r.name)).toEqual(['郝文博', '白雪']);
    const s = await get(`/api/v1/study/report-section?year=2023&orgId=${ENV().nzs}`, 'nzs_leader');
    expect(s.text).toContain('中心组学习{center_group}次');
    expect(s.text).toContain('习近平法治思想');
    const f = await get(`/api/v1/study/findings?from=2023-01-01&to=2023-12-31&orgId=${ENV().nzs}`);
    expect(f.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['below_target_officer', 'leaders_never_hosted']));
  });

  it('a planned session a week ahead, with its host; 白杨镇 sees only its own', async () => {
    const next = await get(`/api/v1/study/next-session?orgId=${ENV().nzs}`, 'nzs_leader');
    expect(next).toMatchObject({ date: addDaysIso(TODAY, 7), kind: 'center_group' });
    expect(next.hostName).toBeTruthy();
    const nb = await get('/api/v1/study/sessions?pageSize=200', 'nb_sfs');
    expect(nb.items.every((i: { orgId: string }) => i.orgId === ENV().nb)).toBe(true);
    expect(nb.total).toBeGreaterThan(0);
  });
});

function ENV() {
  return env.ids;
}
