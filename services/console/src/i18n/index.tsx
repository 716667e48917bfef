import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zhCN } from './zh-CN';
import { en } from './en';

export type MessageKey = keyof typeof zhCN;
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Vars = Record<string, string | number>;

/** Fills {name} placeholders; an unknown key shows as itself so a gap is visible, not blank. */
export function translate(lang: Lang, key: string, vars?: Vars): string {
  const text = (MESSAGES[lang] as Record<string, string>)[key] ?? (MESSAGES['zh-CN'] as Record<string, string>)[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

export function hasKey(key: string): boolean {
  return key in zhCN;
}

const STORAGE = 'metrodesk.lang';

export function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage refused: fall back to the default
  }
  return 'zh-CN';
}

export type T = (key: MessageKey | string, vars?: Vars) => string;

interface I18n {
  lang: Lang;
  t: T;
  setLang: (l: Lang) => void;
}

const Ctx = createContext<I18n>({ lang: 'zh-CN', t: (k, v) => translate('zh-CN', k, v), setLang: () => undefined });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      globalThis.localStorage?.setItem(STORAGE, l);
    } catch {
      // not persisted; fine for this tab
    }
  }, []);
  // Screen readers pick their voice from <html lang>, also for a language restored from storage.
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (k, v) => translate(lang, k, v) }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);
