/**
 * The bench county's 学法培训 records (study module), for bench/generate.ts, on the rosters of
 * bench/generate-planning.ts: for every township and each of the last three years the three study plans
 * (中心组学习计划, 会前学法计划, 干部职工普法学习计划), 中心组学习 with the leaders hosting in turn, 专题学法,
 * 会前学法 before the 党委会 and 常务会, 执法人员培训 (with a 学法考试 on some), 法律明白人培训 (a
 * headcount) and 法治讲座, with attendance (出席 / 请假 / 缺席) of the roster; one planned session ahead
 * of today per township; the county's hour requirements per category and year.
 *
 * Topics and laws are the study demo seed's (server/modules/study/study.seed.ts CENTER_GROUP_TOPICS…).
 * Its writer is one function over the demo's two townships and named people with non-deterministic ids,
 * so the rows are built here in the same shapes with the generator's seeded Rng.
 */
import type { AttendanceStatus, PlanKind, SessionKind } from '../common/study-enums.ts';
import { CENTER_GROUP_TOPICS, OFFICER_TOPICS, PRE_MEETING_LAWS, SPECIAL_TOPICS } from '../server/modules/study/study.seed.ts';
import { addDaysIso } from '../server/platform/time.ts';
import type { Chunk, PlanningInput, Roster, Row, StaffEntry } from './generate-planning.ts';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (d: string, h = 2) => `${d}T${String(h).padStart(2, '0')}:00:00.000Z`;
const pad = (n: number) => String(n).padStart(2, '0');

export function generateStudy(inp: PlanningInput, rosters: Map<string, Roster>): Chunk {
  const { rng, today, at, years } = inp;
  const plans: Row[] = [];
  const items: Row[] = [];
  const sessions: Row[] = [];
  const laws: Row[] = [];
  const attendance: Row[] = [];
  const tests: Row[] = [];
  const scores: Row[] = [];
  const requirements: Row[] = [];
  const id = (date: string) => rng.uuidv7(day(date) + rng.int(0, 86_399_999));

  for (const y of years) {
    // the county sets the yearly hours (the module's local defaults, study-enums)
    for (const [category, h] of [
      ['leader', 16],
      ['cadre', 12],
      ['officer', 40],
    ] as const)
      requirements.push({ id: id(`${y}-01-05`), org_id: inp.county.id, year: y, category, min_hours: h, updated_by: inp.county.userId, updated_at: iso(`${y}-01-05`) });
  }

  for (const t of inp.townships) {
    const r = rosters.get(t.id)!;
    const L = r.leaders;
    const cadres = r.cadres;
    const officers = [...r.officers, r.post('法制审核员')];
    const sfs = r.post('司法所所长');
    const author = t.users.sfs;
    const diligence = 0.7 + rng.float() * 0.3;
    const place = `${t.name}政府会议室`;
    let turn = rng.int(0, L.length - 1);

    const plan = (year: number, kind: PlanKind, title: string, list: [string, string | null][]) => {
      const pid = id(`${year}-01-15`);
      plans.push({ id: pid, org_id: t.id, year, kind, title, notes: null, created_by: author, created_at: iso(`${year}-01-15`), updated_at: at });
      return list.map(([law, month], sort) => {
        const it = { id: id(`${year}-01-15`), plan_id: pid, org_id: t.id, title: law, month, notes: null, sort };
        items.push(it);
        return it;
      });
    };
    const session = (kind: SessionKind, held: string, hours: number, topic: string, lawList: string[], extra: Partial<Record<string, string | number | null>> = {}) => {
      const s: Row = { id: id(held), org_id: t.id, kind, held_on: held, hours, topic, host_staff_id: null, speaker: null, place, notes: null, plan_item_id: null, headcount: 0, created_by: author, created_at: iso(held, 8), updated_at: at, ...extra };
      sessions.push(s);
      for (const [sort, law] of lawList.entries()) laws.push({ id: id(held), session_id: s.id, org_id: t.id, law, sort });
      return s;
    };
    /** Attendance recorded on the day (never ahead of it); the host is always there. */
    const attend = (s: Row, people: StaffEntry[], leaveRate = 0.08) => {
      if ((s.held_on as string) > today) return [];
      const present: StaffEntry[] = [];
      for (const p of people) {
        const roll = rng.float();
        const status: AttendanceStatus = p.id === s.host_staff_id ? 'present' : roll < leaveRate ? 'leave' : roll < leaveRate + 0.02 * (2 - diligence) ? 'absent' : 'present';
        attendance.push({ id: id(s.held_on as string), session_id: s.id, org_id: t.id, staff_id: p.id, status });
        if (status === 'present') present.push(p);
      }
      return present;
    };

    for (const y of years) {
      const last = y === years[years.length - 1];
      const cgItems = plan(
        y,
        'center_group',
        `${t.name}党委理论学习中心组${y}年学习计划`,
        CENTER_GROUP_TOPICS.slice(0, 6).map(([, l], i): [string, string | null] => [l[0], `${y}-${pad(Math.min(12, 2 + i * 2))}`]),
      );
      const preItems = plan(
        y,
        'pre_meeting',
        `${t.name}${y}年会前学法计划`,
        PRE_MEETING_LAWS.map((l, i): [string, string | null] => [l, `${y}-${pad(i + 1)}`]),
      );
      const pufaItems = plan(y, 'staff_pufa', `${t.name}${y}年干部职工“八五”普法学习计划`, [
        ['中华人民共和国宪法', `${y}-12`],
        ['中华人民共和国民法典', `${y}-05`],
        ['中华人民共和国国家安全法', `${y}-04`],
        ['中华人民共和国禁毒法', `${y}-06`],
      ]);
      const held = (m: number, from: number, to: number) => `${y}-${pad(m)}-${pad(rng.int(from, to))}`;

      // 中心组学习, the leaders hosting in turn (some townships miss months)
      for (let m = 1; m <= 12; m++) {
        if (m === 8 || rng.chance(0.25 * (2 - diligence))) continue;
        const [topic, l] = rng.pick(CENTER_GROUP_TOPICS);
        const item = cgItems.find((it) => it.title === l[0]);
        const s = session('center_group', held(m, 8, 24), 3, topic, l, { host_staff_id: L[turn++ % L.length].id, plan_item_id: item?.id ?? null, notes: '中心组成员逐一交流发言，形成学习记录。' });
        attend(s, L);
      }
      // 专题学法, leaders and cadres together
      for (const m of [4, 8, 11].slice(0, rng.int(2, 3))) {
        const [topic, l] = rng.pick(SPECIAL_TOPICS);
        const s = session('special', held(m, 10, 24), 2, topic, l, { host_staff_id: L[turn++ % L.length].id, speaker: '县司法局法律顾问' });
        attend(s, [...L, ...cadres]);
      }
      // 会前学法 before the monthly 党委会 (党委书记) and 常务会 (乡镇长)
      for (let m = 1; m <= 12; m++) {
        const law = PRE_MEETING_LAWS[(m - 1) % PRE_MEETING_LAWS.length];
        const short = law.replace('中华人民共和国', '');
        if (rng.chance(0.92)) attend(session('pre_meeting', held(m, 3, 8), 0.5, `党委会会前学法：${short}`, [law], { host_staff_id: L[0].id, plan_item_id: preItems[m - 1].id }), L, 0.1);
        if (rng.chance(0.8)) attend(session('pre_meeting', held(m, 15, 25), 0.5, `政府常务会会前学法：${short}`, [law], { host_staff_id: L[1].id }), [L[1], L[4], L[5], r.post('党政办主任'), r.post('社会事务办主任')], 0.1);
      }
      // 执法人员培训: few in the first year (the report's weakness), more after; a test on every other
      const n = y === years[0] ? rng.int(1, 3) : rng.int(3, 7);
      for (let i = 0; i < n; i++) {
        const [topic, l] = OFFICER_TOPICS[i % OFFICER_TOPICS.length];
        const s = session('officer_training', held(2 + Math.floor((i * 10) / n), 10, 26), 6, topic, l, { speaker: '县综合行政执法局', place: '县行政执法培训中心' });
        const present = attend(s, officers, 0.05);
        if (y !== years[0] && i % 2 === 0 && present.length) {
          const tid = id(s.held_on as string);
          tests.push({ id: tid, session_id: s.id, org_id: t.id, title: `${topic}测试`, pass_mark: 60, total: 100, created_at: iso(s.held_on as string, 9), updated_at: at });
          for (const p of present) scores.push({ id: id(s.held_on as string), test_id: tid, session_id: s.id, org_id: t.id, staff_id: p.id, score: Math.min(100, Math.round((50 + rng.float() * 45) * 10) / 10) });
        }
      }
      // 法律明白人培训 (a headcount of people outside the roster) and 法治讲座 on the key dates
      for (const m of [3, 9]) {
        const s = session('understander_training', held(m, 12, 26), 3, '法律明白人培训：人民调解实务与民法典', ['中华人民共和国人民调解法', '中华人民共和国民法典'], {
          speaker: `${sfs.name}（司法所所长）`,
          headcount: rng.int(18, 45),
          place: `${t.name}综治中心`,
        });
        attend(s, [sfs, r.post('社会事务办主任')]);
      }
      for (const [d, topic, l] of [
        [`${y}-04-15`, '全民国家安全教育日法治讲座', ['中华人民共和国国家安全法']],
        [held(5, 18, 28), '民法典宣传月法治讲座', ['中华人民共和国民法典']],
        [`${y}-12-04`, '国家宪法日法治讲座', ['中华人民共和国宪法']],
      ] as [string, string, string[]][]) {
        const item = pufaItems.find((it) => it.title === l[0]);
        attend(session('lecture', d, 2, topic, l, { plan_item_id: item?.id ?? null, speaker: '县司法局普法讲师团', headcount: rng.int(50, 150), place: `${t.name}主要街道` }), cadres, 0.15);
      }
      if (last) {
        // the next study session and who hosts it (the leader's page shows it)
        session('center_group', addDaysIso(today, rng.int(3, 20)), 3, '学习习近平法治思想（计划）', ['习近平法治思想'], { host_staff_id: L[turn++ % L.length].id });
      }
    }
  }
  // sessions after today are only the planned ones (a real record has nothing else ahead)
  const kept = sessions.filter((s) => (s.held_on as string) <= today || s.topic === '学习习近平法治思想（计划）');
  const keep = new Set(kept.map((s) => s.id));
  return [
    ['study_requirements', requirements],
    ['study_plans', plans],
    ['study_plan_items', items],
    ['study_sessions', kept],
    ['study_session_laws', laws.filter((l) => keep.has(l.session_id))],
    ['study_attendance', attendance],
    ['study_tests', tests],
    ['study_scores', scores],
  ];
}
