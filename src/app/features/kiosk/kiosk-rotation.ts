/** Where the kiosk is in its playlist, and the step after: the pages of a paged slide, then the next slide. */
import type { KioskSlide, SecondsPer } from './kiosk-config';

/** In a slide timed as a whole, a screenful still shows this long at least: long enough to read it. */
export const MIN_SCREENFUL_SECONDS = 5;

export interface RotationPosition {
  slide: number;
  /** The screenful within a slide taller than the screen (tiles, agents); 0 otherwise. */
  page: number;
}

export function nextPosition(position: RotationPosition, slideCount: number, pageCount: number): RotationPosition {
  if (position.page + 1 < pageCount) return { slide: position.slide, page: position.page + 1 };
  return { slide: slideCount ? (position.slide + 1) % slideCount : 0, page: 0 };
}

/** The step before (a person setting up the TV goes back): the screenful before, else the previous slide's first. */
export function previousPosition(position: RotationPosition, slideCount: number): RotationPosition {
  if (position.page > 0) return { slide: position.slide, page: position.page - 1 };
  return { slide: slideCount ? (position.slide - 1 + slideCount) % slideCount : 0, page: 0 };
}

/**
 * How long one screenful shows. Per screenful: the slide's seconds. Per slide: the slide's seconds shared by its
 * screenfuls, but never under MIN_SCREENFUL_SECONDS (so a slide of many screenfuls takes longer than set).
 */
export function screenfulSeconds(slideSeconds: number, per: SecondsPer, pageCount: number): number {
  if (per === 'screenful') return slideSeconds;
  return Math.max(Math.min(MIN_SCREENFUL_SECONDS, slideSeconds), slideSeconds / Math.max(1, pageCount));
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
