import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, loginUi, newContext, type RunningServer, shanghaiDate, startServer } from './support.ts';

/**
 * Issue 3: "the webhook reminder reaches a local receiver". The 司法所 sets up the township's
 * 企业微信 group robot in the browser (pointing at a receiver on 127.0.0.1), a task of its office
 * falls due tomorrow, and the platform's own job runner — not the test — finds it, sends the
 * reminder to the robot and puts it in the bell; the delivery shows as delivered.
 */
interface Received {
  url: string;
  body: { msgtype?: string; markdown?: { content?: string } };
}
const received: Received[] = [];
let receiver: Server;
let receiverUrl = '';
let browser: Browser;
let first: RunningServer | null = null;
let second: RunningServer | null = null;
let dataDir = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(raw || '{}') });
      res.setHeader('content-type', 'application/json');
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cgi-bin/webhook/send?key=e2e-robot-key`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await first?.stop();
  await second?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await new Promise<void>((r) => receiver.close(() => r()));
});

const TITLE = `明日到期的普法任务${Date.now().toString(36).slice(-5)}`;

async function api<T>(page: Page, base: string, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const r = method === 'GET' ? await page.request.get(base + path) : await page.request.post(base + path, { data });
  expect(r.status(), `${method} ${path}: ${await r.text()}`).toBe(200);
  return (await r.json()) as T;
}

describe('a planning reminder reaches the township’s group robot', () => {
  it('the 司法所 sets up the robot in the browser; a task due tomorrow is announced by the job runner', async () => {
    // 1. the runner is off while the robot and the task are set up (nothing is swept before)
    first = await startServer({ FAZHI_JOBS: '0', FAZHI_WEBHOOK_ALLOW_LOOPBACK: '1' });
    dataDir = first.dataDir;
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await loginUi(page, first.url, 'nzs_sfs');
    await page.goto(`${first.url}admin/notify`);
    await page.getByTestId('notify-robot-add').click();
    await page.getByTestId('notify-form-org').click();
    await page.keyboard.type('娘子神乡');
    await page.locator('.ant-select-tree-node-content-wrapper[title="娘子神乡"]').first().click();
    await page.getByTestId('notify-form-name').fill('娘子神乡法治建设工作群');
    await page.getByTestId('notify-form-url').fill(receiverUrl);
    await page.getByTestId('notify-robot-save').click();
    await expect.poll(() => page.getByTestId('notify-robots').innerText(), { timeout: 20_000 }).toContain('娘子神乡法治建设工作群');
    // the key in the robot's URL is a secret: the list shows only a hint, and the API never returns it
    expect(await page.getByTestId('notify-robots').innerText()).not.toContain('e2e-robot-key');
    expect(await (await page.request.get(`${first.url}api/v1/notify/webhooks`)).text()).not.toContain('e2e-robot-key');

    const year = Number(shanghaiDate(0).slice(0, 4));
    const orgs = await api<{ items: { id: string; name: string }[] }>(page, first.url, 'GET', 'api/v1/orgs?q=娘子神乡');
    const nzs = orgs.items.find((o) => o.name === '娘子神乡');
    expect(nzs).toBeTruthy();
    const plans = await api<{ items: { id: string; year: number; orgId: string; state: string }[] }>(page, first.url, 'GET', `api/v1/planning/plans?orgId=${nzs?.id}&year=${year}`);
    const plan = plans.items.find((p) => p.orgId === nzs?.id && p.state === 'published');
    expect(plan, 'the demo township has a published plan this year').toBeTruthy();
    const options = await api<{ departments: { id: string; name: string }[] }>(page, first.url, 'GET', `api/v1/planning/staff?orgId=${nzs?.id}`);
    const office = options.departments.find((d) => d.name === '司法所');
    expect(office).toBeTruthy();
    await api(page, first.url, 'POST', 'api/v1/planning/tasks', { planId: plan?.id, title: TITLE, deptOrgId: office?.id, dueKind: 'date', dueDate: shanghaiDate(1) });
    await ctx.close();
    await first.stop({ keepData: true });
    first = null;
    expect(received).toEqual([]);

    // 2. the platform as deployed: its runner sweeps on start and delivers
    second = await startServer({ FAZHI_JOBS_INTERVAL_SECONDS: '1', FAZHI_WEBHOOK_ALLOW_LOOPBACK: '1' }, { dataDir });
    await expect.poll(() => received.find((r) => r.body.markdown?.content?.includes(TITLE)) ?? null, { timeout: 60_000, interval: 500 }).not.toBeNull();
    const mine = received.find((r) => r.body.markdown?.content?.includes(TITLE));
    expect(mine?.url).toContain('key=e2e-robot-key');
    expect(mine?.body.msgtype).toBe('markdown');
    expect(mine?.body.markdown?.content).toContain('任务即将到期');
    expect(mine?.body.markdown?.content).toContain('责任单位：司法所');

    // 3. the same reminder in the bell of the 司法所 user, and the delivery listed as delivered
    const ctx2 = await newContext(browser);
    const page2 = await ctx2.newPage();
    await loginUi(page2, second.url, 'nzs_sfs');
    await page2.getByTestId('notify-bell').click();
    await expect.poll(() => page2.getByTestId('notify-bell-panel').innerText(), { timeout: 20_000 }).toContain(TITLE);
    await page2.goto(`${second.url}admin/notify`);
    await expect.poll(() => page2.getByTestId('notify-deliveries').innerText(), { timeout: 20_000 }).toMatch(/已送达|delivered/);
    await ctx2.close();
  });
});
