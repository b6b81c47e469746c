import { uuidv7 } from '../../../common/ids.ts';
import { nowIso } from '../../platform/time.ts';
import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for the key-date calendar, themes and the 谁执法谁普法 list. Readers
 * (publicity.read): county; on 娘子神乡 the 司法所, leader, officer, reviewer and read-only users; the
 * grid worker only on their own village (grant scope 'org'); nb_sfs on 白杨镇. Managers
 * (publicity.manage): county, nzs_sfs, nzs_leader; nb_sfs. The 'subtree' target is the grid worker's
 * village (nzsVillages[1]); the responsibility list belongs to a township, so writes have no subtree row.
 */
interface Fixtures {
  org: Record<Target, string>;
  keyDate: Record<Target, string>;
  resp: Record<Target, string | null>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly', 'nzs_grid'],
  neighbour: ['county', 'nb_sfs'],
};
const MANAGE: Record<Target, DemoUsername[]> = { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: ['county', 'nzs_sfs', 'nzs_leader'], neighbour: ['county', 'nb_sfs'] };

async function ownKeyDate(env: TestEnv, orgId: string, name: string): Promise<string> {
  const at = nowIso();
  const id = uuidv7();
  await env.deps.database.db
    .insertInto('publicity_key_dates')
    .values({ id, org_id: orgId, builtin_code: null, name, kind: 'fixed', month: 10, day: 1, starts_on: null, ends_on: null, theme: null, remind_days: 21, notes: null, active: 1, created_at: at, updated_at: at })
    .execute();
  return id;
}

async function respRow(env: TestEnv, orgId: string, year: number): Promise<string> {
  const at = nowIso();
  const id = uuidv7();
  await env.deps.database.db
    .insertInto('publicity_responsibilities')
    .values({ id, org_id: orgId, year, department_org_id: null, department_name: '派出所', law: `矩阵法${id.slice(-6)}`, measures: null, created_by: null, created_at: at, updated_at: at })
    .execute();
  return id;
}

const U = '/api/v1/publicity';

export const publicityCalendarAuthz: AuthzSuite<Fixtures> = {
  name: 'publicity 普法日历、主题、谁执法谁普法',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb };
    const keyDate = { own: await ownKeyDate(env, org.own, '矩阵节点'), subtree: await ownKeyDate(env, org.subtree, '矩阵村节点'), neighbour: await ownKeyDate(env, org.neighbour, '矩阵节点') };
    const resp = { own: await respRow(env, org.own, 2030), subtree: null, neighbour: await respRow(env, org.neighbour, 2030) };
    return { org, keyDate, resp };
  },
  cases: [
    { route: `GET ${U}/key-dates`, request: (f, t) => ({ url: `${U}/key-dates?orgId=${f.org[t]}` }), allow: READ },
    { route: `POST ${U}/key-dates`, request: (f, t) => ({ url: `${U}/key-dates`, body: { orgId: f.org[t], builtinCode: 'kd_0308', active: true } }), allow: MANAGE },
    { route: `PATCH ${U}/key-dates/:id`, request: (f, t) => ({ url: `${U}/key-dates/${f.keyDate[t]}`, body: { remindDays: 14 } }), allow: MANAGE },
    {
      route: `DELETE ${U}/key-dates/:id`,
      // a fresh row for every user, so an earlier deletion never answers for a later user
      request: async (f, t, env) => ({ url: `${U}/key-dates/${await ownKeyDate(env, f.org[t], '待删节点')}` }),
      allow: MANAGE,
    },
    { route: `GET ${U}/calendar`, request: (f, t) => ({ url: `${U}/calendar?orgId=${f.org[t]}&year=2026` }), allow: READ },
    { route: `GET ${U}/themes`, request: (f, t) => ({ url: `${U}/themes?orgId=${f.org[t]}` }), allow: READ },
    { route: `POST ${U}/themes`, request: (f, t) => ({ url: `${U}/themes`, body: { orgId: f.org[t], name: `矩阵主题${uuidv7().slice(-6)}` } }), allow: MANAGE },
    { route: `PATCH ${U}/themes/:code`, request: (f, t) => ({ url: `${U}/themes/party_rules`, body: { orgId: f.org[t], active: true } }), allow: MANAGE },
    { route: `GET ${U}/responsibilities`, request: (f, t) => ({ url: `${U}/responsibilities?orgId=${f.org[t]}&year=2030` }), allow: READ },
    {
      route: `POST ${U}/responsibilities`,
      request: (f, t) => (t === 'subtree' ? null : { url: `${U}/responsibilities`, body: { orgId: f.org[t], year: 2030, departmentName: '市场监管所', law: `矩阵法${uuidv7().slice(-6)}` } }),
      allow: MANAGE,
    },
    {
      route: `POST ${U}/responsibilities/copy`,
      request: (f, t) => (t === 'subtree' ? null : { url: `${U}/responsibilities/copy`, body: { orgId: f.org[t], year: 2031 } }),
      allow: MANAGE,
    },
    { route: `PATCH ${U}/responsibilities/:id`, request: (f, t) => (f.resp[t] ? { url: `${U}/responsibilities/${f.resp[t]}`, body: { measures: '矩阵措施' } } : null), allow: MANAGE },
    {
      route: `DELETE ${U}/responsibilities/:id`,
      request: async (f, t, env) => (t === 'subtree' ? null : { url: `${U}/responsibilities/${await respRow(env, f.org[t], 2030)}` }),
      allow: MANAGE,
    },
  ],
};
