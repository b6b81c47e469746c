import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';

/** 回访期限 per org (settings `mediation.follow_up_days`), nearest org on the path wins. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const S = '/api/v1/mediation/settings';
const KEY = 'mediation.follow_up_days';


/** A closed-by-agreement case in a 娘子神乡 village and the default due day of its follow-up. */
async function followUpDue(effectiveOn: string): Promise<string> {
  const committeeId = (await env.ok('nzs_sfs', 'GET', `/api/v1/mediation/committees?orgId=${env.ids.nzsVillages[2]}&active=true`)).items[0]?.id ?? (await env.ok('nzs_sfs', 'POST', '/api/v1/mediation/committees', { orgId: env.ids.nzsVillages[2] })).id;
  const mediatorId = (await env.ok('nzs_sfs', 'POST', '/api/v1/mediation/mediators', { committeeId, title: 'mediator', person: { name: '回访测试调解员', gender: '女' } })).id;
  const d = await env.ok('nzs_sfs', 'POST', '/api/v1/mediation/disputes', {
    committeeId,
    title: '邻里通道纠纷',
    source: 'party_application',
    type: 'neighbour',
    summary: '双方因通道堆放柴草发生争执。',
    receivedOn: '2025-04-28',
    parties: [
      { kind: 'person', role: 'applicant', person: { name: '王五', gender: '男' } },
      { kind: 'person', role: 'respondent', person: { name: '赵六', gender: '男' } },
    ],
    assignments: [{ mediatorId, role: 'lead' }],
  });
  await env.ok('nzs_sfs', 'PUT', `/api/v1/mediation/disputes/${d.id}/agreement`, { form: 'oral', terms: '赵六清理通道上的柴草。', effectiveOn });
  return (await env.ok('nzs_sfs', 'POST', `/api/v1/mediation/disputes/${d.id}/follow-ups`, {})).dueOn;
}

describe('回访期限 (mediation settings)', () => {
  it('without any setting everyone sees the default of 30 days', async () => {
    expect(await env.ok('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzs}`)).toEqual({
      orgId: env.ids.nzs,
      followUpDays: 30,
      followUpDaysSource: 'default',
      fromOrgId: null,
      fromOrgName: null,
      defaultFollowUpDays: 30,
    });
    // 2025-04-29 + 30 calendar days
    expect(await followUpDue('2025-04-29')).toBe('2025-05-29');
  });

  it("the county's value reaches the townships; a township's own value wins over it, down to its villages", async () => {
    // No demo user holds mediation.manage on the county itself: the county's row is put in directly.
    await env.deps.database.db.insertInto('settings').values({ org_id: env.ids.county, key: KEY, value: '45', updated_at: new Date().toISOString() }).execute();
    expect(await env.ok('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzs}`)).toMatchObject({ followUpDays: 45, followUpDaysSource: 'inherited', fromOrgId: env.ids.county });
    expect(await followUpDue('2025-04-29')).toBe('2025-06-13');

    const put = await env.ok('nzs_sfs', 'PUT', S, { orgId: env.ids.nzs, followUpDays: 20 });
    expect(put).toMatchObject({ orgId: env.ids.nzs, followUpDays: 20, followUpDaysSource: 'own', fromOrgId: env.ids.nzs, fromOrgName: '娘子神乡' });
    const village = await env.ok('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzsVillages[2]}`);
    expect(village).toMatchObject({ followUpDays: 20, followUpDaysSource: 'inherited', fromOrgId: env.ids.nzs, fromOrgName: '娘子神乡' });
    expect(await followUpDue('2025-04-29')).toBe('2025-05-19');
    // the neighbour keeps the county's value
    expect(await env.ok('nb_sfs', 'GET', `${S}?orgId=${env.ids.nb}`)).toMatchObject({ followUpDays: 45, followUpDaysSource: 'inherited' });
    // and the county sees each township's own value
    expect(await env.ok('county', 'GET', `${S}?orgId=${env.ids.nzs}`)).toMatchObject({ followUpDays: 20, followUpDaysSource: 'own' });

    const ev = await env.deps.database.db
      .selectFrom('audit_events')
      .select(['before_json', 'after_json', 'org_id'])
      .where('action', '=', 'setting.update')
      .where('entity_id', '=', `${env.ids.nzs}:${KEY}`)
      .executeTakeFirstOrThrow();
    expect(ev.org_id).toBe(env.ids.nzs);
    expect(JSON.parse(ev.before_json!)).toEqual({ key: KEY, value: null });
    expect(JSON.parse(ev.after_json!)).toEqual({ key: KEY, value: 20 });
  });

  it("the neighbouring township cannot set (or read) 娘子神乡's; users without mediation.manage cannot set it", async () => {
    const nb = await env.as('nb_sfs', 'PUT', S, { orgId: env.ids.nzs, followUpDays: 7 });
    expect(nb.statusCode).toBe(403);
    const denied = await env.deps.database.db.selectFrom('audit_events').select(['actor_name']).where('result', '=', 'denied').where('entity_id', '=', env.ids.nzs).execute();
    expect(denied.some((d) => d.actor_name === 'nb_sfs')).toBe(true);
    expect((await env.as('nb_sfs', 'GET', `${S}?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    for (const user of ['county', 'nzs_leader', 'nzs_readonly', 'nzs_mediator', 'nzs_grid']) {
      expect((await env.as(user, 'PUT', S, { orgId: env.ids.nzs, followUpDays: 7 })).statusCode, user).toBe(403);
    }
    expect((await env.ok('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzs}`)).followUpDays).toBe(20);
  });

  it('the value is 1 to 365 whole days, named in the error; a village takes its township\'s value', async () => {
    for (const bad of [0, 366, 1.5, -3, 'abc']) {
      const res = await env.as('nzs_sfs', 'PUT', S, { orgId: env.ids.nzs, followUpDays: bad });
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json().fields.map((f: { field: string }) => f.field)).toEqual(['followUpDays']);
    }
    expect((await env.ok('nzs_sfs', 'PUT', S, { orgId: env.ids.nzs, followUpDays: 365 })).followUpDays).toBe(365);
    expect((await env.ok('nzs_sfs', 'PUT', S, { orgId: env.ids.nzs, followUpDays: 1 })).followUpDays).toBe(1);
    const village = await env.as('nzs_sfs', 'PUT', S, { orgId: env.ids.nzsVillages[2], followUpDays: 10 });
    expect(village.statusCode).toBe(400);
    expect(village.json().fields[0]).toMatchObject({ field: 'orgId' });
    expect(village.json().fields[0].message).toContain('乡镇');
  });

  it('a stored value out of range (an old or hand-edited row) is skipped in favour of the next org up', async () => {
    await env.deps.database.db.updateTable('settings').set({ value: '0' }).where('org_id', '=', env.ids.nzs).where('key', '=', KEY).execute();
    expect(await env.ok('nzs_sfs', 'GET', `${S}?orgId=${env.ids.nzs}`)).toMatchObject({ followUpDays: 45, followUpDaysSource: 'inherited', fromOrgId: env.ids.county });
  });
});
