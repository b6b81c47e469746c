import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idCardCheckChar } from '../../common/identity.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { inTx, systemCtx } from '../platform/context.ts';
import { registeredRoutes, type RouteSpec } from '../platform/http.ts';
import { seedMediationDemo } from '../modules/mediation/mediation.seed.ts';
import { seedStudyDemo } from '../modules/study/study.seed.ts';
import { seedPlanningDemo } from '../modules/planning/planning.seed.ts';
import { seedPublicityDemo } from '../modules/publicity/publicity.seed.ts';
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
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
/** Random per run; FUZZ_SEED=<n> replays a run (each route uses SEED + its index). */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

// ——— the environment: the demo county with its mediation records, fast logins ———
const env = await createTestEnv({ config: { pbkdf2Iterations: 10_000 } });
afterAll(async () => env?.close());
await inTx(systemCtx(env.deps), (tx) => seedMediationDemo(tx, env.ids));
await inTx(systemCtx(env.deps), (tx) => seedPlanningDemo(tx, env.ids));
await inTx(systemCtx(env.deps), (tx) => seedStudyDemo(tx, env.ids));
await inTx(systemCtx(env.deps), (tx) => seedPublicityDemo(tx, env.ids));

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

// ——— real ids to aim at, per table: a field or path segment named after an entity gets that entity's ids ———
const demoUserIds = new Set(Object.values(env.ids.users));
const demoGrantIds = new Set((await db.selectFrom('role_grants').select('id').where('user_id', 'in', [...demoUserIds]).execute()).map((g) => g.id));
async function idsByTable(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of await db.introspection.getTables()) {
    if (EXEMPT_TABLES.has(t.name) || !t.columns.some((c) => c.name === 'id')) continue;
    const rows = (await db.selectFrom(t.name as 'orgs').select('id').limit(60).execute()) as { id: unknown }[];
    const ids = rows.map((r) => r.id).filter((id): id is string => typeof id === 'string');
    if (ids.length) out.set(t.name, ids);
  }
  return out;
}
let IDS = await idsByTable();
let POOL = [...IDS.values()].flat();
/** Before each route: records created by earlier routes (users, disputes…) become targets too. */
async function refreshIds(): Promise<void> {
  IDS = await idsByTable();
  POOL = [...IDS.values()].flat();
}
const ORG_STEMS = new Set(['org', 'village', 'parent', 'township', 'county', 'root']);

/** Ids for a field (`committeeId`, `mediatorIds`) or a path segment (`disputes`): the table it names, else any. */
function idsFor(name: string, forPath: boolean, module?: string): string[] {
  const stem = name
    .replace(/Ids?$/, '')
    .replace(/[_-]/g, '')
    .toLowerCase()
    .replace(/s$/, '');
  let ids: string[] | undefined;
  if (ORG_STEMS.has(stem)) ids = IDS.get('orgs');
  else {
    // several tables can end in the same word (dispute_sessions, study_sessions): the URL's module picks
    const named = [...IDS.keys()].filter((t) => t.replace(/_/g, '').endsWith(`${stem}s`) || t.replace(/_/g, '') === stem);
    const table = named.find((t) => module && t.startsWith(`${module}_`)) ?? named[0];
    ids = table ? IDS.get(table) : undefined;
  }
  const list = ids?.length ? ids : POOL;
  // a path never aims at the demo users or their grants: the sessions this file uses must survive
  return forPath ? list.filter((id) => !demoUserIds.has(id) && !demoGrantIds.has(id)) : list;
}
const idArb = (name: string, forPath: boolean, module?: string) => {
  const ids = idsFor(name, forPath, module);
  return ids.length ? fc.constantFrom(...ids) : fc.uuid();
};

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
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Dates a lawyer would try: today, yesterday, tomorrow, a year boundary, the far past and future, and any day 2020–2030. */
const dates = fc.oneof(
  fc.constantFrom(isoDay(Date.now()), isoDay(Date.now() - DAY), isoDay(Date.now() + DAY), '2024-12-31', '2025-01-01', '2024-02-29', '1900-01-01', '2099-12-31'),
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }).map(isoDay),
);
const months = fc.oneof(fc.constantFrom(isoDay(Date.now()).slice(0, 7), '2024-12', '2025-01', '1999-01', '2099-12'), dates.map((d) => d.slice(0, 7)));
const mobiles = fc.tuple(fc.constantFrom('3', '5', '8', '9'), fc.stringMatching(/^\d{9}$/)).map(([b, r]) => `1${b}${r}`);
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: fc.constant(null).chain(() => (POOL.length ? fc.constantFrom(...POOL) : fc.uuid())) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: validId },
  { weight: 1, arbitrary: dates },
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
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

function stringFor(s: JsonSchema, name: string): fc.Arbitrary<string> {
  const d = s.description ?? '';
  if (s.format === 'uuid') return fc.oneof({ weight: 8, arbitrary: idArb(name, false) }, { weight: 1, arbitrary: fc.uuid() });
  if (d.includes('YYYY-MM-DD') || s.format === 'date') return dates;
  if (d.includes('YYYY-MM') || s.pattern?.includes('(0[1-9]|1[0-2])$')) return months;
  if (d.includes('GB 11643')) return validId;
  if (d.includes('电话')) return mobiles;
  if (/password/i.test(name)) return fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.stringMatching(/^[a-z]{4}[0-9]{2}$/).map((v) => `Fz#${v}X`));
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 200));
    } catch {
      // a pattern fast-check cannot invert: fall through to plain text
    }
  }
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, 5000);
  const text = fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.min(max, 40) });
  return fc.oneof(
    { weight: 6, arbitrary: text },
    // control and odd characters inside otherwise valid text (PostgreSQL refuses U+0000 in text)
    { weight: 1, arbitrary: fc.tuple(text, fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\u2028', '\ufeff', '\ud800', '\r\n')).map(([t, c]) => `${t.slice(0, 3)}${c}${t.slice(3)}`) },
    { weight: 1, arbitrary: fc.constantFrom('中'.repeat(max), `${'a'.repeat(Math.max(max - 1, 0))}😀`, ' '.repeat(Math.max(min, 1)), 'x'.repeat(max + 1)) },
  );
}

/**
 * Values shaped like the schema: required keys present, enums, dates, ids of the entity a field
 * names, numbers within and at their bounds. With `wrong` > 0 any node may instead be of a wrong
 * type; with 0 most requests pass validation and reach the service's own rules.
 */
function fromSchema(s: JsonSchema, name: string, wrong: number, depth = 0): fc.Arbitrary<unknown> {
  const right = ((): fc.Arbitrary<unknown> => {
    if (depth > 5) return wrongType;
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    if (s.const !== undefined) return fc.constant(s.const);
    const alts = s.anyOf ?? s.oneOf ?? s.allOf;
    if (alts?.length) return fc.oneof(...alts.map((a) => fromSchema(a, name, wrong, depth + 1)));
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'object': {
        const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, k, wrong, depth + 1)]));
        return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      case 'array':
        return fc.array(fromSchema(s.items ?? {}, name, wrong, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 8) });
      case 'string':
        return stringFor(s, name);
      case 'integer': {
        const lo = s.minimum ?? -10;
        const hi = Math.min(s.maximum ?? 1000, 1e9);
        return fc.oneof({ weight: 5, arbitrary: fc.integer({ min: lo, max: Math.max(lo, Math.min(hi, lo + 200)) }) }, { weight: 1, arbitrary: fc.constantFrom(lo, hi) });
      }
      case 'number': {
        const lo = s.minimum ?? -10;
        const hi = Math.min(s.maximum ?? 1e6, 1e12);
        return fc.oneof(fc.integer({ min: Math.ceil(lo), max: Math.floor(Math.min(hi, lo + 10_000)) }), fc.constantFrom(lo, hi, 0.01, 0.005, 1234.56, 99.999));
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.oneof(anyString, anyNumber, fc.boolean(), fc.constant(null));
    }
  })();
  return wrong > 0 ? fc.oneof({ weight: 10, arbitrary: right }, { weight: wrong, arbitrary: wrongType }) : right;
}

const toSchema = (t: z.ZodType) => z.toJSONSchema(t, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A raw request body: JSON text, or nothing. */
function bodies(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): fc.Arbitrary<string | undefined> {
  const schema = spec.body ? toSchema(spec.body) : null;
  const shaped = schema ? fc.oneof(fromSchema(schema, 'body', 0), fromSchema(schema, 'body', 2)) : fc.constant({});
  const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  return fc.oneof(
    { weight: 6, arbitrary: shaped.map(json) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 6 }).map(json) },
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

/** A path parameter: mostly an id of the entity the URL names, else random UUIDs and strings. */
function pathParam(url: string, param: string): fc.Arbitrary<string> {
  const segments = url.split('/');
  const at = segments.indexOf(`:${param}`);
  const name = param === 'id' ? (segments[at - 1] ?? 'id') : param;
  const junk = fc.oneof(
    fc.uuid(),
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.integer({ min: -10, max: 10_000 }).map(String),
    fc.constantFrom('0', 'null', 'undefined', '..', '%2e%2e', '__proto__', 'a'.repeat(150), '2024', '1900', '2100'),
  );
  if (param === 'year') return fc.oneof(fc.integer({ min: 2019, max: 2032 }).map(String), junk);
  return fc.oneof({ weight: 6, arbitrary: idArb(name, true, segments[3]) }, { weight: 1, arbitrary: fc.constantFrom(...(POOL.length ? POOL : ['x'])) }, { weight: 3, arbitrary: junk });
}

const pathParams = (url: string) => {
  const names = (url.match(/:\w+/g) ?? []).map((p) => p.slice(1));
  return names.length ? fc.tuple(...names.map((n) => pathParam(url, n))) : fc.constant([] as string[]);
};

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
  if (process.env.FUZZ_STATS && res.statusCode === 400) process.stdout.write(`FUZZ400 ${spec.method} ${spec.url} ${clip(res.body, 160)}\n`);
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

  it('the change counter sees a committed write, not a rolled-back one, nor the login bookkeeping', async () => {
    const a = await changes();
    await db
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable('orgs').set({ sort: 7 }).where('id', '=', env.ids.nb).execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(diff(a, await changes())).toEqual([]);
    await db.updateTable('users').set({ failed_logins: 0, last_login_at: new Date().toISOString() }).where('id', '=', env.ids.users.nb_sfs).execute();
    expect(diff(a, await changes())).toEqual([]);
    await db.updateTable('users').set({ display_name: '白杨镇司法所 孙磊（计数测试）' }).where('id', '=', env.ids.users.nb_sfs).execute();
    const org = await db.selectFrom('orgs').select('sort').where('id', '=', env.ids.nb).executeTakeFirstOrThrow();
    await db.updateTable('orgs').set({ sort: org.sort }).where('id', '=', env.ids.nb).execute();
    expect(diff(a, await changes()).sort()).toEqual(['orgs +1', 'users +1']);
  });

  for (const [index, spec] of routes.entries()) {
    it(`${spec.method} ${spec.url}${spec.multipart ? ' (multipart)' : ''}`, async () => {
      await refreshIds();
      const problems: Problem[] = [];
      const statuses: number[] = [];
      if (spec.multipart) {
        const samples = fc.sample(fc.tuple(garbageMultipart(), pathParams(spec.url)), { numRuns: 8, seed: SEED + index });
        for (const [{ payload, headers }, values] of samples) statuses.push(await probe(spec, fillUrl(spec.url, values), payload, headers, problems));
      } else {
        await fc.assert(
          fc.asyncProperty(bodies(spec), pathParams(spec.url), queryString(spec), async (payload, values, qs) => {
            const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
            statuses.push(await probe(spec, `${fillUrl(spec.url, values)}${qs}`, payload, headers, problems));
          }),
          { numRuns: RUNS, endOnFailure: true, seed: SEED + index },
        );
      }
      if (process.env.FUZZ_STATS) {
        const hist: Record<number, number> = {};
        for (const s of statuses) hist[s] = (hist[s] ?? 0) + 1;
        process.stdout.write(`FUZZSTAT ${spec.method} ${spec.url} ${JSON.stringify(hist)}\n`);
      }
      expect(problems, `FUZZ_SEED=${SEED}\n${JSON.stringify(problems.slice(0, 5), null, 2)}`).toEqual([]);
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
