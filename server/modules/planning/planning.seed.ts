import { uuidv7 } from '../../../common/ids.ts';
import type { DueKind, DutyKind, MeetingKind, MemberRole } from '../../../common/planning-enums.ts';
import { periodDueOn, periodRange, taskPeriods } from '../../../common/planning-rules.ts';
import type { Ctx } from '../../platform/context.ts';
import { addDaysIso, nowIso, todayShanghai } from '../../platform/time.ts';
import type { BaseIds } from '../../seed/base.ts';
import { seededRandom } from '../../seed/seed-kit.ts';

/**
 * Demo records of the planning module, after the source report's 强化组织领导 section: 娘子神乡's
 * 法治政府建设工作领导小组 with two heads (党委书记 高建军, 乡长 王志宏) and a 工作专班, the yearly
 * 《娘子神乡20xx年度法治建设工作要点》 with sections, tasks, lead leaders, departments and deadlines,
 * quarterly leading-group meetings, 党委会议 with 会前学法, topical meetings, and the first-responsible-
 * person records; 白杨镇 gets a smaller plan; 示范县 a county plan handed down to both. Years 2023 to
 * the current one. Deterministic (one PRNG), written straight into the tables in the caller's
 * transaction (demo.ts records the one audit event of the seed). A few things are left undone on
 * purpose — a missed quarter's meeting, a monthly new-media task with gaps (the report's own weakness:
 * 新媒体普法频次不够), a late task — so the findings have something to show.
 */
export interface SeedTask {
  section: number;
  title: string;
  lead?: string;
  dept?: string;
  coop?: string[];
  /** 'MM-DD' in the plan year, or a recurring kind */
  due: string | 'monthly' | 'quarterly';
  output: string;
  /** index of the county item it derives from */
  county?: number;
  /** left without progress in a past period (monthly new-media task) */
  gaps?: boolean;
}

// The catalogue below is exported for the benchmark generator (bench/generate-planning.ts), which grows it to a whole county.
export const COUNTY_SECTIONS = ['一、加强党对法治建设的领导', '二、推进法治政府建设', '三、深化法治宣传教育'];
export const COUNTY_ITEMS: { section: number; title: string; due: string | 'quarterly'; output: string }[] = [
  { section: 0, title: '党政主要负责人履行推进法治建设第一责任人职责，年终述法', due: '12-31', output: '述法报告' },
  { section: 0, title: '召开专题会议研究部署年度法治建设工作', due: '03-31', output: '会议纪要' },
  { section: 1, title: '严格落实行政执法“三项制度”', due: '09-30', output: '执法公示、全过程记录、法制审核台账' },
  { section: 2, title: '组织开展宪法宣传周集中宣传活动', due: '12-10', output: '活动简报' },
  { section: 2, title: '每季度报送法治建设工作进展', due: 'quarterly', output: '工作进展报告' },
];

export const NZS_SECTIONS = ['一、强化组织领导', '二、加大普法宣传', '三、加强实践运用', '四、加强法治队伍建设'];
export const NZS_TASKS: SeedTask[] = [
  { section: 0, title: '将法治建设纳入党委工作要点和年度工作计划', lead: '高建军', dept: '党政办', due: '02-28', output: '党委工作要点' },
  { section: 0, title: '召开专题会议研究部署年度法治建设工作', lead: '高建军', dept: '党政办', coop: ['司法所'], due: '03-31', output: '会议纪要', county: 1 },
  { section: 0, title: '调整充实法治政府建设工作领导小组，抽调精干力量组成工作专班', lead: '王志宏', dept: '党政办', due: '02-28', output: '成立文件' },
  { section: 0, title: '领导小组定期听取法治建设工作汇报，研究解决存在问题', lead: '王志宏', dept: '司法所', due: 'quarterly', output: '会议纪要', county: 4 },
  { section: 0, title: '党政主要负责人履行第一责任人职责，年终述法', lead: '高建军', dept: '党政办', due: '12-31', output: '述法报告', county: 0 },
  { section: 1, title: '将习近平法治思想、宪法、民法典纳入党委理论学习中心组学习计划', lead: '白雪', dept: '党政办', due: '03-31', output: '学习计划' },
  { section: 1, title: '制定并部署实施“八五”普法年度工作计划', lead: '李卫东', dept: '司法所', due: '03-31', output: '年度普法计划' },
  { section: 1, title: '利用“国家安全日”“6·26”国际禁毒日开展集中普法宣传', lead: '李卫东', dept: '司法所', coop: ['综合行政执法队'], due: '06-30', output: '活动照片、简报' },
  { section: 1, title: '组织开展宪法宣传周集中宣传活动', lead: '李卫东', dept: '司法所', due: '12-10', output: '活动简报', county: 3 },
  { section: 1, title: '运用微信公众号、网格微信群、抖音等新媒体开展普法宣传', lead: '白雪', dept: '党政办', coop: ['司法所'], due: 'monthly', output: '每月推送记录', gaps: true },
  { section: 2, title: '编制行政许可事项清单', lead: '马晓燕', dept: '党政办', due: '06-30', output: '行政许可事项清单' },
  { section: 2, title: '严格落实行政执法“三项制度”', lead: '李卫东', dept: '综合行政执法队', coop: ['司法所'], due: '09-30', output: '执法公示、法制审核台账', county: 2 },
  { section: 2, title: '全面落实公平竞争审查机制', lead: '马晓燕', dept: '党政办', due: '10-31', output: '审查台账' },
  { section: 2, title: '开展矛盾纠纷排查化解，筑牢人民调解“第一道防线”', lead: '刘海涛', dept: '司法所', coop: ['社会事务办'], due: 'monthly', output: '月度排查表' },
  { section: 2, title: '持续实施“法律明白人”培养工程', lead: '李卫东', dept: '司法所', due: '11-30', output: '培训记录' },
  { section: 2, title: '完善村级公共法律服务工作室', dept: '司法所', due: '12-31', output: '工作室台账' },
  { section: 3, title: '加强执法人员法律知识和执法业务能力培训', lead: '李卫东', dept: '综合行政执法队', due: '11-30', output: '培训记录' },
];

const NB_SECTIONS = ['一、加强组织领导', '二、推进依法行政'];
const NB_TASKS: SeedTask[] = [
  { section: 0, title: '召开专题会议研究部署年度法治建设工作', lead: '韩国栋', dept: '党政办', due: '03-31', output: '会议纪要', county: 1 },
  { section: 0, title: '党政主要负责人年终述法', lead: '韩国栋', dept: '党政办', due: '12-31', output: '述法报告', county: 0 },
  { section: 0, title: '每季度报送法治建设工作进展', lead: '曹丽', dept: '司法所', due: 'quarterly', output: '工作进展报告', county: 4 },
  { section: 1, title: '严格落实行政执法“三项制度”', lead: '邓建华', dept: '综合行政执法队', due: '09-30', output: '执法台账', county: 2 },
  { section: 1, title: '组织开展宪法宣传周集中宣传活动', dept: '司法所', due: '12-10', output: '活动简报', county: 3 },
  { section: 1, title: '规范镇级重大行政决策程序', lead: '曹丽', dept: '党政办', due: '08-31', output: '决策事项目录' },
];

type Row<T> = T;

export async function seedPlanningDemo(ctx: Ctx, ids: BaseIds, opts: { today?: string } = {}): Promise<void> {
  const today = opts.today ?? todayShanghai();
  const thisYear = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let y = 2023; y <= Math.max(thisYear, 2025); y++) years.push(y);
  const at = nowIso();
  const r = seededRandom(20230101);
  const db = ctx.db;
  const staff = (name: string) => {
    const id = ids.staff[name];
    if (!id) throw new Error(`demo staff ${name} missing`);
    return id;
  };
  const created = ctx.actor?.userId ?? null;

  // ——— rows collected, written in batches at the end ———
  const groups: Row<{ id: string; org_id: string; year: number; kind: string; name: string; parent_group_id: string | null; duties: string; created_at: string; updated_at: string }>[] = [];
  const members: Row<{ id: string; group_id: string; org_id: string; staff_id: string; role: string; from_date: string; to_date: string | null; created_at: string; updated_at: string }>[] = [];
  const plans: Row<{
    id: string;
    org_id: string;
    year: number;
    title: string;
    body: string;
    state: string;
    published_at: string | null;
    copied_from_plan_id: string | null;
    parent_plan_id: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  }>[] = [];
  const sections: Row<{ id: string; plan_id: string; org_id: string; title: string; sort: number; created_at: string; updated_at: string }>[] = [];
  const tasks: Row<{
    id: string;
    plan_id: string;
    org_id: string;
    section_id: string | null;
    sort: number;
    seq_no: string;
    title: string;
    lead_staff_id: string | null;
    dept_org_id: string | null;
    coop_org_ids: string;
    due_kind: string;
    due_date: string | null;
    due_day: number | null;
    start_date: string | null;
    expected_output: string;
    parent_task_id: string | null;
    decision_id: string | null;
    cancelled: number;
    cancel_reason: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  }>[] = [];
  const progress: Row<{ id: string; task_id: string; org_id: string; period: string | null; reported_on: string; text: string; percent: number; created_by: string | null; created_at: string }>[] = [];
  const meetings: Row<{
    id: string;
    org_id: string;
    kind: string;
    group_id: string | null;
    title: string;
    held_on: string;
    place: string;
    host_staff_id: string | null;
    attendee_ids: string;
    agenda: string;
    minutes: string;
    law_study: string;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  }>[] = [];
  const decisions: Row<{ id: string; meeting_id: string; org_id: string; sort: number; content: string; created_at: string }>[] = [];
  const duties: Row<{ id: string; org_id: string; staff_id: string; kind: string; done_on: string; content: string; meeting_id: string | null; created_by: string | null; created_at: string; updated_at: string }>[] = [];

  const isoAt = (date: string) => `${date}T02:00:00.000Z`;

  // ——— groups ———
  function leadingGroup(orgId: string, orgName: string, year: number, roster: [string, MemberRole][], team: [string, MemberRole][]) {
    const g = { id: uuidv7(), org_id: orgId, year, kind: 'leading_group', name: '法治政府建设工作领导小组', parent_group_id: null, duties: '统筹推进本乡镇法治政府建设，研究解决重大问题，督促检查工作任务落实。', created_at: at, updated_at: at };
    groups.push(g);
    for (const [name, role] of roster) members.push({ id: uuidv7(), group_id: g.id, org_id: orgId, staff_id: staff(name), role, from_date: `${year}-01-10`, to_date: `${year}-12-31`, created_at: at, updated_at: at });
    let teamId: string | null = null;
    if (team.length) {
      const t = { id: uuidv7(), org_id: orgId, year, kind: 'work_team', name: `${orgName}法治建设工作专班`, parent_group_id: g.id, duties: '承担领导小组日常工作，跟踪工作要点任务落实，收集报送进展。', created_at: at, updated_at: at };
      groups.push(t);
      teamId = t.id;
      for (const [name, role] of team) members.push({ id: uuidv7(), group_id: t.id, org_id: orgId, staff_id: staff(name), role, from_date: `${year}-01-15`, to_date: `${year}-12-31`, created_at: at, updated_at: at });
    }
    return { id: g.id, teamId };
  }

  // ——— plans and tasks ———
  function plan(orgId: string, year: number, title: string, parent: string | null, copiedFrom: string | null) {
    const published = `${year}-02-${String(10 + Math.floor(r() * 10)).padStart(2, '0')}`;
    const p = {
      id: uuidv7(),
      org_id: orgId,
      year,
      title,
      body: `为深入贯彻习近平法治思想，全面落实${year}年度法治政府建设各项目标任务，结合实际，制定本工作要点。`,
      state: published <= today ? 'published' : 'draft',
      published_at: published <= today ? isoAt(published) : null,
      copied_from_plan_id: copiedFrom,
      parent_plan_id: parent,
      created_by: created,
      created_at: isoAt(`${year}-01-20`),
      updated_at: at,
    };
    plans.push(p);
    return p;
  }
  function addSections(p: { id: string; org_id: string }, titles: string[]) {
    return titles.map((title, i) => {
      const s = { id: uuidv7(), plan_id: p.id, org_id: p.org_id, title, sort: i + 1, created_at: at, updated_at: at };
      sections.push(s);
      return s.id;
    });
  }

  /** Progress for a task as a township would have posted it by `today`. */
  function simulate(t: (typeof tasks)[number], year: number, gaps: boolean, author: string | null) {
    const post = (period: string | null, on: string, percent: number, text: string) => {
      if (on > today) return;
      progress.push({ id: uuidv7(), task_id: t.id, org_id: t.org_id, period, reported_on: on, text, percent, created_by: author, created_at: isoAt(on) });
    };
    if (t.due_kind === 'date') {
      const due = t.due_date as string;
      const x = r();
      const start = addDaysIso(due, -45 - Math.floor(r() * 30));
      post(null, start, 40 + Math.floor(r() * 30), '已部署落实，正在推进。');
      if (x < 0.82) post(null, addDaysIso(due, -Math.floor(r() * 12)), 100, `已完成：${t.expected_output}已形成。`);
      else if (x < 0.94) post(null, addDaysIso(due, 3 + Math.floor(r() * 20)), 100, `已完成（较时限有所延后）：${t.expected_output}已形成。`);
      // else: left open (overdue once the date passes)
      return;
    }
    for (const p of taskPeriods({ dueKind: t.due_kind as DueKind, year, startDate: t.start_date })) {
      const due = periodDueOn(p, t.due_day);
      if (periodRange(p).from > today) break;
      // the report's weakness: new-media publicity "频次不够" — some months without a post
      if (gaps && r() < 0.25) continue;
      const late = r() < 0.1;
      post(p, late ? addDaysIso(due, 2 + Math.floor(r() * 8)) : addDaysIso(due, -Math.floor(r() * 6)), 100, `${p}工作已完成并报送。`);
    }
  }

  const dept = (name: string, depts: Record<string, string>) => depts[name] ?? null;
  function addTasks(p: { id: string; org_id: string; year: number }, sectionIds: string[], list: SeedTask[], depts: Record<string, string>, countyTasks: string[] | null, author: string | null) {
    list.forEach((s, i) => {
      const kind: DueKind = s.due === 'monthly' ? 'monthly' : s.due === 'quarterly' ? 'quarterly' : 'date';
      const t = {
        id: uuidv7(),
        plan_id: p.id,
        org_id: p.org_id,
        section_id: sectionIds[s.section] ?? null,
        sort: i + 1,
        seq_no: String(i + 1),
        title: s.title,
        lead_staff_id: s.lead ? staff(s.lead) : null,
        dept_org_id: s.dept ? dept(s.dept, depts) : null,
        coop_org_ids: JSON.stringify((s.coop ?? []).map((c) => depts[c]).filter(Boolean)),
        due_kind: kind,
        due_date: kind === 'date' ? `${p.year}-${s.due}` : null,
        due_day: kind === 'monthly' ? 25 : kind === 'quarterly' ? 31 : null,
        start_date: null,
        expected_output: s.output,
        parent_task_id: countyTasks && s.county !== undefined ? (countyTasks[s.county] ?? null) : null,
        decision_id: null,
        cancelled: 0,
        cancel_reason: null,
        created_by: created,
        created_at: isoAt(`${p.year}-02-01`),
        updated_at: at,
      };
      tasks.push(t);
      simulate(t, p.year, !!s.gaps, author);
    });
  }

  // ——— meetings and duties ———
  const NZS_LEADERS = ['高建军', '王志宏', '刘海涛', '张秀英', '李卫东', '马晓燕', '杨帆', '郝文博', '白雪'];
  function meeting(orgId: string, kind: MeetingKind, groupId: string | null, held: string, title: string, host: string, attendees: string[], agenda: string, lawStudy = '', decided: string[] = []) {
    if (held > today) return null;
    const m = {
      id: uuidv7(),
      org_id: orgId,
      kind,
      group_id: groupId,
      title,
      held_on: held,
      place: '乡政府三楼会议室',
      host_staff_id: staff(host),
      attendee_ids: JSON.stringify(attendees.map(staff)),
      agenda,
      minutes: `会议由${host}主持。${agenda}。会议要求各站办所按照职责分工抓好落实。`,
      law_study: lawStudy,
      created_by: created,
      created_at: isoAt(held),
      updated_at: at,
    };
    meetings.push(m);
    for (const [i, content] of decided.entries()) decisions.push({ id: uuidv7(), meeting_id: m.id, org_id: orgId, sort: i + 1, content, created_at: isoAt(held) });
    return m;
  }
  function duty(orgId: string, who: string, kind: DutyKind, on: string, content: string, meetingId: string | null = null) {
    if (on > today) return;
    duties.push({ id: uuidv7(), org_id: orgId, staff_id: staff(who), kind, done_on: on, content, meeting_id: meetingId, created_by: created, created_at: isoAt(on), updated_at: at });
  }
  const LAW_TOPICS = ['《中华人民共和国宪法》', '《中华人民共和国民法典》总则编', '习近平法治思想', '《中华人民共和国行政处罚法》', '《中华人民共和国行政许可法》', '《信访工作条例》', '《中国共产党章程》', '《中央党内法规制定工作规划纲要（2023—2027年）》', '《中华人民共和国国家安全法》', '《中华人民共和国禁毒法》', '《优化营商环境条例》', '《中华人民共和国人民调解法》'];

  // ——— the county plan, handed down ———
  const countyByYear = new Map<number, string[]>();
  for (const y of years) {
    const p = plan(ids.county, y, `示范县${y}年度法治建设工作要点`, null, null);
    const secs = addSections(p, COUNTY_SECTIONS);
    const items: string[] = [];
    COUNTY_ITEMS.forEach((c, i) => {
      const kind: DueKind = c.due === 'quarterly' ? 'quarterly' : 'date';
      const id = uuidv7();
      items.push(id);
      tasks.push({
        id,
        plan_id: p.id,
        org_id: ids.county,
        section_id: secs[c.section],
        sort: i + 1,
        seq_no: String(i + 1),
        title: c.title,
        lead_staff_id: null,
        dept_org_id: null,
        coop_org_ids: '[]',
        due_kind: kind,
        due_date: kind === 'date' ? `${y}-${c.due}` : null,
        due_day: kind === 'quarterly' ? 31 : null,
        start_date: null,
        expected_output: c.output,
        parent_task_id: null,
        decision_id: null,
        cancelled: 0,
        cancel_reason: null,
        created_by: created,
        created_at: isoAt(`${y}-01-25`),
        updated_at: at,
      });
    });
    countyByYear.set(y, items);
  }

  // ——— 娘子神乡 ———
  let prevNzs: string | null = null;
  const countyPlanOf = (y: number) => plans.find((p) => p.org_id === ids.county && p.year === y)?.id ?? null;
  for (const y of years) {
    const roster: [string, MemberRole][] = [
      ['高建军', 'head'],
      ['王志宏', 'head'],
      ['刘海涛', 'deputy_head'],
      ['李卫东', 'deputy_head'],
      ['张秀英', 'member'],
      ['马晓燕', 'member'],
      ['杨帆', 'member'],
      ['郝文博', 'member'],
      ['白雪', 'member'],
      ['周文', 'member'],
      ['孙涛', 'member'],
      ['赵刚', 'member'],
      ['李静', 'office_director'],
    ];
    const g = leadingGroup(ids.nzs, '娘子神乡', y, roster, [
      ['李卫东', 'head'],
      ['李静', 'member'],
      ['陈敏', 'member'],
      ['周文', 'member'],
      ['赵刚', 'member'],
    ]);
    if (y === 2024) {
      // a post change: 马晓燕 leaves the group at mid-year, 吴婷 (党政办) joins; history is kept
      const m = members.find((x) => x.group_id === g.id && x.staff_id === staff('马晓燕'));
      if (m) m.to_date = '2024-06-30';
      members.push({ id: uuidv7(), group_id: g.id, org_id: ids.nzs, staff_id: staff('吴婷'), role: 'member', from_date: '2024-07-01', to_date: '2024-12-31', created_at: at, updated_at: at });
    }
    const p = plan(ids.nzs, y, `娘子神乡${y}年度法治建设工作要点`, countyPlanOf(y), prevNzs);
    prevNzs = p.id;
    addTasks(p, addSections(p, NZS_SECTIONS), NZS_TASKS, ids.nzsDepartments, countyByYear.get(y) ?? null, ids.users.nzs_sfs);

    // 领导小组会议 every quarter (2024 Q3 missed: a finding), 党委会议 with 会前学法 every month,
    // a 专题会议 in Q1, 常务会议 each quarter.
    const lgAttendees = roster.map(([n]) => n);
    for (const [q, month] of [
      [1, '03'],
      [2, '06'],
      [3, '09'],
      [4, '12'],
    ] as const) {
      if (y === 2024 && q === 3) continue;
      const held = `${y}-${month}-${String(12 + Math.floor(r() * 10)).padStart(2, '0')}`;
      const m = meeting(ids.nzs, 'leading_group', g.id, held, `${y}年第${q}季度法治政府建设工作领导小组会议`, q % 2 ? '高建军' : '王志宏', lgAttendees, '听取法治建设工作汇报，研究法治建设存在问题，部署下一阶段工作任务', '', [
        `各站办所于${month}月底前报送本季度法治建设工作进展`,
        q === 2 ? '司法所牵头开展执法人员法律知识培训' : '党政办跟踪督办工作要点任务落实',
      ]);
      if (m && q === 2) {
        // a decision that became a task (the link is kept on the task)
        const d = decisions.find((x) => x.meeting_id === m.id && x.sort === 2);
        const train = tasks.find((t) => t.plan_id === p.id && t.title.startsWith('加强执法人员'));
        if (d && train) train.decision_id = d.id;
      }
    }
    for (let mo = 1; mo <= 12; mo++) {
      const held = `${y}-${String(mo).padStart(2, '0')}-${String(5 + Math.floor(r() * 3)).padStart(2, '0')}`;
      meeting(ids.nzs, 'party_committee', null, held, `${y}年${mo}月党委会议`, '高建军', NZS_LEADERS, '传达学习上级会议精神，研究近期重点工作', `会前学法：${LAW_TOPICS[(mo - 1 + y) % LAW_TOPICS.length]}`);
    }
    const topic = meeting(ids.nzs, 'topic', g.id, `${y}-02-${String(20 + Math.floor(r() * 6)).padStart(2, '0')}`, `${y}年度法治建设工作专题会议`, '高建军', lgAttendees, `研究部署${y}年度法治建设工作，审议《娘子神乡${y}年度法治建设工作要点》`, '', [
      `印发《娘子神乡${y}年度法治建设工作要点》`,
      '明确分管领导和责任站办所，按时限推进',
    ]);
    for (const month of ['03', '06', '09', '12']) {
      meeting(ids.nzs, 'executive', null, `${y}-${month}-${String(15 + Math.floor(r() * 8)).padStart(2, '0')}`, `${y}年${Number(month)}月乡政府常务会议`, '王志宏', ['王志宏', '李卫东', '马晓燕', '周文', '孙涛'], '研究依法行政有关事项，审议行政规范性文件');
    }
    duty(ids.nzs, '高建军', 'deploy', `${y}-01-${String(18 + Math.floor(r() * 8)).padStart(2, '0')}`, `主持研究将法治建设纳入党委${y}年工作要点和年度工作计划`);
    duty(ids.nzs, '高建军', 'meeting', topic?.held_on ?? `${y}-02-25`, '主持召开法治建设工作专题会议，部署年度法治建设任务', topic?.id ?? null);
    duty(ids.nzs, '王志宏', 'supervise', `${y}-06-${String(20 + Math.floor(r() * 8)).padStart(2, '0')}`, '督办行政许可事项清单编制、公平竞争审查等重点任务进度');
    duty(ids.nzs, '高建军', 'instruction', `${y}-09-${String(10 + Math.floor(r() * 10)).padStart(2, '0')}`, '批示：各站办所要对照工作要点查漏补缺，确保年底前全面完成');
    duty(ids.nzs, '高建军', 'supervise', `${y}-11-${String(10 + Math.floor(r() * 10)).padStart(2, '0')}`, '重要任务亲自督办：执法人员培训、法律明白人培养');
    // 述法 on the year before, at the county's January meeting
    duty(ids.nzs, '高建军', 'report_law', `${y}-01-${String(10 + Math.floor(r() * 10)).padStart(2, '0')}`, `在县委全面依法治县委员会会议上述法，报告${y - 1}年度履行推进法治建设第一责任人职责情况`);
    duty(ids.nzs, '王志宏', 'report_law', `${y}-01-${String(10 + Math.floor(r() * 10)).padStart(2, '0')}`, `在乡人民代表大会上报告${y - 1}年度法治政府建设情况`);
  }

  // ——— 白杨镇 (smaller) ———
  for (const y of years) {
    const g = leadingGroup(
      ids.nb,
      '白杨镇',
      y,
      [
        ['韩国栋', 'head'],
        ['曹丽', 'head'],
        ['邓建华', 'deputy_head'],
        ['孙磊', 'office_director'],
        ['田野', 'member'],
        ['蒋波', 'member'],
      ],
      [],
    );
    const p = plan(ids.nb, y, `白杨镇${y}年度法治建设工作要点`, countyPlanOf(y), null);
    addTasks(p, addSections(p, NB_SECTIONS), NB_TASKS, ids.nbDepartments, countyByYear.get(y) ?? null, ids.users.nb_sfs);
    for (const [q, month] of [
      [1, '03'],
      [2, '06'],
      [4, '12'],
    ] as const) {
      meeting(ids.nb, 'leading_group', g.id, `${y}-${month}-20`, `${y}年第${q}季度法治建设领导小组会议`, '韩国栋', ['韩国栋', '曹丽', '邓建华', '孙磊', '田野', '蒋波'], '听取法治建设工作汇报');
    }
    duty(ids.nb, '韩国栋', 'report_law', `${y}-01-15`, `述法：${y - 1}年度履行推进法治建设第一责任人职责情况`);
  }

  // county items' own progress: the county office reports its part quarterly
  for (const t of tasks.filter((x) => x.org_id === ids.county)) simulate(t, Number(t.due_date?.slice(0, 4) ?? plans.find((p) => p.id === t.plan_id)?.year), false, ids.users.county);

  // ——— write, parents before children ———
  const batch = async <T>(table: string, rows: T[]) => {
    for (let i = 0; i < rows.length; i += 200) {
      // biome-ignore lint/suspicious/noExplicitAny: one batch writer for the nine tables
      await (db as any)
        .insertInto(table)
        .values(rows.slice(i, i + 200))
        .execute();
    }
  };
  await batch('planning_groups', groups.filter((g) => g.parent_group_id === null));
  await batch('planning_groups', groups.filter((g) => g.parent_group_id !== null));
  await batch('planning_group_members', members);
  await batch('planning_plans', plans.filter((p) => !p.copied_from_plan_id && !p.parent_plan_id));
  for (const y of years) await batch('planning_plans', plans.filter((p) => (p.copied_from_plan_id || p.parent_plan_id) && p.year === y));
  await batch('planning_sections', sections);
  await batch('planning_meetings', meetings);
  await batch('planning_decisions', decisions);
  await batch('planning_tasks', tasks.filter((t) => !t.parent_task_id));
  await batch('planning_tasks', tasks.filter((t) => t.parent_task_id));
  await batch('planning_progress', progress);
  await batch('planning_duties', duties);
}
