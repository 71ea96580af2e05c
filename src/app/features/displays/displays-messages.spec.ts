import { TestBed } from '@angular/core/testing';
import { I18n, type FeatureCatalogues } from '../../i18n/i18n';
import { PAIRING_MESSAGES } from '../kiosk/pairing-messages';
import { DISPLAYS_MESSAGES } from './displays-messages';

describe('the displays’ own messages', () => {
  const catalogues: [string, FeatureCatalogues<string>][] = [
    ['Displays page', DISPLAYS_MESSAGES],
    ['pairing screen', PAIRING_MESSAGES],
  ];

  for (const [name, catalogue] of catalogues) {
    it(`${name}: an Italian text for every English key, with the same parameters, none empty`, () => {
      const params = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();
      expect(Object.keys(catalogue.it).sort()).toEqual(Object.keys(catalogue.en).sort());
      for (const [key, text] of Object.entries(catalogue.en)) {
        expect(catalogue.it[key].trim()).withContext(key).not.toBe('');
        expect(params(catalogue.it[key])).withContext(key).toBe(params(text));
      }
    });
  }

  it('follow the language of the page, with parameters and plurals', () => {
    localStorage.removeItem('rtd-wallboard.language');
    const i18n = TestBed.inject(I18n);
    i18n.setLanguage('it');
    expect(i18n.tFrom(DISPLAYS_MESSAGES, 'displays.paired', { name: 'Piano 2' })).toBe('Piano 2 è associato: tra un attimo inizia a mostrare la sua playlist.');
    expect(i18n.pluralFrom(DISPLAYS_MESSAGES, 'playlists.slides', 1)).toBe('1 pagina');
    i18n.setLanguage('en');
    expect(i18n.pluralFrom(DISPLAYS_MESSAGES, 'playlists.slides', 3)).toBe('3 slides');
    localStorage.removeItem('rtd-wallboard.language');
  });
});
