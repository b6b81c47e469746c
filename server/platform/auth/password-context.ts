import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Ctx } from '../context.ts';

/**
 * The context list of security S1 ("乡镇名, admin, 123456…"): words a person here would build a
 * password from — their own name, their village, township and county, the other townships of the
 * county — as written and in pinyin, since passwords are typed in Latin letters ("Niangzishen@2026",
 * "Lijing#2026", "nzsx2026!").
 *
 * Pinyin comes from `pinyin-pro` (polyphones by word: 长安 changan, 重阳 chongyang), run in a worker
 * thread that exits after the conversion: the library holds ≈ 25 MB once loaded, too much to keep in
 * a server process for a check made at a password change.
 */

const PINYIN_MODULE = createRequire(import.meta.url).resolve('pinyin-pro');
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { pinyin } = require(workerData.module);
const opts = { toneType: 'none', type: 'array', nonZh: 'removed' };
parentPort.postMessage(workerData.names.map((n) => [pinyin(n, opts).join(''), pinyin(n, { ...opts, pattern: 'first' }).join('')]));
`;

/** Each name's full pinyin and its initials, lower case, without tones or spaces. */
export function toPinyin(names: string[]): Promise<[full: string, initials: string][]> {
  if (names.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { module: PINYIN_MODULE, names }, resourceLimits: { maxOldGenerationSizeMb: 96 } });
    w.once('message', (m: [string, string][]) => resolve(m.map(([f, i]) => [f.toLowerCase(), i.toLowerCase()])));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`pinyin worker exited with ${code}`));
    });
  });
}

/** 娘子神乡 → 娘子神, 东沟村 → 东沟: the name people say. */
function withoutSuffix(name: string): string {
  const m = /^(.{2,}?)(街道|社区|乡|镇|村|县|区|市)$/.exec(name);
  return m ? m[1] : name;
}

/**
 * The words a password must not contain, for a user of `orgId` named `displayName`. Their own name
 * and orgs count with initials too (≥ 3 letters: "nzsx"); the county's other townships by their full
 * pinyin only (≥ 5 letters), so that a random password is not refused for three letters in a row.
 */
export async function passwordContext(ctx: Ctx, user: { orgId: string | null; displayName: string }): Promise<string[]> {
  // a display name may carry the office before the person ("娘子神乡司法所 李静"): each part counts
  const own = new Set<string>([user.displayName, ...user.displayName.split(/[\s·•,，、()（）]+/).filter(Boolean)]);
  const county = new Set<string>();
  if (user.orgId) {
    const org = await ctx.db.selectFrom('orgs').select(['path']).where('id', '=', user.orgId).executeTakeFirst();
    const chain = org ? org.path.split('/').filter(Boolean) : [];
    if (chain.length) {
      for (const o of await ctx.db.selectFrom('orgs').select(['name']).where('id', 'in', chain).execute()) own.add(o.name);
      const towns = await ctx.db
        .selectFrom('orgs')
        .select(['name'])
        .where('kind', '=', 'township')
        .where('path', 'like', `/${chain[0]}/%`)
        .execute();
      for (const t of towns) county.add(t.name);
    }
  }
  const ownNames = [...own].flatMap((n) => [n, withoutSuffix(n)]);
  const countyNames = [...county].flatMap((n) => [n, withoutSuffix(n)]);
  // one worker for both lists (starting one costs ≈ 0.1 s)
  const py = await toPinyin([...ownNames, ...countyNames]);
  const ownPy = py.slice(0, ownNames.length);
  const countyPy = py.slice(ownNames.length);
  const words = new Set<string>([...ownNames, ...countyNames]);
  for (const [full, initials] of ownPy) {
    if (full.length >= 3) words.add(full);
    if (initials.length >= 3) words.add(initials);
  }
  for (const [full] of countyPy) if (full.length >= 5) words.add(full);
  return [...words].filter((w) => w.length >= 2);
}
