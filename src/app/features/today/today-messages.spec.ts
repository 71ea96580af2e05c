import { TODAY_MESSAGES } from './today-messages';

describe('the Today view’s own messages', () => {
  it('have an Italian text for every English key, with the same parameters, none empty', () => {
    const params = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();
    expect(Object.keys(TODAY_MESSAGES.it).sort()).toEqual(Object.keys(TODAY_MESSAGES.en).sort());
    for (const [key, text] of Object.entries(TODAY_MESSAGES.en) as [keyof typeof TODAY_MESSAGES.en, string][]) {
      expect(TODAY_MESSAGES.it[key].trim()).withContext(key).not.toBe('');
      expect(params(TODAY_MESSAGES.it[key])).withContext(key).toBe(params(text));
    }
  });
});
