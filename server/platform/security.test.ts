import { createCipheriv, createDecipheriv } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../common/errors.ts';
import { idCardCheckChar, isValidIdCard, isValidPhone, maskIdCard, maskName, maskPhone } from '../../common/identity.ts';
import { createTestEnv, ENGINE, type TestEnv } from '../testing/harness.ts';
import { inTx, systemCtx } from './context.ts';
import { FieldCrypto, sm3 } from './crypto.ts';
import { saveAttachment } from './files/files.service.ts';
import { createPerson } from './people/people.service.ts';

/**
 * Platform security (security-requirements S8, S9, S12; 等保 8.1.4.4 d, 8.1.4.8): headers, CSRF,
 * error bodies, uploads, encryption at rest, the 国密 primitives against their standard vectors, and
 * the masking and ID-number rules as properties.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const INTERNALS = /(\bat \S+ \(|\.ts:\d+|node_modules|\bselect\b|\binsert\b|sqlite|postgres|stack|syntaxerror|FST_)/i;

function expectErrorShape(body: string, code: string) {
  const json = JSON.parse(body);
  expect(Object.keys(json).sort()).toEqual(['code', 'fields', 'message']);
  expect(json.code).toBe(code);
  expect(typeof json.message).toBe('string');
  expect(Array.isArray(json.fields)).toBe(true);
  expect(body).not.toMatch(INTERNALS);
  return json;
}

describe('security headers (S12)', () => {
  const check = (h: Record<string, unknown>) => {
    const csp = String(h['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc.trim()).toBe("script-src 'self'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('same-origin');
  };

  it('on JSON answers, errors and the health check', async () => {
    for (const url of ['/api/v1/version', '/api/v1/orgs', '/api/v1/nope', '/healthz', '/api/docs/openapi.json']) {
      const res = await env.call('GET', url);
      check(res.headers);
    }
  });

  it('on HTML and on the docs viewer’s script and style, each with its own type', async () => {
    const html = await env.call('GET', '/api/docs');
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    check(html.headers);
    // the page loads only same-origin files: no inline script for the CSP to block
    expect(html.body).not.toMatch(/<script>[^<]/);
    expect(html.body).toContain('src="/api/docs/viewer.js"');
    const js = await env.call('GET', '/api/docs/viewer.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.body).toContain('/api/docs/openapi.json');
    check(js.headers);
    const css = await env.call('GET', '/api/docs/viewer.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('HSTS and a Secure cookie when the platform runs behind TLS (FAZHI_COOKIE_SECURE=1)', async () => {
    expect((await env.call('GET', '/healthz')).headers['strict-transport-security']).toBeUndefined();
    const tls = await createTestEnv({ config: { cookieSecure: true } });
    try {
      const res = await tls.call('POST', '/api/v1/auth/login', { body: { username: 'county', password: 'Fazhi@2026' } });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{8}/);
      const c = res.cookies.find((x) => x.name === '__Host-fazhi_sid');
      expect(c?.secure).toBe(true);
      expect(c?.path).toBe('/');
      expect(c?.domain).toBeUndefined();
      // the session works under its prefixed name
      const me = await tls.call('GET', '/api/v1/auth/me', { cookie: `__Host-fazhi_sid=${c?.value}` });
      expect(me.statusCode).toBe(200);
    } finally {
      await tls.close();
    }
  });
});

describe('CSRF: state-changing requests from a foreign Origin are refused', () => {
  const host = 'fazhi.example.gov.cn:3000';
  const login = (origin?: string) =>
    env.call('POST', '/api/v1/auth/login', { body: { username: 'county', password: 'Fazhi@2026' }, headers: { host, ...(origin !== undefined ? { origin } : {}) } });

  it('login from another site → 403 CSRF; same origin and no Origin (non-browser clients) pass', async () => {
    for (const origin of ['https://evil.example', 'http://fazhi.example.gov.cn.evil.example:3000', 'http://fazhi.example.gov.cn:3001', 'null', 'not a url']) {
      const res = await login(origin);
      expect(res.statusCode, origin).toBe(403);
      expectErrorShape(res.body, 'CSRF');
      expect(res.cookies.find((c) => c.name === 'fazhi_sid')).toBeUndefined();
    }
    expect((await login(`http://${host}`)).statusCode).toBe(200);
    expect((await login()).statusCode).toBe(200);
  });

  it('a logged-in write from a foreign Origin is refused before anything is written; reads are not affected', async () => {
    const cookie = await env.login('admin');
    const body = { parentId: env.ids.nzs, code: `CSRF${Date.now().toString(36)}`, name: 'CSRF测试部门', kind: 'department' };
    const res = await env.call('POST', '/api/v1/orgs', { cookie, body, headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF');
    expect(await env.deps.database.db.selectFrom('orgs').select('id').where('code', '=', body.code).executeTakeFirst()).toBeUndefined();
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const r = await env.call(method, `/api/v1/orgs/${env.ids.nzsVillages[7]}`, { cookie, body: { sort: 9 }, headers: { origin: 'https://evil.example' } });
      expect(r.statusCode, method).toBe(403);
    }
    expect((await env.call('GET', '/api/v1/orgs', { cookie, headers: { origin: 'https://evil.example' } })).statusCode).toBe(200);
  });
});

describe('errors: one shape, localised, no internals (S12; issue §4)', () => {
  it('malformed JSON → 400 {code,message,fields}', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username": "admin", "password":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(expectErrorShape(res.body, 'BAD_REQUEST')).toEqual({ code: 'BAD_REQUEST', message: ERROR_MESSAGES.BAD_REQUEST.zh, fields: [] });
    const en = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{', headers: { 'content-type': 'application/json', 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().message).toBe(ERROR_MESSAGES.BAD_REQUEST.en);
  });

  it('unknown routes → 404 NOT_FOUND in the same shape, Chinese by default, English on request', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['POST', '/api/v1/nope'],
      ['DELETE', '/api/v2/orgs'],
      ['GET', '/nope'],
    ]) {
      const res = await env.call(method, url);
      expect(res.statusCode, url).toBe(404);
      expect(expectErrorShape(res.body, 'NOT_FOUND').message).toBe(ERROR_MESSAGES.NOT_FOUND.zh);
    }
    expect((await env.call('GET', '/api/v1/nope', { headers: { 'accept-language': 'en' } })).json().message).toBe('Not found');
  });

  it('wrong content type, oversize body, prototype-poisoning keys, a bad id: 4xx in the same shape', async () => {
    const xml = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '<login/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
    expectErrorShape(xml.body, 'BAD_REQUEST');
    const text = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: 'username=admin', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(400);
    expectErrorShape(text.body, 'VALIDATION');
    const huge = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: JSON.stringify({ username: 'x', password: 'y'.repeat(3 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
    expect(huge.statusCode).toBe(413);
    expectErrorShape(huge.body, 'PAYLOAD_TOO_LARGE');
    for (const payload of ['{"__proto__":{"isAdmin":true},"username":"a","password":"b"}', '{"constructor":{"prototype":{"isAdmin":true}}}']) {
      const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expectErrorShape(res.body, 'BAD_REQUEST');
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // U+0000 is refused at the door on both engines (PostgreSQL text cannot hold it: it was a 500 there)
    const nul = await env.call('POST', '/api/v1/auth/login', { body: { username: 'admin\u0000', password: 'x' }, headers: { 'accept-language': 'en' } });
    expect(nul.statusCode).toBe(400);
    expect(expectErrorShape(nul.body, 'VALIDATION').fields).toEqual([{ field: 'username', message: 'Must not contain a NUL character (\\0) or invalid Unicode' }]);
    // so is an unpaired surrogate (it would be stored as U+FFFD, not as sent); a real pair is fine
    const lone = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":"a\\ud800","password":"x"}', headers: { 'content-type': 'application/json' } });
    expect(lone.json().fields[0].field).toBe('username');
    const pair = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":"a\\ud83d\\ude00","password":"x"}', headers: { 'content-type': 'application/json' } });
    expect(pair.statusCode).toBe(401);
    const nulOrg = await env.call('POST', '/api/v1/orgs', { cookie: await env.login('admin'), body: { parentId: env.ids.nzs, code: 'NUL1', name: ['a', 'b\u0000'], kind: 'department' } });
    expect(nulOrg.statusCode).toBe(400);
    expect(nulOrg.json().fields[0].field).toBe('name.1');
    expect((await env.call('GET', '/api/v1/audit/events?actor=%00', { cookie: await env.login('auditor') })).json().fields[0].field).toBe('query.actor');
    // a wrong type is named as such (not "received undefined")
    const typed = await env.call('POST', '/api/v1/auth/login', { body: { username: 12, password: 'x' }, headers: { 'accept-language': 'en' } });
    expect(typed.statusCode).toBe(400);
    expect(expectErrorShape(typed.body, 'VALIDATION').fields).toEqual([{ field: 'username', message: 'Invalid input: expected string, received number' }]);
    const bad = await env.call('GET', '/api/v1/orgs/not-a-uuid', { cookie: await env.login('admin'), headers: { 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    const json = expectErrorShape(bad.body, 'VALIDATION');
    expect(json.fields[0].field).toBe('params.id');
  });

  it('an internal failure is a bare 500 INTERNAL', async () => {
    // an id that passes validation but whose row is unreadable (ciphertext damaged at rest)
    const id = await inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nzs, { name: '损坏密文', phone: '13800001111' }));
    await env.deps.database.db.updateTable('people').set({ phone_enc: 'v1.AAAA' }).where('id', '=', id).execute();
    const broken = await env.call('POST', `/api/v1/people/${id}/unmask`, { cookie: await env.login('nzs_sfs'), body: { reason: '测试' } });
    expect(broken.statusCode).toBe(500);
    expect(expectErrorShape(broken.body, 'INTERNAL').message).toBe(ERROR_MESSAGES.INTERNAL.zh);
  });

  it.skipIf(ENGINE !== 'postgres')('connections killed under the server (a restart, an admin) do not crash it; the next request works (PostgreSQL)', async () => {
    for (let i = 0; i < 3; i++) await env.call('GET', '/healthz');
    const dbName = new URL(env.config.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.FAZHI_TEST_PG_URL });
    await admin.connect();
    try {
      const r = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
      expect(r.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await env.call('GET', '/healthz')).statusCode).toBe(200);
  });

  it('/healthz answers ok with the engine and version, without login', async () => {
    const res = await env.call('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', engine: ENGINE, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });
});

describe('uploads: type allow-list by extension and magic bytes, size limit (S12)', () => {
  const owner = () => ({ entity: 'test', entityId: env.ids.nzs, orgId: env.ids.nzs });
  const ctx = () => systemCtx(env.deps);
  const count = async () => Number((await env.deps.database.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const stored = () => {
    const dir = path.join(env.config.dataDir, 'files');
    const walk = (d: string): string[] => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [e.name])) : []);
    return walk(dir).length;
  };
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

  it('a real PDF is stored with its SM3 and the upload audited', async () => {
    const v = await saveAttachment(ctx(), owner(), '调解协议书.pdf', pdf);
    expect(v).toMatchObject({ name: '调解协议书.pdf', mime: 'application/pdf', size: pdf.length, sm3: sm3(pdf) });
    const ev = await env.deps.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'file.upload').where('entity_id', '=', v.id).executeTakeFirstOrThrow();
    expect(JSON.parse(ev.after_json!)).toMatchObject({ name: '调解协议书.pdf', size: pdf.length });
  });

  it('an .exe renamed .pdf, an HTML page, an SVG, a PNG called .jpg, an empty file: 415, nothing stored', async () => {
    const before = [await count(), stored()];
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const cases: [string, Buffer][] = [
      ['证据.pdf', exe],
      ['setup.exe', exe],
      ['page.html', Buffer.from('<script>alert(1)</script>')],
      ['图.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ['photo.jpg', png],
      ['empty.pdf', Buffer.alloc(0)],
      ['noext', pdf],
      ['evil.pdf.exe', exe],
    ];
    for (const [name, data] of cases) {
      await expect(saveAttachment(ctx(), owner(), name, data), name).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE', status: 415 });
    }
    expect([await count(), stored()]).toEqual(before);
  });

  it('one byte over the limit → 413, nothing stored; at the limit it is accepted', async () => {
    const max = env.config.maxUploadBytes;
    const before = [await count(), stored()];
    const over = Buffer.alloc(max + 1, 0x20);
    pdf.copy(over);
    await expect(saveAttachment(ctx(), owner(), 'big.pdf', over)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect([await count(), stored()]).toEqual(before);
    const atLimit = over.subarray(0, max);
    expect((await saveAttachment(ctx(), owner(), 'limit.pdf', atLimit)).size).toBe(max);
  });

  it('a path in the file name cannot escape: separators are replaced', async () => {
    const v = await saveAttachment(ctx(), owner(), '../../etc/passwd.pdf', pdf);
    expect(v.name).not.toMatch(/[\\/]/);
    expect(v.name.endsWith('passwd.pdf')).toBe(true);
  });
});

describe('personal data encrypted at rest (S8)', () => {
  // A database of its own: the file scan below must not meet rows that earlier tests deleted
  // (a logged-out session's digest lingers in the WAL, and its hex digits can read as a phone).
  let env: TestEnv;
  afterAll(async () => env?.close());
  const ids = ['110105194912310021', '610102199003076617', '61010219850312701X'].map((s) => s.slice(0, 17) + idCardCheckChar(s.slice(0, 17)));
  const phones = ['13812345678', '15987654321', '19900001111'];

  /**
   * Matches of the ID-card and phone patterns in raw bytes, not counting characters that belong to
   * values known not to be personal data but made of digits and hex: UUIDs, SM3 digests (hashes,
   * blind indexes, session ids) and org codes, as stored in the database. SQLite writes a row's
   * columns back to back, so a UUID's last group followed by a 12-digit code reads as a digit run;
   * only the exact safe values are blanked, so a clear number stored next to one is still found.
   */
  function piiHits(buf: Buffer, safe: Set<string>): string[] {
    const s = buf.toString('latin1');
    const lens = [...new Set([...safe].map((t) => t.length))];
    const hits: string[] = [];
    for (const run of s.match(/[0-9A-Za-z_-]{11,}/g) ?? []) {
      if (!/\d{17}[\dXx]|1[3-9]\d{9}/.test(run)) continue;
      const covered = new Uint8Array(run.length);
      for (let j = 0; j < run.length; j++) for (const n of lens) if (safe.has(run.slice(j, j + n))) covered.fill(1, j, j + n);
      const rest = Array.from(run, (c, i) => (covered[i] ? '|' : c)).join('');
      for (const re of [/\d{17}[\dXx]/g, /1[3-9]\d{9}/g]) for (const m of rest.matchAll(re)) hits.push(m[0]);
    }
    return hits;
  }
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  /** Every UUID, 64-hex digest and code value in every table (introspected, so new tables count). */
  async function safeValues(): Promise<Set<string>> {
    const db = env.deps.database.db;
    const out = new Set<string>(['0'.repeat(64)]);
    for (const t of await db.introspection.getTables()) {
      const rows = (await db.selectFrom(t.name as 'orgs').selectAll().execute()) as Record<string, unknown>[];
      for (const r of rows) {
        for (const [k, v] of Object.entries(r)) {
          if (typeof v !== 'string') continue;
          if (UUID.test(v) || /^[0-9a-f]{64}$/.test(v) || k === 'code') out.add(v);
        }
      }
    }
    return out;
  }

  it('the detector finds clear values, also right next to a UUID or a hash, and ignores the safe values alone', () => {
    const uuid = '01a214a7-ac91-777c-8f45-969082283515';
    const hash = sm3('x');
    const safe = new Set([uuid, hash, '610000101201', '0'.repeat(64)]);
    expect(piiHits(Buffer.from(`x${ids[0]}y 13812345678`), safe)).toEqual(expect.arrayContaining([ids[0], '13812345678']));
    expect(piiHits(Buffer.from(`${uuid}13812345678${hash}`), safe)).toEqual(['13812345678']);
    expect(piiHits(Buffer.from(`${hash}${ids[1]}`), safe)).toEqual(expect.arrayContaining([ids[1]]));
    expect(piiHits(Buffer.from(`\x01${uuid}610000101201${'0'.repeat(64)}\x02`), safe)).toEqual([]);
    expect(piiHits(Buffer.from(`${uuid}610000101201`), new Set())).not.toEqual([]);
  });

  beforeAll(async () => {
    env = await createTestEnv();
    for (let i = 0; i < ids.length; i++) {
      await inTx(systemCtx(env.deps), (tx) => createPerson(tx, env.ids.nzsVillages[i], { name: `明文检查${i}`, idCard: ids[i], phone: phones[i], address: `东沟村${i}组` }));
    }
  });

  it.skipIf(ENGINE !== 'sqlite')('the raw SQLite file (and its WAL) holds no ID-card or phone pattern after people were created (SQLite only)', async () => {
    const people = await env.deps.database.db.selectFrom('people').selectAll().where('name', 'like', '明文检查%').execute();
    expect(people).toHaveLength(3);
    const file = env.deps.database.file!;
    const raw = () => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    for (const buf of [raw()]) {
      const s = buf.toString('latin1');
      for (const v of [...ids, ...phones]) expect(s.includes(v), v).toBe(false);
      expect(buf.includes(Buffer.from('东沟村0组'))).toBe(false);
      expect(piiHits(buf, await safeValues())).toEqual([]);
    }
    // and after a checkpoint moves everything into the main file
    env.deps.database.raw!.pragma('wal_checkpoint(TRUNCATE)');
    expect(piiHits(readFileSync(file), await safeValues())).toEqual([]);
    // the names are stored (they are not encrypted): proof the file was read where the rows are
    expect(readFileSync(file).includes(Buffer.from('明文检查0'))).toBe(true);
  });

  it('lists and searches show masked values; the blind index finds the exact number', async () => {
    const res = await env.call('GET', `/api/v1/people/search?idCard=${ids[1]}`, { cookie: await env.login('nzs_sfs') });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { name: string; idCardMasked: string; phoneMasked: string }[];
    expect(items.map((p) => p.name)).toEqual(['明文检查1']);
    expect(items[0]).toMatchObject({ idCardMasked: maskIdCard(ids[1]), phoneMasked: '159****4321' });
    expect(res.body).not.toContain(ids[1]);
  });
});

describe('国密 primitives and field encryption (S8)', () => {
  it('SM3 (GB/T 32905) test vectors', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('SM4 (GB/T 32907) standard vector, ECB without padding, both ways', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-ecb', key, null);
    c.setAutoPadding(false);
    const ct = Buffer.concat([c.update(key), c.final()]);
    expect(ct.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    const d = createDecipheriv('sm4-ecb', key, null);
    d.setAutoPadding(false);
    expect(Buffer.concat([d.update(ct), d.final()]).toString('hex')).toBe(key.toString('hex'));
  });

  const crypto = new FieldCrypto('field-crypto-test-secret-0123456789abcdef');

  it('round-trips any text; the same text encrypts differently each time (random IV)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(crypto.decrypt(crypto.encrypt(s))).toBe(s);
      }),
      { numRuns: 200 },
    );
    const a = crypto.encrypt('610102199003076617');
    expect(a).toMatch(/^v1\.[A-Za-z0-9+/]+=*$/);
    expect(crypto.encrypt('610102199003076617')).not.toBe(a);
  });

  it('detects tampering: any flipped byte of IV, ciphertext or tag, truncation, another key, another version', () => {
    const token = crypto.encrypt('13812345678');
    const raw = Buffer.from(token.slice(3), 'base64');
    for (let i = 0; i < raw.length; i++) {
      const t = Buffer.from(raw);
      t[i] ^= 0x01;
      expect(() => crypto.decrypt(`v1.${t.toString('base64')}`), `byte ${i}`).toThrow();
    }
    expect(() => crypto.decrypt(`v1.${raw.subarray(0, raw.length - 1).toString('base64')}`)).toThrow();
    expect(() => crypto.decrypt(`v1.${raw.subarray(0, 40).toString('base64')}`)).toThrow(/too short/);
    expect(() => crypto.decrypt(`v2.${raw.toString('base64')}`)).toThrow(/version/);
    expect(() => new FieldCrypto('another-secret-0123456789abcdef0123456789').decrypt(token)).toThrow(/integrity/);
  });

  it('the blind index is deterministic, keyed and separated by kind', () => {
    const other = new FieldCrypto('another-secret-0123456789abcdef0123456789');
    const v = '610102199003076617';
    expect(crypto.blindIndex('id_card', v)).toBe(crypto.blindIndex('id_card', v));
    expect(crypto.blindIndex('id_card', v)).toMatch(/^[0-9a-f]{64}$/);
    expect(other.blindIndex('id_card', v)).not.toBe(crypto.blindIndex('id_card', v));
    expect(crypto.blindIndex('phone', v)).not.toBe(crypto.blindIndex('id_card', v));
    expect(crypto.blindIndex('id_card', v)).not.toBe(sm3(v));
  });
});

describe('masking and the GB 11643 check character (S9; properties)', () => {
  /** A valid 18-character number: area, a real birth date 1900–2099, sequence, computed check character. */
  const validId = fc
    .tuple(
      fc.integer({ min: 100000, max: 999999 }),
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([area, d, seq]) => {
      const first17 = `${area}${d.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      return first17 + idCardCheckChar(first17);
    });
  const mobile = fc.tuple(fc.constantFrom('3', '4', '5', '6', '7', '8', '9'), fc.stringMatching(/^\d{9}$/)).map(([b, rest]) => `1${b}${rest}`);

  it('the formats: 610102********1234 and 138****1234; 姓+某', () => {
    expect(maskIdCard('610102199001011234')).toBe('610102********1234');
    expect(maskIdCard(' 61010219900101123X ')).toBe('610102********123X');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138-1234-1234')).toBe('138****1234');
    expect(maskPhone('02988886666')).toBe('029****6666');
    expect(maskIdCard(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
    expect(maskIdCard('12345')).toBe('*****');
    expect(maskName('张三丰')).toBe('张某');
    expect(maskName('欧')).toBe('欧');
  });

  it('the classic example 11010519491231002X is valid; lower-case x too', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('11010519491231002x')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
    expect(isValidIdCard('110105194902300028')).toBe(false); // 30 February
  });

  it('masking any string never shows more than 10 of its characters, keeps its length, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).filter((s) => !s.includes('*')), (s) => {
        const m = maskIdCard(s);
        expect(m.length).toBe(s.trim().length);
        expect([...m].filter((c) => c !== '*').length).toBeLessThanOrEqual(10);
        expect(maskIdCard(m)).toBe(m);
      }),
      { numRuns: 500 },
    );
  });

  it('a masked valid ID shows exactly the first 6 and last 4, and no longer matches the ID pattern', () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(isValidIdCard(id)).toBe(true);
        const m = maskIdCard(id);
        expect(m).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
        expect(m).not.toMatch(/\d{17}[\dXx]/);
      }),
      { numRuns: 300 },
    );
  });

  it('a masked mobile shows 7 digits and never matches the phone pattern', () => {
    fc.assert(
      fc.property(mobile, (p) => {
        expect(isValidPhone(p)).toBe(true);
        const m = maskPhone(p);
        expect(m).toMatch(/^1[3-9]\d\*{4}\d{4}$/);
        expect(m).not.toMatch(/1[3-9]\d{9}/);
        expect(maskPhone(m)).toBe(m);
      }),
      { numRuns: 300 },
    );
  });

  it('a valid ID with any single character changed is invalid (MOD 11-2 catches every substitution)', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, delta) => {
        const alphabet = pos === 17 ? '0123456789X' : '0123456789';
        const cur = alphabet.indexOf(id[pos]);
        const next = alphabet[(cur + delta) % alphabet.length];
        fc.pre(next !== id[pos]);
        const changed = id.slice(0, pos) + next + id.slice(pos + 1);
        expect(isValidIdCard(changed)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid ID with two different adjacent digits swapped is invalid', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), (id, pos) => {
        fc.pre(id[pos] !== id[pos + 1] && id[pos + 1] !== 'X');
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(isValidIdCard(swapped)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('wrong lengths and characters are invalid; validation never throws on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const v = isValidIdCard(s);
        if (v) expect(s.trim()).toMatch(/^\d{17}[\dXx]$/);
      }),
      { numRuns: 500 },
    );
    expect(isValidIdCard('61010219900307661')).toBe(false);
    expect(isValidIdCard('6101021990030766171')).toBe(false);
  });
});
