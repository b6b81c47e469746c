import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for every planning route. Hand-written from common/roles.ts and the demo users
 * (server/seed/base.ts):
 * - planning.read — county (county subtree), nzs_sfs, nzs_leader, nzs_officer, nzs_reviewer, nzs_readonly
 *   (娘子神乡 subtree); nb_sfs (白杨镇);
 * - planning.write (progress) — the same without nzs_readonly;
 * - planning.manage — county, nzs_sfs, nzs_leader; nb_sfs.
 * The three administrators, the mediator and the grid worker hold none. Planning records sit at the
 * township itself, so 'subtree' applies only to list filters (a village of 娘子神乡).
 */
type ByTarget = Record<Target, string>;
interface Fixtures {
  org: ByTarget;
  village: string;
  group: ByTarget;
  member: ByTarget;
  plan: ByTarget;
  task: ByTarget;
  cancelTask: ByTarget;
  progress: ByTarget;
  section: ByTarget;
  meeting: ByTarget;
  duty: ByTarget;
  file: ByTarget;
  staff: ByTarget;
}

const READ_NZS: DemoUsername[] = ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'];
const READ = { own: READ_NZS, subtree: READ_NZS, neighbour: ['county', 'nb_sfs'] } satisfies Record<Target, DemoUsername[]>;
const WRITE = { own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer'], subtree: [], neighbour: ['county', 'nb_sfs'] } satisfies Record<Target, DemoUsername[]>;
const MANAGE = { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: [], neighbour: ['county', 'nb_sfs'] } satisfies Record<Target, DemoUsername[]>;
/** Routes with no record behind them: anyone holding planning.manage somewhere. */
const MANAGE_ANY = { own: ['county', 'nzs_sfs', 'nzs_leader', 'nb_sfs'], subtree: [], neighbour: [] } satisfies Record<Target, DemoUsername[]>;

const B = '/api/v1/planning';
const YEAR = 2030;

async function as(env: TestEnv, user: string, method: string, url: string, body?: unknown) {
  const res = await env.call(method, url, { cookie: await env.login(user), body });
  if (res.statusCode !== 200) throw new Error(`${method} ${url} as ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function upload(env: TestEnv, user: string, url: string): Promise<string> {
  const boundary = 'authzBoundary';
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="要点.txt"\r\nContent-Type: text/plain\r\n\r\n工作要点正文\r\n--${boundary}--\r\n`);
  const res = await env.app.inject({ method: 'POST', url, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (res.statusCode !== 200) throw new Error(`upload ${url}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export const planningAuthz: AuthzSuite<Fixtures> = {
  name: 'planning: groups, plans, tasks, progress, meetings, duties, views, report',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb };
    const mgr: ByTarget = { own: 'nzs_sfs', subtree: 'nzs_sfs', neighbour: 'nb_sfs' };
    const staff: ByTarget = { own: env.ids.staff.高建军, subtree: env.ids.staff.高建军, neighbour: env.ids.staff.韩国栋 };
    const out = {} as Omit<Fixtures, 'org' | 'village' | 'staff'>;
    const keys = ['group', 'member', 'plan', 'task', 'cancelTask', 'progress', 'section', 'meeting', 'duty', 'file'] as const;
    for (const k of keys) out[k] = { own: '', subtree: '', neighbour: '' };
    for (const t of ['own', 'neighbour'] as const) {
      const u = mgr[t];
      const g = await as(env, u, 'POST', `${B}/groups`, { orgId: org[t], year: YEAR, kind: 'leading_group', name: '法治政府建设工作领导小组' });
      out.group[t] = g.id;
      out.member[t] = (await as(env, u, 'POST', `${B}/groups/${g.id}/members`, { staffId: staff[t], role: 'head', fromDate: `${YEAR}-01-01` })).members[0].id;
      const plan = await as(env, u, 'POST', `${B}/plans`, { orgId: org[t], year: YEAR, title: `${YEAR}年度法治建设工作要点` });
      out.plan[t] = plan.id;
      out.section[t] = (await as(env, u, 'POST', `${B}/plans/${plan.id}/sections`, { title: '一、强化组织领导' })).id;
      out.task[t] = (await as(env, u, 'POST', `${B}/tasks`, { planId: plan.id, title: '矩阵测试任务', dueKind: 'date', dueDate: `${YEAR}-06-30` })).id;
      out.cancelTask[t] = (await as(env, u, 'POST', `${B}/tasks`, { planId: plan.id, title: '矩阵测试取消任务', dueKind: 'date', dueDate: `${YEAR}-06-30` })).id;
      out.progress[t] = (await as(env, u, 'POST', `${B}/tasks/${out.task[t]}/progress`, { text: '矩阵测试进展', percent: 10 })).progress[0].id;
      out.meeting[t] = (await as(env, u, 'POST', `${B}/meetings`, { orgId: org[t], kind: 'topic', title: '矩阵测试会议', heldOn: `${YEAR}-02-01`, decisions: ['议定事项'] })).id;
      out.duty[t] = (await as(env, u, 'POST', `${B}/duties`, { orgId: org[t], staffId: staff[t], kind: 'deploy', doneOn: `${YEAR}-01-20`, content: '研究部署' })).id;
      out.file[t] = await upload(env, u, `${B}/plans/${plan.id}/document`);
    }
    return { ...out, org, village: env.ids.nzsVillages[1], staff };
  },
  cases: [
    // pickers
    { route: `GET ${B}/staff`, request: (f, t) => ({ url: `${B}/staff?orgId=${f.org[t]}` }), allow: READ },
    // groups
    { route: `GET ${B}/groups`, request: (f, t) => ({ url: `${B}/groups?orgId=${f.org[t]}` }), allow: READ },
    {
      route: `POST ${B}/groups`,
      request: (f, t) => (t === 'subtree' ? null : { url: `${B}/groups`, body: { orgId: f.org[t], year: YEAR, kind: 'work_team', name: '矩阵测试专班' } }),
      allow: MANAGE,
    },
    { route: `GET ${B}/groups/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/groups/${f.group[t]}` }), allow: READ },
    { route: `PATCH ${B}/groups/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/groups/${f.group[t]}`, body: { name: '法治政府建设工作领导小组' } }), allow: MANAGE },
    {
      route: `POST ${B}/groups/:id/members`,
      request: (f, t) => (t === 'subtree' ? null : { url: `${B}/groups/${f.group[t]}/members`, body: { staffId: f.staff[t], role: 'member', fromDate: `${YEAR}-03-01` } }),
      allow: MANAGE,
    },
    { route: `PATCH ${B}/members/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/members/${f.member[t]}`, body: { role: 'head' } }), allow: MANAGE },
    // plans and sections
    { route: `GET ${B}/plans`, request: (f, t) => ({ url: `${B}/plans?orgId=${f.org[t]}` }), allow: READ },
    // a second plan for the same org and year answers 409, which still counts as allowed
    { route: `POST ${B}/plans`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans`, body: { orgId: f.org[t], year: YEAR, title: '重复的工作要点' } }), allow: MANAGE },
    { route: `GET ${B}/plans/import/template`, request: (_f, t) => (t === 'own' ? { url: `${B}/plans/import/template` } : null), allow: MANAGE_ANY },
    { route: `GET ${B}/plans/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}` }), allow: READ },
    { route: `PATCH ${B}/plans/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}`, body: { title: `${YEAR}年度法治建设工作要点` } }), allow: MANAGE },
    // publishing twice answers 409 (allowed)
    { route: `POST ${B}/plans/:id/publish`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}/publish` }), allow: MANAGE },
    // a second copy to the same year answers 409 (allowed)
    { route: `POST ${B}/plans/:id/copy`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}/copy`, body: { year: YEAR + 1 } }), allow: MANAGE },
    // a township plan has no township below it: 200 with none (or 409 while a draft), both allowed
    { route: `POST ${B}/plans/:id/hand-down`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}/hand-down`, body: {} }), allow: MANAGE },
    // JSON instead of a file: allowed users get 400 (file required) after the permission check
    { route: `POST ${B}/plans/:id/document`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}/document`, body: {} }), allow: MANAGE },
    { route: `POST ${B}/plans/:id/import`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}/import`, body: {} }), allow: MANAGE },
    { route: `GET ${B}/plans/:id/export.xlsx`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}/export.xlsx` }), allow: READ },
    { route: `POST ${B}/plans/:id/sections`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/plans/${f.plan[t]}/sections`, body: { title: '矩阵测试章节' } }), allow: MANAGE },
    { route: `PATCH ${B}/sections/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/sections/${f.section[t]}`, body: { title: '一、强化组织领导' } }), allow: MANAGE },
    {
      route: `DELETE ${B}/sections/:id`,
      // a fresh empty section for each user: the first deletion must not turn the next into a 404
      async request(f, t, env) {
        if (t === 'subtree') return null;
        const s = await as(env, t === 'own' ? 'nzs_sfs' : 'nb_sfs', 'POST', `${B}/plans/${f.plan[t]}/sections`, { title: '待删除章节' });
        return { url: `${B}/sections/${s.id}` };
      },
      allow: MANAGE,
    },
    // tasks and progress
    { route: `GET ${B}/tasks`, request: (f, t) => ({ url: `${B}/tasks?orgId=${f.org[t]}` }), allow: READ },
    { route: `POST ${B}/tasks`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/tasks`, body: { planId: f.plan[t], title: '矩阵测试新增任务', dueKind: 'monthly' } }), allow: MANAGE },
    { route: `GET ${B}/tasks/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/tasks/${f.task[t]}` }), allow: READ },
    { route: `PATCH ${B}/tasks/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/tasks/${f.task[t]}`, body: { title: '矩阵测试任务' } }), allow: MANAGE },
    // cancelling twice answers 409 (allowed)
    { route: `POST ${B}/tasks/:id/cancel`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/tasks/${f.cancelTask[t]}/cancel`, body: { reason: '矩阵测试' } }), allow: MANAGE },
    { route: `POST ${B}/tasks/:id/progress`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/tasks/${f.task[t]}/progress`, body: { text: '进展', percent: 20 } }), allow: WRITE },
    // the fixture update is nzs_sfs's (nb_sfs's): others need planning.manage, not only planning.write
    { route: `POST ${B}/progress/:id/attachments`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/progress/${f.progress[t]}/attachments`, body: {} }), allow: MANAGE },
    { route: `GET ${B}/files/:fileId`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/files/${f.file[t]}` }), allow: READ },
    // meetings and decisions
    { route: `GET ${B}/meetings`, request: (f, t) => ({ url: `${B}/meetings?orgId=${f.org[t]}` }), allow: READ },
    {
      route: `POST ${B}/meetings`,
      request: (f, t) => (t === 'subtree' ? null : { url: `${B}/meetings`, body: { orgId: f.org[t], kind: 'party_committee', title: '矩阵测试党委会议', heldOn: `${YEAR}-03-05`, lawStudy: '宪法' } }),
      allow: MANAGE,
    },
    { route: `GET ${B}/meetings/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/meetings/${f.meeting[t]}` }), allow: READ },
    { route: `PATCH ${B}/meetings/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/meetings/${f.meeting[t]}`, body: { title: '矩阵测试会议' } }), allow: MANAGE },
    { route: `POST ${B}/meetings/:id/decisions`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/meetings/${f.meeting[t]}/decisions`, body: { content: '新增议定事项' } }), allow: MANAGE },
    { route: `POST ${B}/meetings/:id/attachments`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/meetings/${f.meeting[t]}/attachments`, body: {} }), allow: MANAGE },
    // duties
    { route: `GET ${B}/duties`, request: (f, t) => ({ url: `${B}/duties?orgId=${f.org[t]}` }), allow: READ },
    {
      route: `POST ${B}/duties`,
      request: (f, t) => (t === 'subtree' ? null : { url: `${B}/duties`, body: { orgId: f.org[t], staffId: f.staff[t], kind: 'supervise', doneOn: `${YEAR}-04-01`, content: '督办' } }),
      allow: MANAGE,
    },
    { route: `PATCH ${B}/duties/:id`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/duties/${f.duty[t]}`, body: { content: '研究部署' } }), allow: MANAGE },
    // views
    { route: `GET ${B}/overview`, request: (f, t) => ({ url: `${B}/overview?orgId=${f.org[t]}&year=${YEAR}` }), allow: READ },
    { route: `GET ${B}/board`, request: (f, t) => (t === 'subtree' ? null : { url: `${B}/board?planId=${f.plan[t]}` }), allow: READ },
    { route: `GET ${B}/calendar`, request: (f, t) => ({ url: `${B}/calendar?orgId=${f.org[t]}&month=${YEAR}-06` }), allow: READ },
    // contract
    { route: `GET ${B}/stats`, request: (f, t) => ({ url: `${B}/stats?from=${YEAR}-01-01&to=${YEAR}-12-31&orgId=${f.org[t]}` }), allow: READ },
    { route: `GET ${B}/findings`, request: (f, t) => ({ url: `${B}/findings?from=${YEAR}-01-01&to=${YEAR}-12-31&orgId=${f.org[t]}` }), allow: READ },
    { route: `GET ${B}/report-section`, request: (f, t) => ({ url: `${B}/report-section?year=${YEAR}&orgId=${f.org[t]}` }), allow: READ },
  ],
};
