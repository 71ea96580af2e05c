import type { DisplayPlayback } from '../../../../contract/playlist-format';
import { dataAge, displaySlides, playbackBoardsNamed, slideReport, timeLeft } from './kiosk-display-view';

const playback: DisplayPlayback<{ id: string }> = {
  id: 'd1',
  name: 'Floor 2',
  version: 1,
  playlist: {
    id: 'p1',
    name: 'Sales',
    version: 3,
    updatedBy: 'admin',
    updatedAt: '2026-12-03T10:00:00Z',
    playlist: {
      slides: [
        { board: 'sales', page: 'services', seconds: 20 },
        { board: 'gone', page: 'agents', seconds: 20 },
        { board: 'sales', page: 'agents', seconds: 10 },
      ],
      secondsPer: 'screenful',
      sound: true,
      burnIn: true,
      staleSeconds: 15,
      dailyReloadHour: null,
    },
  },
  boards: [{ id: 'sales' }],
};

describe('kiosk display view', () => {
  it('plays only the slides whose board came with the playlist', () => {
    expect(displaySlides(playback).map((slide) => `${slide.board}/${slide.page}`)).toEqual(['sales/services', 'sales/agents']);
  });

  it('plays nothing without a playlist (no fallback to boards left from an earlier one)', () => {
    expect(displaySlides({ ...playback, playlist: null })).toEqual([]);
  });

  it('a board the playlist names is followed even before it exists', () => {
    expect([...playbackBoardsNamed(playback)].sort()).toEqual(['gone', 'sales']);
  });

  it('shows the time left on a code in minutes and seconds, never below zero', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(timeLeft('2026-12-03T10:10:00Z', now)).toBe('10:00');
    expect(timeLeft('2026-12-03T10:00:05.8Z', now)).toBe('0:05');
    expect(timeLeft('2026-12-03T09:59:00Z', now)).toBe('0:00');
  });

  it('says the slide on screen with its screenful when it has several', () => {
    expect(slideReport('Sales', 'Agents', { index: 1, count: 3 })).toBe('Sales · Agents · 2/3');
    expect(slideReport('Sales', 'Services', { index: 0, count: 1 })).toBe('Sales · Services');
    expect(slideReport('', '', { index: 0, count: 1 })).toBeNull();
  });

  it('counts the data age in whole seconds, none before the first data', () => {
    expect(dataAge(null, 10_000)).toBeNull();
    expect(dataAge(7_400, 10_000)).toBe(2);
    expect(dataAge(12_000, 10_000)).toBe(0);
  });
});
