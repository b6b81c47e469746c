import { useCallback } from 'react';
import { BUILTIN_THEME_LABELS, type BuiltinTheme } from '../../../common/publicity-enums.ts';
import { useI18n } from '../../i18n/index.tsx';

const builtin = (code: string | null | undefined) => (code && code in BUILTIN_THEME_LABELS ? BUILTIN_THEME_LABELS[code as BuiltinTheme] : undefined);

/** A theme's or key date's name in the UI language: its English name in English when it has one, else the Chinese. */
export function useLocalName(): (x: { name: string; nameEn?: string | null }) => string {
  const { lang } = useI18n();
  return useCallback((x) => (lang === 'en' && x.nameEn ? x.nameEn : x.name), [lang]);
}

/**
 * A theme by its code (and the name the server sent, if any): a built-in theme in the UI language, an
 * org's own theme by its name, else the code.
 */
export function useThemeName(): (code: string, name?: string | null) => string {
  const { lang } = useI18n();
  return useCallback(
    (code, name) => {
      const b = builtin(code);
      if (lang === 'en' && b) return b.en;
      return name ?? b?.zh ?? code;
    },
    [lang],
  );
}

/** Punctuation around figures and names: full-width （）：； in Chinese, ASCII in English. */
export function usePunct(): { paren: (s: string) => string; colon: string; semi: string } {
  const { lang } = useI18n();
  return lang === 'zh' ? ZH_PUNCT : EN_PUNCT;
}
const ZH_PUNCT = { paren: (s: string) => `（${s}）`, colon: '：', semi: '；' };
const EN_PUNCT = { paren: (s: string) => ` (${s})`, colon: ': ', semi: '; ' };
