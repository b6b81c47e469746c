import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './index.ts';
import { migrate } from './migrate.ts';

// SQLite only: the ordering rule is Kysely's, the same on both engines; PostgreSQL runs every
// migration in every test database anyway.
const dir = mkdtempSync(path.join(tmpdir(), 'fazhi-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('upgrade a database of the first release: a new platform migration numbered before mediation still runs, once', async () => {
    const d = openDatabase({ dataDir: dir });
    try {
      // the first release shipped these two
      expect(await migrate(d, ['0001_platform', '0100_mediation'])).toEqual(['0001_platform', '0100_mediation']);
      const ran = await migrate(d);
      expect(ran).toContain('0002_staff');
      expect(ran).not.toContain('0100_mediation');
      expect(ran).toEqual([...ran].sort());
      await d.db.selectFrom('staff').select('id').execute();
      expect(await migrate(d)).toEqual([]);
    } finally {
      await d.close();
    }
  });

  it('0101 keeps the parties\' names on each case already there, in party order (organisations too)', async () => {
    const d = openDatabase({ dataDir: dir, file: path.join(dir, 'party-names.sqlite') });
    try {
      await migrate(d, ['0001_platform', '0100_mediation']);
      // biome-ignore lint/suspicious/noExplicitAny: the schema of the older release, not today's types
      const db = d.db as unknown as Kysely<any>;
      const at = '2024-01-01T00:00:00.000Z';
      await db.insertInto('orgs').values({ id: 'o1', parent_id: null, code: '610000000000', name: '示范县', kind: 'county', path: '/o1/', sort: 0, created_at: at, updated_at: at }).execute();
      await db.insertInto('mediation_committees').values({ id: 'c1', org_id: 'o1', name: '调委会', kind: 'township', case_prefix: '示调', active: 1, created_at: at, updated_at: at }).execute();
      for (const [id, name] of [['p1', '张三'], ['p2', '李四']]) await db.insertInto('people').values({ id, org_id: 'o1', name, created_at: at, updated_at: at }).execute();
      const dispute = (id: string, seq: number) => ({ id, org_id: 'o1', committee_id: 'c1', case_no: `示调〔2024〕${seq}号`, case_year: 2024, case_seq: seq, title: '纠纷', source: 'screening', type: 'neighbour', summary: '—', risk_level: 'low', status: 'registered', received_on: '2024-01-02', created_at: at, updated_at: at });
      await db.insertInto('disputes').values([dispute('d1', 1), dispute('d2', 2)]).execute();
      const party = (id: string, sort: number, person: string | null, org: string | null) => ({ id, dispute_id: 'd1', org_id: 'o1', kind: person ? 'person' : 'organisation', person_id: person, organisation_name: org, role: 'other', sort });
      // written out of order: the names follow `sort`
      await db.insertInto('dispute_parties').values([party('x3', 2, 'p2', null), party('x1', 0, 'p1', null), party('x2', 1, null, '某建筑公司')]).execute();
      expect(await migrate(d)).toContain('0101_dispute_party_names');
      const rows = await d.db.selectFrom('disputes').select(['id', 'party_names']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'd1', party_names: '张三\u001f某建筑公司\u001f李四' },
        { id: 'd2', party_names: '' },
      ]);
    } finally {
      await d.close();
    }
  });

  it('0401 keeps the last written of duplicate key-date rows (a double submit before the unique indexes)', async () => {
    const d = openDatabase({ dataDir: dir, file: path.join(dir, 'key-dates.sqlite') });
    try {
      const before = ['0001_platform', '0002_staff', '0003_jobs', '0100_mediation', '0101_dispute_party_names', '0102_dispute_list_scan', '0200_planning', '0201_planning_progress_index', '0300_study', '0400_publicity'];
      await migrate(d, before);
      // biome-ignore lint/suspicious/noExplicitAny: the schema of the older release, not today's types
      const db = d.db as unknown as Kysely<any>;
      await db.insertInto('orgs').values({ id: 'o1', parent_id: null, code: '610000000000', name: '示范县', kind: 'county', path: '/o1/', sort: 0, created_at: 't', updated_at: 't' }).execute();
      const row = (id: string, updated: string, over: Record<string, unknown> = {}) => ({ id, org_id: 'o1', builtin_code: 'kd_0415', name: '4·15', kind: 'fixed', remind_days: 21, active: 1, created_at: updated, updated_at: updated, ...over });
      await db
        .insertInto('publicity_key_dates')
        .values([
          row('a', '2026-01-01T00:00:00Z'),
          row('b', '2026-01-02T00:00:00Z', { remind_days: 7 }),
          row('c', '2026-01-01T00:00:00Z', { builtin_code: 'kd_cyber_week', kind: 'dated', starts_on: '2026-09-14', ends_on: '2026-09-20' }),
          row('d', '2026-01-03T00:00:00Z', { builtin_code: 'kd_cyber_week', kind: 'dated', starts_on: '2026-09-15', ends_on: '2026-09-21' }),
          row('e', '2026-01-01T00:00:00Z', { builtin_code: 'kd_cyber_week', kind: 'dated', starts_on: '2027-09-13', ends_on: '2027-09-19' }),
          row('f', '2026-01-01T00:00:00Z', { builtin_code: null, name: '本乡自定', kind: 'fixed', month: 5, day: 1 }),
          row('g', '2026-01-01T00:00:00Z', { builtin_code: null, name: '本乡自定', kind: 'fixed', month: 5, day: 1 }),
        ])
        .execute();
      expect(await migrate(d)).toEqual(['0401_key_date_unique']);
      const left = await db.selectFrom('publicity_key_dates').select(['id']).orderBy('id').execute();
      // the latest override and the latest 2026 dates stay, 2027 is another year, own dates are not touched
      expect(left.map((r) => r.id)).toEqual(['b', 'd', 'e', 'f', 'g']);
    } finally {
      await d.close();
    }
  });
});
