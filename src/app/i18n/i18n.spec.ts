import { TestBed } from '@angular/core/testing';
import { I18n, LANGUAGE_STORAGE_KEY, languageOfSession } from './i18n';
import { MESSAGES_EN } from './messages-en';
import { MESSAGES_IT } from './messages-it';

describe('I18n', () => {
  let saved: string | null;

  beforeEach(() => {
    saved = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
  });
  afterEach(() => {
    if (saved === null) localStorage.removeItem(LANGUAGE_STORAGE_KEY);
    else localStorage.setItem(LANGUAGE_STORAGE_KEY, saved);
  });

  const create = () => TestBed.inject(I18n);

  describe('language of a SessionUser', () => {
    it('reads IT and it_IT as Italian, EN and en_US as English', () => {
      expect(languageOfSession('IT')).toBe('it');
      expect(languageOfSession('it_IT')).toBe('it');
      expect(languageOfSession('EN')).toBe('en');
      expect(languageOfSession('en_US')).toBe('en');
    });

    it('gives null for a language the wallboard does not speak, or none', () => {
      expect(languageOfSession('de_DE')).toBeNull();
      expect(languageOfSession('')).toBeNull();
      expect(languageOfSession(null)).toBeNull();
      expect(languageOfSession(undefined)).toBeNull();
    });

    it('switches the UI to the language the server keeps for the user who logged in', () => {
      const i18n = create();
      i18n.adoptSessionLanguage('it_IT');
      expect(i18n.language()).toBe('it');
      expect(i18n.t('nav.services')).toBe('Servizi');
      i18n.adoptSessionLanguage('EN');
      expect(i18n.language()).toBe('en');
      expect(i18n.t('nav.services')).toBe('Services');
    });

    it('keeps the current language when the session names one it does not speak', () => {
      const i18n = create();
      i18n.setLanguage('it');
      i18n.adoptSessionLanguage('fr_FR');
      expect(i18n.language()).toBe('it');
    });
  });

  describe('runtime switch', () => {
    it('changes every message at once and remembers the choice in this browser', () => {
      const i18n = create();
      expect(i18n.t('login.submit')).toBe('Sign in');
      i18n.setLanguage('it');
      expect(i18n.t('login.submit')).toBe('Accedi');
      expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('it');
    });

    it('starts in the remembered language', () => {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, 'it');
      expect(create().language()).toBe('it');
    });

    it('ignores a remembered value that is not a language it speaks', () => {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, 'klingon');
      expect(['en', 'it']).toContain(create().language());
    });

    it('sets the lang attribute of the page, for screen readers and hyphenation', () => {
      const i18n = create();
      i18n.setLanguage('it');
      TestBed.tick();
      expect(document.documentElement.getAttribute('lang')).toBe('it');
      i18n.setLanguage('en');
      TestBed.tick();
      expect(document.documentElement.getAttribute('lang')).toBe('en');
    });
  });

  describe('messages', () => {
    it('fills parameters, formatting numbers for the language', () => {
      const i18n = create();
      expect(i18n.t('connection.attempt', { attempt: 3 })).toBe('attempt 3');
      i18n.setLanguage('it');
      expect(i18n.t('live.updatedAt', { time: '14:03:07' })).toBe('aggiornato alle 14:03:07');
    });

    it("picks the singular or plural form by the language's plural rules", () => {
      const i18n = create();
      expect(i18n.plural('agents.count', 1)).toBe('1 agent');
      expect(i18n.plural('agents.count', 0)).toBe('0 agents');
      expect(i18n.plural('agents.count', 30)).toBe('30 agents');
      i18n.setLanguage('it');
      expect(i18n.plural('agents.count', 1)).toBe('1 operatore');
      expect(i18n.plural('agents.count', 12)).toBe('12 operatori');
    });

    it('leaves a placeholder whose parameter is missing visible rather than inventing a value', () => {
      expect(create().t('shell.serverVersion', {})).toBe('RTD Server {version}');
    });

    it('has an Italian text for every English key, and no empty one', () => {
      const keys = Object.keys(MESSAGES_EN);
      expect(Object.keys(MESSAGES_IT).sort()).toEqual(keys.sort());
      for (const key of keys)
        expect(MESSAGES_IT[key as keyof typeof MESSAGES_IT].trim())
          .withContext(key)
          .not.toBe('');
    });

    it('uses the same parameters in both languages', () => {
      const params = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();
      for (const [key, text] of Object.entries(MESSAGES_EN))
        expect(params(MESSAGES_IT[key as keyof typeof MESSAGES_IT]))
          .withContext(key)
          .toBe(params(text));
    });
  });

  describe('numbers', () => {
    it('writes decimals and thousands as each language does', () => {
      const i18n = create();
      expect(i18n.number(12345.5)).toBe('12,345.5');
      i18n.setLanguage('it');
      expect(i18n.number(12345.5)).toBe('12.345,5');
      expect(i18n.number(0.25, { maximumFractionDigits: 2 })).toBe('0,25');
    });

    it('writes counts as whole numbers without grouping, the same in both languages', () => {
      const i18n = create();
      expect(i18n.count(1234)).toBe('1234');
      i18n.setLanguage('it');
      expect(i18n.count(1234)).toBe('1234');
      expect(i18n.count(0)).toBe('0');
    });

    it('writes percentages per language', () => {
      const i18n = create();
      expect(i18n.percent(87.5)).toBe('87.5%');
      i18n.setLanguage('it');
      expect(i18n.percent(87.5)).toMatch(/^87,5\s?%$/);
    });

    it('never writes "-0": nothing abandoned reads 0.0%, and a minus only for what is below zero once rounded', () => {
      const i18n = create();
      expect(i18n.percent(-0)).toBe('0.0%');
      expect(i18n.percent(-0.04)).toBe('0.0%');
      expect(i18n.percent(-0, 0)).toBe('0%');
      expect(i18n.count(-0.4)).toBe('0');
      expect(i18n.number(-0)).toBe('0');
      expect(i18n.percent(-1.5)).toBe('-1.5%');
      expect(i18n.count(-2)).toBe('-2');
      i18n.setLanguage('it');
      expect(i18n.percent(-0)).toMatch(/^0,0\s?%$/);
    });

    it('joins items as a sentence does in each language', () => {
      const i18n = create();
      expect(i18n.list(['a', 'b', 'c'])).toBe('a, b, and c');
      expect(i18n.list(['a'])).toBe('a');
      i18n.setLanguage('it');
      expect(i18n.list(['a', 'b', 'c'])).toBe('a, b e c');
    });

    it('has both plural forms for every counted message, in both languages', () => {
      for (const catalogue of [MESSAGES_EN, MESSAGES_IT]) {
        for (const key of Object.keys(catalogue).filter((k) => k.endsWith('.one'))) {
          expect(Object.keys(catalogue))
            .withContext(key)
            .toContain(key.replace(/\.one$/, '.other'));
        }
      }
    });

    it('shows a dash for a missing value', () => {
      const i18n = create();
      expect(i18n.count(null)).toBe('–');
      expect(i18n.number(undefined)).toBe('–');
      expect(i18n.duration(null)).toBe('–');
    });
  });

  describe('durations and times', () => {
    it('writes seconds as m:ss, and h:mm:ss from an hour on', () => {
      const i18n = create();
      expect(i18n.duration(0)).toBe('0:00');
      expect(i18n.duration(65)).toBe('1:05');
      expect(i18n.duration(599.6)).toBe('10:00');
      expect(i18n.duration(3723)).toBe('1:02:03');
    });

    it('never shows a negative duration', () => {
      expect(create().duration(-5)).toBe('0:00');
    });

    it('says durations in words in each language (Intl unit and list formats)', () => {
      const i18n = create();
      expect(i18n.durationWords(65)).toBe('1 minute, 5 seconds');
      expect(i18n.durationWords(60)).toBe('1 minute');
      expect(i18n.durationWords(0)).toBe('0 seconds');
      i18n.setLanguage('it');
      expect(i18n.durationWords(65)).toBe('1 minuto e 5 secondi');
      expect(i18n.durationWords(3600)).toBe('1 ora');
    });

    it('writes times of day on a 24-hour clock', () => {
      const i18n = create();
      const afternoon = new Date(2026, 0, 15, 14, 3, 7).getTime();
      expect(i18n.time(afternoon)).toBe('14:03:07');
      i18n.setLanguage('it');
      expect(i18n.time(afternoon)).toBe('14:03:07');
    });
  });
});
