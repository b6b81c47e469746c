import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
});
