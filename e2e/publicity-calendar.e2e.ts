import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, fillDate, loginUi, newContext, serverAndBrowser, shanghaiDate } from './support.ts';

/**
 * The key-date calendar and the 谁执法谁普法 list in a real browser, as the 娘子神乡 司法所 (nzs_sfs):
 * an own key date added in the settings drawer shows up flagged 未安排 (the demo data has planned
 * events for the year's remaining built-in dates), the year's 宪法宣传周 gets its dates from the
 * prompt, a responsibility row (综合行政执法队 — 安全生产法) shows 未开展 until an event by that
 * department covering 《中华人民共和国安全生产法》 is recorded (through the API), then 已开展 with a link
 * that lists exactly that event.
 */
const run = serverAndBrowser();

const today = shanghaiDate();
const YEAR = Number(today.slice(0, 4));
/** A day a few days ahead, kept inside this year (the calendar shows one year). */
const ahead = (() => {
  const d = shanghaiDate(5);
  return d.slice(0, 4) === today.slice(0, 4) ? d : `${YEAR}-12-31`;
})();
const stamp = Date.now().toString(36).slice(-4);
/** The demo data has no responsibility list before 2023: a year of our own. */
const RESP_YEAR = 2022;

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await page.request.fetch(`${run.server.url}${path.replace(/^\//, '')}`, { method, data: body, headers: { 'content-type': 'application/json' } });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('publicity calendar and 谁执法谁普法 in the browser', () => {
  it('nzs_sfs adds a key date that shows 未安排, sets 宪法宣传周 and sees a responsibility turn 已开展 with an exact link', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    const me = await api<{ grants: { role: string; orgId: string }[] }>(page, 'GET', '/api/v1/auth/me');
    const nzs = me.grants.find((g) => g.role === 'judicial_staff')?.orgId as string;

    // ——— the calendar: an own date a few days ahead, nothing planned → 未安排 ———
    await page.goto(`${run.server.url}publicity/calendar`);
    await expect.poll(() => page.getByTestId('kd-year').textContent()).toContain(String(YEAR));
    await page.getByTestId('kd-settings').click();
    await page.getByTestId('kd-add').click();
    const name = `法治赶集日${stamp}`;
    await page.getByTestId('kd-add-name').fill(name);
    await chooseOption(page, 'kd-add-kind', '指定年份日期');
    await fillDate(page, 'kd-add-from', ahead);
    await fillDate(page, 'kd-add-to', ahead);
    await page.getByTestId('kd-add-save').click();
    await page.getByText(name, { exact: true }).first().waitFor();
    await page.locator('.ant-drawer-close').click();
    const month = Number(ahead.slice(5, 7));
    const own = page.getByTestId(`kd-month-${month}`).locator('[data-testid^="kd-"]').filter({ hasText: name }).first();
    await own.waitFor();
    await expect.poll(() => own.locator('[data-testid^="kd-state-"]').textContent()).toBe('未安排');
    // its 安排活动 button opens the quick form with the key date and the day
    const arrange = own.locator('[data-testid^="kd-arrange-"]');
    expect(await arrange.getAttribute('href')).toMatch(new RegExp(`/publicity/events/quick\\?keyDate=[0-9a-f-]{36}&date=${ahead}`));

    // ——— 宪法宣传周: no dates for this year yet → the prompt; set them ———
    const prompt = page.getByTestId('kd-missing-kd_constitution_week');
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain(`请设置${YEAR}年宪法宣传周日期`);
    await fillDate(page, 'kd-missing-from-kd_constitution_week', `${YEAR}-12-01`);
    await fillDate(page, 'kd-missing-to-kd_constitution_week', `${YEAR}-12-07`);
    await page.getByTestId('kd-missing-save-kd_constitution_week').click();
    await prompt.waitFor({ state: 'detached' });
    const week = page.getByTestId('kd-month-12').getByTestId('kd-kd_constitution_week');
    await week.waitFor();
    expect(await week.textContent()).toContain('12月1日 – 12月7日');
    const cal = await api<{ items: { key: string; from: string; datesMissing: boolean }[] }>(page, 'GET', `/api/v1/publicity/calendar?orgId=${nzs}&year=${YEAR}`);
    expect(cal.items.find((i) => i.key === 'kd_constitution_week')).toMatchObject({ from: `${YEAR}-12-01`, datesMissing: false });

    // ——— 谁执法谁普法: 综合行政执法队 — 安全生产法 → 未开展 ———
    await page.goto(`${run.server.url}publicity/responsibilities?year=${RESP_YEAR}`);
    await expect.poll(() => page.getByTestId('resp-year').textContent()).toContain(String(RESP_YEAR));
    await page.getByTestId('resp-add').click();
    await chooseOption(page, 'resp-dept', '综合行政执法队');
    await page.getByTestId('resp-law').locator('input').first().or(page.locator('input[data-testid="resp-law"]')).first().fill('安全生产法');
    await page.getByTestId('resp-measures').fill('执法检查中以案释法');
    await page.getByTestId('resp-save').click();
    const notDone = page.locator('[data-testid^="resp-notdone-"]');
    await notDone.first().waitFor();
    expect(await notDone.count()).toBe(1);
    const rowId = ((await notDone.first().getAttribute('data-testid')) as string).replace('resp-notdone-', '');

    // an event by that department naming the law in full (and one by another department that must not count)
    const depts = await api<{ departments: { id: string; name: string }[] }>(page, 'GET', `/api/v1/publicity/responsibilities?orgId=${nzs}&year=${RESP_YEAR}`);
    const exec = depts.departments.find((d) => d.name === '综合行政执法队')?.id as string;
    const sfs = depts.departments.find((d) => d.name === '司法所')?.id as string;
    const ev = await api<{ id: string }>(page, 'POST', '/api/v1/publicity/events', {
      orgId: nzs,
      organiserId: exec,
      status: 'done',
      heldOn: `${RESP_YEAR}-06-16`,
      title: `安全生产月执法普法${stamp}`,
      channels: ['street_event', 'leaflet'],
      themes: ['work_safety'],
      laws: ['《中华人民共和国安全生产法》'],
      audienceCount: 80,
      materialsCount: 120,
    });
    await api(page, 'POST', '/api/v1/publicity/events', { orgId: nzs, organiserId: sfs, status: 'done', heldOn: `${RESP_YEAR}-06-17`, channels: ['lecture'], themes: ['work_safety'], laws: ['安全生产法'] });

    await page.reload();
    const done = page.getByTestId(`resp-done-${rowId}`);
    await done.waitFor();
    expect(await done.textContent()).toBe('已开展 1 次');
    await done.click();
    await page.waitForURL(/\/publicity\/events\?/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ year: String(RESP_YEAR), organiserId: exec, law: '安全生产法', status: 'done' });
    const rows = page.locator('[data-testid^="pub-event-row-"]');
    // the API behind the list counts the same: exactly that event
    const listed = await api<{ total: number; items: { id: string }[] }>(page, 'GET', `/api/v1/publicity/events?${url.searchParams.toString()}`);
    expect(listed.items.map((i) => i.id)).toEqual([ev.id]);
    await page.getByTestId(`pub-event-row-${ev.id}`).waitFor();
    expect(await rows.count()).toBe(1);
    await ctx.close();
  });

  it('the neighbour (nb_sfs) cannot read 娘子神乡\'s calendar or list', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    const me = await api<{ grants: { role: string; orgId: string }[] }>(page, 'GET', '/api/v1/auth/me');
    const nzs = me.grants.find((g) => g.role === 'judicial_staff')?.orgId as string;
    await ctx.close();
    const ctx2 = await newContext(run.browser);
    const nb = await ctx2.newPage();
    await loginUi(nb, run.server.url, 'nb_sfs');
    for (const path of [`api/v1/publicity/calendar?orgId=${nzs}`, `api/v1/publicity/responsibilities?orgId=${nzs}&year=${RESP_YEAR}`]) {
      const res = await nb.request.get(`${run.server.url}${path}`);
      expect(res.status(), path).toBe(403);
    }
    await ctx2.close();
  });
});
