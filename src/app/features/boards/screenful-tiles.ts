/**
 * The tiles a board page lays out. In a browser, all of them (the page scrolls; those far from the screen are
 * placeholders, tile-in-view.ts). On a kiosk slide, only the screenful on show: whole rows of the grid, as many as
 * fit between the grid's top and the slide's bottom edge, the others not in the DOM; the slide learns how many
 * screenfuls there are. Call it in an injection context, in a page whose tiles are the `li` of its `.tiles` grid.
 */
import { DestroyRef, ElementRef, type Signal, afterRenderEffect, computed, effect, inject, signal, untracked } from '@angular/core';
import { SlidePaging } from './board-on-screen';
import { type TileGridLayout, screenfulCount, screenfulFit, screenfulRange } from './screenful';

/**
 * Tiles drawn before the grid was first measured: a whole row at the kiosk's sizes (the root font follows the
 * screen's width, so the grid has 3 columns, 4 on a compact board), which is all the measure needs. It runs right
 * after that drawing, before the browser paints, so the guess is never seen.
 */
const TILES_BEFORE_MEASURING = 4;

/** `identity` names a tile (its id): the grid is measured again when other tiles are drawn. */
export function screenfulTiles<T>(tiles: Signal<readonly T[]>, identity: (tile: T) => unknown = (tile) => tile): Signal<readonly T[]> {
  const paging = inject(SlidePaging, { optional: true });
  if (!paging) return tiles;
  const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  const perScreenful = signal(TILES_BEFORE_MEASURING);
  const shown = computed(() => {
    const all = tiles();
    const { start, end } = screenfulRange(paging.page(), all.length, perScreenful());
    return all.slice(start, end);
  });
  // Said again at every step: a slide that comes round again (a one-slide kiosk) keeps its page and its count.
  effect(() => {
    paging.page();
    const count = screenfulCount(tiles().length, perScreenful());
    untracked(() => paging.pageCount.set(count));
  });

  // Something changed size (the screen, a tile's content, the header above the grid): measure again.
  const resized = signal(0);
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => resized.update((n) => n + 1)) : null;
  observer?.observe(host);
  inject(DestroyRef).onDestroy(() => observer?.disconnect());

  // The tallest row seen while this slide shows, at full size: a break never moves back to let a tall row be cut
  // (and two screenfuls of rows of different heights cannot flip the count back and forth). A new screen size
  // starts over.
  let tallest = 0;
  let measuredFor = '';
  // Measured again when other tiles are drawn or a size changes (a tile that grows resizes the page), not at every
  // change of a figure: each measure forces a layout, tens of milliseconds on a TV's processor.
  const drawnTiles = computed(() => shown().map(identity).join());
  afterRenderEffect(() => {
    drawnTiles();
    resized();
    const frame = paging.frame();
    const list = host.querySelector<HTMLElement>('.tiles');
    if (!frame || !list?.children.length) return;
    const size = `${frame.clientWidth}×${frame.clientHeight}`;
    if (size !== measuredFor) {
      measuredFor = size;
      tallest = 0;
      observer?.observe(frame);
    }
    const layout = measureGrid(list, frame);
    tallest = Math.max(tallest, layout.rowHeight);
    const fit = screenfulFit({ ...layout, rowHeight: tallest });
    // Tiles taller than the slide are drawn smaller (CSS zoom scales the rem-sized text, icons and gaps alike).
    const zoom = fit.zoom === 1 ? '' : String(fit.zoom);
    if (list.style.zoom !== zoom) list.style.zoom = zoom;
    perScreenful.set(fit.perScreenful);
  });
  return shown;
}

/**
 * The grid as drawn, at full size: its columns and gaps from its computed style (unzoomed), its rows from the tiles
 * it holds (their boxes are zoomed: divided back by the zoom).
 */
function measureGrid(list: HTMLElement, frame: HTMLElement): TileGridLayout {
  const style = getComputedStyle(list);
  const columns = style.gridTemplateColumns.split(/\s+/).filter((track) => track && track !== 'none').length;
  const zoom = Number.parseFloat(list.style.zoom) || 1;
  const rowHeight = Math.max(...[...list.children].map((tile) => tile.getBoundingClientRect().height)) / zoom;
  return {
    columns: Math.max(1, columns),
    rowHeight,
    rowGap: Number.parseFloat(style.rowGap) || 0,
    height: roomBelow(list, frame),
  };
}

/**
 * From `element`'s top to the slide's content edge (px): the slide's bottom padding is room it keeps free (the
 * kiosk's burn-in shift), so a screenful of tiles or of agent rows ends above it.
 */
export function roomBelow(element: HTMLElement, frame: HTMLElement): number {
  const padding = Number.parseFloat(getComputedStyle(frame).paddingBottom) || 0;
  return frame.getBoundingClientRect().bottom - padding - element.getBoundingClientRect().top;
}
