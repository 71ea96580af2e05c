import { boardSlides } from './kiosk-config';
import { burnInOffset, nextPosition, playableSlides } from './kiosk-rotation';

describe('kiosk rotation', () => {
  it('pages through a paged slide before moving on, and wraps round', () => {
    expect(nextPosition({ slide: 0, page: 0 }, 3, 3)).toEqual({ slide: 0, page: 1 });
    expect(nextPosition({ slide: 0, page: 2 }, 3, 3)).toEqual({ slide: 1, page: 0 });
    expect(nextPosition({ slide: 2, page: 0 }, 3, 1)).toEqual({ slide: 0, page: 0 });
  });

  it('plays the configured slides whose board it has, else every board, or one board’s pages', () => {
    const configured = [
      { board: 'a', page: 'groups' as const, seconds: 5 },
      { board: 'gone', page: 'services' as const, seconds: 5 },
    ];
    expect(playableSlides(configured, ['a', 'b'], null, (b) => boardSlides(b))).toEqual([configured[0]]);
    expect(playableSlides([], ['a'], null, (b) => boardSlides(b)).length).toBe(3);
    expect(playableSlides(configured, ['a', 'b'], 'b', (b) => boardSlides(b)).map((s) => s.board)).toEqual(['b', 'b', 'b']);
    expect(playableSlides(configured, ['a'], 'missing', (b) => boardSlides(b))).toEqual([]);
  });

  it('shifts a few pixels at most against burn-in', () => {
    expect(burnInOffset(() => 0)).toEqual({ x: -4, y: -4 });
    expect(burnInOffset(() => 0.999)).toEqual({ x: 4, y: 4 });
  });
});
