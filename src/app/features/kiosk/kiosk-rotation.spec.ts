import { boardSlides } from './kiosk-config';
import { MIN_SCREENFUL_SECONDS, burnInOffset, nextPosition, playableSlides, previousPosition, screenfulSeconds } from './kiosk-rotation';

describe('kiosk rotation', () => {
  it('pages through a paged slide before moving on, and wraps round', () => {
    expect(nextPosition({ slide: 0, page: 0 }, 3, 3)).toEqual({ slide: 0, page: 1 });
    expect(nextPosition({ slide: 0, page: 2 }, 3, 3)).toEqual({ slide: 1, page: 0 });
    expect(nextPosition({ slide: 2, page: 0 }, 3, 1)).toEqual({ slide: 0, page: 0 });
  });

  it('steps back a screenful, then to the slide before, wrapping round', () => {
    expect(previousPosition({ slide: 1, page: 2 }, 3)).toEqual({ slide: 1, page: 1 });
    expect(previousPosition({ slide: 1, page: 0 }, 3)).toEqual({ slide: 0, page: 0 });
    expect(previousPosition({ slide: 0, page: 0 }, 3)).toEqual({ slide: 2, page: 0 });
    expect(previousPosition({ slide: 0, page: 0 }, 0)).toEqual({ slide: 0, page: 0 });
  });

  it('counts the seconds per screenful: a slide of five screenfuls at 20 s stays 100 s', () => {
    expect(screenfulSeconds(20, 'screenful', 5)).toBe(20);
    expect(screenfulSeconds(20, 'screenful', 1)).toBe(20);
  });

  it('counts the seconds per slide: its screenfuls share them, each on screen long enough to read', () => {
    // "20 s per page", a slide of 4 screenfuls: 5 s each, 20 s in all.
    expect(screenfulSeconds(20, 'slide', 4)).toBe(5);
    expect(screenfulSeconds(20, 'slide', 1)).toBe(20);
    expect(screenfulSeconds(60, 'slide', 3)).toBe(20);
    // 40 screenfuls in 20 s would be half a second each: each gets the minimum, and the slide takes longer.
    expect(screenfulSeconds(20, 'slide', 40)).toBe(MIN_SCREENFUL_SECONDS);
    // A slide set shorter than the minimum keeps its own time per screenful.
    expect(screenfulSeconds(3, 'slide', 4)).toBe(3);
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
