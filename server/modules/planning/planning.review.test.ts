import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';

/** Second-read findings on the planning module: each test failed before its fix. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const B = '/api/v1/planning';
async function upload(user: string, url: string) {
  const boundary = 'reviewBoundary';
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="佐证.txt"\r\nContent-Type: text/plain\r\n\r\n台账\r\n--${boundary}--\r\n`);
  return env.app.inject({ method: 'POST', url, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe('a county finding links to the county’s own tasks, not the townships’ below', () => {
  it('the overdue count and the list behind its href agree', async () => {
    const plan = (await env.ok('county', 'POST', `${B}/plans`, { orgId: env.ids.county, year: 2023, title: '示范县2023年度法治建设工作要点' })).id;
    await env.ok('county', 'POST', `${B}/tasks`, { planId: plan, title: '年中督查', dueKind: 'date', dueDate: '2023-06-30' });
    await env.ok('county', 'POST', `${B}/plans/${plan}/publish`);
    // each township now has the same overdue item
    await env.ok('county', 'POST', `${B}/plans/${plan}/hand-down`, {});
    const findings = (await env.ok('county', 'GET', `${B}/findings?from=2023-01-01&to=2023-12-31&orgId=${env.ids.county}`)).items;
    const own = findings.filter((f: { code: string; orgId: string }) => f.code === 'planning.task_overdue' && f.orgId === env.ids.county);
    expect(own).toHaveLength(1);
    for (const code of ['planning.task_overdue', 'planning.task_no_owner', 'planning.task_stale']) {
      for (const f of findings.filter((x: { code: string }) => x.code === code)) {
        const listed = await env.ok('county', 'GET', `${B}/tasks?${f.href.split('?')[1]}`);
        expect(listed.total, `${code} ${f.orgId}`).toBe(f.count);
      }
    }
  });
});

describe('evidence on a progress update: the author or a manager', () => {
  it('another progress poster of the township cannot attach files to someone else’s update', async () => {
    const plan = (await env.ok('nzs_sfs', 'POST', `${B}/plans`, { orgId: env.ids.nzs, year: 2031, title: '娘子神乡2031年度法治建设工作要点' })).id;
    const task = (await env.ok('nzs_sfs', 'POST', `${B}/tasks`, { planId: plan, title: '执法公示', dueKind: 'date', dueDate: '2031-06-30' })).id;
    const progressId = (await env.ok('nzs_officer', 'POST', `${B}/tasks/${task}/progress`, { text: '推进中', percent: 30 })).progress[0].id;
    const url = `${B}/progress/${progressId}/attachments`;
    expect((await upload('nzs_reviewer', url)).statusCode).toBe(403);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('actor_name').where('entity', '=', 'planning_progress').where('entity_id', '=', progressId).where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.actor_name)).toEqual(['nzs_reviewer']);
    expect((await upload('nzs_officer', url)).statusCode).toBe(200);
    expect((await upload('nzs_sfs', url)).statusCode).toBe(200);
    expect((await upload('nb_sfs', url)).statusCode).toBe(403);
  });
});

describe('group hierarchy', () => {
  it('a leading group has no parent group, on creation as on update', async () => {
    const lg = (await env.ok('nzs_sfs', 'POST', `${B}/groups`, { orgId: env.ids.nzs, year: 2031, kind: 'leading_group', name: '法治政府建设工作领导小组' })).id;
    const res = await env.as('nzs_sfs', 'POST', `${B}/groups`, { orgId: env.ids.nzs, year: 2031, kind: 'leading_group', name: '第二个领导小组', parentGroupId: lg });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.map((f: { field: string }) => f.field)).toEqual(['parentGroupId']);
  });
});
