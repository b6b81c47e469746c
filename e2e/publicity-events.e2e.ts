import { describe, expect, it } from 'vitest';
import { chooseOption, loginUi, newContext, serverAndBrowser } from './support.ts';

/**
 * Publicity events in a real browser: the grid worker of 东沟村 records a door-to-door round on a
 * phone in a minute (chips, steppers, no title typed); the 娘子神乡 司法所 finds it on the desktop
 * list with its composed title and village, and through the "traditional only" filter (online=0);
 * the neighbouring township (白杨镇) sees it neither in the list nor through the API.
 */
const run = serverAndBrowser();

const TITLE_TAIL = '东沟村 入户宣讲（反电信网络诈骗）';

describe('publicity events in the browser', () => {
  let title = '';
  let id = '';

  it('nzs_grid records a door-to-door round from a phone', async () => {
    const ctx = await newContext(run.browser, { mobile: true });
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_grid');
    const listed = async () => ((await (await page.request.get(`${run.server.url}api/v1/publicity/events?pageSize=200&q=${encodeURIComponent(TITLE_TAIL)}`)).json()).items as { id: string; title: string; audienceCount: number; materialsCount: number; online: boolean; status: string }[]);
    const before = new Set((await listed()).map((i) => i.id));
    await page.goto(`${run.server.url}publicity/events/quick`);
    await page.getByTestId('pub-quick-form').waitFor({ timeout: 30_000 });
    // their own village, filled in; today's date
    await expect.poll(() => page.getByTestId('pub-quick-village-own').innerText()).toBe('东沟村');
    await page.getByTestId('pub-quick-channel-door_to_door').tap();
    await page.getByTestId('pub-quick-theme-anti_fraud').tap();
    await page.getByTestId('pub-quick-audience').fill('30');
    await page.getByTestId('pub-quick-audience-plus').tap();
    await expect.poll(() => page.getByTestId('pub-quick-audience').inputValue()).toBe('35');
    await page.getByTestId('pub-quick-materials').fill('60');
    // the form fits the phone: nothing wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('pub-quick-save').tap();
    const saved = page.getByTestId('pub-quick-saved-title');
    await saved.waitFor({ timeout: 30_000 });
    title = await saved.innerText();
    expect(title).toContain(TITLE_TAIL);
    const items = (await listed()).filter((i) => !before.has(i.id));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title, audienceCount: 35, materialsCount: 60, online: false, status: 'done' });
    id = items[0].id;
    // "再记一条" gives an empty form again, the village kept
    await page.getByTestId('pub-quick-again').tap();
    await page.getByTestId('pub-quick-form').waitFor();
    await expect.poll(() => page.getByTestId('pub-quick-audience').inputValue()).toBe('0');
    await ctx.close();
  });

  it('nzs_sfs sees it on the list with its title and village, and through the online=0 filter', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    await page.goto(`${run.server.url}publicity/events`);
    const row = page.getByTestId(`pub-event-row-${id}`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('pub-event-title').innerText()).toBe(title);
    expect(await row.getByTestId('pub-event-village-cell').innerText()).toBe('东沟村');
    await chooseOption(page, 'pub-filter-online', '仅传统形式');
    await page.waitForURL(/online=0/);
    await row.waitFor();
    await chooseOption(page, 'pub-filter-online', '含新媒体形式');
    await page.waitForURL(/online=1/);
    await expect.poll(() => row.count()).toBe(0);
    // the drawer opens from the row
    await page.goto(`${run.server.url}publicity/events?online=0`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('pub-event-title').click();
    await expect.poll(() => page.getByTestId('pub-event-village').innerText()).toBe('东沟村');
    await ctx.close();
  });

  it('the neighbouring township does not see it', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nb_sfs');
    await page.goto(`${run.server.url}publicity/events`);
    await page.getByTestId('pub-events').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId(`pub-event-row-${id}`).count()).toBe(0);
    expect((await page.request.get(`${run.server.url}api/v1/publicity/events/${id}`)).status()).toBe(403);
    const list = await (await page.request.get(`${run.server.url}api/v1/publicity/events?pageSize=200&q=${encodeURIComponent(TITLE_TAIL)}`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(id);
    await ctx.close();
  });
});
