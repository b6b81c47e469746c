import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Browser tests run the real thing: `server/main.ts` as a child process on 127.0.0.1 with a fresh
 * data directory (SQLite, demo data seeded at start) and Debian's Chromium through playwright-core.
 */
export interface RunningServer {
  url: string;
  dataDir: string;
  /** keepData: leave the data directory for a restart on it (the caller removes it). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** A fresh data directory, or `opts.dataDir` to restart on an earlier run's data. */
export async function startServer(env: Record<string, string> = {}, opts: { dataDir?: string } = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'fazhi-e2e-'));
  const child: ChildProcess = spawn('npx', ['tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', FAZHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = out.match(/is running:\s+(http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return {
    url,
    dataDir,
    async stop(o = {}) {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      if (!o.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A Chinese-locale context: a desktop screen, or a phone (`mobile`: touch, 390×844); `extra` adds to it (a user agent, a time zone). */
export async function newContext(browser: Browser, opts: { mobile?: boolean; extra?: BrowserContextOptions } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'zh-CN',
    acceptDownloads: true,
    ...(opts.mobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1366, height: 900 } }),
    ...opts.extra,
  });
}

/**
 * The server and the browser of one test file: started before its tests, stopped after them. Read
 * `run.server` and `run.browser` inside the tests (they are set once the file's tests begin).
 */
export function serverAndBrowser(env: Record<string, string> = {}): { server: RunningServer; browser: Browser } {
  const run = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    run.server = await startServer(env);
    run.browser = await launchBrowser();
  });
  afterAll(async () => {
    await run.browser?.close();
    await run.server?.stop();
  });
  return run;
}

export async function loginUi(page: Page, baseUrl: string, username: string, password = 'Fazhi@2026'): Promise<void> {
  await page.goto(`${baseUrl}login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** Today in Asia/Shanghai (the server's day), shifted by `days`. */
export function shanghaiDate(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Picks an option of an Ant Design select; `search` types into the select's own search box first. */
export async function chooseOption(page: Page, testid: string, text: string, search = false): Promise<void> {
  const select = page.getByTestId(testid).filter({ visible: true }).first();
  // what the select shows once chosen (its label, or a tag of a multiple select); the search box's value is not inner text
  const chosen = async () => ((await select.innerText()).includes(text) ? 1 : 0);
  // On a busy machine a click on an option still being laid out can miss: check, and try once more.
  for (let attempt = 0; attempt < 2; attempt++) {
    await select.click();
    // Type into the select's own search box (never wherever the focus happens to be).
    if (search) await select.locator('input').first().fill(text);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();
    await option.click();
    try {
      await expect.poll(chosen, { timeout: 3_000 }).toBeGreaterThan(0);
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  await expect.poll(chosen, { timeout: 3_000, message: `${testid}: “${text}” was not chosen` }).toBeGreaterThan(0);
}

/** Types a date into an Ant Design date picker and leaves it with Tab (Enter would submit the form). */
export async function fillDate(page: Page, testid: string, date: string): Promise<void> {
  const input = page.getByTestId(testid).locator('input').first().or(page.locator(`input[data-testid="${testid}"]`)).first();
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await expect.poll(() => input.inputValue()).toBe(date);
}

/**
 * Empties an Ant Design date picker through its clear button. The button shows only while hovered and
 * the input above it takes pointer events once the mouse moves, so it is clicked in the page itself.
 */
export async function clearPicker(picker: Locator): Promise<void> {
  await picker.hover();
  await picker.locator('.ant-picker-clear').evaluate((el) => (el as HTMLElement).click());
}
