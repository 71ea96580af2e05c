/**
 * For component specs that read English text: the UI language is English during each spec, and the reader's
 * own saved choice is put back afterwards. (A .spec.ts file so only the test build sees it.)
 */
import { LANGUAGE_STORAGE_KEY } from './i18n';

export function englishDuringEachSpec(): void {
  let savedLanguage: string | null;
  beforeEach(() => {
    savedLanguage = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
  });
  afterEach(() => {
    if (savedLanguage === null) localStorage.removeItem(LANGUAGE_STORAGE_KEY);
    else localStorage.setItem(LANGUAGE_STORAGE_KEY, savedLanguage);
  });
}
