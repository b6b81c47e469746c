import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteWrite } from '../../platform/read-cache.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { keyDateOccurrences } from '../publicity/keydates.service.ts';
import { insertContent, insertFile, PNG_1PX } from './portal.fixtures.ts';
import { safeBack } from './portal.routes.ts';

/**
 * The public portal: what a villager sees (published items only, escaped, Chinese, accessible
 * basics), what never leaks (drafts, items in review, other records' files), the large-text mode
 * without JavaScript, the page weight budget, and the page cache emptied by writes.
 */
let env: TestEnv;
const db = () => env.deps.database.db;
const get = (url: string, headers: Record<string, string> = {}) => env.call('GET', url, { headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) Mobile', ...headers } });

let article: { id: string; slug: string };
let poster: { id: string; slug: string };
let posterFile: string;

beforeAll(async () => {
  env = await createTestEnv();
  article = await insertContent(db(), {
    orgId: env.ids.nzs,
    title: '民法典里的“居住权”是什么？',
    summary: '一分钟读懂居住权',
    bodyHtml: '<p>《中华人民共和国民法典》第三百六十六条规定了居住权。</p><h2>怎么设立</h2><p>应当采用书面形式订立居住权合同。</p>',
    themes: ['civil_code', 'marriage_family'],
    laws: ['中华人民共和国民法典'],
    publishedAt: '2026-05-10T02:00:00.000Z',
  });
  poster = await insertContent(db(), { orgId: env.ids.nzs, kind: 'poster', title: '4·15全民国家安全教育日海报', bodyHtml: null, themes: ['national_security'], publishedAt: '2026-04-14T23:30:00.000Z' });
  posterFile = await insertFile(db(), env.deps.files, { orgId: env.ids.nzs, entity: 'publicity_content', entityId: poster.id, name: '国家安全海报.png', mime: 'image/png', data: PNG_1PX });
  await db().updateTable('publicity_contents').set({ file_id: posterFile }).where('id', '=', poster.id).execute();
  noteWrite('publicity_content');
});
afterAll(async () => env?.close());

describe('home /portal', () => {
  it('shows the county, the latest published items with org, date and themes, and links to themes', async () => {
    const r = await get('/portal');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html; charset=utf-8/);
    const h = r.body;
    expect(h).toContain('<html lang="zh-CN"');
    expect(h).toContain('示范县法治宣传');
    expect(h).toContain('民法典里的“居住权”是什么？');
    expect(h).toContain('娘子神乡');
    expect(h).toContain('2026-05-10');
    expect(h).toContain('href="/portal/t/civil_code"');
    // a poster is an image with alt text; its date is Shanghai's (23:30 UTC is the next morning)
    expect(h).toContain(`src="/portal/f/${poster.slug}/${posterFile}" alt="海报：4·15全民国家安全教育日海报"`);
    expect(h).toContain('2026-04-15');
    expect(h).toMatch(/<a class="skip" href="#main">/);
    expect(h).not.toMatch(/maximum-scale|user-scalable/);
  });

  it('shows no draft, no item in review, no withdrawn item', async () => {
    await insertContent(db(), { orgId: env.ids.nzs, title: '草稿不可见XYZ', state: 'draft' });
    await insertContent(db(), { orgId: env.ids.nzs, title: '待审不可见XYZ', state: 'review' });
    await insertContent(db(), { orgId: env.ids.nzs, title: '撤回不可见XYZ', state: 'withdrawn' });
    noteWrite('publicity_content');
    expect((await get('/portal')).body).not.toContain('不可见XYZ');
  });

  it('lists the coming key dates of the next 60 days once the calendar gives them', async () => {
    const root = await db().selectFrom('orgs').select('path').where('id', '=', env.ids.county).executeTakeFirstOrThrow();
    const today = todayShanghai();
    const coming = (await keyDateOccurrences({ deps: env.deps, db: db(), engine: env.deps.database.engine, actor: null, ip: null, requestId: null, lang: 'zh' }, root.path, today, addDaysIso(today, 60))).filter(
      (d) => !d.datesMissing && d.from,
    );
    const h = (await get('/portal')).body;
    if (coming.length === 0) expect(h).not.toContain('近期普法时间节点');
    else for (const d of coming) expect(h).toContain(d.name);
  });

  it('ships no script and far less than 150 KB of compressed CSS and JS', async () => {
    const h = (await get('/portal')).body;
    expect(h).not.toMatch(/<script/i);
    expect(h).not.toMatch(/<link[^>]+stylesheet/i);
    const css = [...h.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('');
    const compressed = gzipSync(Buffer.from(css)).length;
    expect(compressed).toBeGreaterThan(200);
    expect(compressed).toBeLessThan(150 * 1024);
    // the whole page, gzipped as served
    const gz = await get('/portal', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(20 * 1024);
    expect(gunzipSync(gz.rawPayload).toString()).toContain('示范县法治宣传');
  });

  it('answers with the security headers (CSP script-src self) and revalidation (ETag → 304)', async () => {
    const r = await get('/portal');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['cache-control']).toBe('no-cache');
    const again = await get('/portal', { 'if-none-match': String(r.headers.etag) });
    expect(again.statusCode).toBe(304);
  });
});

describe('article /portal/a/:slug', () => {
  it('shows title, org, date, themes, laws and the body; Open Graph title and description for a WeChat share', async () => {
    const r = await get(`/portal/a/${article.slug}?c=qr&v=x`);
    expect(r.statusCode).toBe(200);
    const h = r.body;
    expect(h).toContain('<h1>民法典里的“居住权”是什么？</h1>');
    expect(h).toContain('<p>《中华人民共和国民法典》第三百六十六条规定了居住权。</p><h2>怎么设立</h2>');
    expect(h).toContain('<li>中华人民共和国民法典</li>');
    expect(h).toContain('<meta property="og:title" content="民法典里的“居住权”是什么？">');
    expect(h).toContain('<meta property="og:description" content="一分钟读懂居住权">');
    expect(h).toContain('婚姻家庭');
  });

  it('escapes every value except the sanitised body', async () => {
    const a = await insertContent(db(), { orgId: env.ids.nzs, title: '<script>alert(1)</script>"标题"', summary: '"><img src=x onerror=alert(1)>', bodyHtml: '<p>正文</p>', themes: ['constitution'] });
    const h = (await get(`/portal/a/${a.slug}`)).body;
    expect(h).not.toContain('<script>alert(1)');
    expect(h).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;标题&quot;');
    expect(h).not.toContain('<img src=x');
    expect(h).toContain('content="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('sanitises the body again as it renders: a row written around the content service (an import, an older allow-list) cannot run script', async () => {
    const a = await insertContent(db(), { orgId: env.ids.nzs, title: '导入的旧文章', bodyHtml: '<p>正文<img src=x onerror=alert(1)></p><script>alert(2)</script><a href="javascript:alert(3)">链接</a><iframe src="https://tracker.example/"></iframe>' });
    const h = (await get(`/portal/a/${a.slug}`)).body;
    expect(h).toContain('<p>正文</p>');
    expect(h).not.toMatch(/onerror|<script>alert|javascript:|<iframe|tracker\.example/);
  });

  it('a poster shows its image with alt text', async () => {
    const h = (await get(`/portal/a/${poster.slug}`)).body;
    expect(h).toContain(`<img src="/portal/f/${poster.slug}/${posterFile}" alt="海报：4·15全民国家安全教育日海报">`);
    expect(h).toContain(`<meta property="og:image" content="/portal/f/${poster.slug}/${posterFile}">`);
  });

  it('a video shows a video element with a fallback link', async () => {
    const v = await insertContent(db(), { orgId: env.ids.nzs, kind: 'video', title: '反诈短视频', bodyHtml: null, summary: '三分钟识破电信诈骗' });
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(32)]);
    const fid = await insertFile(db(), env.deps.files, { orgId: env.ids.nzs, entity: 'publicity_content', entityId: v.id, name: '反诈.mp4', mime: 'video/mp4', data: mp4 });
    await db().updateTable('publicity_contents').set({ file_id: fid }).where('id', '=', v.id).execute();
    noteWrite('publicity_content');
    const h = (await get(`/portal/a/${v.slug}`)).body;
    expect(h).toContain(`<video controls preload="none" src="/portal/f/${v.slug}/${fid}"`);
    expect(h).toContain('无法播放？点此打开视频文件');
    const f = await get(`/portal/f/${v.slug}/${fid}`);
    expect(f.statusCode).toBe(200);
    expect(f.headers['content-type']).toBe('video/mp4');
    expect(f.headers['accept-ranges']).toBe('bytes');
    expect(String(f.headers['content-disposition'])).toMatch(/^inline;/);
    // byte ranges, as a phone's player asks for them: the first two bytes, a middle, the tail, past the end
    const size = mp4.length;
    const first = await get(`/portal/f/${v.slug}/${fid}`, { range: 'bytes=0-1' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-1/${size}`);
    expect(first.headers['content-length']).toBe('2');
    expect(first.rawPayload.equals(mp4.subarray(0, 2))).toBe(true);
    const mid = await get(`/portal/f/${v.slug}/${fid}`, { range: 'bytes=4-11' });
    expect(mid.rawPayload.toString()).toBe('ftypmp42');
    const tail = await get(`/portal/f/${v.slug}/${fid}`, { range: 'bytes=-8' });
    expect(tail.headers['content-range']).toBe(`bytes ${size - 8}-${size - 1}/${size}`);
    expect(tail.rawPayload.equals(mp4.subarray(size - 8))).toBe(true);
    const open = await get(`/portal/f/${v.slug}/${fid}`, { range: `bytes=${size - 3}-` });
    expect(open.rawPayload.length).toBe(3);
    const past = await get(`/portal/f/${v.slug}/${fid}`, { range: `bytes=${size}-` });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
    // several ranges, another unit, or an If-Range of another version: the whole file
    for (const h of [{ range: 'bytes=0-1,4-5' }, { range: 'items=0-1' }, { range: 'bytes=0-1', 'if-range': '"stale"' }] as Record<string, string>[]) {
      const whole = await get(`/portal/f/${v.slug}/${fid}`, h);
      expect(whole.statusCode, JSON.stringify(h)).toBe(200);
      expect(whole.rawPayload.equals(mp4)).toBe(true);
    }
    const same = await get(`/portal/f/${v.slug}/${fid}`, { range: 'bytes=0-1', 'if-range': String(f.headers.etag) });
    expect(same.statusCode).toBe(206);
  });

  it('withdrawn → 410 "该内容已撤回"; draft, review, unknown and malformed → 404, HTML in Chinese, not the staff app', async () => {
    const w = await insertContent(db(), { orgId: env.ids.nzs, title: '过时的宣传', state: 'withdrawn' });
    const gone = await get(`/portal/a/${w.slug}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('该内容已撤回');
    // withdrawn means withdrawn (security S10): not even its title stays public (it may be why it was withdrawn)
    expect(gone.body).not.toContain('过时的宣传');
    expect(gone.body).toContain('娘子神乡');
    for (const state of ['draft', 'review'] as const) {
      const d = await insertContent(db(), { orgId: env.ids.nzs, title: `秘密${state}`, state });
      const r = await get(`/portal/a/${d.slug}`);
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain(`秘密${state}`);
    }
    for (const url of ['/portal/a/no-such-slug', '/portal/a/..%2F..%2Fetc', '/portal/a/%E4%BD%A0%E5%A5%BD', '/portal/nothing/here', '/portal/t/NOPE', '/portal/t/civil_code?page=abc', '/portal/t/civil_code?page=99']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/text\/html/);
      expect(r.body, url).toContain('页面不存在');
      expect(r.body, url).toContain('lang="zh-CN"');
    }
  });

  it('the page is cached, and an audited write to publicity content empties the cache', async () => {
    const a = await insertContent(db(), { orgId: env.ids.nzs, title: '缓存前标题' });
    expect((await get(`/portal/a/${a.slug}`)).body).toContain('缓存前标题');
    await db().updateTable('publicity_contents').set({ title: '缓存后标题' }).where('id', '=', a.id).execute();
    // no audited write yet: the cached page is served (one Map lookup)
    expect((await get(`/portal/a/${a.slug}`)).body).toContain('缓存前标题');
    noteWrite('publicity_content');
    expect((await get(`/portal/a/${a.slug}`)).body).toContain('缓存后标题');
    // withdrawn through the content service → 410 at once
    await db().updateTable('publicity_contents').set({ state: 'withdrawn' }).where('id', '=', a.id).execute();
    noteWrite('publicity_content');
    expect((await get(`/portal/a/${a.slug}`)).statusCode).toBe(410);
  });
});

describe('theme lists /portal/t/:theme', () => {
  it('pages through the items of one theme only', async () => {
    for (let i = 1; i <= 12; i++) await insertContent(db(), { orgId: env.ids.nb, title: `禁毒宣传第${i}期`, themes: ['anti_drug'], publishedAt: `2026-06-${String(i + 10).padStart(2, '0')}T01:00:00.000Z` });
    await insertContent(db(), { orgId: env.ids.nb, title: '不属于禁毒的文章', themes: ['consumer'] });
    noteWrite('publicity_content');
    const p1 = (await get('/portal/t/anti_drug')).body;
    expect(p1).toContain('主题：禁毒');
    expect(p1).toContain('共 12 篇，第 1 / 2 页');
    expect(p1).toContain('禁毒宣传第12期');
    expect(p1).not.toContain('禁毒宣传第2期<');
    expect(p1).not.toContain('不属于禁毒的文章');
    expect(p1).toContain('href="/portal/t/anti_drug?page=2"');
    const p2 = (await get('/portal/t/anti_drug?page=2')).body;
    expect(p2).toContain('禁毒宣传第1期');
    expect(p2).toContain('禁毒宣传第2期');
    expect(p2).not.toContain('禁毒宣传第3期<');
    expect((await get('/portal/t/anti_drug?page=3')).statusCode).toBe(404);
  });

  it('a theme with nothing published yet shows an empty list, an unknown theme is 404', async () => {
    const r = await get('/portal/t/petition');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('暂无内容');
    expect((await get('/portal/t/x_no_such_theme')).statusCode).toBe(404);
  });
});

describe('large-text mode (适老化) without JavaScript', () => {
  it('a link sets the cookie and comes back; the page renders large; the toggle turns it off', async () => {
    const on = await get(`/portal/prefs?big=1&back=${encodeURIComponent(`/portal/a/${article.slug}`)}`);
    expect(on.statusCode).toBe(302);
    expect(on.headers.location).toBe(`/portal/a/${article.slug}`);
    expect(String(on.headers['set-cookie'])).toMatch(/^portal_big=1; Path=\/portal; Max-Age=31536000; SameSite=Lax; HttpOnly/);
    const big = await get(`/portal/a/${article.slug}`, { cookie: 'portal_big=1' });
    expect(big.body).toContain('<html lang="zh-CN" class="big">');
    expect(big.body).toContain('标准字号');
    expect(big.body).toContain(`href="/portal/prefs?big=0&amp;back=${encodeURIComponent(`/portal/a/${article.slug}`)}"`);
    const normal = await get(`/portal/a/${article.slug}`);
    expect(normal.body).toContain('<html lang="zh-CN">');
    expect(normal.body).toContain('大字模式');
    const off = await get('/portal/prefs?big=0&back=/portal');
    expect(String(off.headers['set-cookie'])).toMatch(/^portal_big=; Path=\/portal; Max-Age=0/);
  });

  it('never redirects off the portal', () => {
    for (const bad of ['https://evil.example/', '//evil.example/portal', '/api/v1/users', '/portalx', '/portal\\@evil', undefined, ['/portal/a/x', '/x']]) {
      const b = safeBack(bad);
      expect(b === '/portal' || b === '/portal/a/x', String(bad)).toBe(true);
    }
    expect(safeBack('/portal/t/civil_code?page=2')).toBe('/portal/t/civil_code?page=2');
  });
});

describe('public files /portal/f/:slug/:fileId', () => {
  it('serves a published item’s own image inline, nosniff, with cache headers and ETag', async () => {
    const r = await get(`/portal/f/${poster.slug}/${posterFile}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(String(r.headers['content-disposition'])).toMatch(/^inline; filename=.*filename\*=UTF-8''/);
    // named after the item's title (which passed the publication gate), not the name it was uploaded with
    expect(String(r.headers['content-disposition'])).toContain(encodeURIComponent('4·15全民国家安全教育日海报.png'));
    expect(String(r.headers['content-disposition'])).not.toContain(encodeURIComponent('国家安全海报.png'));
    expect(r.rawPayload.equals(PNG_1PX)).toBe(true);
    expect((await get(`/portal/f/${poster.slug}/${posterFile}`, { 'if-none-match': String(r.headers.etag) })).statusCode).toBe(304);
  });

  it('never serves another record’s file, another item’s file, or the file of an item not published', async () => {
    // a dispute's evidence (any other entity) under a published slug
    const foreign = await insertFile(db(), env.deps.files, { orgId: env.ids.nzs, entity: 'dispute', entityId: poster.id, name: '证据.png', mime: 'image/png', data: PNG_1PX });
    expect((await get(`/portal/f/${poster.slug}/${foreign}`)).statusCode).toBe(404);
    // the poster's file under another published item's slug
    expect((await get(`/portal/f/${article.slug}/${posterFile}`)).statusCode).toBe(404);
    // a draft's file
    const d = await insertContent(db(), { orgId: env.ids.nzs, kind: 'poster', title: '草稿海报', state: 'draft' });
    const df = await insertFile(db(), env.deps.files, { orgId: env.ids.nzs, entity: 'publicity_content', entityId: d.id, name: '草稿.png', mime: 'image/png', data: PNG_1PX });
    expect((await get(`/portal/f/${d.slug}/${df}`)).statusCode).toBe(404);
    // withdrawn: the file stops with the item
    const w = await insertContent(db(), { orgId: env.ids.nzs, kind: 'poster', title: '将撤回海报' });
    const wf = await insertFile(db(), env.deps.files, { orgId: env.ids.nzs, entity: 'publicity_content', entityId: w.id, name: '撤回.png', mime: 'image/png', data: PNG_1PX });
    await db().updateTable('publicity_contents').set({ file_id: wf }).where('id', '=', w.id).execute();
    expect((await get(`/portal/f/${w.slug}/${wf}`)).statusCode).toBe(200);
    await db().updateTable('publicity_contents').set({ state: 'withdrawn' }).where('id', '=', w.id).execute();
    expect((await get(`/portal/f/${w.slug}/${wf}`)).statusCode).toBe(404);
    expect((await get(`/portal/f/${poster.slug}/not-a-uuid`)).statusCode).toBe(404);
  });

  it('serves only what the published item shows: its file, its cover, the images of its body; not a replaced poster or an upload left unused', async () => {
    const p = await insertContent(db(), { orgId: env.ids.nzs, kind: 'poster', title: '换过图的海报', bodyHtml: null });
    const file = (entityId: string, name: string) => insertFile(db(), env.deps.files, { orgId: env.ids.nzs, entity: 'publicity_content', entityId, name, mime: 'image/png', data: PNG_1PX });
    // the first image had a villager's phone number on it, so the author replaced it before review
    const replaced = await file(p.id, '第一版（有电话）.png');
    const current = await file(p.id, '定稿.png');
    const cover = await file(p.id, '封面.png');
    await db().updateTable('publicity_contents').set({ file_id: current, cover_file_id: cover }).where('id', '=', p.id).execute();
    expect((await get(`/portal/f/${p.slug}/${current}`)).statusCode).toBe(200);
    expect((await get(`/portal/f/${p.slug}/${cover}`)).statusCode).toBe(200);
    expect((await get(`/portal/f/${p.slug}/${replaced}`)).statusCode).toBe(404);
    // an article: the images its body shows, not another upload of the same draft
    const a = await insertContent(db(), { orgId: env.ids.nzs, title: '配图文章', bodyHtml: '<p>正文</p>' });
    const shown = await file(a.id, '插图.png');
    const unused = await file(a.id, '没用上的图.png');
    await db()
      .updateTable('publicity_contents')
      .set({ body_html: `<p>正文</p><p><img src="/portal/f/${a.slug}/${shown}" alt="插图"></p>` })
      .where('id', '=', a.id)
      .execute();
    expect((await get(`/portal/f/${a.slug}/${shown}`)).statusCode).toBe(200);
    expect((await get(`/portal/f/${a.slug}/${unused}`)).statusCode).toBe(404);
  });

  it('a text file is an attachment, never rendered inline', async () => {
    const a = await insertContent(db(), { orgId: env.ids.nzs, title: '附文本' });
    const tf = await insertFile(db(), env.deps.files, { orgId: env.ids.nzs, entity: 'publicity_content', entityId: a.id, name: 'x.txt', mime: 'text/plain; charset=utf-8', data: Buffer.from('<script>alert(1)</script>') });
    await db().updateTable('publicity_contents').set({ file_id: tf }).where('id', '=', a.id).execute();
    const r = await get(`/portal/f/${a.slug}/${tf}`);
    expect(String(r.headers['content-disposition'])).toMatch(/^attachment;/);
  });
});
