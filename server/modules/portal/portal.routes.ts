import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Ctx, type Deps, systemCtx } from '../../platform/context.ts';
import { contentDisposition, parseByteRange } from '../../platform/files/upload.ts';
import { ReadCache } from '../../platform/read-cache.ts';
import { addDaysIso, todayShanghai } from '../../platform/time.ts';
import { itemVillages, listPublished, publicBySlug, publicFile, publicThemeName, publishedThemes, SLUG_RE } from '../publicity/content.public.ts';
import { keyDateOccurrences } from '../publicity/keydates.service.ts';
import { isCountedRequest, viewChannelOf, viewCounter } from '../publicity/views.service.ts';
import { articlePage, homePage, messagePage, type Site, themePage } from './portal.render.ts';

/**
 * The public portal (/portal): server-rendered HTML, no login, no client JavaScript, one inline
 * stylesheet (docs/architecture.md, "The public portal"). Pages are plain Fastify routes rather than
 * `route()` specs: they answer HTML, not JSON, and take no input beyond a slug, a theme code and a
 * page number, each checked here before any lookup.
 *
 * Speed (issue 4: the article page at ≥ 2,000 req/s with p99 < 50 ms): a rendered page, gzipped
 * once, lives in a ReadCache emptied by every audited write to publicity records, files or orgs (and
 * by a 60 s TTL for writes in other processes), so a hit costs one Map lookup and a counter
 * increment. Misses (an unknown slug) are never cached, so random URLs cannot churn the cache.
 */
interface Rendered {
  status: number;
  body: Buffer;
  gz: Buffer;
  etag: string;
  /** Article pages: what a view is counted against. */
  count?: { contentId: string; orgId: string; villages: ReadonlyMap<string, string> };
}

/** Thrown out of a cache computation to answer without storing (misses, out-of-range pages). */
class Uncached {
  constructor(readonly page: Rendered) {}
}

const BIG_COOKIE = 'portal_big';
const PAGE_SIZE = 10;
const THEME_RE = /^[a-z][a-z0-9_]{0,39}$/;

function rendered(status: number, htmlText: string, count?: Rendered['count']): Rendered {
  const body = Buffer.from(htmlText);
  return { status, body, gz: gzipSync(body), etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`, count };
}

function send(req: FastifyRequest, reply: FastifyReply, r: Rendered): FastifyReply {
  reply
    .code(r.status)
    .header('content-type', 'text/html; charset=utf-8')
    // revalidated on every load (cheap 304), so a reload is still a counted page load
    .header('cache-control', 'no-cache')
    .header('vary', 'Accept-Encoding, Cookie')
    .header('etag', r.etag);
  if (r.status === 200 && req.headers['if-none-match'] === r.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(r.gz);
  return reply.send(r.body);
}

const first = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/** Only a path of the portal itself: never another site, never a protocol-relative URL. */
export function safeBack(v: unknown): string {
  const s = first(v);
  if (!s || !/^\/portal(?:[/?]|$)/.test(s) || s.startsWith('//') || /[\\\r\n\0]/.test(s)) return '/portal';
  return s.slice(0, 500);
}

const caches = new WeakMap<Deps, ReadCache<Rendered>>();
function cacheOf(deps: Deps): ReadCache<Rendered> {
  let c = caches.get(deps);
  if (!c) {
    c = new ReadCache<Rendered>({ ttlMs: 60_000, entities: ['publicity_', 'file', 'org'], max: 2000 });
    caches.set(deps, c);
  }
  return c;
}

async function siteOf(ctx: Ctx): Promise<Site & { rootPath: string | null }> {
  const root = await ctx.db.selectFrom('orgs').select(['name', 'path']).where('parent_id', 'is', null).orderBy('sort').orderBy('code').executeTakeFirst();
  return { countyName: root?.name ?? '', rootPath: root?.path ?? null };
}

export function portalRoutes(app: FastifyInstance, deps: Deps): void {
  const cache = cacheOf(deps);
  const counter = viewCounter(deps);
  // graceful shutdown (server/main.ts → app.close()): pending view counts are written before the database closes
  app.addHook('onClose', async () => {
    await counter.close();
  });

  const ctxOf = (req: FastifyRequest): Ctx => ({ ...systemCtx(deps), ip: req.ip ?? null, requestId: String(req.id) });
  const isBig = (req: FastifyRequest) => req.cookies?.[BIG_COOKIE] === '1';

  async function page(req: FastifyRequest, key: string, compute: (ctx: Ctx, site: Site & { rootPath: string | null }) => Promise<Rendered>) {
    let r: Rendered;
    try {
      r = await cache.get(key, async () => {
        const ctx = ctxOf(req);
        return compute(ctx, await siteOf(ctx));
      });
    } catch (e) {
      if (!(e instanceof Uncached)) throw e;
      r = e.page;
    }
    return r;
  }

  const notFound = async (req: FastifyRequest, big: boolean) => {
    const site = await siteOf(ctxOf(req));
    return rendered(404, messagePage({ site, big, path: '/portal', title: '页面不存在', text: '您要找的内容不存在，可能链接有误。请返回首页查看最新普法内容。' }));
  };

  app.get('/portal', async (req, reply) => {
    const big = isBig(req);
    const today = todayShanghai();
    const r = await page(req, `home|${big ? 1 : 0}|${today}`, async (ctx, site) => {
      const [latest, themes, keyDates] = await Promise.all([
        listPublished(ctx, { page: 1, pageSize: PAGE_SIZE }),
        publishedThemes(ctx),
        // the key dates are a side panel: if they cannot be read, the home page still shows the content
        site.rootPath
          ? keyDateOccurrences(ctx, site.rootPath, today, addDaysIso(today, 60)).catch((err) => {
              deps.log.warn({ err }, 'portal: key dates not available');
              return [];
            })
          : Promise.resolve([]),
      ]);
      return rendered(200, homePage({ site, big, latest: latest.items, keyDates, themes }));
    });
    return send(req, reply, r);
  });

  app.get('/portal/a/:slug', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const big = isBig(req);
    if (!SLUG_RE.test(slug)) return send(req, reply, await notFound(req, big));
    const r = await page(req, `a|${slug}|${big ? 1 : 0}`, async (ctx, site) => {
      const found = await publicBySlug(ctx, slug);
      if (found.state === 'missing') throw new Uncached(await notFound(req, big));
      if (found.state === 'withdrawn') {
        return rendered(410, messagePage({ site, big, path: '/portal', title: '该内容已撤回', text: `该内容已由${found.orgName}撤回，不再提供阅读。请返回首页查看最新普法内容。` }));
      }
      const villages = new Map((await itemVillages(ctx, found.item.orgPath)).map((v) => [v.code, v.id]));
      return rendered(200, articlePage({ site, big, item: found.item }), { contentId: found.item.id, orgId: found.item.orgId, villages });
    });
    if (r.count && isCountedRequest(req.method, req.headers)) {
      const q = req.query as Record<string, unknown>;
      const v = first(q.v);
      counter.add({ contentId: r.count.contentId, orgId: r.count.orgId, day: todayShanghai(), channel: viewChannelOf(first(q.c) ?? q.c), villageOrgId: (v && r.count.villages.get(v)) || '' });
    }
    return send(req, reply, r);
  });

  app.get('/portal/t/:theme', async (req, reply) => {
    const { theme } = req.params as { theme: string };
    const big = isBig(req);
    const p = Number(first((req.query as Record<string, unknown>).page) ?? '1');
    if (!THEME_RE.test(theme) || !Number.isInteger(p) || p < 1 || p > 10_000) return send(req, reply, await notFound(req, big));
    const r = await page(req, `t|${theme}|${p}|${big ? 1 : 0}`, async (ctx, site) => {
      const list = await listPublished(ctx, { theme, page: p, pageSize: PAGE_SIZE });
      const name = await publicThemeName(ctx, theme);
      const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
      if (!name || (list.total === 0 && p > 1) || p > pages) throw new Uncached(await notFound(req, big));
      return rendered(200, themePage({ site, big, theme: { code: theme, name }, items: list.items, page: p, pages, total: list.total }));
    });
    return send(req, reply, r);
  });

  // 适老化 large-text mode without JavaScript: a link that sets a cookie and comes back
  app.get('/portal/prefs', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const big = first(q.big) === '1';
    const back = safeBack(q.back);
    const cookie = big ? `${BIG_COOKIE}=1; Path=/portal; Max-Age=31536000; SameSite=Lax; HttpOnly` : `${BIG_COOKIE}=; Path=/portal; Max-Age=0; SameSite=Lax; HttpOnly`;
    return reply.code(302).header('set-cookie', cookie).header('cache-control', 'no-store').header('location', back).send();
  });

  /**
   * Files of a published item (posters, videos, cover images): only while it is published and only
   * its own files (content.public.ts publicFile). Public reads of published material: not audited,
   * like the pages (a download of a work attachment is, through openAttachment).
   */
  app.get('/portal/f/:slug/:fileId', async (req, reply) => {
    const { slug, fileId } = req.params as { slug: string; fileId: string };
    const f = await publicFile(ctxOf(req), slug, fileId);
    if (!f) return send(req, reply, await notFound(req, isBig(req)));
    const etag = `"${f.sm3.slice(0, 32)}"`;
    // short public caching: a withdrawn item's files stop being served within minutes everywhere
    reply.header('cache-control', 'public, max-age=300').header('etag', etag).header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    const inline = /^(image\/(png|jpeg)|video\/mp4|audio\/mpeg)$/.test(f.mime);
    reply.header('content-type', f.mime).header('accept-ranges', 'bytes').header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', f.name));
    // a video on a phone is fetched in ranges (iOS will not play one served whole); If-Range: only of this very file
    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseByteRange(req.headers.range, f.size) : null;
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${f.size}`).send();
    if (range) {
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${f.size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(deps.files.open(f.storageKey, range));
    }
    return reply.header('content-length', String(f.size)).send(deps.files.open(f.storageKey));
  });

  // Anything else under /portal is the portal's own 404 page, never the staff app's shell.
  app.get('/portal/*', async (req, reply) => {
    if (req.url === '/portal/') return reply.code(301).header('location', '/portal').send();
    return send(req, reply, await notFound(req, isBig(req)));
  });
}
