import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as mediation from '../modules/mediation/mediation.migrations.ts';
import type { Database_, Engine } from './index.ts';
import * as platform from './migrations/0001_platform.ts';
import * as staff from './migrations/0002_staff.ts';
import * as jobs from './migrations/0003_jobs.ts';
import * as planning from '../modules/planning/planning.migrations.ts';
import * as study from '../modules/study/study.migrations.ts';
import * as publicity from '../modules/publicity/publicity.migrations.ts';

interface EngineMigration {
  up(db: Parameters<Migration['up']>[0], engine: Engine): Promise<void>;
}

/** Ordered by name: platform first, then each module's tables. One list for both engines. */
const ALL: Record<string, EngineMigration> = {
  '0001_platform': platform,
  '0002_staff': staff,
  '0003_jobs': jobs,
  '0100_mediation': mediation,
  '0101_dispute_party_names': mediation.partyNames,
  '0102_dispute_list_scan': mediation.listScanIndex,
  '0200_planning': planning,
  '0201_planning_progress_index': planning.progressStateIndex,
  '0300_study': study,
  '0400_publicity': publicity,
  '0401_key_date_unique': publicity.keyDateUnique,
};

class Provider implements MigrationProvider {
  constructor(
    private engine: Engine,
    private only?: readonly string[],
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(ALL)) if (!this.only || this.only.includes(name)) out[name] = { up: (db) => m.up(db, this.engine) };
    return out;
  }
}

/**
 * Names are numbered per owner (platform 00xx, mediation 01xx, planning 02xx …), so a new platform
 * migration sorts before module migrations an installed database already ran: Kysely must accept
 * that and run what is missing, in name order (each migration only adds its own tables).
 * `only` limits the set (tests replay an older release's list, then upgrade).
 */
export async function migrate(d: Database_, only?: readonly string[]): Promise<string[]> {
  const migrator = new Migrator({ db: d.db, provider: new Provider(d.engine, only), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
