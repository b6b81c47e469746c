/**
 * The portal benchmark's database (bench/data/portal.sqlite): the demo county's org tree and users
 * (server/seed/base.ts: 示范县, 娘子神乡, 白杨镇 and their villages), ~500 published publicity items
 * (articles with a Chinese body of ~1,500 characters, some posters and videos without files) spread
 * over the last year, and a year of first-party view rows per item, day, channel and village tag.
 *
 * A file of its own, so the portal scenario neither needs nor regenerates the 200,000-dispute file.
 *
 *   node --import tsx bench/generate-publicity.ts [--items 500] [--seed 7] [--file bench/data/portal.sqlite]
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_THEMES, type VIEW_CHANNELS } from '../common/publicity-enums.ts';
import { loadConfig } from '../server/config.ts';
import { createDeps } from '../server/deps.ts';
import { hashPassword } from '../server/platform/crypto.ts';
import { addDaysIso, todayShanghai } from '../server/platform/time.ts';
import { DEMO_PASSWORD, seedBase } from '../server/seed/base.ts';
import { BENCH_SECRET, DATA_DIR, intArg, metaPathFor, parseArgs, Rng, schemaFingerprint } from './common.ts';

export const PORTAL_FILE = path.join(DATA_DIR, 'portal.sqlite');
/** Bump when the generated data changes shape. */
export const PORTAL_GENERATOR_VERSION = 1;

export interface PortalMeta {
  generator: number;
  schema: string;
  items: number;
  seed: number;
  viewRows: number;
  viewTotal: number;
  generatedAt: string;
  seconds: number;
}

const LAWS = ['中华人民共和国宪法', '中华人民共和国民法典', '中华人民共和国反电信网络诈骗法', '中华人民共和国禁毒法', '中华人民共和国国家安全法', '中华人民共和国未成年人保护法', '中华人民共和国安全生产法', '中华人民共和国消费者权益保护法', '中华人民共和国农村土地承包法', '中华人民共和国土地管理法'];
const TOPICS = ['冒充客服退款诈骗', '宅基地使用权', '居住权', '赡养老人义务', '农村土地承包经营权流转', '校园欺凌', '电动车安全', '禁毒知识', '国家安全人人有责', '消费者七日无理由退货', '婚前财产约定', '邻里纠纷调解', '农民工工资支付', '网络谣言的法律责任', '燃放烟花爆竹安全'];
const SENTENCES = [
  '近期，我乡司法所结合典型案例，向群众讲解相关法律规定。',
  '根据法律规定，当事人应当依法行使权利、履行义务，不得损害他人合法权益。',
  '遇到纠纷时，可以向村人民调解委员会申请调解，也可以向人民法院提起诉讼。',
  '群众如有疑问，可拨打公共法律服务热线12348咨询。',
  '网格员将在近期入户宣讲，发放宣传资料，欢迎大家踊跃参与。',
  '请广大群众提高警惕，不轻信陌生来电，不随意透露个人信息。',
  '以案释法：某村村民因琐事发生争执，经调解双方达成协议，矛盾得以化解。',
  '学法、知法、守法、用法，共同建设法治乡村。',
];

function body(rng: Rng, topic: string): string {
  const parts: string[] = [`<p>${topic}是群众关心的问题。${rng.pick(SENTENCES)}</p>`];
  for (let i = 0; i < 6; i++) {
    if (i === 2) parts.push(`<h2>${topic}要注意什么</h2>`);
    parts.push(`<p>${Array.from({ length: 4 }, () => rng.pick(SENTENCES)).join('')}</p>`);
  }
  parts.push(`<ul><li>${rng.pick(SENTENCES)}</li><li>${rng.pick(SENTENCES)}</li></ul>`);
  return parts.join('');
}

export async function generatePublicity(opts: { file?: string; items?: number; seed?: number } = {}): Promise<PortalMeta> {
  const t0 = Date.now();
  const file = opts.file ?? PORTAL_FILE;
  const items = opts.items ?? 500;
  const seed = opts.seed ?? 7;
  mkdirSync(path.dirname(file), { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`, metaPathFor(file)]) if (existsSync(f)) rmSync(f);
  const config = loadConfig({ FAZHI_DATA_DIR: path.dirname(file), FAZHI_SECRET: BENCH_SECRET, LOG_LEVEL: 'warn', DATABASE_URL: '' });
  const deps = await createDeps(config, { sqliteFile: file });
  const db = deps.database.db;
  try {
    const ids = await seedBase(db, { passwordHash: await hashPassword(DEMO_PASSWORD, config.pbkdf2Iterations) });
    const rng = new Rng(seed);
    const today = todayShanghai();
    const start = addDaysIso(today, -365);
    const units = [
      { orgId: ids.county, villages: [...ids.nzsVillages, ...ids.nbVillages], weight: 1 },
      { orgId: ids.nzs, villages: ids.nzsVillages, weight: 4 },
      { orgId: ids.nb, villages: ids.nbVillages, weight: 4 },
    ];
    const contents: Record<string, unknown>[] = [];
    const themes: Record<string, unknown>[] = [];
    const laws: Record<string, unknown>[] = [];
    const views: Record<string, unknown>[] = [];
    let viewTotal = 0;
    for (let i = 0; i < items; i++) {
      const unit = rng.weighted(units.map((u) => [u, u.weight] as const));
      const day = addDaysIso(start, rng.int(0, 364));
      const at = `${day}T0${rng.int(0, 9)}:${String(rng.int(10, 59))}:00.000Z`;
      const id = rng.uuidv7(Date.parse(at));
      const kind = rng.weighted([
        ['article', 8],
        ['poster', 1],
        ['video', 1],
      ] as const);
      const topic = rng.pick(TOPICS);
      const title = `${topic}${kind === 'poster' ? '宣传海报' : kind === 'video' ? '普法短视频' : '，这些法律知识要知道'}（第${i + 1}期）`;
      contents.push({
        id,
        org_id: unit.orgId,
        kind,
        title,
        summary: `${topic}：${rng.pick(SENTENCES)}`,
        body_html: kind === 'article' ? body(rng, topic) : null,
        file_id: null,
        cover_file_id: null,
        state: 'published',
        slug: `b${i.toString(36).padStart(4, '0')}`,
        author_id: null,
        submitted_at: at,
        reviewed_by: null,
        reviewed_at: at,
        review_note: null,
        published_at: at,
        withdrawn_at: null,
        withdraw_reason: null,
        pia_ref: null,
        created_at: at,
        updated_at: at,
      });
      const th = new Set([rng.pick(BUILTIN_THEMES), ...(rng.chance(0.4) ? [rng.pick(BUILTIN_THEMES)] : [])]);
      for (const theme of th) themes.push({ content_id: id, org_id: unit.orgId, theme });
      laws.push({ id: rng.uuidv7(Date.parse(at)), content_id: id, org_id: unit.orgId, law: rng.pick(LAWS), sort: 0 });
      // reads fall off after publication: many in the first week, a trickle after
      for (let d = day; d < today; d = addDaysIso(d, 1)) {
        const age = (Date.parse(d) - Date.parse(day)) / 86_400_000;
        if (!rng.chance(age < 7 ? 0.95 : age < 30 ? 0.4 : 0.08)) continue;
        const rows = rng.int(1, 3);
        const seen = new Set<string>();
        for (let k = 0; k < rows; k++) {
          const channel = rng.weighted([
            ['qr', 35],
            ['wechat_group', 30],
            ['direct', 15],
            ['wechat_account', 10],
            ['douyin', 5],
            ['link', 5],
          ] as const satisfies readonly (readonly [(typeof VIEW_CHANNELS)[number], number])[]);
          const village = rng.chance(0.6) ? rng.pick(unit.villages) : '';
          const key = `${channel}|${village}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const count = age < 7 ? rng.int(5, 80) : rng.int(1, 10);
          viewTotal += count;
          views.push({ content_id: id, org_id: unit.orgId, day: d, channel, village_org_id: village, count });
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      const chunk = async (table: 'publicity_contents' | 'publicity_content_themes' | 'publicity_content_laws' | 'publicity_views', rows: Record<string, unknown>[], n: number) => {
        for (let i = 0; i < rows.length; i += n) await trx.insertInto(table).values(rows.slice(i, i + n) as never).execute();
      };
      await chunk('publicity_contents', contents, 50);
      await chunk('publicity_content_themes', themes, 500);
      await chunk('publicity_content_laws', laws, 500);
      await chunk('publicity_views', views, 1000);
    });
    const meta: PortalMeta = {
      generator: PORTAL_GENERATOR_VERSION,
      schema: schemaFingerprint(),
      items,
      seed,
      viewRows: views.length,
      viewTotal,
      generatedAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - t0) / 100) / 10,
    };
    writeFileSync(metaPathFor(file), `${JSON.stringify(meta, null, 2)}\n`);
    return meta;
  } finally {
    await deps.database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2));
  generatePublicity({ file: args.get('file') ? path.resolve(args.get('file') as string) : undefined, items: intArg(args, 'items', 500), seed: intArg(args, 'seed', 7, 0) })
    .then((m) => process.stdout.write(`portal data: ${m.items} items, ${m.viewRows} view rows (${m.viewTotal} views) in ${m.seconds} s\n`))
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}
