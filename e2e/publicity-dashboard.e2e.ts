import { describe, expect, it } from 'vitest';
import { loginUi, newContext, serverAndBrowser, shanghaiDate } from './support.ts';

/**
 * The new-media share on the dashboard (the source report's weakness 二) moves with the records: the
 * 娘子神乡 司法所, on a phone, reads this year's share and its n/N on the home dashboard, records a
 * WeChat-group post with the quick form, goes back and sees (n+1)/(N+1); the publicity overview's report paragraph carries the new figure.
 */
const run = serverAndBrowser();

function pct(n: number, d: number): string {
  return String(Math.round((n / d) * 1000) / 10);
}

describe('the publicity share on the dashboard and the overview', () => {
  it('nzs_sfs records a WeChat-group post from a phone and sees the share change on the dashboard and in the report paragraph', async () => {
    const ctx = await newContext(run.browser, { mobile: true, extra: { timezoneId: 'Asia/Shanghai' } });
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    await page.goto(run.server.url);

    const base = page.getByTestId('dash-publicity-share-base');
    await expect.poll(() => base.innerText(), { timeout: 30_000 }).toMatch(/^\d+\/\d+ /);
    const [n, d] = ((await base.innerText()).match(/^(\d+)\/(\d+)/) ?? []).slice(1).map(Number);
    expect(d).toBeGreaterThan(0);
    const share = page.getByTestId('dash-publicity-share');
    expect(await share.innerText()).toBe(pct(n, d));

    // Record a WeChat-group post today through the quick form, as on a phone (date defaults to today: done).
    await page.goto(`${run.server.url}publicity/events/quick`);
    await page.getByTestId('pub-quick-form').waitFor({ timeout: 30_000 });
    await page.getByTestId('pub-quick-channel-wechat_group').click();
    await page.getByTestId('pub-quick-theme-anti_fraud').click();
    await page.getByTestId('pub-quick-save').click();
    await page.getByTestId('pub-quick-saved').waitFor({ timeout: 30_000 });

    await page.goto(run.server.url);
    await expect.poll(() => base.innerText(), { timeout: 30_000 }).toMatch(new RegExp(`^${n + 1}/${d + 1} `));
    await expect.poll(() => share.innerText()).toBe(pct(n + 1, d + 1));
    expect(await page.getByTestId('dash-publicity').innerText()).toContain(`${pct(n + 1, d + 1)}%`);

    // The card opens the overview; its report paragraph has the new figures, linked to their records.
    await page.getByTestId('dash-publicity').getByRole('link').first().click();
    await page.waitForURL(/\/publicity$/);
    await page.getByTestId('publicity-overview').waitFor();
    const online = page.getByTestId('report-figure-online');
    await expect.poll(() => online.innerText(), { timeout: 30_000 }).toBe(String(n + 1));
    expect(await page.getByTestId('report-figure-events').innerText()).toBe(String(d + 1));
    expect(await page.getByTestId('report-figure-online_share').innerText()).toBe(pct(n + 1, d + 1));
    expect(await online.getAttribute('href')).toContain('online=1');
    expect((await page.getByTestId('publicity-stat-share-base').innerText()).startsWith(`${n + 1}/${d + 1} `)).toBe(true);
    await ctx.close();
  });

  it('the neighbour (白杨镇) sees its own share, not 娘子神乡’s; the mediator has no card', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nb_sfs');
    await page.goto(run.server.url);
    const base = page.getByTestId('dash-publicity-share-base');
    await expect.poll(() => base.innerText(), { timeout: 30_000 }).toMatch(/^\d+\/\d+ /);
    const year = shanghaiDate(0).slice(0, 4);
    const own = await (await page.request.get(`${run.server.url}api/v1/publicity/stats?from=${year}-01-01&to=${year}-12-31`)).json();
    expect((await base.innerText()).startsWith(`${own.online}/${own.events} `)).toBe(true);
    await ctx.close();

    const ctx2 = await newContext(run.browser);
    const page2 = await ctx2.newPage();
    await loginUi(page2, run.server.url, 'nzs_mediator');
    await page2.goto(run.server.url);
    await page2.waitForLoadState('networkidle');
    expect(await page2.getByTestId('dash-publicity').count()).toBe(0);
    await ctx2.close();
  });
});
