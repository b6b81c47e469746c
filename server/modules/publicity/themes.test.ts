import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.ts';
import { createTestEnv, fieldsOf, type TestEnv } from '../../testing/harness.ts';
import { checkThemes, themesFor } from './themes.service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const pathOf = async (id: string) => (await env.deps.database.db.selectFrom('orgs').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;
/** checkThemes as the events service calls it; resolves to the error's fields, or [] when accepted. */
async function refused(orgId: string, codes: string[]): Promise<string[]> {
  try {
    await checkThemes(systemCtx(env.deps), await pathOf(orgId), codes);
    return [];
  } catch (e) {
    return ((e as { fields?: { field: string }[] }).fields ?? []).map((f) => f.field);
  }
}

describe('publicity themes', () => {
  it('a county theme is usable in 娘子神乡 events; switched off at the township it is refused there, still fine at 白杨镇', async () => {
    const t = await env.ok('county', 'POST', '/api/v1/publicity/themes', { orgId: env.ids.county, name: '乡村振兴促进法', nameEn: 'Rural Revitalisation' });
    expect(t.code).toMatch(/^x_[0-9a-f]{12}$/);
    expect(t).toMatchObject({ source: 'own', builtin: false, active: true, renamable: true });
    expect(await refused(env.ids.nzsVillages[0], ['anti_fraud', t.code])).toEqual([]);
    const off = await env.ok('nzs_sfs', 'PATCH', `/api/v1/publicity/themes/${t.code}`, { orgId: env.ids.nzs, active: false });
    expect(off).toMatchObject({ active: false, source: 'inherited', sourceOrgName: expect.any(String), rowOwn: true, renamable: false });
    expect(await refused(env.ids.nzsVillages[0], ['anti_fraud', t.code])).toEqual(['themes.1']);
    expect(await refused(env.ids.nzs, [t.code])).toEqual(['themes.0']);
    expect(await refused(env.ids.nbVillages[0], [t.code])).toEqual([]);
    // the pickers: the grid worker's village list lacks it, 白杨镇's has it; the settings view (all=1) shows it off
    const grid = await env.ok('nzs_grid', 'GET', `/api/v1/publicity/themes?orgId=${env.ids.nzsVillages[1]}`);
    expect(grid.items.some((i: { code: string }) => i.code === t.code)).toBe(false);
    expect(grid.canEdit).toBe(false);
    expect((await env.ok('nb_sfs', 'GET', `/api/v1/publicity/themes?orgId=${env.ids.nb}`)).items.some((i: { code: string }) => i.code === t.code)).toBe(true);
    const all = await env.ok('nzs_sfs', 'GET', `/api/v1/publicity/themes?orgId=${env.ids.nzs}&all=1`);
    expect(all.items.find((i: { code: string }) => i.code === t.code)).toMatchObject({ active: false });
    // a village below may switch it back on for itself: the nearest org wins
    await env.ok('nzs_sfs', 'PATCH', `/api/v1/publicity/themes/${t.code}`, { orgId: env.ids.nzsVillages[0], active: true });
    expect(await refused(env.ids.nzsVillages[0], [t.code])).toEqual([]);
    expect(await refused(env.ids.nzsVillages[1], [t.code])).toEqual(['themes.0']);
  });

  it('built-ins can be switched off, not renamed; only the creating org renames its theme, and names stay unique', async () => {
    const off = await env.ok('nzs_sfs', 'PATCH', '/api/v1/publicity/themes/petition', { orgId: env.ids.nzs, active: false });
    expect(off).toMatchObject({ builtin: true, active: false, name: '信访' });
    expect((await themesFor(systemCtx(env.deps), await pathOf(env.ids.nzs))).some((t) => t.code === 'petition')).toBe(false);
    let res = await env.as('nzs_sfs', 'PATCH', '/api/v1/publicity/themes/petition', { orgId: env.ids.nzs, name: '信访工作' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['name']);
    const own = await env.ok('nzs_sfs', 'POST', '/api/v1/publicity/themes', { orgId: env.ids.nzs, name: '移风易俗' });
    expect((await env.ok('nzs_sfs', 'PATCH', `/api/v1/publicity/themes/${own.code}`, { orgId: env.ids.nzs, name: '移风易俗 · 婚俗改革' })).name).toBe('移风易俗 · 婚俗改革');
    // a village may switch it but not rename it (the township named it)
    res = await env.as('nzs_sfs', 'PATCH', `/api/v1/publicity/themes/${own.code}`, { orgId: env.ids.nzsVillages[0], name: '别名' });
    expect(fieldsOf(res)).toEqual(['name']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/themes', { orgId: env.ids.nzs, name: '宪法' });
    expect(fieldsOf(res)).toEqual(['name']);
    res = await env.as('nzs_sfs', 'POST', '/api/v1/publicity/themes', { orgId: env.ids.nzs, name: '' });
    expect(fieldsOf(res)).toEqual(['name']);
    res = await env.as('nzs_sfs', 'PATCH', `/api/v1/publicity/themes/${own.code}`, { orgId: env.ids.nzs });
    expect(fieldsOf(res)).toEqual(['active']);
    expect((await env.as('nzs_sfs', 'PATCH', '/api/v1/publicity/themes/x_000000000000', { orgId: env.ids.nzs, active: false })).statusCode).toBe(404);
    const audit = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity', '=', 'publicity_theme').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(expect.arrayContaining(['publicity.theme.create', 'publicity.theme.switch', 'publicity.theme.update']));
  });

  it('the neighbour, an officer and the grid worker cannot change 娘子神乡 themes; the denial is recorded', async () => {
    for (const u of ['nb_sfs', 'nzs_officer', 'nzs_grid', 'nzs_readonly']) {
      const res = await env.as(u, 'POST', '/api/v1/publicity/themes', { orgId: env.ids.nzs, name: `${u}的主题` });
      expect(res.statusCode, u).toBe(403);
    }
    expect((await env.as('nb_sfs', 'PATCH', '/api/v1/publicity/themes/constitution', { orgId: env.ids.nzs, active: false })).statusCode).toBe(403);
    const denied = await env.deps.database.db.selectFrom('audit_events').select('id').where('entity_id', '=', env.ids.nzs).where('result', '=', 'denied').execute();
    expect(denied.length).toBeGreaterThan(0);
    expect((await env.as('nb_sfs', 'GET', `/api/v1/publicity/themes?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    expect((await env.as('nzs_mediator', 'GET', `/api/v1/publicity/themes?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
  });
});
