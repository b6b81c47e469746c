import type { Kysely } from 'kysely';
import type { Engine } from '../index.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

export async function up(_db: AnyDb, _engine: Engine): Promise<void> {
  // jobs, notifications and webhook deliveries: to be written
}
