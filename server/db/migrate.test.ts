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
});
