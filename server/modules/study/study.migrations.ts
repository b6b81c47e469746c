import type { Kysely } from 'kysely';
import type { Engine } from '../../db/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

export async function up(_db: AnyDb, _engine: Engine): Promise<void> {
  // tables of the study module: to be written
}
