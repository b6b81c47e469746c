/**
 * Deterministic county generator for the benchmarks: 20 townships × 15 villages, their departments,
 * the demo users plus one 司法所 user per township, village and township mediation committees with
 * their mediators, 法律明白人 and monthly screenings, and 200,000 disputes with parties, assignments,
 * sessions, agreements, judicial confirmations, follow-ups and referrals in the demo's mixes
 * (server/modules/mediation/seed-catalog.ts); then a 工作人员名册 per township and three years of
 * 强化组织领导 records — plans, tasks, progress, meetings, duties — (bench/generate-planning.ts) and
 * of 学法培训 — study plans, sessions, attendance, tests — (bench/generate-study.ts).
 *
 *   npx tsx bench/generate.ts [--seed N] [--disputes N] [--townships N] [--villages N]
 *                             [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--file path] [--force] [--reset]
 *
 * Writes a fresh SQLite file (default bench/data/bench.sqlite) or, with DATABASE_URL=postgres://…,
 * an empty PostgreSQL database (`--reset` drops and recreates its public schema first). The schema
 * comes from the app's own migrations; personal data is SM4-encrypted with a blind index through the
 * app's FieldCrypto and the secret the benchmark server uses (bench/common.ts BENCH_SECRET).
 * The same seed and --to date give the same county, the same disputes and the same ids; only the
 * ciphertexts (random IVs, as in the app), the password salt and the one audit event differ.
 * The demo county's orgs and users are those of server/seed/base.ts (same codes, names, DEMO_USERS),
 * written here with deterministic ids.
 */
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { idCardCheckChar } from '../common/identity.ts';
import type { ActivityKind, MediatorTitle, UnderstanderCategory } from '../common/schemas/mediation-admin.ts';
import { loadConfig } from '../server/config.ts';
import { createDeps } from '../server/deps.ts';
import { SEED_SOURCES, SEED_TYPES, type SeedType } from '../server/modules/mediation/seed-catalog.ts';
import { recordAudit } from '../server/platform/audit.ts';
import type { Deps } from '../server/platform/context.ts';
import { systemCtx } from '../server/platform/context.ts';
import { hashPassword } from '../server/platform/crypto.ts';
import { addDaysIso, todayShanghai } from '../server/platform/time.ts';
import { type BaseIds, DEMO_PASSWORD, DEMO_USERS, NB_VILLAGES, NZS_VILLAGES, TOWNSHIP_DEPARTMENTS } from '../server/seed/base.ts';
import { isEmpty } from '../server/seed/demo.ts';
import { generateStudy } from './generate-study.ts';
import { type Chunk, generatePlanning, generateStaff, type PlanningInput, type Row } from './generate-planning.ts';
import { BENCH_SECRET, type BenchMeta, DATA_DIR, DEFAULT_FILE, DEFAULTS, GENERATOR_VERSION, Rng, intArg, metaPathFor, parseArgs, schemaFingerprint } from './common.ts';
import { joinPartyNames } from '../server/modules/mediation/party-names.ts';


// ——— names ———

const EXTRA_TOWNSHIPS = [
  '城关镇', '石桥镇', '柳林镇', '马家河乡', '青龙镇', '龙泉镇', '双庙乡', '高家堡镇', '杨家坪乡', '红岩镇',
  '太平乡', '永乐镇', '清水河乡', '金鸡乡', '三岔镇', '黄花镇', '新兴乡', '桃园镇',
];
const VILLAGE_HEADS = [
  '李家', '王家', '张家', '刘家', '马家', '高家', '杨家', '赵家', '石', '柳', '前', '后', '东', '西', '南', '北', '上', '下', '红', '新',
  '黄', '杏', '枣', '槐', '桥', '河', '庙', '寨', '沙', '白', '青', '罗', '周', '孙', '郭', '韩',
];
const VILLAGE_TAILS = ['沟村', '湾村', '塬村', '坪村', '河村', '庄村', '岭村', '峪村', '堡村', '寨村', '坡村', '洼村', '滩村', '营村'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡杜程苏魏吕丁任姚卢姜崔谭陆范石贾夏付方白孟秦邱薛闫段雷侯史郝龚邵武常康贺严尚';
const MALE = [
  '建国', '建军', '国强', '志强', '文明', '德明', '长生', '满仓', '永刚', '海军', '红军', '金山', '宝林', '振华', '立新', '庆丰', '福来', '玉成', '春生', '新民',
  '卫东', '志刚', '保平', '继承', '忠良', '天佑', '栓柱', '根生', '明亮', '军利', '小军', '晓东', '鹏飞', '亚飞', '少华', '永红', '治国', '怀仁', '世杰', '家兴',
];
const FEMALE = [
  '桂兰', '秀英', '玉兰', '桂芝', '秀兰', '凤英', '淑珍', '翠花', '春梅', '红梅', '丽娟', '小燕', '海燕', '亚娟', '彩霞', '秀芳', '兰英', '金凤', '玉梅', '素珍',
  '爱琴', '巧云', '玉霞', '改霞', '艳妮', '小芳', '丽萍', '文娟', '晓红', '雪梅',
];
const COMPANIES = ['鑫源建筑劳务有限公司', '宏达农业开发有限公司', '顺通运输有限公司', '绿野果品专业合作社', '安居房地产开发有限公司', '天和养殖场', '金穗粮油购销站', '兴旺砖厂', '丰收农机服务队', '兴农种植专业合作社'];
const AREA = ['610426', '610428', '610429', '610430'];
const COURTS = ['城关', '娘子神', '柳林', '青龙', '三岔'];

interface Township {
  index: number;
  id: string;
  path: string;
  name: string;
  prefix: string;
  villages: { id: string; name: string }[];
  staffUserId: string;
  staffUsername: string;
  weight: number;
}

interface Committee {
  id: string;
  org_id: string;
  kind: string;
  case_prefix: string;
  mediators: { id: string; user_id: string | null }[];
}

// ——— sinks: one transaction per chunk ———

interface Sink {
  write(chunk: Chunk): Promise<void>;
  finish(): Promise<void>;
}

function sqliteSink(deps: Deps): Sink {
  const raw = deps.database.raw!;
  // Loading only: the file is thrown away if the run dies half-way.
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -262144');
  raw.pragma('temp_store = MEMORY');
  const stmts = new Map<string, { cols: string[]; run: (values: unknown[]) => void }>();
  const prepared = (table: string, sample: Row) => {
    let s = stmts.get(table);
    if (!s) {
      const cols = Object.keys(sample);
      const stmt = raw.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      s = { cols, run: (values) => stmt.run(values) };
      stmts.set(table, s);
    }
    return s;
  };
  return {
    async write(chunk) {
      raw.transaction(() => {
        for (const [table, rows] of chunk) {
          if (rows.length === 0) continue;
          const s = prepared(table, rows[0]);
          for (const r of rows) s.run(s.cols.map((c) => r[c] ?? null));
        }
      })();
    },
    async finish() {
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.pragma('synchronous = FULL');
    },
  };
}

function postgresSink(deps: Deps): Sink {
  // biome-ignore lint/suspicious/noExplicitAny: one generic batch writer for every table
  const db = deps.database.db as unknown as Kysely<any>;
  return {
    async write(chunk) {
      await db.transaction().execute(async (trx) => {
        for (const [table, rows] of chunk) {
          if (rows.length === 0) continue;
          // PostgreSQL takes at most 65,535 parameters per statement.
          const size = Math.max(1, Math.min(2000, Math.floor(60_000 / Object.keys(rows[0]).length)));
          for (let i = 0; i < rows.length; i += size) await trx.insertInto(table).values(rows.slice(i, i + size)).execute();
        }
      });
    },
    async finish() {
      await sql`ANALYZE`.execute(db);
    },
  };
}

// ——— the generator ———

export interface GenerateOptions {
  seed: number;
  disputes: number;
  townships: number;
  villages: number;
  from: string;
  to: string;
  file: string;
  databaseUrl?: string;
  force?: boolean;
  reset?: boolean;
  quiet?: boolean;
}

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);

export async function generate(o: GenerateOptions): Promise<BenchMeta> {
  const t0 = Date.now();
  const say = (s: string) => {
    if (!o.quiet) process.stdout.write(`${s}\n`);
  };
  const engine = o.databaseUrl?.startsWith('postgres') ? 'postgres' : 'sqlite';
  if (o.townships < 2) throw new Error('--townships must be at least 2 (the demo townships 娘子神乡 and 白杨镇)');
  if (o.from > o.to) throw new Error('--from is after --to');

  if (engine === 'sqlite') {
    if (existsSync(o.file)) {
      const inBench = path.resolve(o.file).startsWith(`${DATA_DIR}${path.sep}`);
      if (!inBench && !o.force) throw new Error(`${o.file} exists and is not under bench/data: pass --force to overwrite it`);
    }
    for (const f of [o.file, `${o.file}-wal`, `${o.file}-shm`, metaPathFor(o.file)]) rmSync(f, { force: true });
  } else if (o.reset) {
    const c = new pg.Client({ connectionString: o.databaseUrl });
    await c.connect();
    await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await c.end();
  }

  const config = loadConfig({ ...process.env, FAZHI_DATA_DIR: DATA_DIR, FAZHI_SECRET: BENCH_SECRET, DATABASE_URL: o.databaseUrl ?? '' });
  const deps = await createDeps(config, { sqliteFile: engine === 'sqlite' ? o.file : undefined, log: pino({ level: 'warn' }) });
  try {
    if (engine === 'postgres' && !(await isEmpty(deps))) throw new Error('the PostgreSQL database is not empty: pass --reset to drop and recreate its public schema');
    const sink = engine === 'sqlite' ? sqliteSink(deps) : postgresSink(deps);
    const rng = new Rng(o.seed);
    const crypto = deps.crypto;
    const at = `${o.to}T00:00:00.000Z`;
    const counts: Record<string, number> = {};
    const write = async (chunk: Chunk) => {
      for (const [t, rows] of chunk) counts[t] = (counts[t] ?? 0) + rows.length;
      await sink.write(chunk);
    };

    // ——— orgs and users: the demo county of server/seed/base.ts (same codes, names and DEMO_USERS), grown to the bench size ———
    say(`生成基础数据 / base: ${o.townships} townships, ${o.villages} villages`);
    const hash = await hashPassword(DEMO_PASSWORD, config.pbkdf2Iterations);
    const orgs: Row[] = [];
    const users: Row[] = [];
    const grants: Row[] = [];
    const addOrg = (parent: { id: string; path: string } | null, code: string, name: string, kind: string, sort: number) => {
      const id = rng.uuidv7(day('2015-01-01') + orgs.length);
      const p = `${parent?.path ?? '/'}${id}/`;
      orgs.push({ id, parent_id: parent?.id ?? null, code, name, kind, path: p, sort, created_at: at, updated_at: at });
      return { id, path: p };
    };
    const addUser = (username: string, displayName: string, orgId: string, userGrants: { role: string; org: string; scope: string }[]) => {
      const id = rng.uuidv7(day('2015-06-01') + users.length);
      users.push({
        id,
        org_id: orgId,
        username,
        display_name: displayName,
        password_hash: hash,
        password_changed_at: at,
        // Demo users, as server/seed/base.ts makes them: no forced password change, no second factor.
        must_change_password: 0,
        is_demo: 1,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        totp_secret_enc: null,
        totp_enabled: 0,
        last_login_at: null,
        created_at: at,
        updated_at: at,
      });
      for (const g of userGrants) grants.push({ id: rng.uuidv7(day('2015-06-01') + grants.length), user_id: id, role: g.role, org_id: g.org, scope: g.scope, granted_by: null, created_at: at });
      return id;
    };
    const county = addOrg(null, '610000000000', '示范县', 'county', 0);
    const countyOffice = addOrg(county, '610000000901', '县委全面依法治县委员会办公室', 'department', 90);
    const justice = addOrg(county, '610000000902', '县司法局', 'department', 91);

    const perTownship = Math.max(1, Math.round(o.villages / o.townships));
    const usedVillageNames = new Set<string>([...NZS_VILLAGES, ...NB_VILLAGES]);
    const villageName = () => {
      for (;;) {
        const n = rng.pick(VILLAGE_HEADS) + rng.pick(VILLAGE_TAILS);
        if (!usedVillageNames.has(n) || usedVillageNames.size > VILLAGE_HEADS.length * VILLAGE_TAILS.length * 0.8) {
          usedVillageNames.add(n);
          return n;
        }
      }
    };
    const townships: Township[] = [];
    const departmentsOf: Record<string, string>[] = [];
    for (let k = 0; k < o.townships; k++) {
      const kk = String(k + 1).padStart(2, '0');
      const code = `6100001${kk}`;
      const name = k === 0 ? '娘子神乡' : k === 1 ? '白杨镇' : (EXTRA_TOWNSHIPS[k - 2] ?? `第${k + 1}乡`);
      const tw = addOrg(county, `${code}000`, name, 'township', k + 1);
      const demoNames = k === 0 ? NZS_VILLAGES : k === 1 ? NB_VILLAGES : [];
      const villages: Township['villages'] = [];
      for (let i = 0; i < Math.max(perTownship, demoNames.length); i++) {
        const vn = demoNames[i] ?? villageName();
        villages.push({ id: addOrg(tw, `${code}${201 + i}`, vn, 'village', i).id, name: vn });
      }
      departmentsOf.push(Object.fromEntries(TOWNSHIP_DEPARTMENTS.map((dn, i) => [dn, addOrg(tw, `${code}D0${i + 1}`, dn, 'department', 100 + i).id])));
      const prefix = k === 0 ? '娘调' : k === 1 ? '白调' : name[0] === '第' ? `${name.slice(0, -1)}调` : `${name[0]}调`;
      townships.push({ index: k, id: tw.id, path: tw.path, name, prefix, villages, staffUserId: '', staffUsername: '', weight: 0.6 + rng.float() * 0.8 });
    }
    const base: BaseIds = {
      county: county.id,
      countyOffice: countyOffice.id,
      nzs: townships[0].id,
      nb: townships[1].id,
      nzsVillages: townships[0].villages.map((v) => v.id),
      nbVillages: townships[1].villages.map((v) => v.id),
      nzsDepartments: departmentsOf[0],
      nbDepartments: departmentsOf[1],
      users: {},
      // 工作人员名册: generated with the planning records (bench/generate-planning.ts), by id not by name
      staff: {},
    };
    for (const u of DEMO_USERS) {
      base.users[u.username] = addUser(u.username, u.name, u.org(base), u.grants.map((g) => ({ role: g.role, org: g.org(base), scope: g.scope })));
    }
    townships[0].staffUserId = base.users.nzs_sfs;
    townships[0].staffUsername = 'nzs_sfs';
    townships[1].staffUserId = base.users.nb_sfs;
    townships[1].staffUsername = 'nb_sfs';
    // One 司法所 user per other township, with the same role and scope as nzs_sfs.
    for (const t of townships.slice(2)) {
      const username = `t${String(t.index + 1).padStart(2, '0')}_sfs`;
      const person = rng.pick([...SURNAMES]) + rng.pick(rng.chance(0.5) ? MALE : FEMALE);
      t.staffUserId = addUser(username, `${t.name}司法所 ${person}`, departmentsOf[t.index].司法所, [{ role: 'judicial_staff', org: t.id, scope: 'subtree' }]);
      t.staffUsername = username;
    }

    // ——— people ———
    const pools = new Map<string, Row[]>();
    let personClock = 0;
    const personName = (gender: '男' | '女') => rng.pick([...SURNAMES]) + rng.pick(gender === '男' ? MALE : FEMALE);
    const idCard = (gender: '男' | '女') => {
      const birth = `${rng.int(1945, 2004)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
      const sex = gender === '男' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]);
      const first17 = `${rng.pick(AREA)}${birth}${rng.int(0, 9)}${rng.int(0, 9)}${sex}`;
      return first17 + idCardCheckChar(first17);
    };
    const phone = () => `1${rng.pick(['35', '39', '52', '58', '87', '88', '36', '77', '99', '80', '33'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    /** A person row, encrypted exactly as people.service.ts createPerson does. */
    const newPerson = (orgId: string, gender: '男' | '女', o2: { id?: boolean; phone?: boolean; address?: string | null; createdAt?: string } = {}): Row => {
      const card = o2.id ? idCard(gender) : null;
      const tel = o2.phone ? phone() : null;
      const created = o2.createdAt ?? at;
      return {
        id: rng.uuidv7(Date.parse(created) + (personClock++ % 1000)),
        org_id: orgId,
        name: personName(gender),
        gender,
        id_card_enc: crypto.encryptOpt(card),
        id_card_bidx: card ? crypto.blindIndex('id_card', card) : null,
        phone_enc: crypto.encryptOpt(tel),
        phone_bidx: tel ? crypto.blindIndex('phone', tel) : null,
        address_enc: crypto.encryptOpt(o2.address ?? null),
        created_by: null,
        created_at: created,
        updated_at: created,
      };
    };

    // ——— committees, mediators, 法律明白人, screenings ———
    const people: Row[] = [];
    const committees: Row[] = [];
    const mediators: Row[] = [];
    const committeeOf = new Map<string, Committee>();
    const addCommittee = (orgId: string, orgName: string, kind: string, prefix: string) => {
      const id = rng.uuidv7(day('2015-03-01') + committees.length);
      committees.push({ id, org_id: orgId, name: `${orgName}人民调解委员会`, kind, case_prefix: prefix, active: 1, created_at: at, updated_at: at });
      const c: Committee = { id, org_id: orgId, kind, case_prefix: prefix, mediators: [] };
      const n = kind === 'township' ? rng.int(5, 9) : rng.int(3, 5);
      for (let i = 0; i < n; i++) {
        // 人民调解法 art. 9: every committee has a woman member.
        const gender: '男' | '女' = i === 1 || rng.chance(0.2) ? '女' : '男';
        const p = newPerson(orgId, gender, { phone: true });
        people.push(p);
        const title: MediatorTitle = i === 0 ? 'chair' : i === 1 && rng.chance(0.6) ? 'vice_chair' : rng.chance(0.5) ? 'member' : 'mediator';
        const mid = rng.uuidv7(day('2015-03-01') + mediators.length);
        mediators.push({ id: mid, org_id: orgId, committee_id: id, user_id: null, person_id: p.id as string, title, is_legal_understander: rng.chance(0.3) ? 1 : 0, active: 1, created_at: at, updated_at: at });
        c.mediators.push({ id: mid, user_id: null });
      }
      committeeOf.set(orgId, c);
      return c;
    };
    for (const t of townships) {
      addCommittee(t.id, t.name, 'township', t.prefix);
      for (const v of t.villages) addCommittee(v.id, v.name, 'village', `${v.name}调`);
    }
    // The demo mediator account (张桂兰) sits on the 娘子神村 committee, as in the demo seed.
    {
      const c = committeeOf.get(base.nzsVillages[0])!;
      const p = newPerson(c.org_id, '女', { phone: true });
      p.name = '张桂兰';
      people.push(p);
      const mid = rng.uuidv7(day('2015-03-02'));
      mediators.push({ id: mid, org_id: c.org_id, committee_id: c.id, user_id: base.users.nzs_mediator, person_id: p.id as string, title: 'mediator', is_legal_understander: 1, active: 1, created_at: at, updated_at: at });
      c.mediators.push({ id: mid, user_id: base.users.nzs_mediator });
    }

    const understanders: Row[] = [];
    const activities: Row[] = [];
    const screenings: Row[] = [];
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
    const activityKinds: (readonly [Exclude<ActivityKind, 'training'>, number])[] = [
      ['publicity', 5],
      ['mediation', 3],
      ['guidance', 2],
      ['governance', 2],
    ];
    const deeds: Record<ActivityKind, string[]> = {
      training: ['县司法局法律明白人示范培训', '民法典专题培训', '乡司法所季度业务培训', '人民调解实务培训'],
      publicity: ['入户宣传民法典', '宪法宣传周院坝宣讲', '6·26禁毒宣传', '在村微信群转发普法信息'],
      guidance: ['引导村民申请法律援助', '陪同村民到公共法律服务工作站咨询', '协助村民联系村法律顾问'],
      mediation: ['参与化解邻里纠纷', '协助调解宅基地界址纠纷', '劝解家庭矛盾'],
      governance: ['参与修订村规民约', '列席村民代表会议', '参与村务监督'],
    };
    const fromYear = Number(o.from.slice(0, 4));
    const toYear = Number(o.to.slice(0, 4));
    const lastMonth = o.to.slice(0, 7);
    const dateIn = (a: string, b: string) => new Date(day(a) + Math.floor(rng.float() * ((day(b) - day(a)) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
    for (const t of townships) {
      for (const [vi, v] of t.villages.entries()) {
        const n = rng.weighted([
          [1, 1],
          [2, 3],
          [3, 6],
          [4, 4],
          [5, 2],
        ] as const);
        for (let i = 0; i < n; i++) {
          const gender: '男' | '女' = rng.chance(0.4) ? '女' : '男';
          const p = newPerson(v.id, gender, { id: true, phone: true });
          people.push(p);
          const appointed = dateIn(maxDate(o.from, `${toYear - 3}-01-01`), minDate(o.to, `${toYear}-06-30`));
          const uid = rng.uuidv7(day(appointed));
          understanders.push({ id: uid, org_id: v.id, person_id: p.id, category: rng.weighted(categories), appointed_on: appointed, active: 1, created_at: `${appointed}T02:00:00.000Z`, updated_at: `${appointed}T02:00:00.000Z` });
          for (let y = Number(appointed.slice(0, 4)); y <= toYear; y++) {
            const yFrom = maxDate(appointed, `${y}-01-01`);
            const yTo = minDate(`${y}-12-31`, o.to);
            if (yFrom > yTo) continue;
            for (let k = rng.int(1, 3) + rng.int(2, 6); k > 0; k--) {
              const kind: ActivityKind = k <= 2 && rng.chance(0.7) ? 'training' : rng.weighted(activityKinds);
              const held = dateIn(yFrom, yTo);
              activities.push({
                id: rng.uuidv7(day(held)),
                understander_id: uid,
                org_id: v.id,
                kind,
                held_on: held,
                hours: kind === 'training' ? rng.pick([2, 3, 3, 4, 6]) : rng.pick([1, 1.5, 2, 3]),
                summary: rng.pick(deeds[kind]),
                created_by: t.staffUserId,
                created_at: `${held}T08:00:00.000Z`,
              });
            }
          }
        }
        // Monthly screening (矛盾纠纷排查); a few careless villages miss months.
        const sloppy = vi % 7 === 6;
        for (let y = fromYear; y <= toYear; y++) {
          for (let m = 1; m <= 12; m++) {
            const period = `${y}-${String(m).padStart(2, '0')}`;
            if (period > lastMonth) break;
            if (rng.chance(period === lastMonth ? 0.5 : sloppy ? 0.12 : 0.02)) continue;
            const zero = rng.chance(0.45);
            const found = zero ? 0 : rng.weighted([
              [1, 5],
              [2, 3],
              [3, 2],
              [4, 1],
            ] as const);
            const escalated = found > 0 && rng.chance(0.12) ? 1 : 0;
            const resolved = Math.max(0, found - escalated - (rng.chance(0.15) ? 1 : 0));
            const reported = period === lastMonth ? o.to : `${period}-${rng.int(24, 28)}`;
            screenings.push({
              id: rng.uuidv7(day(reported)),
              org_id: v.id,
              period,
              found,
              resolved,
              escalated,
              zero_report: zero ? 1 : 0,
              notes: zero ? null : rng.pick(['网格员走访排查', '村两委集中排查', '结合入户走访排查', '节前专项排查']),
              reported_by: t.staffUserId,
              created_at: `${reported}T02:00:00.000Z`,
              updated_at: `${reported}T02:00:00.000Z`,
            });
          }
        }
      }
    }
    await write([
      ['orgs', orgs],
      ['users', users],
      ['role_grants', grants],
      ['people', people],
      ['mediation_committees', committees],
      ['mediators', mediators],
      ['legal_understanders', understanders],
      ['understander_activities', activities],
      ['screenings', screenings],
    ]);

    // ——— how many disputes each township receives each year (largest remainder: exactly o.disputes) ———
    const years: { year: number; from: string; to: string; days: number }[] = [];
    for (let y = fromYear; y <= toYear; y++) {
      const a = maxDate(o.from, `${y}-01-01`);
      const b = minDate(o.to, `${y}-12-31`);
      years.push({ year: y, from: a, to: b, days: (day(b) - day(a)) / 86_400_000 + 1 });
    }
    const cells = townships.flatMap((t) => years.map((y) => ({ t, y, share: t.weight * y.days })));
    const totalShare = cells.reduce((s, c) => s + c.share, 0);
    const alloc = cells.map((c) => {
      const exact = (o.disputes * c.share) / totalShare;
      return { ...c, n: Math.floor(exact), rem: exact - Math.floor(exact) };
    });
    let left = o.disputes - alloc.reduce((s, c) => s + c.n, 0);
    for (const c of [...alloc].sort((x, y) => y.rem - x.rem)) {
      if (left-- <= 0) break;
      c.n++;
    }

    // ——— disputes, one township per transaction ———
    const typeWeights = SEED_TYPES.map((t) => [t, t.weight] as const);
    const sourceWeights = SEED_SOURCES.map((s) => [s.code, s.weight] as const);
    const today = o.to;
    let done = 0;
    for (const t of townships) {
      const chunkPeople: Row[] = [];
      const disputes: Row[] = [];
      const parties: Row[] = [];
      const assignments: Row[] = [];
      const sessions: Row[] = [];
      const agreements: Row[] = [];
      const confirmations: Row[] = [];
      const followUps: Row[] = [];
      const referrals: Row[] = [];
      const township = committeeOf.get(t.id)!;
      const court = `示范县人民法院${COURTS[t.index % COURTS.length]}人民法庭`;
      for (const cell of alloc.filter((c) => c.t === t)) {
        const { year } = cell.y;
        const seqOf = new Map<string, number>();
        const dates = Array.from({ length: cell.n }, () => dateIn(cell.y.from, cell.y.to)).sort();
        for (const received of dates) {
          const type: SeedType = rng.weighted(typeWeights);
          const village = rng.pick(t.villages);
          // Bigger or cross-village cases go to the township committee.
          const committee = rng.chance(type.township) ? township : committeeOf.get(village.id)!;
          const seq = (seqOf.get(committee.id) ?? 0) + 1;
          seqOf.set(committee.id, seq);
          const age = (day(today) - day(received)) / 86_400_000;
          const risk = rng.weighted([
            ['low', 74],
            ['medium', 21],
            ['high', 5],
          ] as const);
          const open = risk === 'high' ? (age < 20 ? rng.chance(0.85) : age < 120 ? rng.chance(0.45) : rng.chance(0.02)) : age < 20 ? rng.chance(0.7) : age < 45 ? rng.chance(0.25) : rng.chance(0.012);
          const closedOn = open
            ? null
            : minDate(
                addDaysIso(
                  received,
                  rng.weighted([
                    [rng.int(0, 3), 4],
                    [rng.int(4, 15), 5],
                    [rng.int(16, 30), 3],
                    [rng.int(31, 60), 1],
                  ] as const),
                ),
                today,
              );
          const outcome = open
            ? null
            : rng.weighted([
                ['success', 90],
                ['failure', 6],
                ['terminated', 4],
              ] as const);
          const source = rng.weighted(sourceWeights);
          const amountYuan = rng.chance(type.amountChance) ? Math.round((type.amount[0] + rng.float() * (type.amount[1] - type.amount[0])) / 100) * 100 : 0;
          const peopleCount = rng.chance(type.groupChance) ? rng.int(8, 36) : rng.int(2, 5);
          const createdAt = `${received}T01:30:00.000Z`;
          // Some people come back: one in twelve applicants already had a dispute in this village.
          const pool = pools.get(village.id) ?? [];
          const personFor = (gender: '男' | '女', withId: number, withPhone: number, not?: Row) => {
            if (pool.length > 1 && rng.chance(1 / 12)) {
              const p = pool[rng.int(0, pool.length - 1)];
              if (p !== not) return p;
            }
            const p = newPerson(village.id, gender, {
              id: rng.chance(withId),
              phone: rng.chance(withPhone),
              address: rng.chance(0.3) ? `${t.name}${village.name}${rng.int(1, 9)}组${rng.int(1, 60)}号` : null,
              createdAt,
            });
            chunkPeople.push(p);
            if (pool.length < 40) pool.push(p);
            else pool[rng.int(0, 39)] = p;
            pools.set(village.id, pool);
            return p;
          };
          const a = personFor(rng.chance(type.femaleApplicant) ? '女' : '男', 0.7, 0.8);
          const orgParty = type.organisation && rng.chance(0.5) ? rng.pick(COMPANIES) : null;
          const b = orgParty ? null : personFor(rng.chance(0.35) ? '女' : '男', 0.5, 0.6, a);
          const aName = a.name as string;
          const other = orgParty ?? (b!.name as string);
          const id = rng.uuidv7(day(received) + 3_600_000 + seq);
          const staff = committee.kind === 'township' || rng.chance(0.5) ? t.staffUserId : null;
          const summary = rng.pick(type.summaries).replaceAll('{a}', aName).replaceAll('{b}', other);
          disputes.push({
            id,
            org_id: committee.org_id,
            committee_id: committee.id,
            case_no: `${committee.case_prefix}〔${year}〕${seq}号`,
            case_year: year,
            case_seq: seq,
            title: `${aName}与${other}${type.label}纠纷`,
            source,
            type: type.code,
            summary,
            village_id: village.id,
            amount_fen: amountYuan * 100,
            people_count: peopleCount,
            risk_level: risk,
            status: open ? (rng.chance(0.8) ? 'mediating' : 'registered') : 'closed',
            received_on: received,
            closed_on: closedOn,
            outcome,
            outcome_reason:
              outcome === 'failure'
                ? rng.pick(['双方分歧较大，经多次调解未能达成协议', '被申请人拒不接受调解方案', '赔偿金额差距过大'])
                : outcome === 'terminated'
                  ? rng.pick(['申请人撤回调解申请', '一方明确拒绝继续调解（人民调解法第17条）', '当事人已向人民法院起诉'])
                  : null,
            party_names: joinPartyNames([aName, other]),
            created_by: staff,
            created_at: createdAt,
            updated_at: `${closedOn ?? received}T08:00:00.000Z`,
            version: 1,
          });
          const ms = day(received) + 7_200_000;
          parties.push({ id: rng.uuidv7(ms), dispute_id: id, org_id: committee.org_id, kind: 'person', person_id: a.id, organisation_name: null, organisation_code: null, role: 'applicant', sort: 0 });
          parties.push(
            orgParty
              ? { id: rng.uuidv7(ms), dispute_id: id, org_id: committee.org_id, kind: 'organisation', person_id: null, organisation_name: orgParty, organisation_code: null, role: 'respondent', sort: 1 }
              : { id: rng.uuidv7(ms), dispute_id: id, org_id: committee.org_id, kind: 'person', person_id: b!.id, organisation_name: null, organisation_code: null, role: 'respondent', sort: 1 },
          );
          const lead = rng.pick(committee.mediators);
          assignments.push({ id: rng.uuidv7(ms), dispute_id: id, org_id: committee.org_id, mediator_id: lead.id, user_id: lead.user_id, role: 'lead', created_at: `${received}T02:00:00.000Z` });
          const assist = committee.mediators.find((m) => m.id !== lead.id && rng.chance(0.4));
          if (assist) assignments.push({ id: rng.uuidv7(ms), dispute_id: id, org_id: committee.org_id, mediator_id: assist.id, user_id: assist.user_id, role: 'assist', created_at: `${received}T02:00:00.000Z` });
          const lastSession = closedOn ?? minDate(addDaysIso(received, rng.int(1, 10)), today);
          const nSessions = open && age < 3 ? 0 : rng.int(1, 3);
          for (let s = 0; s < nSessions; s++) {
            const held = s === nSessions - 1 ? lastSession : dateIn(received, lastSession);
            sessions.push({
              id: rng.uuidv7(day(held) + 25_200_000),
              dispute_id: id,
              org_id: committee.org_id,
              held_on: held,
              place: rng.pick(['村委会调解室', '乡司法所调解室', '当事人家中', '田间地头现场']),
              notes: rng.pick(['听取双方陈述，释明相关法律规定', '实地查看现场，核实事实', '背靠背分别做工作，双方立场有所松动', '组织双方面对面协商，初步达成一致意见']),
              created_by: staff,
              created_at: `${held}T07:00:00.000Z`,
            });
          }
          if (outcome === 'success' && closedOn) {
            const written = rng.chance(0.72);
            const deadline = addDaysIso(closedOn, rng.pick([0, 7, 15, 30, 60]));
            const cms = day(closedOn) + 28_800_000;
            agreements.push({
              id: rng.uuidv7(cms),
              dispute_id: id,
              org_id: committee.org_id,
              form: written ? 'written' : 'oral',
              facts: summary,
              issues: `双方就${type.label}问题存在争议`,
              responsibilities: rng.pick(['双方均有一定责任', '被申请人负主要责任', '经调解双方互谅互让']),
              terms: amountYuan > 0 ? `${other}于${deadline}前一次性支付${aName}人民币${amountYuan}元，双方就此事再无其他争议。` : `双方互相谅解，${other}当面赔礼道歉，今后和睦相处。`,
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
                id: rng.uuidv7(day(applied)),
                dispute_id: id,
                org_id: committee.org_id,
                applied_on: applied,
                court,
                result: decided <= today ? 'confirmed' : 'pending',
                decided_on: decided <= today ? decided : null,
                notes: null,
                created_at: `${applied}T03:00:00.000Z`,
                updated_at: `${minDate(decided, today)}T03:00:00.000Z`,
              });
            }
            // 回访 (art. 31): most visits done around the due date, some slip.
            const due = addDaysIso(closedOn, 30);
            const recent = addDaysIso(due, 90) > today;
            const doneOn =
              due <= today
                ? rng.chance(recent ? 0.75 : 0.99)
                  ? minDate(addDaysIso(due, rng.int(-10, 3)), today)
                  : null
                : rng.chance(0.2)
                  ? minDate(addDaysIso(closedOn, rng.int(5, 20)), today)
                  : null;
            followUps.push({
              id: rng.uuidv7(cms),
              dispute_id: id,
              org_id: committee.org_id,
              due_on: due,
              done_on: doneOn,
              method: doneOn ? rng.pick(['电话回访', '上门回访']) : null,
              performance: doneOn
                ? rng.weighted([
                    ['performed', 88],
                    ['partial', 9],
                    ['not_performed', 3],
                  ] as const)
                : null,
              notes: doneOn ? rng.pick(['协议已履行完毕，双方关系缓和', '按约履行，当事人满意', '部分款项尚未支付，已督促']) : null,
              created_by: staff,
              created_at: `${closedOn}T08:00:00.000Z`,
              updated_at: `${doneOn ?? closedOn}T08:00:00.000Z`,
            });
          }
          if (outcome === 'failure' && closedOn && rng.chance(0.5)) {
            const target = rng.weighted([
              ['litigation', 6],
              ['petition', 2],
              ['police', 2],
            ] as const);
            referrals.push({
              id: rng.uuidv7(day(closedOn) + 32_400_000),
              dispute_id: id,
              org_id: committee.org_id,
              target,
              referred_on: closedOn,
              receiver: target === 'litigation' ? '示范县人民法院' : target === 'petition' ? '示范县信访局' : `示范县公安局${t.name.slice(0, 2)}派出所`,
              notes: '告知当事人依法通过其他途径解决（人民调解法第26条）',
              created_by: staff,
              created_at: `${closedOn}T09:00:00.000Z`,
            });
          }
        }
      }
      await write([
        ['people', chunkPeople],
        ['disputes', disputes],
        ['dispute_parties', parties],
        ['dispute_assignments', assignments],
        ['dispute_sessions', sessions],
        ['dispute_agreements', agreements],
        ['judicial_confirmations', confirmations],
        ['follow_ups', followUps],
        ['referrals', referrals],
      ]);
      done += disputes.length;
      say(`  ${t.name.padEnd(6, '　')} ${String(disputes.length).padStart(7)} 件  (${done}/${o.disputes}, ${Math.round((Date.now() - t0) / 1000)} s)`);
    }

    // ——— 工作人员名册, 强化组织领导 (planning) and 学法培训 (study) for the last three years: a generator of their own, so the
    // disputes above stay exactly those of earlier generator versions ———
    {
      const years = [toYear - 2, toYear - 1, toYear];
      say(`工作人员名册、法治建设工作要点 / staff and planning: ${o.townships} townships × ${years.join(', ')}`);
      const prng = new Rng((o.seed ^ 0x5eed_2024) >>> 0);
      const input: PlanningInput = {
        rng: prng,
        today: o.to,
        at,
        years,
        county: { id: county.id, officeId: countyOffice.id, justiceId: justice.id, userId: base.users.county },
        townships: townships.map((t) => ({
          id: t.id,
          name: t.name,
          departments: departmentsOf[t.index],
          users:
            t.index === 0
              ? { sfs: base.users.nzs_sfs, leader: base.users.nzs_leader, reviewer: base.users.nzs_reviewer, officer: base.users.nzs_officer }
              : { sfs: t.staffUserId },
        })),
        personName: (g) => prng.pick([...SURNAMES]) + prng.pick(g === '男' ? MALE : FEMALE),
      };
      const staff = generateStaff(input);
      await write([['staff', staff.rows], ...generatePlanning(input, staff.rosters)]);
      say('学法培训 / study: plans, sessions, attendance, tests');
      await write(generateStudy(input, staff.rosters));
    }

    await recordAudit(systemCtx(deps), { entity: 'system', action: 'seed.bench', after: { seed: o.seed, disputes: o.disputes, townships: o.townships, villages: o.villages, from: o.from, to: o.to } });
    await sink.finish();
    const rows: Record<string, number> = {};
    for (const table of Object.keys(counts)) {
      // biome-ignore lint/suspicious/noExplicitAny: table names from the chunks written above
      const r = await (deps.database.db as unknown as Kysely<any>).selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      rows[table] = Number(r.n);
    }

    const sample = townships[0];
    const meta: BenchMeta = {
      generator: GENERATOR_VERSION,
      schema: schemaFingerprint(),
      seed: o.seed,
      disputes: o.disputes,
      townships: o.townships,
      villages: townships.reduce((s, t) => s + t.villages.length, 0),
      from: o.from,
      to: o.to,
      engine,
      file: engine === 'sqlite' ? path.relative(process.cwd(), o.file) : null,
      generatedAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - t0) / 100) / 10,
      rows,
      sampleTownship: { id: sample.id, name: sample.name, username: sample.staffUsername },
    };
    if (engine === 'sqlite') writeFileSync(metaPathFor(o.file), `${JSON.stringify(meta, null, 2)}\n`);
    const size = engine === 'sqlite' ? ` ${(statSync(o.file).size / 1048576).toFixed(0)} MB,` : '';
    say(`完成 / done:${size} ${meta.seconds} s — ${Object.entries(rows).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    return meta;
  } finally {
    await deps.database.close();
  }
}

export function optionsFrom(argv: string[], env: NodeJS.ProcessEnv = process.env): GenerateOptions {
  const args = parseArgs(argv);
  const known = new Set(['seed', 'disputes', 'townships', 'villages', 'from', 'to', 'file', 'force', 'reset', 'quiet']);
  for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const date = (name: string, def: string) => {
    const v = args.get(name) ?? def;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(day(v))) throw new Error(`--${name} must be YYYY-MM-DD`);
    return v;
  };
  return {
    seed: intArg(args, 'seed', DEFAULTS.seed, 0),
    disputes: intArg(args, 'disputes', DEFAULTS.disputes, 0),
    townships: intArg(args, 'townships', DEFAULTS.townships, 2),
    villages: intArg(args, 'villages', DEFAULTS.villages, 2),
    from: date('from', DEFAULTS.from),
    to: date('to', todayShanghai()),
    file: path.resolve(args.get('file') ?? DEFAULT_FILE),
    databaseUrl: env.DATABASE_URL || undefined,
    force: args.has('force'),
    reset: args.has('reset'),
    quiet: args.has('quiet'),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generate(optionsFrom(process.argv.slice(2))).catch((err) => {
    process.stderr.write(`生成失败 / generation failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
