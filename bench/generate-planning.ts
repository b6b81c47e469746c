/**
 * The bench county's 强化组织领导 records (planning module) and its 工作人员名册, for bench/generate.ts:
 * for every township a staff roster (leaders, cadres, officers, generated names) and, for each of the
 * last three years, a leading group and work team, the annual plan (sections, 33–42 tasks with dates,
 * monthly and quarterly deadlines), progress updates in realistic mixes (most done, some late, some
 * never updated), leading-group / party-committee / executive / topical meetings with decisions, and
 * first-responsible-person duty records; the county's own plan each year (≈ 28 items), nine of whose
 * items every township plan carries as derived tasks (parent_task_id), as a hand-down leaves them.
 *
 * The task catalogue is the planning demo seed's (server/modules/planning/planning.seed.ts: COUNTY_ITEMS,
 * NZS_TASKS…), grown by the lists below. The seed's own writer cannot be called per township: it is
 * one function over the two demo townships with their named people, non-deterministic ids (uuidv7())
 * and its own PRNG, so the rows are built here in the same shapes with the generator's seeded Rng.
 * The state rules are not copied: progress rows are plain dated updates, and the app derives every
 * task's state from them (common/planning-rules.ts) exactly as it does for real data.
 */
import type { DueKind, DutyKind, MeetingKind, MemberRole } from '../common/planning-enums.ts';
import { periodDueOn, periodRange, taskPeriods } from '../common/planning-rules.ts';
import type { StaffCategory } from '../common/roles.ts';
import { COMMON_LAWS } from '../common/study-enums.ts';
import { COUNTY_ITEMS, COUNTY_SECTIONS, NZS_SECTIONS, NZS_TASKS } from '../server/modules/planning/planning.seed.ts';
import { addDaysIso } from '../server/platform/time.ts';
import type { Rng } from './common.ts';

export type Row = Record<string, string | number | null>;
export type Chunk = [table: string, rows: Row[]][];

export interface PlanningTownship {
  id: string;
  name: string;
  /** TOWNSHIP_DEPARTMENTS by name → org id */
  departments: Record<string, string>;
  /** Users linked to roster entries: 司法所所长, 乡长, 法制审核员, 执法队队长 (the demo township has all four). */
  users: { sfs: string; leader?: string; reviewer?: string; officer?: string };
}

export interface PlanningInput {
  rng: Rng;
  /** The generator's --to date: "today" for the data. */
  today: string;
  at: string;
  years: number[];
  county: { id: string; officeId: string; justiceId: string; userId: string };
  townships: PlanningTownship[];
  personName: (gender: '男' | '女') => string;
}

export interface StaffEntry {
  id: string;
  orgId: string;
  name: string;
  post: string;
  category: StaffCategory;
  userId: string | null;
}

/** One org's roster: leaders in LEADER_POSTS order (index = post), then cadres and officers. */
export interface Roster {
  orgId: string;
  leaders: StaffEntry[];
  cadres: StaffEntry[];
  officers: StaffEntry[];
  /** by post, first holder */
  post: (p: string) => StaffEntry;
}

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (d: string, h = 2) => `${d}T${String(h).padStart(2, '0')}:00:00.000Z`;

// ——— the 工作人员名册 ———

/** Leadership posts of a township, in this order (the NZS_TASKS leads map onto indices below). */
function leaderPosts(townshipName: string): string[] {
  const town = townshipName.endsWith('镇');
  const chief = town ? '镇长' : '乡长';
  const vice = town ? '副镇长' : '副乡长';
  return ['党委书记', chief, '党委副书记', '人大主席', `${vice}（分管政法）`, vice, '纪委书记', '组织委员', '宣传委员', '武装部长'];
}
/** The demo seed's lead leaders (NZS_TASKS `lead`) → their post's index in leaderPosts(). */
const DEMO_LEAD_POST: Record<string, number> = { 高建军: 0, 王志宏: 1, 刘海涛: 2, 张秀英: 3, 李卫东: 4, 马晓燕: 5, 杨帆: 6, 郝文博: 7, 白雪: 8 };

export function generateStaff(inp: PlanningInput): { rows: Row[]; rosters: Map<string, Roster> } {
  const { rng, at } = inp;
  const rows: Row[] = [];
  const rosters = new Map<string, Roster>();
  let clock = 0;
  const used = new Set<string>();
  const name = () => {
    for (;;) {
      const g: '男' | '女' = rng.chance(0.35) ? '女' : '男';
      const n = inp.personName(g);
      if (!used.has(n) || used.size > 4000) {
        used.add(n);
        return n;
      }
    }
  };
  const add = (list: StaffEntry[], orgId: string, post: string, category: StaffCategory, userId: string | null = null, active = 1) => {
    const e: StaffEntry = { id: rng.uuidv7(day('2016-01-04') + clock++), orgId, name: name(), post, category, userId };
    rows.push({ id: e.id, org_id: orgId, name: e.name, post, category, user_id: userId, active, sort: rows.length, created_at: at, updated_at: at });
    if (active) list.push(e);
    return e;
  };
  const roster = (orgId: string, leaders: StaffEntry[], cadres: StaffEntry[], officers: StaffEntry[]): Roster => ({
    orgId,
    leaders,
    cadres,
    officers,
    post: (p) => {
      const e = [...leaders, ...cadres, ...officers].find((x) => x.post === p);
      if (!e) throw new Error(`no ${p} on the roster of ${orgId}`);
      return e;
    },
  });

  // the county: its leadership and the 依法治县办 (the `county` user is its director, as in the demo)
  {
    const leaders: StaffEntry[] = [];
    const cadres: StaffEntry[] = [];
    for (const p of ['县委书记', '县长', '县委副书记', '常务副县长', '副县长（分管政法）']) add(leaders, inp.county.id, p, 'leader');
    add(cadres, inp.county.officeId, '县依法治县办主任', 'cadre', inp.county.userId);
    add(cadres, inp.county.officeId, '县依法治县办副主任', 'cadre');
    add(cadres, inp.county.officeId, '县依法治县办干事', 'cadre');
    add(cadres, inp.county.justiceId, '县司法局局长', 'cadre');
    add(cadres, inp.county.justiceId, '县司法局普法与依法治理股股长', 'cadre');
    rosters.set(inp.county.id, roster(inp.county.id, leaders, cadres, []));
  }
  for (const t of inp.townships) {
    const leaders: StaffEntry[] = [];
    const cadres: StaffEntry[] = [];
    const officers: StaffEntry[] = [];
    const posts = leaderPosts(t.name);
    posts.forEach((p, i) => {
      // not every township has a 武装部长 on the roster
      if (i < 9 || rng.chance(0.6)) add(leaders, t.id, p, 'leader', i === 1 ? (t.users.leader ?? null) : null);
    });
    // one who left (a transfer): kept on the roster, inactive
    if (rng.chance(0.5)) add([], t.id, posts[5], 'leader', null, 0);
    const d = t.departments;
    add(cadres, d.司法所, '司法所所长', 'cadre', t.users.sfs);
    add(cadres, d.司法所, '法制审核员', 'cadre', t.users.reviewer ?? null);
    if (rng.chance(0.6)) add(cadres, d.司法所, '司法所干事', 'cadre');
    add(cadres, d.党政办, '党政办主任', 'cadre');
    for (let k = rng.int(1, 2); k > 0; k--) add(cadres, d.党政办, '党政办干事', 'cadre');
    add(cadres, d.社会事务办, '社会事务办主任', 'cadre');
    if (rng.chance(0.5)) add(cadres, d.社会事务办, '社会事务办干事', 'cadre');
    add(officers, d.综合行政执法队, '执法队队长', 'officer', t.users.officer ?? null);
    // the source report's weakness: 执法人员数量不足 — two to seven officers
    for (let k = rng.int(2, 7); k > 0; k--) add(officers, d.综合行政执法队, '执法队员', 'officer');
    rosters.set(t.id, roster(t.id, leaders, cadres, officers));
  }
  return { rows, rosters };
}

// ——— the catalogue beyond the demo seed's ———

interface Item {
  section: number;
  title: string;
  /** index into the org's leaders; undefined: none named */
  lead?: number;
  dept?: string;
  coop?: string[];
  due: string | 'monthly' | 'quarterly';
  output: string;
}

/** The county's own items after the seed's five COUNTY_ITEMS; `down`: carried by every township plan (in that township section). */
const COUNTY_EXTRA: (Item & { down?: number })[] = [
  { section: 0, title: '制定县委全面依法治县委员会年度工作要点', lead: 0, dept: 'office', due: '02-28', output: '工作要点' },
  { section: 0, title: '召开县委全面依法治县委员会全体会议', lead: 0, dept: 'office', due: '04-30', output: '会议纪要' },
  { section: 0, title: '县委常委会会议专题听取法治建设工作汇报', lead: 0, dept: 'office', due: '06-30', output: '会议纪要' },
  { section: 0, title: '开展法治督察，督促乡镇落实法治建设责任', lead: 4, dept: 'office', due: '10-31', output: '督察报告' },
  { section: 0, title: '组织乡镇党政主要负责人年终述法评议', lead: 2, dept: 'office', due: '12-25', output: '述法评议结果' },
  { section: 0, title: '每月报送法治建设工作动态', dept: 'office', due: 'monthly', output: '工作动态', down: 0 },
  { section: 1, title: '推进乡镇合法性审查全覆盖', lead: 4, dept: 'justice', due: '06-30', output: '合法性审查台账', down: 2 },
  { section: 1, title: '开展行政执法案卷评查', lead: 4, dept: 'justice', due: '11-30', output: '评查通报' },
  { section: 1, title: '规范性文件备案审查', lead: 3, dept: 'justice', due: '12-31', output: '备案审查报告' },
  { section: 1, title: '推进行政复议规范化建设', lead: 3, dept: 'justice', due: '09-30', output: '工作报告' },
  { section: 1, title: '落实行政机关负责人出庭应诉', lead: 3, dept: 'justice', due: '12-31', output: '出庭应诉统计' },
  { section: 1, title: '开展法治政府建设示范创建', lead: 1, dept: 'office', due: '11-30', output: '创建材料' },
  { section: 1, title: '推进重大行政决策目录化管理', lead: 1, dept: 'office', due: '05-31', output: '决策事项目录' },
  { section: 1, title: '推进村（社区）法律顾问全覆盖', lead: 4, dept: 'justice', due: '12-31', output: '法律顾问台账' },
  { section: 1, title: '推进综合行政执法改革，规范乡镇执法', lead: 3, dept: 'office', due: '08-31', output: '改革方案' },
  { section: 1, title: '开展行政执法人员资格清理', lead: 4, dept: 'justice', due: '06-30', output: '清理名单' },
  { section: 1, title: '落实涉企行政执法检查备案', lead: 3, dept: 'justice', due: 'quarterly', output: '备案台账' },
  { section: 2, title: '组织国家工作人员学法用法考试', lead: 2, dept: 'office', due: '11-30', output: '考试成绩', down: 3 },
  { section: 2, title: '开展“民主法治示范村（社区）”创建', lead: 2, dept: 'justice', due: '11-15', output: '创建申报材料', down: 2 },
  { section: 2, title: '开展“八五”普法规划实施情况评估', lead: 2, dept: 'office', due: '10-31', output: '评估报告' },
  { section: 2, title: '开展法治宣传“八进”活动', lead: 2, dept: 'justice', due: 'quarterly', output: '活动简报' },
  { section: 2, title: '县政府常务会议会前学法', lead: 1, dept: 'office', due: 'monthly', output: '学法记录' },
  { section: 2, title: '开展“法律明白人”骨干培训', lead: 4, dept: 'justice', due: '07-31', output: '培训记录' },
];

/** Township items beyond NZS_TASKS; each plan takes 12–21 of them (a township's own emphases). */
const TOWNSHIP_EXTRA: Item[] = [
  { section: 1, title: '制定年度普法责任清单，落实“谁执法谁普法”普法责任制', lead: 4, dept: '司法所', due: '03-31', output: '普法责任清单' },
  { section: 1, title: '开展“4·15”全民国家安全教育日宣传', lead: 4, dept: '司法所', coop: ['综合行政执法队'], due: '04-20', output: '宣传简报' },
  { section: 1, title: '开展“民法典宣传月”集中宣传活动', lead: 8, dept: '司法所', due: '05-31', output: '活动简报' },
  { section: 1, title: '组织开展“法治进乡村”巡回宣讲', lead: 8, dept: '司法所', due: 'quarterly', output: '宣讲记录' },
  { section: 1, title: '村（社区）法治宣传栏按季度更新', lead: 8, dept: '党政办', due: 'quarterly', output: '宣传栏照片' },
  { section: 1, title: '开展校园周边环境整治及法治宣传', lead: 8, dept: '综合行政执法队', coop: ['社会事务办'], due: '09-15', output: '整治台账' },
  { section: 1, title: '开展“宪法进万家”入户宣传', lead: 8, dept: '司法所', due: '12-20', output: '宣传记录' },
  { section: 1, title: '落实村级“法律明白人”季度例会', dept: '司法所', due: 'quarterly', output: '例会记录' },
  { section: 2, title: '落实重大行政决策合法性审查', lead: 1, dept: '司法所', due: '06-30', output: '合法性审查意见书' },
  { section: 2, title: '开展行政规范性文件清理', lead: 5, dept: '党政办', coop: ['司法所'], due: '08-31', output: '清理结果目录' },
  { section: 2, title: '落实乡镇法律顾问制度，法律顾问参与重大事项', lead: 1, dept: '司法所', due: '12-31', output: '法律顾问工作台账' },
  { section: 2, title: '开展信访积案化解专项行动', lead: 2, dept: '社会事务办', due: '10-31', output: '化解台账' },
  { section: 2, title: '落实行政执法公示，按月公开执法信息', lead: 4, dept: '综合行政执法队', due: 'monthly', output: '执法信息公示截图' },
  { section: 2, title: '开展安全生产领域执法检查', lead: 5, dept: '综合行政执法队', due: 'quarterly', output: '检查记录' },
  { section: 2, title: '办理政府信息公开申请，编制年度报告', lead: 5, dept: '党政办', due: '12-31', output: '信息公开年报' },
  { section: 2, title: '每月召开矛盾纠纷分析研判会', lead: 2, dept: '司法所', due: 'monthly', output: '研判记录' },
  { section: 3, title: '组织执法人员参加执法资格考试', lead: 4, dept: '综合行政执法队', due: '07-31', output: '考试成绩单' },
  { section: 3, title: '选派干部参加县级法治业务培训', lead: 7, dept: '党政办', due: '09-30', output: '培训签到表' },
  { section: 3, title: '建立健全人民调解员队伍，开展调解员业务培训', lead: 4, dept: '司法所', due: '06-30', output: '培训记录' },
  { section: 3, title: '完善综合行政执法队执法装备', due: '10-31', output: '装备清单' },
  { section: 3, title: '落实执法人员持证上岗和执法全过程记录', lead: 4, dept: '综合行政执法队', due: '05-31', output: '持证人员名单' },
];

// ——— plans, tasks, progress, meetings, duties ———

export function generatePlanning(inp: PlanningInput, rosters: Map<string, Roster>): Chunk {
  const { rng, today, at, years } = inp;
  const groups: Row[] = [];
  const members: Row[] = [];
  const plans: Row[] = [];
  const sections: Row[] = [];
  const tasks: Row[] = [];
  const progress: Row[] = [];
  const meetings: Row[] = [];
  const decisions: Row[] = [];
  const duties: Row[] = [];
  const id = (date: string) => rng.uuidv7(day(date) + rng.int(0, 86_399_999));
  const pad = (n: number) => String(n).padStart(2, '0');
  const clampDay = (d: string, from: string) => (d < from ? from : d);

  const group = (orgId: string, year: number, kind: 'leading_group' | 'work_team', name: string, parent: string | null, list: [StaffEntry, MemberRole][]) => {
    const g = { id: id(`${year}-01-08`), org_id: orgId, year, kind, name, parent_group_id: parent, duties: kind === 'leading_group' ? '统筹推进法治政府建设，研究解决重大问题，督促检查工作任务落实。' : '承担领导小组日常工作，跟踪工作要点任务落实，收集报送进展。', created_at: iso(`${year}-01-08`), updated_at: at };
    groups.push(g);
    for (const [s, role] of list) members.push({ id: id(`${year}-01-10`), group_id: g.id, org_id: orgId, staff_id: s.id, role, from_date: `${year}-01-10`, to_date: `${year}-12-31`, created_at: iso(`${year}-01-10`), updated_at: at });
    return g.id;
  };

  /** Dated updates as a township (or the county office) would have posted them by `today`; `diligence` 0.7–1. */
  const simulate = (t: Row, year: number, diligence: number, author: string | null) => {
    const post = (period: string | null, on: string, percent: number, text: string) => {
      if (on > today) return;
      progress.push({ id: id(on), task_id: t.id, org_id: t.org_id, period, reported_on: on, text, percent, created_by: author, created_at: iso(on, 6) });
    };
    const created = `${year}-02-01`;
    if (t.due_kind === 'date') {
      const due = t.due_date as string;
      const past = due < today;
      const outcome = past
        ? rng.weighted([
            ['on_time', 74 * diligence],
            ['late', 12],
            ['partial', 6],
            ['never', 8 * (2 - diligence)],
          ] as const)
        : rng.weighted([
            ['early', 12],
            ['partial', 55],
            ['never', 33],
          ] as const);
      if (outcome === 'never') return;
      const doneOn = outcome === 'on_time' || outcome === 'early' ? clampDay(addDaysIso(due, -rng.int(0, 20)), created) : outcome === 'late' ? addDaysIso(due, rng.int(1, 40)) : null;
      const last = doneOn ?? [due, today].sort()[0];
      // one to three interim updates between the start and the last
      let pct = 0;
      for (let k = rng.int(1, 3); k > 0; k--) {
        const span = Math.max(1, (day(last) - day(created)) / 86_400_000);
        const on = addDaysIso(created, Math.floor(rng.float() * span));
        pct = Math.min(90, pct + rng.int(15, 40));
        post(null, on, pct, rng.pick(['已部署落实，正在推进。', '已召开专题部署会，制定工作方案。', '按计划推进中，已完成阶段性工作。', '正在收集整理相关材料。']));
      }
      if (doneOn) post(null, doneOn, 100, outcome === 'late' ? `已完成（较时限有所延后）：${t.expected_output}已形成。` : `已完成：${t.expected_output}已形成。`);
      return;
    }
    // recurring: each period's report, mostly on time, sometimes late, sometimes missing
    const skipAll = rng.chance(0.04 * (2 - diligence));
    if (skipAll) return;
    for (const p of taskPeriods({ dueKind: t.due_kind as DueKind, year, startDate: null })) {
      const { from } = periodRange(p);
      if (from > today) break;
      const due = periodDueOn(p, t.due_day as number);
      const r = rng.float();
      if (due >= today) {
        if (r < 0.35) post(p, addDaysIso(from, rng.int(0, 20)), 100, `${p}工作已完成并报送。`);
        continue;
      }
      if (r < 0.025 * (2 - diligence)) continue;
      const on = r < 0.2 ? addDaysIso(due, rng.int(1, 12)) : addDaysIso(due, -rng.int(0, 6));
      post(p, on, 100, `${p}工作已完成并报送。`);
    }
  };

  const taskRow = (plan: Row, sectionId: string | null, it: { title: string; due: string; output: string }, lead: StaffEntry | null, dept: string | null, coop: string[], parent: string | null, created: string): Row => {
    const kind: DueKind = it.due === 'monthly' ? 'monthly' : it.due === 'quarterly' ? 'quarterly' : 'date';
    return {
      id: id(created),
      plan_id: plan.id,
      org_id: plan.org_id,
      section_id: sectionId,
      sort: 0,
      seq_no: '',
      title: it.title,
      lead_staff_id: lead?.id ?? null,
      dept_org_id: dept,
      coop_org_ids: JSON.stringify(coop),
      due_kind: kind,
      due_date: kind === 'date' ? `${plan.year}-${it.due}` : null,
      due_day: kind === 'monthly' ? 25 : kind === 'quarterly' ? 31 : null,
      start_date: null,
      expected_output: it.output,
      parent_task_id: parent,
      decision_id: null,
      cancelled: 0,
      cancel_reason: null,
      created_by: null,
      created_at: iso(created),
      updated_at: at,
    };
  };
  const number = (list: Row[], sectionSort: Map<string | null, number>) => {
    list.sort((a, b) => (sectionSort.get(a.section_id as string | null) ?? 99) - (sectionSort.get(b.section_id as string | null) ?? 99));
    list.forEach((t, i) => {
      t.sort = i + 1;
      t.seq_no = String(i + 1);
    });
    tasks.push(...list);
  };
  const addSections = (plan: Row, titles: string[]) => {
    const out = titles.map((title, i) => {
      const s = { id: id(`${plan.year}-01-20`), plan_id: plan.id, org_id: plan.org_id, title, sort: i + 1, created_at: iso(`${plan.year}-01-20`), updated_at: at };
      sections.push(s);
      return s.id;
    });
    return { ids: out, sort: new Map<string | null, number>(out.map((s, i) => [s, i])) };
  };
  const meeting = (orgId: string, kind: MeetingKind, groupId: string | null, held: string, title: string, host: StaffEntry, attendees: StaffEntry[], agenda: string, place: string, lawStudy = '', decided: string[] = []) => {
    if (held > today) return null;
    const m = {
      id: id(held),
      org_id: orgId,
      kind,
      group_id: groupId,
      title,
      held_on: held,
      place,
      host_staff_id: host.id,
      attendee_ids: JSON.stringify(attendees.map((a) => a.id)),
      agenda,
      minutes: `会议由${host.name}主持。${agenda}。会议要求各单位按照职责分工抓好落实。`,
      law_study: lawStudy,
      created_by: null,
      created_at: iso(held, 8),
      updated_at: at,
    };
    meetings.push(m);
    for (const [i, content] of decided.entries()) decisions.push({ id: id(held), meeting_id: m.id, org_id: orgId, sort: i + 1, content, created_at: iso(held, 8) });
    return m;
  };
  const duty = (orgId: string, who: StaffEntry, kind: DutyKind, on: string, content: string, meetingId: string | null = null) => {
    if (on > today) return;
    duties.push({ id: id(on), org_id: orgId, staff_id: who.id, kind, done_on: on, content, meeting_id: meetingId, created_by: null, created_at: iso(on, 9), updated_at: at });
  };

  // ——— the county: its plan each year, its committee, meetings and duties ———
  const county = rosters.get(inp.county.id)!;
  const countyDept = (d?: string) => (d === 'office' ? inp.county.officeId : d === 'justice' ? inp.county.justiceId : null);
  /** per year: the county items every township carries — [county task id, township section, item] */
  const downOf = new Map<number, { parent: string; section: number; item: Item }[]>();
  /** per year: the seed's five COUNTY_ITEMS' task ids (NZS_TASKS `county` indexes them) */
  const seedItemsOf = new Map<number, string[]>();
  const countyPlanOf = new Map<number, string>();
  let prev: string | null = null;
  for (const y of years) {
    const plan: Row = {
      id: id(`${y}-01-20`),
      org_id: inp.county.id,
      year: y,
      title: `示范县${y}年度法治建设工作要点`,
      body: `为深入贯彻习近平法治思想，全面落实${y}年度法治政府建设各项目标任务，制定本工作要点。`,
      state: 'published',
      published_at: iso(`${y}-02-0${rng.int(1, 9)}`),
      copied_from_plan_id: prev,
      parent_plan_id: null,
      created_by: inp.county.userId,
      created_at: iso(`${y}-01-20`),
      updated_at: at,
    };
    prev = plan.id as string;
    plans.push(plan);
    countyPlanOf.set(y, plan.id as string);
    const secs = addSections(plan, COUNTY_SECTIONS);
    const list: Row[] = [];
    const seedIds: string[] = [];
    for (const c of COUNTY_ITEMS) {
      const t = taskRow(plan, secs.ids[c.section], c, null, inp.county.officeId, [], null, `${y}-01-25`);
      list.push(t);
      seedIds.push(t.id as string);
    }
    const down: { parent: string; section: number; item: Item }[] = [];
    for (const c of COUNTY_EXTRA) {
      const t = taskRow(plan, secs.ids[c.section], c, c.lead === undefined ? null : county.leaders[c.lead], countyDept(c.dept), [], null, `${y}-01-25`);
      list.push(t);
      if (c.down !== undefined) down.push({ parent: t.id as string, section: c.down, item: c });
    }
    number(list, secs.sort);
    for (const t of list) simulate(t, y, 0.95, inp.county.userId);
    seedItemsOf.set(y, seedIds);
    downOf.set(y, down);

    const office = county.post('县依法治县办主任');
    const committee = [...county.leaders, ...county.cadres];
    const g = group(inp.county.id, y, 'leading_group', '县委全面依法治县委员会', null, [
      [county.leaders[0], 'head'],
      [county.leaders[1], 'deputy_head'],
      [county.leaders[2], 'deputy_head'],
      ...county.leaders.slice(3).map((s) => [s, 'member'] as [StaffEntry, MemberRole]),
      ...county.cadres.filter((c) => c !== office).map((s) => [s, 'member'] as [StaffEntry, MemberRole]),
      [office, 'office_director'],
    ]);
    for (const [q, month] of [
      [1, '03'],
      [2, '06'],
      [3, '09'],
      [4, '12'],
    ] as const) {
      const m = meeting(inp.county.id, 'leading_group', g, `${y}-${month}-${pad(rng.int(10, 26))}`, `${y}年第${q}季度县委全面依法治县委员会办公室会议`, county.leaders[q % 2 ? 0 : 2], committee, '听取各乡镇法治建设工作进展汇报，研究部署下一阶段工作', '县委常委会议室', '', [
        '各乡镇按时报送法治建设工作进展',
        '县依法治县办加强督导检查',
      ]);
      if (m && q === 1) duty(inp.county.id, county.leaders[0], 'meeting', m.held_on as string, '主持召开县委全面依法治县委员会会议', m.id as string);
    }
    for (let mo = 1; mo <= 12; mo++)
      meeting(inp.county.id, 'executive', null, `${y}-${pad(mo)}-${pad(rng.int(8, 20))}`, `${y}年${mo}月县政府常务会议`, county.leaders[1], county.leaders, '研究依法行政有关事项', '县政府常务会议室', `会前学法：${COMMON_LAWS[(mo + y) % COMMON_LAWS.length]}`);
    const topic = meeting(inp.county.id, 'topic', g, `${y}-02-${pad(rng.int(10, 24))}`, `${y}年度全县法治建设工作会议`, county.leaders[0], committee, `部署${y}年度法治建设工作，审议《示范县${y}年度法治建设工作要点》`, '县委常委会议室', '', ['印发年度工作要点并下达各乡镇', '各乡镇结合实际制定本级工作要点']);
    if (topic) duty(inp.county.id, county.leaders[0], 'deploy', topic.held_on as string, '主持召开全县法治建设工作会议，部署年度工作', topic.id as string);
    duty(inp.county.id, county.leaders[0], 'report_law', `${y}-01-${pad(rng.int(12, 25))}`, `向市委述法，报告${y - 1}年度履行推进法治建设第一责任人职责情况`);
    duty(inp.county.id, county.leaders[0], 'instruction', `${y}-08-${pad(rng.int(1, 28))}`, '批示：各乡镇对照工作要点查漏补缺');
  }

  // ——— the townships ———
  const plansOf = (orgId: string) => plans.filter((p) => p.org_id === orgId);
  for (const t of inp.townships) {
    const r = rosters.get(t.id)!;
    const L = r.leaders;
    const sfs = r.post('司法所所长');
    const diligence = 0.7 + rng.float() * 0.3;
    const place = `${t.name}政府会议室`;
    for (const y of years) {
      // leading group (two heads, as the source report's) and its work team
      const lgList: [StaffEntry, MemberRole][] = [
        [L[0], 'head'],
        [L[1], 'head'],
        [L[2], 'deputy_head'],
        [L[4], 'deputy_head'],
        ...L.filter((_, i) => i === 3 || i >= 5).map((s) => [s, 'member'] as [StaffEntry, MemberRole]),
        [r.post('党政办主任'), 'member'],
        [r.post('社会事务办主任'), 'member'],
        [r.post('执法队队长'), 'member'],
        [sfs, 'office_director'],
      ];
      const lg = group(t.id, y, 'leading_group', '法治政府建设工作领导小组', null, lgList);
      group(t.id, y, 'work_team', `${t.name}法治建设工作专班`, lg, [
        [L[4], 'head'],
        [sfs, 'member'],
        [r.post('法制审核员'), 'member'],
        [r.post('党政办干事'), 'member'],
        [r.post('执法队队长'), 'member'],
      ]);
      // a post change in some years: one member leaves at mid-year and a cadre joins
      if (rng.chance(0.2)) {
        const leaving = members.find((m) => m.group_id === lg && m.staff_id === L[5].id);
        if (leaving) leaving.to_date = `${y}-06-30`;
        const joining = r.cadres.find((c) => !lgList.some(([s]) => s === c))!;
        members.push({ id: id(`${y}-07-01`), group_id: lg, org_id: t.id, staff_id: joining.id, role: 'member', from_date: `${y}-07-01`, to_date: `${y}-12-31`, created_at: iso(`${y}-07-01`), updated_at: at });
      }

      // the plan: published in February, handed down from the county's, copied from last year's
      const published = `${y}-02-${pad(rng.int(10, 27))}`;
      const plan: Row = {
        id: id(`${y}-01-26`),
        org_id: t.id,
        year: y,
        title: `${t.name}${y}年度法治建设工作要点`,
        body: `为深入贯彻习近平法治思想，全面落实${y}年度法治政府建设各项目标任务，结合${t.name}实际，制定本工作要点。`,
        state: published <= today ? 'published' : 'draft',
        published_at: published <= today ? iso(published) : null,
        copied_from_plan_id: (plansOf(t.id).at(-1)?.id as string | undefined) ?? null,
        parent_plan_id: countyPlanOf.get(y) ?? null,
        created_by: t.users.sfs,
        created_at: iso(`${y}-01-26`),
        updated_at: at,
      };
      plans.push(plan);
      const secs = addSections(plan, NZS_SECTIONS);
      const created = `${y}-02-01`;
      const dept = (n?: string) => (n ? (t.departments[n] ?? null) : null);
      const list: Row[] = [];
      const seedItems = seedItemsOf.get(y)!;
      for (const s of NZS_TASKS) {
        const lead = s.lead ? L[DEMO_LEAD_POST[s.lead] ?? 0] : null;
        list.push(taskRow(plan, secs.ids[s.section], { title: s.title, due: s.due, output: s.output }, lead, dept(s.dept), (s.coop ?? []).map((c) => t.departments[c]), s.county === undefined ? null : seedItems[s.county], created));
      }
      // the county's extra items: a township sometimes has not named an owner yet (as a hand-down leaves them)
      for (const d of downOf.get(y)!) {
        const named = rng.chance(0.85);
        list.push(taskRow(plan, secs.ids[d.section], d.item, named ? rng.pick(L.slice(0, 6)) : null, named ? t.departments.司法所 : null, [], d.parent, `${y}-02-${pad(rng.int(12, 20))}`));
      }
      const extras = [...TOWNSHIP_EXTRA];
      for (let k = rng.int(12, 21); k > 0 && extras.length; k--) {
        const it = extras.splice(rng.int(0, extras.length - 1), 1)[0];
        list.push(taskRow(plan, secs.ids[it.section], it, it.lead === undefined ? null : (L[it.lead] ?? L[0]), dept(it.dept), (it.coop ?? []).map((c) => t.departments[c]), null, created));
      }
      number(list, secs.sort);
      for (const task of list) simulate(task, y, diligence, rng.chance(0.7) ? t.users.sfs : (t.users.leader ?? t.users.sfs));

      // meetings: the leading group each quarter (a sloppy township misses some), 党委会议 with 会前学法
      // monthly, a 专题会议 on the plan in February, 常务会议 each quarter
      const lgAttendees = lgList.map(([s]) => s);
      for (const [q, month] of [
        [1, '03'],
        [2, '06'],
        [3, '09'],
        [4, '12'],
      ] as const) {
        if (rng.chance(0.12 * (2 - diligence))) continue;
        const held = `${y}-${month}-${pad(rng.int(8, 26))}`;
        const m = meeting(t.id, 'leading_group', lg, held, `${y}年第${q}季度法治政府建设工作领导小组会议`, L[q % 2 ? 0 : 1], lgAttendees, '听取法治建设工作汇报，研究法治建设存在问题，部署下一阶段工作任务', place, '', [
          `各站办所于${month}月底前报送本季度法治建设工作进展`,
          q === 2 ? '司法所牵头开展执法人员法律知识培训' : '党政办跟踪督办工作要点任务落实',
        ]);
        if (m && q === 2) {
          // a decision that became a task (the link is kept on the task)
          const d = decisions.find((x) => x.meeting_id === m.id && x.sort === 2);
          const train = list.find((x) => String(x.title).startsWith('加强执法人员'));
          if (d && train) train.decision_id = d.id;
        }
      }
      for (let mo = 1; mo <= 12; mo++) {
        const studies = rng.chance(0.85 + 0.1 * diligence);
        meeting(t.id, 'party_committee', null, `${y}-${pad(mo)}-${pad(rng.int(3, 12))}`, `${y}年${mo}月党委会议`, L[0], L, '传达学习上级会议精神，研究近期重点工作', place, studies ? `会前学法：${rng.pick(COMMON_LAWS)}` : '', rng.chance(0.3) ? ['研究落实法治建设相关工作'] : []);
      }
      const topic = meeting(t.id, 'topic', lg, `${y}-02-${pad(rng.int(15, 27))}`, `${y}年度法治建设工作专题会议`, rng.chance(0.8) ? L[0] : L[4], lgAttendees, `研究部署${y}年度法治建设工作，审议《${plan.title}》`, place, '', [
        `印发《${plan.title}》`,
        '明确分管领导和责任站办所，按时限推进',
      ]);
      for (const month of ['03', '06', '09', '12'])
        meeting(t.id, 'executive', null, `${y}-${month}-${pad(rng.int(13, 28))}`, `${y}年${Number(month)}月${t.name.endsWith('镇') ? '镇' : '乡'}政府常务会议`, L[1], [L[1], L[4], L[5], r.post('党政办主任')], '研究依法行政有关事项，审议行政规范性文件', place);

      // first-responsible-person duties (中办 国办 2016 规定 art. 4–6)
      duty(t.id, L[0], 'deploy', `${y}-01-${pad(rng.int(15, 28))}`, `主持研究将法治建设纳入党委${y}年工作要点和年度工作计划`);
      duty(t.id, L[0], 'meeting', (topic?.held_on as string | undefined) ?? `${y}-02-25`, '主持召开法治建设工作专题会议，部署年度法治建设任务', (topic?.id as string | undefined) ?? null);
      duty(t.id, L[1], 'supervise', `${y}-06-${pad(rng.int(10, 28))}`, '督办行政许可事项清单编制、公平竞争审查等重点任务进度');
      duty(t.id, L[0], 'instruction', `${y}-09-${pad(rng.int(5, 25))}`, '批示：各站办所要对照工作要点查漏补缺，确保年底前全面完成');
      if (rng.chance(diligence)) duty(t.id, L[0], 'supervise', `${y}-11-${pad(rng.int(5, 25))}`, '重要任务亲自督办：执法人员培训、法律明白人培养');
      duty(t.id, L[0], 'report_law', `${y}-01-${pad(rng.int(8, 20))}`, `在县委全面依法治县委员会会议上述法，报告${y - 1}年度履行推进法治建设第一责任人职责情况`);
      duty(t.id, L[1], 'report_law', `${y}-01-${pad(rng.int(8, 28))}`, `在人民代表大会上报告${y - 1}年度法治政府建设情况`);
    }
  }

  // parents before children: groups (leading groups first), plans (by year: copies point back),
  // sections, meetings, decisions, tasks (county items first), progress, duties
  const countyTaskIds = new Set(tasks.filter((x) => x.org_id === inp.county.id).map((x) => x.id));
  return [
    ['planning_groups', [...groups.filter((g) => g.parent_group_id === null), ...groups.filter((g) => g.parent_group_id !== null)]],
    ['planning_group_members', members],
    ['planning_plans', [...plans].sort((a, b) => Number(a.year) - Number(b.year) || (a.org_id === inp.county.id ? -1 : b.org_id === inp.county.id ? 1 : 0))],
    ['planning_sections', sections],
    ['planning_meetings', meetings],
    ['planning_decisions', decisions],
    ['planning_tasks', [...tasks.filter((x) => countyTaskIds.has(x.id)), ...tasks.filter((x) => !countyTaskIds.has(x.id))]],
    ['planning_progress', progress],
    ['planning_duties', duties],
  ];
}
