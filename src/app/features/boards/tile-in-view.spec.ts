import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { SlidePaging } from './board-on-screen';
import { TileInView } from './tile-in-view';

/** A board page in miniature: 100 tiles 200 px high in one column, each drawn or a placeholder that would be 20 px. */
@Component({
  imports: [TileInView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ul style="list-style: none; margin: 0; padding: 0">
    @for (tile of tiles; track tile; let i = $index) {
      <li [appTileInView]="i" #place="tileInView" [attr.data-tile]="tile">
        @if (place.drawn()) {
          <div class="drawn" style="height: 200px">{{ tile }}</div>
        } @else {
          <div class="placeholder" style="height: 20px">{{ tile }}</div>
        }
      </li>
    }
  </ul>`,
})
class TilesPage {
  readonly tiles = Array.from({ length: 100 }, (_, i) => i);
}

describe('TileInView', () => {
  let fixture: ComponentFixture<TilesPage>;
  afterEach(() => {
    fixture?.nativeElement.remove();
    window.scrollTo(0, 0);
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 4; i++) {
      await fixture.whenStable();
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  async function page(providers: unknown[] = []) {
    TestBed.configureTestingModule({ providers: providers as never[] });
    fixture = TestBed.createComponent(TilesPage);
    document.body.append(fixture.nativeElement);
    await settle();
    const tile = (n: number) => (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-tile="${n}"]`)!;
    const drawn = (n: number) => tile(n).querySelector('.drawn') !== null;
    return { tile, drawn };
  }

  it('draws the tiles near the screen, and only their names far from it', async () => {
    const { drawn } = await page();
    expect(drawn(0)).toBeTrue();
    expect(drawn(1)).toBeTrue();
    expect(drawn(99)).toBeFalse();
    expect(drawn(60)).toBeFalse();
  });

  it('draws a tile scrolled to, and keeps the height of a tile scrolled away from', async () => {
    const { tile, drawn } = await page();
    tile(80).scrollIntoView();
    await settle();
    expect(drawn(80)).toBeTrue();
    expect(drawn(0)).toBeFalse();
    // Its placeholder would be 20 px: it stands as tall as the tile it stands for, so the page does not jump.
    expect(tile(0).getBoundingClientRect().height).toBe(200);
  });

  it('draws every tile on a kiosk, whose slide shows only its screenful', async () => {
    const { drawn } = await page([{ provide: SlidePaging, useValue: new SlidePaging() }]);
    expect(drawn(99)).toBeTrue();
  });
});
