/** What a paired display shows and reports, as pure functions of what the server gave it (kiosk-display.ts). */
import type { DisplayPlayback, KioskSlide } from '../../../../contract/playlist-format';

/** Every board a display's playlist names or brought along: a push about one of them means fetch again. */
export function playbackBoardsNamed(playback: DisplayPlayback<{ id: string }>): Set<string> {
  return new Set([...(playback.playlist?.playlist.slides.map((slide) => slide.board) ?? []), ...playback.boards.map((board) => board.id)]);
}

/** The slides a display plays: its playlist's, those whose board came with it (never a board left from before). */
export function displaySlides(playback: DisplayPlayback<{ id: string }>): KioskSlide[] {
  const boards = new Set(playback.boards.map((board) => board.id));
  return playback.playlist?.playlist.slides.filter((slide) => boards.has(slide.board)) ?? [];
}

/** Time left on a pairing code, as a TV shows it: `9:05`; `0:00` once over. */
export function timeLeft(expiresAt: string, now: number): string {
  // Floored: a clock read up to a second late never shows more than the code's ten minutes.
  const seconds = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The slide on screen in words, for the Displays page: `Sales · Agents · 2/3`. */
export function slideReport(board: string, page: string, screenful: { index: number; count: number }): string | null {
  if (!board && !page) return null;
  const parts = [board, page].filter(Boolean);
  if (screenful.count > 1) parts.push(`${screenful.index + 1}/${screenful.count}`);
  return parts.join(' · ');
}

/** Whole seconds since the data on screen was last known good; null before there is any. */
export function dataAge(asOf: number | null, now: number): number | null {
  return asOf === null ? null : Math.max(0, Math.floor((now - asOf) / 1000));
}
