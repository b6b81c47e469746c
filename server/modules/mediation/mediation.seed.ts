import { idCardCheckChar } from '../../../common/identity.ts';
import { FOLLOW_UP_DAYS_DEFAULT } from '../../../common/mediation-enums.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { ActivityKind, MediatorTitle, UnderstanderCategory } from '../../../common/schemas/mediation-admin.ts';
import type { Ctx } from '../../platform/context.ts';
import { addDaysIso, nowIso, todayShanghai } from '../../platform/time.ts';
import { type BaseIds, NB_VILLAGES, NZS_VILLAGES } from '../../seed/base.ts';
import { SEED_SOURCES, SEED_TYPES, type SeedType } from './seed-catalog.ts';
import { joinPartyNames } from './party-names.ts';
import { seededRandom, insertBatched } from '../../seed/seed-kit.ts';

/**
 * Demo mediation data for the demo county: committees and mediators, 法律明白人 with training and
 * activities, monthly screenings from 2023-01 and disputes from 2023-01-01 to today, with the mixes
 * of real township statistics (domain-facts §1.4, §4): 婚姻家庭 and 邻里 most common; most cases from
 * a party's application or screening; success around 90 %, not 100 %; a few open, high-risk,
 * overdue or referred cases, some villages short of 法律明白人 and a few missed screening months,
 * so that the findings have something real to show.
 *
 * Deterministic: one seeded PRNG (mulberry32), ids aside. Written straight into the tables in
 * the caller's transaction, in batches; demo.ts writes the one audit event for the whole seed.
 */

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, x) => s + x[1], 0);
    let r = this.next() * total;
    for (const [v, w] of xs) {
      r -= w;
      if (r < 0) return v;
    }
    return xs[xs.length - 1][0];
  }
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡杜程苏魏吕丁任姚卢姜崔谭陆范石贾夏付方白孟秦邱薛闫段雷侯史郝龚邵武常康贺严尚';
const MALE = [
  '建国', '建军', '国强', '志强', '文明', '德明', '长生', '满仓', '永刚', '海军', '红军', '金山', '宝林', '振华', '立新', '庆丰', '福来', '玉成', '春生', '新民',
  '卫东', '志刚', '保平', '继承', '忠良', '天佑', '栓柱', '根生', '明亮', '军利', '小军', '晓东', '鹏飞', '亚飞', '少华', '永红', '治国', '怀仁', '世杰', '家兴',
];
const FEMALE = [
  '桂兰', '秀英', '玉兰', '桂芝', '秀兰', '凤英', '淑珍', '翠花', '春梅', '红梅', '丽娟', '小燕', '海燕', '亚娟', '彩霞', '秀芳', '兰英', '金凤', '玉梅', '素珍',
  '爱琴', '巧云', '玉霞', '改霞', '艳妮', '小芳', '丽萍', '文娟', '晓红', '雪梅',
];
const COMPANIES = ['鑫源建筑劳务有限公司', '宏达农业开发有限公司', '顺通运输有限公司', '绿野果品专业合作社', '安居房地产开发有限公司', '天和养殖场', '金穗粮油购销站', '兴旺砖厂'];

// Counties' area codes for the demo ID numbers (GB 11643, valid check character, fictional people).
const AREA = ['610426', '610428', '610429', '610430'];

interface PersonRow {
  id: string;
  org_id: string;
  name: string;
  gender: string | null;
  id_card_enc: string | null;
  id_card_bidx: string | null;
  phone_enc: string | null;
  phone_bidx: string | null;
  address_enc: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  while (`${y}-${String(m).padStart(2, '0')}` <= to) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function dateIn(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng.float() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}

const minDate = (a: string, b: string) => (a < b ? a : b);

export async function seedMediationDemo(ctx: Ctx, ids: BaseIds, opts: { today?: string } = {}): Promise<void> {
  const today = opts.today ?? todayShanghai();
  const rng = new Rng(20230101);
  const crypto = ctx.deps.crypto;
  const db = ctx.db;
  const at = nowIso();
  const people: PersonRow[] = [];
  const usedNames = new Set<string>();

  const name = (gender: '男' | '女'): string => {
    for (let i = 0; i < 20; i++) {
      const n = rng.pick([...SURNAMES]) + rng.pick(gender === '男' ? MALE : FEMALE);
      if (!usedNames.has(n) || i === 19) {
        usedNames.add(n);
        return n;
      }
    }
    return '无名';
  };
  const idCard = (gender: '男' | '女', born: number): string => {
    const birth = `${born}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
    const seq = `${rng.int(0, 9)}${rng.int(0, 9)}`;
    const sexDigit = gender === '男' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]);
    const first17 = `${rng.pick(AREA)}${birth}${seq}${sexDigit}`;
    return first17 + idCardCheckChar(first17);
  };
  const phone = () => `1${rng.pick(['35', '39', '52', '58', '87', '88', '36', '77', '99'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const person = (orgId: string, gender: '男' | '女', o: { withId?: boolean; withPhone?: boolean; born?: number } = {}) => {
    const n = name(gender);
    const card = o.withId ? idCard(gender, o.born ?? rng.int(1955, 1998)) : null;
    const tel = o.withPhone ? phone() : null;
    const row: PersonRow = {
      id: uuidv7(),
      org_id: orgId,
      name: n,
      gender,
      id_card_enc: card ? crypto.encrypt(card) : null,
      id_card_bidx: card ? crypto.blindIndex('id_card', card) : null,
      phone_enc: tel ? crypto.encrypt(tel) : null,
      phone_bidx: tel ? crypto.blindIndex('phone', tel) : null,
      address_enc: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    };
    people.push(row);
    return row;
  };

  const townships = [
    { id: ids.nzs, name: '娘子神乡', prefix: '娘调', villages: ids.nzsVillages, villageNames: NZS_VILLAGES, staff: ids.users.nzs_sfs, perYear: 58 },
    { id: ids.nb, name: '白杨镇', prefix: '白调', villages: ids.nbVillages, villageNames: NB_VILLAGES, staff: ids.users.nb_sfs, perYear: 46 },
  ];

  // ——— committees and mediators ———
  type Committee = { id: string; org_id: string; name: string; kind: string; case_prefix: string; active: number; created_at: string; updated_at: string };
  type Mediator = {
    id: string;
    org_id: string;
    committee_id: string;
    user_id: string | null;
    person_id: string;
    title: MediatorTitle;
    is_legal_understander: number;
    active: number;
    created_at: string;
    updated_at: string;
  };
  const committees: Committee[] = [];
  const mediators: Mediator[] = [];
  const committeeOf = new Map<string, Committee>();
  const mediatorsOf = new Map<string, Mediator[]>();
  const addCommittee = (orgId: string, orgName: string, kind: string, prefix: string) => {
    const c = { id: uuidv7(), org_id: orgId, name: `${orgName}人民调解委员会`, kind, case_prefix: prefix, active: 1, created_at: at, updated_at: at };
    committees.push(c);
    committeeOf.set(orgId, c);
    const n = rng.int(3, 5);
    const list: Mediator[] = [];
    for (let i = 0; i < n; i++) {
      // 人民调解法 art. 9: at least one woman — the second member here, sometimes more.
      const gender: '男' | '女' = i === 1 || rng.chance(0.2) ? '女' : '男';
      const p = person(orgId, gender, { withPhone: true });
      const title: MediatorTitle = i === 0 ? 'chair' : i === 1 && rng.chance(0.6) ? 'vice_chair' : rng.chance(0.5) ? 'member' : 'mediator';
      const m = { id: uuidv7(), org_id: orgId, committee_id: c.id, user_id: null, person_id: p.id, title, is_legal_understander: rng.chance(0.3) ? 1 : 0, active: 1, created_at: at, updated_at: at };
      list.push(m);
      mediators.push(m);
    }
    mediatorsOf.set(c.id, list);
    return c;
  };
  for (const t of townships) {
    addCommittee(t.id, t.name, 'township', t.prefix);
    t.villages.forEach((v, i) => {
      addCommittee(v, t.villageNames[i], 'village', `${t.villageNames[i]}调`);
    });
  }
  // The demo mediator account 张桂兰 is a member of the 娘子神村 committee: her assigned cases are hers to read.
  {
    const c = committeeOf.get(ids.nzsVillages[0])!;
    const p = person(ids.nzsVillages[0], '女', { withPhone: true });
    p.name = '张桂兰';
    const m = { id: uuidv7(), org_id: c.org_id, committee_id: c.id, user_id: ids.users.nzs_mediator, person_id: p.id, title: 'mediator' as const, is_legal_understander: 1, active: 1, created_at: at, updated_at: at };
    mediators.push(m);
    mediatorsOf.get(c.id)!.push(m);
  }

  // ——— 法律明白人 ———
  const understanders: { id: string; org_id: string; person_id: string; category: UnderstanderCategory; appointed_on: string; active: number; created_at: string; updated_at: string }[] = [];
  const activities: {
    id: string;
    understander_id: string;
    org_id: string;
    kind: ActivityKind;
    held_on: string;
    hours: number;
    summary: string;
    created_by: string | null;
    created_at: string;
  }[] = [];
  const categories: (readonly [UnderstanderCategory, number])[] = [
    ['village_cadre', 5],
    ['grid_worker', 4],
    ['mediator', 3],
    ['party_member', 3],
    ['five_elders', 2],
    ['women_federation', 2],
    ['group_leader', 2],
    ['child_director', 1],
    ['auxiliary_police', 1],
    ['other', 1],
  ];
  const trainings = ['县司法局法律明白人示范培训', '民法典专题培训', '乡司法所季度业务培训', '人民调解实务培训', '反电信网络诈骗专题培训', '土地承包法律知识培训'];
  const deeds: Record<Exclude<ActivityKind, 'training'>, string[]> = {
    publicity: ['入户宣传民法典', '宪法宣传周院坝宣讲', '6·26禁毒宣传', '在村微信群转发普法信息', '防范电信诈骗入户提醒'],
    guidance: ['引导村民申请法律援助', '陪同村民到公共法律服务工作站咨询', '协助村民联系村法律顾问'],
    mediation: ['参与化解邻里纠纷', '协助调解宅基地界址纠纷', '劝解家庭矛盾'],
    governance: ['参与修订村规民约', '列席村民代表会议', '参与村务监督'],
  };
  const yearsUpTo = (from: string) => {
    const out: number[] = [];
    for (let y = Number(from.slice(0, 4)); y <= Number(today.slice(0, 4)); y++) out.push(y);
    return out;
  };
  for (const t of townships) {
    t.villages.forEach((v, vi) => {
      // 2–5 each: some villages fall short of the target of 3 — a visible finding.
      const n = [2, 4, 3, 5, 2, 3, 4, 3][(vi + (t.id === ids.nb ? 3 : 0)) % 8];
      for (let i = 0; i < n; i++) {
        const gender: '男' | '女' = rng.chance(0.4) ? '女' : '男';
        const p = person(v, gender, { withPhone: true, withId: true });
        const appointed = dateIn(rng, '2022-03-01', '2024-06-30');
        const u = { id: uuidv7(), org_id: v, person_id: p.id, category: rng.weighted(categories), appointed_on: appointed, active: 1, created_at: at, updated_at: at };
        understanders.push(u);
        for (const y of yearsUpTo(appointed)) {
          const yFrom = y === Number(appointed.slice(0, 4)) ? appointed : `${y}-01-01`;
          const yTo = minDate(`${y}-12-31`, today);
          if (yFrom > yTo) continue;
          for (let k = rng.int(1, 3); k > 0; k--) {
            activities.push({ id: uuidv7(), understander_id: u.id, org_id: v, kind: 'training', held_on: dateIn(rng, yFrom, yTo), hours: rng.pick([2, 3, 3, 4, 6]), summary: rng.pick(trainings), created_by: t.staff, created_at: at });
          }
          for (let k = rng.int(2, 6); k > 0; k--) {
            const kind = rng.weighted([
              ['publicity', 5],
              ['mediation', 3],
              ['guidance', 2],
              ['governance', 2],
            ] as const);
            activities.push({ id: uuidv7(), understander_id: u.id, org_id: v, kind, held_on: dateIn(rng, yFrom, yTo), hours: rng.pick([1, 1.5, 2, 3]), summary: rng.pick(deeds[kind]), created_by: t.staff, created_at: at });
          }
        }
      }
    });
  }
  // One understander replaced: removed from the roster (名册动态调整).
  if (understanders.length > 5) understanders[5].active = 0;

  // ——— screenings ———
  const currentMonth = today.slice(0, 7);
  const screenings: {
    id: string;
    org_id: string;
    period: string;
    found: number;
    resolved: number;
    escalated: number;
    zero_report: number;
    notes: string | null;
    reported_by: string | null;
    created_at: string;
    updated_at: string;
  }[] = [];
  for (const t of townships) {
    t.villages.forEach((v, vi) => {
      for (const period of monthRange('2023-01', currentMonth)) {
        // Most villages report every month; a couple are careless now and then; the current month is still coming in.
        const sloppy = vi === 6 || (t.id === ids.nb && vi === 3);
        const pMiss = period === currentMonth ? 0.5 : sloppy ? 0.15 : 0.02;
        if (rng.chance(pMiss)) continue;
        const zero = rng.chance(0.45);
        const found = zero ? 0 : rng.weighted([
          [1, 5],
          [2, 3],
          [3, 2],
          [4, 1],
        ] as const);
        const escalated = found > 0 && rng.chance(0.12) ? 1 : 0;
        const resolved = Math.max(0, found - escalated - (rng.chance(0.15) ? 1 : 0));
        const reportedOn = period === currentMonth ? today : `${period}-${String(rng.int(24, 28))}`;
        screenings.push({
          id: uuidv7(),
          org_id: v,
          period,
          found,
          resolved,
          escalated,
          zero_report: zero ? 1 : 0,
          notes: zero ? null : rng.pick(['网格员走访排查', '村两委集中排查', '结合入户走访排查', '节前专项排查']),
          reported_by: v === ids.nzsVillages[1] ? ids.users.nzs_grid : t.staff,
          created_at: `${reportedOn}T02:00:00.000Z`,
          updated_at: `${reportedOn}T02:00:00.000Z`,
        });
      }
    });
  }

  // ——— disputes ———
  const disputes: Record<string, unknown>[] = [];
  const parties: Record<string, unknown>[] = [];
  const assignments: Record<string, unknown>[] = [];
  const sessions: Record<string, unknown>[] = [];
  const agreements: Record<string, unknown>[] = [];
  const confirmations: Record<string, unknown>[] = [];
  const followUps: Record<string, unknown>[] = [];
  const referrals: Record<string, unknown>[] = [];
  const seqOf = new Map<string, number>();
  const startYear = 2023;
  const endYear = Number(today.slice(0, 4));
  const typeWeights = SEED_TYPES.map((t) => [t, t.weight] as const);
  const sourceWeights = SEED_SOURCES.map((s) => [s.code, s.weight] as const);

  for (const t of townships) {
    const township = committeeOf.get(t.id)!;
    for (let year = startYear; year <= endYear; year++) {
      const yearEnd = minDate(`${year}-12-31`, today);
      const dayShare = (Date.parse(`${yearEnd}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000 / 365;
      const n = Math.round((t.perYear + rng.int(-8, 8)) * dayShare);
      const dates = Array.from({ length: n }, () => dateIn(rng, `${year}-01-01`, yearEnd)).sort();
      for (const received of dates) {
        const type: SeedType = rng.weighted(typeWeights);
        const vi = rng.int(0, t.villages.length - 1);
        const village = t.villages[vi];
        // Bigger or cross-village cases go to the township committee.
        const committee = rng.chance(type.township) ? township : committeeOf.get(village)!;
        const key = `${committee.id}|${year}`;
        const seq = (seqOf.get(key) ?? 0) + 1;
        seqOf.set(key, seq);
        const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${received}T00:00:00Z`)) / 86_400_000;
        const risk = rng.weighted([
          ['low', 74],
          ['medium', 21],
          ['high', 5],
        ] as const);
        // Recent cases are still being worked on; a few older ones drag on (long-open findings).
        // High-risk cases take longer (escalation, several rounds): some stay unresolved.
        const open = risk === 'high' ? (age < 20 ? rng.chance(0.85) : age < 120 ? rng.chance(0.45) : rng.chance(0.02)) : age < 20 ? rng.chance(0.7) : age < 45 ? rng.chance(0.25) : rng.chance(0.012);
        const closedOn = open ? null : minDate(addDaysIso(received, rng.weighted([
          [rng.int(0, 3), 4],
          [rng.int(4, 15), 5],
          [rng.int(16, 30), 3],
          [rng.int(31, 60), 1],
        ] as const)), today);
        const outcome = open ? null : rng.weighted([
          ['success', 90],
          ['failure', 6],
          ['terminated', 4],
        ] as const);
        const source = rng.weighted(sourceWeights);
        const amountYuan = rng.chance(type.amountChance) ? Math.round((type.amount[0] + rng.float() * (type.amount[1] - type.amount[0])) / 100) * 100 : 0;
        const peopleCount = rng.chance(type.groupChance) ? rng.int(8, 36) : rng.int(2, 5);
        const gA: '男' | '女' = rng.chance(type.femaleApplicant) ? '女' : '男';
        const a = person(village, gA, { withPhone: rng.chance(0.8), withId: rng.chance(0.7) });
        const orgParty = type.organisation && rng.chance(0.5) ? rng.pick(COMPANIES) : null;
        const b = orgParty ? null : person(village, rng.chance(0.35) ? '女' : '男', { withPhone: rng.chance(0.6), withId: rng.chance(0.5) });
        const other = orgParty ?? b!.name;
        const id = uuidv7(Date.parse(`${received}T01:00:00Z`) + seq);
        const nSessions = open ? (age < 3 || rng.chance(0.2) ? 0 : rng.int(1, 2)) : rng.int(1, 3);
        const staff = committee.kind === 'township' || rng.chance(0.5) ? t.staff : null;
        disputes.push({
          id,
          org_id: committee.org_id,
          committee_id: committee.id,
          case_no: `${committee.case_prefix}〔${year}〕${seq}号`,
          case_year: year,
          case_seq: seq,
          title: `${a.name}与${other}${type.label}纠纷`,
          source,
          type: type.code,
          summary: rng.pick(type.summaries).replaceAll('{a}', a.name).replaceAll('{b}', other),
          village_id: village,
          amount_fen: amountYuan * 100,
          people_count: peopleCount,
          risk_level: risk,
          // dispute-flow.ts: the first session starts mediation (registered → mediating)
          status: open ? (nSessions > 0 ? 'mediating' : 'registered') : 'closed',
          received_on: received,
          closed_on: closedOn,
          outcome,
          outcome_reason:
            outcome === 'failure'
              ? rng.pick(['双方分歧较大，经多次调解未能达成协议', '被申请人拒不接受调解方案', '赔偿金额差距过大'])
              : outcome === 'terminated'
                ? rng.pick(['申请人撤回调解申请', '一方明确拒绝继续调解（人民调解法第17条）', '当事人已向人民法院起诉'])
                : null,
          party_names: joinPartyNames([a.name, other]),
          created_by: staff,
          created_at: `${received}T01:30:00.000Z`,
          updated_at: `${closedOn ?? received}T08:00:00.000Z`,
          version: 1,
        });
        parties.push({ id: uuidv7(), dispute_id: id, org_id: committee.org_id, kind: 'person', person_id: a.id, organisation_name: null, organisation_code: null, role: 'applicant', sort: 0 });
        parties.push(
          orgParty
            ? { id: uuidv7(), dispute_id: id, org_id: committee.org_id, kind: 'organisation', person_id: null, organisation_name: orgParty, organisation_code: null, role: 'respondent', sort: 1 }
            : { id: uuidv7(), dispute_id: id, org_id: committee.org_id, kind: 'person', person_id: b!.id, organisation_name: null, organisation_code: null, role: 'respondent', sort: 1 },
        );
        const team = mediatorsOf.get(committee.id)!;
        const lead = committee.org_id === ids.nzsVillages[0] && rng.chance(0.5) ? team[team.length - 1] : rng.pick(team);
        assignments.push({ id: uuidv7(), dispute_id: id, org_id: committee.org_id, mediator_id: lead.id, user_id: lead.user_id, role: 'lead', created_at: `${received}T02:00:00.000Z` });
        const assist = team.find((m) => m.id !== lead.id && rng.chance(0.4));
        if (assist) assignments.push({ id: uuidv7(), dispute_id: id, org_id: committee.org_id, mediator_id: assist.id, user_id: assist.user_id, role: 'assist', created_at: `${received}T02:00:00.000Z` });
        const lastSession = closedOn ?? minDate(addDaysIso(received, rng.int(1, 10)), today);
        for (let s = 0; s < nSessions; s++) {
          sessions.push({
            id: uuidv7(),
            dispute_id: id,
            org_id: committee.org_id,
            held_on: s === nSessions - 1 ? lastSession : dateIn(rng, received, lastSession),
            place: rng.pick(['村委会调解室', '乡司法所调解室', '当事人家中', '田间地头现场']),
            notes: rng.pick(['听取双方陈述，释明相关法律规定', '实地查看现场，核实事实', '背靠背分别做工作，双方立场有所松动', '组织双方面对面协商，初步达成一致意见']),
            created_by: staff,
            created_at: `${lastSession}T07:00:00.000Z`,
          });
        }
        if (outcome === 'success' && closedOn) {
          const written = rng.chance(0.72);
          const deadline = addDaysIso(closedOn, rng.pick([0, 7, 15, 30, 60]));
          agreements.push({
            id: uuidv7(),
            dispute_id: id,
            org_id: committee.org_id,
            form: written ? 'written' : 'oral',
            facts: rng.pick(type.summaries).replaceAll('{a}', a.name).replaceAll('{b}', other),
            issues: `双方就${type.label}问题存在争议`,
            responsibilities: rng.pick(['双方均有一定责任', '被申请人负主要责任', '经调解双方互谅互让']),
            terms: amountYuan > 0 ? `${other}于${deadline}前一次性支付${a.name}人民币${amountYuan}元，双方就此事再无其他争议。` : `双方互相谅解，${other}当面赔礼道歉，今后和睦相处。`,
            performance_method: amountYuan > 0 ? rng.pick(['现金当面交付', '银行转账']) : '当场履行',
            performance_deadline: amountYuan > 0 ? deadline : null,
            effective_on: closedOn,
            created_by: staff,
            created_at: `${closedOn}T08:00:00.000Z`,
            updated_at: `${closedOn}T08:00:00.000Z`,
          });
          // 人民调解法 art. 33: joint application within 30 days of the agreement taking effect.
          if (written && amountYuan >= 5000 && rng.chance(0.25)) {
            const applied = minDate(addDaysIso(closedOn, rng.int(3, 25)), today);
            const decided = addDaysIso(applied, rng.int(10, 20));
            confirmations.push({
              id: uuidv7(),
              dispute_id: id,
              org_id: committee.org_id,
              applied_on: applied,
              court: `示范县人民法院${t.name === '娘子神乡' ? '娘子神' : '白杨'}人民法庭`,
              result: decided <= today ? 'confirmed' : 'pending',
              decided_on: decided <= today ? decided : null,
              notes: null,
              created_at: `${applied}T03:00:00.000Z`,
              updated_at: `${minDate(decided, today)}T03:00:00.000Z`,
            });
          }
          // 回访: the committee checks performance (art. 31); most visits are done, some slip.
          // FOLLOW_UP_DAYS_DEFAULT after the performance deadline (or the day the agreement took effect)
          const due = addDaysIso(amountYuan > 0 ? deadline : closedOn, FOLLOW_UP_DAYS_DEFAULT);
          const recent = addDaysIso(due, 90) > today;
          const done = due <= today ? (rng.chance(recent ? 0.75 : 0.99) ? minDate(addDaysIso(due, rng.int(-10, 3)), today) : null) : rng.chance(0.2) ? minDate(addDaysIso(closedOn, rng.int(5, 20)), today) : null;
          followUps.push({
            id: uuidv7(),
            dispute_id: id,
            org_id: committee.org_id,
            due_on: due,
            done_on: done,
            method: done ? rng.pick(['电话回访', '上门回访']) : null,
            performance: done ? rng.weighted([
              ['performed', 88],
              ['partial', 9],
              ['not_performed', 3],
            ] as const) : null,
            notes: done ? rng.pick(['协议已履行完毕，双方关系缓和', '按约履行，当事人满意', '部分款项尚未支付，已督促']) : null,
            created_by: staff,
            created_at: `${closedOn}T08:00:00.000Z`,
            updated_at: `${done ?? closedOn}T08:00:00.000Z`,
          });
        }
        if (outcome === 'failure' && closedOn && rng.chance(0.5)) {
          const target = rng.weighted([
            ['litigation', 6],
            ['petition', 2],
            ['police', 2],
          ] as const);
          referrals.push({
            id: uuidv7(),
            dispute_id: id,
            org_id: committee.org_id,
            target,
            referred_on: closedOn,
            receiver: target === 'litigation' ? '示范县人民法院' : target === 'petition' ? '示范县信访局' : `示范县公安局${t.name === '娘子神乡' ? '娘子神' : '白杨'}派出所`,
            notes: '告知当事人依法通过其他途径解决（人民调解法第26条）',
            created_by: staff,
            created_at: `${closedOn}T09:00:00.000Z`,
          });
        }
      }
    }
  }

  await insertBatched(db, 'people', people);
  await insertBatched(db, 'mediation_committees', committees);
  await insertBatched(db, 'mediators', mediators);
  await insertBatched(db, 'legal_understanders', understanders);
  await insertBatched(db, 'understander_activities', activities);
  await insertBatched(db, 'screenings', screenings);
  await insertBatched(db, 'disputes', disputes, 100);
  await insertBatched(db, 'dispute_parties', parties);
  await insertBatched(db, 'dispute_assignments', assignments);
  await insertBatched(db, 'dispute_sessions', sessions);
  await insertBatched(db, 'dispute_agreements', agreements, 100);
  await insertBatched(db, 'judicial_confirmations', confirmations);
  await insertBatched(db, 'follow_ups', followUps);
  await insertBatched(db, 'referrals', referrals);
}
