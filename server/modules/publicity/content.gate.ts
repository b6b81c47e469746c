import { FIELD_MESSAGES, type FieldMessageKey, type Lang } from '../../../common/errors.ts';
import { isValidIdCard, maskIdCard, maskPhone } from '../../../common/identity.ts';
import { AppError } from '../../platform/errors.ts';
import { articleText } from './content.sanitize.ts';

/**
 * The publication gate (security S10; PIPL art. 25 — personal information is not made public
 * without separate consent; art. 28 — ID numbers and financial accounts are sensitive; art. 55 —
 * a PIA before publishing). Run at submit and again at publish over the title, the summary, the
 * article's text with its link targets and the laws listed (all shown on the portal): an ID-card number (GB 11643 check character), a mainland
 * mobile number, or a bank-card number (Luhn) refuses the step with a 400 naming the field and
 * showing the match masked (S9), so the author can find it without the number being echoed.
 *
 * No false alarms on what articles legitimately hold: a case number (a 17-digit run, or an
 * 18-digit run whose check character fails) is not an ID; a digit run inside a longer run is not a
 * phone number; a bank card must also begin like one (UnionPay 62/60, Visa 4, Mastercard 51–55,
 * JCB 35, Discover 65) — so 61…, a Shaanxi ID-shaped number that fails its check, is left alone.
 */
export interface GateHit {
  field: string;
  key: FieldMessageKey;
  masked: string;
}

// Digit runs with no digit on either side; separators (space, hyphen) allowed inside phone and card numbers.
const ID_RE = /(?<!\d)(\d{17}[\dXx])(?!\d)/g;
const PHONE_RE = /(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)/g;
const CARD_RE = /(?<!\d)(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?!\d)/g;
const CARD_PREFIX = /^(62|60|65|4|5[1-5]|35)/;

export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Bank cards have no mask function of their own in S9: the first 4 and last 4 digits, as banks print them. */
export function maskBankCard(v: string): string {
  const d = v.replace(/\D/g, '');
  return `${d.slice(0, 4)}${'*'.repeat(Math.max(d.length - 8, 0))}${d.slice(-4)}`;
}

/**
 * The text as a reader reads its digits: full-width forms folded to ASCII (NFKC: １３８ is 138, the
 * ideographic and no-break spaces are spaces, （－） are (-)), invisible characters dropped (zero-width
 * spaces and joiners, the soft hyphen, the BOM), and every dash a hyphen.
 */
export function foldText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g, '')
    .replace(/[\u2010-\u2015\u2212\ufe58\ufe63]/g, '-');
}

/** Digits written apart (1 3 8…, 138.0013.8000, (138)0013-8000) joined: up to 3 separators between two digits, never a line break. */
function compactDigits(s: string): string {
  return s.replace(/(?<=\d)[ \t.()-]{1,3}(?=\d)/g, '');
}

function scanOne(text: string, field: string, hits: GateHit[]): void {
  const has = (key: FieldMessageKey) => hits.some((h) => h.key === key);
  const ids = new Set<string>();
  if (!has('content_has_id_card')) {
    for (const m of text.matchAll(ID_RE)) {
      if (isValidIdCard(m[1])) {
        hits.push({ field, key: 'content_has_id_card', masked: maskIdCard(m[1]) });
        ids.add(m[1]);
        break;
      }
    }
  }
  if (!has('content_has_phone')) {
    for (const m of text.matchAll(PHONE_RE)) {
      hits.push({ field, key: 'content_has_phone', masked: maskPhone(m[1]) });
      break;
    }
  }
  if (!has('content_has_bank_card')) {
    for (const m of text.matchAll(CARD_RE)) {
      const d = m[1].replace(/\D/g, '');
      if (d.length < 16 || d.length > 19 || ids.has(d) || !CARD_PREFIX.test(d) || !luhnOk(d)) continue;
      hits.push({ field, key: 'content_has_bank_card', masked: maskBankCard(d) });
      break;
    }
  }
}

/**
 * The personal data found in one piece of text (first of each kind), as written and with its digits
 * folded and joined: a number is caught however it is typed (full-width, spaced, dotted, with
 * zero-width characters between its digits), since the reader sees the same number either way.
 */
export function scanText(text: string, field: string): GateHit[] {
  const hits: GateHit[] = [];
  const folded = foldText(text);
  for (const t of [folded, compactDigits(folded)]) scanOne(t, field, hits);
  const order: FieldMessageKey[] = ['content_has_id_card', 'content_has_phone', 'content_has_bank_card'];
  return hits.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

/** A link target's percent-encoding undone (?t=%31%33%38… is a number too); a malformed one byte by byte. */
function percentDecoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  }
}

export interface GateInput {
  title: string;
  summary: string | null;
  bodyHtml: string | null;
  /** The laws covered, listed on the portal page too. */
  laws?: readonly string[];
}

export function scanContent(c: GateInput): GateHit[] {
  // a <br> inside a number does not end it for the reader: read as a space (block tags still separate)
  const body = c.bodyHtml ? articleText(c.bodyHtml, ' ') : null;
  return [
    ...scanText(c.title, 'title'),
    ...(c.summary ? scanText(c.summary, 'summary') : []),
    ...(body ? scanText(`${body.text}\n${body.attributes}\n${percentDecoded(body.attributes)}`, 'bodyHtml') : []),
    ...(c.laws ?? []).flatMap((law, i) => scanText(law, `laws.${i}`)),
  ];
}

/** Refuses (400) when anything was found: each field named, the match masked in the message. */
export function enforceGate(c: GateInput, lang: Lang): void {
  const hits = scanContent(c);
  if (hits.length === 0) return;
  throw new AppError(
    'VALIDATION',
    hits.map((h) => ({ field: h.field, message: `${FIELD_MESSAGES[h.key][lang]}${lang === 'zh' ? '：' : ': '}${h.masked}` })),
  );
}
