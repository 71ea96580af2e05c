import { TestBed } from '@angular/core/testing';
import { I18n, LANGUAGE_STORAGE_KEY } from '../../../i18n/i18n';
import { importedMessage } from './import-message';
import { boardSummary } from './board-summary';

describe('boards page messages', () => {
  let saved: string | null;
  let i18n: I18n;
  beforeEach(() => {
    saved = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    i18n = TestBed.inject(I18n);
  });
  afterEach(() => {
    if (saved === null) localStorage.removeItem(LANGUAGE_STORAGE_KEY);
    else localStorage.setItem(LANGUAGE_STORAGE_KEY, saved);
  });

  it('says what an import did in plain words, leaving out what did not happen', () => {
    expect(importedMessage(i18n, 'a.json', { added: 1, renamed: 0, unchanged: 0 })).toBe('Imported a.json: 1 board added.');
    expect(importedMessage(i18n, 'a.json', { added: 0, renamed: 0, unchanged: 2 })).toBe('Imported a.json: 2 boards already saved.');
    expect(importedMessage(i18n, 'a.json', { added: 3, renamed: 1, unchanged: 1 })).toBe(
      'Imported a.json: 2 boards added, 1 board added under a new id (its id was already taken), and 1 board already saved.',
    );
    expect(importedMessage(i18n, 'a.json', { added: 2, renamed: 2, unchanged: 0 })).toBe('Imported a.json: 2 boards added under new ids (theirs were already taken).');
  });

  it('says it in Italian too, with Italian plurals', () => {
    i18n.setLanguage('it');
    expect(importedMessage(i18n, 'a.json', { added: 1, renamed: 0, unchanged: 3 })).toBe('Importato a.json: 1 pannello aggiunto e 3 pannelli già salvati.');
  });

  it('counts a board’s tiles with the right plural for one and for many', () => {
    const codes = (n: number) => ({ CALL: Array.from({ length: n }, (_, i) => `s${i}`), VIDEO: [], CHAT: [] });
    expect(boardSummary(i18n, { services: codes(3), groups: codes(1) })).toBe('3 service tiles, 1 group tile');
    expect(boardSummary(i18n, { services: codes(1), groups: codes(0) })).toBe('1 service tile, 0 group tiles');
    i18n.setLanguage('it');
    expect(boardSummary(i18n, { services: codes(1), groups: codes(2) })).toBe('1 riquadro di servizio, 2 riquadri di gruppo');
  });
});
