import { z } from 'zod';
import { FIELD_MESSAGES, type FieldError, type FieldMessageKey, type Lang } from './errors.ts';
import { isValidIdCard, isValidPhone, normalizeIdCard, normalizePhone } from './identity.ts';

/** Shared primitives: the same rules in the server's validation and the web's forms. */
/** A message key for rules zod cannot phrase: resolved per request language in localizeIssues. */
const msg = (key: FieldMessageKey) => ({ error: `i18n:${key}` });

export function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const zDate = z.string().refine(isRealDate, msg('date_invalid')).describe('YYYY-MM-DD');
export const zMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg('month_invalid'))
  .describe('YYYY-MM');
export const zIdCard = z
  .string()
  .trim()
  .refine(isValidIdCard, msg('id_card_invalid'))
  .transform(normalizeIdCard)
  .describe('居民身份证号码 (GB 11643)');
export const zPhone = z.string().trim().refine(isValidPhone, msg('phone_invalid')).transform(normalizePhone).describe('手机或固定电话');
export const zId = z.string().uuid().describe('UUID');
/** A flag in a query string or a body: true/false/1/0 or a JSON boolean. */
export const zBool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
export const zText = (max: number) => z.string().trim().max(max);
export const zRequiredText = (max: number) => z.string().trim().min(1, msg('required')).max(max);

export const zPage = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

const locales = { zh: z.locales.zhCN(), en: z.locales.en() };

/** Turn zod issues into `{field, message}` in the caller's language. */
export function localizeIssues(issues: readonly z.core.$ZodIssue[], lang: Lang): FieldError[] {
  return issues.map((issue) => {
    const key = issue.message?.startsWith('i18n:') ? (issue.message.slice(5) as FieldMessageKey) : undefined;
    let message: string;
    if (key && FIELD_MESSAGES[key]) message = FIELD_MESSAGES[key][lang];
    else {
      const out = locales[lang].localeError(issue as never);
      message = typeof out === 'string' ? out : (out?.message ?? issue.message);
    }
    return { field: issue.path.map(String).join('.') || '(body)', message };
  });
}
