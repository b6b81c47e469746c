import { describe, expect, it } from 'vitest';
import { clearPicker, loginUi, newContext, serverAndBrowser } from './support.ts';

/**
 * The study walk-through in a real browser: the 娘子神乡 司法所 records today's 中心组学习 with the
 * host the rotation suggests, marks everyone present with one click and sees the host's hours go
 * up in the hours table; the neighbouring township (白杨镇) sees the session neither in the UI nor
 * through the API.
 */
const run = serverAndBrowser();

const stamp = Date.now().toString(36).slice(-5);
const TOPIC = `学习习近平法治思想${stamp}`;

describe('study sessions in the browser', () => {
  let sessionId = '';

  it('nzs_sfs records a session with the suggested host, marks attendance and sees the hours change', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');

    await page.goto(`${run.server.url}study/sessions/new`);
    await page.getByTestId('study-session-form').waitFor();
    const suggestion = page.getByTestId('study-host-suggestion');
    await suggestion.waitFor({ timeout: 20_000 });
    const name = (await suggestion.innerText()).match(/建议主持人：(\S+?)（/)?.[1] ?? '';
    expect(name).not.toBe('');
    await page.getByTestId('study-host-use-suggestion').click();
    await expect.poll(() => page.getByTestId('study-session-form').locator('.ant-select-content, .ant-select-selection-item').allInnerTexts().then((t) => t.join(' '))).toContain(name);

    const year = new Date().getFullYear();
    const hoursOf = async (who: string) => {
      const r = await page.request.get(`${run.server.url}api/v1/study/hours?year=${year}`);
      expect(r.status()).toBe(200);
      return ((await r.json()).items as { name: string; hours: number }[]).find((i) => i.name === who)?.hours ?? -1;
    };
    const before = await hoursOf(name);
    expect(before).toBeGreaterThanOrEqual(0);

    await page.getByTestId('study-topic').fill(TOPIC);
    await page.getByTestId('study-hours').fill('2.5');
    await page.getByTestId('study-speaker').fill('县司法局李律师');
    await page.getByTestId('study-place').fill('乡党委会议室');
    await page.getByTestId('study-session-submit').click();
    await page.waitForURL(/\/study\/sessions\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    sessionId = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.getByTestId('study-detail-host').innerText()).toBe(name);

    await page.getByTestId('study-att-all-present').click();
    await page.getByTestId('study-att-save').click();
    const saved = await page.request.get(`${run.server.url}api/v1/study/sessions/${sessionId}`);
    const orgId = (await saved.json()).orgId;
    // a 中心组学习: the checklist lists the leadership, and 'all present' marks them
    const roster = ((await (await page.request.get(`${run.server.url}api/v1/study/staff?orgId=${orgId}`)).json()) as { category: string }[]).filter((s) => s.category === 'leader');
    await expect.poll(() => page.getByTestId('study-att-summary').innerText(), { timeout: 15_000 }).toContain(`出席 ${roster.length} 人`);
    await expect
      .poll(async () => (await (await page.request.get(`${run.server.url}api/v1/study/sessions/${sessionId}`)).json()).present, { timeout: 15_000 })
      .toBe(roster.length);

    await page.goto(`${run.server.url}study/hours?year=${year}`);
    const row = page.getByTestId(`study-hours-row-${name}`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.getByTestId('study-hours-value').innerText()).toBe(String(Math.round((before + 2.5) * 10) / 10));
    expect(await hoursOf(name)).toBe(Math.round((before + 2.5) * 10) / 10);

    // the session is in the list, and the rotation has moved on
    await page.goto(`${run.server.url}study/sessions?year=${year}`);
    await page.getByTestId('study-sessions').waitFor();
    await expect.poll(() => page.getByTestId('study-sessions').innerText()).toContain(TOPIC);
    const next = await page.request.get(`${run.server.url}api/v1/study/host-suggestion?orgId=${orgId}`);
    expect((await next.json()).suggested.name).not.toBe(name);

    // the speaker and place are emptied in the edit form: saved empty, the host and topic stay
    await page.goto(`${run.server.url}study/sessions/${sessionId}/edit`);
    await page.getByTestId('study-session-form').waitFor();
    await expect.poll(() => page.getByTestId('study-speaker').inputValue(), { timeout: 15_000 }).toBe('县司法局李律师');
    await page.getByTestId('study-speaker').fill('');
    await page.getByTestId('study-place').fill('');
    await page.getByTestId('study-session-submit').click();
    await page.waitForURL(new RegExp(`/study/sessions/${sessionId}$`), { timeout: 30_000 });
    const edited = await (await page.request.get(`${run.server.url}api/v1/study/sessions/${sessionId}`)).json();
    expect(edited).toMatchObject({ speaker: null, place: null, topic: TOPIC, hostName: name });
    await ctx.close();
  });

  it('nzs_sfs edits a study plan: renames it, empties an item’s month, removes an item and adds one', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    const year = new Date().getFullYear();
    const orgId = (await (await page.request.get(`${run.server.url}api/v1/study/sessions/${sessionId}`)).json()).orgId;
    const created = await page.request.post(`${run.server.url}api/v1/study/plans`, {
      data: { orgId, year, kind: 'pre_meeting', title: `会前学法计划${stamp}`, items: [{ title: '中华人民共和国宪法', month: `${year}-03` }, { title: '中华人民共和国行政处罚法' }] },
    });
    expect(created.status()).toBe(200);
    const plan = await created.json();

    await page.goto(`${run.server.url}study/plans`);
    await page.getByTestId(`study-plan-edit-${plan.id}`).click();
    await expect.poll(() => page.getByTestId('study-plan-title').inputValue(), { timeout: 15_000 }).toBe(`会前学法计划${stamp}`);
    await page.getByTestId('study-plan-title').fill(`会前学法计划（修订）${stamp}`);
    await clearPicker(page.getByTestId('study-plan-item-0').locator('.ant-picker').first());
    await page.getByTestId('study-plan-item-remove-1').click();
    await page.getByTestId('study-plan-add-item').click();
    await page.getByTestId('study-plan-item-1').locator('input').first().fill('中华人民共和国行政复议法');
    await page.getByTestId('study-plan-save').click();
    await expect
      .poll(async () => (await (await page.request.get(`${run.server.url}api/v1/study/plans/${plan.id}`)).json()).title, { timeout: 15_000 })
      .toBe(`会前学法计划（修订）${stamp}`);
    const after = await (await page.request.get(`${run.server.url}api/v1/study/plans/${plan.id}`)).json();
    expect(after.items.map((i: { id: string; title: string; month: string | null }) => [i.title, i.month])).toEqual([
      ['中华人民共和国宪法', null],
      ['中华人民共和国行政复议法', null],
    ]);
    expect(after.items[0].id).toBe(plan.items[0].id);
    await ctx.close();
  });

  it('nb_sfs (白杨镇) sees it neither in the UI nor through the API', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nb_sfs');
    await page.goto(`${run.server.url}study/sessions`);
    await page.getByTestId('study-sessions').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('study-sessions').innerText()).not.toContain(TOPIC);

    await page.goto(`${run.server.url}study/sessions/${sessionId}`);
    await page.getByTestId('study-session-error').waitFor({ timeout: 30_000 });
    expect(await page.locator('body').innerText()).not.toContain(TOPIC);
    expect((await page.request.get(`${run.server.url}api/v1/study/sessions/${sessionId}`)).status()).toBe(403);
    const list = await page.request.get(`${run.server.url}api/v1/study/sessions?law=${encodeURIComponent('习近平法治思想')}&pageSize=200`);
    expect(((await list.json()).items as { topic: string }[]).some((i) => i.topic === TOPIC)).toBe(false);
    await ctx.close();
  });
});
