import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayShanghai } from '../../platform/time.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { missedMonths, prevMonth } from './screenings.service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const S = '/api/v1/mediation/screenings';
const thisMonth = todayShanghai().slice(0, 7);
const thisYear = Number(thisMonth.slice(0, 4));

async function as(user: string, method: string, url: string, body?: unknown) {
  return env.call(method, url, { cookie: await env.login(user), body });
}

interface GridVillage {
  orgId: string;
  missing: number;
  cells: { period: string; state: string; found: number }[];
}

describe('矛盾纠纷排查 (monthly screening)', () => {
  it('零上报 is one call with no body: the grid worker’s village, this month', async () => {
    const res = await as('nzs_grid', 'POST', `${S}/zero`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ orgId: env.ids.nzsVillages[1], period: thisMonth, found: 0, resolved: 0, escalated: 0, zeroReport: true });
    const rows = await env.deps.database.db.selectFrom('screenings').selectAll().where('org_id', '=', env.ids.nzsVillages[1]).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].reported_by).toBe(env.ids.users.nzs_grid);
    // a second click changes nothing but the time: still one record
    expect((await as('nzs_grid', 'POST', `${S}/zero`, {})).statusCode).toBe(200);
    expect(await env.deps.database.db.selectFrom('screenings').select('id').where('org_id', '=', env.ids.nzsVillages[1]).execute()).toHaveLength(1);
  });

  it('a grid worker reports for their own village only', async () => {
    const other = await as('nzs_grid', 'POST', S, { orgId: env.ids.nzsVillages[2], period: '2024-03', found: 1, resolved: 1, escalated: 0 });
    expect(other.statusCode).toBe(403);
    const neighbour = await as('nzs_grid', 'POST', `${S}/zero`, { orgId: env.ids.nbVillages[0] });
    expect(neighbour.statusCode).toBe(403);
    const own = await as('nzs_grid', 'POST', S, { orgId: env.ids.nzsVillages[1], period: '2024-03', found: 2, resolved: 1, escalated: 1 });
    expect(own.statusCode).toBe(200);
  });

  it('the 司法所 reports for any village of its township; the neighbour is refused (403)', async () => {
    for (const v of env.ids.nzsVillages) {
      const r = await as('nzs_sfs', 'POST', `${S}/zero`, { orgId: v, period: '2024-01' });
      expect(r.statusCode).toBe(200);
    }
    for (const v of env.ids.nzsVillages) {
      expect((await as('nb_sfs', 'POST', `${S}/zero`, { orgId: v, period: '2024-02' })).statusCode).toBe(403);
      expect((await as('nb_sfs', 'POST', S, { orgId: v, period: '2024-02', found: 0, resolved: 0, escalated: 0 })).statusCode).toBe(403);
    }
    // readers without the write permission
    expect((await as('nzs_readonly', 'POST', `${S}/zero`, { orgId: env.ids.nzsVillages[0] })).statusCode).toBe(403);
    expect((await as('county', 'POST', `${S}/zero`, { orgId: env.ids.nzsVillages[0] })).statusCode).toBe(403);
  });

  it('checks the counts, the month and the org', async () => {
    const v = env.ids.nzsVillages[3];
    const over = await as('nzs_sfs', 'POST', S, { orgId: v, period: '2024-04', found: 3, resolved: 2, escalated: 2 });
    expect(over.statusCode).toBe(400);
    expect(over.json().fields[0].field).toBe('resolved');
    // exactly equal is fine
    expect((await as('nzs_sfs', 'POST', S, { orgId: v, period: '2024-04', found: 3, resolved: 2, escalated: 1 })).statusCode).toBe(200);
    const zeroWithCounts = await as('nzs_sfs', 'POST', S, { orgId: v, period: '2024-05', found: 1, resolved: 0, escalated: 0, zeroReport: true });
    expect(zeroWithCounts.statusCode).toBe(400);
    const future = await as('nzs_sfs', 'POST', `${S}/zero`, { orgId: v, period: `${thisYear + 1}-01` });
    expect(future.statusCode).toBe(400);
    expect(future.json().fields[0].field).toBe('period');
    const township = await as('nzs_sfs', 'POST', `${S}/zero`, { orgId: env.ids.nzs, period: '2024-04' });
    expect(township.statusCode).toBe(400);
    const badMonth = await as('nzs_sfs', 'POST', S, { orgId: v, period: '2024-13', found: 0, resolved: 0, escalated: 0 });
    expect(badMonth.statusCode).toBe(400);
  });

  it('a re-submission updates the one record, audited with before and after', async () => {
    const v = env.ids.nzsVillages[4];
    const first = (await as('nzs_sfs', 'POST', S, { orgId: v, period: '2024-06', found: 2, resolved: 1, escalated: 0 })).json();
    const second = (await as('nzs_sfs', 'POST', S, { orgId: v, period: '2024-06', found: 4, resolved: 3, escalated: 1, notes: '补报两件' })).json();
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ found: 4, resolved: 3, escalated: 1, zeroReport: false, notes: '补报两件' });
    const ev = await env.deps.database.db
      .selectFrom('audit_events')
      .select(['before_json', 'after_json'])
      .where('entity_id', '=', first.id)
      .where('action', '=', 'screening.update')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ev.before_json!)).toMatchObject({ found: 2, resolved: 1 });
    expect(JSON.parse(ev.after_json!)).toMatchObject({ found: 4, resolved: 3, escalated: 1 });
    // a zero click must not wipe out disputes already reported for that month
    const zero = await as('nzs_sfs', 'POST', `${S}/zero`, { orgId: v, period: '2024-06' });
    expect(zero.statusCode).toBe(409);
    // but the form may correct it to zero explicitly
    const corrected = (await as('nzs_sfs', 'POST', S, { orgId: v, period: '2024-06', found: 0, resolved: 0, escalated: 0 })).json();
    expect(corrected.zeroReport).toBe(true);
  });

  it('flags villages that missed a month of a past year', async () => {
    const grid = (await as('nzs_sfs', 'GET', `${S}?year=2024&orgId=${env.ids.nzs}`)).json();
    expect(grid.villages).toHaveLength(8);
    const byId = new Map<string, GridVillage>(grid.villages.map((v: GridVillage) => [v.orgId, v]));
    // village 1: 2024-01 (zero by 司法所) and 2024-03 (grid worker) → 10 missing
    const v1 = byId.get(env.ids.nzsVillages[1])!;
    expect(v1.missing).toBe(10);
    expect(v1.cells[0].state).toBe('zero');
    expect(v1.cells[1].state).toBe('missing');
    expect(v1.cells[2]).toMatchObject({ state: 'reported', found: 2 });
    // village 0: only 2024-01 → 11 missing
    expect(byId.get(env.ids.nzsVillages[0])!.missing).toBe(11);
    // village 3: 2024-01 and 2024-04
    expect(byId.get(env.ids.nzsVillages[3])!.cells[3].state).toBe('reported');
    expect(grid.totals.missing).toBe(grid.villages.reduce((s: number, v: GridVillage) => s + v.missing, 0));
  });

  it('this year: months before the current one are missing, the current one pending, later ones future', async () => {
    const grid = (await as('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzsVillages[0]}`)).json();
    expect(grid.year).toBe(thisYear);
    expect(grid.villages).toHaveLength(1);
    const cells = grid.villages[0].cells as { period: string; state: string }[];
    for (const c of cells) {
      if (c.period < thisMonth) expect(c.state).toBe('missing');
      else if (c.period === thisMonth) expect(c.state).toBe('pending');
      else expect(c.state).toBe('future');
    }
    expect(grid.villages[0].missing).toBe(Number(thisMonth.slice(5, 7)) - 1);
    // the grid worker's own village reported this month
    const mine = (await as('nzs_grid', 'GET', S)).json();
    expect(mine.villages.map((v: GridVillage) => v.orgId)).toEqual([env.ids.nzsVillages[1]]);
    expect(mine.villages[0].cells.find((c: { period: string }) => c.period === thisMonth).state).toBe('zero');
  });

  it('the neighbour does not see 娘子神乡 villages and may not ask for them', async () => {
    const grid = (await as('nb_sfs', 'GET', `${S}?year=2024`)).json();
    expect(grid.villages).toHaveLength(8);
    expect(grid.villages.every((v: GridVillage) => env.ids.nbVillages.includes(v.orgId))).toBe(true);
    expect(grid.totals.reported).toBe(0);
    expect((await as('nb_sfs', 'GET', `${S}?year=2024&orgId=${env.ids.nzsVillages[0]}`)).statusCode).toBe(403);
    const records = (await as('nb_sfs', 'GET', `${S}/records?year=2024`)).json();
    expect(records.total).toBe(0);
    // the county sees all sixteen villages
    expect((await as('county', 'GET', `${S}?year=2024`)).json().villages).toHaveLength(16);
    // enforcement officers hold no mediation permission at all
    expect((await as('nzs_officer', 'GET', S)).statusCode).toBe(403);
  });

  it('lists the records behind a figure: zero reports of a year', async () => {
    const zero = (await as('nzs_sfs', 'GET', `${S}/records?year=2024&zero=1&pageSize=100`)).json();
    const db = await env.deps.database.db.selectFrom('screenings').select('id').where('zero_report', '=', 1).where('period', 'like', '2024-%').execute();
    expect(zero.total).toBe(db.length);
    expect(zero.items.every((i: { zeroReport: boolean; period: string }) => i.zeroReport && i.period.startsWith('2024-'))).toBe(true);
  });
});

describe('missed months (pure)', () => {
  it('stops before the current month and handles year ends', () => {
    expect(prevMonth('2025-01')).toBe('2024-12');
    const m = missedMonths([{ id: 'a' }, { id: 'b' }], new Set(['a|2024-11']), '2024-11', '2025-03', '2025-01');
    expect(m.get('a')).toEqual(['2024-12']);
    expect(m.get('b')).toEqual(['2024-11', '2024-12']);
    expect(missedMonths([{ id: 'a' }], new Set(), '2025-01', '2025-03', '2025-01').size).toBe(0);
  });
});
