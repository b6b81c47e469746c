import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase } from './db/index.ts';
import { migrate } from './db/migrate.ts';
import { currentRole, grantApplicationRole } from './db/roles.ts';
import { CalendarService } from './platform/calendar/calendar.service.ts';
import type { Deps } from './platform/context.ts';
import { FieldCrypto } from './platform/crypto.ts';
import { LocalFileStore } from './platform/files/files.store.ts';

/** Opens the database (migrated) and builds the services every module shares. */
export async function createDeps(config: Config, opts: { log?: Logger; sqliteFile?: string; poolSize?: number } = {}): Promise<Deps> {
  const log =
    opts.log ??
    pino({
      level: config.logLevel,
      base: { app: 'fazhi' },
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.idCard', '*.phone'], censor: '[已脱敏]' },
    });
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    file: opts.sqliteFile,
    poolSize: opts.poolSize,
    onPoolError: (err) => log.warn({ err }, 'idle database connection lost; the pool opens a new one when needed'),
  });
  if (config.databaseOwnerUrl && database.engine === 'postgres') {
    // security S7: the owner migrates and grants; this process then works with row privileges only
    const owner = openDatabase({ databaseUrl: config.databaseOwnerUrl, dataDir: config.dataDir, poolSize: 1 });
    try {
      await migrate(owner);
      await grantApplicationRole(owner, await currentRole(database));
    } finally {
      await owner.close();
    }
  } else {
    await migrate(database);
  }
  const deps: Deps = {
    config,
    database,
    crypto: new FieldCrypto(config.secret),
    files: new LocalFileStore(path.join(config.dataDir, 'files')),
    calendar: new CalendarService({ database }),
    log,
  };
  return deps;
}
