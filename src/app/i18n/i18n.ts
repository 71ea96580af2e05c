/**
 * The translation layer: the UI language as a signal, messages by key, and numbers, durations and times
 * formatted per language with Intl. Templates call `i18n.t('key')`: the call reads the language signal, so a
 * zoneless view re-renders when the language changes.
 */
import { DOCUMENT, Injectable, effect, inject, signal } from '@angular/core';
import type { Language } from '../rtd/generated/graphql';
import { MESSAGES_EN, type MessageCatalogue, type MessageKey, type PluralMessageBase } from './messages-en';
import { MESSAGES_IT } from './messages-it';
import { browserStorage } from '../shared/browser-storage';

export type UiLanguage = 'en' | 'it';
export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'it'];
export type MessageParams = Readonly<Record<string, string | number>>;
/** A feature's own messages in both languages (I18n.tFrom): Italian has every English key. */
export type FeatureCatalogues<K extends string> = Readonly<Record<UiLanguage, Readonly<Record<K, string>>>>;
export type { MessageKey, PluralMessageBase } from './messages-en';

/** Where the user's own choice of language is kept between visits. */
export const LANGUAGE_STORAGE_KEY = 'rtd-wallboard.language';

const CATALOGUES: Record<UiLanguage, MessageCatalogue> = { en: MESSAGES_EN, it: MESSAGES_IT };
const LOCALES: Record<UiLanguage, string> = { en: 'en-US', it: 'it-IT' };
/** Shown where a value is missing: a dash reads as "nothing" in both languages. */
export const NO_VALUE = '–';

/** Options used for every figure, as constants: a formatter is then found by the object, not by its JSON. */
const NO_OPTIONS: Intl.NumberFormatOptions = {};
/**
 * A minus only for a value that is below zero once rounded: nothing abandoned reads "0.0%", never "-0.0%" (a -0
 * from a rounding towards the worse side, or -0.04 shown with one decimal). ES2023's 'negative', not in TS's ES2022 lib.
 */
const NO_NEGATIVE_ZERO = { signDisplay: 'negative' } as unknown as Intl.NumberFormatOptions;
const PLAIN_NUMBER: Intl.NumberFormatOptions = { ...NO_NEGATIVE_ZERO };
const COUNT: Intl.NumberFormatOptions = { maximumFractionDigits: 0, useGrouping: false, ...NO_NEGATIVE_ZERO };
const TWO_DIGITS: Intl.NumberFormatOptions = { minimumIntegerDigits: 2, useGrouping: false };
const LIST: Intl.ListFormatOptions = { type: 'conjunction', style: 'long' };
const PLAIN: Intl.NumberFormatOptions = { useGrouping: false };
const TIME_OF_DAY: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
const PERCENT = [0, 1, 2].map((digits): Intl.NumberFormatOptions => ({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits, ...NO_NEGATIVE_ZERO }));

/** The UI language for a `SessionUser.language` (`IT`, `it_IT`, `EN`, `en_US`); null for anything else. */
export function languageOfSession(language: Language | string | null | undefined): UiLanguage | null {
  const code = (language ?? '').toLowerCase();
  if (code === 'it' || code.startsWith('it_') || code.startsWith('it-')) return 'it';
  if (code === 'en' || code.startsWith('en_') || code.startsWith('en-')) return 'en';
  return null;
}

function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

function initialLanguage(): UiLanguage {
  const stored = browserStorage()?.getItem(LANGUAGE_STORAGE_KEY);
  if (isUiLanguage(stored)) return stored;
  return languageOfSession(globalThis.navigator?.language?.replace('-', '_')) ?? 'en';
}

@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<UiLanguage>(initialLanguage());
  private readonly formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat | Intl.PluralRules>();
  /** The same formatters by options object and locale: a tile's figures format many times a second. */
  private readonly formatsByOptions = new WeakMap<object, Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat | Intl.PluralRules>>();

  readonly language = this.current.asReadonly();

  constructor() {
    effect(() => this.document.documentElement.setAttribute('lang', this.current()));
  }

  /** The user's choice in the toolbar: applied at once and remembered in this browser. */
  setLanguage(language: UiLanguage): void {
    this.current.set(language);
    browserStorage()?.setItem(LANGUAGE_STORAGE_KEY, language);
  }

  /** After a login: the language the server keeps for that user, when it is one the wallboard speaks. */
  adoptSessionLanguage(language: Language | string | null | undefined): void {
    const ui = languageOfSession(language);
    if (ui) this.setLanguage(ui);
  }

  /** The message for `key` in the current language, with `{name}` parameters filled in (numbers formatted). */
  t(key: MessageKey, params?: MessageParams): string {
    return this.fill(CATALOGUES[this.current()][key] ?? MESSAGES_EN[key] ?? key, params);
  }

  /**
   * A message of a feature's own catalogue, loaded with that feature instead of on every page (the Displays page's
   * messages stay out of a kiosk's first load).
   */
  tFrom<K extends string>(catalogues: FeatureCatalogues<K>, key: K, params?: MessageParams): string {
    return this.fill(catalogues[this.current()][key] ?? catalogues.en[key] ?? key, params);
  }

  /** `plural` for a feature's own catalogue: `<base>.one` or `<base>.other`. */
  pluralFrom<K extends string>(catalogues: FeatureCatalogues<K>, base: K extends `${infer Base}.other` ? Base : never, count: number, params: MessageParams = {}): string {
    const rules = this.format('p', NO_OPTIONS, () => new Intl.PluralRules(this.locale()));
    return this.tFrom(catalogues, `${base}.${rules.select(count) === 'one' ? 'one' : 'other'}` as K, { ...params, count });
  }

  private fill(template: string, params?: MessageParams): string {
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.number(value) : value;
    });
  }

  /** A message that depends on `count` ("1 agent" / "2 agents"); `count` is also a parameter. */
  plural(base: PluralMessageBase, count: number, params: MessageParams = {}): string {
    const rules = this.format('p', NO_OPTIONS, () => new Intl.PluralRules(this.locale()));
    const key = `${base}.${rules.select(count) === 'one' ? 'one' : 'other'}` as MessageKey;
    return this.t(key, { ...params, count });
  }

  /** Items joined as a sentence does: "a, b and c" / "a, b e c". */
  list(items: readonly string[]): string {
    return this.format('l', LIST, () => new Intl.ListFormat(this.locale(), LIST)).format(items);
  }

  /** A number as people of the current language write it ("1,234.5" / "1234,5"). */
  number(value: number | null | undefined, options: Intl.NumberFormatOptions = PLAIN_NUMBER): string {
    if (value === null || value === undefined || Number.isNaN(value)) return NO_VALUE;
    return this.format('n', options, () => new Intl.NumberFormat(this.locale(), options)).format(value);
  }

  /**
   * A count of calls or agents: a whole number without digit grouping, so the figure reads the same in every
   * language and on every screen (and equals the raw value the server sent).
   */
  count(value: number | null | undefined): string {
    return this.number(value === null || value === undefined ? value : Math.round(value), COUNT);
  }

  /** A percentage given as 0–100, e.g. "87.5%" / "87,5%". */
  percent(value: number | null | undefined, fractionDigits = 1): string {
    if (value === null || value === undefined || Number.isNaN(value)) return NO_VALUE;
    const options = PERCENT[fractionDigits] ?? { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, ...NO_NEGATIVE_ZERO };
    return this.number(value / 100, options);
  }

  /** A duration in seconds as a clock: "m:ss", or "h:mm:ss" from an hour on. Negative durations show as 0. */
  duration(seconds: number | null | undefined): string {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return NO_VALUE;
    const total = Math.max(0, Math.round(seconds));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const rest = total % 60;
    const two = (n: number) => this.number(n, TWO_DIGITS);
    const plain = (n: number) => this.number(n, PLAIN);
    return hours > 0 ? `${plain(hours)}:${two(minutes)}:${two(rest)}` : `${plain(minutes)}:${two(rest)}`;
  }

  /** A duration in words for people and screen readers: "1 minute, 5 seconds" / "1 minuto e 5 secondi". */
  durationWords(seconds: number | null | undefined): string {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return this.t('kpi.noValue');
    const total = Math.max(0, Math.round(seconds));
    const parts: string[] = [];
    const unit = (value: number, name: 'hour' | 'minute' | 'second') => this.number(value, { style: 'unit', unit: name, unitDisplay: 'long' });
    if (total >= 3600) parts.push(unit(Math.floor(total / 3600), 'hour'));
    if (total % 3600 >= 60) parts.push(unit(Math.floor((total % 3600) / 60), 'minute'));
    if (total % 60 > 0 || parts.length === 0) parts.push(unit(total % 60, 'second'));
    return this.format('l', NO_OPTIONS, () => new Intl.ListFormat(this.locale(), { type: 'unit', style: 'long' })).format(parts);
  }

  /** A time of day with seconds, 24-hour ("14:03:07"). */
  time(epochMs: number | null | undefined): string {
    if (epochMs === null || epochMs === undefined) return NO_VALUE;
    return this.format('t', TIME_OF_DAY, () => new Intl.DateTimeFormat(this.locale(), TIME_OF_DAY)).format(epochMs);
  }

  /** The BCP 47 locale of the current language, for Intl. */
  locale(): string {
    return LOCALES[this.current()];
  }

  /** Intl formatters are costly to build: one per locale, kind and options. */
  private format<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat | Intl.PluralRules>(kind: string, options: object, build: () => F): F {
    const locale = this.locale();
    let byLocale = this.formatsByOptions.get(options);
    if (!byLocale) this.formatsByOptions.set(options, (byLocale = new Map()));
    let formatter = byLocale.get(`${locale}|${kind}`);
    if (!formatter) {
      const key = `${locale}|${kind}|${JSON.stringify(options)}`;
      formatter = this.formats.get(key);
      if (!formatter) this.formats.set(key, (formatter = build()));
      byLocale.set(`${locale}|${kind}`, formatter);
    }
    return formatter as F;
  }
}
