import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * One parse of process.env, with working defaults: `npm start` needs no variable.
 * Secrets (FAZHI_SECRET) are generated into the data directory on first start and never logged.
 */
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  FAZHI_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  // PostgreSQL: the schema owner's URL. Migrations run as the owner, and DATABASE_URL's role gets
  // only row privileges, and no UPDATE or DELETE on the audit trail (security S7)
  FAZHI_DB_OWNER_URL: z.string().optional(),
  FAZHI_SECRET: z.string().min(32).optional(),
  FAZHI_DEMO: z.enum(['0', '1', 'true', 'false', 'auto']).default('auto'),
  FAZHI_PUBLIC_ORIGIN: z.string().url().optional(),
  FAZHI_COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  FAZHI_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(30).default(30),
  FAZHI_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(12).default(12),
  FAZHI_PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(1).default(90),
  FAZHI_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  FAZHI_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(30),
  // failed logins from one client address before it must wait (security S2, in front of the per-account lock)
  FAZHI_LOGIN_IP_FAILURES: z.coerce.number().int().min(1).default(20),
  FAZHI_LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  FAZHI_MAX_UPLOAD_MB: z.coerce.number().int().min(1).default(20),
  FAZHI_PBKDF2_ITERATIONS: z.coerce.number().int().min(10_000).default(200_000),
  // job runner (reminders, sweeps, webhook deliveries): 0 turns it off in this process
  FAZHI_JOBS: z.enum(['0', '1']).default('1'),
  FAZHI_JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  // group robots on 127.0.0.1/localhost over plain http (tests, a local relay); otherwise https only
  FAZHI_WEBHOOK_ALLOW_LOOPBACK: z.enum(['0', '1']).default('0'),
  // a directory on another host (an NFS mount, a folder synced off the machine): the audit trail is
  // copied there every hour as daily JSON Lines files (security S7)
  FAZHI_AUDIT_EXPORT_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL: the schema owner's URL (migrations and grants); unset, DATABASE_URL's role migrates and owns. */
  databaseOwnerUrl: string | undefined;
  /** Master secret: key material for SM4 field encryption and the SM3 blind index is derived from it. */
  secret: string;
  demo: boolean | 'auto';
  publicOrigin: string | undefined;
  cookieSecure: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  passwordMaxAgeDays: number;
  lockoutThreshold: number;
  lockoutMs: number;
  /** Failed logins one client address may make within `loginIpWindowMs` (then 429 until the oldest ages out). */
  loginIpFailures: number;
  loginIpWindowMs: number;
  maxUploadBytes: number;
  pbkdf2Iterations: number;
  logLevel: string;
  /** Run the job runner in this process (FAZHI_JOBS=0: another process runs it, or tests drive it). */
  jobs: boolean;
  jobsIntervalMs: number;
  /** Allow http://127.0.0.1 / localhost robot URLs (SSRF guard otherwise: https only). */
  webhookAllowLoopback: boolean;
  /** Where the hourly audit export goes (security S7); unset: no export. */
  auditExportDir: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.FAZHI_DATA_DIR);
  const cfg: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL || undefined,
    databaseOwnerUrl: e.FAZHI_DB_OWNER_URL || undefined,
    secret: overrides.secret ?? e.FAZHI_SECRET ?? '',
    demo: e.FAZHI_DEMO === 'auto' ? 'auto' : e.FAZHI_DEMO === '1' || e.FAZHI_DEMO === 'true',
    publicOrigin: e.FAZHI_PUBLIC_ORIGIN,
    cookieSecure: e.FAZHI_COOKIE_SECURE === '1',
    sessionIdleMs: e.FAZHI_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.FAZHI_SESSION_ABSOLUTE_HOURS * 3_600_000,
    passwordMaxAgeDays: e.FAZHI_PASSWORD_MAX_AGE_DAYS,
    lockoutThreshold: e.FAZHI_LOCKOUT_THRESHOLD,
    lockoutMs: e.FAZHI_LOCKOUT_MINUTES * 60_000,
    loginIpFailures: e.FAZHI_LOGIN_IP_FAILURES,
    loginIpWindowMs: e.FAZHI_LOGIN_IP_WINDOW_MINUTES * 60_000,
    maxUploadBytes: e.FAZHI_MAX_UPLOAD_MB * 1024 * 1024,
    pbkdf2Iterations: e.FAZHI_PBKDF2_ITERATIONS,
    logLevel: e.LOG_LEVEL,
    jobs: e.FAZHI_JOBS === '1',
    jobsIntervalMs: e.FAZHI_JOBS_INTERVAL_SECONDS * 1000,
    webhookAllowLoopback: e.FAZHI_WEBHOOK_ALLOW_LOOPBACK === '1',
    auditExportDir: e.FAZHI_AUDIT_EXPORT_DIR || undefined,
    ...overrides,
  };
  cfg.dataDir = dataDir;
  if (!cfg.secret) cfg.secret = loadOrCreateSecret(dataDir);
  return cfg;
}

/** The generated secret lives in the data dir (mode 0600) so a restart keeps decrypting the same data. */
function loadOrCreateSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
