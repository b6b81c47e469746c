import type { StaffCategory } from '../../common/roles.ts';
import { uuidv7 } from '../../common/ids.ts';
import type { Executor } from '../db/index.ts';
import type { BaseIds } from './base.ts';

interface DemoStaff {
  name: string;
  post: string;
  category: StaffCategory;
  /** township, or a department by name */
  where: (ids: BaseIds) => string;
  user?: string;
}

/**
 * The demo townships' 工作人员名册. 娘子神乡 follows the source report: a 党委书记 and a 乡长 who
 * co-chair the leading group, a leadership team that takes turns hosting study, and an enforcement
 * team of only three (the report's first weakness: 执法人员数量不足).
 */
const NZS: DemoStaff[] = [
  { name: '高建军', post: '党委书记', category: 'leader', where: (i) => i.nzs },
  { name: '王志宏', post: '乡长', category: 'leader', where: (i) => i.nzs, user: 'nzs_leader' },
  { name: '刘海涛', post: '党委副书记', category: 'leader', where: (i) => i.nzs },
  { name: '张秀英', post: '人大主席', category: 'leader', where: (i) => i.nzs },
  { name: '李卫东', post: '副乡长（分管政法）', category: 'leader', where: (i) => i.nzs },
  { name: '马晓燕', post: '副乡长', category: 'leader', where: (i) => i.nzs },
  { name: '杨帆', post: '纪委书记', category: 'leader', where: (i) => i.nzs },
  { name: '郝文博', post: '组织委员', category: 'leader', where: (i) => i.nzs },
  { name: '白雪', post: '宣传委员', category: 'leader', where: (i) => i.nzs },
  { name: '李静', post: '司法所所长', category: 'cadre', where: (i) => i.nzsDepartments.司法所, user: 'nzs_sfs' },
  { name: '陈敏', post: '法制审核员', category: 'cadre', where: (i) => i.nzsDepartments.司法所, user: 'nzs_reviewer' },
  { name: '周文', post: '党政办主任', category: 'cadre', where: (i) => i.nzsDepartments.党政办 },
  { name: '吴婷', post: '党政办干事', category: 'cadre', where: (i) => i.nzsDepartments.党政办 },
  { name: '孙涛', post: '社会事务办主任', category: 'cadre', where: (i) => i.nzsDepartments.社会事务办 },
  { name: '赵刚', post: '执法队队长', category: 'officer', where: (i) => i.nzsDepartments.综合行政执法队, user: 'nzs_officer' },
  { name: '霍俊', post: '执法队员', category: 'officer', where: (i) => i.nzsDepartments.综合行政执法队 },
  { name: '冯磊', post: '执法队员', category: 'officer', where: (i) => i.nzsDepartments.综合行政执法队 },
];

const NB: DemoStaff[] = [
  { name: '韩国栋', post: '党委书记', category: 'leader', where: (i) => i.nb },
  { name: '曹丽', post: '镇长', category: 'leader', where: (i) => i.nb },
  { name: '邓建华', post: '副镇长（分管政法）', category: 'leader', where: (i) => i.nb },
  { name: '孙磊', post: '司法所所长', category: 'cadre', where: (i) => i.nbDepartments.司法所, user: 'nb_sfs' },
  { name: '田野', post: '党政办主任', category: 'cadre', where: (i) => i.nbDepartments.党政办 },
  { name: '蒋波', post: '执法队队长', category: 'officer', where: (i) => i.nbDepartments.综合行政执法队 },
  { name: '许亮', post: '执法队员', category: 'officer', where: (i) => i.nbDepartments.综合行政执法队 },
  { name: '罗娜', post: '执法队员', category: 'officer', where: (i) => i.nbDepartments.综合行政执法队 },
  { name: '谢晨', post: '执法队员', category: 'officer', where: (i) => i.nbDepartments.综合行政执法队 },
];

const COUNTY: DemoStaff[] = [{ name: '周明', post: '县依法治县办主任', category: 'cadre', where: (i) => i.countyOffice, user: 'county' }];

/** Part of the base data (tests have it too): planning, study and enforcement refer to these people. */
export async function seedStaff(db: Executor, ids: BaseIds, at: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const rows = [...COUNTY, ...NZS, ...NB].map((s, sort) => {
    const id = uuidv7();
    out[s.name] = id;
    return { id, org_id: s.where(ids), name: s.name, post: s.post, category: s.category, user_id: s.user ? (ids.users[s.user] ?? null) : null, active: 1, sort, created_at: at, updated_at: at };
  });
  await db.insertInto('staff').values(rows).execute();
  return out;
}
