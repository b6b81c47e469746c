import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { createTestEnv, fieldsOf, type TestEnv } from '../../testing/harness.ts';
import { runSweeps } from '../../platform/jobs/jobs.service.ts';
import { reminderCandidates } from './planning.reminders.ts';

let env: TestEnv;
const today = todayShanghai();
const YEAR = Number(today.slice(0, 4));

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const S = (name: string) => env.ids.staff[name];
const D = (name: string) => env.ids.nzsDepartments[name];

async function multipart(user: string, url: string, filename: string, data: Buffer) {
  const boundary = 'planningTestBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return env.app.inject({ method: 'POST', url, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

async function sheet(rows: (string | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工作任务');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('leading groups: two heads, a work team, membership history', () => {
  let groupId: string;
  it('the 司法所 creates the leading group with 党委书记 and 乡长 as heads and the work team under it', async () => {
    const g = await env.ok('nzs_sfs', 'POST', '/api/v1/planning/groups', { orgId: env.ids.nzs, year: 2023, kind: 'leading_group', name: '法治政府建设工作领导小组' });
    groupId = g.id;
    for (const [name, role] of [
      ['高建军', 'head'],
      ['王志宏', 'head'],
      ['李卫东', 'deputy_head'],
      ['马晓燕', 'member'],
      ['李静', 'office_director'],
    ])
      await env.ok('nzs_sfs', 'POST', `/api/v1/planning/groups/${groupId}/members`, { staffId: S(name), role, fromDate: '2023-01-10' });
    const team = await env.ok('nzs_leader', 'POST', '/api/v1/planning/groups', { orgId: env.ids.nzs, year: 2023, kind: 'work_team', name: '法治建设工作专班', parentGroupId: groupId });
    expect(team.parentGroupId).toBe(groupId);
    const detail = await env.ok('nzs_readonly', 'GET', `/api/v1/planning/groups/${groupId}`);
    expect(detail.heads.sort()).toEqual(['王志宏', '高建军'].sort());
    expect(detail.memberCount).toBe(5);
  });

  it('a post change ends a membership without deleting it: the history stays, the member is no longer current', async () => {
    const g = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/groups/${groupId}`);
    const ma = g.members.find((m: { staffName: string }) => m.staffName === '马晓燕');
    const after = await env.ok('nzs_sfs', 'PATCH', `/api/v1/planning/members/${ma.id}`, { toDate: '2023-06-30' });
    await env.ok('nzs_sfs', 'POST', `/api/v1/planning/groups/${groupId}/members`, { staffId: S('吴婷'), role: 'member', fromDate: '2023-07-01' });
    const final = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/groups/${groupId}`);
    expect(after.members.find((m: { id: string }) => m.id === ma.id)).toMatchObject({ toDate: '2023-06-30', current: false });
    expect(final.members.map((m: { staffName: string }) => m.staffName)).toEqual(expect.arrayContaining(['马晓燕', '吴婷']));
    expect(final.memberCount).toBe(5);
    // correcting the leaving date of someone who had already left is an update, not a second leaving
    await env.ok('nzs_sfs', 'PATCH', `/api/v1/planning/members/${ma.id}`, { toDate: '2023-06-29' });
    const actions = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', ma.id).orderBy('seq').execute();
    expect(actions.map((a) => a.action).slice(-2)).toEqual(['planning.group.member_end', 'planning.group.member_update']);
    const bad = await env.as('nzs_sfs', 'PATCH', `/api/v1/planning/members/${ma.id}`, { toDate: '2022-12-31' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['toDate']);
  });

  it('the neighbouring township’s people cannot be members; the neighbour cannot see the group; an officer cannot create one', async () => {
    const bad = await env.as('nzs_sfs', 'POST', `/api/v1/planning/groups/${groupId}/members`, { staffId: S('韩国栋'), role: 'member', fromDate: '2023-01-10' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['staffId']);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/groups/${groupId}`)).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/groups?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await env.ok('nb_sfs', 'GET', '/api/v1/planning/groups')).items).toEqual([]);
    expect((await env.as('nzs_officer', 'POST', '/api/v1/planning/groups', { orgId: env.ids.nzs, year: 2023, kind: 'work_team', name: 'x' })).statusCode).toBe(403);
    // a work team under the neighbour's group is refused
    const nbGroup = await env.ok('nb_sfs', 'POST', '/api/v1/planning/groups', { orgId: env.ids.nb, year: 2023, kind: 'leading_group', name: '白杨镇领导小组' });
    const cross = await env.as('nzs_sfs', 'POST', '/api/v1/planning/groups', { orgId: env.ids.nzs, year: 2023, kind: 'work_team', name: '专班', parentGroupId: nbGroup.id });
    expect(cross.statusCode).toBe(400);
    expect(fieldsOf(cross)).toEqual(['parentGroupId']);
  });
});

describe('the year’s plan, its tasks, and progress with derived states', () => {
  let planId: string;
  let sectionId: string;
  const task: Record<string, string> = {};

  it('creates one plan per township and year (a second is 409) with sections and tasks', async () => {
    const plan = await env.ok('nzs_sfs', 'POST', '/api/v1/planning/plans', { orgId: env.ids.nzs, year: YEAR, title: `娘子神乡${YEAR}年度法治建设工作要点`, body: '为深入贯彻……' });
    planId = plan.id;
    expect(plan.state).toBe('draft');
    expect((await env.as('nzs_leader', 'POST', '/api/v1/planning/plans', { orgId: env.ids.nzs, year: YEAR, title: '重复' })).statusCode).toBe(409);
    const bad = await env.as('nzs_sfs', 'POST', '/api/v1/planning/plans', { orgId: D('司法所'), year: YEAR, title: '部门不制定' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['orgId']);
    sectionId = (await env.ok('nzs_sfs', 'POST', `/api/v1/planning/plans/${planId}/sections`, { title: '一、强化组织领导' })).id;
    const mk = async (key: string, body: Record<string, unknown>) => {
      task[key] = (await env.ok('nzs_sfs', 'POST', '/api/v1/planning/tasks', { planId, sectionId, ...body })).id;
    };
    await mk('dueToday', { title: '今日到期任务', leadStaffId: S('王志宏'), deptOrgId: D('综合行政执法队'), coopOrgIds: [D('司法所')], dueKind: 'date', dueDate: today, expectedOutput: '台账' });
    await mk('dueYesterday', { title: '昨日到期任务', leadStaffId: S('李卫东'), deptOrgId: D('司法所'), dueKind: 'date', dueDate: addDaysIso(today, -1) });
    await mk('later', { title: '下月到期任务', deptOrgId: D('党政办'), dueKind: 'date', dueDate: addDaysIso(today, 20) });
    await mk('monthly', { title: '每月新媒体普法', leadStaffId: S('白雪'), deptOrgId: D('党政办'), dueKind: 'monthly', dueDay: 25, startDate: `${YEAR}-01-01` });
    await mk('noOwner', { title: '无责任人任务', dueKind: 'date', dueDate: addDaysIso(today, 60) });
    const plan2 = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/plans/${planId}`);
    expect(plan2.tasks.map((t: { title: string }) => t.title)).toEqual(['今日到期任务', '昨日到期任务', '下月到期任务', '每月新媒体普法', '无责任人任务']);
    expect(plan2.tasks[0]).toMatchObject({ leadStaffName: '王志宏', deptName: '综合行政执法队', coopNames: ['司法所'], sectionTitle: '一、强化组织领导', state: 'not_started' });
    expect(plan2.tasks[1].state).toBe('overdue');
  });

  it('refuses owners from elsewhere and a date task without a date, naming the field', async () => {
    const base = { planId, title: 'x', dueKind: 'date', dueDate: today };
    const cases: [Record<string, unknown>, string][] = [
      [{ deptOrgId: env.ids.nbDepartments.司法所 }, 'deptOrgId'],
      [{ deptOrgId: env.ids.nzsVillages[0] }, 'deptOrgId'],
      [{ leadStaffId: S('韩国栋') }, 'leadStaffId'],
      [{ coopOrgIds: [D('司法所'), env.ids.nbDepartments.党政办] }, 'coopOrgIds.1'],
      [{ dueDate: null }, 'dueDate'],
      [{ dueDate: '2024-02-30' }, 'dueDate'],
    ];
    const before = await env.deps.database.db.selectFrom('planning_tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const [extra, field] of cases) {
      const res = await env.as('nzs_sfs', 'POST', '/api/v1/planning/tasks', { ...base, ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(fieldsOf(res)).toEqual([field]);
    }
    const en = await env.call('POST', '/api/v1/planning/tasks', { cookie: await env.login('nzs_sfs'), body: { ...base, leadStaffId: S('韩国栋') }, headers: { 'accept-language': 'en' } });
    expect(en.json().fields[0].message).toMatch(/roster/);
    const after = await env.deps.database.db.selectFrom('planning_tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('progress on the day of the deadline is on time; the day after is late (and the task was 逾期 until then)', async () => {
    const onTime = await env.ok('nzs_officer', 'POST', `/api/v1/planning/tasks/${task.dueToday}/progress`, { text: '已完成台账', percent: 100 });
    expect(onTime).toMatchObject({ state: 'completed', onTime: true, percent: 100 });
    expect(onTime.progress[0]).toMatchObject({ reportedOn: today, authorName: '执法队员 赵刚' });
    const late = await env.ok('nzs_reviewer', 'POST', `/api/v1/planning/tasks/${task.dueYesterday}/progress`, { text: '已完成', percent: 100 });
    expect(late).toMatchObject({ state: 'completed', onTime: false });
    const half = await env.ok('nzs_officer', 'POST', `/api/v1/planning/tasks/${task.later}/progress`, { text: '推进中', percent: 40 });
    expect(half).toMatchObject({ state: 'in_progress', percent: 40, canPost: true });
  });

  it('a monthly update must name a month of the task that has begun', async () => {
    const url = `/api/v1/planning/tasks/${task.monthly}/progress`;
    const missing = await env.as('nzs_officer', 'POST', url, { text: '本月推送3篇', percent: 100 });
    expect(fieldsOf(missing)).toEqual(['period']);
    const future = await env.as('nzs_officer', 'POST', url, { text: 'x', percent: 100, period: `${YEAR + 1}-01` });
    expect(future.statusCode).toBe(400);
    const nextMonth = addDaysIso(`${today.slice(0, 7)}-01`, 32).slice(0, 7);
    if (nextMonth.startsWith(String(YEAR))) expect(fieldsOf(await env.as('nzs_officer', 'POST', url, { text: 'x', percent: 100, period: nextMonth }))).toEqual(['period']);
    expect(fieldsOf(await env.as('nzs_officer', 'POST', url, { text: 'x', percent: 100, period: `${YEAR}-Q1` }))).toEqual(['period']);
    const done = await env.ok('nzs_officer', 'POST', url, { text: '本月推送3篇', percent: 100, period: today.slice(0, 7) });
    expect(done.periods.find((p: { period: string }) => p.period === today.slice(0, 7)).state).toBe('done');
    // earlier months of the year were never reported: the task stays overdue (unless it is January)
    if (today.slice(5, 7) !== '01' || Number(today.slice(8, 10)) > 25) expect(done.state).toBe('overdue');
  });

  it('only users with planning.write on the township post progress: not the neighbour, not the read-only user', async () => {
    for (const user of ['nb_sfs', 'nzs_readonly', 'nzs_mediator', 'nzs_grid']) {
      const res = await env.as(user, 'POST', `/api/v1/planning/tasks/${task.later}/progress`, { text: 'x', percent: 10 });
      expect(res.statusCode, user).toBe(403);
    }
    const denied = await env.deps.database.db.selectFrom('audit_events').select('actor_name').where('entity', '=', 'planning_task').where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.actor_name)).toContain('nb_sfs');
  });

  it('evidence on a progress update: uploaded by the poster, listed on the task, downloaded by readers, not by the neighbour', async () => {
    const t = await env.ok('nzs_officer', 'GET', `/api/v1/planning/tasks/${task.dueToday}`);
    const up = await multipart('nzs_officer', `/api/v1/planning/progress/${t.progress[0].id}/attachments`, '台账.txt', Buffer.from('执法公示台账'));
    expect(up.statusCode, up.body).toBe(200);
    const again = await env.ok('nzs_readonly', 'GET', `/api/v1/planning/tasks/${task.dueToday}`);
    expect(again.progress[0].attachments.map((a: { name: string }) => a.name)).toEqual(['台账.txt']);
    const dl = await env.as('nzs_readonly', 'GET', `/api/v1/planning/files/${up.json().id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('执法公示台账');
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/files/${up.json().id}`)).statusCode).toBe(403);
    expect((await multipart('nzs_sfs', `/api/v1/planning/progress/${t.progress[0].id}/attachments`, 'x.exe', Buffer.from('MZ'))).statusCode).toBe(415);
    const doc = await multipart('nzs_sfs', `/api/v1/planning/plans/${planId}/document`, '工作要点.txt', Buffer.from('要点正文'));
    expect(doc.statusCode).toBe(200);
    expect((await env.ok('nzs_officer', 'GET', `/api/v1/planning/plans/${planId}`)).documents.map((d: { name: string }) => d.name)).toEqual(['工作要点.txt']);
  });

  it('cancelling needs a reason; a cancelled task takes no progress', async () => {
    expect(fieldsOf(await env.as('nzs_sfs', 'POST', `/api/v1/planning/tasks/${task.noOwner}/cancel`, { reason: ' ' }))).toEqual(['reason']);
    const c = await env.ok('nzs_leader', 'POST', `/api/v1/planning/tasks/${task.noOwner}/cancel`, { reason: '并入其他任务' });
    expect(c).toMatchObject({ state: 'cancelled', cancelReason: '并入其他任务', canPost: false });
    expect((await env.as('nzs_officer', 'POST', `/api/v1/planning/tasks/${task.noOwner}/progress`, { text: 'x', percent: 10 })).statusCode).toBe(409);
  });

  it('lists: by state, my tasks, timeline window; the neighbour gets 403 for the township filter', async () => {
    const overdue = await env.ok('nzs_leader', 'GET', `/api/v1/planning/tasks?orgId=${env.ids.nzs}&year=${YEAR}&state=completed&onTime=false`);
    expect(overdue.items.map((t: { id: string }) => t.id)).toEqual([task.dueYesterday]);
    const mine = await env.ok('nzs_officer', 'GET', `/api/v1/planning/tasks?mine=true&year=${YEAR}`);
    expect(mine.items.map((t: { id: string }) => t.id)).toEqual([task.dueToday]);
    const leaderMine = await env.ok('nzs_leader', 'GET', `/api/v1/planning/tasks?mine=true&year=${YEAR}`);
    expect(leaderMine.items.map((t: { id: string }) => t.id)).toContain(task.dueToday);
    const window = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/tasks?planId=${planId}&dueFrom=${addDaysIso(today, 1)}&dueTo=${addDaysIso(today, 30)}`);
    expect(window.items.map((t: { id: string }) => t.id)).toContain(task.later);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/tasks?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/tasks?planId=${planId}`)).statusCode).toBe(403);
    expect((await env.ok('nb_sfs', 'GET', `/api/v1/planning/tasks?year=${YEAR}`)).items).toEqual([]);
  });

  it('the leader’s overview: counts by state, late tasks, upcoming deadlines; the board and the calendar', async () => {
    await env.ok('nzs_sfs', 'POST', `/api/v1/planning/plans/${planId}/publish`);
    // a department's user (the 执法队 officer) lands on the township's page too
    expect((await env.ok('nzs_officer', 'GET', '/api/v1/planning/overview')).orgId).toBe(env.ids.nzs);
    const o = await env.ok('nzs_leader', 'GET', '/api/v1/planning/overview');
    expect(o).toMatchObject({ orgId: env.ids.nzs, year: YEAR, planId, planState: 'published', nextStudySession: null, townships: [] });
    expect(o.counts).toMatchObject({ total: 5, completed: 2, completedOnTime: 1, cancelled: 1 });
    // the next study session and who hosts it: the nearest one to come, from the study module;
    // the neighbour's session, sooner, is not 娘子神乡's
    const study = (orgId: string, heldOn: string, topic: string, hostStaffId: string | null) =>
      env.ok(orgId === env.ids.nzs ? 'nzs_sfs' : 'nb_sfs', 'POST', '/api/v1/study/sessions', { orgId, kind: 'center_group', heldOn, hours: 2, topic, hostStaffId });
    await study(env.ids.nb, addDaysIso(today, 1), '白杨镇学习', null);
    await study(env.ids.nzs, addDaysIso(today, 9), '学习民法典', null);
    const soon = await study(env.ids.nzs, addDaysIso(today, 3), '学习习近平法治思想', env.ids.staff.李卫东);
    expect((await env.ok('nzs_leader', 'GET', '/api/v1/planning/overview')).nextStudySession).toEqual({
      id: soon.id,
      title: '学习习近平法治思想',
      kind: 'center_group',
      date: addDaysIso(today, 3),
      hostName: '李卫东',
    });
    expect(o.upcoming.map((t: { id: string }) => t.id)).toContain(task.later);
    const board = await env.ok('nzs_readonly', 'GET', `/api/v1/planning/board?planId=${planId}`);
    expect(board.bySection[0]).toMatchObject({ title: '一、强化组织领导' });
    expect(board.byDept.map((c: { title: string }) => c.title)).toEqual(expect.arrayContaining(['综合行政执法队', '司法所', '党政办', '未明确责任单位']));
    const cal = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/calendar?orgId=${env.ids.nzs}&month=${today.slice(0, 7)}`);
    expect(cal.entries.some((e: { id: string; date: string }) => e.id === task.dueToday && e.date === today)).toBe(true);
    expect(cal.entries.some((e: { id: string; period: string | null }) => e.id === task.monthly && e.period === today.slice(0, 7))).toBe(true);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/overview?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/board?planId=${planId}`)).statusCode).toBe(403);
  });

  it('exports the plan with progress to Excel (re-read) and audits the export', async () => {
    const res = await env.as('nzs_leader', 'GET', `/api/v1/planning/plans/${planId}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(3).value).toBe('工作任务');
    const rows = [2, 3, 4, 5, 6].map((r) => ws.getRow(r).values as unknown[]);
    expect(rows[0].slice(1, 12)).toEqual(['', '一、强化组织领导', '今日到期任务', '王志宏', '综合行政执法队', '司法所', today, '台账', '已完成', 100, '是']);
    expect(rows[1][9]).toBe('已完成');
    expect(rows[1][11]).toBe('否');
    expect(rows[3][7]).toBe('每月25日');
    expect(rows[4][9]).toBe('已取消');
    const audit = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', planId).where('action', '=', 'planning.plan.export').execute();
    expect(audit).toHaveLength(1);
  });
});

describe('Excel import of a task table', () => {
  let planId: string;
  beforeAll(async () => {
    planId = (await env.ok('nzs_sfs', 'POST', '/api/v1/planning/plans', { orgId: env.ids.nzs, year: 2023, title: '娘子神乡2023年度法治建设工作要点' })).id;
  });
  const header = ['序号', '章节', '工作任务', '分管领导', '责任单位', '配合单位', '完成时限', '预期成果'];

  it('reports every bad row and imports nothing', async () => {
    const file = await sheet([
      header,
      ['1', '一、强化组织领导', '召开专题会议研究部署', '高建军', '党政办', '司法所', '2023-03-31', '会议纪要'],
      ['2', '一、强化组织领导', '', '高建军', '党政办', '', '2023-03-31', ''],
      ['3', '二、加大普法宣传', '新媒体普法', '韩国栋', '宣传办', '司法所、白杨村', '尽快', ''],
    ]);
    const res = await multipart('nzs_sfs', `/api/v1/planning/plans/${planId}/import`, '工作要点.xlsx', file);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.ok).toBe(false);
    expect(body.errors.map((e: { row: number; field: string }) => `${e.row}.${e.field}`)).toEqual(['3.title', '4.leadStaff', '4.dept', '4.coopDepts', '4.due']);
    const n = await env.deps.database.db.selectFrom('planning_tasks').select('id').where('plan_id', '=', planId).execute();
    expect(n).toEqual([]);
  });

  it('imports a good table: sections created, names matched, deadlines read (date, month end, 每月, 每季度)', async () => {
    const file = await sheet([
      header,
      ['1', '一、强化组织领导', '召开专题会议研究部署', '高建军（党委书记）', '党政办', '司法所', '2023-03-31', '会议纪要'],
      ['2', '一、强化组织领导', '领导小组听取汇报', '王志宏', '司法所', '', '每季度', '会议纪要'],
      ['3', '二、加大普法宣传', '新媒体普法', '白雪', '党政办', '司法所、综合行政执法队', '每月25日', '推送记录'],
      ['4', '二、加大普法宣传', '宪法宣传周', '李卫东', '司法所', '', new Date(Date.UTC(2023, 11, 10)), '简报'],
      ['5', '', '编制行政许可事项清单', '', '', '', '6月底', ''],
    ]);
    const res = await multipart('nzs_leader', `/api/v1/planning/plans/${planId}/import`, '工作要点.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, created: 5, sectionsCreated: 2 });
    const plan = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/plans/${planId}`);
    expect(plan.sections.map((s: { title: string }) => s.title)).toEqual(['一、强化组织领导', '二、加大普法宣传']);
    const t = plan.tasks;
    expect(t[0]).toMatchObject({ leadStaffName: '高建军', deptName: '党政办', coopNames: ['司法所'], dueKind: 'date', dueDate: '2023-03-31' });
    expect(t[1]).toMatchObject({ dueKind: 'quarterly', dueDay: 31 });
    expect(t[2]).toMatchObject({ dueKind: 'monthly', dueDay: 25, coopNames: ['司法所', '综合行政执法队'] });
    expect(t[3].dueDate).toBe('2023-12-10');
    expect(t[4]).toMatchObject({ dueDate: '2023-06-30', sectionId: null, leadStaffId: null, deptOrgId: null });
  });

  it('a file that is not Excel is refused; the neighbour cannot import; the template downloads', async () => {
    expect((await multipart('nzs_sfs', `/api/v1/planning/plans/${planId}/import`, 'x.xlsx', Buffer.from('not a zip'))).statusCode).toBe(415);
    expect((await multipart('nb_sfs', `/api/v1/planning/plans/${planId}/import`, 'x.xlsx', await sheet([header])))).toMatchObject({ statusCode: 403 });
    const tpl = await env.as('nzs_sfs', 'GET', '/api/v1/planning/plans/import/template');
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toContain('spreadsheetml');
  });

  it('copies last year’s plan: same sections and tasks, deadlines a year later, no progress, no cancelled tasks', async () => {
    const src = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/plans/${planId}`);
    await env.ok('nzs_sfs', 'POST', `/api/v1/planning/tasks/${src.tasks[0].id}/progress`, { text: '已完成', percent: 100 });
    await env.ok('nzs_sfs', 'POST', `/api/v1/planning/tasks/${src.tasks[4].id}/cancel`, { reason: '上级取消' });
    const copy = await env.ok('nzs_leader', 'POST', `/api/v1/planning/plans/${planId}/copy`, { year: 2024 });
    expect(copy).toMatchObject({ year: 2024, title: '娘子神乡2024年度法治建设工作要点', state: 'draft', copiedFromPlanId: planId });
    expect(copy.sections.map((s: { title: string }) => s.title)).toEqual(['一、强化组织领导', '二、加大普法宣传']);
    expect(copy.tasks).toHaveLength(4);
    expect(copy.tasks[0]).toMatchObject({ dueDate: '2024-03-31', state: 'overdue', percent: 0, lastProgressOn: null, leadStaffName: '高建军' });
    expect(copy.tasks[3].dueDate).toBe('2024-12-10');
    expect((await env.as('nzs_leader', 'POST', `/api/v1/planning/plans/${planId}/copy`, { year: 2024 })).statusCode).toBe(409);
  });
});

describe('meetings, decisions that become tasks, and first-responsible-person duties', () => {
  it('a leading-group meeting with decisions; a task created from a decision keeps the link', async () => {
    const groups = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/groups?orgId=${env.ids.nzs}&year=2023&kind=leading_group`);
    const m = await env.ok('nzs_sfs', 'POST', '/api/v1/planning/meetings', {
      orgId: env.ids.nzs,
      kind: 'leading_group',
      groupId: groups.items[0].id,
      title: '2023年第一季度领导小组会议',
      heldOn: '2023-03-15',
      hostStaffId: S('高建军'),
      attendeeStaffIds: [S('高建军'), S('王志宏'), S('李静')],
      agenda: '听取法治建设工作汇报',
      decisions: ['司法所牵头开展执法人员培训'],
    });
    expect(m).toMatchObject({ hostName: '高建军', attendeeCount: 3, decisionCount: 1, groupName: '法治政府建设工作领导小组' });
    const plan = (await env.ok('nzs_sfs', 'GET', `/api/v1/planning/plans?orgId=${env.ids.nzs}&year=2023`)).items[0];
    const t = await env.ok('nzs_sfs', 'POST', '/api/v1/planning/tasks', { planId: plan.id, title: '执法人员培训', deptOrgId: D('司法所'), dueKind: 'date', dueDate: '2023-06-30', decisionId: m.decisions[0].id });
    expect(t.decision).toMatchObject({ meetingId: m.id, content: '司法所牵头开展执法人员培训', heldOn: '2023-03-15' });
    const again = await env.ok('nzs_readonly', 'GET', `/api/v1/planning/meetings/${m.id}`);
    expect(again.decisions[0].taskIds).toEqual([t.id]);
    const law = await env.ok('nzs_leader', 'POST', '/api/v1/planning/meetings', { orgId: env.ids.nzs, kind: 'party_committee', title: '3月党委会议', heldOn: '2023-03-06', hostStaffId: S('高建军'), lawStudy: '会前学法：《中华人民共和国宪法》' });
    const list = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/meetings?orgId=${env.ids.nzs}&year=2023&lawStudy=true`);
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([law.id]);
    // a decision of another township cannot create this township's task
    const nbMeeting = await env.ok('nb_sfs', 'POST', '/api/v1/planning/meetings', { orgId: env.ids.nb, kind: 'topic', title: '白杨镇专题会', heldOn: '2023-02-01', decisions: ['x'] });
    const cross = await env.as('nzs_sfs', 'POST', '/api/v1/planning/tasks', { planId: plan.id, title: 'x', dueKind: 'date', dueDate: '2023-06-30', decisionId: nbMeeting.decisions[0].id });
    expect(fieldsOf(cross)).toEqual(['decisionId']);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/meetings/${m.id}`)).statusCode).toBe(403);
    expect(fieldsOf(await env.as('nzs_sfs', 'POST', '/api/v1/planning/meetings', { orgId: env.ids.nzs, kind: 'topic', title: 'x', heldOn: '2023-02-01', attendeeStaffIds: [S('高建军'), S('曹丽')] }))).toEqual([
      'attendeeStaffIds.1',
    ]);
  });

  it('duty records: the year’s list for the 述法 report', async () => {
    await env.ok('nzs_leader', 'POST', '/api/v1/planning/duties', { orgId: env.ids.nzs, staffId: S('高建军'), kind: 'deploy', doneOn: '2023-01-20', content: '研究部署年度法治建设工作' });
    await env.ok('nzs_leader', 'POST', '/api/v1/planning/duties', { orgId: env.ids.nzs, staffId: S('高建军'), kind: 'report_law', doneOn: '2024-01-15', content: '述法' });
    const y2023 = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/duties?orgId=${env.ids.nzs}&year=2023`);
    expect(y2023.items.map((d: { kind: string; staffName: string }) => `${d.kind}:${d.staffName}`)).toEqual(['deploy:高建军']);
    expect((await env.as('nzs_officer', 'POST', '/api/v1/planning/duties', { orgId: env.ids.nzs, staffId: S('高建军'), kind: 'deploy', doneOn: '2023-01-20', content: 'x' })).statusCode).toBe(403);
  });
});

describe('the county plan handed down to the townships', () => {
  let countyPlan: string;
  let item: string;
  it('hands down only once published; each township gets the items (its existing plan, or a new one) once', async () => {
    countyPlan = (await env.ok('county', 'POST', '/api/v1/planning/plans', { orgId: env.ids.county, year: 2023, title: '示范县2023年度法治建设工作要点' })).id;
    const sec = await env.ok('county', 'POST', `/api/v1/planning/plans/${countyPlan}/sections`, { title: '一、加强党对法治建设的领导' });
    item = (await env.ok('county', 'POST', '/api/v1/planning/tasks', { planId: countyPlan, sectionId: sec.id, title: '党政主要负责人年终述法', dueKind: 'date', dueDate: '2023-12-31' })).id;
    expect((await env.as('county', 'POST', `/api/v1/planning/plans/${countyPlan}/hand-down`, {})).statusCode).toBe(409);
    await env.ok('county', 'POST', `/api/v1/planning/plans/${countyPlan}/publish`);
    const r = await env.ok('county', 'POST', `/api/v1/planning/plans/${countyPlan}/hand-down`, {});
    const byName = Object.fromEntries(r.townships.map((t: { orgName: string }) => [t.orgName, t]));
    expect(byName.娘子神乡).toMatchObject({ created: 1, planCreated: false });
    expect(byName.白杨镇).toMatchObject({ created: 1, planCreated: true });
    const again = await env.ok('county', 'POST', `/api/v1/planning/plans/${countyPlan}/hand-down`, { orgIds: [env.ids.nzs] });
    expect(again.townships).toEqual([expect.objectContaining({ orgName: '娘子神乡', created: 0 })]);
    const bad = await env.as('county', 'POST', `/api/v1/planning/plans/${countyPlan}/hand-down`, { orgIds: [env.ids.nzsVillages[0]] });
    expect(fieldsOf(bad)).toEqual(['orgIds.0']);
  });

  it('the county sees each township’s derived task side by side; a township works on its own copy', async () => {
    const derived = (await env.ok('nzs_sfs', 'GET', `/api/v1/planning/tasks?orgId=${env.ids.nzs}&parentTaskId=${item}`)).items[0];
    expect(derived).toMatchObject({ title: '党政主要负责人年终述法', sectionTitle: '一、加强党对法治建设的领导', leadStaffId: null });
    await env.ok('nzs_sfs', 'PATCH', `/api/v1/planning/tasks/${derived.id}`, { leadStaffId: S('高建军'), deptOrgId: D('党政办') });
    await env.ok('nzs_sfs', 'POST', `/api/v1/planning/tasks/${derived.id}/progress`, { text: '已述法', percent: 100 });
    const countyView = await env.ok('county', 'GET', `/api/v1/planning/tasks/${item}`);
    expect(countyView.derived.map((d: { orgName: string; state: string }) => `${d.orgName}:${d.state}`).sort()).toEqual(['娘子神乡:completed', '白杨镇:overdue']);
    // the township user does not read the county plan itself, but its own task names its parent when readable
    expect((await env.as('nzs_sfs', 'GET', `/api/v1/planning/tasks/${item}`)).statusCode).toBe(403);
    const nbView = await env.ok('nb_sfs', 'GET', `/api/v1/planning/tasks?parentTaskId=${item}`);
    expect(nbView.items.map((t: { orgName: string }) => t.orgName)).toEqual(['白杨镇']);
    const o = await env.ok('county', 'GET', `/api/v1/planning/overview?orgId=${env.ids.county}&year=2023`);
    expect(o.townships.map((t: { orgName: string }) => t.orgName)).toEqual(['娘子神乡', '白杨镇']);
    expect(o.townships[1].counts).toMatchObject({ total: 1, overdue: 1 });
    expect((await env.as('nzs_sfs', 'POST', `/api/v1/planning/plans/${countyPlan}/hand-down`, {})).statusCode).toBe(403);
  });
});

describe('reminders', () => {
  it('due within 3 working days counts across 国庆: on 2025-09-29 a deadline of 10-09 is soon, 10-20 is not; missed ones within 30 days are overdue', async () => {
    const plan = await env.ok('nzs_sfs', 'POST', '/api/v1/planning/plans', { orgId: env.ids.nzs, year: 2025, title: '娘子神乡2025年度法治建设工作要点' });
    await env.ok('nzs_sfs', 'POST', `/api/v1/planning/plans/${plan.id}/publish`);
    const mk = async (title: string, dueDate: string, extra: Record<string, unknown> = {}) => (await env.ok('nzs_sfs', 'POST', '/api/v1/planning/tasks', { planId: plan.id, title, dueKind: 'date', dueDate, ...extra })).id;
    const afterHoliday = await mk('国庆后到期', '2025-10-09', { leadStaffId: S('王志宏'), deptOrgId: D('综合行政执法队') });
    const later = await mk('十月下旬到期', '2025-10-20');
    const missed = await mk('上周到期', '2025-09-25', { deptOrgId: D('司法所') });
    const longAgo = await mk('八月到期', '2025-08-01');
    const list = await reminderCandidates(systemCtx(env.deps), '2025-09-29');
    const mine = (id: string) => list.filter((c) => c.taskId === id);
    expect(mine(afterHoliday)).toEqual([expect.objectContaining({ kind: 'due_soon', due: '2025-10-09', dedupeKey: `planning:${afterHoliday}:due_soon:2025-10-09` })]);
    // the lead leader (乡长 → nzs_leader) and the 执法队's user holding planning.write (nzs_officer)
    expect(mine(afterHoliday)[0].userIds.sort()).toEqual([env.ids.users.nzs_leader, env.ids.users.nzs_officer].sort());
    expect(mine(later)).toEqual([]);
    // 司法所 users with planning.write: nzs_sfs and nzs_reviewer
    expect(mine(missed)).toEqual([expect.objectContaining({ kind: 'overdue', due: '2025-09-25' })]);
    expect(mine(missed)[0].userIds.sort()).toEqual([env.ids.users.nzs_sfs, env.ids.users.nzs_reviewer].sort());
    expect(mine(longAgo)).toEqual([]);
    // no reminders for a draft plan's tasks
    const draft = await env.ok('nb_sfs', 'POST', '/api/v1/planning/plans', { orgId: env.ids.nb, year: 2025, title: '白杨镇2025年度工作要点' });
    const nbTask = (await env.ok('nb_sfs', 'POST', '/api/v1/planning/tasks', { planId: draft.id, title: 'x', dueKind: 'date', dueDate: '2025-09-30' })).id;
    expect((await reminderCandidates(systemCtx(env.deps), '2025-09-29')).filter((c) => c.taskId === nbTask)).toEqual([]);
  });

  it('the sweep notifies in the app and queues one robot delivery per reminder, once however often it runs', async () => {
    const robot = await env.as('nzs_sfs', 'POST', '/api/v1/notify/webhooks', { orgId: env.ids.nzs, name: '娘子神乡法治建设工作群', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test' });
    expect(robot.statusCode, robot.body).toBe(200);
    // 2025-09-29 10:00 in Shanghai
    const now = new Date('2025-09-29T02:00:00Z');
    await runSweeps(env.deps, now);
    await runSweeps(env.deps, new Date(now.getTime() + 2 * 3_600_000));
    const db = env.deps.database.db;
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind', 'title', 'href', 'dedupe_key']).where('kind', 'like', 'planning.task.%').execute();
    const soon = notes.filter((n) => n.title.includes('国庆后到期'));
    expect(soon.map((n) => n.user_id).sort()).toEqual([env.ids.users.nzs_leader, env.ids.users.nzs_officer].sort());
    expect(soon[0]).toMatchObject({ kind: 'planning.task.due_soon' });
    expect(soon[0].href).toMatch(/^\/planning\/tasks\//);
    const overdue = notes.filter((n) => n.title.includes('上周到期'));
    expect(overdue.map((n) => n.kind)).toEqual(['planning.task.overdue', 'planning.task.overdue']);
    const jobs = await db.selectFrom('jobs').select(['kind', 'dedupe_key']).where('dedupe_key', 'like', 'notify:%:planning:%').execute();
    const keys = jobs.map((j) => j.dedupe_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.some((k) => k?.endsWith(':due_soon:2025-10-09'))).toBe(true);
  });
});

describe('contract: stats, findings, report paragraph', () => {
  it('writes the 强化组织领导 paragraph from the records with traced figures', async () => {
    const sec = await env.ok('nzs_leader', 'GET', `/api/v1/planning/report-section?year=2023&orgId=${env.ids.nzs}`);
    expect(sec.title).toBe('强化组织领导');
    const fig = Object.fromEntries(sec.figures.map((f: { key: string; value: number }) => [f.key, f]));
    expect(fig.lg_meetings.value).toBe(1);
    expect(fig.law_study.value).toBe(1);
    expect(fig.duties.value).toBe(1);
    expect(sec.text).toContain('党委书记、乡长为双组长');
    expect(sec.text).toContain('{tasks_on_time}');
    // every figure links to a list that returns exactly the counted records
    const tasksHref = fig.tasks_done.href as string;
    expect(tasksHref).toMatch(/^\/planning\/tasks\?planId=/);
    const listed = await env.ok('nzs_leader', 'GET', `/api/v1/planning/tasks?${tasksHref.split('?')[1]}`);
    expect(listed.total).toBe(fig.tasks_done.value);
    const meetingsListed = await env.ok('nzs_leader', 'GET', `/api/v1/planning/meetings?${(fig.lg_meetings.href as string).split('?')[1]}`);
    expect(meetingsListed.total).toBe(fig.lg_meetings.value);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/planning/report-section?year=2023&orgId=${env.ids.nzs}`)).statusCode).toBe(403);
  });

  it('findings: overdue tasks, tasks without an owner, a leading group without a meeting in a quarter, leaders who never hosted', async () => {
    const plan = (await env.ok('nzs_sfs', 'GET', `/api/v1/planning/plans?orgId=${env.ids.nzs}&year=2023`)).items[0];
    const orphan = await env.ok('nzs_sfs', 'POST', '/api/v1/planning/tasks', { planId: plan.id, title: '尚未分工的任务', dueKind: 'date', dueDate: '2023-12-31' });
    const f = (await env.ok('nzs_sfs', 'GET', `/api/v1/planning/findings?from=2023-01-01&to=2023-12-31&orgId=${env.ids.nzs}`)).items;
    const codes = f.map((x: { code: string }) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['planning.task_overdue', 'planning.task_no_owner', 'planning.group_no_meeting', 'planning.leader_never_hosted']));
    const g = f.find((x: { code: string }) => x.code === 'planning.group_no_meeting');
    expect(g.message).toContain('第2季度、第3季度、第4季度');
    const hosts = f.find((x: { code: string }) => x.code === 'planning.leader_never_hosted');
    expect(hosts.message).toContain('王志宏');
    expect(hosts.message).not.toContain('高建军');
    const noOwner = f.find((x: { code: string }) => x.code === 'planning.task_no_owner');
    const listed = await env.ok('nzs_sfs', 'GET', `/api/v1/planning/tasks?${noOwner.href.split('?')[1]}`);
    expect(listed.items.map((t: { id: string }) => t.id)).toEqual([orphan.id]);
    expect(noOwner.count).toBe(1);
    const stats = await env.ok('county', 'GET', `/api/v1/planning/stats?from=2023-01-01&to=2023-12-31&orgId=${env.ids.nzs}`);
    expect(stats.meetingsByKind).toMatchObject({ leading_group: 1, party_committee: 1 });
    expect(stats.lawStudyItems).toBe(1);
  });
});
