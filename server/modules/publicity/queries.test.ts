import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTx, systemCtx } from '../../platform/context.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { seedPublicityDemo } from './publicity.seed.ts';

/**
 * The reads of the module and the portal against odd query values, as the county and as a grid
 * worker: never a 500 (server/testing/fuzz.test.ts fuzzes the write routes only). A real date of
 * year 1 once made the statistics and findings build 'y-MM-DD' strings no date parses.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await inTx(systemCtx(env.deps), (tx) => seedPublicityDemo(tx, env.ids));
});
afterAll(async () => env?.close());

const VALUES = ['', '0001-01-01', '9999-12-31', '2024-02-29', '2023-02-29', '1999-12-31', 'x'.repeat(10_000), '%', '_', "'", '\\', '-1', '1e3', '2000', '2100', '0', '99999', '01900000-0000-7000-8000-000000000000', 'kd_0415', '１３８', '[object Object]'];

const READS: Record<string, string[]> = {
  '/api/v1/publicity/events': ['year', 'from', 'to', 'status', 'channel', 'online', 'theme', 'villageId', 'organiserId', 'orgId', 'campaignId', 'keyDate', 'law', 'q', 'page', 'pageSize'],
  '/api/v1/publicity/events.xlsx': ['year', 'from', 'to', 'law', 'q', 'keyDate'],
  '/api/v1/publicity/events/options': ['orgId'],
  '/api/v1/publicity/campaigns': ['orgId', 'year'],
  '/api/v1/publicity/contents': ['state', 'kind', 'theme', 'q', 'orgId', 'year', 'page'],
  '/api/v1/publicity/calendar': ['orgId', 'year'],
  '/api/v1/publicity/key-dates': ['orgId'],
  '/api/v1/publicity/themes': ['orgId', 'all'],
  '/api/v1/publicity/responsibilities': ['orgId', 'year'],
  '/api/v1/publicity/reach': ['year', 'from', 'to', 'contentId', 'channel', 'villageId', 'granularity', 'orgId'],
  '/api/v1/publicity/stats': ['from', 'to', 'orgId'],
  '/api/v1/publicity/findings': ['from', 'to', 'orgId'],
  '/api/v1/publicity/report-section': ['year', 'orgId'],
  '/api/v1/publicity/settings': ['orgId'],
  '/portal': ['page'],
  '/portal/t/civil_code': ['page'],
  '/portal/prefs': ['big', 'back'],
};

describe('odd query values', () => {
  it('every read answers 2xx, 3xx or 4xx, never 5xx, on either engine', async () => {
    const published = await env.deps.database.db.selectFrom('publicity_contents').select(['id', 'slug']).where('state', '=', 'published').where('org_id', '=', env.ids.nzs).executeTakeFirstOrThrow();
    const reads: Record<string, string[]> = {
      ...READS,
      [`/api/v1/publicity/contents/${published.id}/qr.png`]: ['v'],
      [`/api/v1/publicity/contents/${published.id}/poster.png`]: ['v'],
      [`/portal/a/${published.slug}`]: ['c', 'v'],
    };
    const bad: string[] = [];
    for (const user of ['county', 'nzs_grid']) {
      const cookie = await env.login(user);
      for (const [path, keys] of Object.entries(reads)) {
        for (const k of keys) {
          for (const v of VALUES) {
            if (path.endsWith('poster.png') && v !== VALUES[0] && v !== VALUES[17]) continue; // a poster takes a second to draw: two values
            const url = `${path}?${k}=${encodeURIComponent(v)}`;
            const r = await env.call('GET', url, { cookie });
            if (r.statusCode >= 500) bad.push(`${user} ${url.slice(0, 160)} → ${r.statusCode}`);
          }
        }
      }
    }
    for (const url of [`/portal/a/${'a'.repeat(80)}`, `/portal/t/${'a'.repeat(40)}`, '/portal/f/abcdef/01900000-0000-7000-8000-000000000000', `/portal/f/${'x'.repeat(99)}/y`, '/portal/a/%00', '/portal/t/%E4%B8%AD']) {
      const r = await env.call('GET', url, {});
      if (r.statusCode >= 500) bad.push(`${url} → ${r.statusCode}`);
    }
    expect(bad).toEqual([]);
  }, 300_000);
});
