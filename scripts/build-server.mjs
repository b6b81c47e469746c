// `npm run build:server`: the server bundled with esbuild into dist/server/*.mjs (ESM, Node 20), so
// production runs plain `node` instead of compiling TypeScript at start: ≈ 50 MB less per process
// (tsx's loader) and no compile step on the first request (docs/performance.md §5.4).
//
//   node scripts/build-server.mjs [--outdir dist/server] [--if-stale]
//
// Packages stay external (better-sqlite3 and pg are native or load their own files; exceljs and docx
// load on first use): the bundle is our code only and resolves node_modules from the repository, so
// the output directory must lie inside it. Files a module reads next to its source at run time
// (`import.meta.url`: the API docs viewer, the portal's CSS, chinese-days through createRequire) are
// read from the source tree: in every bundled module but the entry points, `import.meta.url` becomes
// the URL of its source file, relative to the bundle (so the checkout may move). Nothing to copy,
// and a new asset needs no change here. With --if-stale nothing happens when the bundle is newer
// than every file under server/ and common/ and this script.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = ['server/main.ts', 'server/cli.ts'];

/**
 * `import.meta.url` of each non-entry module → its source file's URL. Every output file lies
 * directly in `outdir` (entries by `outbase`, chunks by `chunkNames`), so one relative path per
 * source is right wherever its code lands. Entry points keep theirs (server/cli.ts compares it with
 * process.argv[1]).
 */
function sourceUrls(outdir, entries) {
  const skip = new Set(entries.map((e) => path.resolve(ROOT, e)));
  return {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (skip.has(args.path) || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const rel = path.relative(outdir, args.path).split(path.sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
}

function newest(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/** Is the bundle in `outdir` older than any source it was built from? */
export function serverBuildStale(outdir = path.join(ROOT, 'dist', 'server'), { entry = 'main.mjs', also = [] } = {}) {
  const out = path.join(outdir, entry);
  if (!existsSync(out)) return true;
  const dirs = ['server', 'common', ...also].map((d) => newest(path.join(ROOT, d)));
  const sources = Math.max(...dirs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  return statSync(out).mtimeMs < sources;
}

/** `entries` / `outbase`: the benchmark bundles its own launcher (bench/server.ts) the same way. */
export async function buildServer(outdir = path.join(ROOT, 'dist', 'server'), { entries = ENTRIES, outbase = 'server' } = {}) {
  const rel = path.relative(ROOT, path.resolve(outdir));
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`--outdir must lie inside the repository (packages are resolved from its node_modules): ${outdir}`);
  const esbuild = await import('esbuild');
  const t0 = Date.now();
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outdir,
    outbase,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // the cluster primary imports the serving code dynamically: a chunk of its own, never loaded there
    splitting: true,
    // no subdirectory: every output directly in outdir (see sourceUrls)
    chunkNames: '[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Not minified: a stack trace in the log points at a readable line of the bundle (the source
    // text costs < 1 MB a process). The maps are for NODE_OPTIONS=--enable-source-maps when
    // debugging: on by default they cost ≈ 11 MB a process (measured) and slow every stack trace.
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [sourceUrls(path.resolve(outdir), entries)],
  });
  return { outdir, ms: Date.now() - t0 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--outdir');
  const outdir = path.resolve(i >= 0 ? argv[i + 1] : path.join(ROOT, 'dist', 'server'));
  if (argv.includes('--if-stale') && !serverBuildStale(outdir)) process.exit(0);
  process.stdout.write('构建服务端 / building the server…\n');
  buildServer(outdir).then(
    (r) => process.stdout.write(`  ${path.relative(ROOT, r.outdir)}/main.mjs (${r.ms} ms)\n`),
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
