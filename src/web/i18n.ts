/**
 * The one i18n mechanism of the web app: a dictionary per language composed from every capability's
 * messages (`pages/<cap>/messages.ts`, listed once in `pages/index.ts`), a React context and `useT()`.
 *
 * Every user-visible string goes through `t(key, vars?)`. Keys are typed from the zh-CN messages (the
 * default language); each capability's en-US messages are `Translation<typeof zhCN>`, so a key missing in
 * English is a type error in that file. Two capabilities defining the same key is an error at start-up
 * (and in every browser test). Permission and audit-action labels are not messages: they come with their
 * codes from src/shared/capabilities (components/labels.ts).
 */
import { createContext, createElement, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { KeysOf } from './capability.ts';
import { CAPABILITIES } from './pages/index.ts';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'lianjian.locale';

export type MessageKey = KeysOf<(typeof CAPABILITIES)[number]>;
type Dictionary = Readonly<Record<MessageKey, string>>;

/** Keys defined by more than one capability (an empty list when the dictionaries are sound). */
export function duplicateKeys(locale: Locale = DEFAULT_LOCALE): string[] {
  const owner = new Map<string, string>();
  const dups: string[] = [];
  for (const cap of CAPABILITIES) {
    for (const key of Object.keys(cap.messages[locale])) {
      const first = owner.get(key);
      if (first) dups.push(`${key} (${first}, ${cap.name})`);
      else owner.set(key, cap.name);
    }
  }
  return dups;
}

function compose(locale: Locale): Dictionary {
  const dups = duplicateKeys(locale);
  if (dups.length) throw new Error(`message keys defined twice: ${dups.join(', ')}`);
  return Object.assign({}, ...CAPABILITIES.map((c) => c.messages[locale])) as Dictionary;
}

const zhCN = compose('zh-CN');
const enUS = compose('en-US');

const DICTIONARIES: Record<Locale, Dictionary> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Vars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: Vars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The keys under `prefix` (`audit.entity.` → every entity type with a label), for pickers of codes. */
export function messageKeysUnder(prefix: string): MessageKey[] {
  return (Object.keys(zhCN) as MessageKey[]).filter((k) => k.startsWith(prefix));
}

/** True if `key` is a message key (for keys built at run time, e.g. `role.${role}`). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = DICTIONARIES[locale][key] ?? zhCN[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

function readStoredLocale(): Locale | null {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage may be disabled (private mode); the in-memory choice still applies
  }
}

/** The current UI language outside React (the API client sends it as Accept-Language). */
let currentLocale: Locale = readStoredLocale() ?? DEFAULT_LOCALE;
export function getLocale(): Locale {
  return currentLocale;
}

function applyLocale(locale: Locale): void {
  currentLocale = locale;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.name');
  }
}

interface I18nContextValue {
  locale: Locale;
  /** Switch the UI language immediately and remember it in localStorage. */
  setLocale: (locale: Locale) => void;
  t: TFunction;
}

const I18nContext = createContext<I18nContextValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    applyLocale(currentLocale);
    return currentLocale;
  });
  const setLocale = useCallback((next: Locale) => {
    applyLocale(next);
    storeLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18nContextValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return createElement(I18nContext.Provider, { value }, children);
}

function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT/useLocale must be used inside <I18nProvider>');
  return value;
}

export function useT(): TFunction {
  return useI18n().t;
}

export function useLocale(): Pick<I18nContextValue, 'locale' | 'setLocale'> {
  const { locale, setLocale } = useI18n();
  return { locale, setLocale };
}
