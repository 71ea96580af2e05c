import { rowsPerScreenful, screenfulCount, screenfulFit, screenfulRange, tilesPerScreenful } from './screenful';

describe('kiosk screenfuls', () => {
  it('fits whole rows of whole tiles: a row that would end below the bottom edge waits for the next screenful', () => {
    // 1080p kiosk: 3 columns of 800 px tiles, 960 px below the grid's top: one row (two would need 1616 px).
    expect(tilesPerScreenful({ columns: 3, rowHeight: 800, rowGap: 16, height: 960 })).toBe(3);
    // Shorter tiles: two rows and their gap fit exactly, a third does not.
    expect(tilesPerScreenful({ columns: 3, rowHeight: 400, rowGap: 16, height: 816 })).toBe(6);
    expect(tilesPerScreenful({ columns: 3, rowHeight: 400, rowGap: 16, height: 815 })).toBe(3);
    // A compact board: 4 columns, 3 rows.
    expect(tilesPerScreenful({ columns: 4, rowHeight: 250, rowGap: 10, height: 800 })).toBe(12);
  });

  it('takes no gap after the last row, and forgives layout rounding by half a pixel', () => {
    expect(rowsPerScreenful(1016, 500, 16)).toBe(2);
    expect(rowsPerScreenful(1015.6, 500, 16)).toBe(2);
    expect(rowsPerScreenful(1015, 500, 16)).toBe(1);
  });

  it('shows one row at least, even of tiles taller than the screen, and a row at least per unmeasured grid', () => {
    expect(rowsPerScreenful(300, 800, 16)).toBe(1);
    expect(tilesPerScreenful({ columns: 3, rowHeight: 800, rowGap: 16, height: -20 })).toBe(3);
    expect(rowsPerScreenful(900, 0)).toBe(1);
    expect(rowsPerScreenful(Number.NaN, 50)).toBe(1);
    expect(tilesPerScreenful({ columns: 0, rowHeight: 100, rowGap: 0, height: 1000 })).toBe(10);
  });

  it('draws tiles at full size while a row fits, and scales a row taller than the screen down until it fits', () => {
    // 1920×1080: a 773 px row in 1010 px: full size, one row of 3.
    expect(screenfulFit({ columns: 3, rowHeight: 773, rowGap: 16, height: 1010 })).toEqual({ zoom: 1, perScreenful: 3 });
    // Exactly the screen's height (within layout rounding): full size.
    expect(screenfulFit({ columns: 3, rowHeight: 1010.4, rowGap: 16, height: 1010 }).zoom).toBe(1);
    // 2560×1080 before the fix: a 1026 px row in 888 px. Drawn at 86.5 %: 887.5 px, one whole row on the screen.
    const wide = screenfulFit({ columns: 3, rowHeight: 1026, rowGap: 32, height: 888 });
    expect(wide.zoom).toBeLessThan(1);
    expect(1026 * wide.zoom).toBeLessThanOrEqual(887);
    expect(1026 * wide.zoom).toBeGreaterThan(880);
    expect(wide.perScreenful).toBe(3);
    // A tile four times the screen's height is drawn at a quarter, never smaller, and stays one row.
    expect(screenfulFit({ columns: 2, rowHeight: 10_000, rowGap: 10, height: 500 })).toEqual({ zoom: 0.25, perScreenful: 2 });
  });

  it('leaves an unmeasured grid at full size', () => {
    expect(screenfulFit({ columns: 3, rowHeight: 0, rowGap: 16, height: 500 })).toEqual({ zoom: 1, perScreenful: 3 });
    expect(screenfulFit({ columns: 3, rowHeight: 400, rowGap: 16, height: Number.NaN })).toEqual({ zoom: 1, perScreenful: 3 });
  });

  it('counts agent rows per screenful from the row height alone', () => {
    // 1080p: 78 px rows, 560 px from the grid's top to the bottom edge.
    expect(rowsPerScreenful(560, 78)).toBe(7);
    expect(rowsPerScreenful(545.5, 78)).toBe(7);
    expect(rowsPerScreenful(545, 78)).toBe(6);
  });

  it('breaks a page into screenfuls that start on row boundaries and cover every tile once', () => {
    const perScreenful = 6;
    const count = 603;
    const pages = screenfulCount(count, perScreenful);
    expect(pages).toBe(101);
    const seen: number[] = [];
    for (let page = 0; page < pages; page++) {
      const { start, end } = screenfulRange(page, count, perScreenful);
      expect(start % perScreenful)
        .withContext(`page ${page} starts on a row`)
        .toBe(0);
      for (let i = start; i < end; i++) seen.push(i);
    }
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(screenfulRange(100, count, perScreenful)).toEqual({ start: 600, end: 603 });
  });

  it('stays on the last screenful when the list shrank under the page on show, and is one screen when empty', () => {
    expect(screenfulRange(9, 10, 3)).toEqual({ start: 9, end: 10 });
    expect(screenfulRange(5, 7, 3)).toEqual({ start: 6, end: 7 });
    expect(screenfulRange(-1, 7, 3)).toEqual({ start: 0, end: 3 });
    expect(screenfulCount(0, 3)).toBe(1);
    expect(screenfulRange(2, 0, 3)).toEqual({ start: 0, end: 0 });
    expect(screenfulCount(7, 0)).toBe(7);
  });
});
