import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { systemCtx } from '../../platform/context.ts';
import { nowIso } from '../../platform/time.ts';
import { createTestEnv, fieldsOf, type TestEnv } from '../../testing/harness.ts';
import { expandOccurrences, type KeyDateRow, keyDateOccurrences, resolveKeyDates } from './keydates.service.ts';
import { keyDateReminders, sendKeyDateReminders } from './publicity.reminders.ts';

// ——— pure date logic ———

const row = (over: Partial<KeyDateRow>): KeyDateRow => ({
  id: uuidv7(),
  org_id: 'county',
  builtin_code: null,
  name: '自设节点',
  kind: 'fixed',
  month: null,
  day: null,
  starts_on: null,
  ends_on: null,
  theme: null,
  remind_days: 21,
  notes: null,
  active: 1,
  ...over,
});
const keysOf = (o: { key: string; from: string }[]) => o.map((x) => `${x.key}@${x.from}`);

describe('key-date occurrences (pure)', () => {
  it('a range across new year contains 12·4 of the old year only, and asks for 宪法宣传周 of that year', () => {
    const occ = expandOccurrences(resolveKeyDates([]), '2025-12-01', '2026-01-31');
    expect(occ.filter((o) => !o.datesMissing).map((o) => `${o.key}@${o.from}`)).toEqual(['kd_1204@2025-12-04']);
    const missing = occ.filter((o) => o.datesMissing);
    // its usual window (11-25..12-10) overlaps December 2025, not January 2026; the dates are never guessed
    expect(missing.map((o) => `${o.key}:${o.year}`)).toEqual(['kd_constitution_week:2025']);
    expect(missing[0].from).toBe('');
  });

  it('a month kind overlapping either edge of the range is kept whole; a day just outside is not', () => {
    const occ = expandOccurrences(resolveKeyDates([]), '2026-05-20', '2026-06-10');
    expect(keysOf(occ)).toEqual(['kd_05@2026-05-01', 'kd_06@2026-06-01']);
    expect(occ[0].to).toBe('2026-05-31');
    expect(occ[1].to).toBe('2026-06-30');
    // 6·26 is one day after a range ending 6·25, 3·15 one day before a range starting 3·16
    expect(keysOf(expandOccurrences(resolveKeyDates([]), '2026-06-01', '2026-06-25'))).not.toContain('kd_0626@2026-06-26');
    expect(keysOf(expandOccurrences(resolveKeyDates([]), '2026-03-16', '2026-03-31'))).toEqual([]);
  });

  it('an own January month kind in a range from mid-December gives the new year\'s January; 2·29 only in leap years', () => {
    const jan = row({ kind: 'month', month: 1, name: '一月普法' });
    const leap = row({ kind: 'fixed', month: 2, day: 29, name: '闰日' });
    const defs = resolveKeyDates([jan, leap]);
    expect(keysOf(expandOccurrences(defs, '2025-12-15', '2026-01-05')).filter((k) => k.startsWith(jan.id))).toEqual([`${jan.id}@2026-01-01`]);
    expect(keysOf(expandOccurrences(defs, '2027-01-01', '2028-12-31')).filter((k) => k.startsWith(leap.id))).toEqual([`${leap.id}@2028-02-29`]);
  });

  it('several years come back in date order; dated rows give their year only', () => {
    const week = row({ builtin_code: 'kd_constitution_week', kind: 'dated', starts_on: '2026-11-30', ends_on: '2026-12-06' });
    const occ = expandOccurrences(resolveKeyDates([week]), '2025-11-01', '2026-12-31').filter((o) => o.key === 'kd_constitution_week' || o.key === 'kd_1204');
    expect(occ.map((o) => (o.datesMissing ? `missing:${o.year}` : `${o.key}@${o.from}..${o.to}`))).toEqual([
      'missing:2025',
      'kd_1204@2025-12-04..2025-12-04',
      'kd_constitution_week@2026-11-30..2026-12-06',
      'kd_1204@2026-12-04..2026-12-04',
    ]);
  });

  it('the nearest org wins: the county switches 3·8 off, a township switches it back on', () => {
    const off = row({ org_id: 'county', builtin_code: 'kd_0308', active: 0 });
    const on = row({ org_id: 'town', builtin_code: 'kd_0308', active: 1, remind_days: 10 });
    expect(resolveKeyDates([off]).find((d) => d.key === 'kd_0308')?.active).toBe(false);
    const both = resolveKeyDates([off, on]).find((d) => d.key === 'kd_0308');
    expect(both?.active).toBe(true);
    expect(both?.remindDays).toBe(10);
    expect(keysOf(expandOccurrences(resolveKeyDates([off]), '2026-03-01', '2026-03-31'))).toEqual(['kd_0315@2026-03-15']);
  });

  it('a county override cannot reach a township\'s own date; a township override of a county date applies', () => {
    const townDate = row({ org_id: 'town', name: '乡镇自设' , kind: 'fixed', month: 7, day: 1 });
    const countyOffTown = row({ org_id: 'county', builtin_code: townDate.id, active: 0 });
    const countyDate = row({ org_id: 'county', name: '县自设', kind: 'fixed', month: 8, day: 1 });
    const townOff = row({ org_id: 'town', builtin_code: countyDate.id, active: 0 });
    // rows come root first (keyDateRowsOnPath sorts them so)
    const defs = resolveKeyDates([countyOffTown, countyDate, townDate, townOff]);
    expect(defs.find((d) => d.key === townDate.id)?.active).toBe(true);
    expect(defs.find((d) => d.key === countyDate.id)?.active).toBe(false);
  });
});

// ——— routes, calendar, reminders ———

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());


/** An event written straight into the tables (the events routes are another helper's; only key_date/status/dates matter here). */
async function insertEvent(v: { orgId: string; heldOn: string; keyDate: string; status?: 'planned' | 'done'; organiserId?: string | null; laws?: string[] }): Promise<string> {
  const db = env.deps.database.db;
  const id = uuidv7();
  const at = nowIso();
  await db
    .insertInto('publicity_events')
    .values({
      id,
      org_id: v.orgId,
      title: `测试活动 ${v.heldOn}`,
      status: v.status ?? 'done',
      held_on: v.heldOn,
      ends_on: null,
      village_org_id: null,
      place: null,
      organiser_org_id: v.organiserId ?? null,
      audience: null,
      audience_count: 10,
      materials_count: 0,
      online_reach: 0,
      campaign_id: null,
      key_date: v.keyDate,
      content_id: null,
      notes: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db.insertInto('publicity_event_channels').values({ event_id: id, org_id: v.orgId, channel: 'lecture' }).execute();
  for (const [i, law] of (v.laws ?? []).entries()) await db.insertInto('publicity_event_laws').values({ id: uuidv7(), event_id: id, org_id: v.orgId, law, sort: i }).execute();
  return id;
}

describe('key-date settings', () => {
  it('lists built-ins with their source and editability; readers see, only managers may edit', async () => {
    const list = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/key-dates?orgId=${env.ids.nzs}`);
    expect(list.canEdit).toBe(true);
    const kd = list.items.find((i: { key: string }) => i.key === 'kd_0415');
    expect(kd).toMatchObject({ source: 'builtin', month: 4, day: 15, active: true, remindDays: 21, editable: true, themeName: '国家安全' });
    const ro = await env.ok('nzs_readonly', 'GET', `/api/v1/publicity/key-dates?orgId=${env.ids.nzs}`);
    expect(ro.canEdit).toBe(false);
    // the neighbour's list is not ours to read
    expect((await env.as('nzs_sfs', 'GET', `/api/v1/publicity/key-dates?orgId=${env.ids.nb}`)).statusCode).toBe(403);
  });

  it('the county sets 宪法宣传周 2026 for every township; 娘子神乡 sets its own dates, which win there only', async () => {
    const county = await env.ok('county', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.county, builtinCode: 'kd_constitution_week', startsOn: '2026-11-30', endsOn: '2026-12-06' });
    expect(county.years).toEqual([expect.objectContaining({ year: 2026, from: '2026-11-30', to: '2026-12-06', own: true })]);
    const ctx = systemCtx(env.deps);
    const path = async (id: string) => (await env.deps.database.db.selectFrom('orgs').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;
    const at = async (id: string) => (await keyDateOccurrences(ctx, await path(id), '2026-11-01', '2026-12-31')).find((o) => o.key === 'kd_constitution_week');
    expect(await at(env.ids.nb)).toMatchObject({ from: '2026-11-30', to: '2026-12-06' });
    const own = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, builtinCode: 'kd_constitution_week', startsOn: '2026-12-01', endsOn: '2026-12-07' });
    expect(own.years.find((y: { own: boolean }) => y.own)).toMatchObject({ from: '2026-12-01' });
    expect(await at(env.ids.nzs)).toMatchObject({ from: '2026-12-01', to: '2026-12-07' });
    expect(await at(env.ids.nb)).toMatchObject({ from: '2026-11-30' });
    // setting again updates the same row (one row per org and year), audited
    await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, builtinCode: 'kd_constitution_week', startsOn: '2026-12-02', endsOn: '2026-12-08' });
    const rows = await env.deps.database.db.selectFrom('publicity_key_dates').select('id').where('org_id', '=', env.ids.nzs).where('builtin_code', '=', 'kd_constitution_week').execute();
    expect(rows).toHaveLength(1);
    const audit = await env.deps.database.db.selectFrom('audit_events').select('id').where('action', '=', 'publicity.key_date.set_dates').execute();
    expect(audit).toHaveLength(3);
  });

  it('refuses bad dates naming the field: reversed, across new year, longer than a month, a fixed date given dates', async () => {
    const post = (body: Record<string, unknown>) => env.as('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, ...body });
    let res = await post({ builtinCode: 'kd_cyber_week', startsOn: '2026-09-20', endsOn: '2026-09-14' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['endsOn']);
    res = await post({ builtinCode: 'kd_constitution_week', startsOn: '2026-12-28', endsOn: '2027-01-03' });
    expect(fieldsOf(res)).toEqual(['endsOn']);
    res = await post({ builtinCode: 'kd_cyber_week', startsOn: '2026-09-01', endsOn: '2026-10-02' });
    expect(fieldsOf(res)).toEqual(['endsOn']);
    res = await post({ builtinCode: 'kd_0415', startsOn: '2026-04-10', endsOn: '2026-04-16' });
    expect(fieldsOf(res)).toEqual(['startsOn']);
    res = await post({ builtinCode: 'kd_nope' });
    expect(fieldsOf(res)).toEqual(['builtinCode']);
    res = await post({ name: '自设', kind: 'fixed', month: 2, day: 30 });
    expect(fieldsOf(res)).toEqual(['day']);
    res = await post({ name: '自设', kind: 'fixed', month: 4 });
    expect(fieldsOf(res)).toEqual(['day']);
    res = await post({ name: '自设', kind: 'month', month: 13 });
    expect(fieldsOf(res)).toEqual(['month']);
    res = await post({ name: '自设', kind: 'fixed', month: 4, day: 1, theme: 'x_nonexistent' });
    expect(fieldsOf(res)).toEqual(['theme']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, name: '  ' });
    expect(res.statusCode).toBe(400);
  });

  it('a township switches 3·8 off for its subtree; the neighbour keeps it; an officer or the neighbour cannot touch the switch', async () => {
    const off = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, builtinCode: 'kd_0308', active: false });
    expect(off).toMatchObject({ active: false, source: 'builtin' });
    const ctx = systemCtx(env.deps);
    const village = await env.deps.database.db.selectFrom('orgs').select('path').where('id', '=', env.ids.nzsVillages[0]).executeTakeFirstOrThrow();
    const nb = await env.deps.database.db.selectFrom('orgs').select('path').where('id', '=', env.ids.nb).executeTakeFirstOrThrow();
    expect((await keyDateOccurrences(ctx, village.path, '2026-03-01', '2026-03-10')).map((o) => o.key)).toEqual([]);
    expect((await keyDateOccurrences(ctx, nb.path, '2026-03-01', '2026-03-10')).map((o) => o.key)).toEqual(['kd_0308']);
    expect((await env.as('nzs_officer', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, builtinCode: 'kd_0315', active: false })).statusCode).toBe(403);
    expect((await env.as('nzs_grid', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzsVillages[1], builtinCode: 'kd_0315', active: false })).statusCode).toBe(403);
    const res = await env.as('nb_sfs', 'PATCH', `/api/v1/publicity/key-dates/${off.overrideRowId}`, { active: true });
    expect(res.statusCode).toBe(403);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('id').where('entity_id', '=', off.overrideRowId).where('result', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    // back on through PATCH of the override row; deleting the row returns to the inherited setting
    expect((await env.ok('nzs_sfs', 'PATCH', `/api/v1/publicity/key-dates/${off.overrideRowId}`, { active: true })).active).toBe(true);
    expect((await env.as('nzs_sfs', 'DELETE', `/api/v1/publicity/key-dates/${off.overrideRowId}`)).statusCode).toBe(204);
    const after = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/key-dates?orgId=${env.ids.nzs}`);
    expect(after.items.find((i: { key: string }) => i.key === 'kd_0308')).toMatchObject({ active: true, overrideRowId: null });
  });

  it('a double submit (the two saves at once) leaves one override row and one row of a year’s dates; the database refuses a second', async () => {
    const post = (body: Record<string, unknown>) => env.as('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, ...body });
    const twice = await Promise.all([post({ builtinCode: 'kd_0415', remindDays: 10 }), post({ builtinCode: 'kd_0415', remindDays: 12 })]);
    expect(twice.map((r) => r.statusCode)).toEqual([200, 200]);
    const dates = await Promise.all([post({ builtinCode: 'kd_cyber_week', startsOn: '2027-09-13', endsOn: '2027-09-19' }), post({ builtinCode: 'kd_cyber_week', startsOn: '2027-09-14', endsOn: '2027-09-20' })]);
    expect(dates.map((r) => r.statusCode)).toEqual([200, 200]);
    const db = env.deps.database.db;
    const rows = async (code: string) => db.selectFrom('publicity_key_dates').selectAll().where('org_id', '=', env.ids.nzs).where('builtin_code', '=', code).execute();
    const [override] = await rows('kd_0415');
    expect(await rows('kd_0415')).toHaveLength(1);
    expect([10, 12]).toContain(Number(override.remind_days));
    expect((await rows('kd_cyber_week')).filter((r) => r.starts_on?.startsWith('2027'))).toHaveLength(1);
    // the unique indexes themselves: a second override row, or a second row of 2027's dates, is refused
    const at = nowIso();
    const copy = { ...override, id: uuidv7(), created_at: at, updated_at: at };
    await expect(db.insertInto('publicity_key_dates').values(copy).execute()).rejects.toThrow();
    const [y2027] = (await rows('kd_cyber_week')).filter((r) => r.starts_on?.startsWith('2027'));
    await expect(db.insertInto('publicity_key_dates').values({ ...y2027, id: uuidv7(), starts_on: '2027-09-01', ends_on: '2027-09-07' }).execute()).rejects.toThrow();
    // another year is another row
    await db.insertInto('publicity_key_dates').values({ ...y2027, id: uuidv7(), starts_on: '2028-09-11', ends_on: '2028-09-17' }).execute();
  });

  it('an own date: created, edited, refused for deletion while an event names it, then switched off', async () => {
    const d = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, name: '娘子神乡法治赶集日', kind: 'fixed', month: 9, day: 9, theme: 'rural_land', remindDays: 14 });
    expect(d).toMatchObject({ source: 'own', rowId: d.key, month: 9, day: 9, remindDays: 14, themeName: '农村土地' });
    const nbList = await env.ok('nb_sfs', 'GET', `/api/v1/publicity/key-dates?orgId=${env.ids.nb}`);
    expect(nbList.items.some((i: { key: string }) => i.key === d.key)).toBe(false);
    const villageList = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/key-dates?orgId=${env.ids.nzsVillages[0]}`);
    expect(villageList.items.find((i: { key: string }) => i.key === d.key)).toMatchObject({ source: 'inherited', sourceOrgName: '娘子神乡' });
    expect((await env.ok('nzs_sfs', 'PATCH', `/api/v1/publicity/key-dates/${d.key}`, { day: 10 })).day).toBe(10);
    await insertEvent({ orgId: env.ids.nzs, heldOn: '2026-09-10', keyDate: d.key });
    const res = await env.as('nzs_sfs', 'DELETE', `/api/v1/publicity/key-dates/${d.key}`);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['id']);
    expect((await env.ok('nzs_sfs', 'PATCH', `/api/v1/publicity/key-dates/${d.key}`, { active: false })).active).toBe(false);
    expect((await env.as('nzs_sfs', 'PATCH', `/api/v1/publicity/key-dates/${uuidv7()}`, { active: false })).statusCode).toBe(404);
  });

  it('deleting an own date takes the villages\' overrides of it along, and the audit says which', async () => {
    const d = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, name: '娘子神乡普法赶集日', kind: 'fixed', month: 10, day: 10 });
    const village = env.ids.nzsVillages[0];
    await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: village, builtinCode: d.key, active: false });
    const override = await env.deps.database.db.selectFrom('publicity_key_dates').select('id').where('builtin_code', '=', d.key).executeTakeFirstOrThrow();
    expect((await env.as('nzs_sfs', 'DELETE', `/api/v1/publicity/key-dates/${d.key}`)).statusCode).toBe(204);
    expect(await env.deps.database.db.selectFrom('publicity_key_dates').select('id').where('id', 'in', [d.key, override.id]).execute()).toEqual([]);
    const ev = await env.deps.database.db.selectFrom('audit_events').select(['before_json']).where('entity', '=', 'publicity_key_date').where('entity_id', '=', d.key).where('action', '=', 'publicity.key_date.delete').executeTakeFirstOrThrow();
    const before = JSON.parse(ev.before_json ?? '{}');
    expect(before.overrides.map((o: { id: string; org_id: string }) => [o.id, o.org_id])).toEqual([[override.id, village]]);
  });
});

describe('the year calendar', () => {
  it('links events of the subtree held up to 7 days before; 8 days before, another key or the neighbour do not count', async () => {
    const y = 2031; // a year of its own in this database
    await insertEvent({ orgId: env.ids.nzsVillages[0], heldOn: `${y}-04-08`, keyDate: 'kd_0415', status: 'planned' }); // 7 days before
    await insertEvent({ orgId: env.ids.nzs, heldOn: `${y}-04-07`, keyDate: 'kd_0415' }); // 8 days before
    await insertEvent({ orgId: env.ids.nzs, heldOn: `${y}-04-15`, keyDate: 'kd_0315' }); // other key
    await insertEvent({ orgId: env.ids.nb, heldOn: `${y}-06-26`, keyDate: 'kd_0626' }); // the neighbour
    await insertEvent({ orgId: env.ids.nzsDepartments.综合行政执法队, heldOn: `${y}-06-01`, keyDate: 'kd_06' });
    const cal = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/calendar?orgId=${env.ids.nzs}&year=${y}`);
    const by = (k: string) => cal.items.find((i: { key: string }) => i.key === k);
    expect(by('kd_0415')).toMatchObject({ planned: 1, done: 0, state: 'planned', timing: 'upcoming', linkFrom: `${y}-04-08`, linkTo: `${y}-04-15` });
    expect(by('kd_0415').eventsHref).toBe(`/publicity/events?orgId=${env.ids.nzs}&keyDate=kd_0415&from=${y}-04-08&to=${y}-04-15`);
    expect(by('kd_0315')).toMatchObject({ planned: 0, done: 0, state: 'nothing' });
    expect(by('kd_0626')).toMatchObject({ state: 'nothing' });
    expect(by('kd_06')).toMatchObject({ done: 1, state: 'done', from: `${y}-06-01`, to: `${y}-06-30` });
    // every month of the year is covered, in date order, and the moving weeks ask for their dates
    const froms = cal.items.filter((i: { datesMissing: boolean }) => !i.datesMissing).map((i: { from: string }) => i.from);
    expect([...froms].sort()).toEqual(froms);
    expect(cal.items.filter((i: { datesMissing: boolean }) => i.datesMissing).map((i: { key: string; state: string }) => `${i.key}:${i.state}`)).toEqual(['kd_cyber_week:missing', 'kd_constitution_week:missing']);
    // the neighbour sees its own 6·26 done, and not 娘子神乡's events
    const nb = await env.ok('nb_sfs', 'GET', `/api/v1/publicity/calendar?orgId=${env.ids.nb}&year=${y}`);
    expect(nb.items.find((i: { key: string }) => i.key === 'kd_0626')).toMatchObject({ done: 1, state: 'done' });
    expect(nb.items.find((i: { key: string }) => i.key === 'kd_06')).toMatchObject({ done: 0 });
    expect((await env.as('nb_sfs', 'GET', `/api/v1/publicity/calendar?orgId=${env.ids.nzs}&year=${y}`)).statusCode).toBe(403);
  });

  it('past dates are past; a reader without manage sees canEdit false', async () => {
    const cal = await env.ok('nzs_readonly', 'GET', `/api/v1/publicity/calendar?orgId=${env.ids.nzs}&year=2020`);
    expect(cal.canEdit).toBe(false);
    expect(cal.items.every((i: { timing: string }) => i.timing === 'past')).toBe(true);
    expect((await env.as('nzs_sfs', 'GET', `/api/v1/publicity/calendar?orgId=${env.ids.nzs}&year=1999`)).statusCode).toBe(400);
  });
});

describe('key-date reminders', () => {
  const NOW = new Date('2026-06-05T23:30:00Z'); // 2026-06-06 07:30 in Shanghai: 6·26 is 20 days away
  const remindersFor = async (orgId: string, key: string) =>
    (await env.deps.database.db.selectFrom('notifications').select(['user_id', 'title', 'href']).where('org_id', '=', orgId).where('dedupe_key', '=', `publicity:key_date:${orgId}:${key}:2026`).execute()).sort((a, b) => (a.user_id < b.user_id ? -1 : 1));

  it('20 days before 6·26 with nothing planned: one reminder to each manager of the township, once', async () => {
    const ctx = systemCtx(env.deps);
    const list = await keyDateReminders(ctx, '2026-06-06');
    // 安全生产月 has begun (not "ahead"); 4·15 is past; 网络安全宣传周's usual window is months away
    expect(list.filter((r) => r.orgId === env.ids.nzs).map((r) => r.key)).toEqual(['kd_0626']);
    await sendKeyDateReminders(ctx, NOW);
    const sent = await remindersFor(env.ids.nzs, 'kd_0626');
    expect(sent.map((s) => s.user_id)).toEqual([env.ids.users.nzs_leader, env.ids.users.nzs_sfs].sort());
    expect(sent[0]).toMatchObject({ title: '【普法日历】6·26国际禁毒日尚未安排普法活动', href: `/publicity/calendar?orgId=${env.ids.nzs}&year=2026` });
    await sendKeyDateReminders(ctx, new Date(NOW.getTime() + 86_400_000));
    expect(await remindersFor(env.ids.nzs, 'kd_0626')).toHaveLength(2);
    // 21 days before is inside (default 21), 22 days before is not
    expect((await keyDateReminders(ctx, '2026-06-05')).some((r) => r.orgId === env.ids.nzs && r.key === 'kd_0626')).toBe(true);
    expect((await keyDateReminders(ctx, '2026-06-04')).some((r) => r.orgId === env.ids.nzs && r.key === 'kd_0626')).toBe(false);
  });

  it('a planned event counts; the neighbour\'s event does not; a manager\'s remind days of 0 silences it', async () => {
    const ctx = systemCtx(env.deps);
    await insertEvent({ orgId: env.ids.nb, heldOn: '2026-06-26', keyDate: 'kd_0415', status: 'planned' });
    await insertEvent({ orgId: env.ids.nb, heldOn: '2026-06-25', keyDate: 'kd_0626', status: 'planned' });
    let list = await keyDateReminders(ctx, '2026-06-06');
    expect(list.some((r) => r.orgId === env.ids.nb && r.key === 'kd_0626')).toBe(false);
    expect(list.some((r) => r.orgId === env.ids.nzs && r.key === 'kd_0626')).toBe(true);
    await insertEvent({ orgId: env.ids.nzsVillages[2], heldOn: '2026-06-20', keyDate: 'kd_0626', status: 'planned' });
    list = await keyDateReminders(ctx, '2026-06-06');
    expect(list.some((r) => r.orgId === env.ids.nzs && r.key === 'kd_0626')).toBe(false);
    // the moving week: set no dates for 2026 → asked for them when its usual window is near
    await env.ok('nb_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nb, builtinCode: 'kd_0315', remindDays: 0 });
    expect((await keyDateReminders(ctx, '2026-03-01')).some((r) => r.orgId === env.ids.nb && r.key === 'kd_0315')).toBe(false);
    expect((await keyDateReminders(ctx, '2026-03-01')).some((r) => r.orgId === env.ids.nzs && r.key === 'kd_0315')).toBe(true);
    const cyber = (await keyDateReminders(ctx, '2026-08-20')).find((r) => r.orgId === env.ids.nzs && r.key === 'kd_cyber_week');
    expect(cyber).toMatchObject({ kind: 'dates_missing', title: '【普法日历】请设置2026年国家网络安全宣传周日期' });
  });

  it('across new year: a date of early January is reminded in December under the new year, once per year; an event in the last days of December counts for it', async () => {
    const ctx = systemCtx(env.deps);
    const d = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/key-dates', { orgId: env.ids.nzs, name: '新年法治赶集日', kind: 'fixed', month: 1, day: 4 });
    const mine = async (today: string) => (await keyDateReminders(ctx, today)).filter((r) => r.orgId === env.ids.nzs && r.key === d.key);
    expect(await mine('2032-12-13')).toEqual([]); // 22 days before
    expect((await mine('2032-12-14')).map((r) => [r.year, r.dedupeKey])).toEqual([[2033, `publicity:key_date:${env.ids.nzs}:${d.key}:2033`]]);
    await sendKeyDateReminders(ctx, new Date('2032-12-14T01:00:00Z'));
    await sendKeyDateReminders(ctx, new Date('2032-12-15T01:00:00Z'));
    const sent = async (year: number) => (await env.deps.database.db.selectFrom('notifications').select('user_id').where('dedupe_key', '=', `publicity:key_date:${env.ids.nzs}:${d.key}:${year}`).execute()).length;
    expect(await sent(2033)).toBe(2); // 司法所 and the leader, once each
    // the next year's is a reminder of its own
    await sendKeyDateReminders(ctx, new Date('2033-12-14T01:00:00Z'));
    expect(await sent(2034)).toBe(2);
    // for 2035-01-04: planned on 2034-12-27, 8 days before, it does not count; on 2034-12-28, 7 days before, it does
    await insertEvent({ orgId: env.ids.nzs, heldOn: '2034-12-27', keyDate: d.key, status: 'planned' });
    expect((await mine('2034-12-20')).map((r) => r.year)).toEqual([2035]);
    await insertEvent({ orgId: env.ids.nzsVillages[0], heldOn: '2034-12-28', keyDate: d.key, status: 'planned' });
    expect(await mine('2034-12-20')).toEqual([]);
    // and the calendar of 2035 shows it linked, from the old year's last days
    const cal = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/calendar?orgId=${env.ids.nzs}&year=2035`);
    expect(cal.items.find((i: { key: string }) => i.key === d.key)).toMatchObject({ linkFrom: '2034-12-28', linkTo: '2035-01-04', planned: 1 });
  });
});
