import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { Lang } from '../../common/errors.ts';
import { en } from './en.ts';
import { type MessageKey, zh } from './zh.ts';

/**
 * A tiny i18n: two flat dictionaries (zh is the source, en must have every key — the type checks it)
 * and a `t()` with `{name}` placeholders. The choice lives in a cookie: not sensitive, survives the
 * logout's Clear-Site-Data "storage", and the server could read it if it ever renders anything.
 */
const DICTS: Record<Lang, Record<MessageKey, string>> = { zh, en };
const COOKIE = 'fazhi_lang';

export function initialLang(): Lang {
  const m = document.cookie.match(/(?:^|;\s*)fazhi_lang=(zh|en)/);
  return m ? (m[1] as Lang) : 'zh';
}

/** The language for code outside React (the API client's Accept-Language). */
let currentLang: Lang = initialLang();
export function getLang(): Lang {
  return currentLang;
}

export type TFunc = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const s = DICTS[lang][key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`)) : s;
}

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t: TFunc;
  /** Pick the label of a {zh, en} pair from common/. */
  label(pair: { zh: string; en: string } | undefined, fallback?: string): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback((l: Lang) => {
    currentLang = l;
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the Cookie Store API is not in every browser a village office uses
    document.cookie = `${COOKIE}=${l}; path=/; max-age=31536000; SameSite=Lax`;
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      label: (pair, fallback = '') => (pair ? pair[lang] : fallback),
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('I18nProvider missing');
  return v;
}

/** The `t()` hook. */
export function useT(): TFunc {
  return useI18n().t;
}

export type { MessageKey };
