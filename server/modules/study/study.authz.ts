import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for the study module. Readers (study.read): county; the 娘子神乡 司法所, leader,
 * officer, reviewer and read-only users on their township's subtree; nb_sfs on 白杨镇. Writers
 * (study.write): county, nzs_sfs, nzs_leader; nb_sfs. Crediting 法律明白人 also needs
 * mediation.understander.write and uploading file.upload (the two 司法所 users). The mediator, grid
 * worker and the three administrators hold none. Study records belong to a township, so the
 * 'subtree' target is a department of 娘子神乡 for the read filters and does not apply to writes.
 */
interface Fixtures {
  org: Record<Target, string>;
  session: Record<Target, string | null>;
  plan: Record<Target, string | null>;
  understander: Record<Target, string | null>;
  file: Record<Target, string | null>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  neighbour: ['county', 'nb_sfs'],
};
const WRITE: Record<Target, DemoUsername[]> = { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: [], neighbour: ['county', 'nb_sfs'] };
const SFS: Record<Target, DemoUsername[]> = { own: ['nzs_sfs'], subtree: [], neighbour: ['nb_sfs'] };

async function post(env: TestEnv, user: string, url: string, body: unknown): Promise<string> {
  const res = await env.call('POST', url, { cookie: await env.login(user), body });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

async function upload(env: TestEnv, user: string, sessionId: string): Promise<string> {
  const boundary = 'authzBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="材料.txt"\r\nContent-Type: text/plain\r\n\r\n`),
    Buffer.from('学习材料'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await env.app.inject({
    method: 'POST',
    url: `/api/v1/study/sessions/${sessionId}/attachments`,
    payload,
    headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  if (res.statusCode !== 200) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

const only = <T>(v: Record<Target, T | null>, t: Target) => v[t];
const sessionBody = (orgId: string) => ({ orgId, kind: 'understander_training', heldOn: '2024-05-10', hours: 2, topic: '矩阵培训', laws: ['中华人民共和国宪法'] });

export const studyAuthz: AuthzSuite<Fixtures> = {
  name: 'study 学法培训',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsDepartments.司法所, neighbour: env.ids.nb };
    const session = { own: await post(env, 'nzs_sfs', '/api/v1/study/sessions', sessionBody(org.own)), subtree: null, neighbour: await post(env, 'nb_sfs', '/api/v1/study/sessions', sessionBody(org.neighbour)) };
    const plan = {
      own: await post(env, 'nzs_sfs', '/api/v1/study/plans', { orgId: org.own, year: 2024, kind: 'center_group', title: '矩阵计划', items: [{ title: '宪法' }] }),
      subtree: null,
      neighbour: await post(env, 'nb_sfs', '/api/v1/study/plans', { orgId: org.neighbour, year: 2024, kind: 'center_group', title: '矩阵计划', items: [{ title: '宪法' }] }),
    };
    const understander = {
      own: await post(env, 'nzs_sfs', '/api/v1/mediation/understanders', { orgId: env.ids.nzsVillages[2], person: { name: '矩阵明白人' }, category: 'other', appointedOn: '2024-01-01' }),
      subtree: null,
      neighbour: await post(env, 'nb_sfs', '/api/v1/mediation/understanders', { orgId: env.ids.nbVillages[0], person: { name: '矩阵明白人' }, category: 'other', appointedOn: '2024-01-01' }),
    };
    const file = { own: await upload(env, 'nzs_sfs', session.own), subtree: null, neighbour: await upload(env, 'nb_sfs', session.neighbour) };
    return { org, session, plan, understander, file };
  },
  cases: [
    { route: 'GET /api/v1/study/plans', request: (f, t) => ({ url: `/api/v1/study/plans?orgId=${f.org[t]}` }), allow: READ },
    {
      route: 'POST /api/v1/study/plans',
      request: (f, t) => (t === 'subtree' ? null : { url: '/api/v1/study/plans', body: { orgId: f.org[t], year: 2025, kind: 'pre_meeting', title: '会前学法计划', items: [] } }),
      allow: WRITE,
    },
    { route: 'GET /api/v1/study/plans/:id', request: (f, t) => (only(f.plan, t) ? { url: `/api/v1/study/plans/${f.plan[t]}` } : null), allow: READ },
    { route: 'PUT /api/v1/study/plans/:id', request: (f, t) => (only(f.plan, t) ? { url: `/api/v1/study/plans/${f.plan[t]}`, body: { title: '矩阵计划（修改）' } } : null), allow: WRITE },
    { route: 'GET /api/v1/study/sessions', request: (f, t) => ({ url: `/api/v1/study/sessions?orgId=${f.org[t]}` }), allow: READ },
    { route: 'POST /api/v1/study/sessions', request: (f, t) => (t === 'subtree' ? null : { url: '/api/v1/study/sessions', body: sessionBody(f.org[t]) }), allow: WRITE },
    { route: 'GET /api/v1/study/sessions/:id', request: (f, t) => (only(f.session, t) ? { url: `/api/v1/study/sessions/${f.session[t]}` } : null), allow: READ },
    { route: 'PATCH /api/v1/study/sessions/:id', request: (f, t) => (only(f.session, t) ? { url: `/api/v1/study/sessions/${f.session[t]}`, body: { topic: '矩阵培训（修改）' } } : null), allow: WRITE },
    { route: 'PUT /api/v1/study/sessions/:id/attendance', request: (f, t) => (only(f.session, t) ? { url: `/api/v1/study/sessions/${f.session[t]}/attendance`, body: { items: [] } } : null), allow: WRITE },
    {
      route: 'PUT /api/v1/study/sessions/:id/test',
      request: (f, t) => (only(f.session, t) ? { url: `/api/v1/study/sessions/${f.session[t]}/test`, body: { title: '矩阵考试', passMark: 60, total: 100 } } : null),
      allow: WRITE,
    },
    { route: 'PUT /api/v1/study/sessions/:id/scores', request: (f, t) => (only(f.session, t) ? { url: `/api/v1/study/sessions/${f.session[t]}/scores`, body: { items: [] } } : null), allow: WRITE },
    {
      route: 'POST /api/v1/study/sessions/:id/understanders',
      request: (f, t) => (only(f.session, t) ? { url: `/api/v1/study/sessions/${f.session[t]}/understanders`, body: { understanderIds: [f.understander[t]] } } : null),
      allow: SFS,
    },
    // JSON instead of multipart: a permitted user gets 400 (no file), the others 403
    { route: 'POST /api/v1/study/sessions/:id/attachments', request: (f, t) => (only(f.session, t) ? { url: `/api/v1/study/sessions/${f.session[t]}/attachments`, body: {} } : null), allow: SFS },
    { route: 'GET /api/v1/study/files/:fileId', request: (f, t) => (only(f.file, t) ? { url: `/api/v1/study/files/${f.file[t]}` } : null), allow: READ },
    { route: 'GET /api/v1/study/staff', request: (f, t) => (t === 'subtree' ? null : { url: `/api/v1/study/staff?orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/study/hours', request: (f, t) => ({ url: `/api/v1/study/hours?year=2024&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/study/hours.xlsx', request: (f, t) => ({ url: `/api/v1/study/hours.xlsx?year=2024&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/study/requirements', request: (f, t) => ({ url: `/api/v1/study/requirements?year=2024&orgId=${f.org[t]}` }), allow: READ },
    {
      route: 'PUT /api/v1/study/requirements',
      request: (f, t) => (t === 'subtree' ? null : { url: '/api/v1/study/requirements', body: { orgId: f.org[t], year: 2024, items: [{ category: 'officer', minHours: 40 }] } }),
      allow: WRITE,
    },
    { route: 'GET /api/v1/study/host-suggestion', request: (f, t) => (t === 'subtree' ? null : { url: `/api/v1/study/host-suggestion?orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/study/next-session', request: (f, t) => ({ url: `/api/v1/study/next-session?orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/study/stats', request: (f, t) => ({ url: `/api/v1/study/stats?from=2024-01-01&to=2024-12-31&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/study/findings', request: (f, t) => ({ url: `/api/v1/study/findings?from=2024-01-01&to=2024-12-31&orgId=${f.org[t]}` }), allow: READ },
    { route: 'GET /api/v1/study/report-section', request: (f, t) => ({ url: `/api/v1/study/report-section?year=2024&orgId=${f.org[t]}` }), allow: READ },
  ],
};
