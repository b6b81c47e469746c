import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idCardCheckChar } from '../../common/identity.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { inTx, systemCtx } from '../platform/context.ts';
import { registeredRoutes, type RouteSpec } from '../platform/http.ts';
import { seedMediationDemo } from '../modules/mediation/mediation.seed.ts';
import { DEMO_PASSWORD } from '../seed/base.ts';
import type { DemoUsername } from './authz.ts';
import { createTestEnv, ENGINE } from './harness.ts';

/**
 * fast-check fuzzing of every registered write route (issue §8; 等保 8.1.4.4 d; ASVS V2.3.3,
 * V15.3.6). Routes come from the registry in server/platform/http.ts, so a route added later is
 * fuzzed without touching this file. For each route, as a user who holds its permission, we send
 * arbitrary JSON (fc.anything, schema-shaped records with wrong types, huge and odd unicode strings,
 * prototype-pollution keys) with arbitrary path params (real ids of the demo county, random UUIDs,
 * random strings) and check:
 *   - never a 5xx;
 *   - every error answer is `{code, message, fields}`;
 *   - no partial record: after a 4xx nothing was committed to any table but the audit trail, the
 *     sessions and the users' login bookkeeping (counted by test-only triggers, so an UPDATE that
 *     slipped through counts as much as an INSERT).
 * Multipart routes (spec.multipart) get a few garbage multipart bodies instead.
 * Bounded: RUNS per route, one database for the file.
 */
const RUNS = 30;

// ——— the environment: the demo county with its mediation records, fast logins ———
const env = await createTestEnv({ config: { pbkdf2Iterations: 10_000 } });
afterAll(async () => env?.close());
await inTx(systemCtx(env.deps), (tx) => seedMediationDemo(tx, env.ids));

const db = env.deps.database.db;
const EXEMPT_TABLES = new Set(['audit_events', 'audit_head', 'sessions', 'fuzz_changes']);
/** Login bookkeeping a failed login is meant to write. */
const USER_BOOKKEEPING = new Set(['last_login_at', 'failed_logins', 'locked_until']);

/** Test-only triggers counting committed row changes per table (rolled back with their transaction). */
async function installChangeCounters(): Promise<void> {
  await sql`CREATE TABLE fuzz_changes (t text PRIMARY KEY, n integer NOT NULL)`.execute(db);
  const tables = (await db.introspection.getTables()).filter((t) => !EXEMPT_TABLES.has(t.name));
  if (ENGINE === 'postgres') {
    await sql`CREATE FUNCTION fuzz_count() RETURNS trigger AS $$ BEGIN INSERT INTO fuzz_changes VALUES (TG_TABLE_NAME, 1) ON CONFLICT (t) DO UPDATE SET n = fuzz_changes.n + 1; RETURN NULL; END $$ LANGUAGE plpgsql`.execute(db);
  }
  for (const t of tables) {
    const name = sql.id(t.name);
    const watched = t.name === 'users' ? t.columns.filter((c) => !USER_BOOKKEEPING.has(c.name)).map((c) => c.name) : null;
    if (ENGINE === 'sqlite') {
      const bump = sql.raw(`INSERT INTO fuzz_changes VALUES ('${t.name}', 1) ON CONFLICT(t) DO UPDATE SET n = n + 1;`);
      const when = watched ? sql.raw(`WHEN ${watched.map((c) => `old."${c}" IS NOT new."${c}"`).join(' OR ')}`) : sql.raw('');
      await sql`CREATE TRIGGER ${sql.id(`fuzz_${t.name}_i`)} AFTER INSERT ON ${name} BEGIN ${bump} END`.execute(db);
      await sql`CREATE TRIGGER ${sql.id(`fuzz_${t.name}_u`)} AFTER UPDATE ON ${name} ${when} BEGIN ${bump} END`.execute(db);
      await sql`CREATE TRIGGER ${sql.id(`fuzz_${t.name}_d`)} AFTER DELETE ON ${name} BEGIN ${bump} END`.execute(db);
    } else {
      const when = watched ? sql.raw(`WHEN ((${watched.map((c) => `OLD."${c}"`).join(', ')}) IS DISTINCT FROM (${watched.map((c) => `NEW."${c}"`).join(', ')}))`) : sql.raw('');
      await sql`CREATE TRIGGER ${sql.id(`fuzz_${t.name}_id`)} AFTER INSERT OR DELETE ON ${name} FOR EACH ROW EXECUTE FUNCTION fuzz_count()`.execute(db);
      await sql`CREATE TRIGGER ${sql.id(`fuzz_${t.name}_u`)} AFTER UPDATE ON ${name} FOR EACH ROW ${when} EXECUTE FUNCTION fuzz_count()`.execute(db);
    }
  }
}
await installChangeCounters();

async function changes(): Promise<Record<string, number>> {
  const rows = await sql<{ t: string; n: number }>`SELECT t, n FROM fuzz_changes`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.t, Number(r.n)]));
}
function diff(a: Record<string, number>, b: Record<string, number>): string[] {
  return Object.keys(b).filter((t) => (b[t] ?? 0) !== (a[t] ?? 0)).map((t) => `${t} +${(b[t] ?? 0) - (a[t] ?? 0)}`);
}

// ——— real ids to aim at (not the demo users nor their grants, so the sessions used here survive) ———
const demoUserIds = new Set(Object.values(env.ids.users));
async function realIds(): Promise<string[]> {
  const out = new Set<string>();
  for (const t of await db.introspection.getTables()) {
    if (EXEMPT_TABLES.has(t.name) || !t.columns.some((c) => c.name === 'id')) continue;
    const rows = (await db.selectFrom(t.name as 'orgs').select('id').limit(40).execute()) as { id: string }[];
    for (const r of rows) if (typeof r.id === 'string' && !demoUserIds.has(r.id)) out.add(r.id);
  }
  const grants = await db.selectFrom('role_grants').select('id').where('user_id', 'in', [...demoUserIds]).execute();
  for (const g of grants) out.delete(g.id);
  return [...out];
}
const POOL = await realIds();

// ——— who acts on which route ———
function userFor(url: string): DemoUsername {
  if (/^\/api\/v1\/users\/:id\/(grants|unlock)/.test(url)) return 'secadmin';
  if (/^\/api\/v1\/(orgs|users|calendar)\b/.test(url)) return 'admin';
  if (url.startsWith('/api/v1/audit')) return 'auditor';
  // self-service routes act on the caller: a user no other route here relies on
  if (url.startsWith('/api/v1/auth')) return 'nzs_leader';
  return 'nzs_sfs';
}
const cookies = new Map<string, string>();
async function cookieFor(user: string): Promise<string> {
  const have = cookies.get(user);
  if (have) return have;
  const res = await env.call('POST', '/api/v1/auth/login', { body: { username: user, password: DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${user}: ${res.statusCode} ${res.body}`);
  const c = `fazhi_sid=${res.cookies.find((x) => x.name === 'fazhi_sid')!.value}`;
  cookies.set(user, c);
  return c;
}

// ——— generators ———
const validId = fc.integer({ min: 0, max: 999 }).map((n) => {
  const f = `61010219880808${String(n).padStart(3, '0')}`;
  return f + idCardCheckChar(f);
});
const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '😀👨‍👩‍👧',
  'ﷺ\u202e\u200b',
  "'; DROP TABLE orgs; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00%2e%2e',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '1e309',
  '0000-00-00',
  '2024-02-30',
  '2024-13-01',
  '9999-12-31',
  '1900-01-01',
  '2024-02',
  '00000000-0000-0000-0000-000000000000',
  '13800138000',
  'a'.repeat(100_000),
  '中'.repeat(30_000),
  '\n'.repeat(5000),
);
const today = new Date().toISOString().slice(0, 10);
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: POOL.length ? fc.constantFrom(...POOL) : fc.uuid() },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: validId },
  { weight: 1, arbitrary: fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constant(today) },
);
const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.1, 1.005, 9_999_999_999_999),
);
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), anyNumber, anyString, fc.constant([]), fc.constant({}), fc.array(fc.integer(), { maxLength: 3 }));

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
}

/** Values shaped like the schema, each one sometimes of the wrong type. */
function fromSchema(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const right = ((): fc.Arbitrary<unknown> => {
    if (depth > 4) return wrongType;
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    if (s.const !== undefined) return fc.constant(s.const);
    const alts = s.anyOf ?? s.oneOf ?? s.allOf;
    if (alts?.length) return fc.oneof(...alts.map((a) => fromSchema(a, depth + 1)));
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'object': {
        const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
        return fc.record(props, { requiredKeys: [] });
      }
      case 'array':
        return fc.array(fromSchema(s.items ?? {}, depth + 1), { maxLength: depth === 0 ? 8 : 4 });
      case 'string':
        return anyString;
      case 'integer':
      case 'number':
        return anyNumber;
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.oneof(anyString, anyNumber, fc.boolean(), fc.constant(null));
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: wrongType });
}

const toSchema = (t: z.ZodType) => z.toJSONSchema(t, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A raw request body: JSON text, or nothing. */
function bodies(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): fc.Arbitrary<string | undefined> {
  const shaped = spec.body ? fromSchema(toSchema(spec.body)) : fc.constant({});
  const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  return fc.oneof(
    { weight: 4, arbitrary: shaped.map(json) },
    { weight: 2, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 6 }).map(json) },
    {
      // prototype pollution: the keys only JSON text can carry
      weight: 1,
      arbitrary: fc
        .tuple(shaped, fc.constantFrom('"__proto__":{"isAdmin":true}', '"constructor":{"prototype":{"isAdmin":true}}', '"__proto__":null', '"prototype":{"x":1}'))
        .map(([v, extra]) => {
          const text = JSON.stringify(v && typeof v === 'object' && !Array.isArray(v) ? v : {});
          return text === '{}' ? `{${extra}}` : `{${extra},${text.slice(1)}`;
        }),
    },
    { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"x"', '0', 'true', '{"a":', '{}', `${'['.repeat(2000)}${']'.repeat(2000)}`, undefined) },
  );
}

function pathParam(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: POOL.length ? fc.constantFrom(...POOL) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: -10, max: 10_000 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('0', 'null', 'undefined', '..', '%2e%2e', '__proto__', 'a'.repeat(150), '2024', '1900', '2100') },
  );
}

function queryString(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): fc.Arbitrary<string> {
  if (!spec.query) return fc.constant('');
  const props = Object.keys(toSchema(spec.query).properties ?? {});
  if (!props.length) return fc.constant('');
  return fc.dictionary(fc.constantFrom(...props), anyString.map((s) => s.slice(0, 200)), { maxKeys: 3 }).map((q) => {
    const qs = new URLSearchParams(q).toString();
    return qs ? `?${qs}` : '';
  });
}

function fillUrl(url: string, values: string[]): string {
  let i = 0;
  return url.replace(/:(\w+)/g, () => encodeURIComponent(values[i++] ?? 'x'));
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const routes = [...new Map(registeredRoutes().filter((r) => WRITE.has(r.method)).map((r) => [`${r.method} ${r.url}`, r])).values()];
const ERROR_KEYS = ['code', 'fields', 'message'];
const clip = (s: string | undefined, n = 300) => (s === undefined ? '(no body)' : s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

interface Problem {
  route: string;
  status: number;
  problem: string;
  request: string;
  response: string;
}

/** One request, judged: status, error shape, nothing committed on a 4xx. */
async function probe(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>, url: string, payload: string | Buffer | undefined, headers: Record<string, string>, problems: Problem[]): Promise<number> {
  const user = userFor(spec.url);
  const needsLogin = spec.auth !== 'public';
  const cookie = needsLogin ? await cookieFor(user) : undefined;
  const before = await changes();
  const res = await env.app.inject({ method: spec.method, url, payload, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  const request = `${spec.method} ${clip(url, 200)} ${typeof payload === 'string' ? clip(payload) : payload ? `<${payload.length} bytes>` : '(no body)'}`;
  const report = (problem: string) => problems.push({ route: `${spec.method} ${spec.url}`, status: res.statusCode, problem, request, response: clip(res.body) });
  if (res.statusCode >= 500) report('5xx');
  if (res.statusCode >= 400) {
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = null;
    }
    const ok = !!json && typeof json === 'object' && ERROR_KEYS.every((k) => k in (json as object)) && Array.isArray((json as { fields: unknown }).fields);
    if (!ok) report('error body is not {code,message,fields}');
  }
  if (res.statusCode >= 400 && res.statusCode < 500) {
    const changed = diff(before, await changes());
    if (changed.length) report(`4xx but rows changed: ${changed.join(', ')}`);
  }
  // a session ended by the request itself (logout, password change): log in again next time
  if (needsLogin && (res.statusCode === 401 || (spec.url.startsWith('/api/v1/auth') && res.statusCode < 300))) cookies.delete(user);
  return res.statusCode;
}

function garbageMultipart(): fc.Arbitrary<{ payload: Buffer; headers: Record<string, string> }> {
  const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
  return fc.oneof(
    fc.uint8Array({ maxLength: 2000 }).map((b) => ({ payload: Buffer.from(b), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })),
    fc.tuple(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 2000 })).map(([name, b]) => ({
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/["\r\n]/g, '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        Buffer.from(b),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })),
    fc.constant({ payload: Buffer.from('{"file":"x"}'), headers: { 'content-type': 'application/json' } }),
    fc.constant({ payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nno filename\r\n--${boundary}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }),
    fc.constant({ payload: Buffer.from(''), headers: { 'content-type': 'multipart/form-data' } }),
  );
}

describe(`fuzzing every write route (${ENGINE})`, () => {
  it('finds the write routes of the platform and of every module', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    expect(names).toContain('POST /api/v1/auth/login');
    expect(names).toContain('POST /api/v1/orgs');
    expect(names.some((n) => n.includes('/api/v1/mediation/'))).toBe(true);
    expect(routes.length).toBeGreaterThan(15);
  });

  for (const spec of routes) {
    it(`${spec.method} ${spec.url}${spec.multipart ? ' (multipart)' : ''}`, async () => {
      const problems: Problem[] = [];
      const statuses: number[] = [];
      const params = (spec.url.match(/:\w+/g) ?? []).length;
      if (spec.multipart) {
        const samples = fc.sample(fc.tuple(garbageMultipart(), fc.array(pathParam(), { minLength: params, maxLength: params })), { numRuns: 8, seed: 42 });
        for (const [{ payload, headers }, values] of samples) statuses.push(await probe(spec, fillUrl(spec.url, values), payload, headers, problems));
      } else {
        await fc.assert(
          fc.asyncProperty(bodies(spec), fc.array(pathParam(), { minLength: params, maxLength: params }), queryString(spec), async (payload, values, qs) => {
            const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
            statuses.push(await probe(spec, `${fillUrl(spec.url, values)}${qs}`, payload, headers, problems));
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
      }
      expect(problems, JSON.stringify(problems.slice(0, 5), null, 2)).toEqual([]);
      // the user was really let in somewhere, or the run tested nothing but the permission check
      if (spec.auth !== 'public') expect(statuses.some((s) => s !== 401 && s !== 403), `statuses ${statuses.join(',')}`).toBe(true);
    });
  }

  it('afterwards the audit chain verifies and the database is intact', async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
    if (ENGINE === 'sqlite') expect(env.deps.database.raw!.pragma('integrity_check', { simple: true })).toBe('ok');
    if (ENGINE === 'sqlite') expect(env.deps.database.raw!.pragma('foreign_key_check')).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
