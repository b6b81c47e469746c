import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isLinkLocalAddress, isLoopbackAddress } from '../net.ts';
import type { WebhookKind } from '../../../common/schemas/notify.ts';

/**
 * Posting a message to a group robot: the three message formats, 钉钉 加签, the URL rule (SSRF
 * guard) and what counts as delivered. No database here; the job handler and the "send a test"
 * route both call `deliver`.
 */
export interface RobotMessage {
  kind: string;
  title: string;
  body: string;
  href: string;
  orgId: string | null;
}

export interface Robot {
  kind: WebhookKind;
  url: string;
  secret: string | null;
}

export interface DeliveryResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export const DELIVERY_TIMEOUT_MS = 10_000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * SSRF guard: robots are reached over https only. Plain http is allowed to loopback alone, and only
 * when the deployment says so (tests, a local relay). Credentials in the URL are refused; https to
 * loopback and link-local addresses (cloud metadata 169.254.169.254) is refused unless loopback is
 * allowed. Private ranges stay allowed: a 政务网 deployment may run its own relay there.
 */
export function checkRobotUrl(raw: string, allowLoopback: boolean): URL | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  const host = ipv4Mapped(u.hostname.toLowerCase().replace(/\.$/, ''));
  // 0.0.0.0 and [::] reach this machine too; *.localhost names resolve to loopback
  const loopback = LOOPBACK_HOSTS.has(host) || /^127\./.test(host) || host === '0.0.0.0' || host === '[::]' || host.endsWith('.localhost');
  const linkLocal = /^169\.254\./.test(host) || host.startsWith('[fe80:');
  if (linkLocal) return null;
  if (u.protocol === 'https:') return loopback && !allowLoopback ? null : u;
  if (u.protocol === 'http:' && allowLoopback && loopback) return u;
  return null;
}

/** `[::ffff:a9fe:a9fe]` (an IPv4 address written as IPv6, as URL normalises it) → `169.254.169.254`. */
function ipv4Mapped(host: string): string {
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
  if (!m) return host;
  const hi = Number.parseInt(m[1], 16);
  const lo = Number.parseInt(m[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The URL as lists show it: the key (企业微信 key, 钉钉 access_token) masked. */
export function urlHint(raw: string): string {
  try {
    const u = new URL(raw);
    const q = [...u.searchParams.keys()].map((k) => `${k}=****`).join('&');
    return `${u.protocol}//${u.host}${u.pathname.length > 40 ? `${u.pathname.slice(0, 40)}…` : u.pathname}${q ? `?${q}` : ''}`;
  } catch {
    return '****';
  }
}

/** 钉钉 自定义机器人 加签: HmacSHA256 of `${timestamp}\n${secret}` keyed with the secret, base64. */
export function dingtalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function absoluteLink(href: string, publicOrigin: string | undefined): string | null {
  if (!publicOrigin) return null;
  try {
    return new URL(href, publicOrigin).toString();
  } catch {
    return null;
  }
}

/** The request a robot of this kind expects. */
export function buildRequest(robot: Robot, msg: RobotMessage, publicOrigin: string | undefined, now = Date.now()): { url: string; body: unknown } {
  const link = absoluteLink(msg.href, publicOrigin);
  const linkLine = link ? `[查看](${link})` : `查看：${msg.href}`;
  if (robot.kind === 'wecom') {
    return { url: robot.url, body: { msgtype: 'markdown', markdown: { content: `**${msg.title}**\n${msg.body}\n${linkLine}` } } };
  }
  if (robot.kind === 'dingtalk') {
    const u = new URL(robot.url);
    if (robot.secret) {
      u.searchParams.set('timestamp', String(now));
      u.searchParams.set('sign', dingtalkSign(now, robot.secret));
    }
    return { url: u.toString(), body: { msgtype: 'markdown', markdown: { title: msg.title, text: `#### ${msg.title}\n\n${msg.body}\n\n${linkLine}` } } };
  }
  return { url: robot.url, body: { kind: msg.kind, title: msg.title, body: msg.body, href: msg.href, link, orgId: msg.orgId, sentAt: new Date(now).toISOString() } };
}

/**
 * Where a robot's host may resolve to (checked on every delivery, after DNS — a name may point
 * anywhere, and change between a check and a connection): never link-local (cloud metadata
 * 169.254.169.254, fe80::/10); loopback and "this host" only when the deployment allows loopback;
 * private ranges stay allowed (a 政务网 relay).
 */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  if (isLinkLocalAddress(address)) return false;
  return allowLoopback || !isLoopbackAddress(address);
}

/** Name → addresses; the system resolver unless a test gives its own. */
export type Resolve = (host: string) => Promise<LookupAddress[]>;
const systemResolve: Resolve = (host) => new Promise((resolve, reject) => dnsLookup(host, { all: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

class DeliveryError extends Error {}

/** One POST, pinned to the addresses that were checked: no second lookup that could answer otherwise. */
function post(url: URL, body: string, addresses: LookupAddress[], timeoutMs: number): Promise<{ status: number; text: string }> {
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    else cb(null, addresses[0].address, addresses[0].family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }, lookup, signal: AbortSignal.timeout(timeoutMs) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // an answer is a few hundred bytes; keep no more than 64 KB of anything else
          if (size < 65_536) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Posts once. Delivered means a 2xx, and for 企业微信/钉钉 also `errcode: 0` in the answer (both
 * answer 200 with an errcode when the key is wrong or the robot is rate-limited). Redirects are not
 * followed (a redirect could lead past the URL rule).
 */
export async function deliver(
  robot: Robot,
  msg: RobotMessage,
  opts: { publicOrigin: string | undefined; allowLoopback: boolean; timeoutMs?: number; resolve?: Resolve },
): Promise<DeliveryResult> {
  if (!checkRobotUrl(robot.url, opts.allowLoopback)) return { ok: false, status: null, error: '机器人地址不符合要求（须为 https）/ robot URL not allowed' };
  const req = buildRequest(robot, msg, opts.publicOrigin);
  const url = new URL(req.url);
  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  let res: { status: number; text: string };
  try {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const literal = isIP(host);
    const addresses: LookupAddress[] = literal ? [{ address: host, family: literal }] : await (opts.resolve ?? systemResolve)(host);
    const refused = addresses.find((a) => !addressAllowed(a.address, opts.allowLoopback));
    if (addresses.length === 0 || refused) throw new DeliveryError(`机器人地址解析到不允许的地址 / robot host resolves to a disallowed address: ${refused?.address ?? 'none'}`);
    res = await post(url, JSON.stringify(req.body), addresses, timeoutMs);
  } catch (err) {
    if (err instanceof DeliveryError) return { ok: false, status: null, error: err.message };
    const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { ok: false, status: null, error: `超时 / timed out after ${timeoutMs / 1000} s` };
    return { ok: false, status: null, error: `网络错误 / network error: ${e?.code ?? e?.cause?.code ?? e?.message ?? 'unknown'}` };
  }
  const { text } = res;
  if (res.status < 200 || res.status >= 300) return { ok: false, status: res.status, error: `HTTP ${res.status} ${text.slice(0, 200)}`.trim() };
  if (robot.kind === 'generic') return { ok: true, status: res.status, error: null };
  let answer: { errcode?: unknown; errmsg?: unknown } | null = null;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = null;
  }
  if (answer?.errcode !== 0) {
    const code = answer?.errcode ?? '?';
    return { ok: false, status: res.status, error: `errcode ${String(code)}: ${String(answer?.errmsg ?? text.slice(0, 200))}` };
  }
  return { ok: true, status: res.status, error: null };
}
