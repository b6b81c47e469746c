import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../common/identity.ts';
import { chooseOption, fillDate, loginUi, newContext, serverAndBrowser } from './support.ts';

/**
 * The walk-through in a real browser: the 司法所 of 娘子神乡 takes a village dispute from
 * intake to a signed agreement and a follow-up visit, downloads the agreement as Word and reads it
 * back; the county sees the case, the neighbouring township (白杨镇) sees it neither in the UI nor
 * through the API.
 */
const run = serverAndBrowser();

const stamp = Date.now().toString(36).slice(-5);
const TITLE = `东沟村宅基地边界纠纷${stamp}`;
const APPLICANT = `王建国${stamp.slice(-2)}`;
const RESPONDENT = `李秀英${stamp.slice(-2)}`;
const TERMS = `被申请人于十日内拆除越界围墙${stamp}`;
const ID17 = '61010219780512003';
const ID_CARD = ID17 + idCardCheckChar(ID17);

async function submitDialog(page: Page) {
  // Closed dialogs stay in the DOM: act on the visible one only.
  await page.getByTestId('action-submit').filter({ visible: true }).click({ timeout: 10_000 }).catch(async (e) => {
    await page.screenshot({ path: '/tmp/e2e-fail.png' });
    throw e;
  });
  await expect.poll(() => page.locator('.ant-modal-wrap').filter({ visible: true }).count(), { timeout: 15_000 }).toBe(0);
}

describe('dispute mediation in the browser', () => {
  let disputeId = '';
  let caseNo = '';

  it('the 司法所 registers a dispute, mediates, records a written agreement and schedules a follow-up', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');

    await page.goto(`${run.server.url}mediation/disputes/new`);
    await page.getByTestId('dispute-form').waitFor();
    await chooseOption(page, 'dispute-committee', '娘子神乡');
    await page.getByTestId('dispute-title').fill(TITLE);
    await chooseOption(page, 'dispute-type', '宅基地');
    await chooseOption(page, 'dispute-source', '当事人申请');
    await page.getByTestId('dispute-summary').fill('双方因宅基地边界围墙位置发生争执，申请人请求调解。');
    await page.getByTestId('party-0-name').fill(APPLICANT);
    await page.getByTestId('party-0-idcard').fill(ID_CARD);
    await page.getByTestId('party-0-phone').fill('13912345678');
    await page.getByTestId('party-1-name').fill(RESPONDENT);
    await page.getByTestId('dispute-submit').click();

    await page.waitForURL(/\/mediation\/disputes\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    disputeId = page.url().split('/').pop()!;
    caseNo = (await page.getByTestId('dispute-caseno').innerText()).trim();
    expect(caseNo).toMatch(/〔\d{4}〕\d+号$/);
    // The party's ID card is shown masked, never in clear.
    const parties = await page.getByTestId('dispute-parties').innerText();
    expect(parties).toContain(APPLICANT);
    expect(parties).not.toContain(ID_CARD);
    expect(parties).toContain(`${ID_CARD.slice(0, 6)}********${ID_CARD.slice(-4)}`);

    // A mediation session.
    await page.getByTestId('action-add_session').click();
    await page.getByTestId('session-notes').fill('调解员实地查看围墙位置，双方陈述意见，初步达成拆除意向。');
    await submitDialog(page);
    await expect.poll(() => page.getByTestId('dispute-timeline').innerText()).toContain('实地查看');

    // The written agreement (人民调解法 art. 28–29).
    await page.getByTestId('action-record_agreement').click();
    await page.getByTestId('agreement-facts').fill('申请人与被申请人宅基地相邻，被申请人所建围墙越界约半米。');
    await page.getByTestId('agreement-issues').fill('围墙是否越界及如何处理。');
    await page.getByTestId('agreement-responsibilities').fill('被申请人对围墙越界负主要责任。');
    await page.getByTestId('agreement-terms').fill(TERMS);
    await page.getByTestId('agreement-method').fill('被申请人自行拆除，调解委员会监督履行。');
    await fillDate(page, 'agreement-deadline', '2029-12-31');
    await submitDialog(page);
    await expect.poll(() => page.getByTestId('dispute-agreement').innerText()).toContain(TERMS);

    // Download the agreement as Word and read it back.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('action-export_agreement').click()]);
    const file = await download.path();
    const zip = await JSZip.loadAsync(readFileSync(file!));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('人民调解协议书');
    expect(text).toContain(caseNo);
    expect(text).toContain(APPLICANT);
    expect(text).toContain(RESPONDENT);
    expect(text).toContain(TERMS);

    // Schedule the follow-up visit (回访).
    await page.getByTestId('action-schedule_follow_up').click();
    await fillDate(page, 'followup-due', '2030-01-15');
    await submitDialog(page);
    await expect.poll(() => page.getByTestId('dispute-followups').innerText()).toContain('2030-01-15');
    await ctx.close();
  });

  it('the county office sees the case', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'county');
    await page.goto(`${run.server.url}mediation/disputes/${disputeId}`);
    await expect.poll(() => page.getByTestId('dispute-caseno').innerText(), { timeout: 20_000 }).toBe(caseNo);
    await ctx.close();
  });

  it('the neighbouring township sees it neither in its list, nor by URL, nor through the API', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nb_sfs');

    await page.goto(`${run.server.url}mediation/disputes?q=${encodeURIComponent(TITLE)}`);
    await page.getByTestId('dispute-list').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('dispute-list').innerText()).not.toContain(TITLE);

    await page.goto(`${run.server.url}mediation/disputes/${disputeId}`);
    await page.getByTestId('dispute-error').waitFor({ timeout: 20_000 });
    expect(await page.locator('body').innerText()).not.toContain(TERMS);

    const detail = await page.request.get(`${run.server.url}api/v1/mediation/disputes/${disputeId}`);
    expect(detail.status()).toBe(403);
    const docx = await page.request.get(`${run.server.url}api/v1/mediation/disputes/${disputeId}/agreement.docx`);
    expect(docx.status()).toBe(403);
    const list = await page.request.get(`${run.server.url}api/v1/mediation/disputes?q=${encodeURIComponent(TITLE)}`);
    expect(list.status()).toBe(200);
    expect((await list.json()).total).toBe(0);
    await ctx.close();
  });

  // Last: it renames a committee and changes the township's follow-up period.
  it('the 司法所 edits a committee, a member\'s title and the township\'s follow-up period', async () => {
    const ctx = await newContext(run.browser);
    const page = await ctx.newPage();
    await loginUi(page, run.server.url, 'nzs_sfs');
    await page.goto(`${run.server.url}mediation/committees`);

    // 回访期限: the default, then the township's own value.
    await expect.poll(() => page.getByTestId('mediation-settings-days').innerText(), { timeout: 20_000 }).toBe('30 天');
    await page.getByTestId('mediation-settings-edit').click();
    await page.getByTestId('mediation-settings-days-input').fill('45');
    await page.getByTestId('mediation-settings-submit').click();
    await expect.poll(() => page.getByTestId('mediation-settings-days').innerText()).toBe('45 天');
    expect(await page.getByTestId('mediation-settings-source').innerText()).toBe('本级设置');

    // The committee's case prefix.
    const open = page.locator('[data-testid^="committee-open-"]').first();
    const committeeId = (await open.getAttribute('data-testid'))!.replace('committee-open-', '');
    await open.click();
    await page.getByTestId('committee-edit').click();
    const prefix = `测调${stamp}`;
    await page.getByTestId('committee-edit-prefix').fill(prefix);
    await page.getByTestId('committee-edit-submit').click();
    await expect.poll(() => page.getByTestId('committee-list').innerText()).toContain(prefix);

    // A member's title.
    const edit = page.locator('[data-testid^="member-row-edit-"]').filter({ visible: true }).first();
    const memberId = (await edit.getAttribute('data-testid'))!.replace('member-row-edit-', '');
    const titleOf = async () => {
      const c = await (await page.request.get(`${run.server.url}api/v1/mediation/committees/${committeeId}`)).json();
      return c.members.find((m: { id: string }) => m.id === memberId)?.title as string;
    };
    // a title the member does not hold yet, so the check below can fail
    const [title, titleLabel] = (await titleOf()) === 'member' ? ['vice_chair', '副主任'] : ['member', '委员'];
    await edit.click();
    await chooseOption(page, 'member-edit-title', titleLabel);
    await page.getByTestId('member-edit-submit').click();
    await expect.poll(titleOf).toBe(title);
    await ctx.close();
  });
});
