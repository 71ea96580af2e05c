import { TestBed } from '@angular/core/testing';
import { I18n, LANGUAGE_STORAGE_KEY } from '../../i18n/i18n';
import { ApiFailure } from '../../wallboard-server/wallboard-api';
import { savedWhen } from './team-board-view';
import { conflictOf } from './team-boards';

describe('team boards in words', () => {
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

  it('says when a save was made: the time today, the date too on another day, in the reader’s language', () => {
    const at = new Date(2026, 11, 3, 18, 20).getTime();
    const iso = new Date(at).toISOString();
    expect(savedWhen(i18n, iso, at + 60_000)).toBe('6:20 PM');
    expect(savedWhen(i18n, iso, at + 2 * 86_400_000)).toMatch(/^12\/3\/26,? 6:20 PM$/);
    i18n.setLanguage('it');
    expect(savedWhen(i18n, iso, at + 60_000)).toBe('18:20');
    expect(savedWhen(i18n, iso, at + 2 * 86_400_000)).toMatch(/^03\/12\/26,? 18:20$/);
    expect(savedWhen(i18n, 'not a time')).toBe('not a time');
  });

  it('reads the board someone else saved out of a version conflict, and nothing out of other refusals', () => {
    const current = { id: 'sales', name: 'Sales', version: 4, updatedBy: 'anna', updatedAt: '2026-12-03T10:00:00.000Z', board: {} };
    expect(conflictOf(new ApiFailure(409, 'VERSION_CONFLICT', 'stale', null, { current }))).toEqual(current as never);
    expect(conflictOf(new ApiFailure(404, 'NOT_FOUND', 'gone'))).toBeNull();
    expect(conflictOf(new ApiFailure(409, 'VERSION_CONFLICT', 'stale', null, {}))).toBeNull();
    expect(conflictOf(new Error('x'))).toBeNull();
  });
});
