import { uuidv7 } from '../../../common/ids.ts';
import { type Channel, isOnlineChannel } from '../../../common/publicity-enums.ts';
import type { Ctx } from '../../platform/context.ts';
import { addDaysIso, nowIso, todayShanghai } from '../../platform/time.ts';
import { NB_VILLAGES, NZS_VILLAGES, type BaseIds } from '../../seed/base.ts';
import type { PublicityEventTable } from './publicity.tables.ts';
import { seededRandom, insertBatched } from '../../seed/seed-kit.ts';

/**
 * Demo publicity records, 2023 to today, mirroring 娘子神乡's report: §一(二) "注重普法宣传" — the
 * 八五普法 plan, 主题党日/三会一课, 国家安全日, 6·26 and 宪法宣传周, "线上微信群、线下入农村开办讲座、
 * 网格员入户宣讲、张贴宣传海报", the 主要街道 event with posters, banners and leaflets — and weakness 二:
 * "以发放宣传册、条幅等传统普法形式居多，运用微信、抖音等新媒体开展普法宣传的频次不够". So the 2023
 * new-media share is low (≈ 12 %) and rises as the fix ("充分利用微信公众号、网格微信群") takes hold:
 * 2024 ≈ 25 %, 2025 ≈ 40 %, the current year ≈ 50 % (NEW_MEDIA_SHARE).
 *
 * Gaps on purpose, so the findings have something real: villages with no publicity in some quarters
 * of 2023 and one of 2024 (MISSING_VILLAGES), key dates of 2023 with nothing done (3·15, 11·9 …),
 * and in the 2023 谁执法谁普法 list 社会事务办 publicised none of its laws. 白杨镇 gets a lighter record
 * (the neighbour must have something its neighbour cannot see). Deterministic (one seeded PRNG; ids
 * aside); written straight into the tables in the caller's transaction (demo.ts audits the seed).
 */

/** The intended new-media share per year (the current and later years take the last). */
export const NEW_MEDIA_SHARE: Record<number, number> = { 2023: 0.12, 2024: 0.25, 2025: 0.4, 2026: 0.5 };

/** Villages (index into NZS_VILLAGES) with no publicity in a quarter: year → quarter (1–4) → indexes. */
export const MISSING_VILLAGES: Record<number, Record<number, number[]>> = {
  2023: { 1: [3, 6, 7], 2: [7], 3: [4, 6], 4: [7] },
  2024: { 1: [7] },
};

/** 2023 宪法宣传周 (12月1日至7日) — it moves every year (domain-facts §2), so it is a dated county row. */
export const CONSTITUTION_WEEK_2023 = { from: '2023-12-01', to: '2023-12-07' };

const pad = (n: number) => String(n).padStart(2, '0');
const LAW = {
  constitution: '中华人民共和国宪法',
  civilCode: '中华人民共和国民法典',
  nationalSecurity: '中华人民共和国国家安全法',
  antiEspionage: '中华人民共和国反间谍法',
  antiDrug: '中华人民共和国禁毒法',
  antiFraud: '中华人民共和国反电信网络诈骗法',
  workSafety: '中华人民共和国安全生产法',
  land: '中华人民共和国土地管理法',
  landContract: '中华人民共和国农村土地承包法',
  minors: '中华人民共和国未成年人保护法',
  domesticViolence: '中华人民共和国反家庭暴力法',
  mediation: '中华人民共和国人民调解法',
  consumer: '中华人民共和国消费者权益保护法',
  fire: '中华人民共和国消防法',
  cyber: '中华人民共和国网络安全法',
} as const;

/** Village lectures (法治讲座 / 以案释法): topic, channel, themes, laws. */
const VILLAGE_TOPICS: [string, Channel, string[], string[]][] = [
  ['民法典婚姻家庭编与彩礼纠纷', 'lecture', ['civil_code', 'marriage_family'], [LAW.civilCode]],
  ['防范电信网络诈骗', 'lecture', ['anti_fraud'], [LAW.antiFraud]],
  ['以案释法：邻里相邻关系纠纷', 'case_explained', ['civil_code'], [LAW.civilCode, LAW.mediation]],
  ['农村土地承包与流转', 'lecture', ['rural_land'], [LAW.landContract]],
  ['以案释法：赡养老人是法定义务', 'case_explained', ['civil_code', 'marriage_family'], [LAW.civilCode]],
  ['学习宪法，增强宪法意识', 'lecture', ['constitution'], [LAW.constitution]],
];
const ROUND_THEMES: [string[], string[], string][] = [
  [['anti_fraud'], [LAW.antiFraud], '反诈宣传'],
  [['civil_code'], [LAW.civilCode], '民法典宣传'],
  [['national_security'], [LAW.nationalSecurity], '国家安全宣传'],
  [['anti_drug'], [LAW.antiDrug], '禁毒宣传'],
  [['fire_safety'], [LAW.fire], '冬春消防安全宣传'],
];

/** Articles published per year: title, themes, laws, summary. The current year keeps those up to today. */
const ARTICLES: Record<number, [string, string[], string[], string][]> = {
  2023: [
    ['国家安全，人人有责——全民国家安全教育日知识问答', ['national_security'], [LAW.nationalSecurity], '十个问题读懂全民国家安全教育日。'],
    ['远离毒品，珍爱生命', ['anti_drug'], [LAW.antiDrug], '6·26国际禁毒日，认清新型毒品的伪装。'],
  ],
  2024: [
    ['民法典里的婚姻家庭：彩礼纠纷怎么办', ['civil_code', 'marriage_family'], [LAW.civilCode], '婚约解除后，彩礼能不能要回来？'],
    ['警惕！这些都是电信网络诈骗', ['anti_fraud'], [LAW.antiFraud], '刷单返利、冒充客服、网络贷款，一个都别信。'],
    ['农村土地承包经营权流转须知', ['rural_land'], [LAW.landContract], '流转要签书面合同，期限不得超过承包期剩余期限。'],
    ['宪法宣传周｜宪法与我们的生活', ['constitution'], [LAW.constitution], '从出生到老年，宪法一路相伴。'],
  ],
  2025: [
    ['民法典宣传月｜邻里之间的相邻关系', ['civil_code'], [LAW.civilCode], '通风、采光、通行，邻里相处有规矩。'],
    ['未成年人保护：家长必读', ['minors'], [LAW.minors], '监护是法定职责，家庭保护排在第一位。'],
    ['安全生产月｜农忙时节注意用电安全', ['work_safety'], [LAW.workSafety], '私拉乱接电线，是农忙季节最大的隐患。'],
    ['网络安全为人民，网络安全靠人民', ['cyber_security'], [LAW.cyber], '个人信息保护从设置一个好密码开始。'],
    ['以案释法：一起土地纠纷的调解', ['rural_land', 'civil_code'], [LAW.land, LAW.mediation], '一条地界引发的纠纷，如何在村里化解。'],
    ['冬季取暖，谨防火灾', ['fire_safety'], [LAW.fire], '电暖器、火炉、电动车充电，冬季防火三件事。'],
  ],
  2026: [
    ['4·15｜国家安全知识十问', ['national_security'], [LAW.nationalSecurity, LAW.antiEspionage], '国家安全与每个人都有关系。'],
    ['民法典宣传月｜遗嘱怎么写才有效', ['civil_code'], [LAW.civilCode], '自书、代书、打印、录音录像遗嘱的要件。'],
    ['6·26｜识毒防毒拒毒', ['anti_drug'], [LAW.antiDrug], '警惕“奶茶”“邮票”等伪装成零食的新型毒品。'],
    ['反诈｜养老诈骗的常见套路', ['anti_fraud'], [LAW.antiFraud], '免费体检、高额回报、保健品，都是骗局的开头。'],
    ['网格员说法：赡养老人是法定义务', ['civil_code', 'marriage_family'], [LAW.civilCode], '子女不能以放弃继承为由拒绝赡养。'],
  ],
};

type EventRow = PublicityEventTable;

export async function seedPublicityDemo(ctx: Ctx, ids: BaseIds, opts: { today?: string } = {}): Promise<void> {
  const today = opts.today ?? todayShanghai();
  const db = ctx.db;
  const rnd = seededRandom(20230415);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const at = nowIso();
  const lastYear = Number(today.slice(0, 4));
  const u = ids.users;

  const events: EventRow[] = [];
  const channels: { event_id: string; org_id: string; channel: string }[] = [];
  const themes: { event_id: string; org_id: string; theme: string }[] = [];
  const laws: { id: string; event_id: string; org_id: string; law: string; sort: number }[] = [];
  const campaigns: object[] = [];
  const contents: object[] = [];
  const contentThemes: object[] = [];
  const contentLaws: object[] = [];
  const views: { content_id: string; org_id: string; day: string; channel: string; village_org_id: string; count: number }[] = [];
  const keyDates: object[] = [];
  const resp: object[] = [];

  type Ev = Partial<EventRow> & { org_id: string; title: string; held_on: string; channels: Channel[]; themes: string[]; laws: string[] };
  const event = (e: Ev): EventRow | null => {
    const { channels: ch, themes: th, laws: lw, ...rest } = e;
    // Done up to today; a few planned ones ahead (what the calendar shows as prepared).
    const status = rest.status ?? (rest.held_on <= today ? 'done' : 'planned');
    if (status === 'done' && rest.held_on > today) return null;
    const r: EventRow = {
      id: uuidv7(),
      status,
      ends_on: null,
      village_org_id: null,
      place: null,
      organiser_org_id: null,
      audience: null,
      audience_count: 0,
      materials_count: 0,
      online_reach: 0,
      campaign_id: null,
      key_date: null,
      content_id: null,
      notes: null,
      created_by: null,
      created_at: at,
      updated_at: at,
      ...rest,
    };
    if (r.status === 'planned') Object.assign(r, { audience_count: 0, materials_count: 0, online_reach: 0 });
    events.push(r);
    for (const c of ch) channels.push({ event_id: r.id, org_id: r.org_id, channel: c });
    for (const t of th) themes.push({ event_id: r.id, org_id: r.org_id, theme: t });
    lw.forEach((law, sort) => {
      laws.push({ id: uuidv7(), event_id: r.id, org_id: r.org_id, law, sort });
    });
    return r;
  };
  const campaign = (org: string, title: string, from: string, to: string, extra: Record<string, unknown> = {}) => {
    const id = uuidv7();
    campaigns.push({ id, org_id: org, title, starts_on: from, ends_on: to, goals: null, target_events: null, target_audience: null, target_online_pct: null, notes: null, created_by: u.nzs_sfs ?? null, created_at: at, updated_at: at, ...extra });
    return id;
  };
  const slug = () => {
    const abc = 'abcdefghjkmnpqrstuvwxyz23456789';
    let s = '';
    for (let i = 0; i < 10; i++) s += abc[Math.floor(rnd() * abc.length)];
    return s;
  };
  /** A published article with its views (first-party counts: channel and village tag), days up to today. */
  const article = (org: string, author: string | null, reviewer: string | null, date: string, a: [string, string[], string[], string], villages: string[], scale: number) => {
    const [title, th, lw, summary] = a;
    const id = uuidv7();
    // 10:00 in Shanghai on the day
    const publishedAt = `${date}T02:00:00.000Z`;
    contents.push({
      id,
      org_id: org,
      kind: 'article',
      title,
      summary,
      body_html: `<p>${summary}</p><p>依据《${lw[0].replace('中华人民共和国', '')}》，请广大群众自觉学法、守法、用法。如遇纠纷，可就近到村公共法律服务工作室或司法所咨询。</p>`,
      file_id: null,
      cover_file_id: null,
      state: 'published',
      slug: slug(),
      author_id: author,
      submitted_at: publishedAt,
      reviewed_by: reviewer,
      reviewed_at: publishedAt,
      review_note: null,
      published_at: publishedAt,
      withdrawn_at: null,
      withdraw_reason: null,
      pia_ref: null,
      is_case: 0,
      submitted_by: author,
      last_edited_by: author,
      created_at: publishedAt,
      updated_at: publishedAt,
    });
    for (const t of th) contentThemes.push({ content_id: id, org_id: org, theme: t });
    lw.forEach((law, sort) => {
      contentLaws.push({ id: uuidv7(), content_id: id, org_id: org, law, sort });
    });
    for (let d = 0; d < 7; d++) {
      const day = addDaysIso(date, d);
      if (day > today) break;
      const fade = 1 / (d + 1);
      const add = (channel: string, village: string, n: number) => {
        if (n > 0) views.push({ content_id: id, org_id: org, day, channel, village_org_id: village, count: n });
      };
      add('wechat_group', '', Math.round(scale * fade * (20 + rnd() * 20)));
      villages.forEach((v, i) => {
        add('wechat_group', v, Math.round(scale * fade * (6 + rnd() * 10) * (i === 0 ? 1.5 : 1)));
      });
      add('qr', villages[0] ?? '', Math.round(scale * fade * (2 + rnd() * 6)));
      add('wechat_account', '', Math.round(scale * fade * (10 + rnd() * 15)));
      add('direct', '', Math.round(fade * (1 + rnd() * 4)));
    }
    return id;
  };

  // ——— 娘子神乡 ———
  const nzs = ids.nzs;
  const D = ids.nzsDepartments;
  const V = ids.nzsVillages;
  const sfs = D.司法所;
  const street = '娘子神乡主要街道';
  const badai = campaign(nzs, '娘子神乡“八五”普法规划（2021—2025年）', '2021-06-01', '2025-12-31', {
    goals: '以习近平法治思想为统领，推动法律进机关、进乡村、进学校、进企业、进社区、进单位、进网络',
    target_events: 200,
    target_online_pct: 30,
  });
  const constWeek = campaign(nzs, '2023年宪法宣传周集中宣传活动', CONSTITUTION_WEEK_2023.from, CONSTITUTION_WEEK_2023.to, { goals: '大力弘扬宪法精神，建设社会主义法治文化', target_events: 3, target_audience: 500 });
  keyDates.push({
    id: uuidv7(),
    org_id: ids.county,
    builtin_code: 'kd_constitution_week',
    name: '宪法宣传周',
    kind: 'dated',
    month: null,
    day: null,
    starts_on: CONSTITUTION_WEEK_2023.from,
    ends_on: CONSTITUTION_WEEK_2023.to,
    theme: 'constitution',
    remind_days: 21,
    notes: '2023年全国“宪法宣传周”：12月1日至7日',
    active: 1,
    created_at: at,
    updated_at: at,
  });

  for (let year = 2023; year <= lastYear; year++) {
    const share = NEW_MEDIA_SHARE[Math.min(year, 2026)];
    const yearEvents: EventRow[] = [];
    const push = (e: EventRow | null) => {
      if (e) yearEvents.push(e);
      return e;
    };
    const general = year <= 2025 ? badai : null;
    const may = campaign(nzs, `${year}年民法典宣传月`, `${year}-05-01`, `${year}-05-31`, { goals: '民法典进农村、进社区、进家庭', target_events: 6, target_online_pct: year >= 2025 ? 40 : null });
    const covered = (q: number) => V.filter((_, i) => !(MISSING_VILLAGES[year]?.[q] ?? []).includes(i));
    const qDate = (q: number, k: number) => `${year}-${pad((q - 1) * 3 + 1 + (k % 3))}-${pad(int(3, 26))}`;
    const mixed = year >= 2025; // from 2025 the key-date events are also streamed to the grid WeChat groups

    // Key dates on the main street (国家安全日, 6·26, 宪法宣传周; 12·4 in the hall).
    push(
      event({
        org_id: nzs,
        organiser_org_id: sfs,
        title: '“4·15”全民国家安全教育日集中宣传活动',
        held_on: `${year}-04-15`,
        place: street,
        audience: '过往群众、商户',
        audience_count: int(180, 360),
        materials_count: int(300, 600),
        key_date: 'kd_0415',
        campaign_id: general,
        channels: ['street_event', 'banner', 'leaflet', ...(mixed ? (['wechat_group'] as Channel[]) : [])],
        themes: ['national_security'],
        laws: [LAW.nationalSecurity, LAW.antiEspionage],
        created_by: u.nzs_sfs,
      }),
    );
    push(
      event({
        org_id: nzs,
        organiser_org_id: sfs,
        title: '“6·26”国际禁毒日禁毒宣传活动',
        held_on: `${year}-06-26`,
        place: street,
        audience: '群众、学生',
        audience_count: int(150, 300),
        materials_count: int(300, 500),
        key_date: 'kd_0626',
        campaign_id: general,
        channels: ['street_event', 'poster', 'leaflet', ...(mixed ? (['douyin'] as Channel[]) : [])],
        themes: ['anti_drug'],
        laws: [LAW.antiDrug],
        notes: '联合派出所开展',
        created_by: u.nzs_sfs,
      }),
    );
    const cw = year === 2023 ? CONSTITUTION_WEEK_2023 : { from: `${year}-12-01`, to: `${year}-12-07` };
    push(
      event({
        org_id: nzs,
        organiser_org_id: sfs,
        title: '宪法宣传周法治宣传进街道',
        held_on: addDaysIso(cw.from, 1),
        place: street,
        audience: '过往群众',
        audience_count: int(200, 400),
        materials_count: int(400, 700),
        key_date: 'kd_constitution_week',
        campaign_id: year === 2023 ? constWeek : general,
        channels: ['street_event', 'banner', 'leaflet', ...(mixed ? (['wechat_account'] as Channel[]) : [])],
        themes: ['constitution'],
        laws: [LAW.constitution],
        created_by: u.nzs_sfs,
      }),
    );
    push(
      event({
        org_id: nzs,
        organiser_org_id: sfs,
        title: '国家宪法日宪法学习暨宪法宣誓活动',
        held_on: `${year}-12-04`,
        place: '乡政府会议室',
        audience: '机关干部',
        audience_count: int(40, 60),
        key_date: 'kd_1204',
        campaign_id: year === 2023 ? constWeek : general,
        channels: ['lecture'],
        themes: ['constitution'],
        laws: [LAW.constitution],
        created_by: u.nzs_sfs,
      }),
    );
    // 3·15 and 11·9 from 2024 (in 2023 nothing was done on them: the key-date finding).
    if (year >= 2024) {
      push(
        event({
          org_id: nzs,
          organiser_org_id: sfs,
          title: '“3·15”消费者权益日法律咨询',
          held_on: `${year}-03-15`,
          place: street,
          audience: '群众',
          audience_count: int(80, 160),
          materials_count: int(150, 300),
          key_date: 'kd_0315',
          campaign_id: general,
          channels: ['street_event', 'leaflet'],
          themes: ['consumer'],
          laws: [LAW.consumer],
          created_by: u.nzs_sfs,
        }),
      );
      push(
        event({
          org_id: nzs,
          organiser_org_id: sfs,
          title: '“11·9”消防日消防安全宣传',
          held_on: `${year}-11-09`,
          place: street,
          audience: '商户、群众',
          audience_count: int(80, 150),
          materials_count: int(100, 200),
          key_date: 'kd_1109',
          campaign_id: general,
          channels: ['poster', 'leaflet'],
          themes: ['fire_safety'],
          laws: [LAW.fire],
          created_by: u.nzs_sfs,
        }),
      );
    }
    // 民法典宣传月 (May): lectures in two villages covered in Q2.
    covered(2)
      .slice(year % 3, (year % 3) + 2)
      .forEach((v, i) => {
        push(
          event({
            org_id: nzs,
            organiser_org_id: sfs,
            title: `民法典进农村法治讲座（${NZS_VILLAGES[V.indexOf(v)]}）`,
            held_on: `${year}-05-${pad(10 + i * 9)}`,
            village_org_id: v,
            place: `${NZS_VILLAGES[V.indexOf(v)]}村委会`,
            audience: '村民',
            audience_count: int(50, 110),
            materials_count: int(60, 120),
            key_date: 'kd_05',
            campaign_id: may,
            channels: ['lecture', 'leaflet'],
            themes: ['civil_code'],
            laws: [LAW.civilCode],
            created_by: u.nzs_sfs,
          }),
        );
      });
    // 谁执法谁普法: the 综合行政执法队 (安全生产月, 土地管理) every year; the 社会事务办 from 2024 only.
    push(
      event({
        org_id: D.综合行政执法队,
        organiser_org_id: D.综合行政执法队,
        title: '安全生产月宣传咨询日',
        held_on: `${year}-06-${pad(int(10, 20))}`,
        place: street,
        audience: '企业负责人、商户',
        audience_count: int(60, 120),
        materials_count: int(100, 250),
        key_date: 'kd_06',
        campaign_id: general,
        channels: ['street_event', 'leaflet'],
        themes: ['work_safety'],
        laws: [LAW.workSafety],
        created_by: u.nzs_officer,
      }),
    );
    const landVillage = covered(3)[year % covered(3).length];
    push(
      event({
        org_id: D.综合行政执法队,
        organiser_org_id: D.综合行政执法队,
        title: `土地管理法律知识宣传（${NZS_VILLAGES[V.indexOf(landVillage)]}）`,
        held_on: `${year}-08-${pad(int(5, 25))}`,
        village_org_id: landVillage,
        place: `${NZS_VILLAGES[V.indexOf(landVillage)]}村委会`,
        audience: '村民',
        audience_count: int(40, 90),
        materials_count: int(50, 100),
        campaign_id: general,
        channels: ['lecture', 'leaflet'],
        themes: ['rural_land'],
        laws: [LAW.land],
        created_by: u.nzs_officer,
      }),
    );
    if (year >= 2024) {
      push(
        event({
          org_id: D.社会事务办,
          organiser_org_id: D.社会事务办,
          title: '未成年人保护法进校园',
          held_on: `${year}-09-${pad(int(10, 25))}`,
          place: '娘子神乡中心小学',
          audience: '学生、家长',
          audience_count: int(200, 320),
          materials_count: int(100, 200),
          campaign_id: general,
          channels: ['lecture'],
          themes: ['minors'],
          laws: [LAW.minors],
          created_by: u.nzs_sfs,
        }),
      );
      push(
        event({
          org_id: D.社会事务办,
          organiser_org_id: D.社会事务办,
          title: '反家庭暴力法宣传（三八妇女节）',
          held_on: `${year}-03-08`,
          place: street,
          audience: '妇女群众',
          audience_count: int(60, 120),
          materials_count: int(100, 200),
          key_date: 'kd_0308',
          campaign_id: general,
          channels: ['leaflet', 'poster'],
          themes: ['marriage_family'],
          laws: [LAW.domesticViolence],
          created_by: u.nzs_sfs,
        }),
      );
    }
    // Per quarter: lectures and door-to-door rounds in the covered villages; posters, banners, party days.
    for (let q = 1; q <= 4; q++) {
      const vs = covered(q);
      vs.forEach((v, i) => {
        const name = NZS_VILLAGES[V.indexOf(v)];
        const [themesR, lawsR, what] = ROUND_THEMES[(q + i + year) % ROUND_THEMES.length];
        // 网格员入户宣讲: recorded by the village's grid worker, so the village organised it.
        push(
          event({
            org_id: v,
            title: `网格员入户${what}（${name}）`,
            held_on: qDate(q, i),
            village_org_id: v,
            place: `${name}各村民小组`,
            audience: '村民（入户）',
            audience_count: int(18, 45),
            materials_count: int(20, 60),
            campaign_id: general,
            channels: rnd() < 0.5 ? ['door_to_door', 'leaflet'] : ['door_to_door'],
            themes: themesR,
            laws: lawsR,
            created_by: v === V[1] ? u.nzs_grid : null,
          }),
        );
        // A lecture in every other covered village each quarter.
        if ((i + q) % 2 === 0) {
          const [topic, ch, th, lw] = VILLAGE_TOPICS[(i + q * 2 + year) % VILLAGE_TOPICS.length];
          push(
            event({
              org_id: nzs,
              organiser_org_id: sfs,
              title: `法治讲座进${name}：${topic}`,
              held_on: qDate(q, i + 1),
              village_org_id: v,
              place: `${name}村委会`,
              audience: '村民',
              audience_count: int(35, 90),
              materials_count: int(30, 80),
              campaign_id: general,
              channels: [ch],
              themes: th,
              laws: lw,
              notes: '讲师：县司法局普法讲师团',
              created_by: u.nzs_sfs,
            }),
          );
        }
      });
      // Posters and banners on the main street (fewer once the new media take over), a party day.
      const traditional = year === 2023 ? 2 : 1;
      for (let k = 0; k < traditional; k++) {
        const poster = (q + k) % 2 === 0;
        push(
          event({
            org_id: nzs,
            organiser_org_id: sfs,
            title: poster ? '主要街道张贴普法宣传海报' : '主要街道悬挂普法宣传条幅',
            held_on: qDate(q, k + 2),
            place: street,
            audience: '过往群众',
            audience_count: int(100, 250),
            materials_count: poster ? int(20, 40) : 0,
            campaign_id: general,
            channels: poster ? ['poster', 'leaflet'] : ['banner'],
            themes: poster ? ['civil_code', 'anti_fraud'] : ['xi_thought'],
            laws: poster ? [LAW.civilCode, LAW.antiFraud] : [],
            created_by: u.nzs_sfs,
          }),
        );
      }
      push(
        event({
          org_id: nzs,
          organiser_org_id: D.党政办,
          title: q % 2 ? '主题党日：学习习近平法治思想' : '“三会一课”学法：学习宪法和民法典',
          held_on: qDate(q, 1),
          place: '乡政府会议室',
          audience: '党员干部',
          audience_count: int(30, 55),
          campaign_id: general,
          channels: ['party_day'],
          themes: q % 2 ? ['xi_thought'] : ['constitution', 'civil_code'],
          laws: q % 2 ? [] : [LAW.constitution, LAW.civilCode],
          created_by: u.nzs_sfs,
        }),
      );
    }

    // New media: published articles and online events, so that the year's share comes out near its target.
    const published = (ARTICLES[year] ?? ARTICLES[2026]).map((a, i) => {
      const date = `${year}-${pad(Math.min(12, 3 + i * 2))}-${pad(int(5, 25))}`;
      return date <= today ? { a, date, id: article(nzs, u.nzs_sfs ?? null, u.nzs_leader ?? null, date, a, [V[i % 8], V[(i + 3) % 8]], year - 2022) } : null;
    });
    const done = yearEvents.filter((e) => e.status === 'done');
    const online = done.filter((e) => channels.some((c) => c.event_id === e.id && isOnlineChannel(c.channel))).length;
    // k more online posts: (online + k) / (done + k) = share.
    const k = Math.max(0, Math.round((share * done.length - online) / (1 - share)));
    const ONLINE: Channel[][] = year === 2023 ? [['wechat_group'], ['wechat_group'], ['wechat_account']] : year === 2024 ? [['wechat_group'], ['wechat_account'], ['wechat_group', 'wechat_account']] : [['wechat_group'], ['wechat_account'], ['douyin'], ['channels'], ['wechat_group', 'portal']];
    const span = Math.max(1, Math.min(365, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000)));
    for (let j = 0; j < k; j++) {
      const ch = ONLINE[j % ONLINE.length];
      const day = addDaysIso(`${year}-01-01`, Math.min(span, Math.floor(((j + 0.5) * span) / k)));
      const art = published.filter((p) => p && p.date <= day).at(-1) ?? null;
      const [th, lw] = art ? [art.a[1], art.a[2]] : [['anti_fraud'], [LAW.antiFraud]];
      const inQuarter = covered(Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1);
      const v = ch[0] === 'wechat_group' && j % 2 === 0 ? inQuarter[j % inQuarter.length] : null;
      const title =
        ch[0] === 'wechat_group'
          ? `${v ? `${NZS_VILLAGES[V.indexOf(v)]}网格` : ''}微信群转发普法文章${art ? `《${art.a[0]}》` : ''}`
          : ch[0] === 'wechat_account'
            ? `公众号推送${art ? `《${art.a[0]}》` : '普法知识'}`
            : ch[0] === 'douyin'
              ? '抖音发布普法短视频：防范电信网络诈骗'
              : ch[0] === 'channels'
                ? '视频号普法微课：民法典小课堂'
                : `普法门户与微信群同步发布${art ? `《${art.a[0]}》` : ''}`;
      push(
        event({
          org_id: v ?? nzs,
          organiser_org_id: v ? null : sfs,
          title,
          held_on: day,
          village_org_id: v,
          audience: v ? '网格微信群群众' : '关注群众',
          online_reach: ch[0] === 'douyin' ? int(1500, 6000) : ch[0] === 'wechat_group' ? int(80, 300) : int(300, 1500) * (year - 2022),
          content_id: art?.id ?? null,
          campaign_id: general,
          channels: ch,
          themes: th,
          laws: lw,
          created_by: v === V[1] ? u.nzs_grid : u.nzs_sfs,
        }),
      );
    }
  }
  // Prepared ahead (planned, not counted): the next key-date events.
  for (const [d, title, kd, th, lw] of [
    [addDaysIso(today, 8), '国家宪法日宪法宣传（计划）', 'kd_1204', 'constitution', LAW.constitution],
    [addDaysIso(today, 20), '网格员入户反诈宣传（计划）', null, 'anti_fraud', LAW.antiFraud],
  ] as const) {
    event({ org_id: nzs, organiser_org_id: sfs, title, held_on: d, status: 'planned', place: street, key_date: kd, channels: ['street_event', 'wechat_group'], themes: [th], laws: [lw], created_by: u.nzs_sfs });
  }
  // Two articles not yet public: a draft and one waiting for review.
  for (const [state, title] of [
    ['draft', '以案释法：高额彩礼返还纠纷（草稿）'],
    ['review', '民法典宣传月｜居住权是什么'],
  ] as const) {
    contents.push({
      id: uuidv7(),
      org_id: nzs,
      kind: 'article',
      title,
      summary: null,
      body_html: '<p>待完善。</p>',
      file_id: null,
      cover_file_id: null,
      state,
      slug: slug(),
      author_id: u.nzs_sfs ?? null,
      submitted_at: state === 'review' ? at : null,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      published_at: null,
      withdrawn_at: null,
      withdraw_reason: null,
      pia_ref: null,
      is_case: 0,
      submitted_by: state === 'review' ? (u.nzs_sfs ?? null) : null,
      last_edited_by: u.nzs_sfs ?? null,
      created_at: at,
      updated_at: at,
    });
  }
  // 谁执法谁普法 list per year; in 2023 the 社会事务办 did nothing on its laws.
  for (let year = 2023; year <= lastYear; year++) {
    for (const [dept, law, measures] of [
      ['司法所', LAW.constitution, '宪法宣传周、国家宪法日集中宣传'],
      ['司法所', LAW.civilCode, '民法典宣传月进村讲座'],
      ['综合行政执法队', LAW.workSafety, '安全生产月宣传咨询'],
      ['综合行政执法队', LAW.land, '进村宣传土地管理法律知识'],
      ['社会事务办', LAW.minors, '未成年人保护法进校园'],
      ['社会事务办', LAW.domesticViolence, '三八妇女节反家暴宣传'],
    ] as const) {
      resp.push({ id: uuidv7(), org_id: nzs, year, department_org_id: D[dept], department_name: dept, law, measures, created_by: u.nzs_sfs ?? null, created_at: at, updated_at: at });
    }
  }

  // ——— 白杨镇 (the neighbour): a lighter record ———
  const nb = ids.nb;
  const NV = ids.nbVillages;
  for (let year = 2023; year <= lastYear; year++) {
    const base = { org_id: nb, organiser_org_id: ids.nbDepartments.司法所, created_by: u.nb_sfs, place: '白杨镇集市' };
    event({ ...base, title: '全民国家安全教育日宣传', held_on: `${year}-04-15`, audience_count: int(100, 200), materials_count: int(200, 300), key_date: 'kd_0415', channels: ['street_event', 'leaflet'], themes: ['national_security'], laws: [LAW.nationalSecurity] });
    event({ ...base, title: '禁毒宣传进集市', held_on: `${year}-06-26`, audience_count: int(100, 200), materials_count: int(200, 300), key_date: 'kd_0626', channels: ['street_event', 'poster'], themes: ['anti_drug'], laws: [LAW.antiDrug] });
    for (let q = 1; q <= 4; q++) {
      const v = NV[(q + year) % NV.length];
      event({ ...base, title: `法治讲座进${NB_VILLAGES[NV.indexOf(v)]}`, held_on: `${year}-${pad(q * 3 - 1)}-${pad(int(5, 25))}`, village_org_id: v, place: `${NB_VILLAGES[NV.indexOf(v)]}村委会`, audience_count: int(30, 80), materials_count: int(30, 60), channels: ['lecture'], themes: ['civil_code'], laws: [LAW.civilCode] });
    }
    event({ ...base, title: '白杨镇微信群转发反诈提醒', held_on: `${year}-07-${pad(int(5, 25))}`, place: null, online_reach: int(200, 600), channels: ['wechat_group'], themes: ['anti_fraud'], laws: [LAW.antiFraud] });
    const date = `${year}-07-01`;
    if (date <= today) article(nb, u.nb_sfs ?? null, u.nb_sfs ?? null, date, [`白杨镇${year}年反诈提醒`, ['anti_fraud'], [LAW.antiFraud], '接到陌生来电要求转账，一律挂断。'], [NV[0]], 1);
  }
  resp.push({ id: uuidv7(), org_id: nb, year: 2023, department_org_id: ids.nbDepartments.综合行政执法队, department_name: '综合行政执法队', law: LAW.workSafety, measures: '安全生产月宣传', created_by: u.nb_sfs ?? null, created_at: at, updated_at: at });

  await insertBatched(db, 'publicity_campaigns', campaigns);
  await insertBatched(db, 'publicity_key_dates', keyDates);
  await insertBatched(db, 'publicity_contents', contents);
  await insertBatched(db, 'publicity_content_themes', contentThemes);
  await insertBatched(db, 'publicity_content_laws', contentLaws);
  await insertBatched(db, 'publicity_events', events);
  await insertBatched(db, 'publicity_event_channels', channels, 500);
  await insertBatched(db, 'publicity_event_themes', themes, 500);
  await insertBatched(db, 'publicity_event_laws', laws, 500);
  await insertBatched(db, 'publicity_responsibilities', resp);
  await insertBatched(db, 'publicity_views', views, 500);
}
