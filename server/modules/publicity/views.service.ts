import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { VIEW_CHANNELS, type ViewChannel } from '../../../common/publicity-enums.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../platform/context.ts';

/**
 * First-party reach counting (issue 4: "portal views and QR scans counted first-party, no
 * third-party trackers"). What is counted is page loads (阅读次数), not people: no cookie, no
 * fingerprint, no IP is kept, so one villager opening an article twice counts twice.
 *
 * A view is statistics, not a user's act on a record: counting is NOT audited (the house rule
 * "every write audited" is about users changing work data; an audit event per page load would
 * also flood the hash chain with anonymous noise). The rows hold no personal data.
 *
 * Increments go to memory and are written every ~1 s in ONE transaction as upserts that ADD to
 * the stored count, so several processes can each flush their own increments. Only what was
 * written is subtracted after the commit: a failed flush keeps everything for the next try (never
 * dropped), and increments that arrive during a flush stay for the next one (never counted twice).
 * Limit: a commit whose acknowledgement is lost (the connection drops after PostgreSQL committed)
 * is retried and counted twice — a window of one flush, accepted for statistics.
 */
export interface ViewKey {
  contentId: string;
  orgId: string;
  /** Asia/Shanghai date of the view. */
  day: string;
  channel: ViewChannel;
  /** Village org from the link's tag, '' when untagged. */
  villageOrgId: string;
}

interface Pending extends ViewKey {
  n: number;
}

const CHUNK = 400;

export class ViewCounter {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private closed = false;
  /** Test hook: throws before a flush writes (a database briefly unavailable). */
  failNext: ((attempt: number) => void) | null = null;
  private attempts = 0;

  constructor(
    private readonly db: () => Kysely<DB>,
    private readonly opts: { intervalMs: number; log?: Logger },
  ) {}

  /** One view. Bounded memory: the keys are published items × channels × villages × days. */
  add(key: ViewKey, n = 1): void {
    const k = `${key.contentId}|${key.day}|${key.channel}|${key.villageOrgId}`;
    const p = this.pending.get(k);
    if (p) p.n += n;
    else this.pending.set(k, { ...key, n });
    if (!this.timer && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush().catch(() => undefined);
      }, this.opts.intervalMs);
      this.timer.unref();
    }
  }

  /** Distinct (item, day, channel, village) keys waiting: bounded by what is published, whatever the requests carry. */
  pendingKeys(): number {
    return this.pending.size;
  }

  /** Views counted in memory and not yet written. */
  pendingTotal(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.n;
    return n;
  }

  /** Writes what is pending; returns how many views were written. One flush at a time. */
  async flush(): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.pending.size === 0) return 0;
    this.running = this.write();
    try {
      return await this.running;
    } finally {
      this.running = null;
      // what arrived meanwhile, or what failed, gets its own next flush
      if (this.pending.size > 0 && !this.timer && !this.closed) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.flush().catch(() => undefined);
        }, this.opts.intervalMs);
        this.timer.unref();
      }
    }
  }

  private async write(): Promise<number> {
    // a snapshot of the counts: increments after this point are not subtracted below
    // in key order: two processes upserting the same rows lock them in the same order (no deadlock on PostgreSQL)
    const batch = [...this.pending.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, p]) => [k, { ...p }] as const);
    let written = 0;
    try {
      this.failNext?.(++this.attempts);
      await this.db()
        .transaction()
        .execute(async (trx) => {
          // A deleted item's views are dropped (the row's foreign key would fail the whole flush forever).
          const ids = [...new Set(batch.map(([, p]) => p.contentId))];
          const existing = new Set<string>();
          for (let i = 0; i < ids.length; i += CHUNK) {
            const rows = await trx.selectFrom('publicity_contents').select('id').where('id', 'in', ids.slice(i, i + CHUNK)).execute();
            for (const r of rows) existing.add(r.id);
          }
          const rows = batch.filter(([, p]) => existing.has(p.contentId));
          for (let i = 0; i < rows.length; i += CHUNK) {
            await trx
              .insertInto('publicity_views')
              .values(rows.slice(i, i + CHUNK).map(([, p]) => ({ content_id: p.contentId, org_id: p.orgId, day: p.day, channel: p.channel, village_org_id: p.villageOrgId, count: p.n })))
              .onConflict((oc) => oc.columns(['content_id', 'day', 'channel', 'village_org_id']).doUpdateSet((eb) => ({ count: eb('publicity_views.count', '+', eb.ref('excluded.count')) })))
              .execute();
          }
        });
    } catch (err) {
      this.opts.log?.warn({ err, pending: this.pendingTotal() }, 'view counts not written; kept for the next flush');
      throw err;
    }
    for (const [k, p] of batch) {
      const cur = this.pending.get(k);
      if (!cur) continue;
      cur.n -= p.n;
      written += p.n;
      if (cur.n <= 0) this.pending.delete(k);
    }
    return written;
  }

  /** Graceful shutdown: no more timers, and what is pending is written (a few tries). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (let attempt = 0; attempt < 5 && (this.pending.size > 0 || this.running); attempt++) {
      try {
        await this.flush();
      } catch {
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
    if (this.pending.size > 0) this.opts.log?.error({ lost: this.pendingTotal() }, 'view counts lost at shutdown: the database did not take them');
  }
}

const counters = new WeakMap<Deps, ViewCounter>();

/** The process's counter for these deps (one per app). FAZHI_VIEW_FLUSH_MS sets the interval (default 1000). */
export function viewCounter(deps: Deps): ViewCounter {
  let c = counters.get(deps);
  if (!c) {
    const ms = Number(process.env.FAZHI_VIEW_FLUSH_MS);
    c = new ViewCounter(() => deps.database.db as Kysely<DB>, { intervalMs: Number.isFinite(ms) && ms >= 10 ? ms : 1000, log: deps.log });
    counters.set(deps, c);
  }
  return c;
}

/** The `c` tag of a link: missing → direct; unknown → link (issue 4 contract). */
export function viewChannelOf(c: unknown): ViewChannel {
  if (c === undefined || c === null || c === '') return 'direct';
  return typeof c === 'string' && (VIEW_CHANNELS as readonly string[]).includes(c) ? (c as ViewChannel) : 'link';
}

/**
 * Not a human reading: HEAD, prefetches, and known crawlers and link-preview fetchers. A small list
 * on purpose (user agents are claims, and the figure is a count of page loads anyway). Humans in
 * WeChat's in-app browser (MicroMessenger) ARE counted. WeChat's own link-preview fetcher is not
 * documented that we know of; it is not singled out here, and if it fetches with a browser-like UA
 * a share may add one load — noted in the module README.
 */
const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|whatsapp|telegram|skypeuripreview|embedly|quora link|pinterest|bingpreview|yahoo|ia_archiver|curl\/|wget|python-|go-http-client|java\/|okhttp|axios|node-fetch|undici|headlesschrome|lighthouse|pagespeed|yisouspider|sogou|bytespider|baiduspider|360spider|petalbot|qihoobot|^$/i;

export function isCountedRequest(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  if (method !== 'GET') return false;
  const purpose = String(headers.purpose ?? headers['sec-purpose'] ?? headers['x-purpose'] ?? '').toLowerCase();
  if (purpose.includes('prefetch') || purpose.includes('preview')) return false;
  if (String(headers['x-moz'] ?? '').toLowerCase() === 'prefetch') return false;
  const ua = String(headers['user-agent'] ?? '');
  return !BOT_UA.test(ua);
}
