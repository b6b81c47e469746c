import type sanitizeHtml from 'sanitize-html';
import { sanitizeHtmlLib } from './content.libs.ts';

/**
 * The one sanitiser of article bodies (security S12: "Rich text (普法 articles) goes through a vetted
 * sanitizer"; ASVS5 V1.3.1). sanitize-html (htmlparser2 underneath) with an allow-list: the few
 * tags an article needs, no style, class, on* handler, script, iframe or form; links only
 * http/https/mailto (opened with rel=noopener); images only the portal's own file URLs
 * (/portal/f/<slug>/<fileId>), which the portal serves only while the item is published and the
 * file belongs to it — so an article can never pull a tracker or a foreign image into a villager's
 * phone. Text pasted from Word (MsoNormal paragraphs, <o:p>, conditional comments, <xml> and
 * <style> blocks) comes out as clean paragraphs.
 */
const TAGS = ['p', 'br', 'h2', 'h3', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];

/** /portal/f/<slug>/<uuid>: the only image source an article may hold. */
export const PORTAL_FILE_SRC = /^\/portal\/f\/[0-9A-Za-z]{6,32}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const SAFE_HREF = /^(https?:\/\/|mailto:|\/portal\/)/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Content of these is dropped with the tag (Word's <xml> and <style> blocks would otherwise leave their text).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'xml', 'title', 'head', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'select'],
  transformTags: {
    div: 'p',
    h1: 'h2',
    h4: 'h3',
    h5: 'h3',
    h6: 'h3',
    // a link with any other target (javascript:, data:, tel:, relative) keeps only its text, as an inert <a>
    a: (tagName, attribs) => {
      const href = attribs.href?.trim() ?? '';
      const out: Record<string, string> = SAFE_HREF.test(href) ? { href, rel: 'noopener noreferrer' } : {};
      return { tagName, attribs: out };
    },
  },
  exclusiveFilter: (frame) => {
    if (frame.tag === 'img') return !PORTAL_FILE_SRC.test(frame.attribs.src ?? '');
    // Word leaves empty paragraphs (<p><o:p>&nbsp;</o:p></p>) between the real ones.
    if (frame.tag === 'p') return !frame.text.trim() && !frame.mediaChildren.length;
    return false;
  },
};

export function sanitizeArticle(html: string): string {
  return sanitizeHtmlLib()(html, OPTIONS).trim();
}

const INLINE = /^(b|strong|em|i|u|a|span)$/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * The text of sanitised HTML as a reader sees it (for the publication gate and excerpts): inline
 * tags vanish (<b>138</b>00138000 reads as one number), block tags become line breaks (<br> becomes
 * `br`: the gate reads it as a space), and the attribute values (href, alt) follow, so a number hidden
 * in a link is seen too.
 */
export function articleText(html: string, br = '\n'): { text: string; attributes: string } {
  const attributes: string[] = [];
  const text = html
    .replace(/<\/?([a-zA-Z0-9]+)([^>]*)>/g, (_m, tag: string, attrs: string) => {
      // not src: the sanitiser leaves only /portal/f/<slug>/<uuid> there, whose hex digits are no one's number
      for (const a of attrs.matchAll(/\s(?:href|alt)="([^"]*)"/g)) attributes.push(decode(a[1]));
      return INLINE.test(tag) ? '' : tag.toLowerCase() === 'br' ? br : '\n';
    })
    .replace(/\n{2,}/g, '\n');
  return { text: decode(text).trim(), attributes: attributes.join('\n') };
}

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The first characters of the text, for a summary or the poster when none was written. */
export function excerpt(html: string | null, max = 80): string {
  if (!html) return '';
  const t = articleText(html).text.replace(/\s+/g, ' ').trim();
  return Array.from(t).length > max ? `${Array.from(t).slice(0, max).join('')}…` : t;
}
