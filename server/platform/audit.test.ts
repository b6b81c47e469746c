import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckChar, maskIdCard, maskPhone } from '../../common/identity.ts';
import { uuidv7 } from '../../common/ids.ts';
import type { AuditEventTable } from '../db/schema.ts';
import { createTestEnv, ENGINE, type TestEnv } from '../testing/harness.ts';
import { chainHash, recordAudit, verifyAuditChain } from './audit.ts';
import { inTx, systemCtx } from './context.ts';
import { createPerson, updatePerson } from './people/people.service.ts';

/**
 * The audit trail (等保 8.1.4.3; security-requirements S6, S7): SM3 chain, append-only table, no
 * clear personal data, fail closed, the audit admin's viewer (三员分立) and `npm run audit:verify`.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function idCard(n: number): string {
  const first17 = `61010219900101${String(n).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

const events = (env: TestEnv) => env.deps.database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
const countOf = async (env: TestEnv, table: 'orgs' | 'people' | 'audit_events') =>
  Number((await env.deps.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A few real writes of different kinds: logins, an org through the API, people through the service. */
async function someWrites(env: TestEnv, tag: string): Promise<void> {
  const admin = await env.login('admin');
  const res = await env.call('POST', '/api/v1/orgs', { cookie: admin, body: { parentId: env.ids.nzs, code: `AU${tag}${Date.now().toString(36)}`, name: `审计测试部门${tag}`, kind: 'department' } });
  expect(res.statusCode, res.body).toBe(200);
  await inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nzsVillages[2], { name: `审计测试${tag}`, idCard: idCard(Number(tag) || 1), phone: '13912345678' }));
  expect((await env.call('GET', '/api/v1/audit/events', { cookie: await env.login('admin') })).statusCode).toBe(403);
}

/** npm run audit:verify against the test's database, as an operator would run it. */
function cliVerify(env: TestEnv): { status: number | null; out: string } {
  const dbEnv = ENGINE === 'postgres' ? { DATABASE_URL: env.config.databaseUrl } : {};
  const r = spawnSync('npm', ['run', '--silent', 'audit:verify'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FAZHI_DATA_DIR: env.config.dataDir, DATABASE_URL: '', ...dbEnv, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('audit chain, append-only table, content, fail closed', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('the SM3 chain verifies after a series of writes, every event linked to the one before', async () => {
    const before = await verifyAuditChain(env.deps.database.db);
    expect(before.ok).toBe(true);
    await someWrites(env, '1');
    await someWrites(env, '2');
    const rows = await events(env);
    const r = await verifyAuditChain(env.deps.database.db);
    expect(r).toEqual({ ok: true, checked: rows.length });
    expect(rows.length).toBeGreaterThanOrEqual(before.checked + 7);
    expect(rows.map((e) => Number(e.seq))).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const head = await env.deps.database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(rows.length);
    expect(head.hash).toBe(rows[rows.length - 1].hash);
  });

  it('an event holding unpaired surrogates (JSON can carry them; UTF-8 storage cannot) still verifies', async () => {
    await recordAudit(systemCtx(env.deps), { entity: 'test\ud800', entityId: '\udc00x', action: 'login', result: 'failure', actorName: 'b\ud800', after: { v: 'c\udfff', ok: '😀' } });
    const r = await verifyAuditChain(env.deps.database.db);
    expect(r.ok).toBe(true);
    const ev = await env.deps.database.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(ev.actor_name).toBe('b\ufffd');
    expect(JSON.parse(ev.after_json!)).toEqual({ v: 'c\udfff', ok: '😀' });
  });

  it('the application cannot UPDATE, DELETE (or TRUNCATE) an audit event: the triggers refuse', async () => {
    const db = env.deps.database.db;
    const n = await countOf(env, 'audit_events');
    await expect(db.updateTable('audit_events').set({ after_json: '{"forged":true}' }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').where('seq', '=', n).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    if (ENGINE === 'postgres') await expect(sql`TRUNCATE audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect(await countOf(env, 'audit_events')).toBe(n);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('audit records never hold a clear ID-card number or phone: masked before/after, secrets dropped', async () => {
    const id = idCard(321);
    const id2 = idCard(654);
    const phone = '13712345678';
    const phone2 = '15987654321';
    const personId = await inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nzs, { name: '审计脱敏', idCard: id, phone, address: '娘子神乡东沟村3组' }));
    await inTx(systemCtx(env.deps), (tx) => updatePerson(tx, personId, { name: '审计脱敏', idCard: id2, phone: phone2 }));
    // unmasking is audited too, and must not write what it showed
    const shown = await env.call('POST', `/api/v1/people/${personId}/unmask`, { cookie: await env.login('nzs_sfs'), body: { reason: '核对当事人身份' } });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().idCard).toBe(id2);
    // secrets by key name never enter a record
    await inTx(systemCtx(env.deps), (tx) => recordAudit(tx, { entity: 'test', action: 'test.secret', after: { password: 'Fazhi@2026', totpSecret: 'JBSWY3DPEHPK3PXP', nested: { token: 'abc', mobile: phone } } }));

    const rows = await events(env);
    const all = JSON.stringify(rows);
    for (const v of [id, id2, phone, phone2, 'Fazhi@2026', 'JBSWY3DPEHPK3PXP', '娘子神乡东沟村3组']) expect(all.includes(v), v).toBe(false);
    for (const r of rows) {
      // ids (UUIDs) and digests (hex) are blanked first: their random hex can read as eleven digits
      const json = `${r.before_json ?? ''} ${r.after_json ?? ''}`.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{64}\b/g, '|');
      expect(json).not.toMatch(/\d{17}[\dXx]/);
      expect(json).not.toMatch(/1[3-9]\d{9}/);
    }
    const create = rows.find((r) => r.action === 'person.create' && r.entity_id === personId)!;
    expect(JSON.parse(create.after_json!)).toEqual({ name: '审计脱敏', idCard: maskIdCard(id), phone: maskPhone(phone) });
    expect(maskIdCard(id)).toBe(`610102********${id.slice(-4)}`);
    const update = rows.find((r) => r.action === 'person.update' && r.entity_id === personId)!;
    expect(JSON.parse(update.before_json!).idCard).toBe(maskIdCard(id));
    expect(JSON.parse(update.after_json!).phone).toBe('159****4321');
    const unmask = rows.find((r) => r.action === 'person.unmask' && r.entity_id === personId)!;
    expect(unmask.actor_name).toBe('nzs_sfs');
    expect(JSON.parse(unmask.after_json!)).toEqual({ reason: '核对当事人身份' });
    expect(JSON.parse(rows.find((r) => r.action === 'test.secret')!.after_json!)).toEqual({ nested: { mobile: maskPhone(phone) } });
  });

  it('fails closed: when the audit table cannot be written, the API write fails and leaves no business row', async () => {
    const db = env.deps.database.db;
    const code = `FC${Date.now().toString(36)}`;
    const orgsBefore = await countOf(env, 'orgs');
    const admin = await env.login('admin');
    await sql`ALTER TABLE audit_events RENAME TO audit_events_away`.execute(db);
    try {
      const res = await env.call('POST', '/api/v1/orgs', { cookie: admin, body: { parentId: env.ids.nzs, code, name: '不应存在的部门', kind: 'department' } });
      expect(res.statusCode).toBe(500);
      // one shape, no internals: no SQL, no table name, no stack
      expect(res.json()).toEqual({ code: 'INTERNAL', message: expect.any(String), fields: [] });
      expect(res.body).not.toMatch(/audit_events|sqlite|relation|at .*\.ts/i);
      // a service write in its own transaction fails the same way
      await expect(inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nzs, { name: '不应存在的人' }))).rejects.toThrow();
    } finally {
      await sql`ALTER TABLE audit_events_away RENAME TO audit_events`.execute(db);
    }
    expect(await countOf(env, 'orgs')).toBe(orgsBefore);
    expect(await db.selectFrom('orgs').select('id').where('code', '=', code).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('people').select('id').where('name', '=', '不应存在的人').executeTakeFirst()).toBeUndefined();
    expect((await verifyAuditChain(db)).ok).toBe(true);
    // and with the table back, the same write goes through, audited
    const ok = await env.call('POST', '/api/v1/orgs', { cookie: admin, body: { parentId: env.ids.nzs, code, name: '恢复后的部门', kind: 'department' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('npm run audit:verify exits 0 on an intact database and prints how many events it checked', () => {
    const r = cliVerify(env);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/已校验 \d+ 条/);
    expect(r.out).toMatch(/Audit chain intact: \d+ events checked/);
  });
});

describe('tampering is detected (triggers dropped, as a DBA or an attacker with file access could)', () => {
  let env: TestEnv;
  let rows: AuditEventTable[];
  const db = () => env.deps.database.db;

  beforeAll(async () => {
    env = await createTestEnv();
    for (const t of ['3', '4', '5', '6']) await someWrites(env, t);
    if (ENGINE === 'sqlite') {
      await sql`DROP TRIGGER audit_events_no_update`.execute(db());
      await sql`DROP TRIGGER audit_events_no_delete`.execute(db());
    } else {
      await sql`DROP TRIGGER audit_events_no_change ON audit_events`.execute(db());
    }
    rows = (await events(env)).map((r) => ({ ...r, seq: Number(r.seq) }));
    expect(rows.length).toBeGreaterThan(12);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });
  afterAll(async () => env?.close());

  const restore = async (row: AuditEventTable) => {
    await db().deleteFrom('audit_events').where('seq', '=', row.seq).execute();
    await db().insertInto('audit_events').values(row).execute();
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: rows.length });
  };

  it('(a) one event’s after_json altered → "altered" at exactly that seq; the CLI exits non-zero naming it', async () => {
    const victim = rows.find((r) => r.action === 'person.create')!;
    await db().updateTable('audit_events').set({ after_json: '{"name":"别人"}' }).where('seq', '=', victim.seq).execute();
    const r = await verifyAuditChain(db());
    expect(r).toEqual({ ok: false, checked: victim.seq - 1, firstBad: { seq: victim.seq, problem: 'altered' } });
    const cli = cliVerify(env);
    expect(cli.status, cli.out).toBe(1);
    expect(cli.out).toContain(`seq ${victim.seq}`);
    expect(cli.out).toMatch(/altered/);
    expect(cli.out).toMatch(/被篡改/);
    await restore(victim);
  });

  it('an altered event whose own hash was recomputed still breaks the link to the next one', async () => {
    const victim = rows[5];
    const forged = { ...victim, actor_name: 'someone-else' };
    await db().updateTable('audit_events').set({ actor_name: forged.actor_name, hash: chainHash(forged) }).where('seq', '=', victim.seq).execute();
    expect((await verifyAuditChain(db())).firstBad).toEqual({ seq: victim.seq + 1, problem: 'inserted_or_reordered' });
    await restore(victim);
  });

  it('(b) an event deleted in the middle → "deleted" at its seq', async () => {
    const victim = rows[Math.floor(rows.length / 2)];
    await db().deleteFrom('audit_events').where('seq', '=', victim.seq).execute();
    expect(await verifyAuditChain(db())).toEqual({ ok: false, checked: victim.seq - 1, firstBad: { seq: victim.seq, problem: 'deleted' } });
    expect(cliVerify(env).status).toBe(1);
    await db().insertInto('audit_events').values(victim).execute();
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('(c) a forged event inserted → reported, whether its hash is garbage or correctly chained', async () => {
    const last = rows[rows.length - 1];
    const base = { ...last, seq: last.seq + 1, id: uuidv7(), action: 'org.delete', prev_hash: last.hash, actor_name: 'admin' };
    // garbage hash
    await db().insertInto('audit_events').values({ ...base, hash: 'f'.repeat(64) }).execute();
    expect((await verifyAuditChain(db())).firstBad).toEqual({ seq: last.seq + 1, problem: 'altered' });
    await db().deleteFrom('audit_events').where('seq', '=', base.seq).execute();
    // a correctly computed SM3 link: only the head (which the audited transaction moves) betrays it
    await db().insertInto('audit_events').values({ ...base, hash: chainHash(base) }).execute();
    expect((await verifyAuditChain(db())).firstBad).toEqual({ seq: last.seq + 1, problem: 'inserted_or_reordered' });
    const cli = cliVerify(env);
    expect(cli.status).toBe(1);
    expect(cli.out).toContain(`seq ${last.seq + 1}`);
    await db().deleteFrom('audit_events').where('seq', '=', base.seq).execute();
    // a real event swapped for a forged one that is correctly hashed: the next event no longer links to it
    const mid = rows[3];
    await db().deleteFrom('audit_events').where('seq', '=', mid.seq).execute();
    const forged = { ...mid, id: uuidv7(), action: 'forged' };
    await db().insertInto('audit_events').values({ ...forged, hash: chainHash(forged) }).execute();
    expect((await verifyAuditChain(db())).firstBad).toEqual({ seq: mid.seq + 1, problem: 'inserted_or_reordered' });
    await restore(mid);
  });

  it('(d) the last event deleted → "deleted" at that seq (the head still counts it)', async () => {
    const last = rows[rows.length - 1];
    await db().deleteFrom('audit_events').where('seq', '=', last.seq).execute();
    expect(await verifyAuditChain(db())).toEqual({ ok: false, checked: rows.length - 1, firstBad: { seq: last.seq, problem: 'deleted' } });
    expect(cliVerify(env).status).toBe(1);
    await db().insertInto('audit_events').values(last).execute();
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('an audit write that fails on a conflicting row makes the whole operation fail: no person, no event', async () => {
    const last = rows[rows.length - 1];
    // squat on the seq the next audited write will take
    const squat = { ...last, seq: last.seq + 1, id: uuidv7(), action: 'squat' };
    await db().insertInto('audit_events').values(squat).execute();
    try {
      const before = await countOf(env, 'people');
      await expect(inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nzs, { name: '审计失败则不落库', idCard: idCard(777) }))).rejects.toThrow();
      const res = await env.call('POST', '/api/v1/orgs', { cookie: await env.login('admin'), body: { parentId: env.ids.nzs, code: `SQ${Date.now().toString(36)}`, name: '审计失败则不落库', kind: 'department' } });
      // 500 — or, on PostgreSQL, 409: orgs.service reads any unique violation (here the audit seq) as a duplicate code
      expect([409, 500]).toContain(res.statusCode);
      expect(await countOf(env, 'people')).toBe(before);
      expect(await db().selectFrom('orgs').select('id').where('name', '=', '审计失败则不落库').executeTakeFirst()).toBeUndefined();
    } finally {
      await db().deleteFrom('audit_events').where('seq', '=', squat.seq).execute();
    }
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: rows.length });
  });

  it('the viewer’s verify reports the break to the audit admin, in the request’s language', async () => {
    const victim = rows[2];
    await db().updateTable('audit_events').set({ ip: '10.0.0.66' }).where('seq', '=', victim.seq).execute();
    const auditor = await env.login('auditor');
    const zh = await env.call('GET', '/api/v1/audit/verify', { cookie: auditor });
    expect(zh.statusCode).toBe(200);
    expect(zh.json()).toEqual({ ok: false, checked: victim.seq - 1, firstBad: { seq: victim.seq, problem: 'altered', reason: expect.stringContaining('篡改') } });
    const en = await env.call('GET', '/api/v1/audit/verify', { cookie: auditor, headers: { 'accept-language': 'en' } });
    expect(en.json().firstBad.reason).toMatch(/altered/);
    const ev = await db().selectFrom('audit_events').selectAll().where('action', '=', 'audit.verify').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(ev.result).toBe('failure');
    expect(ev.actor_name).toBe('auditor');
  });
});

describe('audit viewer API (审计管理员 only)', () => {
  let env: TestEnv;
  const db = () => env.deps.database.db;
  const get = async (user: string, qs = '', lang?: string) =>
    env.call('GET', `/api/v1/audit/events${qs}`, { cookie: await env.login(user), headers: lang ? { 'accept-language': lang } : undefined });

  beforeAll(async () => {
    env = await createTestEnv();
    await someWrites(env, '7');
  });
  afterAll(async () => env?.close());

  it('the audit admin lists events newest first, as {items,total}, with before/after parsed', async () => {
    const res = await get('auditor');
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json();
    const n = await countOf(env, 'audit_events');
    // the read itself is recorded after the query, in the same transaction
    expect(total).toBe(n - 1);
    expect(items.length).toBe(Math.min(20, total));
    const seqs = items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(seqs[0]).toBe(n - 1);
    const create = items.find((e: { action: string }) => e.action === 'person.create');
    expect(create.after).toMatchObject({ name: '审计测试7', phone: '139****5678' });
  });

  it('the system admin and the security admin are refused (三员分立), and so is everyone else; each refusal is audited', async () => {
    for (const user of ['admin', 'secadmin', 'county', 'nzs_sfs', 'nzs_readonly']) {
      for (const url of ['/api/v1/audit/events', '/api/v1/audit/verify']) {
        const res = await env.call('GET', url, { cookie: await env.login(user) });
        expect(res.statusCode, `${user} ${url}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
    }
    expect((await env.call('GET', '/api/v1/audit/events')).statusCode).toBe(401);
    const denied = await db().selectFrom('audit_events').selectAll().where('result', '=', 'denied').where('entity', '=', 'audit').where('actor_name', '=', 'secadmin').execute();
    expect(denied.length).toBe(2);
  });

  it('reading the log is itself audited, with the filters used', async () => {
    await get('auditor', '?entity=org&result=success');
    const ev = await db().selectFrom('audit_events').selectAll().where('action', '=', 'audit.read').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(ev.actor_name).toBe('auditor');
    expect(ev.actor_roles).toBe('audit_admin');
    expect(JSON.parse(ev.after_json!).query).toMatchObject({ entity: 'org', result: 'success' });
    // the auditor's own reads show up in the auditor's own view
    const mine = (await get('auditor', '?action=audit.read&actor=auditor')).json();
    expect(mine.total).toBeGreaterThanOrEqual(2);
    expect(mine.items.every((e: { action: string; actorName: string }) => e.action === 'audit.read' && e.actorName === 'auditor')).toBe(true);
  });

  it('filters: user (contains), entity + entity id, action (exact or prefix), result, time', async () => {
    const sec = (await get('auditor', '?actor=secadmin&pageSize=200')).json();
    expect(sec.total).toBeGreaterThan(0);
    expect(sec.items.every((e: { actorName: string }) => e.actorName === 'secadmin')).toBe(true);
    const admins = (await get('auditor', '?actor=ADMIN&pageSize=200')).json();
    expect(new Set(admins.items.map((e: { actorName: string }) => e.actorName))).toEqual(new Set(['admin', 'secadmin']));

    const org = await db().selectFrom('orgs').select('id').where('name', '=', '审计测试部门7').executeTakeFirstOrThrow();
    const byEntity = (await get('auditor', `?entity=org&entityId=${org.id}`)).json();
    expect(byEntity.items.map((e: { action: string }) => e.action)).toEqual(['org.create']);
    expect(byEntity.total).toBe(1);

    const person = (await get('auditor', '?action=person&pageSize=200')).json();
    expect(person.total).toBeGreaterThan(0);
    expect(person.items.every((e: { action: string }) => e.action.startsWith('person.'))).toBe(true);
    expect((await get('auditor', '?action=pers')).json().total).toBe(0);
    // LIKE wildcards are taken literally
    expect((await get('auditor', '?action=%25')).json().total).toBe(0);
    expect((await get('auditor', '?actor=d_i')).json().total).toBe(0);

    const denied = (await get('auditor', '?result=denied&pageSize=200')).json();
    expect(denied.items.length).toBeGreaterThan(0);
    expect(denied.items.every((e: { result: string }) => e.result === 'denied')).toBe(true);

    const now = Date.now();
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const all = (await get('auditor', '?pageSize=1')).json().total;
    expect((await get('auditor', `?from=${iso(now - 3_600_000)}&to=${iso(now + 3_600_000)}&pageSize=1`)).json().total).toBe(all + 1);
    expect((await get('auditor', `?from=${iso(now + 3_600_000)}`)).json().total).toBe(0);
    expect((await get('auditor', '?to=2020-01-01')).json().total).toBe(0);
    // a date is the whole Shanghai day; an offset time is honoured
    const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await get('auditor', `?from=${today}&to=${today}&pageSize=1`)).json().total).toBe(all + 4);
    expect((await get('auditor', `?from=${encodeURIComponent(`${today}T23:59:59+08:00`)}`)).json().total).toBe(0);
  });

  it('pagination: pages do not overlap and the total stays', async () => {
    const p1 = (await get('auditor', '?entity=session&pageSize=2&page=1')).json();
    const p2 = (await get('auditor', '?entity=session&pageSize=2&page=2')).json();
    expect(p1.items).toHaveLength(2);
    expect(p2.total).toBe(p1.total);
    expect(p1.items[1].seq).toBeGreaterThan(p2.items[0].seq);
  });

  it('bad filters are a 400 with field messages, in English on request', async () => {
    for (const qs of ['?result=deleted', '?from=yesterday', '?to=2024-02-30', '?pageSize=1000', '?page=0']) {
      const res = await get('auditor', qs, 'en');
      expect(res.statusCode, qs).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION', message: 'Some fields are invalid' });
      expect(res.json().fields.length).toBeGreaterThan(0);
    }
  });

  it('an audit admin granted on one township sees that township’s events only, not the neighbour’s nor county-wide ones', async () => {
    const admin = await db().selectFrom('users').select('password_hash').where('username', '=', 'auditor').executeTakeFirstOrThrow();
    const id = uuidv7();
    const at = new Date().toISOString();
    await db()
      .insertInto('users')
      .values({
        id,
        org_id: env.ids.nzsDepartments.党政办,
        username: 'nzs_auditor',
        display_name: '乡审计员',
        password_hash: admin.password_hash,
        password_changed_at: at,
        must_change_password: 0,
        is_demo: 1,
        disabled: 0,
        failed_logins: 0,
        locked_until: null,
        totp_secret_enc: null,
        totp_enabled: 0,
        last_login_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db().insertInto('role_grants').values({ id: uuidv7(), user_id: id, role: 'audit_admin', org_id: env.ids.nzs, scope: 'subtree', granted_by: null, created_at: at }).execute();
    await inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nb, { name: '白杨镇的人' }));
    const res = await get('nzs_auditor', '?pageSize=200');
    expect(res.statusCode).toBe(200);
    const { items } = res.json() as { items: { orgId: string | null; after: unknown }[] };
    expect(items.length).toBeGreaterThan(0);
    const orgs = await db().selectFrom('orgs').select(['id', 'path']).execute();
    const nzsPath = orgs.find((o) => o.id === env.ids.nzs)!.path;
    const inNzs = new Set(orgs.filter((o) => o.path.startsWith(nzsPath)).map((o) => o.id));
    expect(items.every((e) => e.orgId !== null && inNzs.has(e.orgId))).toBe(true);
    expect(JSON.stringify(items)).not.toContain('白杨镇的人');
    // the county audit admin sees it
    expect(JSON.stringify((await get('auditor', `?entity=person&pageSize=200`)).json().items)).toContain('白杨镇的人');
  });
});
