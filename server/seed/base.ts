import type { Role } from '../../common/roles.ts';
import { uuidv7 } from '../../common/ids.ts';
import type { Executor } from '../db/index.ts';
import { hashPassword } from '../platform/crypto.ts';
import { nowIso } from '../platform/time.ts';
import { seedStaff } from './staff.ts';

/**
 * The demo county's organisations and one user per role. Tests build on exactly this tree, so the
 * neighbouring-township cases in tests are the ones a newcomer sees in the demo.
 */
export const DEMO_PASSWORD = 'Fazhi@2026';

export const NZS_VILLAGES = ['娘子神村', '东沟村', '西沟村', '石门村', '柳树湾村', '杨家庄村', '南塬村', '北坡村'];
export const NB_VILLAGES = ['白杨村', '红星村', '新庄村', '河湾村', '李家沟村', '高家塬村', '前进村', '王庄村'];
export const TOWNSHIP_DEPARTMENTS = ['党政办', '司法所', '综合行政执法队', '社会事务办'];

export interface BaseIds {
  county: string;
  countyOffice: string;
  nzs: string;
  nb: string;
  nzsVillages: string[];
  nbVillages: string[];
  nzsDepartments: Record<string, string>;
  nbDepartments: Record<string, string>;
  users: Record<string, string>;
  /** 工作人员名册 ids by name (names are unique within the demo county). */
  staff: Record<string, string>;
}

interface DemoUser {
  username: string;
  name: string;
  org: (ids: BaseIds) => string;
  grants: { role: Role; org: (ids: BaseIds) => string; scope: 'subtree' | 'org' | 'self' }[];
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', name: '系统管理员', org: (i) => i.countyOffice, grants: [{ role: 'sys_admin', org: (i) => i.county, scope: 'subtree' }] },
  { username: 'secadmin', name: '安全管理员', org: (i) => i.countyOffice, grants: [{ role: 'sec_admin', org: (i) => i.county, scope: 'subtree' }] },
  { username: 'auditor', name: '审计管理员', org: (i) => i.countyOffice, grants: [{ role: 'audit_admin', org: (i) => i.county, scope: 'subtree' }] },
  { username: 'county', name: '县依法治县办 周明', org: (i) => i.countyOffice, grants: [{ role: 'county_supervisor', org: (i) => i.county, scope: 'subtree' }] },
  { username: 'nzs_sfs', name: '娘子神乡司法所 李静', org: (i) => i.nzsDepartments.司法所, grants: [{ role: 'judicial_staff', org: (i) => i.nzs, scope: 'subtree' }] },
  { username: 'nzs_leader', name: '娘子神乡 王乡长', org: (i) => i.nzsDepartments.党政办, grants: [{ role: 'township_leader', org: (i) => i.nzs, scope: 'subtree' }] },
  { username: 'nzs_mediator', name: '调解员 张桂兰', org: (i) => i.nzsVillages[0], grants: [{ role: 'mediator', org: (i) => i.nzs, scope: 'self' }] },
  { username: 'nzs_officer', name: '执法队员 赵刚', org: (i) => i.nzsDepartments.综合行政执法队, grants: [{ role: 'enforcement_officer', org: (i) => i.nzs, scope: 'subtree' }] },
  { username: 'nzs_reviewer', name: '法制审核员 陈敏', org: (i) => i.nzsDepartments.司法所, grants: [{ role: 'legal_reviewer', org: (i) => i.nzs, scope: 'subtree' }] },
  { username: 'nzs_grid', name: '网格员 刘强', org: (i) => i.nzsVillages[1], grants: [{ role: 'grid_worker', org: (i) => i.nzsVillages[1], scope: 'org' }] },
  { username: 'nzs_readonly', name: '只读用户', org: (i) => i.nzsDepartments.党政办, grants: [{ role: 'readonly', org: (i) => i.nzs, scope: 'subtree' }] },
  { username: 'nb_sfs', name: '白杨镇司法所 孙磊', org: (i) => i.nbDepartments.司法所, grants: [{ role: 'judicial_staff', org: (i) => i.nb, scope: 'subtree' }] },
];

export async function seedBase(db: Executor, opts: { passwordHash?: string; iterations?: number; demo?: boolean } = {}): Promise<BaseIds> {
  const at = nowIso();
  const orgs: { id: string; parent_id: string | null; code: string; name: string; kind: string; path: string; sort: number; created_at: string; updated_at: string }[] = [];
  const add = (parent: { id: string; path: string } | null, code: string, name: string, kind: string, sort: number) => {
    const id = uuidv7();
    const row = { id, parent_id: parent?.id ?? null, code, name, kind, path: `${parent?.path ?? '/'}${id}/`, sort, created_at: at, updated_at: at };
    orgs.push(row);
    return row;
  };
  const county = add(null, '610000000000', '示范县', 'county', 0);
  const countyOffice = add(county, '610000000901', '县委全面依法治县委员会办公室', 'department', 90);
  add(county, '610000000902', '县司法局', 'department', 91);
  const nzs = add(county, '610000101000', '娘子神乡', 'township', 1);
  const nb = add(county, '610000102000', '白杨镇', 'township', 2);
  const villages = (t: { id: string; path: string }, base: string, names: string[]) => names.map((n, i) => add(t, `${base}${String(201 + i)}`, n, 'village', i).id);
  const depts = (t: { id: string; path: string }, base: string) =>
    Object.fromEntries(TOWNSHIP_DEPARTMENTS.map((n, i) => [n, add(t, `${base}D0${i + 1}`, n, 'department', 100 + i).id]));
  const ids: BaseIds = {
    county: county.id,
    countyOffice: countyOffice.id,
    nzs: nzs.id,
    nb: nb.id,
    nzsVillages: villages(nzs, '610000101', NZS_VILLAGES),
    nbVillages: villages(nb, '610000102', NB_VILLAGES),
    nzsDepartments: depts(nzs, '610000101'),
    nbDepartments: depts(nb, '610000102'),
    users: {},
    staff: {},
  };
  await db.insertInto('orgs').values(orgs).execute();

  const hash = opts.passwordHash ?? (await hashPassword(DEMO_PASSWORD, opts.iterations ?? 200_000));
  for (const u of DEMO_USERS) {
    const id = uuidv7();
    ids.users[u.username] = id;
    await db
      .insertInto('users')
      .values({
        id,
        org_id: u.org(ids),
        username: u.username,
        display_name: u.name,
        password_hash: hash,
        password_changed_at: at,
        must_change_password: opts.demo === false ? 1 : 0,
        is_demo: opts.demo === false ? 0 : 1,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        totp_secret_enc: null,
        totp_enabled: 0,
        last_login_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (const g of u.grants) {
      await db.insertInto('role_grants').values({ id: uuidv7(), user_id: id, role: g.role, org_id: g.org(ids), scope: g.scope, granted_by: null, created_at: at }).execute();
    }
  }
  ids.staff = await seedStaff(db, ids, at);
  return ids;
}
