import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTx, systemCtx } from '../../platform/context.ts';
import { todayShanghai } from '../../platform/time.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { seedPlanningDemo } from './planning.seed.ts';

let env: TestEnv;
let seconds = 0;
const today = todayShanghai();
const YEAR = Number(today.slice(0, 4));

beforeAll(async () => {
  env = await createTestEnv();
  const t0 = Date.now();
  await inTx(systemCtx(env.deps), (tx) => seedPlanningDemo(tx, env.ids, { today }));
  seconds = (Date.now() - t0) / 1000;
});
afterAll(async () => env?.close());

async function ok(user: string, url: string) {
  const res = await env.call('GET', url, { cookie: await env.login(user) });
  if (res.statusCode !== 200) throw new Error(`${url} as ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('planning demo seed (娘子神乡 after the source report)', () => {
  it('runs quickly enough for npm start', () => {
    expect(seconds).toBeLessThan(10);
  });

  it('the leading group has two heads (党委书记, 乡长) and a work team under it, every year from 2023', async () => {
    for (const year of [2023, 2024, 2025]) {
      const groups = (await ok('nzs_leader', `/api/v1/planning/groups?orgId=${env.ids.nzs}&year=${year}`)).items;
      const lg = groups.find((g: { kind: string }) => g.kind === 'leading_group');
      const team = groups.find((g: { kind: string }) => g.kind === 'work_team');
      expect(team.parentGroupId).toBe(lg.id);
      const detail = await ok('nzs_leader', `/api/v1/planning/groups/${lg.id}`);
      expect(detail.members.filter((m: { role: string }) => m.role === 'head').map((m: { staffName: string }) => m.staffName).sort()).toEqual(['王志宏', '高建军'].sort());
    }
    // 2024: a post change kept in the history
    const lg24 = (await ok('nzs_leader', `/api/v1/planning/groups?orgId=${env.ids.nzs}&year=2024&kind=leading_group`)).items[0];
    const members = (await ok('nzs_leader', `/api/v1/planning/groups/${lg24.id}`)).members;
    expect(members.find((m: { staffName: string }) => m.staffName === '马晓燕').toDate).toBe('2024-06-30');
    expect(members.find((m: { staffName: string }) => m.staffName === '吴婷').fromDate).toBe('2024-07-01');
  });

  it('the 2023 plan has the report’s sections, tasks with lead leaders, departments and deadlines, derived from the county plan where it applies', async () => {
    const plan = (await ok('nzs_sfs', `/api/v1/planning/plans?orgId=${env.ids.nzs}&year=2023`)).items[0];
    expect(plan.title).toBe('娘子神乡2023年度法治建设工作要点');
    const detail = await ok('nzs_sfs', `/api/v1/planning/plans/${plan.id}`);
    expect(detail.sections.map((s: { title: string }) => s.title)).toEqual(['一、强化组织领导', '二、加大普法宣传', '三、加强实践运用', '四、加强法治队伍建设']);
    expect(detail.tasks.length).toBeGreaterThanOrEqual(15);
    expect(detail.tasks.filter((t: { parentTaskId: string | null }) => t.parentTaskId).length).toBe(5);
    expect(detail.tasks.some((t: { dueKind: string }) => t.dueKind === 'monthly')).toBe(true);
    expect(detail.tasks.some((t: { dueKind: string }) => t.dueKind === 'quarterly')).toBe(true);
    // mostly done, on time more often than not, and not a perfect record
    expect(detail.counts.completed).toBeGreaterThan(detail.counts.total / 2);
    expect(detail.counts.completedOnTime).toBeLessThanOrEqual(detail.counts.completed);
    expect(detail.counts.overdue).toBeGreaterThan(0);
    const decided = detail.tasks.find((t: { decisionId: string | null }) => t.decisionId);
    expect(decided.title).toContain('执法人员');
  });

  it('the county sees both townships side by side; the neighbour sees none of 娘子神乡', async () => {
    const o = await ok('county', `/api/v1/planning/overview?orgId=${env.ids.county}&year=2023`);
    expect(o.townships.map((t: { orgName: string }) => t.orgName)).toEqual(['娘子神乡', '白杨镇']);
    expect(o.townships[0].counts.total).toBeGreaterThan(o.townships[1].counts.total);
    expect(o.townships[0].leadingGroupMeetings).toBe(4);
    const nb = await ok('nb_sfs', '/api/v1/planning/overview');
    expect(nb.orgName).toBe('白杨镇');
    expect((await ok('nb_sfs', `/api/v1/planning/tasks?year=2023&pageSize=500`)).items.every((t: { orgName: string }) => t.orgName === '白杨镇')).toBe(true);
  });

  it('the leader’s page for this year shows the plan, late and upcoming tasks', async () => {
    const o = await ok('nzs_leader', '/api/v1/planning/overview');
    expect(o.year).toBe(YEAR);
    expect(o.planTitle).toBe(`娘子神乡${YEAR}年度法治建设工作要点`);
    expect(o.counts.total).toBeGreaterThan(10);
    expect(o.groups.length).toBe(2);
  });

  it('findings show the missed 2024 Q3 leading-group meeting and the gaps of the monthly new-media task', async () => {
    const f = (await ok('nzs_sfs', `/api/v1/planning/findings?from=2024-01-01&to=2024-12-31&orgId=${env.ids.nzs}`)).items;
    const g = f.find((x: { code: string }) => x.code === 'planning.group_no_meeting');
    expect(g.message).toContain('第3季度');
    expect(g.message).not.toContain('第2季度');
  });

  it('the 2023 paragraph reads like the source report, with figures that trace to the records', async () => {
    const sec = await ok('nzs_leader', `/api/v1/planning/report-section?year=2023&orgId=${env.ids.nzs}`);
    expect(sec.text).toContain('党委书记、乡长为双组长的法治政府建设工作领导小组');
    expect(sec.text).toContain('娘子神乡法治建设工作专班');
    expect(sec.text).toContain('《娘子神乡2023年度法治建设工作要点》');
    const fig = Object.fromEntries(sec.figures.map((x: { key: string; value: number }) => [x.key, x]));
    expect(fig.lg_meetings.value).toBe(4);
    expect(fig.law_study.value).toBe(12);
    expect(fig.duties_report_law.value).toBe(2);
    for (const f of sec.figures) {
      const [path, qs] = (f.href as string).split('?');
      const api = { '/planning/tasks': 'tasks', '/planning/meetings': 'meetings', '/planning/duties': 'duties' }[path];
      if (!api) continue;
      const listed = await ok('nzs_leader', `/api/v1/planning/${api}?${qs}&pageSize=200`);
      expect(listed.total, f.key).toBe(f.value);
    }
  });
});
