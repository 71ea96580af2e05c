/** Where the kiosk is in its playlist, and the step after: the pages of a paged slide, then the next slide. */
import type { KioskSlide } from './kiosk-config';

export interface RotationPosition {
  slide: number;
  /** The page within a slide that pages (the agent grid); 0 otherwise. */
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

/**
 * Page breaks for a list of boxes (tiles, as offsets from the top of their scrolling container) on a screen
 * `height` high: each page starts at a row's top and holds the rows that end within it. Always one page at least.
 */
export function pageStarts(boxes: readonly { top: number; bottom: number }[], height: number): number[] {
  const starts = [0];
  for (const box of [...boxes].sort((a, b) => a.top - b.top)) {
    const start = starts[starts.length - 1]!;
    if (box.bottom - start > height && box.top > start) starts.push(box.top);
  }
  return starts;
}
