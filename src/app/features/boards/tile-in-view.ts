/**
 * A board page in a browser draws the tiles near the screen and leaves the others as placeholders: a board of 600
 * tiles changes hundreds of figures a second and only a screenful is seen, so a change to a tile far down the page
 * costs nothing until it is scrolled to. A placeholder keeps the tile's last drawn height (the page does not jump)
 * and its name (find in page and screen readers still list every tile). A kiosk draws its screenful whole.
 */
import { DestroyRef, Directive, ElementRef, Injectable, computed, inject, input, signal } from '@angular/core';
import { SlidePaging } from './board-on-screen';

/** How far beyond the screen a tile is drawn, above and below: scrolling a screen or two never shows a placeholder. */
const DRAWN_BEYOND_SCREEN = '150% 0px';

/** Tiles drawn before the page is first measured: the first screens of the largest screen, so no placeholder flashes. */
const FIRST_DRAWN = 24;

/** One IntersectionObserver for every tile of the page, whichever board page they belong to. */
@Injectable({ providedIn: 'root' })
export class TilesOnScreen {
  private readonly watched = new Map<Element, (near: boolean, height: number) => void>();
  private readonly observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) this.watched.get(entry.target)?.(entry.isIntersecting, entry.boundingClientRect.height);
          },
          { rootMargin: DRAWN_BEYOND_SCREEN },
        )
      : null;

  /** The height of the last tile drawn (0 before any): what a tile never drawn is taken to need. */
  readonly typicalHeight = signal(0);

  /** A drawn tile's height; the typical height moves only on a large difference, so placeholders are not redrawn for a pixel. */
  measured(height: number): void {
    const typical = this.typicalHeight();
    if (!typical || Math.abs(height - typical) > typical / 4) this.typicalHeight.set(Math.round(height));
  }

  /** False where the browser cannot say (no IntersectionObserver): every tile is then drawn. */
  get watching(): boolean {
    return this.observer !== null;
  }

  watch(element: Element, changed: (near: boolean, height: number) => void): void {
    this.watched.set(element, changed);
    this.observer?.observe(element);
  }

  unwatch(element: Element): void {
    this.watched.delete(element);
    this.observer?.unobserve(element);
  }
}

/** On a board page's tile `li`: `drawn()` says whether the tile itself is drawn, or its placeholder. */
@Directive({
  selector: '[appTileInView]',
  exportAs: 'tileInView',
  host: { '[style.height]': 'placeholderHeight()' },
})
export class TileInView {
  /** The tile's place on the page: the first ones are drawn at once. */
  readonly index = input(0, { alias: 'appTileInView' });
  private readonly onKiosk = inject(SlidePaging, { optional: true }) !== null;
  private readonly tiles = inject(TilesOnScreen);
  /** Near the screen, as last reported; null before the first report. */
  private readonly near = signal<boolean | null>(null);
  private readonly lastHeight = signal(0);

  readonly drawn = computed(() => this.onKiosk || !this.tiles.watching || (this.near() ?? this.index() < FIRST_DRAWN));
  /**
   * A placeholder stands as tall as its tile was when last drawn; a tile never drawn, as tall as the tiles drawn so
   * far, or the page's estimate for its density before any was.
   */
  protected readonly placeholderHeight = computed(() => {
    if (this.drawn()) return null;
    const height = this.lastHeight() || this.tiles.typicalHeight();
    return height ? `${height}px` : 'var(--tile-height-estimate, 30rem)';
  });

  constructor() {
    if (this.onKiosk) return;
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    this.tiles.watch(element, (near, height) => {
      // The height as it leaves: still drawn, so it is the tile's own.
      if (this.drawn() && height > 0) {
        this.lastHeight.set(height);
        this.tiles.measured(height);
      }
      this.near.set(near);
    });
    inject(DestroyRef).onDestroy(() => this.tiles.unwatch(element));
  }
}
