import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_KIND_LABELS, type ContentKind } from '../../../common/publicity-enums.ts';
import type { PublicCard, PublicItem, PublicTheme } from '../publicity/content.public.ts';
import type { KeyDateOccurrence } from '../publicity/keydates.service.ts';

/**
 * The portal's pages as typed template functions (no framework, no client JavaScript). Every value is
 * escaped by `esc`; the one exception is an article's body, sanitised by the content service when it
 * was written and again when the page is built (security S12, content.public.ts), inserted as it is.
 */
const CSS = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'portal.css'), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\n+/g, '');

/** The stylesheet's size, for the page-weight test and the docs. */
export const PORTAL_CSS_BYTES = Buffer.byteLength(CSS);

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(v: string | number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v).replace(/[&<>"']/g, (c) => ESC[c]);
}

/** A tagged template that escapes every interpolation except `raw(...)` values. */
class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);
type Part = string | number | null | undefined | Raw | Part[];
function part(v: Part): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(part).join('');
  return esc(v);
}
export function html(strings: TemplateStringsArray, ...values: Part[]): Raw {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new Raw(out);
}

export interface Site {
  /** 县 name, from the org tree's root: "示范县". */
  countyName: string;
}

export interface PageOpts {
  site: Site;
  title: string;
  description?: string;
  /** Large-text mode (适老化) from the cookie. */
  big: boolean;
  /** This page's path, for the large-text toggle to come back to. */
  path: string;
  /** Open Graph type: 'article' for an article page. */
  ogType?: 'website' | 'article';
  ogImage?: string | null;
  main: Raw;
}

export function siteTitle(site: Site): string {
  return `${site.countyName}法治宣传`;
}

export function layout(o: PageOpts): string {
  const title = o.title === siteTitle(o.site) ? o.title : `${o.title} - ${siteTitle(o.site)}`;
  const desc = o.description ?? `${o.site.countyName}普法宣传：法律知识、以案释法、重要普法时间节点。`;
  const toggle = `/portal/prefs?big=${o.big ? 0 : 1}&back=${encodeURIComponent(o.path)}`;
  // Open Graph title and description so a WeChat share shows the article's title, not the URL
  return `<!doctype html>${
    html`<html lang="zh-CN"${raw(o.big ? ' class="big"' : '')}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${desc}">
<meta property="og:title" content="${o.title}">
<meta property="og:description" content="${desc}">
<meta property="og:type" content="${o.ogType ?? 'website'}">
<meta property="og:site_name" content="${siteTitle(o.site)}">
${o.ogImage ? html`<meta property="og:image" content="${o.ogImage}">` : ''}
<style>${raw(CSS)}</style></head>
<body><a class="skip" href="#main">跳到正文</a>
<header class="top"><div class="wrap"><a class="site" href="/portal">${siteTitle(o.site)}</a>
<a class="size" href="${toggle}" data-testid="portal-big">${o.big ? '标准字号' : '大字模式'}</a></div></header>
<main id="main" class="wrap" tabindex="-1">${o.main}</main>
<footer class="wrap"><p>${o.site.countyName}普法宣传 · 本站只统计页面打开次数，不使用第三方统计、不设跟踪 Cookie。</p></footer>
</body></html>`.html
  }`;
}

function themeTags(themes: PublicTheme[]): Raw {
  if (themes.length === 0) return raw('');
  return html`<ul class="tags" aria-label="主题">${themes.map((t) => html`<li><a href="/portal/t/${encodeURIComponent(t.code)}">${t.name}</a></li>`)}</ul>`;
}

const fileUrl = (slug: string, fileId: string) => `/portal/f/${encodeURIComponent(slug)}/${fileId}`;
const kindLabel = (k: string) => CONTENT_KIND_LABELS[k as ContentKind]?.zh ?? '';

function card(c: PublicCard): Raw {
  const href = `/portal/a/${encodeURIComponent(c.slug)}`;
  const image = c.kind === 'poster' && c.file?.mime.startsWith('image/') ? c.file : c.cover?.mime.startsWith('image/') ? c.cover : null;
  return html`<li class="card"><article>
<h3><a href="${href}">${c.title}</a></h3>
<p class="meta">${kindLabel(c.kind)} · ${c.orgName} · <time datetime="${c.publishedOn}">${c.publishedOn}</time></p>
${image ? html`<a href="${href}" tabindex="-1" aria-hidden="true"><img src="${fileUrl(c.slug, image.id)}" alt="${c.kind === 'poster' ? `海报：${c.title}` : ''}" loading="lazy"></a>` : ''}
${c.summary ? html`<p>${c.summary}</p>` : ''}
${c.kind === 'video' ? html`<p><a class="more" href="${href}">播放视频：${c.title}</a></p>` : ''}
${themeTags(c.themes)}
</article></li>`;
}

function cardList(items: PublicCard[]): Raw {
  if (items.length === 0) return html`<p>暂无内容。</p>`;
  return html`<ul class="cards">${items.map(card)}</ul>`;
}

function dateRange(d: KeyDateOccurrence): string {
  const md = (s: string) => `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
  return d.from === d.to ? md(d.from) : `${md(d.from)}—${md(d.to)}`;
}

export function homePage(o: { site: Site; big: boolean; latest: PublicCard[]; keyDates: KeyDateOccurrence[]; themes: (PublicTheme & { count: number })[] }): string {
  const dates = o.keyDates.filter((d) => !d.datesMissing && d.from);
  const main = html`<h1>${siteTitle(o.site)}</h1>
<p class="meta">学法律、用法律：${o.site.countyName}及各乡镇发布的普法文章、海报和视频。</p>
<section aria-labelledby="h-latest"><h2 id="h-latest">最新内容</h2>${cardList(o.latest)}</section>
${
  dates.length
    ? html`<section aria-labelledby="h-dates"><h2 id="h-dates">近期普法时间节点</h2><ul class="dates">${dates.map(
        (d) => html`<li><time datetime="${d.from}">${dateRange(d)}</time> ${d.name}</li>`,
      )}</ul></section>`
    : ''
}
${
  o.themes.length
    ? html`<section aria-labelledby="h-themes"><h2 id="h-themes">按主题浏览</h2><ul class="tags">${o.themes.map(
        (t) => html`<li><a href="/portal/t/${encodeURIComponent(t.code)}">${t.name}（${t.count}）</a></li>`,
      )}</ul></section>`
    : ''
}`;
  return layout({ site: o.site, title: siteTitle(o.site), big: o.big, path: '/portal', main });
}

export function articlePage(o: { site: Site; big: boolean; item: PublicItem }): string {
  const it = o.item;
  const media: Raw[] = [];
  if (it.file?.mime.startsWith('image/')) media.push(html`<img src="${fileUrl(it.slug, it.file.id)}" alt="${`海报：${it.title}`}">`);
  else if (it.file?.mime.startsWith('video/') || it.file?.mime.startsWith('audio/')) {
    const tag = it.file.mime.startsWith('video/') ? 'video' : 'audio';
    const poster = it.cover?.mime.startsWith('image/') ? fileUrl(it.slug, it.cover.id) : null;
    media.push(
      html`${raw(`<${tag}`)} controls preload="none" src="${fileUrl(it.slug, it.file.id)}"${poster ? html` poster="${poster}"` : ''} aria-label="${it.title}">${raw(`</${tag}>`)}<p><a href="${fileUrl(it.slug, it.file.id)}">无法播放？点此打开${tag === 'video' ? '视频' : '音频'}文件</a></p>`,
    );
  } else if (it.cover?.mime.startsWith('image/')) media.push(html`<img src="${fileUrl(it.slug, it.cover.id)}" alt="${`配图：${it.title}`}">`);
  const main = html`<article><h1>${it.title}</h1>
<p class="meta">${kindLabel(it.kind)} · ${it.orgName} · 发布于 <time datetime="${it.publishedOn}">${it.publishedOn}</time></p>
${themeTags(it.themes)}
${it.laws.length ? html`<p class="meta">涉及法律法规：</p><ul class="laws">${it.laws.map((l) => html`<li>${l}</li>`)}</ul>` : ''}
${media.length ? html`<div class="media">${media}</div>` : ''}
${it.summary && !it.bodyHtml ? html`<p>${it.summary}</p>` : ''}
${it.bodyHtml ? html`<div class="body">${raw(it.bodyHtml)}</div>` : ''}
</article>
<p><a href="/portal">← 返回首页</a></p>`;
  const description = it.summary ?? `${it.orgName}发布的普法${kindLabel(it.kind)}`;
  const ogImage = it.file?.mime.startsWith('image/') ? fileUrl(it.slug, it.file.id) : it.cover?.mime.startsWith('image/') ? fileUrl(it.slug, it.cover.id) : null;
  return layout({ site: o.site, title: it.title, description, big: o.big, path: `/portal/a/${encodeURIComponent(it.slug)}`, ogType: 'article', ogImage, main });
}

export function themePage(o: { site: Site; big: boolean; theme: PublicTheme; items: PublicCard[]; page: number; pages: number; total: number }): string {
  const base = `/portal/t/${encodeURIComponent(o.theme.code)}`;
  const main = html`<h1>主题：${o.theme.name}</h1>
<p class="meta">共 ${o.total} 篇${o.pages > 1 ? `，第 ${o.page} / ${o.pages} 页` : ''}</p>
${cardList(o.items)}
${
  o.pages > 1
    ? html`<nav class="pager" aria-label="分页">${o.page > 1 ? html`<a href="${base}?page=${o.page - 1}" rel="prev">← 上一页</a>` : html`<span></span>`}${
        o.page < o.pages ? html`<a href="${base}?page=${o.page + 1}" rel="next">下一页 →</a>` : ''
      }</nav>`
    : ''
}
<p><a href="/portal">← 返回首页</a></p>`;
  return layout({ site: o.site, title: `主题：${o.theme.name}`, big: o.big, path: o.page > 1 ? `${base}?page=${o.page}` : base, main });
}

export function messagePage(o: { site: Site; big: boolean; path: string; title: string; text: string }): string {
  const main = html`<h1>${o.title}</h1><p class="notice">${o.text}</p><p><a href="/portal">← 返回首页</a></p>`;
  return layout({ site: o.site, title: o.title, big: o.big, path: o.path, main });
}
