import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type opentype from 'opentype.js';
import type { TShare, TWechatCopy } from '../../../common/schemas/publicity-content.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { opentypeLib, pngLib, qrLib, sanitizeHtmlLib } from './content.libs.ts';
import { articleText, excerpt } from './content.sanitize.ts';
import { itemVillages } from './content.public.ts';
import { type ContentRow, loadContent } from './content.service.ts';

/**
 * What a published item gives the 司法所 to spread it: the portal link (tagged per channel and
 * village, so reach is counted first-party: `c` = VIEW_CHANNELS code, `v` = the village org's
 * code), a QR code, a printable A4 poster (PNG) whose QR opens the article, and a copy of the
 * article formatted for the WeChat public-account editor. Read permission in scope; only while
 * the item is published.
 */

/** The base of absolute links: FAZHI_PUBLIC_ORIGIN when set, else the request's own origin. */
export function publicOrigin(ctx: Ctx, req: { protocol: string; host: string }): string {
  const set = ctx.deps.config.publicOrigin;
  if (set) return set.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

export function articleUrl(origin: string, slug: string, tags: { c?: string; v?: string } = {}): string {
  const qs = new URLSearchParams();
  if (tags.c) qs.set('c', tags.c);
  if (tags.v) qs.set('v', tags.v);
  const q = qs.toString();
  return `${origin}/portal/a/${slug}${q ? `?${q}` : ''}`;
}

async function loadPublished(ctx: Ctx, id: string): Promise<ContentRow> {
  const r = await loadContent(ctx, id, 'publicity.read');
  if (r.state !== 'published') throw new AppError('INVALID_STATE', [{ field: 'state', key: 'content_not_published' }]);
  return r;
}

/** The villages that get links: those of the township (a department's township), or the county's. */
const villagesOf = (ctx: Ctx, r: ContentRow) => itemVillages(ctx, r.path);

async function villageCode(ctx: Ctx, r: ContentRow, villageId: string | undefined): Promise<string | undefined> {
  if (!villageId) return undefined;
  const v = (await villagesOf(ctx, r)).find((x) => x.id === villageId);
  if (!v) throw new AppError('VALIDATION', [{ field: 'query.v', key: 'content_village_invalid' }]);
  return v.code;
}

export async function shareLinks(ctx: Ctx, id: string, origin: string): Promise<TShare> {
  const r = await loadPublished(ctx, id);
  const villages = await villagesOf(ctx, r);
  return {
    url: articleUrl(origin, r.slug),
    qrUrl: articleUrl(origin, r.slug, { c: 'qr' }),
    villages: villages.map((v) => ({ villageId: v.id, name: v.name, code: v.code, url: articleUrl(origin, r.slug, { c: 'wechat_group', v: v.code }) })),
  };
}

/** The QR code alone (PNG), opening the article with c=qr (and the village tag when asked). */
export async function qrPng(ctx: Ctx, id: string, origin: string, villageId?: string): Promise<{ png: Buffer; slug: string }> {
  const r = await loadPublished(ctx, id);
  const v = await villageCode(ctx, r, villageId);
  const png = await qrLib().toBuffer(articleUrl(origin, r.slug, { c: 'qr', v }), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 600 });
  return { png, slug: r.slug };
}

// ——— the poster: a tiny raster of our own (rectangles and glyph outlines) over pngjs ———

/**
 * Fonts: Noto Sans SC from @fontsource/noto-sans-sc (SIL OFL), WOFF files read by opentype.js. A
 * fresh server may have no CJK font installed, so nothing is taken from the system. Loaded on the
 * first poster and kept: the "chinese-simplified" subset (GB 2312 and more) and "latin" in regular
 * and bold; a character outside both is looked up in the numbered subsets by unicode.json.
 */
type Font = opentype.Font;
let fontDir: string | null = null;
const fonts = new Map<string, Font>();
let ranges: { file: string; from: number; to: number }[] | null = null;

function dir(): string {
  if (!fontDir) {
    const require = createRequire(import.meta.url);
    fontDir = path.dirname(require.resolve('@fontsource/noto-sans-sc'));
  }
  return fontDir;
}

function font(file: string): Font {
  let f = fonts.get(file);
  if (!f) {
    const buf = readFileSync(path.join(dir(), 'files', file));
    f = opentypeLib().parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    fonts.set(file, f);
  }
  return f;
}

function subsetRanges(): { file: string; from: number; to: number }[] {
  if (!ranges) {
    const map = JSON.parse(readFileSync(path.join(dir(), 'unicode.json'), 'utf8')) as Record<string, string>;
    ranges = [];
    for (const [key, list] of Object.entries(map)) {
      const n = /^\[(\d+)\]$/.exec(key)?.[1];
      if (!n) continue;
      for (const part of list.split(',')) {
        const m = /U\+([0-9a-f]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
        if (m) ranges.push({ file: n, from: Number.parseInt(m[1], 16), to: Number.parseInt(m[2] ?? m[1], 16) });
      }
    }
  }
  return ranges;
}

function fontFor(ch: string, bold: boolean): Font | null {
  const w = bold ? 700 : 400;
  for (const name of [`noto-sans-sc-chinese-simplified-${w}-normal.woff`, `noto-sans-sc-latin-${w}-normal.woff`]) {
    const f = font(name);
    if (f.charToGlyphIndex(ch) > 0) return f;
  }
  const cp = ch.codePointAt(0) ?? 0;
  const hit = subsetRanges().find((r) => cp >= r.from && cp <= r.to);
  if (!hit) return null;
  const f = font(`noto-sans-sc-${hit.file}-${w}-normal.woff`);
  return f.charToGlyphIndex(ch) > 0 ? f : null;
}

type Rgb = [number, number, number];

class Raster {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4, 255);
  }

  private blend(x: number, y: number, c: Rgb, a: number) {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || a <= 0) return;
    const i = (y * this.width + x) * 4;
    const k = Math.min(a, 1);
    for (let j = 0; j < 3; j++) this.data[i + j] = Math.round(this.data[i + j] * (1 - k) + c[j] * k);
    this.data[i + 3] = 255;
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb) {
    for (let yy = Math.max(0, Math.floor(y)); yy < Math.min(this.height, Math.ceil(y + h)); yy++) {
      for (let xx = Math.max(0, Math.floor(x)); xx < Math.min(this.width, Math.ceil(x + w)); xx++) this.blend(xx, yy, c, 1);
    }
  }

  /** Fills a path (opentype commands) with the non-zero rule; 4 sub-scanlines and exact horizontal coverage. */
  fill(commands: opentype.PathCommand[], c: Rgb) {
    const edges: [number, number, number, number][] = [];
    let sx = 0;
    let sy = 0;
    let px = 0;
    let py = 0;
    const line = (x: number, y: number) => {
      if (y !== py) edges.push([px, py, x, y]);
      px = x;
      py = y;
    };
    for (const cmd of commands) {
      if (cmd.type === 'M') {
        if (px !== sx || py !== sy) line(sx, sy);
        sx = px = cmd.x;
        sy = py = cmd.y;
      } else if (cmd.type === 'L') line(cmd.x, cmd.y);
      else if (cmd.type === 'Q') {
        const [x0, y0] = [px, py];
        for (let t = 1; t <= 8; t++) {
          const u = t / 8;
          line((1 - u) ** 2 * x0 + 2 * (1 - u) * u * cmd.x1 + u * u * cmd.x, (1 - u) ** 2 * y0 + 2 * (1 - u) * u * cmd.y1 + u * u * cmd.y);
        }
      } else if (cmd.type === 'C') {
        const [x0, y0] = [px, py];
        for (let t = 1; t <= 10; t++) {
          const u = t / 10;
          const v = 1 - u;
          line(v ** 3 * x0 + 3 * v * v * u * cmd.x1 + 3 * v * u * u * cmd.x2 + u ** 3 * cmd.x, v ** 3 * y0 + 3 * v * v * u * cmd.y1 + 3 * v * u * u * cmd.y2 + u ** 3 * cmd.y);
        }
      } else if (cmd.type === 'Z') {
        line(sx, sy);
      }
    }
    if (px !== sx || py !== sy) line(sx, sy);
    if (!edges.length) return;
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    for (const [x0, y0, x1, y1] of edges) {
      minY = Math.min(minY, y0, y1);
      maxY = Math.max(maxY, y0, y1);
      minX = Math.min(minX, x0, x1);
      maxX = Math.max(maxX, x0, x1);
    }
    const x0i = Math.max(0, Math.floor(minX));
    const x1i = Math.min(this.width, Math.ceil(maxX) + 1);
    const cover = new Float32Array(x1i - x0i + 1);
    const SUB = 4;
    for (let y = Math.max(0, Math.floor(minY)); y < Math.min(this.height, Math.ceil(maxY)); y++) {
      cover.fill(0);
      for (let s = 0; s < SUB; s++) {
        const sy2 = y + (s + 0.5) / SUB;
        const xs: [number, number][] = [];
        for (const [ax, ay, bx, by] of edges) {
          if ((ay <= sy2 && by > sy2) || (by <= sy2 && ay > sy2)) xs.push([ax + ((sy2 - ay) * (bx - ax)) / (by - ay), ay < by ? 1 : -1]);
        }
        xs.sort((a, b) => a[0] - b[0]);
        let wind = 0;
        for (let i = 0; i < xs.length - 1; i++) {
          wind += xs[i][1];
          if (wind === 0) continue;
          const a = Math.max(xs[i][0], x0i);
          const b = Math.min(xs[i + 1][0], x1i);
          if (b <= a) continue;
          const ia = Math.floor(a);
          const ib = Math.floor(b);
          if (ia === ib) cover[ia - x0i] += (b - a) / SUB;
          else {
            cover[ia - x0i] += (ia + 1 - a) / SUB;
            for (let k = ia + 1; k < ib; k++) cover[k - x0i] += 1 / SUB;
            if (ib - x0i < cover.length) cover[ib - x0i] += (b - ib) / SUB;
          }
        }
      }
      for (let k = 0; k < cover.length; k++) if (cover[k] > 0) this.blend(x0i + k, y, c, cover[k]);
    }
  }

  png(): Buffer {
    const img = new (pngLib())({ width: this.width, height: this.height });
    this.data.copy(img.data);
    return pngLib().sync.write(img, { colorType: 2, inputHasAlpha: true });
  }
}

interface Glyphed {
  ch: string;
  font: Font | null;
  advance: number;
}

function shape(text: string, size: number, bold: boolean): Glyphed[] {
  return Array.from(text).map((ch) => {
    const f = fontFor(ch, bold);
    const adv = f ? (f.charToGlyph(ch).advanceWidth ?? f.unitsPerEm) * (size / f.unitsPerEm) : size * 0.5;
    return { ch, font: f, advance: adv };
  });
}

// No line starts with closing punctuation (a light 避头尾).
const NO_START = new Set(Array.from('，。、；：？！）》」』”’,.;:?!)%'));

/** Breaks text into lines of at most `width` (by character: Chinese has no spaces), at most `max` lines. */
function wrap(text: string, size: number, width: number, bold: boolean, max: number): Glyphed[][] {
  const lines: Glyphed[][] = [];
  for (const para of text.split(/\n+/)) {
    let cur: Glyphed[] = [];
    let w = 0;
    for (const g of shape(para.trim(), size, bold)) {
      if (w + g.advance > width && cur.length && !NO_START.has(g.ch)) {
        lines.push(cur);
        cur = [];
        w = 0;
      }
      cur.push(g);
      w += g.advance;
    }
    if (cur.length) lines.push(cur);
  }
  if (lines.length > max) {
    const last = lines[max - 1];
    const ell = shape('…', size, bold)[0];
    let w = last.reduce((s, g) => s + g.advance, 0);
    while (last.length && w + ell.advance > width) w -= last.pop()?.advance ?? 0;
    last.push(ell);
    return lines.slice(0, max);
  }
  return lines;
}

function drawLine(r: Raster, line: Glyphed[], x: number, baseline: number, size: number, c: Rgb) {
  let pen = x;
  for (const g of line) {
    if (g.font) r.fill(g.font.charToGlyph(g.ch).getPath(pen, baseline, size).commands, c);
    pen += g.advance;
  }
}

const lineWidth = (line: Glyphed[]) => line.reduce((s, g) => s + g.advance, 0);

function drawCentered(r: Raster, text: string, baseline: number, size: number, c: Rgb, bold = false) {
  const [line] = wrap(text, size, r.width - 80, bold, 1);
  if (line) drawLine(r, line, (r.width - lineWidth(line)) / 2, baseline, size, c);
}

const RED: Rgb = [183, 28, 28];
const INK: Rgb = [33, 33, 33];
const GREY: Rgb = [90, 90, 90];
const WHITE: Rgb = [255, 255, 255];

/** A4 at 150 dpi. */
export const POSTER_SIZE = { width: 1240, height: 1754 } as const;

function zhDate(iso: string | null): string {
  const d = (iso ?? new Date().toISOString()).slice(0, 10);
  // times are stored in UTC; the date printed is Beijing time's
  const local = iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10) : d;
  const [y, m, day] = local.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

export interface PosterInput {
  orgName: string;
  title: string;
  text: string;
  url: string;
  publishedAt: string | null;
}

/** The printable poster: org band, title, first lines, a large QR code, "微信扫码阅读全文", the date. */
export function renderPoster(p: PosterInput): Buffer {
  const { width, height } = POSTER_SIZE;
  const r = new Raster(width, height);
  const margin = 100;
  // header band with the org's name
  r.rect(0, 0, width, 190, RED);
  drawCentered(r, p.orgName, 92, 52, WHITE, true);
  drawCentered(r, '普法宣传', 156, 36, WHITE);
  // title
  let y = 310;
  for (const line of wrap(p.title, 76, width - 2 * margin, true, 3)) {
    drawLine(r, line, (width - lineWidth(line)) / 2, y, 76, INK);
    y += 100;
  }
  // summary or the first lines
  y += 10;
  for (const line of wrap(p.text, 40, width - 2 * margin, false, 4)) {
    drawLine(r, line, margin, y, 40, GREY);
    y += 60;
  }
  // the QR code, large, in the space left above the footer
  const qr = qrLib().create(p.url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const top = Math.max(y + 40, 760);
  const avail = Math.min(720, height - 260 - top);
  const cell = Math.max(4, Math.floor(avail / (n + 2 * quiet)));
  const side = cell * (n + 2 * quiet);
  const qx = Math.floor((width - side) / 2);
  r.rect(qx, top, side, side, WHITE);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) r.rect(qx + (col + quiet) * cell, top + (row + quiet) * cell, cell, cell, [0, 0, 0]);
    }
  }
  drawCentered(r, '微信扫码阅读全文', top + side + 80, 52, RED, true);
  // footer: the date and the org
  r.rect(margin, height - 130, width - 2 * margin, 2, [220, 220, 220]);
  drawCentered(r, `${p.orgName} · ${zhDate(p.publishedAt)}`, height - 70, 32, GREY);
  return r.png();
}

/**
 * Drawn posters, newest last. Drawing one costs about a second of CPU; a published item never
 * changes (edits need a withdrawal, which changes published_at on republishing), so the key holds
 * everything the picture shows. Bounded: 24 posters of ≈ 0.1–0.3 MB.
 */
const POSTERS = new Map<string, Buffer>();
const POSTER_CACHE_SIZE = 24;

export async function posterPng(ctx: Ctx, id: string, origin: string, villageId?: string): Promise<{ png: Buffer; slug: string }> {
  const r = await loadPublished(ctx, id);
  const v = await villageCode(ctx, r, villageId);
  const url = articleUrl(origin, r.slug, { c: 'qr', v });
  const key = `${id}\n${r.published_at}\n${r.org_name}\n${url}`;
  let png = POSTERS.get(key);
  if (png) POSTERS.delete(key);
  else {
    const text = r.summary || excerpt(r.body_html, 120) || r.title;
    png = renderPoster({ orgName: r.org_name, title: r.title, text, url, publishedAt: r.published_at });
  }
  POSTERS.set(key, png);
  if (POSTERS.size > POSTER_CACHE_SIZE) POSTERS.delete(POSTERS.keys().next().value as string);
  return { png, slug: r.slug };
}

// ——— the copy for the WeChat public-account editor ———

/** Inline styles only: the 公众号 editor drops classes and style sheets. */
const WX_STYLE: Record<string, string> = {
  p: 'margin:0 0 16px;line-height:1.75;text-align:justify;font-size:16px;color:#333;',
  h2: 'margin:28px 0 14px;padding-left:10px;border-left:4px solid #b71c1c;font-size:19px;font-weight:bold;line-height:1.5;color:#b71c1c;',
  h3: 'margin:22px 0 10px;font-size:17px;font-weight:bold;line-height:1.5;color:#333;',
  blockquote: 'margin:16px 0;padding:12px 16px;border-left:4px solid #d9d9d9;background:#f7f7f7;color:#555;font-size:15px;line-height:1.75;',
  ul: 'margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.75;color:#333;',
  ol: 'margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.75;color:#333;',
  li: 'margin:4px 0;',
  strong: 'font-weight:bold;',
  b: 'font-weight:bold;',
  em: 'font-style:italic;',
  i: 'font-style:italic;',
  u: 'text-decoration:underline;',
  a: 'color:#576b95;text-decoration:none;',
  img: 'display:block;max-width:100%;height:auto;margin:12px auto;',
  table: 'width:100%;margin:0 0 16px;border-collapse:collapse;font-size:14px;',
  th: 'padding:6px 8px;border:1px solid #ddd;background:#f5f5f5;font-weight:bold;',
  td: 'padding:6px 8px;border:1px solid #ddd;',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function wechatHtml(bodyHtml: string, origin: string, footer: { orgName: string; url: string }): string {
  const styled = sanitizeHtmlLib()(bodyHtml, {
    allowedTags: Object.keys(WX_STYLE).concat(['br', 'thead', 'tbody', 'tr']),
    allowedAttributes: { '*': ['style'], a: ['href', 'style'], img: ['src', 'alt', 'style'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: Object.fromEntries(
      Object.keys(WX_STYLE).map((tag) => [
        tag,
        (tagName: string, attribs: Record<string, string>) => {
          const out: Record<string, string> = { style: WX_STYLE[tag] };
          if (tag === 'a' && attribs.href) out.href = attribs.href;
          // images as absolute URLs: the editor fetches them from the portal
          if (tag === 'img') Object.assign(out, { src: attribs.src?.startsWith('/') ? `${origin}${attribs.src}` : (attribs.src ?? ''), alt: attribs.alt ?? '' });
          return { tagName, attribs: out };
        },
      ]),
    ),
  });
  const foot = `<p style="margin:24px 0 0;padding-top:12px;border-top:1px solid #eee;font-size:14px;line-height:1.6;color:#888;">来源：${escapeHtml(footer.orgName)} · 阅读原文：<a href="${escapeHtml(footer.url)}" style="color:#576b95;text-decoration:none;">${escapeHtml(footer.url)}</a></p>`;
  return `<section style="font-size:16px;line-height:1.75;color:#333;letter-spacing:0.5px;">${styled}${foot}</section>`;
}

export async function wechatCopy(ctx: Ctx, id: string, origin: string): Promise<TWechatCopy> {
  const r = await loadPublished(ctx, id);
  const url = articleUrl(origin, r.slug, { c: 'wechat_account' });
  // a poster goes in as its image; a video as its summary (the editor takes videos through its own upload)
  const file = r.kind === 'poster' && r.file_id ? `<img src="/portal/f/${r.slug}/${r.file_id}" alt="${escapeHtml(r.title)}">` : '';
  const body = r.kind === 'article' ? (r.body_html ?? '') : `<p>${escapeHtml(r.summary ?? r.title)}</p>${file}`;
  const html = wechatHtml(body, origin, { orgName: r.org_name, url });
  const text = `${r.kind === 'article' ? articleText(body).text : (r.summary ?? r.title)}\n\n来源：${r.org_name} · 阅读原文：${url}`;
  return { html, text };
}
