import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { DISPUTE_TYPE_LABELS, DISPUTE_TYPES } from '../../../common/mediation-enums.ts';
import type { DisputeTable } from './mediation.tables.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { renderSection } from './mediation.report.ts';

/**
 * Stats, findings, the report paragraph and the Excel table, checked against records this test
 * inserts itself and counts by hand — never against the same code's output.
 */
let env: TestEnv;
const at = '2024-01-01T00:00:00.000Z';
const committees: Record<string, string> = {};

type D = Partial<DisputeTable> & { org: string };
let seq = 0;
async function dispute(d: D): Promise<string> {
  const id = uuidv7();
  seq++;
  const received = d.received_on ?? '2024-03-10';
  await env.deps.database.db
    .insertInto('disputes')
    .values({
      id,
      org_id: d.org,
      committee_id: committees[d.org],
      case_no: `测调〔${received.slice(0, 4)}〕${seq}号`,
      case_year: Number(received.slice(0, 4)),
      case_seq: seq,
      title: `测试纠纷${seq}`,
      source: d.source ?? 'party_application',
      type: d.type ?? 'neighbour',
      summary: '测试',
      village_id: d.village_id ?? null,
      amount_fen: d.amount_fen ?? 0,
      people_count: d.people_count ?? 2,
      risk_level: d.risk_level ?? 'low',
      status: d.status ?? 'closed',
      received_on: received,
      closed_on: d.status && d.status !== 'closed' ? null : (d.closed_on ?? received),
      outcome: d.status && d.status !== 'closed' ? null : d.outcome === undefined ? 'success' : d.outcome,
      outcome_reason: null,
      party_names: '',
      created_by: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  return id;
}

async function as(user: string, url: string) {
  return env.call('GET', url, { cookie: await env.login(user) });
}

/** Follows a web href of a figure or finding to the dispute list API and returns its total. */
async function listed(user: string, webHref: string): Promise<number> {
  expect(webHref.startsWith('/mediation/disputes?')).toBe(true);
  const res = await as(user, `/api/v1${webHref}&pageSize=1`);
  expect(res.statusCode).toBe(200);
  return res.json().total;
}

let v0: string;
let v1: string;
let nbv: string;
let overdueDispute: string;

beforeAll(async () => {
  env = await createTestEnv();
  v0 = env.ids.nzsVillages[0];
  v1 = env.ids.nzsVillages[1];
  nbv = env.ids.nbVillages[0];
  const db = env.deps.database.db;
  for (const [org, kind] of [
    [env.ids.nzs, 'township'],
    [v0, 'village'],
    [v1, 'village'],
    [nbv, 'village'],
  ] as const) {
    const id = uuidv7();
    committees[org] = id;
    await db.insertInto('mediation_committees').values({ id, org_id: org, name: `委员会${org.slice(-4)}`, kind, case_prefix: '测调', created_at: at, updated_at: at }).execute();
  }
  // v0's committee: three men (no woman → finding); v1's: two women and a man (fine).
  for (const [org, genders] of [
    [v0, ['男', '男', '男']],
    [v1, ['女', '女', '男']],
    [env.ids.nzs, ['女', '男', '男', '男']],
    [nbv, ['女', '男', '男']],
  ] as const) {
    for (const g of genders) {
      const pid = uuidv7();
      await db.insertInto('people').values({ id: pid, org_id: org, name: '委员', gender: g, id_card_enc: null, id_card_bidx: null, phone_enc: null, phone_bidx: null, address_enc: null, created_by: null, created_at: at, updated_at: at }).execute();
      await db.insertInto('mediators').values({ id: uuidv7(), org_id: org, committee_id: committees[org], user_id: null, person_id: pid, title: 'member', is_legal_understander: 0, active: 1, created_at: at, updated_at: at }).execute();
    }
  }

  // 2024, 娘子神乡: 20 closed, all successful (the too-perfect case), plus two open ones.
  for (let i = 0; i < 12; i++) await dispute({ org: v0, type: 'neighbour', received_on: `2024-0${(i % 6) + 1}-05`, amount_fen: 100_000, people_count: 2 });
  for (let i = 0; i < 6; i++) await dispute({ org: v1, type: 'marriage_family', source: 'screening', received_on: '2024-07-15', amount_fen: 250_000, people_count: 3 });
  for (let i = 0; i < 2; i++) await dispute({ org: env.ids.nzs, type: 'labour', source: 'grid_report', village_id: v1, received_on: '2024-11-20', amount_fen: 1_000_000, people_count: 12 });
  // open since March 2024 and high risk: long open and unresolved high-risk
  await dispute({ org: v0, type: 'homestead', status: 'mediating', risk_level: 'high', received_on: '2024-03-01', amount_fen: 500_000, people_count: 4 });
  // open, low risk, received in December 2024
  await dispute({ org: v1, type: 'neighbour', status: 'registered', received_on: '2024-12-30', people_count: 2 });
  // 2023, 娘子神乡: 18 successes and 2 failures — 90 %, plausible
  for (let i = 0; i < 18; i++) await dispute({ org: v0, type: 'contract', received_on: '2023-05-05' });
  for (let i = 0; i < 2; i++) await dispute({ org: v0, type: 'contract', received_on: '2023-05-06', outcome: 'failure' });
  // 白杨镇, 2024: 3 success, 1 terminated — must never show up for 娘子神乡
  for (let i = 0; i < 3; i++) await dispute({ org: nbv, type: 'damages', received_on: '2024-04-04', amount_fen: 700_000 });
  await dispute({ org: nbv, type: 'damages', received_on: '2024-04-04', outcome: 'terminated' });

  // follow-ups: one overdue (2024-05-01, not done), one done
  overdueDispute = (await db.selectFrom('disputes').select('id').where('org_id', '=', v0).where('received_on', '=', '2024-01-05').executeTakeFirstOrThrow()).id;
  await db
    .insertInto('follow_ups')
    .values([
      { id: uuidv7(), dispute_id: overdueDispute, org_id: v0, due_on: '2024-05-01', done_on: null, method: null, performance: null, notes: null, created_by: null, created_at: at, updated_at: at },
      { id: uuidv7(), dispute_id: overdueDispute, org_id: v0, due_on: '2024-02-01', done_on: '2024-02-01', method: '电话回访', performance: 'performed', notes: null, created_by: null, created_at: at, updated_at: at },
    ])
    .execute();

  // screenings 2024: v0 every month (Jan–Jun zero), v1 Jan–Mar only; the other 6 villages nothing
  const screen = (org: string, period: string, found: number, resolved: number, escalated: number) =>
    db.insertInto('screenings').values({ id: uuidv7(), org_id: org, period, found, resolved, escalated, zero_report: found === 0 ? 1 : 0, notes: null, reported_by: null, created_at: at, updated_at: at }).execute();
  for (let m = 1; m <= 12; m++) await screen(v0, `2024-${String(m).padStart(2, '0')}`, m <= 6 ? 0 : 2, m <= 6 ? 0 : 1, m <= 6 ? 0 : 1);
  for (let m = 1; m <= 3; m++) await screen(v1, `2024-0${m}`, 1, 1, 0);
  await screen(nbv, '2024-01', 5, 5, 0);

  // 法律明白人: v0 3 (one appointed 2025, one removed), v1 1
  const understander = async (org: string, appointed: string, active = 1) => {
    const pid = uuidv7();
    await db.insertInto('people').values({ id: pid, org_id: org, name: '明白人', gender: '男', id_card_enc: null, id_card_bidx: null, phone_enc: null, phone_bidx: null, address_enc: null, created_by: null, created_at: at, updated_at: at }).execute();
    const id = uuidv7();
    await db.insertInto('legal_understanders').values({ id, org_id: org, person_id: pid, category: 'village_cadre', appointed_on: appointed, active, created_at: at, updated_at: at }).execute();
    return id;
  };
  const u1 = await understander(v0, '2023-01-01');
  await understander(v0, '2023-06-01');
  await understander(v0, '2025-02-01');
  await understander(v0, '2023-01-01', 0);
  await understander(v1, '2024-01-01');
  await db
    .insertInto('understander_activities')
    .values([
      { id: uuidv7(), understander_id: u1, org_id: v0, kind: 'training', held_on: '2024-03-01', hours: 3, summary: '培训', created_by: null, created_at: at },
      { id: uuidv7(), understander_id: u1, org_id: v0, kind: 'publicity', held_on: '2024-04-01', hours: 2, summary: '宣传', created_by: null, created_at: at },
      { id: uuidv7(), understander_id: u1, org_id: v0, kind: 'training', held_on: '2025-03-01', hours: 4, summary: '培训', created_by: null, created_at: at },
    ])
    .execute();
});
afterAll(async () => env?.close());

const YEAR_2024 = 'from=2024-01-01&to=2024-12-31';

describe('mediation stats', () => {
  it('counts 2024 for 娘子神乡 from the records, with the success rate and its denominator', async () => {
    const res = await as('nzs_sfs', `/api/v1/mediation/stats?${YEAR_2024}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    // 12 + 6 + 2 closed successes, 2 open
    expect(s.disputes).toMatchObject({ total: 22, closed: 20, success: 20, failure: 0, terminated: 0, open: 2, successRate: 100, successRateDenominator: 20, highRiskOpen: 1 });
    expect(s.disputes.amountFen).toBe(12 * 100_000 + 6 * 250_000 + 2 * 1_000_000 + 500_000);
    expect(s.disputes.successAmountFen).toBe(12 * 100_000 + 6 * 250_000 + 2 * 1_000_000);
    expect(s.disputes.people).toBe(12 * 2 + 6 * 3 + 2 * 12 + 4 + 2);
    const byType = Object.fromEntries(s.byType.map((r: { key: string; count: number }) => [r.key, r.count]));
    expect(byType).toEqual({ neighbour: 13, marriage_family: 6, labour: 2, homestead: 1 });
    const bySource = Object.fromEntries(s.bySource.map((r: { key: string; count: number }) => [r.key, r.count]));
    expect(bySource).toEqual({ party_application: 14, screening: 6, grid_report: 2 });
    const byOutcome = Object.fromEntries(s.byOutcome.map((r: { key: string; count: number }) => [r.key, r.count]));
    expect(byOutcome).toEqual({ success: 20, failure: 0, terminated: 0, open: 2 });
    expect(s.byMonth).toHaveLength(12);
    expect(s.byMonth[0]).toEqual({ month: '2024-01', total: 2, success: 2, closed: 2 });
    expect(s.byMonth[2]).toEqual({ month: '2024-03', total: 3, success: 2, closed: 2 });
    expect(s.byMonth[6]).toEqual({ month: '2024-07', total: 6, success: 6, closed: 6 });
    // screenings: v0 12 (6 zero), v1 3; 8 villages × 12 months − 15 = 81 missed
    expect(s.screenings).toEqual({ villageMonths: 15, zeroReports: 6, missing: 81, found: 6 * 2 + 3, resolved: 6 + 3, escalated: 6 });
    // understanders on 2024-12-31: v0 2 active (one appointed 2025, one removed), v1 1
    expect(s.understanders).toMatchObject({ count: 3, villages: 8, villagesMet: 0, trainingHours: 3, activities: 2 });
  });

  it('2023: 18 of 20, 90 %', async () => {
    const s = (await as('nzs_sfs', '/api/v1/mediation/stats?from=2023-01-01&to=2023-12-31')).json();
    expect(s.disputes).toMatchObject({ total: 20, closed: 20, success: 18, failure: 2, successRate: 90, successRateDenominator: 20 });
  });

  it('scoped: the neighbour counts only its own; the county counts both; orgId narrows to a village', async () => {
    const nb = (await as('nb_sfs', `/api/v1/mediation/stats?${YEAR_2024}`)).json();
    expect(nb.disputes).toMatchObject({ total: 4, closed: 4, success: 3, terminated: 1, successRate: 75, successRateDenominator: 4 });
    expect(nb.screenings.villageMonths).toBe(1);
    expect((await as('nb_sfs', `/api/v1/mediation/stats?${YEAR_2024}&orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    const county = (await as('county', `/api/v1/mediation/stats?${YEAR_2024}`)).json();
    expect(county.disputes.total).toBe(26);
    const village = (await as('county', `/api/v1/mediation/stats?${YEAR_2024}&orgId=${v1}`)).json();
    expect(village.disputes.total).toBe(7);
    // mediators, grid workers and officers have no report permission
    for (const u of ['nzs_mediator', 'nzs_grid', 'nzs_officer', 'admin']) expect((await as(u, `/api/v1/mediation/stats?${YEAR_2024}`)).statusCode).toBe(403);
  });
});

describe('mediation findings', () => {
  interface F {
    code: string;
    severity: string;
    orgId: string | null;
    message: string;
    href: string;
    count?: number;
  }
  const findings = async (user: string, q: string): Promise<F[]> => {
    const res = await as(user, `/api/v1/mediation/findings?${q}`);
    expect(res.statusCode).toBe(200);
    return res.json().items;
  };

  it('flags 20 successes out of 20 as too perfect to be believed', async () => {
    const f = await findings('nzs_sfs', YEAR_2024);
    const perfect = f.filter((x) => x.code === 'success_rate_implausible');
    expect(perfect).toHaveLength(1);
    expect(perfect[0]).toMatchObject({ severity: 'warning', orgId: env.ids.nzs, count: 20 });
    expect(perfect[0].message).toContain('成功率接近100%，请核实是否存在只登记成功案件的情况');
    expect(perfect[0].href).toBe(`/mediation/disputes?year=2024&status=closed&orgId=${env.ids.nzs}`);
  });

  it('does not flag 18 of 20 (90 %)', async () => {
    const f = await findings('nzs_sfs', 'from=2023-01-01&to=2023-12-31');
    expect(f.some((x) => x.code === 'success_rate_implausible')).toBe(false);
  });

  it('lists overdue follow-ups, long-open and unresolved high-risk disputes', async () => {
    const f = await findings('nzs_sfs', YEAR_2024);
    expect(f.find((x) => x.code === 'overdue_follow_ups')).toMatchObject({ orgId: env.ids.nzs, count: 1 });
    expect(f.find((x) => x.code === 'long_open_disputes')).toMatchObject({ orgId: env.ids.nzs, count: 2 });
    const high = f.find((x) => x.code === 'high_risk_open')!;
    expect(high).toMatchObject({ severity: 'critical', count: 1 });
    expect(f[0].severity).toBe('critical');
    for (const x of f) expect(x.href.startsWith('/mediation/')).toBe(true);
  });

  it('each dispute finding links to the dispute list showing exactly the counted cases', async () => {
    for (const period of [YEAR_2024, 'from=2024-03-01&to=2024-12-31']) {
      const f = await findings('nzs_sfs', period);
      const disputeFindings = f.filter((x) => x.href.startsWith('/mediation/disputes?'));
      expect(disputeFindings.map((x) => x.code).sort()).toEqual(['high_risk_open', 'long_open_disputes', 'overdue_follow_ups', 'success_rate_implausible'].filter((c) => period === YEAR_2024 || c !== 'success_rate_implausible').sort());
      for (const x of disputeFindings) expect(await listed('nzs_sfs', x.href)).toBe(x.count);
    }
    expect(await listed('nzs_sfs', `/mediation/disputes?followUp=overdue&receivedTo=2024-12-31&orgId=${env.ids.nzs}`)).toBe(1);
  });

  it('an open case from before the period is still a finding in the period', async () => {
    const f = await findings('nzs_sfs', 'from=2025-01-01&to=2025-12-31');
    expect(f.find((x) => x.code === 'high_risk_open')).toMatchObject({ count: 1 });
    expect(f.find((x) => x.code === 'long_open_disputes')).toMatchObject({ count: 2 });
    expect(f.some((x) => x.code === 'success_rate_implausible')).toBe(false);
  });

  it('lists villages that missed screening months, and villages short of 法律明白人', async () => {
    const f = await findings('nzs_sfs', YEAR_2024);
    const missed = f.filter((x) => x.code === 'screening_missing');
    expect(missed).toHaveLength(7);
    expect(missed.find((x) => x.orgId === v1)).toMatchObject({ count: 9, href: `/mediation/screening?year=2024&orgId=${v1}` });
    expect(missed.some((x) => x.orgId === v0)).toBe(false);
    const none = f.filter((x) => x.code === 'understanders_none');
    expect(none).toHaveLength(6);
    // v0 has 3 active now (target 3): met; v1 has 1: short
    expect(f.filter((x) => x.code === 'understanders_short').map((x) => x.orgId)).toEqual([v1]);
  });

  it('lists the committee without a woman, and villages without a committee', async () => {
    const f = await findings('nzs_sfs', YEAR_2024);
    expect(f.filter((x) => x.code === 'committee_no_woman').map((x) => x.orgId)).toEqual([v0]);
    expect(f.filter((x) => x.code === 'village_without_committee')).toHaveLength(6);
  });

  it('shows the neighbour nothing of 娘子神乡', async () => {
    const f = await findings('nb_sfs', YEAR_2024);
    const nbOrgs = new Set([env.ids.nb, ...env.ids.nbVillages]);
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.orgId && nbOrgs.has(x.orgId))).toBe(true);
  });
});

describe('report section', () => {
  it('writes the paragraph with every figure traced to its records', async () => {
    const res = await as('nzs_sfs', `/api/v1/mediation/report-section?year=2024&orgId=${env.ids.nzs}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    const fig = Object.fromEntries(s.figures.map((f: { key: string }) => [f.key, f]));
    const o = env.ids.nzs;
    expect(fig.disputes_total).toMatchObject({ value: 22, href: `/mediation/disputes?year=2024&orgId=${o}` });
    expect(fig.disputes_success).toMatchObject({ value: 20, href: `/mediation/disputes?year=2024&outcome=success&orgId=${o}` });
    expect(fig.disputes_closed).toMatchObject({ value: 20, href: `/mediation/disputes?year=2024&status=closed&orgId=${o}` });
    expect(fig.success_rate).toMatchObject({ value: 100, denominator: 20 });
    expect(fig.success_amount.value).toBe(4.7); // (1 200 000 + 1 500 000 + 2 000 000) fen = 47 000 元
    expect(fig.screenings).toMatchObject({ value: 15, href: `/mediation/screening?year=2024&orgId=${o}` });
    expect(fig.zero_reports).toMatchObject({ value: 6, href: `/mediation/screening?year=2024&zero=1&orgId=${o}` });
    expect(fig.understanders).toMatchObject({ value: 3, href: `/mediation/understanders?active=1&appointedTo=2024-12-31&orgId=${o}` });
    // every figure is in the paragraph, and every placeholder has a figure
    for (const f of s.figures) expect(s.text).toContain(`{${f.key}}`);
    for (const m of s.text.matchAll(/\{(\w+)\}/g)) expect(fig[m[1]]).toBeDefined();
    const text = renderSection(s);
    expect(text).toContain('共排查化解矛盾纠纷22件');
    expect(text).toContain('调解成功20件，调解成功率100%（20/20）');
    expect(text).toContain('开展矛盾纠纷排查15村次，其中零上报6次');
    expect(text).toContain('法律明白人3名');
    expect(text).not.toMatch(/\{\w+\}/);
    // the dispute figures open the dispute list on exactly the counted cases
    for (const k of ['disputes_total', 'disputes_success', 'disputes_closed']) expect(await listed('nzs_sfs', fig[k].href)).toBe(fig[k].value);
    expect(await listed('nzs_sfs', fig.success_rate.href)).toBe(fig.success_rate.denominator);
  });

  it('the hrefs list exactly the counted records: the records lists agree', async () => {
    const s = (await as('nzs_sfs', `/api/v1/mediation/report-section?year=2024&orgId=${env.ids.nzs}`)).json();
    const fig = Object.fromEntries(s.figures.map((f: { key: string; value: number }) => [f.key, f.value]));
    const zero = (await as('nzs_sfs', `/api/v1/mediation/screenings/records?year=2024&zero=1&orgId=${env.ids.nzs}`)).json();
    expect(zero.total).toBe(fig.zero_reports);
    const all = (await as('nzs_sfs', `/api/v1/mediation/screenings/records?year=2024&orgId=${env.ids.nzs}`)).json();
    expect(all.total).toBe(fig.screenings);
    const u = (await as('nzs_sfs', `/api/v1/mediation/understanders?active=1&appointedTo=2024-12-31&orgId=${env.ids.nzs}`)).json();
    expect(u.total).toBe(fig.understanders);
  });

  it('the neighbour may not ask for 娘子神乡’s paragraph', async () => {
    expect((await as('nb_sfs', `/api/v1/mediation/report-section?year=2024&orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    const own = (await as('nb_sfs', '/api/v1/mediation/report-section?year=2024')).json();
    expect(renderSection(own)).toContain('调解成功3件，调解成功率75%（3/4）');
  });
});

describe('Excel statistics table', () => {
  it('re-parses to the numbers in the database, and the export is audited', async () => {
    const res = await env.call('GET', `/api/v1/mediation/stats.xlsx?year=2024&orgId=${env.ids.nzs}`, { cookie: await env.login('nzs_sfs') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按类型', '按月份', '按村']);

    const db = env.deps.database.db;
    const rows = await db
      .selectFrom('disputes')
      .select(['type', 'status', 'outcome', 'received_on', 'village_id', 'org_id', 'amount_fen'])
      .where('received_on', '>=', '2024-01-01')
      .where('received_on', '<=', '2024-12-31')
      .where('org_id', 'in', [env.ids.nzs, ...env.ids.nzsVillages])
      .execute();

    const sheetRows = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const out: (string | number)[][] = [];
      ws.eachRow((row, i) => {
        if (i > 2) out.push((row.values as (string | number)[]).slice(1));
      });
      return out;
    };
    const header = (wb.getWorksheet('按类型')!.getRow(2).values as string[]).slice(1);
    expect(header).toEqual(['纠纷类型', '受理（件）', '调解成功', '调解不成功', '终止调解', '在办', '调解成功率（%）', '涉及金额（元）', '涉及人数']);

    const byType = sheetRows('按类型');
    const total = byType[byType.length - 1];
    expect(total[0]).toBe('合计');
    expect(total[1]).toBe(rows.length);
    expect(total[2]).toBe(rows.filter((r) => r.outcome === 'success').length);
    expect(total[5]).toBe(rows.filter((r) => r.status !== 'closed').length);
    expect(total[6]).toBe(100);
    expect(total[7]).toBe(rows.reduce((s, r) => s + Number(r.amount_fen), 0) / 100);
    expect(byType.slice(0, -1).reduce((s, r) => s + Number(r[1]), 0)).toBe(rows.length);
    // the whole catalog, zeros included, in the catalog's order
    expect(byType.map((r) => r[0])).toEqual([...DISPUTE_TYPES.map((t) => DISPUTE_TYPE_LABELS[t].zh), '合计']);
    expect(byType.find((r) => r[0] === '邻里')![1]).toBe(rows.filter((r) => r.type === 'neighbour').length);

    const byMonth = sheetRows('按月份');
    expect(byMonth).toHaveLength(13);
    for (let m = 1; m <= 12; m++) {
      const mm = `2024-${String(m).padStart(2, '0')}`;
      expect(byMonth[m - 1][0]).toBe(`${m}月`);
      expect(byMonth[m - 1][1]).toBe(rows.filter((r) => r.received_on.startsWith(mm)).length);
    }

    const byVillage = sheetRows('按村');
    const v1Row = byVillage.find((r) => r[1] === '东沟村')!;
    // v1's own committee (6 + 1) and the township committee's two cases that arose in v1
    expect(v1Row[2]).toBe(rows.filter((r) => (r.village_id ?? r.org_id) === v1).length);
    expect(v1Row[2]).toBe(9);
    expect(byVillage[byVillage.length - 1][2]).toBe(rows.length);

    const ev = await db.selectFrom('audit_events').select(['actor_name', 'after_json']).where('entity', '=', 'mediation_stats').where('action', '=', 'export').execute();
    expect(ev).toHaveLength(1);
    expect(ev[0].actor_name).toBe('nzs_sfs');
    expect(JSON.parse(ev[0].after_json!).disputes).toBe(rows.length);
  });

  it('is refused to the neighbour for 娘子神乡 and to users without mediation.export', async () => {
    expect((await as('nb_sfs', `/api/v1/mediation/stats.xlsx?year=2024&orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await as('nzs_readonly', '/api/v1/mediation/stats.xlsx?year=2024')).statusCode).toBe(403);
    expect((await as('nzs_mediator', '/api/v1/mediation/stats.xlsx?year=2024')).statusCode).toBe(403);
    const ok = await as('nzs_leader', '/api/v1/mediation/stats.xlsx?year=2024');
    expect(ok.statusCode).toBe(200);
  });
});
