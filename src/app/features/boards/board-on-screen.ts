/**
 * Who chooses the board a page shows. In the browser it is the URL (`?board=`); on a kiosk it is the slide
 * playing, which provides BOARD_ON_SCREEN, and the pages then leave the URL alone and hide their editing controls.
 */
import { InjectionToken, type Signal, signal } from '@angular/core';
import type { TodaySubject } from '../../../../contract/playlist-format';

export const BOARD_ON_SCREEN = new InjectionToken<Signal<string | null>>('the board a kiosk slide shows');

/**
 * A kiosk slide that pages through a long list (tiles, the agent grid) screenful by screenful instead of shrinking
 * it: the slide says which page shows, the list says how many pages it has at the screen's size (screenful.ts).
 */
export class SlidePaging {
  readonly page = signal(0);
  readonly pageCount = signal(1);
  /** The element the slide is drawn in: a screenful ends at its bottom edge. */
  readonly frame = signal<HTMLElement | null>(null);
}

/** Where a kiosk slide's pages report their critical tiles (by "page kind/tile id"), for the alert sound. */
export const CRITICAL_TILES = new InjectionToken<(source: string, tileIds: readonly string[]) => void>('critical tiles on a kiosk slide');

/**
 * The service or group a kiosk's "today" slide shows (contract/playlist-format.ts), provided to the Today view as
 * BOARD_ON_SCREEN is; in the browser the URL names it. Here, with the kiosk's other tokens, so that the kiosk's first
 * load carries it without a file of its own.
 */
export const TODAY_ON_SCREEN = new InjectionToken<Signal<TodaySubject | null>>('the service or group a today slide shows');

/**
 * Where a kiosk slide's pages report their tiles showing a breach warning ("critical in ~N min"), by "page kind/tile
 * id": a softer sound, once per warning.
 */
export const WARNED_TILES = new InjectionToken<(source: string, tileIds: readonly string[]) => void>('tiles with a breach warning on a kiosk slide');
