import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { inTx, systemCtx } from '../context.ts';
import { runDueJobs } from '../jobs/jobs.service.ts';
import { addressAllowed, checkRobotUrl, deliver, urlHint } from './delivery.ts';
import { notify } from './notify.service.ts';
import { noteWrite } from '../read-cache.ts';

/**
 * Reminders against a LOCAL RECEIVER: a real HTTP server on 127.0.0.1 that records what it is sent
 * and can be told to fail. Time is driven through runDueJobs({ now }).
 */
interface Received {
  method: string;
  url: string;
  body: unknown;
  at: number;
}
type Mode = 'ok' | 'http500' | 'errcode' | 'down' | 'hang' | 'redirect';

class Receiver {
  received: Received[] = [];
  /** Fail this many requests (alternating HTTP 500 and errcode ≠ 0), then answer normally. */
  failNext = 0;
  mode: Mode = 'ok';
  private server: Server;
  port = 0;
  constructor() {
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        let body: unknown = data;
        try {
          body = JSON.parse(data);
        } catch {
          // kept as text
        }
        this.received.push({ method: req.method ?? '', url: req.url ?? '', body, at: Date.now() });
        let mode = this.mode;
        if (this.failNext > 0) {
          mode = this.failNext % 2 === 0 ? 'http500' : 'errcode';
          this.failNext--;
        }
        if (mode === 'down') return req.socket.destroy();
        if (mode === 'hang') return;
        if (mode === 'redirect') return res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
        if (mode === 'http500') return res.writeHead(500).end('upstream error');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(mode === 'errcode' ? { errcode: 93000, errmsg: 'invalid webhook url' } : { errcode: 0, errmsg: 'ok' }));
      });
    });
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(path: string) {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

let env: TestEnv;
const rx = new Receiver();
const ORIGIN = 'https://fazhi.example.gov.cn';
const W = '/api/v1/notify/webhooks';
const D = '/api/v1/notify/deliveries';
const N = '/api/v1/notifications';

beforeAll(async () => {
  await rx.start();
  env = await createTestEnv({ config: { webhookAllowLoopback: true, publicOrigin: ORIGIN } });
});
afterAll(async () => {
  await env?.close();
  await rx.stop();
});
beforeEach(() => {
  rx.received = [];
  rx.mode = 'ok';
  rx.failNext = 0;
});

async function as(user: string, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  return env.call(method, url, { cookie: await env.login(user), body, headers });
}
const db = () => env.deps.database.db;
const jobsOf = (webhookId: string) =>
  db()
    .selectFrom('jobs')
    .selectAll()
    .where('payload', 'like', `%${webhookId}%`)
    .orderBy('created_at')
    .execute();
const MIN = 60_000;

async function send(orgId: string, extra: Partial<Parameters<typeof notify>[1]> = {}) {
  await inTx(systemCtx(env.deps), (tx) =>
    notify(tx, {
      orgId,
      kind: 'planning.task.overdue',
      title: '任务逾期：制定年度法治建设工作要点',
      body: '责任单位：党政办；完成时限：2026-10-09（国庆假期后第2个工作日）',
      href: '/planning/tasks/abc',
      ...extra,
    }),
  );
}

describe('group robots: saving (URL rule, key never shown)', () => {
  it('refuses a non-https URL with a localised error on the url field', async () => {
    for (const url of ['http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1', 'ftp://example.com/x', 'https://user:pw@oapi.dingtalk.com/robot/send', 'not a url', 'https://169.254.169.254/latest/meta-data']) {
      const res = await as('nzs_sfs', 'POST', W, { orgId: env.ids.nzs, name: '工作群', kind: 'wecom', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().fields).toEqual([{ field: 'url', message: '机器人地址须为 https:// 开头的完整网址，且不含用户名和密码' }]);
    }
    const en = await as('nzs_sfs', 'POST', W, { orgId: env.ids.nzs, name: 'group', kind: 'wecom', url: 'http://example.com/hook' }, { 'accept-language': 'en' });
    expect(en.json().fields[0]).toEqual({ field: 'url', message: 'The robot URL must be a full https:// address without a user name or password' });
    expect(await db().selectFrom('org_webhooks').select('id').execute()).toEqual([]);
  });

  it('the rule: https anywhere but link-local; http only to loopback and only when the deployment allows it', () => {
    expect(checkRobotUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', false)).toBeTruthy();
    expect(checkRobotUrl('https://10.20.0.5/relay', false)).toBeTruthy();
    expect(checkRobotUrl('http://127.0.0.1:8080/x', false)).toBeNull();
    expect(checkRobotUrl('https://127.0.0.1:8080/x', false)).toBeNull();
    expect(checkRobotUrl('http://localhost/x', false)).toBeNull();
    expect(checkRobotUrl('http://127.0.0.1:8080/x', true)).toBeTruthy();
    expect(checkRobotUrl('http://10.20.0.5/x', true)).toBeNull();
    expect(checkRobotUrl('http://[::1]/x', true)).toBeTruthy();
    // link-local (cloud metadata) and loopback in their other spellings are the same hosts
    for (const u of ['https://169.254.169.254/', 'https://[::ffff:169.254.169.254]/', 'https://[fe80::1]/', 'https://[::ffff:127.0.0.1]/', 'https://0.0.0.0/', 'https://[::]/', 'https://localhost./', 'https://a.localhost/']) {
      expect(checkRobotUrl(u, false), u).toBeNull();
    }
    expect(checkRobotUrl('https://[::ffff:169.254.169.254]/', true)).toBeNull();
    expect(checkRobotUrl('http://0.0.0.0:8080/x', true)).toBeTruthy();
    expect(urlHint('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****');
  });

  it('stores the URL and the 加签 secret encrypted and never sends them back', async () => {
    const res = await as('nzs_sfs', 'POST', W, { orgId: env.ids.nzs, name: '娘子神乡法治建设工作群', kind: 'wecom', url: rx.url('/wecom?key=SECRET-KEY-123') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'wecom', enabled: true, hasSecret: false, orgName: '娘子神乡', urlHint: `http://127.0.0.1:${rx.port}/wecom?key=****` });
    expect(res.body).not.toContain('SECRET-KEY-123');
    const list = await as('nzs_sfs', 'GET', W);
    expect(list.body).not.toContain('SECRET-KEY-123');
    const row = await db().selectFrom('org_webhooks').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('SECRET-KEY-123');
    const audit = await db().selectFrom('audit_events').select(['action', 'after_json']).where('entity_id', '=', res.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.create']);
    expect(audit[0].after_json).not.toContain('SECRET-KEY-123');
    await as('nzs_sfs', 'DELETE', `${W}/${res.json().id}`);
  });
});

describe('delivery to the local receiver', () => {
  let wecom: string;
  let dingtalk: string;
  const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

  beforeAll(async () => {
    wecom = (await as('nzs_sfs', 'POST', W, { orgId: env.ids.nzs, name: '娘子神乡法治建设工作群', kind: 'wecom', url: rx.url('/wecom?key=k1') })).json().id;
    const d = await as('nzs_sfs', 'POST', W, { orgId: env.ids.nzsDepartments.司法所, name: '司法所钉钉群', kind: 'dingtalk', url: rx.url('/robot/send?access_token=t1'), secret: SECRET });
    expect(d.json().hasSecret).toBe(true);
    dingtalk = d.json().id;
  });

  it('a notify reaches the app (each named user) and the robot in 企业微信 markdown with an absolute link', async () => {
    await send(env.ids.nzs, { userIds: [env.ids.users.nzs_sfs, env.ids.users.nzs_leader] });
    const r = await runDueJobs(env.deps);
    expect(r.done).toBe(1);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]).toMatchObject({
      method: 'POST',
      url: '/wecom?key=k1',
      body: {
        msgtype: 'markdown',
        markdown: { content: `**任务逾期：制定年度法治建设工作要点**\n责任单位：党政办；完成时限：2026-10-09（国庆假期后第2个工作日）\n[查看](${ORIGIN}/planning/tasks/abc)` },
      },
    });
    const mine = (await as('nzs_sfs', 'GET', N)).json();
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({ title: '任务逾期：制定年度法治建设工作要点', href: '/planning/tasks/abc', readAt: null });
    // the robot's delivery is not an audit event; its job row is the record
    const [job] = await jobsOf(wecom);
    expect(job).toMatchObject({ state: 'done', attempts: 1, org_id: env.ids.nzs });
    expect(await db().selectFrom('audit_events').select('id').where('entity_id', '=', job.id).execute()).toEqual([]);
  });

  it('钉钉: markdown with title, and 加签 timestamp + sign that the receiver can recompute', async () => {
    const before = Date.now();
    await send(env.ids.nzsDepartments.司法所);
    await runDueJobs(env.deps);
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0];
    const u = new URL(got.url, 'http://x');
    expect(u.pathname).toBe('/robot/send');
    expect(u.searchParams.get('access_token')).toBe('t1');
    const ts = Number(u.searchParams.get('timestamp'));
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());
    // DingTalk's own recipe: HmacSHA256(key=secret, `${timestamp}\n${secret}`), base64, then URL-encoded
    const expected = createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64');
    expect(u.searchParams.get('sign')).toBe(expected);
    expect(got.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(got.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '任务逾期：制定年度法治建设工作要点',
        text: `#### 任务逾期：制定年度法治建设工作要点\n\n责任单位：党政办；完成时限：2026-10-09（国庆假期后第2个工作日）\n\n[查看](${ORIGIN}/planning/tasks/abc)`,
      },
    });
  });

  it('the receiver failing twice (HTTP 500, then errcode ≠ 0): retried after 1 min and 5 min, then delivered', async () => {
    rx.failNext = 2;
    await send(env.ids.nzs, { title: '三次才送达', dedupeKey: 'retry-twice' });
    const t0 = new Date();
    const [job] = (await jobsOf(wecom)).filter((j) => j.dedupe_key?.includes('retry-twice'));
    await runDueJobs(env.deps, { now: t0 });
    let row = (await jobsOf(wecom)).find((j) => j.id === job.id)!;
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.last_error).toContain('HTTP 500');
    // 59 s later nothing is sent
    await runDueJobs(env.deps, { now: new Date(t0.getTime() + MIN - 1000) });
    expect(rx.received).toHaveLength(1);
    await runDueJobs(env.deps, { now: new Date(t0.getTime() + MIN) });
    row = (await jobsOf(wecom)).find((j) => j.id === job.id)!;
    expect(row).toMatchObject({ state: 'pending', attempts: 2 });
    expect(row.last_error).toContain('errcode 93000');
    expect(row.run_at).toBe(new Date(t0.getTime() + 6 * MIN).toISOString());
    await runDueJobs(env.deps, { now: new Date(t0.getTime() + 6 * MIN) });
    row = (await jobsOf(wecom)).find((j) => j.id === job.id)!;
    expect(row).toMatchObject({ state: 'done', attempts: 3 });
    expect(rx.received).toHaveLength(3);
  });

  it('a receiver down for good: failed after 8 attempts, listed with its error, retried by hand → delivered', async () => {
    rx.mode = 'down';
    await send(env.ids.nzs, { title: '接收方长期不可用', dedupeKey: 'down-for-good' });
    const [job] = (await jobsOf(wecom)).filter((j) => j.dedupe_key?.includes('down-for-good'));
    let now = new Date();
    for (let i = 0; i < 8; i++) {
      await runDueJobs(env.deps, { now });
      const row = (await jobsOf(wecom)).find((j) => j.id === job.id)!;
      now = new Date(row.run_at);
    }
    const failed = (await as('nzs_sfs', 'GET', `${D}?state=failed`)).json();
    const item = failed.items.find((d: { id: string }) => d.id === job.id);
    expect(item).toMatchObject({ state: 'failed', attempts: 8, maxAttempts: 8, webhookName: '娘子神乡法治建设工作群', title: '接收方长期不可用', nextAttemptAt: null, orgName: '娘子神乡' });
    expect(item.lastError).toContain('network error');

    // the neighbouring township neither sees nor retries it
    const nb = (await as('nb_sfs', 'GET', D)).json();
    expect(nb.items.find((d: { id: string }) => d.id === job.id)).toBeUndefined();
    expect((await as('nb_sfs', 'GET', `${D}?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'POST', `${D}/${job.id}/retry`)).statusCode).toBe(403);
    const denied = await db().selectFrom('audit_events').select(['actor_name', 'result']).where('entity_id', '=', job.id).where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.actor_name)).toEqual(['nb_sfs']);
    // a read-only user holds no notify.manage
    expect((await as('nzs_readonly', 'POST', `${D}/${job.id}/retry`)).statusCode).toBe(403);

    rx.mode = 'ok';
    rx.received = [];
    const retried = await as('nzs_sfs', 'POST', `${D}/${job.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'pending', attempts: 0 });
    const audit = await db().selectFrom('audit_events').select(['action', 'actor_name', 'before_json']).where('entity_id', '=', job.id).where('result', '=', 'success').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'delivery.retry', actor_name: 'nzs_sfs' });
    expect(JSON.parse(audit[0].before_json!)).toMatchObject({ state: 'failed', attempts: 8 });
    await runDueJobs(env.deps);
    expect(rx.received).toHaveLength(1);
    expect((await as('nzs_sfs', 'GET', `${D}?state=done`)).json().items.some((d: { id: string }) => d.id === job.id)).toBe(true);
    // a delivered job cannot be "retried" again
    expect((await as('nzs_sfs', 'POST', `${D}/${job.id}/retry`)).statusCode).toBe(409);
  });

  it('a delivery whose runner crashed mid-send (claimed, never finished) is sent once its lease expires', async () => {
    await send(env.ids.nzs, { title: '进程中断后补发', dedupeKey: 'crashed' });
    const [job] = (await jobsOf(wecom)).filter((j) => j.dedupe_key?.includes('crashed'));
    const t0 = new Date();
    // what a claim leaves behind when the process dies right after it
    await db()
      .updateTable('jobs')
      .set({ state: 'running', attempts: 1, locked_by: 'pid-that-died', locked_until: new Date(t0.getTime() + 5 * MIN).toISOString() })
      .where('id', '=', job.id)
      .execute();
    await runDueJobs(env.deps, { now: new Date(t0.getTime() + 5 * MIN - 1) });
    expect(rx.received).toHaveLength(0);
    await runDueJobs(env.deps, { now: new Date(t0.getTime() + 5 * MIN) });
    expect(rx.received).toHaveLength(1);
    expect((await jobsOf(wecom)).find((j) => j.id === job.id)).toMatchObject({ state: 'done', attempts: 2, locked_by: null });
  });

  it('dedupe: the same key twice → one notification per user and one delivery per robot', async () => {
    const key = 'task:t1:overdue:2026-10-09';
    await send(env.ids.nzs, { userIds: [env.ids.users.nzs_leader], dedupeKey: key, title: '只发一次' });
    await send(env.ids.nzs, { userIds: [env.ids.users.nzs_leader], dedupeKey: key, title: '只发一次' });
    const notes = await db().selectFrom('notifications').select('id').where('dedupe_key', '=', key).execute();
    expect(notes).toHaveLength(1);
    expect((await jobsOf(wecom)).filter((j) => j.dedupe_key?.endsWith(key))).toHaveLength(1);
    await runDueJobs(env.deps);
    expect(rx.received.filter((r) => JSON.stringify(r.body).includes('只发一次'))).toHaveLength(1);
  });

  it('a disabled robot gets nothing new; one queued before it was disabled fails visibly, and goes out after re-enabling and a retry', async () => {
    await send(env.ids.nzs, { title: '停用前排队', dedupeKey: 'queued-before-disable' });
    expect((await as('nzs_sfs', 'PATCH', `${W}/${wecom}`, { enabled: false })).json().enabled).toBe(false);
    await send(env.ids.nzs, { title: '停用后不发', dedupeKey: 'after-disable' });
    expect((await jobsOf(wecom)).filter((j) => j.dedupe_key?.includes('after-disable'))).toHaveLength(0);
    await runDueJobs(env.deps);
    const [queued] = (await jobsOf(wecom)).filter((j) => j.dedupe_key?.includes('queued-before-disable'));
    expect(queued).toMatchObject({ state: 'failed', attempts: 1 });
    expect(queued.last_error).toContain('robot disabled');
    expect(rx.received).toHaveLength(0);
    await as('nzs_sfs', 'PATCH', `${W}/${wecom}`, { enabled: true });
    expect((await as('nzs_sfs', 'POST', `${D}/${queued.id}/retry`)).statusCode).toBe(200);
    await runDueJobs(env.deps);
    expect(rx.received).toHaveLength(1);
  });

  it('a corrected URL applies to deliveries already queued (the robot is read at send time)', async () => {
    await send(env.ids.nzs, { title: '地址更正后送达', dedupeKey: 'url-fixed' });
    const res = await as('nzs_sfs', 'PATCH', `${W}/${wecom}`, { url: rx.url('/wecom?key=k2') });
    expect(res.statusCode).toBe(200);
    const audit = await db().selectFrom('audit_events').select(['after_json']).where('entity_id', '=', wecom).where('action', '=', 'webhook.update').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.after_json).toContain('"urlChanged":true');
    expect(audit.after_json).not.toContain('k2');
    await runDueJobs(env.deps);
    expect(rx.received.map((r) => r.url)).toEqual(['/wecom?key=k2']);
  });

  it('"send a test": answers what the robot said, without queueing', async () => {
    const ok = await as('nzs_sfs', 'POST', `${W}/${wecom}/test`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true, status: 200, error: null });
    expect(JSON.stringify(rx.received[0].body)).toContain('测试消息');
    rx.mode = 'errcode';
    const bad = (await as('nzs_sfs', 'POST', `${W}/${wecom}/test`)).json();
    expect(bad).toMatchObject({ ok: false, status: 200 });
    expect(bad.error).toContain('errcode 93000');
    const tests = await db().selectFrom('audit_events').select(['action', 'result']).where('entity_id', '=', wecom).where('action', '=', 'webhook.test').execute();
    expect(tests.map((t) => t.result)).toEqual(['success', 'failure']);
  });

  it('the neighbouring township cannot see, edit, test or delete 娘子神乡’s robots (403, denial audited)', async () => {
    const list = (await as('nb_sfs', 'GET', W)).json();
    expect(list.items.map((w: { id: string }) => w.id)).not.toContain(wecom);
    expect((await as('nb_sfs', 'GET', `${W}?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'POST', W, { orgId: env.ids.nzs, name: '冒名群', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' })).statusCode).toBe(403);
    expect((await as('nb_sfs', 'PATCH', `${W}/${wecom}`, { name: '改名' })).statusCode).toBe(403);
    expect((await as('nb_sfs', 'POST', `${W}/${wecom}/test`)).statusCode).toBe(403);
    expect((await as('nb_sfs', 'DELETE', `${W}/${wecom}`)).statusCode).toBe(403);
    const denied = await db().selectFrom('audit_events').select('actor_name').where('entity_id', '=', wecom).where('result', '=', 'denied').execute();
    // PATCH, test and DELETE name the robot; the list filter and the create name the org (audited on it)
    expect(denied.map((d) => d.actor_name)).toEqual(['nb_sfs', 'nb_sfs', 'nb_sfs']);
    const onOrg = await db().selectFrom('audit_events').select('actor_name').where('entity_id', '=', env.ids.nzs).where('result', '=', 'denied').where('actor_name', '=', 'nb_sfs').execute();
    expect(onOrg.length).toBeGreaterThanOrEqual(2);
    expect(rx.received).toHaveLength(0);
    // the county's system administrator manages every org's robots
    expect((await as('admin', 'GET', `${W}?orgId=${env.ids.nzs}`)).json().total).toBeGreaterThanOrEqual(1);
  });

  it('deleting a robot: audited; its queued deliveries fail visibly ("robot deleted"), nothing is lost silently', async () => {
    await send(env.ids.nzsDepartments.司法所, { title: '删除前排队', dedupeKey: 'before-delete' });
    expect((await as('nzs_sfs', 'DELETE', `${W}/${dingtalk}`)).statusCode).toBe(204);
    await runDueJobs(env.deps);
    const [j] = (await jobsOf(dingtalk)).filter((x) => x.dedupe_key?.includes('before-delete'));
    expect(j.state).toBe('failed');
    expect(j.last_error).toContain('robot deleted');
    const items = (await as('nzs_sfs', 'GET', `${D}?state=failed&orgId=${env.ids.nzs}`)).json().items;
    expect(items.find((d: { id: string }) => d.id === j.id)).toMatchObject({ webhookName: null, title: '删除前排队' });
    const audit = await db().selectFrom('audit_events').select('action').where('entity_id', '=', dingtalk).where('result', '=', 'success').execute();
    expect(audit.map((a) => a.action)).toContain('webhook.delete');
  });
});

describe('a robot whose stored URL cannot be decrypted (master secret changed)', () => {
  it('"send a test" answers the problem (no 500); a delivery fails at once, visibly', async () => {
    const at = new Date().toISOString();
    const id = '00000000-0000-7000-8000-0000000000bd';
    const org = env.ids.nzsDepartments.社会事务办;
    await db()
      .insertInto('org_webhooks')
      .values({ id, org_id: org, name: '旧密钥加密的机器人', kind: 'wecom', url_enc: 'v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', url_hint: 'https://…', secret_enc: null, enabled: 1, created_at: at, updated_at: at })
      .execute();
    const res = await as('nzs_sfs', 'POST', `${W}/${id}/test`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, status: null });
    expect(res.json().error).toContain('cannot be decrypted');
    await send(org, { dedupeKey: 'undecryptable' });
    await runDueJobs(env.deps);
    const [j] = (await jobsOf(id)).filter((x) => x.dedupe_key?.includes('undecryptable'));
    expect(j).toMatchObject({ state: 'failed', attempts: 1 });
  });
});

describe('deliver(): what counts as delivered', () => {
  const robot = (path: string, kind: 'wecom' | 'generic' = 'wecom') => ({ kind, url: rx.url(path), secret: null });
  const msg = { kind: 'k', title: 't', body: 'b', href: '/x', orgId: null };
  const opts = { publicOrigin: undefined, allowLoopback: true };

  it('a timeout is a failure', async () => {
    rx.mode = 'hang';
    const r = await deliver(robot('/slow'), msg, { ...opts, timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.error).toContain('timed out');
  });

  it('a redirect is not followed and is a failure', async () => {
    rx.mode = 'redirect';
    const r = await deliver(robot('/moved'), msg, opts);
    expect(r).toMatchObject({ ok: false, status: 302 });
    expect(rx.received).toHaveLength(1);
  });

  it('generic: the notification JSON, any 2xx delivers; without a public origin the link is the path only', async () => {
    rx.mode = 'errcode';
    const r = await deliver(robot('/generic', 'generic'), msg, opts);
    expect(r.ok).toBe(true);
    expect(rx.received[0].body).toMatchObject({ kind: 'k', title: 't', body: 'b', href: '/x', link: null });
    rx.mode = 'ok';
    await deliver(robot('/wecom'), msg, opts);
    expect(rx.received[1].body).toEqual({ msgtype: 'markdown', markdown: { content: '**t**\nb\n查看：/x' } });
  });

  it('the host is checked where it resolves, on every delivery: link-local (cloud metadata) never, loopback only when allowed, private ranges yes', async () => {
    const resolveTo =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const https = { kind: 'wecom' as const, url: 'https://robot.example.gov.cn/cgi-bin/webhook/send?key=k', secret: null };
    const before = rx.received.length;
    for (const [addresses, allowLoopback] of [
      [['169.254.169.254'], true],
      [['::ffff:169.254.169.254'], true],
      [['fe80::1'], true],
      [['127.0.0.1'], false],
      [['0.0.0.0'], false],
      [['::1'], false],
      // DNS rebinding: one public answer and one loopback answer is still refused
      [['203.0.113.5', '127.0.0.1'], false],
    ] as const) {
      const r = await deliver(https, msg, { publicOrigin: undefined, allowLoopback, resolve: resolveTo(...addresses) });
      expect(r.ok, addresses.join()).toBe(false);
      expect(r.error, addresses.join()).toContain('disallowed address');
    }
    expect(rx.received.length).toBe(before);
    expect(addressAllowed('10.20.0.5', false)).toBe(true);
    expect(addressAllowed('192.168.1.9', false)).toBe(true);
    expect(addressAllowed('203.0.113.5', false)).toBe(true);
  });

  it('the connection goes to the address that was checked (no second lookup)', async () => {
    rx.mode = 'ok';
    const port = new URL(rx.url('/')).port;
    let asked = 0;
    const resolve = async (host: string) => {
      asked++;
      expect(host).toBe('localhost');
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const before = rx.received.length;
    const r = await deliver({ kind: 'wecom', url: `http://localhost:${port}/pinned`, secret: null }, msg, { publicOrigin: undefined, allowLoopback: true, resolve });
    expect(r.ok, r.error ?? '').toBe(true);
    expect(asked).toBe(1);
    expect(rx.received.length).toBe(before + 1);
  });

  it('an http URL to anything but loopback is refused at send time too', async () => {
    const r = await deliver({ kind: 'wecom', url: 'http://example.com/x', secret: null }, msg, { publicOrigin: undefined, allowLoopback: false });
    expect(r.ok).toBe(false);
  });
});

describe('my notifications (the bell)', () => {
  it('each user sees only their own; another user’s notification answers 404; read and read-all', async () => {
    await send(env.ids.nzs, { userIds: [env.ids.users.nzs_sfs, env.ids.users.nzs_officer], title: '请报送本月任务进展', dedupeKey: 'bell-1' });
    await send(env.ids.nzs, { userIds: [env.ids.users.nzs_officer], title: '执法证年审提醒', dedupeKey: 'bell-2' });
    const officer = (await as('nzs_officer', 'GET', N)).json();
    expect(officer.items.map((n: { title: string }) => n.title)).toEqual(['执法证年审提醒', '请报送本月任务进展']);
    expect(officer.unread).toBe(2);
    expect((await as('nzs_officer', 'GET', `${N}/unread-count`)).json()).toEqual({ unread: 2 });
    const theirs = officer.items[0].id;
    // nzs_sfs (more grants, same township) still cannot read or mark the officer's
    expect((await as('nzs_sfs', 'POST', `${N}/${theirs}/read`)).statusCode).toBe(404);
    expect((await as('admin', 'POST', `${N}/${theirs}/read`)).statusCode).toBe(404);
    expect((await as('nzs_sfs', 'GET', N)).json().items.map((n: { id: string }) => n.id)).not.toContain(theirs);
    const read = await as('nzs_officer', 'POST', `${N}/${theirs}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    expect((await as('nzs_officer', 'GET', `${N}?unread=true`)).json().items.map((n: { title: string }) => n.title)).toEqual(['请报送本月任务进展']);
    expect((await as('nzs_officer', 'POST', `${N}/read-all`)).json()).toEqual({ unread: 0 });
    expect((await as('nzs_officer', 'GET', `${N}/unread-count`)).json()).toEqual({ unread: 0 });
    // read-all touched only the officer's: nzs_sfs still has unread ones
    expect((await as('nzs_sfs', 'GET', `${N}/unread-count`)).json().unread).toBeGreaterThan(0);
  });

  it('the bell’s background poll does not keep an unattended session alive (idle timeout, 等保 8.1.4.1)', async () => {
    const cookie = await env.login('nzs_reviewer');
    const sessions = () => db().selectFrom('sessions').select(['id', 'last_seen_at']).where('user_id', '=', env.ids.users.nzs_reviewer).where('ended_at', 'is', null);
    const tenMinutesAgo = new Date(Date.now() - 10 * MIN).toISOString();
    await db().updateTable('sessions').set({ last_seen_at: tenMinutesAgo }).where('user_id', '=', env.ids.users.nzs_reviewer).execute();
    noteWrite('session'); // changed by hand, not by the app: the session cache is told as the relay would tell it
    const polled = await env.call('GET', `${N}/unread-count`, { cookie, headers: { 'x-fazhi-background': '1' } });
    expect(polled.statusCode).toBe(200);
    expect((await sessions().execute()).map((x) => x.last_seen_at)).toEqual([tenMinutesAgo]);
    // a real request by the user does count
    await env.call('GET', N, { cookie });
    expect((await sessions().execute())[0].last_seen_at > tenMinutesAgo).toBe(true);
  });

  it('a disabled or unknown user id in userIds is skipped, not an error for the caller', async () => {
    await send(env.ids.nzs, { userIds: ['00000000-0000-7000-8000-000000000000', env.ids.users.nzs_grid], dedupeKey: 'bell-3' });
    const rows = await db().selectFrom('notifications').select('user_id').where('dedupe_key', '=', 'bell-3').execute();
    expect(rows.map((r) => r.user_id)).toEqual([env.ids.users.nzs_grid]);
  });
});
