import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { SlidePaging } from './board-on-screen';
import { screenfulTiles } from './screenful-tiles';

/** A board page in miniature: a grid of 3 columns, tiles 50 px high, 10 px between rows. */
@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ul class="tiles">
    @for (tile of screenful(); track tile) {
      <li [style.height.px]="tile === tallTile() ? 110 : 50">{{ tile }}</li>
    }
  </ul>`,
  styles: `
    .tiles {
      display: grid;
      grid-template-columns: repeat(3, 100px);
      row-gap: 10px;
      column-gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
  `,
})
class TilesPage {
  readonly tiles = signal(Array.from({ length: 20 }, (_, i) => i));
  readonly tallTile = signal<number | null>(null);
  readonly screenful = screenfulTiles(this.tiles);
}

describe('screenfulTiles', () => {
  let frame: HTMLElement;
  afterEach(() => frame?.remove());

  async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  /** The page in a kiosk slide's frame `height` px high. */
  async function onKiosk(height: number) {
    frame = document.createElement('div');
    frame.style.cssText = `position: fixed; top: 0; left: 0; width: 400px; height: ${height}px; overflow: hidden;`;
    document.body.append(frame);
    const paging = new SlidePaging();
    paging.frame.set(frame);
    TestBed.configureTestingModule({ providers: [{ provide: SlidePaging, useValue: paging }] });
    const fixture = TestBed.createComponent(TilesPage);
    frame.append(fixture.nativeElement);
    await settle(fixture);
    const drawn = () => [...(fixture.nativeElement as HTMLElement).querySelectorAll('li')].map((li) => Number(li.textContent));
    return { fixture, paging, drawn };
  }

  it('draws only the screenful on show: whole rows that fit above the frame’s bottom edge', async () => {
    // 130 px: two rows of 50 px and a 10 px gap (110 px); a third row would end at 170 px.
    const { paging, drawn } = await onKiosk(130);
    expect(drawn()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(paging.pageCount()).toBe(4);
  });

  it('pages by screenful, the last one holding what is left', async () => {
    const { fixture, paging, drawn } = await onKiosk(130);
    paging.page.set(1);
    await settle(fixture);
    expect(drawn()).toEqual([6, 7, 8, 9, 10, 11]);
    paging.page.set(3);
    await settle(fixture);
    expect(drawn()).toEqual([18, 19]);
  });

  it('fits fewer rows when a row is taller, and never cuts it', async () => {
    const { fixture, paging, drawn } = await onKiosk(130);
    // A 110 px tile makes its row 110 px: with the gap, two such rows need 230 px.
    fixture.componentInstance.tallTile.set(4);
    await settle(fixture);
    expect(drawn()).toEqual([0, 1, 2]);
    expect(paging.pageCount()).toBe(7);
    const bottom = frame.getBoundingClientRect().bottom;
    for (const li of (fixture.nativeElement as HTMLElement).querySelectorAll('li')) expect(li.getBoundingClientRect().bottom).toBeLessThanOrEqual(bottom);
  });

  it('draws a row taller than the frame smaller, so the whole tile (its name with its numbers) is on the screen', async () => {
    const { fixture, paging, drawn } = await onKiosk(80);
    fixture.componentInstance.tallTile.set(1);
    await settle(fixture);
    const list = (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('.tiles')!;
    expect(Number(list.style.zoom)).toBeLessThan(1);
    const bottom = frame.getBoundingClientRect().bottom;
    for (const li of list.querySelectorAll('li')) expect(li.getBoundingClientRect().bottom).toBeLessThanOrEqual(bottom);
    expect(drawn().slice(0, 3)).toEqual([0, 1, 2]);
    expect(drawn().length % 3).toBe(0);
    expect(paging.pageCount()).toBe(Math.ceil(20 / drawn().length));
    // The frame grows: full size again.
    frame.style.height = '400px';
    await settle(fixture);
    expect(list.style.zoom).toBe('');
  });

  it('keeps the frame’s bottom padding free (the kiosk’s room for its burn-in shift)', async () => {
    const { fixture, drawn } = await onKiosk(130);
    // 130 px less 30 px of padding: one row (two need 110 px).
    frame.style.boxSizing = 'border-box';
    frame.style.paddingBottom = '30px';
    frame.style.height = '131px';
    await settle(fixture);
    expect(drawn()).toEqual([0, 1, 2]);
  });

  it('measures again when the frame changes size', async () => {
    const { fixture, drawn } = await onKiosk(130);
    frame.style.height = '200px';
    await settle(fixture);
    expect(drawn()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('draws every tile off a kiosk (a browser page scrolls)', async () => {
    const fixture = TestBed.createComponent(TilesPage);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelectorAll('li').length).toBe(20);
  });
});
