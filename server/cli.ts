import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pino from 'pino';
import { AUDIT_PROBLEM_LABELS } from '../common/schemas/audit.ts';
import { type Config, loadConfig } from './config.ts';
import { type Database_, openDatabase } from './db/index.ts';
import { migrate } from './db/migrate.ts';
import type { DB } from './db/schema.ts';
import { createDeps } from './deps.ts';
import { recordAudit, type VerifyResult, verifyAuditChain } from './platform/audit.ts';
import { compareWithExport } from './platform/audit.export.ts';
import { endSessionsOf } from './platform/auth/auth.service.ts';
import { type Deps, inTx, systemCtx } from './platform/context.ts';
import { hashPassword, randomToken } from './platform/crypto.ts';
import { nowIso } from './platform/time.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/base.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';

/**
 * Operations commands (npm run backup | audit:verify | migrate | seed). They read the same env
 * vars as the server (FAZHI_DATA_DIR, DATABASE_URL, FAZHI_SECRET…) and print in Chinese and English.
 * Exit codes: 0 ok · 1 a problem was found (broken chain, failed integrity check, non-empty
 * database for seed) · 2 the command could not run (no database, PostgreSQL backup, bad usage).
 */
type Out = (line: string) => void;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

function sqliteFile(config: Config): string {
  return path.join(config.dataDir, 'fazhi.sqlite');
}

/** Opens the configured database without creating one: a typo in FAZHI_DATA_DIR must not look like an empty, valid chain. */
function openExisting(config: Config): Database_ {
  if (!config.databaseUrl?.startsWith('postgres')) {
    const file = sqliteFile(config);
    if (!existsSync(file)) throw new CliError(`找不到数据库文件 / database file not found: ${file}（检查 FAZHI_DATA_DIR / check FAZHI_DATA_DIR）`);
  }
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
}

export function describeVerify(r: VerifyResult): string[] {
  if (r.ok) return [`审计日志哈希链完整：已校验 ${r.checked} 条记录。`, `Audit chain intact: ${r.checked} events checked.`];
  const bad = r.firstBad!;
  const label = AUDIT_PROBLEM_LABELS[bad.problem];
  return [
    `审计日志哈希链异常：第 ${bad.seq} 号记录（seq ${bad.seq}）— ${label.zh}。此前 ${r.checked} 条完好。`,
    `Audit chain BROKEN at seq ${bad.seq}: ${label.en} (${bad.problem}); ${r.checked} events before it are intact.`,
  ];
}

/** `npm run audit:verify`: walks the SM3 chain of the configured database; exit 1 on the first problem. */
export async function auditVerifyCommand(config: Config, out: Out): Promise<number> {
  const database = openExisting(config);
  try {
    const r = await verifyAuditChain(database.db);
    for (const l of describeVerify(r)) out(l);
    if (!config.auditExportDir) return r.ok ? 0 : 1;
    // the off-host copy (security S7): a history rewritten with its hashes recomputed verifies above, not here
    const c = await compareWithExport(database.db, config.auditExportDir);
    if (c.ok) {
      out(`审计日志与异地副本一致：${c.compared} 条（${config.auditExportDir}）。`);
      out(`Audit trail matches the off-host copy: ${c.compared} events (${config.auditExportDir}).`);
    } else {
      const bad = c.firstBad!;
      const what = { altered: ['与副本不同（被改写）', 'differs from the copy (rewritten)'], deleted: ['在数据库中已不存在', 'is missing from the database'], copy_broken: ['副本本身不完整或被改动', 'the copy itself does not hold together'] }[bad.problem];
      out(`审计日志与异地副本不一致：第 ${bad.seq} 号记录${what[0]}。此前 ${c.compared} 条一致。`);
      out(`Audit trail does NOT match the off-host copy at seq ${bad.seq}: ${what[1]} (${bad.problem}); ${c.compared} events before it match.`);
    }
    return r.ok && c.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** PRAGMA integrity_check of the copy: 'ok' or the first problems. */
  integrity: string;
  audit: VerifyResult;
  ok: boolean;
}

/** Shanghai wall-clock time as YYYYMMDD-HHmmss (the county reads its backup names in local time). */
function stamp(now = new Date()): string {
  const s = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}-${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}`;
}

export function defaultBackupFile(config: Config, now = new Date()): string {
  return path.join(config.dataDir, 'backups', `fazhi-${stamp(now)}.sqlite`);
}

/** Integrity check and audit chain of a SQLite file, through a connection of its own. */
export async function checkSqliteCopy(file: string): Promise<{ integrity: string; audit: VerifyResult }> {
  const raw = new Database(file, { fileMustExist: true });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    const rows = raw.pragma('integrity_check') as { integrity_check: string }[];
    const integrity = rows.map((r) => r.integrity_check).join('; ');
    const audit = await verifyAuditChain(db);
    return { integrity, audit };
  } finally {
    await db.destroy();
  }
}

/**
 * A consistent copy of the live SQLite database through SQLite's online backup API (the server may
 * keep writing; SQLite restarts the copy if a page changes under it), written to a temp name and
 * renamed, made a single self-contained file (rollback journal, not WAL), then checked: integrity
 * and the audit chain of the copy (等保 8.1.4.9 a; security-requirements §5.4 R7).
 */
export async function backupSqlite(config: Config, target = defaultBackupFile(config)): Promise<BackupResult> {
  if (config.databaseUrl?.startsWith('postgres')) throw new CliError('PostgreSQL: use pg_dump', 2);
  const source = sqliteFile(config);
  if (!existsSync(source)) throw new CliError(`找不到数据库文件 / database file not found: ${source}`);
  const file = path.resolve(target);
  if (existsSync(file)) throw new CliError(`目标文件已存在，不覆盖 / target exists, not overwritten: ${file}`);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  rmSync(tmp, { force: true });
  const src = new Database(source, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    // All pages in one step: one read transaction, so one snapshot. In small steps SQLite restarts
    // the copy whenever the server commits in between, which under steady writes may never end.
    await src.backup(tmp, { progress: () => 0x7fffffff });
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    src.close();
  }
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  // It holds hashes and ciphertexts of personal data: owner-only, like the live file's directory.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  const { integrity, audit } = await checkSqliteCopy(file);
  return { file, bytes: statSync(file).size, integrity, audit, ok: integrity === 'ok' && audit.ok };
}

const PG_BACKUP_HELP = [
  'PostgreSQL 模式下请用 PostgreSQL 自带工具备份（见 docs/deployment.md 第4节）：',
  'In PostgreSQL mode back up with PostgreSQL’s own tools (docs/deployment.md §4):',
  '',
  '  pg_dump -Fc -d "$DATABASE_URL" -f /srv/backup/fazhi-$(date +%Y%m%d-%H%M%S).dump',
  '',
  '恢复演练 / restore drill:',
  '  createdb fazhi_restore && pg_restore -d postgres://…/fazhi_restore /srv/backup/fazhi-….dump',
  '  DATABASE_URL=postgres://…/fazhi_restore npm run audit:verify',
  '',
  '另需备份附件目录 files/ 与主密钥（FAZHI_SECRET 或 secret.key，单独保存）。',
  'Also back up files/ and, separately, the master secret (FAZHI_SECRET or secret.key).',
];

/** `npm run backup [file]`. */
export async function backupCommand(config: Config, out: Out, target?: string): Promise<number> {
  if (config.databaseUrl?.startsWith('postgres')) {
    for (const l of PG_BACKUP_HELP) out(l);
    // Not a backup: a cron job that expects one must notice.
    return 2;
  }
  const r = await backupSqlite(config, target ?? defaultBackupFile(config));
  out(`备份已写入 / backup written: ${r.file} (${r.bytes} bytes)`);
  out(`完整性检查 / integrity_check: ${r.integrity}`);
  for (const l of describeVerify(r.audit)) out(l);
  out('提醒：附件目录 files/ 须一并备份；主密钥（FAZHI_SECRET 或 secret.key）须单独保存，缺少它无法解密身份证号等字段。');
  out('Reminder: back up files/ too; keep the master secret (FAZHI_SECRET or secret.key) separately — without it the encrypted fields cannot be read.');
  return r.ok ? 0 : 1;
}

/** `npm run migrate`. */
export async function migrateCommand(config: Config, out: Out): Promise<number> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const done = await migrate(database);
    if (done.length === 0) out('数据库结构已是最新 / database schema is up to date.');
    else out(`已执行迁移 / migrations applied: ${done.join(', ')}`);
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * `npm run user:reset-password -- <username> [--clear-totp]`: the way back into an administrator
 * account. Through the API the system admin cannot reset the security or audit admin (三员分立),
 * so recovery is an operator's act on the server: a random initial password printed once, to be
 * changed at the next login, open sessions ended, optionally the lost TOTP device forgotten;
 * audited as a system action.
 */
export async function resetPasswordCommand(config: Config, out: Out, username: string | undefined, clearTotp: boolean): Promise<number> {
  if (!username) throw new CliError('请给出用户名 / give a username: npm run user:reset-password -- <username> [--clear-totp]');
  const database = openExisting(config);
  try {
    const user = await database.db.selectFrom('users').select(['id', 'org_id']).where('username', '=', username).executeTakeFirst();
    if (!user) throw new CliError(`用户不存在 / no such user: ${username}`, 1);
    const password = `${randomToken(12)}Aa1!`;
    const hash = await hashPassword(password, config.pbkdf2Iterations);
    const ctx = { ...systemCtx({ database } as Deps), ip: 'cli' };
    await inTx(ctx, async (tx) => {
      const at = nowIso();
      await tx.db
        .updateTable('users')
        .set({ password_hash: hash, password_changed_at: at, must_change_password: 1, failed_logins: 0, locked_until: null, updated_at: at, ...(clearTotp ? { totp_enabled: 0, totp_secret_enc: null } : {}) })
        .where('id', '=', user.id)
        .execute();
      await endSessionsOf(tx, user.id);
      await recordAudit(tx, { entity: 'user', entityId: user.id, action: 'user.password_reset', orgId: user.org_id, actorName: 'cli', after: { mustChange: 1, clearTotp } });
    });
    out(`已重置 ${username} 的密码，下次登录须修改 / password of ${username} reset; it must be changed at the next login:`);
    out(`  ${password}`);
    if (clearTotp) out('已解除动态验证码绑定，登录后须重新绑定 / TOTP cleared; it must be set up again after login.');
    return 0;
  } finally {
    await database.close();
  }
}

/** `npm run seed`: the demo county into an empty database only. */
export async function seedCommand(config: Config, out: Out): Promise<number> {
  const deps = await createDeps(config, { log: pino({ level: 'silent' }), poolSize: 2 });
  try {
    if (!(await isEmpty(deps))) {
      out('数据库中已有数据，未写入演示数据 / the database is not empty; demo data not written.');
      return 1;
    }
    await seedDemo(deps);
    out(`已写入演示数据（示范县 / 娘子神乡）/ demo data written. 演示账号 / demo logins (密码 password: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) out(`  ${u.username.padEnd(14)} ${u.name}`);
    return 0;
  } finally {
    await deps.database.close();
  }
}

const NO_SECRET = 'not-needed-by-this-command-000000000000';

const USAGE = [
  '用法 / usage: tsx server/cli.ts <command>',
  '  backup [file]   在线备份 SQLite 数据库并校验副本 / online backup of the SQLite database, then check the copy',
  '  audit:verify    校验审计日志哈希链 / verify the audit hash chain',
  '  migrate         执行数据库迁移 / apply migrations',
  '  seed            向空数据库写入演示数据 / demo data into an empty database',
  '  user:reset-password <username> [--clear-totp]  重置管理员等账号的密码 / reset an account (administrator recovery)',
];

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = (l) => process.stdout.write(`${l}\n`),
  err: Out = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const [command, arg] = argv;
  try {
    // Only seed encrypts: the others must not create a secret.key in a mistyped FAZHI_DATA_DIR.
    const config = loadConfig(env, command === 'seed' ? {} : { secret: NO_SECRET });
    switch (command) {
      case 'audit:verify':
        return await auditVerifyCommand(config, out);
      case 'backup':
        return await backupCommand(config, out, arg);
      case 'migrate':
        return await migrateCommand(config, out);
      case 'seed':
        return await seedCommand(config, out);
      case 'user:reset-password':
        return await resetPasswordCommand(config, out, arg, argv.includes('--clear-totp'));
      default:
        for (const l of USAGE) out(l);
        return 2;
    }
  } catch (e) {
    err(`失败 / failed: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof CliError ? e.exitCode : 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
