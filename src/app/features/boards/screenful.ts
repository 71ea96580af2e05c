/**
 * A kiosk shows a long page one screenful at a time, and draws only the screenful on show. What a screenful holds
 * is worked out from the layout: the grid's columns and the height of a row give whole rows of whole tiles (or of
 * agent rows) per screen, so a break always falls between rows and no tile is ever cut at the bottom edge. A tile
 * taller than the screen (a wide, short TV, a board with many custom stats) is drawn smaller until a row fits.
 */

/** A grid of tiles as laid out on a screen (px). */
export interface TileGridLayout {
  /** The grid's columns (its resolved `grid-template-columns`). */
  columns: number;
  /** The height of a row of tiles: its tallest tile. */
  rowHeight: number;
  /** The space between two rows. */
  rowGap: number;
  /** From the grid's top to the screen's bottom edge. */
  height: number;
}

/** Whole rows that fit in `height`, gaps between them; one at least (screenfulFit scales a row taller than the screen). */
export function rowsPerScreenful(height: number, rowHeight: number, rowGap = 0): number {
  if (!(rowHeight > 0) || !Number.isFinite(height)) return 1;
  // Half a pixel of slack: layout rounds boxes to fractions of a pixel.
  return Math.max(1, Math.floor((height + rowGap + 0.5) / (rowHeight + rowGap)));
}

/** Tiles per screenful: whole rows of the grid's columns. */
export function tilesPerScreenful(layout: TileGridLayout): number {
  return Math.max(1, Math.floor(layout.columns)) * rowsPerScreenful(layout.height, layout.rowHeight, layout.rowGap);
}

/** How a grid of tiles fills a screen: the scale its tiles are drawn at, and how many whole tiles a screenful holds. */
export interface ScreenfulFit {
  /** 1, or less when a row at full size is taller than the screen: the CSS `zoom` of the grid. */
  zoom: number;
  perScreenful: number;
}

/** The smallest scale a tile is drawn at; below it a screen cannot show a tile that can be read. */
const SMALLEST_ZOOM = 0.25;

/**
 * Whole rows of whole tiles at full size when a row fits; otherwise one row, scaled down so that it fits (a tile
 * taller than the screen would show its numbers on one screenful and its name on another). `layout` is measured at
 * full size (a drawn grid's heights divided by its zoom).
 */
export function screenfulFit(layout: TileGridLayout): ScreenfulFit {
  const fits = !(layout.rowHeight > 0) || !Number.isFinite(layout.height) || layout.rowHeight <= layout.height + 0.5;
  // A pixel of slack: a zoomed box rounds to fractions of a pixel, and must not end a fraction below the edge.
  const zoom = fits ? 1 : Math.max(SMALLEST_ZOOM, Math.floor(((layout.height - 1) / layout.rowHeight) * 1000) / 1000);
  return { zoom, perScreenful: tilesPerScreenful({ ...layout, rowHeight: layout.rowHeight * zoom, rowGap: layout.rowGap * zoom }) };
}

/** How many screenfuls `count` items take at `perScreenful` a screen; one at least (an empty page is one screen). */
export function screenfulCount(count: number, perScreenful: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, perScreenful)));
}

/** The items of screenful `page` (past the last screenful: the last), as a [start, end) range. */
export function screenfulRange(page: number, count: number, perScreenful: number): { start: number; end: number } {
  const per = Math.max(1, perScreenful);
  const last = screenfulCount(count, per) - 1;
  const start = Math.min(Math.max(0, page), last) * per;
  return { start, end: Math.min(count, start + per) };
}
