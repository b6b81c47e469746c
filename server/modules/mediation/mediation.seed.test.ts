import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTx, systemCtx } from '../../platform/context.ts';
import { todayShanghai } from '../../platform/time.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { seedMediationDemo } from './mediation.seed.ts';

let env: TestEnv;
let seconds = 0;
const today = todayShanghai();

beforeAll(async () => {
  env = await createTestEnv();
  const t0 = Date.now();
  await inTx(systemCtx(env.deps), (tx) => seedMediationDemo(tx, env.ids, { today }));
  seconds = (Date.now() - t0) / 1000;
});
afterAll(async () => env?.close());

const db = () => env.deps.database.db;

describe('mediation demo seed', () => {
  it('runs quickly enough for npm start', () => {
    expect(seconds).toBeLessThan(10);
  });

  it('has a committee in each township and village, 3–5 members plus the demo mediator, each with a woman', async () => {
    const committees = await db().selectFrom('mediation_committees').selectAll().execute();
    expect(committees).toHaveLength(2 + 16);
    const orgs = new Set(committees.map((c) => c.org_id));
    for (const v of [...env.ids.nzsVillages, ...env.ids.nbVillages, env.ids.nzs, env.ids.nb]) expect(orgs.has(v)).toBe(true);
    const members = await db().selectFrom('mediators as m').innerJoin('people as p', 'p.id', 'm.person_id').select(['m.committee_id', 'p.gender', 'm.user_id']).execute();
    for (const c of committees) {
      const mine = members.filter((m) => m.committee_id === c.id);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(mine.length).toBeLessThanOrEqual(6);
      expect(mine.some((m) => m.gender === '女')).toBe(true);
    }
    expect(members.filter((m) => m.user_id === env.ids.users.nzs_mediator)).toHaveLength(1);
  });

  it('every village has 法律明白人 (2–5), some below the target of 3, with training hours', async () => {
    const rows = await db().selectFrom('legal_understanders').select(['org_id']).where('active', '=', 1).execute();
    const per = new Map<string, number>();
    for (const r of rows) per.set(r.org_id, (per.get(r.org_id) ?? 0) + 1);
    const villages = [...env.ids.nzsVillages, ...env.ids.nbVillages];
    for (const v of villages) {
      expect(per.get(v) ?? 0).toBeGreaterThanOrEqual(1);
      expect(per.get(v) ?? 0).toBeLessThanOrEqual(5);
    }
    expect(villages.filter((v) => (per.get(v) ?? 0) < 3).length).toBeGreaterThan(0);
    const training = await db().selectFrom('understander_activities').select(['kind', 'hours']).where('kind', '=', 'training').execute();
    expect(training.length).toBeGreaterThan(50);
    expect(training.every((t) => Number(t.hours) > 0)).toBe(true);
  });

  it('every village has screenings from 2023-01, mostly reported, some 零上报 and a few missed months', async () => {
    const rows = await db().selectFrom('screenings').select(['org_id', 'period', 'zero_report', 'found', 'resolved', 'escalated']).execute();
    const villages = [...env.ids.nzsVillages, ...env.ids.nbVillages];
    const months = (Number(today.slice(0, 4)) - 2023) * 12 + Number(today.slice(5, 7)) - 1; // before the current month
    for (const v of villages) expect(rows.filter((r) => r.org_id === v).length).toBeGreaterThan(months * 0.7);
    const past = rows.filter((r) => r.period < today.slice(0, 7));
    const share = past.length / (villages.length * months);
    expect(share).toBeGreaterThan(0.9);
    expect(share).toBeLessThan(1);
    expect(rows.some((r) => r.period === '2023-01')).toBe(true);
    const zero = rows.filter((r) => r.zero_report === 1).length / rows.length;
    expect(zero).toBeGreaterThan(0.25);
    expect(zero).toBeLessThan(0.7);
    expect(rows.every((r) => r.resolved + r.escalated <= r.found)).toBe(true);
  });

  it('disputes from 2023 to today in realistic numbers and mixes', async () => {
    const rows = await db().selectFrom('disputes').selectAll().execute();
    expect(rows.every((r) => r.received_on >= '2023-01-01' && r.received_on <= today)).toBe(true);
    for (const [t, villages] of [
      [env.ids.nzs, env.ids.nzsVillages],
      [env.ids.nb, env.ids.nbVillages],
    ] as const) {
      const n2024 = rows.filter((r) => r.received_on.startsWith('2024') && (r.org_id === t || villages.includes(r.org_id))).length;
      expect(n2024).toBeGreaterThanOrEqual(35);
      expect(n2024).toBeLessThanOrEqual(75);
    }
    const closed = rows.filter((r) => r.status === 'closed');
    const success = closed.filter((r) => r.outcome === 'success').length;
    const rate = success / closed.length;
    expect(rate).toBeGreaterThan(0.8);
    expect(rate).toBeLessThan(0.97);
    expect(closed.some((r) => r.outcome === 'failure')).toBe(true);
    expect(closed.some((r) => r.outcome === 'terminated')).toBe(true);
    expect(closed.every((r) => r.closed_on && r.closed_on >= r.received_on && r.closed_on <= today)).toBe(true);
    // most common types first
    const byType = new Map<string, number>();
    for (const r of rows) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const ranked = [...byType.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(ranked.slice(0, 3)).toContain(rows.find((r) => r.title.includes('婚姻家庭'))!.type);
    expect(ranked.slice(0, 3)).toContain(rows.find((r) => r.title.includes('邻里'))!.type);
    const bySource = new Map<string, number>();
    for (const r of rows) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
    expect(bySource.size).toBe(4);
    // some open, some of them high-risk, some open for more than a month
    const open = rows.filter((r) => r.status !== 'closed');
    expect(open.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.risk_level === 'high' && r.status !== 'closed') || rows.filter((r) => r.risk_level === 'high').length > 5).toBe(true);
    // case numbers unique per committee and year, in the dispute core's format
    expect(rows.every((r) => r.case_no.endsWith(`〔${r.case_year}〕${r.case_seq}号`))).toBe(true);
  });

  it('agreements written and oral, judicial confirmations, follow-ups done and overdue, referrals', async () => {
    const agreements = await db().selectFrom('dispute_agreements').select('form').execute();
    expect(agreements.some((a) => a.form === 'written')).toBe(true);
    expect(agreements.some((a) => a.form === 'oral')).toBe(true);
    const jc = await db()
      .selectFrom('judicial_confirmations as j')
      .innerJoin('dispute_agreements as a', 'a.dispute_id', 'j.dispute_id')
      .select(['j.applied_on', 'a.effective_on', 'a.form'])
      .execute();
    expect(jc.length).toBeGreaterThan(0);
    // 人民调解法 art. 33: within 30 days of the agreement taking effect, written agreements only here
    expect(jc.every((j) => j.form === 'written' && j.applied_on >= j.effective_on && Date.parse(j.applied_on) - Date.parse(j.effective_on) <= 30 * 86_400_000)).toBe(true);
    const fu = await db().selectFrom('follow_ups').select(['due_on', 'done_on']).execute();
    expect(fu.filter((f) => f.done_on).length).toBeGreaterThan(fu.length / 2);
    expect(fu.some((f) => !f.done_on && f.due_on < today)).toBe(true);
    expect((await db().selectFrom('referrals').select('id').execute()).length).toBeGreaterThan(0);
    const parties = await db().selectFrom('dispute_parties').select(['dispute_id', 'role']).execute();
    const disputes = await db().selectFrom('disputes').select('id').execute();
    expect(parties.length).toBe(disputes.length * 2);
  });

  it('follows the dispute flow: mediating cases have sessions, registered ones none yet', async () => {
    const rows = await db()
      .selectFrom('disputes as d')
      .select((eb) => ['d.status', eb.selectFrom('dispute_sessions as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.dispute_id', '=', 'd.id').as('sessions')])
      .where('d.status', '!=', 'closed')
      .execute();
    for (const r of rows) expect(Number(r.sessions) > 0).toBe(r.status === 'mediating');
    const noAgreement = await db()
      .selectFrom('disputes as d')
      .leftJoin('dispute_agreements as a', 'a.dispute_id', 'd.id')
      .select('d.id')
      .where('d.outcome', '=', 'success')
      .where('a.id', 'is', null)
      .execute();
    expect(noAgreement).toHaveLength(0);
  });

  it('reads back through the dispute core: lists, a detail, the mediator’s own cases, the neighbour sees none of 娘子神乡', async () => {
    const call = async (user: string, url: string) => env.call('GET', url, { cookie: await env.login(user) });
    const list = await call('nzs_sfs', '/api/v1/mediation/disputes?pageSize=5');
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBeGreaterThan(100);
    const detail = await call('nzs_sfs', `/api/v1/mediation/disputes/${list.json().items[0].id}`);
    expect(detail.statusCode).toBe(200);
    const mine = await call('nzs_mediator', '/api/v1/mediation/disputes?pageSize=200');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().total).toBeGreaterThan(0);
    const assigned = await db().selectFrom('dispute_assignments').select('dispute_id').distinct().where('user_id', '=', env.ids.users.nzs_mediator).execute();
    expect(mine.json().total).toBe(assigned.length);
    const nb = (await call('nb_sfs', '/api/v1/mediation/disputes?pageSize=200')).json();
    const nbOrgs = new Set([env.ids.nb, ...env.ids.nbVillages]);
    expect(nb.items.every((d: { orgId: string }) => nbOrgs.has(d.orgId))).toBe(true);
    const stats = (await call('county', '/api/v1/mediation/stats?from=2024-01-01&to=2024-12-31')).json();
    expect(stats.disputes.successRate).toBeGreaterThan(80);
    expect(stats.disputes.successRate).toBeLessThan(97);
    const findings = (await call('nzs_sfs', '/api/v1/mediation/findings')).json().items.map((f: { code: string }) => f.code);
    expect(findings).toContain('understanders_short');
    expect(findings).not.toContain('success_rate_implausible');
  });

  it('stores identifiers encrypted: no ID-card or phone pattern in the people table', async () => {
    const rows = await db().selectFrom('people').select(['id_card_enc', 'phone_enc']).execute();
    expect(rows.some((r) => r.id_card_enc)).toBe(true);
    const dump = JSON.stringify(rows);
    expect(dump).not.toMatch(/\d{17}[\dX]/);
    expect(dump).not.toMatch(/1[3-9]\d{9}/);
  });

  it('is deterministic apart from ids', async () => {
    const env2 = await createTestEnv();
    try {
      await inTx(systemCtx(env2.deps), (tx) => seedMediationDemo(tx, env2.ids, { today }));
      const a = await db().selectFrom('disputes').select(['case_no', 'type', 'received_on', 'outcome']).orderBy('case_no').execute();
      const b = await env2.deps.database.db.selectFrom('disputes').select(['case_no', 'type', 'received_on', 'outcome']).orderBy('case_no').execute();
      expect(b).toEqual(a);
    } finally {
      await env2.close();
    }
  });
});
