import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as mediation from '../modules/mediation/mediation.migrations.ts';
import type { Database_, Engine } from './index.ts';
import * as platform from './migrations/0001_platform.ts';
import * as staff from './migrations/0002_staff.ts';
import * as jobs from './migrations/0003_jobs.ts';
import * as planning from '../modules/planning/planning.migrations.ts';
import * as study from '../modules/study/study.migrations.ts';

interface EngineMigration {
  up(db: Parameters<Migration['up']>[0], engine: Engine): Promise<void>;
}

/** Ordered by name: platform first, then each module's tables. One list for both engines. */
const ALL: Record<string, EngineMigration> = {
  '0001_platform': platform,
  '0002_staff': staff,
  '0003_jobs': jobs,
  '0100_mediation': mediation,
  '0200_planning': planning,
  '0300_study': study,
};

class Provider implements MigrationProvider {
  constructor(private engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(ALL)) out[name] = { up: (db) => m.up(db, this.engine) };
    return out;
  }
}

export async function migrate(d: Database_): Promise<string[]> {
  const migrator = new Migrator({ db: d.db, provider: new Provider(d.engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
