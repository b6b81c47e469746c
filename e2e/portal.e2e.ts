import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginUi, serverAndBrowser, newContext } from './support.ts';

/**
 * The portal walk-through: 娘子神乡's 司法所 writes an article and submits it, the 乡长 publishes it
 * (four eyes, through the API); a villager on a phone opens the portal and then the article from
 * its poster's QR code (`?c=qr&v=<东沟村's code>`), reads it, switches to large text, and axe-core finds
 * no serious or critical accessibility violation; the 司法所 then sees that page load on the reach
 * page, under 扫码 and 东沟村.
 */
const run = serverAndBrowser({ FAZHI_VIEW_FLUSH_MS: '200' });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// a phone in WeChat's browser: the villager's usual way in (headless Chromium's own UA is a bot's)
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560';

const stamp = Date.now().toString(36).slice(-5);
const TITLE = `防范电信网络诈骗：冒充客服退款${stamp}`;

async function api(method: string, path: string, cookie: string, body?: unknown) {
  const r = await fetch(`${run.server.url}${path.replace(/^\//, '')}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: () => JSON.parse(text), text };
}

async function login(username: string): Promise<string> {
  const r = await fetch(`${run.server.url}api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Fazhi@2026' }) });
  expect(r.status).toBe(200);
  return (r.headers.getSetCookie().find((c) => c.startsWith('fazhi_sid=')) ?? '').split(';')[0];
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(o: unknown): Promise<{ passes: unknown[]; violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } };
    return w.axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  // axe ran and checked something (contrast, alt text, lang, landmarks …): an empty list is a result, not a silent failure
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('the public portal in the browser', () => {
  let contentId = '';
  let slug = '';
  let villageCode = '';
  let skipped = '';

  it('nzs_sfs writes and submits an article, nzs_leader publishes it (through the API)', async () => {
    const sfs = await login('nzs_sfs');
    const me = (await api('GET', '/api/v1/auth/me', sfs)).json() as { grants: { orgId: string }[] };
    const orgId = me.grants[0].orgId;
    const created = await api('POST', '/api/v1/publicity/contents', sfs, {
      orgId,
      kind: 'article',
      title: TITLE,
      summary: '接到“客服”电话说要给您退款？先挂断，再核实。',
      themes: ['anti_fraud'],
      laws: ['中华人民共和国反电信网络诈骗法'],
      bodyHtml: '<p>近期有不法分子冒充网购平台客服，以“商品质量问题退款”为由诱导群众转账。</p><h2>记住三个“不”</h2><ul><li>不透露验证码</li><li>不点陌生链接</li><li>不向陌生账户转账</li></ul>',
    });
    if (created.status === 404) {
      skipped = 'the content routes (POST /api/v1/publicity/contents) are not there yet';
      console.warn(`SKIPPED: ${skipped}`);
      return;
    }
    expect(created.status, created.text).toBe(200);
    contentId = created.json().id;
    const submitted = await api('POST', `/api/v1/publicity/contents/${contentId}/submit`, sfs, { declaration: { noMinors: true, noMediationAgreement: true } });
    expect(submitted.status, submitted.text).toBe(200);
    const leader = await login('nzs_leader');
    const published = await api('POST', `/api/v1/publicity/contents/${contentId}/publish`, leader, { note: '同意发布' });
    expect(published.status, published.text).toBe(200);
    slug = published.json().slug;
    expect(slug).toBeTruthy();
    const villages = (await api('GET', `/api/v1/orgs?kind=village&q=${encodeURIComponent('东沟村')}`, sfs)).json() as { items: { code: string; name: string }[] };
    villageCode = villages.items.find((v) => v.name === '东沟村')?.code ?? '';
    expect(villageCode).not.toBe('');
  });

  it('an anonymous villager on a phone opens the portal and the article from its QR code, reads it in large text; axe finds nothing serious', async () => {
    if (skipped) return console.warn(`SKIPPED: ${skipped}`);
    const ctx = await newContext(run.browser, { mobile: true, extra: { userAgent: PHONE_UA, bypassCSP: true } });
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (['script', 'stylesheet', 'font'].includes(r.resourceType())) scripts.push(r.url());
    });

    await page.goto(`${run.server.url}portal`);
    await expect.poll(() => page.locator('h1').first().innerText()).toContain('法治宣传');
    await expect.poll(() => page.getByRole('link', { name: TITLE }).count()).toBe(1);
    // no JavaScript, no stylesheet request: the page is one document
    expect(scripts).toEqual([]);
    expect(await axe(page)).toEqual([]);
    // the first Tab reaches the skip link
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');

    // the poster's QR code opens this URL
    await page.goto(`${run.server.url}portal/a/${slug}?c=qr&v=${villageCode}`);
    expect(await page.locator('h1').innerText()).toBe(TITLE);
    expect(await page.locator('.body').innerText()).toContain('不向陌生账户转账');
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe(TITLE);
    expect(await axe(page)).toEqual([]);

    // 适老化: the toggle at the top, no JavaScript; the type gets larger
    const normalSize = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.querySelector('.body') as Element).fontSize));
    await page.getByTestId('portal-big').click();
    await page.waitForURL(`**/portal/a/${slug}`);
    expect(await page.locator('html').getAttribute('class')).toBe('big');
    const bigSize = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.querySelector('.body') as Element).fontSize));
    expect(bigSize).toBeGreaterThan(normalSize * 1.2);
    expect(await page.getByTestId('portal-big').innerText()).toBe('标准字号');
    expect(await axe(page)).toEqual([]);

    // 320 px wide (WCAG 1.4.10 reflow): nothing scrolls sideways
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await ctx.close();
  });

  it('nzs_sfs sees the page loads on the reach page: one by QR code from 东沟村, one direct (the reload after the large-text switch)', async () => {
    if (skipped) return console.warn(`SKIPPED: ${skipped}`);
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    await page.goto(`${run.server.url}publicity/reach?contentId=${contentId}`);
    const total = page.getByTestId('reach-total');
    await total.waitFor({ timeout: 30_000 });
    // the counter writes about every 200 ms here; the page reads what is written
    await expect
      .poll(
        async () => {
          await page.reload();
          await total.waitFor();
          return (await total.innerText()).replace(/\s+/g, '');
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toContain('2次');
    expect(await page.getByTestId('reach-by-channel').innerText()).toMatch(/扫码（海报二维码）\s*1/);
    expect(await page.getByTestId('reach-by-channel').innerText()).toMatch(/门户直接访问\s*1/);
    const villages = await page.getByTestId('reach-by-village').innerText();
    expect(villages).toContain('东沟村');
    expect(await page.getByTestId('reach-by-content').innerText()).toContain(TITLE);
    await ctx.close();
  });
});
