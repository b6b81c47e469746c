import { uuidv7 } from '../../../common/ids.ts';
import type { AttendanceStatus, PlanKind, SessionKind } from '../../../common/study-enums.ts';
import type { Ctx } from '../../platform/context.ts';
import { addDaysIso, nowIso, todayShanghai } from '../../platform/time.ts';
import type { BaseIds } from '../../seed/base.ts';
import { seededRandom, insertBatched } from '../../seed/seed-kit.ts';

/**
 * Demo study records, 2023 to today, mirroring 娘子神乡's report (§一(二) "注重理论学习"):
 * - the 党委理论学习中心组 studies the documents the report names (习近平法治思想, 党的二十大关于
 *   全面依法治国的论述, 《中央党内法规制定工作规划纲要（2023—2027年）》, 《中国共产党章程》 …) with the
 *   leadership members hosting in turn ("由班子成员轮流主持"); in 2023 the rotation had not yet
 *   reached two of them, so the "never hosted" finding has something real to show;
 * - 会前学法 before each 党委会 (hosted by the 党委书记) and 常务会 (by the 乡长);
 * - 执法人员培训 visibly short in 2023 — the report's first weakness, "部分工作人员缺乏专业的法律知识
 *   培训" — then improving (still short of 40 h in 2024, met in 2025) with a 学法考试 from 2024;
 * - 法律明白人培训 (a headcount; the registry's own training records are the mediation seed's) and
 *   法治讲座 on 4·15, in 民法典宣传月 and in 宪法宣传周;
 * - one planned session ahead of today, so "the next study session and its host" has an answer.
 * 白杨镇 gets a lighter record. Deterministic (seeded PRNG), ids aside; demo.ts audits the seed.
 */

// The catalogue below is exported for the benchmark generator (bench/generate-study.ts), which grows it to a whole county.
export const CENTER_GROUP_TOPICS: [string, string[]][] = [
  ['深入学习习近平法治思想', ['习近平法治思想']],
  ['学习党的二十大关于全面依法治国的论述', ['党的二十大关于全面依法治国的论述']],
  ['学习《中央党内法规制定工作规划纲要（2023—2027年）》', ['中央党内法规制定工作规划纲要（2023—2027年）']],
  ['学习《中国共产党章程》', ['中国共产党章程']],
  ['学习习近平关于依法治党的重要论述', ['习近平关于依法治党的重要论述']],
  ['学习宪法，增强宪法意识', ['中华人民共和国宪法']],
  ['依法行政专题：行政许可事项清单与“放管服”', ['中华人民共和国行政许可法', '优化营商环境条例']],
  ['学习《重大行政决策程序暂行条例》', ['重大行政决策程序暂行条例']],
  ['学习公平竞争审查制度', ['公平竞争审查条例']],
  ['学习《信访工作条例》', ['信访工作条例']],
];
export const SPECIAL_TOPICS: [string, string[]][] = [
  ['民法典专题学法', ['中华人民共和国民法典']],
  ['行政执法“三项制度”专题学法', ['中华人民共和国行政处罚法']],
  ['人民调解与矛盾纠纷源头化解专题学法', ['中华人民共和国人民调解法']],
  ['国家安全专题学法', ['中华人民共和国国家安全法']],
];
export const PRE_MEETING_LAWS = [
  '中华人民共和国安全生产法',
  '中华人民共和国土地管理法',
  '中华人民共和国农村土地承包法',
  '中华人民共和国未成年人保护法',
  '中华人民共和国反电信网络诈骗法',
  '中华人民共和国禁毒法',
  '中华人民共和国数据安全法',
  '中华人民共和国个人信息保护法',
  '中华人民共和国政府信息公开条例',
  '中华人民共和国村民委员会组织法',
  '中华人民共和国法律援助法',
  '中华人民共和国森林法',
];
export const OFFICER_TOPICS: [string, string[]][] = [
  ['行政处罚法及执法程序培训', ['中华人民共和国行政处罚法']],
  ['行政强制法培训', ['中华人民共和国行政强制法']],
  ['执法文书制作与全过程记录培训', ['中华人民共和国行政处罚法']],
  ['行政复议法与行政诉讼法培训', ['中华人民共和国行政复议法', '中华人民共和国行政诉讼法']],
  ['安全生产执法实务培训', ['中华人民共和国安全生产法']],
  ['土地管理执法实务培训', ['中华人民共和国土地管理法']],
  ['重大执法决定法制审核培训', ['中华人民共和国行政处罚法']],
];

interface Row {
  id: string;
  org_id: string;
  kind: SessionKind;
  held_on: string;
  hours: number;
  topic: string;
  host_staff_id: string | null;
  speaker: string | null;
  place: string | null;
  notes: string | null;
  plan_item_id: string | null;
  headcount: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export async function seedStudyDemo(ctx: Ctx, ids: BaseIds, opts: { today?: string } = {}): Promise<void> {
  const today = opts.today ?? todayShanghai();
  const db = ctx.db;
  const rnd = seededRandom(20230101);
  const at = nowIso();
  const sid = (n: string) => ids.staff[n];
  const sfsUser = ids.users.nzs_sfs ?? null;

  const plans: object[] = [];
  const items: { id: string; plan_id: string; org_id: string; title: string; month: string | null; notes: string | null; sort: number }[] = [];
  const sessions: Row[] = [];
  const laws: object[] = [];
  const attendance: object[] = [];
  const tests: object[] = [];
  const scores: object[] = [];

  const session = (org: string, kind: SessionKind, held: string, hours: number, topic: string, lawList: string[], extra: Partial<Row> = {}): Row => {
    const r: Row = { id: uuidv7(), org_id: org, kind, held_on: held, hours, topic, host_staff_id: null, speaker: null, place: '乡政府会议室', notes: null, plan_item_id: null, headcount: 0, created_by: sfsUser, created_at: at, updated_at: at, ...extra };
    sessions.push(r);
    for (const [sort, law] of lawList.entries()) laws.push({ id: uuidv7(), session_id: r.id, org_id: org, law, sort });
    return r;
  };
  const attend = (r: Row, people: string[], leaveRate = 0.08) => {
    if (r.held_on > today) return;
    for (const n of people) {
      const roll = rnd();
      const status: AttendanceStatus = n === staffName(r.host_staff_id) ? 'present' : roll < leaveRate ? 'leave' : roll < leaveRate + 0.02 ? 'absent' : 'present';
      attendance.push({ id: uuidv7(), session_id: r.id, org_id: r.org_id, staff_id: sid(n), status });
    }
  };
  const byId = new Map(Object.entries(ids.staff).map(([n, id]) => [id, n]));
  const staffName = (id: string | null) => (id ? byId.get(id) : undefined);
  const plan = (org: string, year: number, kind: PlanKind, title: string, list: [string, string | null][]) => {
    const id = uuidv7();
    plans.push({ id, org_id: org, year, kind, title, notes: null, created_by: sfsUser, created_at: at, updated_at: at });
    return list.map(([t, month], sort) => {
      const it = { id: uuidv7(), plan_id: id, org_id: org, title: t, month, notes: null, sort };
      items.push(it);
      return it;
    });
  };
  const test = (r: Row, people: string[], base: number) => {
    if (r.held_on > today) return;
    const tid = uuidv7();
    tests.push({ id: tid, session_id: r.id, org_id: r.org_id, title: `${r.topic}测试`, pass_mark: 60, total: 100, created_at: at, updated_at: at });
    const present = new Set(attendance.filter((a) => (a as { session_id: string }).session_id === r.id && (a as { status: string }).status === 'present').map((a) => (a as { staff_id: string }).staff_id));
    for (const n of people) {
      if (!present.has(sid(n))) continue;
      scores.push({ id: uuidv7(), test_id: tid, session_id: r.id, org_id: r.org_id, staff_id: sid(n), score: Math.min(100, Math.round((base + rnd() * 30) * 10) / 10) });
    }
  };

  // ——— 娘子神乡 ———
  const nzs = ids.nzs;
  const LEADERS = ['高建军', '王志宏', '刘海涛', '张秀英', '李卫东', '马晓燕', '杨帆', '郝文博', '白雪'];
  const CADRES = ['李静', '陈敏', '周文', '吴婷', '孙涛'];
  const OFFICERS = ['赵刚', '霍俊', '冯磊'];
  const lastYear = Number(today.slice(0, 4));
  let turn = 0;
  let topicTurn = 0;
  for (let year = 2023; year <= lastYear; year++) {
    const cgItems = plan(nzs, year, 'center_group', `娘子神乡党委理论学习中心组${year}年学习计划`, [
      ...CENTER_GROUP_TOPICS.slice(0, 6).map(([, l], i): [string, string | null] => [l[0], `${year}-${String(Math.min(12, 2 + i * 2)).padStart(2, '0')}`]),
    ]);
    const preItems = plan(nzs, year, 'pre_meeting', `娘子神乡${year}年会前学法计划`, PRE_MEETING_LAWS.map((l, i): [string, string | null] => [l, `${year}-${String(i + 1).padStart(2, '0')}`]));
    const pufaItems = plan(nzs, year, 'staff_pufa', `娘子神乡${year}年干部职工“八五”普法学习计划`, [
      ['中华人民共和国宪法', `${year}-12`],
      ['中华人民共和国民法典', `${year}-05`],
      ['中华人民共和国国家安全法', `${year}-04`],
      ['中华人民共和国禁毒法', `${year}-06`],
    ]);

    // 中心组学习: the host rotates through the leadership in roster order; 2023 starts late (five sessions,
    // with the two 专题学法 seven turns: 郝文博 and 白雪 have not hosted by the year's end).
    const cgMonths = year === 2023 ? [4, 6, 9, 10, 12] : [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12];
    for (const m of cgMonths) {
      const [topic, l] = CENTER_GROUP_TOPICS[topicTurn++ % CENTER_GROUP_TOPICS.length];
      const itemIdx = cgItems.findIndex((it) => it.title === l[0]);
      const host = LEADERS[turn++ % LEADERS.length];
      const r = session(nzs, 'center_group', `${year}-${String(m).padStart(2, '0')}-${String(8 + Math.floor(rnd() * 15)).padStart(2, '0')}`, 3, topic, l, {
        host_staff_id: sid(host),
        plan_item_id: itemIdx >= 0 ? cgItems[itemIdx].id : null,
        notes: '中心组成员逐一交流发言，形成学习记录。',
      });
      attend(r, LEADERS);
    }
    // 专题学法 (also rotating), leaders and cadres together.
    const specials = year === 2023 ? [5, 11] : [4, 8, 11];
    specials.forEach((m, i) => {
      const [topic, l] = SPECIAL_TOPICS[(i + year) % SPECIAL_TOPICS.length];
      const host = LEADERS[turn++ % LEADERS.length];
      const r = session(nzs, 'special', `${year}-${String(m).padStart(2, '0')}-${String(12 + Math.floor(rnd() * 10)).padStart(2, '0')}`, 2, topic, l, {
        host_staff_id: sid(host),
        speaker: '县司法局法律顾问',
      });
      attend(r, [...LEADERS, ...CADRES]);
    });
    // 会前学法 before the monthly 党委会 (党委书记 hosts) and 常务会 (乡长 hosts).
    for (let m = 1; m <= 12; m++) {
      const law = PRE_MEETING_LAWS[(m - 1) % PRE_MEETING_LAWS.length];
      const party = session(nzs, 'pre_meeting', `${year}-${String(m).padStart(2, '0')}-05`, 0.5, `党委会会前学法：${law.replace('中华人民共和国', '')}`, [law], { host_staff_id: sid('高建军'), plan_item_id: preItems[m - 1].id });
      attend(party, LEADERS, 0.1);
      const exec = session(nzs, 'pre_meeting', `${year}-${String(m).padStart(2, '0')}-20`, 0.5, `乡政府常务会会前学法：${law.replace('中华人民共和国', '')}`, [law], {
        host_staff_id: sid('王志宏'),
      });
      attend(exec, ['王志宏', '李卫东', '马晓燕', '周文', '孙涛'], 0.1);
    }
    // 执法人员培训: one short session in 2023 (the weakness), more and longer after.
    const officerPlan: [number, number][] = year === 2023 ? [[9, 3]] : year === 2024 ? [[3, 6], [5, 6], [7, 6], [9, 6], [11, 6]] : [[2, 6], [3, 6], [5, 6], [6, 6], [8, 6], [10, 6], [11, 6]];
    officerPlan.forEach(([m, h], i) => {
      const [topic, l] = OFFICER_TOPICS[i % OFFICER_TOPICS.length];
      const r = session(nzs, 'officer_training', `${year}-${String(m).padStart(2, '0')}-${String(14 + i).padStart(2, '0')}`, h, topic, l, { speaker: '县综合行政执法局', place: '县行政执法培训中心' });
      attend(r, [...OFFICERS, '陈敏'], 0.05);
      if (year >= 2024 && i % 2 === 0) test(r, [...OFFICERS, '陈敏'], 52);
    });
    // 法律明白人培训 (headcount) and 法治讲座 on the key dates.
    for (const [m, d] of [
      [3, 18],
      [9, 22],
    ]) {
      const r = session(nzs, 'understander_training', `${year}-${String(m).padStart(2, '0')}-${d}`, 3, '法律明白人培训：人民调解实务与民法典', ['中华人民共和国人民调解法', '中华人民共和国民法典'], {
        speaker: '李静（司法所所长）',
        headcount: 24 + Math.floor(rnd() * 18),
        place: '乡综治中心',
      });
      attend(r, ['李静', '孙涛']);
    }
    const lectures: [string, string, string[]][] = [
      [`${year}-04-15`, '全民国家安全教育日法治讲座', ['中华人民共和国国家安全法']],
      [`${year}-05-${String(20 + Math.floor(rnd() * 8)).padStart(2, '0')}`, '民法典宣传月法治讲座', ['中华人民共和国民法典']],
      [`${year}-12-04`, '国家宪法日法治讲座', ['中华人民共和国宪法']],
    ];
    for (const [d, topic, l] of lectures) {
      const item = pufaItems.find((it) => it.title === l[0]);
      const r = session(nzs, 'lecture', d, 2, topic, l, { plan_item_id: item?.id ?? null, speaker: '县司法局普法讲师团', headcount: 60 + Math.floor(rnd() * 80), place: '娘子神乡主要街道' });
      attend(r, CADRES, 0.15);
    }
  }
  // One planned session ahead of today: "the next study session and who hosts it".
  const next = addDaysIso(today, 7);
  session(nzs, 'center_group', next, 3, '学习习近平法治思想（计划）', ['习近平法治思想'], { host_staff_id: sid(LEADERS[turn++ % LEADERS.length]) });

  // ——— 白杨镇 (the neighbour): a lighter record ———
  const nb = ids.nb;
  const NB_LEADERS = ['韩国栋', '曹丽', '邓建华'];
  for (let year = 2023; year <= lastYear; year++) {
    [3, 6, 9, 12].forEach((m, i) => {
      const [topic, l] = CENTER_GROUP_TOPICS[i];
      const r = session(nb, 'center_group', `${year}-${String(m).padStart(2, '0')}-16`, 2.5, topic, l, { host_staff_id: sid(NB_LEADERS[i % 3]), place: '镇政府会议室' });
      attend(r, NB_LEADERS);
    });
    const r = session(nb, 'officer_training', `${year}-06-12`, 8, '行政处罚法培训', ['中华人民共和国行政处罚法'], { speaker: '县综合行政执法局' });
    attend(r, ['蒋波', '许亮', '罗娜', '谢晨']);
  }

  const past = sessions.filter((s) => s.held_on <= today || s.held_on === next);
  const keep = new Set(past.map((s) => s.id));
  await insertBatched(db, 'study_plans', plans);
  await insertBatched(db, 'study_plan_items', items);
  await insertBatched(db, 'study_sessions', past);
  await insertBatched(
    db,
    'study_session_laws',
    laws.filter((l) => keep.has((l as { session_id: string }).session_id)),
  );
  await insertBatched(db, 'study_attendance', attendance);
  await insertBatched(db, 'study_tests', tests);
  await insertBatched(db, 'study_scores', scores);
}
