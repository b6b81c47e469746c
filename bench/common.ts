import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths, defaults and small helpers shared by the generator, the server child and the runner. */
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
export const DATA_DIR = path.join(BENCH_DIR, 'data');
export const DEFAULT_FILE = path.join(DATA_DIR, 'bench.sqlite');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/**
 * The secret the generator encrypts personal data with and the benchmark server decrypts it with.
 * A fixed, public value: the bench database holds fictional people only. FAZHI_SECRET overrides it.
 */
export const BENCH_SECRET = process.env.FAZHI_SECRET ?? 'fazhi-bench-only-secret-not-for-production-0001';

export const DEFAULTS = {
  seed: 20260101,
  disputes: 200_000,
  townships: 20,
  villages: 300,
  from: '2016-01-01',
} as const;

/** What the generator wrote, kept next to the SQLite file so the runner knows whether to regenerate. */
export interface BenchMeta {
  generator: number;
  /** Hash of the migration sources the file was built with: a changed migration (a new index) means regenerate. */
  schema: string;
  seed: number;
  disputes: number;
  townships: number;
  villages: number;
  from: string;
  to: string;
  engine: 'sqlite' | 'postgres';
  file: string | null;
  generatedAt: string;
  seconds: number;
  rows: Record<string, number>;
  /** A township whose judicial-office user the runner logs in as, and its username. */
  sampleTownship: { id: string; name: string; username: string };
}

/** Bump when the generated data changes shape, so old bench files are regenerated. */
export const GENERATOR_VERSION = 2;

/** SHA-1 over every migration source (platform and modules), in name order. */
export function schemaFingerprint(): string {
  const h = createHash('sha1');
  const files: string[] = [];
  const migrations = path.join(ROOT, 'server', 'db', 'migrations');
  for (const f of readdirSync(migrations).sort()) files.push(path.join(migrations, f));
  const modules = path.join(ROOT, 'server', 'modules');
  for (const m of readdirSync(modules, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const f of readdirSync(path.join(modules, m)).sort()) if (f.endsWith('.migrations.ts')) files.push(path.join(modules, m, f));
  }
  for (const f of files) h.update(f.slice(ROOT.length)).update(readFileSync(f));
  return h.digest('hex');
}

export function metaPathFor(file: string): string {
  return `${file.replace(/\.sqlite$/, '')}.meta.json`;
}

export function readMeta(file: string): BenchMeta | null {
  const p = metaPathFor(file);
  if (!existsSync(p) || !existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as BenchMeta;
  } catch {
    return null;
  }
}

/** `--name value` and `--flag` options; unknown names are the caller's to reject. */
export function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.set(a.slice(2), argv[++i]);
    else out.set(a.slice(2), '1');
  }
  return out;
}

export function intArg(args: Map<string, string>, name: string, def: number, min = 1): number {
  const v = args.get(name);
  if (v === undefined) return def;
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
}

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  float(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.float() * xs.length)];
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const x of xs) total += x[1];
    let r = this.float() * total;
    for (const [v, w] of xs) {
      r -= w;
      if (r < 0) return v;
    }
    return xs[xs.length - 1][0];
  }
  /** A UUIDv7 (the app's id format) whose time part is `ms` and whose random part comes from this generator. */
  uuidv7(ms: number): string {
    const b = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const r = Math.floor(this.float() * 4294967296);
      b[i] = r >>> 24;
      b[i + 1] = (r >>> 16) & 0xff;
      b[i + 2] = (r >>> 8) & 0xff;
      b[i + 3] = r & 0xff;
    }
    let ts = Math.max(0, Math.floor(ms));
    for (let i = 5; i >= 0; i--) {
      b[i] = ts % 256;
      ts = Math.floor(ts / 256);
    }
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}
