/** Where the kiosk is in its playlist, and the step after: the pages of a paged slide, then the next slide. */
import type { KioskSlide } from './kiosk-config';

export interface RotationPosition {
  slide: number;
  /** The screenful within a slide taller than the screen (tiles, agents); 0 otherwise. */
  page: number;
}

export function nextPosition(position: RotationPosition, slideCount: number, pageCount: number): RotationPosition {
  if (position.page + 1 < pageCount) return { slide: position.slide, page: position.page + 1 };
  return { slide: slideCount ? (position.slide + 1) % slideCount : 0, page: 0 };
}

/** The slides a kiosk plays: the configured ones whose board it has, else every board's pages in turn. */
export function playableSlides(configured: readonly KioskSlide[], boards: readonly string[], only: string | null, defaults: (board: string) => KioskSlide[]): KioskSlide[] {
  if (only) return boards.includes(only) ? defaults(only) : [];
  const known = configured.filter((slide) => boards.includes(slide.board));
  return known.length ? known : boards.flatMap(defaults);
}

/** A small random shift (px) for burn-in protection, within ±max on each axis. */
export function burnInOffset(random: () => number, max = 4): { x: number; y: number } {
  return { x: Math.round((random() * 2 - 1) * max), y: Math.round((random() * 2 - 1) * max) };
}
