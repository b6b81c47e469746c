import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loginUi, newContext, serverAndBrowser } from './support.ts';

/**
 * The content library in a real browser: the 娘子神乡 司法所 writes an article on a phone (a
 * paragraph with bold text) and submits it with the declaration; the township leader — not the
 * author (四眼原则) — publishes it; the share panel shows the link; the poster downloads as a PNG;
 * 复制到公众号 puts HTML with inline styles on the clipboard; the article's QR-code URL opens the
 * portal page for an anonymous visitor.
 */
const run = serverAndBrowser();

const stamp = Date.now().toString(36).slice(-5);
const TITLE = `宪法是国家的根本法${stamp}`;

describe('content library in the browser', () => {
  let id = '';

  it('nzs_sfs writes an article on a phone and submits it with the declaration', async () => {
    const ctx = await newContext(run.browser, { mobile: true });
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    await page.goto(`${run.server.url}publicity/content`);
    await page.getByTestId('content-new-article').click();
    await page.waitForURL(/\/publicity\/content\/new\?kind=article$/);
    await page.getByTestId('content-title').fill(TITLE);
    const body = page.getByTestId('rte-body');
    await body.click();
    await page.keyboard.type('宪法是国家的根本法，');
    await page.getByTestId('rte-bold').click();
    await page.keyboard.type('具有最高的法律效力');
    await page.getByTestId('rte-bold').click();
    await page.keyboard.type('。');
    await page.getByTestId('content-save').click();
    await page.waitForURL(/\/publicity\/content\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    id = page.url().split('/').pop() ?? '';

    const saved = await (await page.request.get(`${run.server.url}api/v1/publicity/contents/${id}`)).json();
    expect(saved.title).toBe(TITLE);
    expect(saved.bodyHtml).toMatch(/<(b|strong)>具有最高的法律效力<\/(b|strong)>/);
    expect(saved.state).toBe('draft');

    await page.getByTestId('content-submit').click();
    const ok = page.getByTestId('content-submit-ok');
    await expect.poll(() => ok.isDisabled()).toBe(true);
    await page.getByTestId('content-decl-minors').click();
    await page.getByTestId('content-decl-agreement').click();
    await ok.click();
    await expect.poll(() => page.getByTestId('content-state').innerText(), { timeout: 15_000 }).toBe('待审核');
    // the author sees no publish button: another reviewer must (四眼原则)
    expect(await page.getByTestId('content-publish').count()).toBe(0);
    await ctx.close();
  });

  it('nzs_leader publishes it; the share panel gives the link, the poster and the WeChat copy', async () => {
    const ctx = await newContext(run.browser);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: run.server.url.replace(/\/$/, '') });
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_leader');
    await page.goto(`${run.server.url}publicity/content/${id}`);
    await page.getByTestId('content-publish').click();
    await expect.poll(() => page.getByTestId('content-state').innerText(), { timeout: 15_000 }).toBe('已发布');

    const url = page.getByTestId('content-share-url');
    await url.waitFor({ timeout: 15_000 });
    const link = await url.inputValue();
    expect(link).toMatch(/\/portal\/a\/[0-9A-Za-z]{10}$/);
    expect(await page.getByTestId('content-village-links').innerText()).toContain('东沟村');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('content-poster').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const file = readFileSync((await download.path()) ?? '');
    expect(file.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    await page.getByTestId('content-wechat').click();
    await expect
      .poll(
        async () =>
          page.evaluate(async () => {
            const items = await navigator.clipboard.read();
            const item = items.find((i) => i.types.includes('text/html'));
            return item ? await (await item.getType('text/html')).text() : '';
          }),
        { timeout: 15_000 },
      )
      .toContain('具有最高的法律效力');
    const html = await page.evaluate(async () => {
      const items = await navigator.clipboard.read();
      return (await (await items.find((i) => i.types.includes('text/html'))!.getType('text/html')).text()) as string;
    });
    expect(html).toMatch(/<p style="[^"]+">/);
    expect(html).toContain('阅读原文');
    expect(html).not.toMatch(/class=/);
    await ctx.close();
  });

  it('an anonymous visitor opens the article from its QR code URL', async () => {
    const staff = await newContext(run.browser);
    const sp = await staff.newPage();
    await loginUi(sp, run.server.url, 'nzs_sfs');
    const share = await (await sp.request.get(`${run.server.url}api/v1/publicity/contents/${id}/share`)).json();
    expect(share.qrUrl).toMatch(/\?c=qr$/);
    await staff.close();

    const anon = await newContext(run.browser, { mobile: true });
    const page = await anon.newPage();
    const res = await page.goto(share.qrUrl);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.title()).toContain(TITLE);
    expect(await page.locator('body').innerText()).toContain('具有最高的法律效力');
    await anon.close();
  });
});
